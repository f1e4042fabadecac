"""The offline engine: readable rules that score an interview without any model.

How it judges (each step is a small function below):
1. ``analysis`` reads every answer: how concrete it is (technologies, numbers, actions,
   reasons, alternatives, results), hedges, admitted gaps, deflections, re-asked
   questions, known wrong statements, attempts to steer the evaluator.
2. Each must-have is tied to the answers that talk about it (skill dictionary, or the
   requirement's own words) and judged from those sentences only; years of experience
   come from what the candidate said, else from the resume summary.
3. Five criteria are computed from those signals with the weights written out in
   ``_score_*``. They are independent: an integrity violation lowers cultural_fit and
   communication, never technical_skills.
4. Evidence quotes are sentences sliced from the candidate's turns, so they are verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import mean

from scoring.evaluation import markers as mk
from scoring.evaluation.analysis import Answer, Sentence, answers_of, fold, language_of, years_mentioned
from scoring.evaluation.misconceptions import Misconception
from scoring.evaluation.schema import (
    Criteria,
    CriterionScore,
    EvaluationDraft,
    Evidence,
    Polarity,
    RedFlag,
    RedFlagType,
    RequirementAssessment,
    RequirementStatus,
    Severity,
    Transcript,
)
from scoring.evaluation.skills import SKILLS, requirement_skills, skill_pattern
from scoring.evaluation.texts import Texts

ENGINE = "offline-rules"
MODEL = "rules-v1"
PROMPT_VERSION = "offline-1"

_STOP = set(
    "опыт опыта от до лет года год работа работы с и или в на по для знание уверенное базовом уровне практике "
    "умение навыки of in on and or with for years year experience working knowledge level strong solid good "
    "production commercial коммерческой разработки development".split()
)
_QUOTE_MAX = 190


def _clamp(value: float, low: float = 0, high: float = 100) -> int:
    return int(round(max(low, min(high, value))))


# --- quotes ------------------------------------------------------------------------------
def _snippet(sentence: Sentence, focus: int | None = None) -> str:
    """A verbatim piece of ``sentence``: whole when short, else the clauses around ``focus``."""
    text = sentence.text.strip()
    if len(text) <= _QUOTE_MAX:
        return text
    focus = 0 if focus is None else max(0, focus - sentence.start)
    cuts = [0] + [m.end() for m in re.finditer(r"[,;:—–]\s", sentence.text)] + [len(sentence.text)]
    start = max(c for c in cuts if c <= focus) if focus < len(sentence.text) else 0
    end = next((c for c in cuts if c > start + 60), len(sentence.text))
    while end - start > _QUOTE_MAX and end > start + 60:
        end = max(c for c in cuts if c < end) if any(start + 40 < c < end for c in cuts) else start + _QUOTE_MAX
    return sentence.text[start:end].strip(" ,;:—–")


def _ev(answer: Answer, sentence: Sentence, polarity: Polarity, focus: int | None = None) -> Evidence:
    return Evidence(turn_index=answer.index, quote=_snippet(sentence, focus), polarity=polarity)


def _best(
    answers: list[Answer], key: callable, polarity: Polarity, limit: int = 3, min_key: float = 0.5
) -> list[Evidence]:  # type: ignore[valid-type]
    scored = [(key(a, s), a, s) for a in answers for s in a.sentences]
    scored = [item for item in scored if item[0] >= min_key and len(item[2].text.split()) >= 4]
    scored.sort(key=lambda item: -item[0])
    out, used = [], set()
    for _, answer, sentence in scored:
        if answer.index in used:  # one quote per turn keeps the evidence varied
            continue
        used.add(answer.index)
        out.append(_ev(answer, sentence, polarity))
        if len(out) == limit:
            break
    return out


# --- requirements ------------------------------------------------------------------------
def _requirement_pattern(requirement: str) -> re.Pattern[str] | None:
    skills = requirement_skills(requirement)
    if skills:
        return re.compile("|".join(skill_pattern(name).pattern for name in sorted(skills)))
    low = fold(requirement)
    names = [rf"\b{re.escape(w)}\b" for w in re.findall(r"[a-z][a-z0-9+#.]*[a-z0-9+#]", low) if w not in _STOP]
    stems = list(dict.fromkeys(re.escape(w[:6]) for w in re.findall(r"[а-я]{5,}", low) if w not in _STOP))
    if names or len(stems) < 2:
        # A tool name is specific enough alone, and so is a single remaining word.
        return re.compile("|".join(names + stems)) if names or stems else None
    # Common words ("опыт в мобильных продуктах"): two of them must occur together.
    pairs = [rf"(?=[\s\S]*{a})(?=[\s\S]*{b})" for i, a in enumerate(stems) for b in stems[i + 1 :]]
    return re.compile("^(?:" + "|".join(pairs) + ")")


def _sentence_negative(answer: Answer, sentence: Sentence) -> bool:
    end = sentence.start + len(sentence.text)
    wrong = any(sentence.start <= offset < end for _, offset in answer.misconceptions)
    return wrong or bool(
        mk.ADMITTED_GAP.search(sentence.low) or mk.DEFLECTION.search(sentence.low) or mk.UNCERTAIN.search(sentence.low)
    )


def _answer_value(answer: Answer, pattern: re.Pattern[str]) -> tuple[float, list[Sentence], list[Sentence]]:
    """1 = supports the requirement, 0.5 = partly / in passing, 0 = shows it is missing."""
    mentioned = answer.sentences_matching(pattern)
    if not mentioned:  # asked about it directly: the whole answer is the evidence
        mentioned = answer.sentences
    good = [s for s in mentioned if not _sentence_negative(answer, s)]
    bad = [s for s in mentioned if _sentence_negative(answer, s)]
    in_scope = {id(s) for s in mentioned}
    serious = any(
        r.severity == Severity.HIGH and id(answer.sentence_at(offset)) in in_scope
        for r, offset in answer.misconceptions
    )
    if serious:  # a clear error about the very subject outweighs anything said beside it
        value = 0.0
    elif bad and good:
        value = 0.5
    elif bad:
        value = 0.0
    else:
        # A passing mention in a list is not proof: the sentences about it must say something.
        said = sum(len(s.text.split()) for s in good)
        value = 1.0 if answer.substance >= 0.45 and said >= 15 else 0.5
    if answer.evasive:
        value = min(value, 0.5)
    return value, good, bad


@dataclass
class _Experience:
    required: float
    stated: float | None


def _experience(transcript: Transcript, answers: list[Answer]) -> _Experience:
    said = [y for a in answers for y in years_mentioned(a.text)]
    summary = years_mentioned(transcript.candidate_summary)
    stated = max(said) if said else (max(summary) if summary else None)
    return _Experience(transcript.vacancy.min_experience_years, stated)


def _assess_requirement(
    requirement: str, answers: list[Answer], experience: _Experience, texts: Texts
) -> RequirementAssessment:
    if _LANGUAGE_REQUIREMENT.search(fold(requirement)):
        return _assess_language(requirement, answers, texts)
    pattern = _requirement_pattern(requirement)
    related = [] if pattern is None else [a for a in answers if pattern.search(a.low) or pattern.search(a.question_low)]
    related = [a for a in related if not a.is_closing]
    required_years = max(years_mentioned(requirement), default=0)
    if not related:
        return RequirementAssessment(
            requirement=requirement, status=RequirementStatus.NOT_ASSESSED, note=texts.not_discussed
        )
    values, evidence = [], []
    for answer in related:
        value, good, bad = _answer_value(answer, pattern)  # type: ignore[arg-type]
        values.append(value)
        if bad:
            evidence.append(_ev(answer, max(bad, key=lambda s: len(s.text)), Polarity.NEGATIVE))
        elif good and value >= 0.5:
            evidence.append(_ev(answer, max(good, key=lambda s: len(s.text)), Polarity.POSITIVE))
    level = mean(values)
    if level >= 0.75:
        status, note = RequirementStatus.CONFIRMED, texts.req_confirmed
    elif level >= 0.34:
        status, note = RequirementStatus.PARTLY, texts.req_partly
    else:
        status, note = RequirementStatus.NOT_CONFIRMED, texts.req_not_confirmed
    if required_years:
        if experience.stated is None:
            status = min(status, RequirementStatus.PARTLY, key=_STATUS_ORDER.index)
            note += " " + texts.years_unknown
        elif experience.stated < required_years:
            status = RequirementStatus.NOT_CONFIRMED
            note += " " + texts.years_short.format(stated=_fmt(experience.stated), required=_fmt(required_years))
        elif status == RequirementStatus.NOT_CONFIRMED:
            # The years are there but the answers do not show the level: partly.
            status, note = RequirementStatus.PARTLY, texts.years_but_weak.format(stated=_fmt(experience.stated))
    evidence.sort(key=lambda e: e.polarity != Polarity.NEGATIVE if status != RequirementStatus.CONFIRMED else 0)
    return RequirementAssessment(requirement=requirement, status=status, note=note.strip(), evidence=evidence[:3])


_LANGUAGE_REQUIREMENT = re.compile(r"\benglish\b|английск\w*|\brussian\b|русск\w+ язык")


def _assess_language(requirement: str, answers: list[Answer], texts: Texts) -> RequirementAssessment:
    """A spoken-language requirement is tested by the interview itself when it was held
    in that language with answers long enough to judge."""
    wanted = "en" if re.search(r"english|английск", fold(requirement)) else "ru"
    spoken = [a for a in answers if language_of(a.text) == wanted and a.words >= 20]
    if not spoken:
        return RequirementAssessment(
            requirement=requirement, status=RequirementStatus.NOT_ASSESSED, note=texts.not_discussed
        )
    status = RequirementStatus.CONFIRMED if len(spoken) >= 3 else RequirementStatus.PARTLY
    best = max(spoken, key=lambda a: a.words)
    return RequirementAssessment(
        requirement=requirement,
        status=status,
        note=texts.language_shown,
        evidence=[_ev(best, max(best.sentences, key=lambda s: len(s.text)), Polarity.POSITIVE)],
    )


_STATUS_ORDER = [
    RequirementStatus.NOT_CONFIRMED,
    RequirementStatus.NOT_ASSESSED,
    RequirementStatus.PARTLY,
    RequirementStatus.CONFIRMED,
]


def _fmt(years: float) -> str:
    return f"{years:g}"


def _coverage(requirements: list[RequirementAssessment]) -> float | None:
    weights = {
        RequirementStatus.CONFIRMED: 1.0,
        RequirementStatus.PARTLY: 0.5,
        RequirementStatus.NOT_ASSESSED: 0.3,
        RequirementStatus.NOT_CONFIRMED: 0.0,
    }
    return mean(weights[r.status] for r in requirements) if requirements else None


# --- red flags ---------------------------------------------------------------------------
def _red_flags(transcript: Transcript, answers: list[Answer], texts: Texts) -> list[RedFlag]:
    flags: list[RedFlag] = []
    manipulation = [(a, s) for a in answers for s in a.manipulation]
    if manipulation:
        flags.append(
            RedFlag(
                type=RedFlagType.MANIPULATION,
                severity=Severity.HIGH,
                description=texts.flag_manipulation,
                evidence=[_ev(a, s, Polarity.NEGATIVE) for a, s in manipulation[:4]],
            )
        )
    injection = [(a, s) for a in answers for s in a.injection]
    if injection:
        flags.append(
            RedFlag(
                type=RedFlagType.PROMPT_INJECTION,
                severity=Severity.HIGH,
                description=texts.flag_injection,
                evidence=[_ev(a, s, Polarity.NEGATIVE) for a, s in injection[:4]],
            )
        )
    seen: dict[str, RedFlag] = {}
    for answer in answers:
        for rule, offset in answer.misconceptions:
            evidence = _ev(answer, answer.claim_sentence(rule), Polarity.NEGATIVE, focus=offset)
            if rule.key in seen:
                seen[rule.key].evidence.append(evidence)
                continue
            seen[rule.key] = RedFlag(
                type=RedFlagType.WRONG_TECHNICAL_STATEMENT,
                severity=rule.severity,
                description=texts.pick(rule.ru, rule.en),
                evidence=[evidence],
            )
    flags.extend(seen.values())
    flags.extend(_contradictions(transcript, answers, texts))
    for answer in answers:
        if not answer.evasive or answer.manipulation or answer.injection:
            continue
        sentence = _evasive_sentence(answer)
        if answer.conditions_pivot:
            description = texts.flag_pivot
        elif answer.n(mk.DIGRESSION):
            description = texts.flag_digression.format(question=_short(answer.question))
        else:
            description = texts.flag_evasive.format(question=_short(answer.question))
        flags.append(
            RedFlag(
                type=RedFlagType.EVASIVENESS,
                severity=Severity.MEDIUM,
                description=description,
                evidence=[_ev(answer, sentence, Polarity.NEGATIVE)],
            )
        )
    return flags


def _evasive_sentence(answer: Answer) -> Sentence:
    for pattern in (mk.CONDITIONS, mk.DEFLECTION, mk.BLAME, mk.DIGRESSION):
        found = [s for s in answer.sentences if pattern.search(s.low) and len(s.text.split()) >= 3]
        if found:
            return found[0]
    return max(answer.sentences, key=lambda s: len(s.text))


def _short(question: str, limit: int = 110) -> str:
    question = " ".join(question.split())
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
                        evidence=[_ev(answer, hits[0], Polarity.NEGATIVE)],
                    )
                )
                break
    return flags


# --- criteria ----------------------------------------------------------------------------
def _quality(answer: Answer) -> float:
    """Substance of an answer after what it got wrong or avoided."""
    high = sum(r.severity == Severity.HIGH for r, _ in answer.misconceptions)
    other = len(answer.misconceptions) - high
    return max(
        0.0,
        answer.substance
        - 0.12 * min(answer.uncertain, 3)
        - 0.15 * min(answer.gaps, 2)
        - 0.45 * min(high, 2)
        - 0.2 * min(other, 2)
        - (0.25 if answer.evasive else 0),
    )


def _high_wrong(answers: list[Answer]) -> int:
    return len({r.key for a in answers for r, _ in a.misconceptions if r.severity == Severity.HIGH})


def _score_technical(answers: list[Answer], coverage: float | None) -> tuple[int, float]:
    answers = [a.content for a in answers if a.content.words > 0]
    # An answer is technical when it or its question is: "I don't know" to a technical
    # question is evidence too.
    technical = [
        a
        for a in answers
        if (a.tech_terms or a.misconceptions or a.gaps or a.question_is_technical) and not a.is_motivation
    ]
    depth = mean(_quality(a) for a in technical) if technical else 0.3
    cov = depth if coverage is None else coverage
    return _clamp(100 * (0.55 * depth + 0.45 * cov) - 2 * min(_high_wrong(answers), 4), 3, 97), depth


def _score_experience(
    transcript: Transcript, answers: list[Answer], requirements: list[RequirementAssessment], experience: _Experience
) -> tuple[int, list[str]]:
    cov = _coverage(requirements)
    cov = 0.5 if cov is None else cov
    nice = [
        n
        for n in transcript.vacancy.nice_to_have
        if (p := _requirement_pattern(n)) and any(p.search(a.low) for a in answers)
    ]
    nice_cov = len(nice) / len(transcript.vacancy.nice_to_have) if transcript.vacancy.nice_to_have else 0.5
    if experience.stated is None:
        years = 3.0
    elif experience.required and experience.stated < experience.required:
        years = -5.0
    elif experience.stated >= max(experience.required, 1) * 1.4:
        years = 10.0
    else:
        years = 6.0
    concrete = mean(a.substance for a in answers) if answers else 0
    unconfirmed = sum(r.status == RequirementStatus.NOT_CONFIRMED for r in requirements)
    score = 25 + 45 * cov + 10 * nice_cov + years + 5 * concrete - 6 * unconfirmed
    return _clamp(score, 3, 97), nice


def _length_fit(words: int) -> float:
    if words < 50:
        return words / 50
    return 1.0 if words <= 160 else max(0.5, 1 - (words - 160) / 300)


def _score_communication(answers: list[Answer]) -> int:
    if not answers:
        return 30
    per_answer = []
    for a in answers:
        moves = a.n(mk.REASONING) + a.n(mk.STEPS) + a.n(mk.SITUATION) + a.n(mk.RESULTS) + a.n(mk.EXPLAINING)
        structure = min(1.0, moves / 4)
        # Fillers are ordinary speech; only a high density of them (every few words) blurs an answer.
        filler_density = mk.count(mk.FILLERS, a.low) / max(a.words, 1)
        clarity = max(
            0.0,
            a.substance
            - 0.05 * min(a.uncertain, 3)
            - 0.1 * min(a.n(mk.VAGUE), 3)
            - min(0.3, max(0.0, filler_density - 0.04) * 3),
        )
        # On-topic answers count whatever the subject; technical depth is judged elsewhere.
        responsive = 0.0 if a.evasive else min(1.0, 0.4 + a.substance)
        per_answer.append(0.35 * _length_fit(a.words) + 0.2 * structure + 0.2 * clarity + 0.25 * responsive)
    # How well someone explains shows best in their best answers; a candid "I don't know"
    # elsewhere is not a communication failure.
    top = sorted(per_answer, reverse=True)[: max(1, len(per_answer) // 2)]
    quality = 0.7 * mean(per_answer) + 0.3 * mean(top)
    # Above "strong" the signals cannot tell good from exceptional, so the top is compressed.
    score = 100 * quality if quality <= 0.8 else 80 + 50 * (quality - 0.8)
    score -= 10 * mean(a.evasive for a in answers)
    if any(a.manipulation or a.injection for a in answers):
        score -= 15  # pressure on the interviewer, its informal demanding tone included
    else:
        score -= 5 * min(2, sum(bool(mk.INFORMAL_DEMAND.search(a.low)) for a in answers))
    return _clamp(score, 3, 95)


def _score_problem_solving(answers: list[Answer]) -> int:
    # Demands aimed at the evaluator are not answers: integrity is judged apart.
    answers = [a.content for a in answers if a.content.words > 0]
    problems = [a for a in answers if a.is_problem] or answers
    if not problems:
        return 30
    per_answer = []
    for a in problems:
        wrong = sum(0.35 if r.severity == Severity.HIGH else 0.25 for r, _ in a.misconceptions)
        structure = sum(a.n(p) for p in (mk.STEPS, mk.ALTERNATIVES, mk.REASONING, mk.DIAGNOSTICS, mk.SITUATION))
        value = (
            0.6 * a.substance
            + 0.4 * min(1.0, (structure + a.n(mk.RESULTS)) / 4)
            - wrong
            - (0.3 if a.evasive else 0)
            - 0.06 * min(a.uncertain, 3)
            - 0.08 * min(a.gaps, 2)
        )
        per_answer.append(max(0.0, value))
    return _clamp(5 + 95 * mean(per_answer), 3, 95)


def _score_cultural_fit(answers: list[Answer]) -> tuple[int, bool]:
    positive = sum(a.n(mk.POSITIVE_ATTITUDE) for a in answers)
    blame = sum(a.n(mk.BLAME) for a in answers)
    indifference = sum(a.n(mk.INDIFFERENCE) for a in answers)
    pivots = sum(a.conditions_pivot for a in answers)
    evasive_share = mean(a.evasive for a in answers) if answers else 0
    score = 55 + 6 * min(positive, 4) - 10 * min(blame, 2) - 8 * min(indifference, 2) - 6 * pivots
    score -= 15 * evasive_share
    violation = any(a.manipulation or a.injection for a in answers)
    if violation:  # gaming the evaluator is an integrity violation (band 0-19)
        score = min(score, 10)
    return _clamp(score, 0, 95), violation


# --- assembly ----------------------------------------------------------------------------
def evaluate(transcript: Transcript) -> EvaluationDraft:
    answers = [a for a in answers_of(transcript) if a.words > 0]
    language = transcript.language or language_of(" ".join(a.text for a in answers) or transcript.vacancy.title)
    texts = Texts(language)
    substantive = [a for a in answers if not a.is_closing]
    experience = _experience(transcript, answers)
    requirements = [_assess_requirement(r, substantive, experience, texts) for r in transcript.vacancy.must_have]
    coverage = _coverage(requirements)
    flags = _red_flags(transcript, answers, texts)

    technical, depth = _score_technical(substantive, coverage)
    experience_score, nice = _score_experience(transcript, substantive, requirements, experience)
    communication = _score_communication(substantive)
    problem = _score_problem_solving(substantive)
    culture, violation = _score_cultural_fit(answers)
    wrong_flags = [f for f in flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT]
    evasive = [a for a in substantive if a.evasive]
    confirmed = [r for r in requirements if r.status == RequirementStatus.CONFIRMED]

    def positive_tech(a: Answer, s: Sentence) -> float:
        if a.misconceptions or _sentence_negative(a, s):
            return 0
        return len({m.group(0)[:6] for m in mk.TECH_VOCAB.finditer(s.low)}) + len(mk.CODE_TOKEN.findall(s.text))

    criteria = Criteria(
        technical_skills=CriterionScore(
            score=technical,
            rationale=texts.technical(depth, len(confirmed), len(requirements), wrong_flags),
            evidence=_pick_evidence(
                _best(substantive, positive_tech, Polarity.POSITIVE, min_key=2),
                [e for f in wrong_flags for e in f.evidence[:1]]
                + _best(substantive, lambda a, s: float(bool(mk.ADMITTED_GAP.search(s.low))), Polarity.NEGATIVE, 2),
            ),
        ),
        experience_relevance=CriterionScore(
            score=experience_score,
            rationale=texts.experience(requirements, experience.stated, experience.required, nice),
            evidence=_pick_evidence(
                [e for r in confirmed for e in r.evidence if e.polarity == Polarity.POSITIVE][:3],
                [e for r in requirements if r.status == RequirementStatus.NOT_CONFIRMED for e in r.evidence[:1]],
            ),
        ),
        communication=CriterionScore(
            score=communication,
            rationale=texts.communication(substantive, evasive, violation),
            evidence=_pick_evidence(
                _best(
                    [a for a in substantive if not a.evasive],
                    lambda a, s: (
                        a.substance * (1 + a.n(mk.REASONING)) * (0 if _sentence_negative(a, s) else 1)
                        + 0.1 * len(s.text.split()) / 10
                    ),
                    Polarity.POSITIVE,
                    2,
                    min_key=0.8,
                ),
                [_ev(a, _evasive_sentence(a), Polarity.NEGATIVE) for a in evasive[:2]]
                + [_ev(a, a.manipulation[0], Polarity.NEGATIVE) for a in answers if a.manipulation][:1],
            ),
        ),
        problem_solving=CriterionScore(
            score=problem,
            rationale=texts.problem_solving(substantive, wrong_flags),
            evidence=_pick_evidence(
                _best(
                    [a for a in substantive if a.is_problem and not a.evasive],
                    lambda a, s: (
                        0
                        if _sentence_negative(a, s)
                        else (
                            mk.count(mk.STEPS, s.low)
                            + mk.count(mk.ALTERNATIVES, s.low)
                            + mk.count(mk.REASONING, s.low)
                            + mk.count(mk.DIAGNOSTICS, s.low)
                        )
                    ),
                    Polarity.POSITIVE,
                    min_key=1,
                ),
                [e for f in wrong_flags if f.severity != Severity.HIGH for e in f.evidence[:1]],
            ),
        ),
        cultural_fit=CriterionScore(
            score=culture,
            rationale=texts.cultural_fit(answers, violation),
            evidence=_pick_evidence(
                _best(answers, lambda a, s: float(mk.count(mk.POSITIVE_ATTITUDE, s.low)), Polarity.POSITIVE, 2, 1),
                [_ev(a, s, Polarity.NEGATIVE) for a in answers for s in a.manipulation][:3]
                + _best(
                    answers,
                    lambda a, s: float(mk.count(mk.BLAME, s.low) + mk.count(mk.INDIFFERENCE, s.low)),
                    Polarity.NEGATIVE,
                    2,
                    1,
                ),
            ),
        ),
    )
    draft = EvaluationDraft(language=language, criteria=criteria, requirements=requirements, red_flags=flags)
    draft.strengths, draft.gaps = texts.strengths_and_gaps(draft, substantive)

    return draft


def _pick_evidence(positive: list[Evidence], negative: list[Evidence], limit: int = 4) -> list[Evidence]:
    """Both sides of the picture, most telling first, no duplicates."""
    out: list[Evidence] = []
    for item in [*negative[:2], *positive, *negative[2:]]:
        if all((item.turn_index, item.quote) != (o.turn_index, o.quote) for o in out):
            out.append(item)
    return out[:limit]


def misconception_keys(answers: list[Answer]) -> list[Misconception]:
    return [rule for a in answers for rule, _ in a.misconceptions]
