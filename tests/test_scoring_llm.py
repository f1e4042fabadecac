"""The LLM evaluation engine through the real provider path: the GigaChat / Yandex SDKs
talk to the local fakes (tests/fakes), the fake answers with a scripted evaluation, and
the assertions look at what reached the provider, what a person would see (verified
quotes, the rule-based recommendation) and what the audit log recorded."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from django.core.management import call_command

from hrcrm.ai import AIUnavailableError
from hrcrm.ai.prompts import DATA_TAG, prompt_version
from hrcrm.models import AIAuditLog
from scoring.evaluation.engines import get_engine
from scoring.evaluation.evaluate import EngineFailed, evaluate_transcript
from scoring.evaluation.llm import PROMPT_NAME, LLMEngine
from scoring.evaluation.schema import CRITERIA, Recommendation, Role, Transcript
from scoring.evaluation.topic import TopicIndex
from scoring.models import Evaluation
from scoring.services import evaluation_run
from tests.conftest import CORPUS
from tests.factories import interview_from_corpus
from tests.fakes import yandex as yandex_fake

CASE = "s01_python_backend_fintech"
CASE_FILE = CORPUS / "interviews" / "transcripts" / CASE / "transcript.json"
INVENTED = "я десять лет руководил отделом разработки в Google"


def _transcript() -> Transcript:
    """The corpus case with the must-haves its interview speaks to: this candidate never
    names Python, and a must-have nobody spoke about cannot be confirmed by any model.
    These tests are about the provider path, not that rule."""
    transcript = Transcript.model_validate_json(CASE_FILE.read_text(encoding="utf-8"))
    covered = [r for r, quotes in _on_topic(transcript).items() if quotes]
    transcript.vacancy.must_have = covered
    return transcript


def _first_candidate_turn(transcript: Transcript) -> tuple[int, str]:
    index = next(i for i, t in enumerate(transcript.turns) if t.role == Role.CANDIDATE)
    return index, transcript.turns[index].text.split(".")[0]


def _sentences(transcript: Transcript) -> list[tuple[int, str]]:
    return [
        (index, sentence.strip())
        for index, turn in enumerate(transcript.turns)
        if turn.role == Role.CANDIDATE
        for sentence in re.split(r"(?<=[.!?])\s+", turn.text)
    ]


def _on_topic(transcript: Transcript) -> dict[str, list[dict[str, Any]]]:
    """For each must-have, the first candidate sentence about it, as a careful model quotes
    it (the code lowers a «confirmed» without such a quote; verify's own tests cover that)."""
    sentences = _sentences(transcript)
    index = TopicIndex([s for _, s in sentences], list(transcript.vacancy.must_have))
    return {
        r: [{"turn_index": i, "quote": s} for i, s in sentences if index.on_topic(s, r)][:1]
        for r in transcript.vacancy.must_have
    }


def _draft_json(
    transcript: Transcript,
    *,
    scores: dict[str, int] | None = None,
    statuses: list[str] | None = None,
    invented: bool = True,
) -> str:
    """A model's evaluation: one real quote per criterion (plus an invented one), the
    requirements echoed back, and a recommendation of its own that must be ignored."""
    index, real = _first_candidate_turn(transcript)
    evidence: list[dict[str, Any]] = [{"turn_index": index, "quote": real}]
    if invented:
        evidence.append({"turn_index": index, "quote": INVENTED})
    must_have = transcript.vacancy.must_have
    statuses = statuses or ["confirmed"] * len(must_have)
    # A careful model quotes, for each requirement, a sentence of the candidate that names
    # it (a confirmed requirement without an on-topic quote is lowered to «not confirmed»
    # by the code, which is tested on its own below).
    on_topic = _on_topic(transcript)
    return json.dumps(
        {
            "language": "ru",
            "criteria": {
                name: {
                    "score": (scores or {}).get(name, 90),
                    "rationale": f"Обоснование {name}",
                    "evidence": evidence if name == "technical_skills" else [evidence[0]],
                }
                for name in CRITERIA
            },
            "requirements": [
                {"requirement": r, "status": s, "note": "", "evidence": on_topic[r] or [evidence[0]]}
                for r, s in zip(must_have, statuses, strict=True)
            ],
            "red_flags": [],
            "summary": "Сильный кандидат.",
            "strengths": ["Идемпотентность платежей"],
            "gaps": [],
            "recommendation": "strongly_recommend",  # not in the schema: the rules decide
        },
        ensure_ascii=False,
    )


@pytest.fixture
def giga_scoring(gigachat, settings):  # type: ignore[no-untyped-def]
    """GigaChat serves scoring only: the per-purpose setting must be enough."""
    settings.AI_PROVIDER = "offline"
    settings.AI_PROVIDER_SCORING = "gigachat"
    return gigachat


def test_an_invented_quote_is_dropped_and_the_rules_decide(giga_scoring, caplog) -> None:  # type: ignore[no-untyped-def]
    transcript = _transcript()
    statuses = ["confirmed"] * len(transcript.vacancy.must_have)
    statuses[-1] = "not_confirmed"  # one unconfirmed must-have caps at «consider»
    giga_scoring.reply(_draft_json(transcript, statuses=statuses))

    engine = get_engine()
    with caplog.at_level(logging.WARNING, logger="scoring.evidence"):
        result = evaluate_transcript(transcript, engine=engine, runs=1)

    assert isinstance(engine, LLMEngine)
    index, real = _first_candidate_turn(transcript)
    assert [(e.turn_index, e.quote) for e in result.criteria.technical_skills.evidence] == [(index, real)]
    assert [(d.where, d.turn_index) for d in result.dropped_quotes] == [("criteria.technical_skills", index)]
    assert INVENTED in caplog.text and "Dropped unverified quote" in caplog.text
    assert result.criteria.technical_skills.score == 90 and result.overall_score == 90
    assert result.recommendation == Recommendation.CONSIDER  # not the model's «strongly_recommend»
    assert any("обязательное" in reason for reason in result.recommendation_reasons)
    assert result.provenance.engine == "llm" and result.provenance.provider == "gigachat"
    assert result.provenance.model == "GigaChat-Pro"
    assert result.provenance.prompt_version == prompt_version(PROMPT_NAME)

    [call] = giga_scoring.calls("/chat/completions")
    system, user = (m["content"] for m in call.json()["messages"])
    assert transcript.turns[1].text not in system  # candidate's words only inside data blocks
    assert f'<{DATA_TAG} label="transcript">' in user and f'<{DATA_TAG} label="resume_summary">' in user
    transcript_block = user.split(f'<{DATA_TAG} label="transcript">', 1)[1].split(f"</{DATA_TAG}>", 1)[0]
    assert f"[{index}] Кандидат: {transcript.turns[index].text}" in transcript_block
    assert "untrusted_data" in system  # the data policy is part of the prompt
    row = AIAuditLog.objects.get(purpose="scoring", operation="structured")
    assert (row.provider, row.prompt_name, row.prompt_version) == ("gigachat", PROMPT_NAME, prompt_version(PROMPT_NAME))
    assert row.ok and row.input_text == "" and row.input_refs == {"part": 1, "parts": 1}


def test_n_runs_are_combined_with_a_spread_per_criterion(giga_scoring) -> None:  # type: ignore[no-untyped-def]
    transcript = _transcript()
    for technical in (60, 85, 70):
        giga_scoring.reply(_draft_json(transcript, scores={"technical_skills": technical}, invented=False))

    result = evaluate_transcript(transcript, engine=get_engine("llm"), runs=3)

    assert result.runs == 3 and len(giga_scoring.calls("/chat/completions")) == 3
    assert result.criteria.technical_skills.score == 70  # the median run
    spread = result.spread["technical_skills"]
    assert (spread.min, spread.max, spread.stdev) == (60, 85, 10.3)
    assert (result.spread["communication"].min, result.spread["communication"].max) == (90, 90)
    assert not result.dropped_quotes


def test_a_failed_later_run_keeps_the_runs_already_made(giga_scoring) -> None:  # type: ignore[no-untyped-def]
    transcript = _transcript()
    good = _draft_json(transcript, invented=False)
    giga_scoring.reply(good, good, "Оценка: отлично.", "Всё ещё не JSON.")  # the third run fails twice

    result = evaluate_transcript(transcript, engine=get_engine("llm"), runs=3)

    assert result.runs == 2 and set(result.spread) == set(CRITERIA)
    assert len(giga_scoring.calls("/chat/completions")) == 4


def test_a_first_run_that_fails_fails_the_evaluation(giga_scoring, settings) -> None:  # type: ignore[no-untyped-def]
    settings.AI_MAX_RETRIES = 0
    giga_scoring.fail_next("500", path="/chat/completions")
    with pytest.raises(EngineFailed) as caught:
        evaluate_transcript(_transcript(), engine=get_engine("llm"), runs=3)
    assert isinstance(caught.value.error, AIUnavailableError)


@pytest.mark.django_db
def test_a_provider_that_is_down_falls_back_to_the_offline_engine(giga_scoring, settings) -> None:  # type: ignore[no-untyped-def]
    giga_scoring.fail_next("503", "503", "503", path="/chat/completions")  # every retry fails
    interview = interview_from_corpus(CASE, "Андрей Тестов")

    evaluation = evaluation_run(interview_id=interview.pk, runs=1)

    assert evaluation.engine == "offline-rules" and evaluation.provider == "offline"
    assert len(giga_scoring.calls("/chat/completions")) == 3
    [row] = AIAuditLog.objects.filter(purpose="scoring")
    assert not row.ok and row.error_type == "AIUnavailableError" and row.attempts == 3
    assert row.fallback_used and row.fallback_to == "offline-rules"
    assert row.input_refs == {"interview_id": interview.pk, "part": 1, "parts": 1}


@pytest.mark.django_db
def test_the_service_stores_an_llm_evaluation_with_its_spread(giga_scoring) -> None:  # type: ignore[no-untyped-def]
    interview = interview_from_corpus(CASE, "Андрей Тестов")
    transcript = _transcript()
    for technical in (80, 90):
        giga_scoring.reply(_draft_json(transcript, scores={"technical_skills": technical}))

    evaluation = evaluation_run(interview_id=interview.pk, runs=2)

    assert Evaluation.objects.get(pk=evaluation.pk).engine == "llm"
    assert (evaluation.provider, evaluation.runs, evaluation.dropped_quotes) == ("gigachat", 2, 2)
    assert evaluation.prompt_version == prompt_version(PROMPT_NAME)
    assert evaluation.spread["technical_skills"]["min"] == 80 and evaluation.spread["technical_skills"]["max"] == 90
    # 85+ everywhere, but the interview never speaks of Python, a must-have of the vacancy:
    # without an on-topic quote it is not confirmed, so not «strongly recommend».
    assert evaluation.recommendation == "recommend"
    refs = list(AIAuditLog.objects.filter(purpose="scoring").values_list("input_refs", flat=True))
    assert refs == [{"interview_id": interview.pk, "part": 1, "parts": 1}] * 2


def test_score_interview_with_the_llm_engine_against_yandex(yandex, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.AI_PROVIDER = "offline"
    settings.AI_PROVIDER_SCORING = "yandexgpt"
    yandex.reply(_draft_json(_transcript()))

    call_command("score_interview", str(CASE_FILE), "--json", "--engine", "llm")

    data = json.loads(capsys.readouterr().out)
    assert set(data["criteria"]) == set(CRITERIA) and data["recommendation"] == "recommend"  # as above
    assert data["provenance"]["provider"] == "yandexgpt" and data["provenance"]["engine"] == "llm"
    assert len(data["dropped_quotes"]) == 1
    [call] = yandex.calls("/chat/completions")
    assert call.json()["model"] == f"gpt://{yandex_fake.FOLDER}/yandexgpt/latest"


def test_score_interview_reports_the_llm_engine_unavailable_without_a_cloud_provider(settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.AI_PROVIDER = "gigachat"  # interviews may use a cloud model ...
    settings.AI_PROVIDER_SCORING = "offline"  # ... while scoring stays on the rules
    with pytest.raises(SystemExit):
        call_command("score_interview", str(CASE_FILE), "--json", "--engine", "llm")
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "engine_unavailable"


def test_score_interview_reports_a_failing_provider(giga_scoring, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    settings.GIGACHAT_CREDENTIALS = "d3Jvbmc6a2V5"  # the OAuth server answers 401
    with pytest.raises(SystemExit):
        call_command("score_interview", str(CASE_FILE), "--json", "--engine", "llm")
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "engine_failed" and "401" in error["message"]
