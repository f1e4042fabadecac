"""The knowledge bank of classic interview questions, one YAML file per profession.

Each file is data written for people: the questions interviewers of that profession
really ask, what a correct answer says, the usual misconceptions (a regular expression
for the wrong claim, ``unless`` for the correct statement that shares its words) and the
source of the fact (language specification, official documentation, a code's article).
The evaluator checks every answer against the entries whose ``topic`` occurs in the
question or the answer, whoever asked it; the interview planner picks questions with
``classic_questions``. ``tests/test_scoring_knowledge.py`` validates every file.

File shape::

    profession: python
    title: {ru: ..., en: ...}
    skills: ['\\bpython']       # regexes over requirement words that select this profession
    entries:
      - key: py_list_tuple
        question: {ru: ..., en: ...}
        topic: 'regex'          # question or answer must touch it (optional)
        correct: {ru: ..., en: ...}
        source: '...'
        misconceptions:
          - key: py_list_immutable
            says: 'regex'       # over the lowercased answer, ё folded to е
            unless: 'regex'     # optional
            claim: {ru: ..., en: ...}  # optional: the wrong claim as a candidate would say it,
                                       # matched by meaning (E5) where the wording differs;
                                       # by default a ``wrong`` text in reported speech
                                       # («Ошибка: сказано, что X.») gives X
            severity: high      # high | medium (weak practice) | low (imprecise)
            wrong: {ru: ..., en: ...}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from scoring.evaluation.schema import Severity

KNOWLEDGE_DIR = Path(__file__).resolve().parent


class KnowledgeError(ValueError):
    """A knowledge file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Misconception:
    key: str
    pattern: re.Pattern[str]
    ru: str
    en: str
    severity: Severity = Severity.HIGH
    unless: re.Pattern[str] | None = None
    # When set, the subject may be named in the question and the claim made in the
    # answer ("What is the difference between X and Y?" - "The same thing.").
    topic: re.Pattern[str] | None = None
    correct_ru: str = ""
    correct_en: str = ""
    source: str = ""
    profession: str = ""
    entry: str = ""
    # The wrong claim in plain words (ru, en), for matching by meaning; empty: rules only.
    claim: tuple[str, ...] = ()

    def description(self, english: bool) -> str:
        """The wrong claim and the correct statement, for the red flag."""
        wrong, correct = (self.en, self.correct_en) if english else (self.ru, self.correct_ru)
        if not correct:
            return wrong
        return f"{wrong} {'Correct' if english else 'Верно'}: {correct}"


@dataclass(frozen=True)
class ClassicQuestion:
    key: str
    profession: str
    question_ru: str
    question_en: str
    correct_ru: str
    correct_en: str
    source: str

    def question(self, language: str) -> str:
        return self.question_en if language == "en" else self.question_ru


@dataclass(frozen=True)
class Profession:
    name: str
    title_ru: str
    title_en: str
    skills: tuple[str, ...]
    questions: tuple[ClassicQuestion, ...] = field(default_factory=tuple)
    misconceptions: tuple[Misconception, ...] = field(default_factory=tuple)


def _text(value: object, where: str) -> tuple[str, str]:
    if not isinstance(value, dict) or not value.get("ru") or not value.get("en"):
        raise KnowledgeError(f"{where}: needs ru and en texts")
    return str(value["ru"]).strip(), str(value["en"]).strip()


def _regex(value: object, where: str) -> re.Pattern[str] | None:
    if value in (None, ""):
        return None
    try:  # answers are matched lowercased with ё folded to е, so the patterns are too
        return re.compile(str(value).replace("ё", "е").replace("Ё", "Е"))
    except re.error as exc:
        raise KnowledgeError(f"{where}: bad regular expression: {exc}")


_REPORTED_RU = re.compile(r"^Ошибка: сказано, что (.+?)\.?$")
_REPORTED_EN = re.compile(r"^Wrong: said (?:that )?(.+?)\.?$")


