"""A throw-away chat interview run through the same services as the WebSocket: a
vacancy (and optionally a resume) from files, the candidate's messages from a list, the
transcript out — and nothing left in the database (everything, the AI audit rows
included, is rolled back). Used by ``manage.py interview_dialogue`` and the dialogue bench.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction


class DialogueInputError(Exception):
    """A file the dialogue cannot use; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str, file: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.file = code, message, file


@dataclass
class Dialogue:
    turns: list[dict[str, Any]] = field(default_factory=list)
    finished: bool = False
    # For benches: each turn's stored meta and the engine's final state (not in the CLI output).
    metas: list[dict[str, Any]] = field(default_factory=list)
    state: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {"turns": self.turns, "finished": self.finished}


@dataclass(frozen=True)
class Prompt:
    """What a scripted candidate sees before answering (the bench's personas)."""

    question: str
    topic_kind: str
    requirement: str
    number: int


# A scripted candidate: the answer to the interviewer's last line, "" for silence, None to stop.
ScriptedCandidate = Callable[[Prompt], "str | None"]


class _Rollback(Exception):
    pass


VACANCY_FIELDS = (
    "title",
    "company",
    "description",
    "responsibilities",
    "must_have",
    "nice_to_have",
    "min_experience_years",
    "city",
    "work_format",
    "salary_from",
    "salary_to",
    "currency",
    "language",
)


def load_vacancy(path: Path) -> dict[str, Any]:
    """Vacancy fields from a posting (PDF/DOCX/TXT, parsed like «Создать из файла») or
    from a JSON object with the vacancy's fields."""
    if path.suffix.lower() == ".json":
        data = _read_json(path)
        if not isinstance(data, dict) or not str(data.get("title") or "").strip():
            raise DialogueInputError("invalid_vacancy", "В JSON вакансии нет поля «title».", path.name)
        fields = {k: data[k] for k in VACANCY_FIELDS if data.get(k) not in (None, "")}
        if isinstance(fields.get("responsibilities"), list):
            fields["responsibilities"] = "\n".join(map(str, fields["responsibilities"]))
        if "location" in data and "city" not in fields:
            fields["city"] = str(data["location"] or "")
        return fields
    outcome = _parse(path, kind="vacancy")
    draft = outcome.profile or {}
    if not draft.get("title"):
        raise DialogueInputError("invalid_vacancy", "В файле не найдено название вакансии.", path.name)
    return {
        "title": draft["title"],
        "responsibilities": "\n".join(draft.get("responsibilities") or []),
        "must_have": draft.get("must_have") or [],
        "nice_to_have": draft.get("nice_to_have") or [],
        "min_experience_years": draft.get("min_experience_years") or 0,
        "city": draft.get("location") or "",
        "work_format": draft.get("work_format") or "office",
        "salary_from": draft.get("salary_from"),
        "salary_to": draft.get("salary_to"),
        "currency": draft.get("currency") or "RUB",
        "language": draft.get("language") or "ru",
        "description": outcome.text,
    }


def load_resume(path: Path) -> dict[str, Any]:
    """A parsed profile from a resume file (PDF/DOCX/TXT) or a profile JSON object."""
    if path.suffix.lower() == ".json":
        data = _read_json(path)
        if not isinstance(data, dict):
            raise DialogueInputError("invalid_resume", "JSON резюме должен быть объектом.", path.name)
        return data
    return _parse(path, kind="resume").profile or {}


def load_answers(path: Path) -> list[str]:
    data = _read_json(path)
    if not isinstance(data, list) or not all(isinstance(a, str) for a in data):
        raise DialogueInputError("invalid_answers", "Ответы — это JSON-список строк.", path.name)
    return data


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DialogueInputError("not_found", "Файл не найден.", path.name) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DialogueInputError("invalid_json", f"Файл не читается как JSON: {exc}", path.name) from None


