"""Red flags: attempts to steer the evaluator, known wrong statements, contradictions
with the resume, evasive answers. Each carries verbatim quotes."""

from __future__ import annotations

import re

from scoring.evaluation import markers as mk
from scoring.evaluation.analysis import Answer, Sentence, fold, split_sentences
from scoring.evaluation.quotes import evidence_of
from scoring.evaluation.schema import Polarity, RedFlag, RedFlagType, Severity, Transcript
from scoring.evaluation.skills import SKILLS, skill_pattern
from scoring.evaluation.texts import Texts


def red_flags(transcript: Transcript, answers: list[Answer], texts: Texts) -> list[RedFlag]:
    flags: list[RedFlag] = []
    manipulation = [(a, s) for a in answers for s in a.manipulation]
    if manipulation:
        flags.append(
            RedFlag(
                type=RedFlagType.MANIPULATION,
                severity=Severity.HIGH,
                description=texts.flag_manipulation,
                evidence=[evidence_of(a, s, Polarity.NEGATIVE) for a, s in manipulation[:4]],
            )
        )
    injection = [(a, s) for a in answers for s in a.injection]
    if injection:
        flags.append(
            RedFlag(
                type=RedFlagType.PROMPT_INJECTION,
                severity=Severity.HIGH,
                description=texts.flag_injection,
                evidence=[evidence_of(a, s, Polarity.NEGATIVE) for a, s in injection[:4]],
            )
        )
    flags.extend(misconception_flags(answers, texts))
    flags.extend(_contradictions(transcript, answers, texts))
    flags.extend(stuffing_flags(answers, texts))
    for answer in answers:
        if not answer.evasive or answer.manipulation or answer.injection or answer.stuffed:
            continue
        sentence = evasive_sentence(answer)
        if answer.conditions_pivot:
            description = texts.flag_pivot
        elif answer.n(mk.DIGRESSION):
            description = texts.flag_digression.format(question=short_question(answer.question))
        else:
            description = texts.flag_evasive.format(question=short_question(answer.question))
        flags.append(
            RedFlag(
                type=RedFlagType.EVASIVENESS,
                severity=Severity.MEDIUM,
                description=description,
                evidence=[evidence_of(answer, sentence, Polarity.NEGATIVE)],
            )
        )
    return flags


def misconception_flags(answers: list[Answer], texts: Texts) -> list[RedFlag]:
    """One flag per knowledge-bank misconception heard, with every quote of it and the
    correct statement; the answer to any question is checked, whoever asked it."""
    seen: dict[str, RedFlag] = {}
    for answer in answers:
        for rule, offset in answer.misconceptions:
            evidence = evidence_of(answer, answer.claim_sentence(rule), Polarity.NEGATIVE, focus=offset)
            if rule.key in seen:
                seen[rule.key].evidence.append(evidence)
                continue
            seen[rule.key] = RedFlag(
                type=RedFlagType.WRONG_TECHNICAL_STATEMENT,
                severity=rule.severity,
                description=rule.description(english=not texts.ru),
                evidence=[evidence],
            )
    return list(seen.values())


def evasive_sentence(answer: Answer) -> Sentence:
    for pattern in (mk.CONDITIONS, mk.DEFLECTION, mk.BLAME, mk.DIGRESSION):
        found = [s for s in answer.sentences if pattern.search(s.low) and len(s.text.split()) >= 3]
        if found:
            return found[0]
    return max(answer.sentences, key=lambda s: len(s.text))


def short_question(question: str, limit: int = 110) -> str:
    """The interviewer's actual ask: the last question sentence (a turn often opens with
    a greeting or a remark), shortened."""
    sentences = [s.text.strip() for s in split_sentences(" ".join(question.split()))]
    asks = [i for i, s in enumerate(sentences) if s.endswith("?")] or [len(sentences) - 1]
    last = asks[-1]
    question = sentences[last] if sentences else ""
    if len(question) < 40 and last > 0:  # "Что вы сделали?" needs the sentence before it
        question = f"{sentences[last - 1]} {question}"
    return question if len(question) <= limit else question[: limit - 1].rsplit(" ", 1)[0] + "…"


_DENIAL = re.compile(
    r"не (?:использовал|работал|руководил|писал|настраивал|делал)\w*|никогда не|\bnever\b|haven'?t|no experience|"
    r"нет опыта|didn'?t (?:use|work|lead)"
)


def _contradictions(transcript: Transcript, answers: list[Answer], texts: Texts) -> list[RedFlag]:
    """A skill the resume claims that the candidate says he has not really used."""
    claimed = {name for name in SKILLS if skill_pattern(name).search(fold(transcript.candidate_summary))}
    claimed -= {"project management", "stakeholders", "testing"}  # too broad to contradict
    flags = []
    for name in sorted(claimed):
        for answer in answers:
            hits = [
                s
                for s in answer.sentences_matching(skill_pattern(name))
                if mk.ADMITTED_GAP.search(s.low) and not mk.UNCERTAIN.search(s.low)
            ]
            if (
                hits
                and _DENIAL.search(hits[0].low)
                and all(e.quote != hits[0].text.strip() for f in flags for e in f.evidence)
            ):
                flags.append(
                    RedFlag(
                        type=RedFlagType.CONTRADICTION_WITH_RESUME,
                        severity=Severity.MEDIUM,
                        description=texts.flag_contradiction.format(skill=name),
                        evidence=[evidence_of(answer, hits[0], Polarity.NEGATIVE)],
                    )
                )
                break
    return flags


def stuffing_flags(answers: list[Answer], texts: Texts) -> list[RedFlag]:
    """The vacancy's words said back instead of answers: one flag for the interview, quoting
    the emptiest sentences. One such answer may be a nervous opening; two make a pattern."""
    stuffed = [a for a in answers if a.stuffed]
    if len(stuffed) < 2:
        return []
    quotes = []
    for answer in stuffed[:4]:
        sentence = max(
            answer.sentences,
            key=lambda s: (len(s.text.split()) >= 4, mk.count(mk.NUMBER_WORDS, s.low) == 0, len(s.text)),
        )
        quotes.append(evidence_of(answer, sentence, Polarity.NEGATIVE))
    return [
        RedFlag(
            type=RedFlagType.KEYWORD_STUFFING,
            severity=Severity.HIGH,
            description=texts.flag_stuffing.format(count=len(stuffed), total=len(answers)),
            evidence=quotes,
        )
    ]