def _reported(ru: str, en: str) -> tuple[str, ...]:
    """A wrong claim written as reported speech («Ошибка: сказано, что X.») is the claim X
    itself, so such rules are matched by meaning without a separate ``claim``."""
    said_ru, said_en = _REPORTED_RU.match(ru), _REPORTED_EN.match(en)
    return (said_ru.group(1), said_en.group(1)) if said_ru and said_en else ()


def _load_file(path: Path) -> Profession:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    name = str(data.get("profession") or path.stem)
    title_ru, title_en = _text(data.get("title"), f"{path.name}: title")
    questions, rules = [], []
    for number, entry in enumerate(data.get("entries") or []):
        key = entry.get("key") or f"{name}_{number}"
        where = f"{path.name}: {key}"
        if not entry.get("source"):
            raise KnowledgeError(f"{where}: every entry says where its fact comes from (source)")
        q_ru, q_en = _text(entry.get("question"), f"{where}: question")
        c_ru, c_en = _text(entry.get("correct"), f"{where}: correct")
        questions.append(ClassicQuestion(key, name, q_ru, q_en, c_ru, c_en, str(entry["source"]).strip()))
        topic = _regex(entry.get("topic"), f"{where}: topic")
        for item in entry.get("misconceptions") or []:
            rule_where = f"{where}: {item.get('key')}"
            pattern = _regex(item.get("says"), f"{rule_where}: says")
            if pattern is None or not item.get("key"):
                raise KnowledgeError(f"{rule_where}: a misconception needs a key and a 'says' pattern")
            w_ru, w_en = _text(item.get("wrong"), f"{rule_where}: wrong")
            claim = _text(item["claim"], f"{rule_where}: claim") if item.get("claim") else _reported(w_ru, w_en)
            if item.get("claim") and not (item.get("topic") or topic):
                raise KnowledgeError(f"{rule_where}: a claim matched by meaning needs a topic")
            if not (item.get("topic") or topic):
                claim = ()
            rules.append(
                Misconception(
                    key=str(item["key"]),
                    pattern=pattern,
                    ru=w_ru,
                    en=w_en,
                    severity=Severity(item.get("severity", "high")),
                    unless=_regex(item.get("unless"), f"{rule_where}: unless"),
                    topic=_regex(item.get("topic"), f"{rule_where}: topic") or topic,
                    correct_ru=c_ru,
                    correct_en=c_en,
                    source=str(entry["source"]).strip(),
                    profession=name,
                    entry=key,
                    claim=claim,
                )
            )
    skills = tuple(str(s).lower() for s in data.get("skills") or [])
    return Profession(name, title_ru, title_en, skills, tuple(questions), tuple(rules))


@cache
def professions() -> tuple[Profession, ...]:
    loaded = tuple(_load_file(p) for p in sorted(KNOWLEDGE_DIR.glob("*.yaml")))
    keys = [r.key for p in loaded for r in p.misconceptions]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise KnowledgeError(f"duplicate misconception keys: {sorted(duplicates)}")
    return loaded


def all_misconceptions() -> tuple[Misconception, ...]:
    return tuple(r for p in professions() for r in p.misconceptions)


def classic_questions(requirements: list[str], *, limit: int = 5) -> list[ClassicQuestion]:
    """For the interview planner: classic questions of the professions a vacancy's
    requirements (or title) name, in file order, at most ``limit``, spread across
    professions so one stack does not take every slot."""
    text = " ".join(requirements).lower().replace("ё", "е")
    chosen = [p for p in professions() if any(re.search(s, text) for s in p.skills)]
    out: list[ClassicQuestion] = []
    for depth in range(max((len(p.questions) for p in chosen), default=0)):
        for profession in chosen:
            if depth < len(profession.questions) and len(out) < limit:
                out.append(profession.questions[depth])
    return out