def _parse(path: Path, *, kind: str) -> Any:
    from candidates.intake.process import parse_file
    from vacancies.parsing import parse_vacancy_file

    if not path.is_file():
        raise DialogueInputError("not_found", "Файл не найден.", path.name)
    outcome = parse_vacancy_file(path) if kind == "vacancy" else parse_file(path)
    if not outcome.ok:
        raise DialogueInputError(outcome.error_code, outcome.error_message, path.name)
    return outcome


def run_dialogue(
    *,
    vacancy: dict[str, Any],
    answers: list[str] | ScriptedCandidate,
    profile: dict[str, Any] | None = None,
    language: str | None = None,
    seconds_per_answer: float = 45.0,
    max_messages: int = 60,
) -> Dialogue:
    """Begin, answer each message in turn (``seconds_per_answer`` of interview time
    apart), finish; all inside a transaction that is rolled back at the end.
    ``answers`` is the list of messages, or a scripted candidate that answers each line
    (an empty answer is a silence: the room's silence event)."""
    from candidates import services
    from candidates.models import Candidate, Resume
    from interviews import conduct
    from interviews.models import Interview, Speaker
    from vacancies.models import Vacancy

    result = Dialogue()
    start = 1_000_000.0
    try:
        with transaction.atomic():
            fields = dict(vacancy)
            if language:
                fields["language"] = language
            vac = Vacancy.objects.create(**fields)
            profile = profile or {}
            candidate = Candidate.objects.create(
                full_name=str(profile.get("full_name") or "Кандидат"),
                skills=list(profile.get("skills") or []),
                total_experience_months=profile.get("total_experience_months"),
                desired_position=str(profile.get("desired_position") or profile.get("title") or "")[:200],
            )
            if profile:
                Resume.objects.create(
                    candidate=candidate, profile=profile, is_current=True, original_name="resume", status="done"
                )
            application = services.application_create(candidate=candidate, vacancy=vac, actor=None)
            interview = Interview.objects.create(
                application=application,
                mode="chat",
                language=fields.get("language") or "ru",
                time_budget_minutes=vac.interview_minutes,
            )
            seen: set[int] = set()

            def collect(turns: list[Any]) -> None:
                for turn in turns:
                    if turn.index in seen:
                        continue
                    seen.add(turn.index)
                    interviewer = turn.speaker == Speaker.INTERVIEWER
                    result.turns.append(
                        {
                            "role": "interviewer" if interviewer else "candidate",
                            "text": turn.text,
                            "source": (turn.meta or {}).get("source", "rules") if interviewer else None,
                            "action": turn.action or None,
                        }
                    )
                    result.metas.append(dict(turn.meta or {}))

            collect(conduct.interview_begin(interview_id=interview.pk, now=start))
            script = iter(answers) if isinstance(answers, list) else None
            now = start
            for n in range(max_messages):
                if script is not None:
                    text = next(script, None)
                else:
                    interview.refresh_from_db()
                    state = interview.state or {}
                    topics = state.get("plan", {}).get("topics", [])
                    topic = topics[state["current"]] if state.get("current", 99) < len(topics) else {}
                    asked = next(t["text"] for t in reversed(result.turns) if t["role"] == "interviewer")
                    text = answers(Prompt(asked, topic.get("kind", ""), topic.get("requirement") or "", n))
                if text is None:
                    break
                now += seconds_per_answer
                try:
                    if text.strip():
                        turns = conduct.interview_answer(
                            interview_id=interview.pk, text=text, client_msg_id=f"cli-{n}", now=now
                        )
                    elif script is None:
                        turns = conduct.interview_silence(interview_id=interview.pk, now=now)
                    else:
                        continue
                    collect(turns)
                except conduct.InterviewClosedError:
                    break  # the interviewer finished; the remaining messages are not sent
            interview.refresh_from_db()
            result.finished = interview.status == "completed"
            result.state = interview.state
            raise _Rollback
    except _Rollback:
        pass
    for turn in result.turns:
        if turn["role"] == "candidate":
            turn.pop("source")
    return result
