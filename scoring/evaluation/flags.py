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
    flags.extend(self_contradictions([a for a in answers if not a.is_closing], texts))
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


_TOLD_OTHERWISE = re.compile(
    r"(?:мне|меня)\s+(?:\w+\s+){0,2}?(?:делал\w*|ревьюил\w*|проверял\w*|настраивал\w*|ставил\w*)"
    r"|\bформально\s+нет\b|\bна самом деле\b|\bесли честно\b|\bto be honest\b|\bactually\b|\bnot (?:officially|formally)\b"
)
_JOINED = re.compile(
    r"(?:пришел|пришла|начал\w*|устроил\w*|joined|started)[^.?!]{0,60}?(\d+(?:[.,]\d+)?|[а-яa-z]+)\s+"
    r"(?:лет|года?|years?)\s+(?:назад|ago)|(\d+(?:[.,]\d+)?|[а-яa-z]+)\s+(?:лет|года?|years?)\s+(?:назад|ago)"
    r"[^.?!]{0,40}(?:пришел|пришла|начал\w*|устроил\w*|joined|started|джуном|junior)"
)


def self_contradictions(answers: list[Answer], texts: Texts) -> list[RedFlag]:
    """A later answer that takes back an earlier claim: the work he said he did was
    done by someone else ("I reviewed the team's code" — "the lead reviewed mine"), or
    the years he claimed do not fit when he says he started. Both quotes are shown."""
    from scoring.evaluation.analysis import years_mentioned
    from scoring.evaluation.substance import _DISCLAIMER, content_stems

    claims: list[tuple[Answer, Sentence, set[str]]] = []
    flags: list[RedFlag] = []
    claimed_years = None
    for answer in answers:
        question = set(content_stems(answer.question_low))
        for sentence in answer.sentences:
            stems = {s for s in content_stems(sentence.low) if len(s) >= 5}
            # Only an explicit taking-back counts ("ревью мне делал тимлид", "сам не писал");
            # "the team wanted X" is ordinary talk about colleagues.
            retracts = bool(_TOLD_OTHERWISE.search(sentence.low) or _DISCLAIMER.search(sentence.low))
            if retracts:
                strong = bool(_TOLD_OTHERWISE.search(sentence.low))
                for earlier, said, said_stems in claims:
                    # A plain "I didn't" must share words with the claim; "actually, the lead
                    # reviewed mine" may lean on the question it answers.
                    if earlier.index < answer.index and said_stems & (stems | (question if strong else set())):
                        flags.append(_contradiction_flag(texts, earlier, said, answer, sentence))
                        break
            elif re.search(r"\b(?:я|i)\b", sentence.low) and not mk.ADMITTED_GAP.search(sentence.low):
                claims.append((answer, sentence, stems))
            joined = _JOINED.search(sentence.low)
            if joined and claimed_years:
                token = next(g for g in joined.groups() if g)
                ago = years_mentioned(f"{token} лет")
                earlier, said, years = claimed_years
                if ago and years - ago[0] >= 1.5:
                    flags.append(_contradiction_flag(texts, earlier, said, answer, sentence))
            if claimed_years is None and (found := years_mentioned(sentence.text)):
                if re.search(r"опыт|стаж|коммерческ|разработк|работаю|experience|commercial", sentence.low):
                    claimed_years = (answer, sentence, max(found))
    unique: dict[tuple[int, int], RedFlag] = {}
    for flag in flags:
        unique.setdefault((flag.evidence[0].turn_index, flag.evidence[1].turn_index), flag)
    return list(unique.values())[:3]


def _contradiction_flag(texts: Texts, earlier: Answer, said: Sentence, later: Answer, taken_back: Sentence) -> RedFlag:
    return RedFlag(
        type=RedFlagType.SELF_CONTRADICTION,
        severity=Severity.HIGH,
        description=texts.flag_self_contradiction,
        evidence=[evidence_of(earlier, said, Polarity.NEGATIVE), evidence_of(later, taken_back, Polarity.NEGATIVE)],
    )
