"""The offline engine: readable rules that score an interview without any model.

How it judges (the steps live in small modules; this one turns signals into scores):
1. ``analysis`` reads every answer: how concrete it is (technologies, numbers, actions,
   reasons, alternatives, results), hedges, admitted gaps, deflections, re-asked
   questions, known wrong statements, attempts to steer the evaluator.
2. ``requirements``: each must-have is tied to the answers that talk about it (skill dictionary, or the
   requirement's own words) and judged from those sentences only; years of experience
   come from what the candidate said, else from the resume summary.
3. Five criteria are computed from those signals with the weights written out in
   ``_score_*``. They are independent: an integrity violation lowers cultural_fit and
   communication, never technical_skills.
4. ``flags`` raises red flags; ``quotes`` makes evidence: sentences sliced from the
   candidate's turns, so they are verbatim.
"""

from __future__ import annotations

from statistics import mean

from scoring.evaluation import calibration
from scoring.evaluation import markers as mk
from scoring.evaluation.analysis import Answer, Sentence, answers_of, language_of
from scoring.evaluation.classic import technical_cap
from scoring.evaluation.features import interview_features
from scoring.evaluation.flags import evasive_sentence, red_flags
from scoring.evaluation.quotes import best_quotes, evidence_of
from scoring.evaluation.requirements import (
    Experience,
    assess_requirement,
    experience_of,
    requirement_coverage,
    requirement_pattern,
    sentence_negative,
)
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
from scoring.evaluation.texts import Texts
from scoring.evaluation.topic import TopicIndex

ENGINE = "offline-rules"
MODEL = "rules-v1"
PROMPT_VERSION = "offline-1"


def _clamp(value: float, low: float = 0, high: float = 100) -> int:
    return int(round(max(low, min(high, value))))


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
    # Every answer about the work is professional evidence, whatever the profession's words.
    technical = [a for a in answers if not a.is_motivation]
    depth = mean(_quality(a) for a in technical) if technical else 0.3
    cov = depth if coverage is None else coverage
    return _clamp(100 * (0.55 * depth + 0.45 * cov) - 2 * min(_high_wrong(answers), 4), 8, 97), depth


def _score_experience(
    transcript: Transcript, answers: list[Answer], requirements: list[RequirementAssessment], experience: Experience
) -> tuple[int, list[str]]:
    cov = requirement_coverage(requirements)
    cov = 0.5 if cov is None else cov
    nice = [
        n
        for n in transcript.vacancy.nice_to_have
        if (p := requirement_pattern(n)) and any(p.search(a.low) for a in answers)
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
    score = 32 + 45 * cov + 10 * nice_cov + years + 5 * concrete - 4 * unconfirmed
    # Some relevant background is there whenever the interview happened; the floor keeps
    # "nothing confirmed" apart from "nothing at all".
    return _clamp(score, 10, 97), nice


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


def _reasoning(a: Answer) -> float:
    """0..1: how much of a decision the answer shows: causes and conditions, steps,
    alternatives weighed, checks made, results measured."""
    sig = a.signals
    causes = sig.causes if sig else a.n(mk.REASONING)
    moves = (
        causes
        + (sig.tradeoffs if sig else a.n(mk.ALTERNATIVES))
        + (sig.results if sig else a.n(mk.RESULTS))
        + a.n(mk.STEPS)
        + a.n(mk.DIAGNOSTICS)
        + a.n(mk.SITUATION)
        + 0.5 * min(a.numbers, 2)
    )
    return min(1.0, moves / 3.5)


def _score_problem_solving(answers: list[Answer]) -> int:
    # Demands aimed at the evaluator are not answers: integrity is judged apart.
    answers = [a.content for a in answers if a.content.words > 0 and not a.is_motivation]
    if not answers:
        return 30
    values, weights = [], []
    for a in answers:
        wrong = sum(0.35 if r.severity == Severity.HIGH else 0.25 for r, _ in a.misconceptions)
        value = (
            0.5 * a.substance
            + 0.5 * _reasoning(a)
            - wrong
            - (0.3 if a.evasive else 0)
            - 0.04 * min(a.uncertain, 3)
            - 0.08 * min(a.gaps, 2)
        )
        values.append(max(0.0, value))
        weights.append(2.0 if a.is_problem else 1.0)  # scenario questions show it best
    weighted = sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights)
    top = sorted(values, reverse=True)[: max(1, len(values) // 2)]
    quality = 0.7 * weighted + 0.3 * mean(top)
    # Above "strong" the signals cannot tell good from exceptional, so the top is compressed.
    score = 5 + 100 * quality if quality <= 0.75 else 80 + 40 * (quality - 0.75)
    # Wrong fundamentals undermine the solutions built on them: the same cap as technical.
    wrong = _high_wrong(answers)
    return _clamp(min(score, technical_cap(wrong) + 15 if wrong >= 2 else 100), 3, 95)


def _score_cultural_fit(answers: list[Answer], flags: list[RedFlag]) -> tuple[int, bool]:
    """From what the candidate said about work: owning the work (what I did), candour
    about gaps, care for people and learning; against it blame, indifference, evasion,
    conditions before substance, weak practice presented as normal. An attempt to game
    the evaluator is an integrity violation and caps this criterion (its own flag)."""
    work = [a for a in answers if not a.is_closing]
    positive = sum(a.n(mk.POSITIVE_ATTITUDE) for a in answers)
    blame = sum(a.n(mk.BLAME) for a in answers)
    indifference = sum(a.n(mk.INDIFFERENCE) for a in answers)
    pivots = sum(a.conditions_pivot for a in answers)
    evasive_share = mean(a.evasive for a in work) if work else 0
    owned = mean(bool(a.signals and a.signals.own_actions) and not a.evasive for a in work) if work else 0
    candid = sum(1 for a in work if a.gaps and not a.evasive and not a.deflections)
    weak = sum(1 for f in flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT and f.severity != Severity.HIGH)
    confident_wrong = sum(
        1 for f in flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT and f.severity == Severity.HIGH
    )
    stuffing = any(f.type == RedFlagType.KEYWORD_STUFFING for f in flags)
    contradictions = sum(f.type == RedFlagType.SELF_CONTRADICTION for f in flags)
    score = (
        48
        + 5 * min(positive, 4)
        + 18 * owned
        + 4 * min(candid, 2)
        - 10 * min(blame, 2)
        - 8 * min(indifference, 2)
        - 6 * pivots
        - 25 * evasive_share
        - 5 * min(weak, 3)
        - 3 * min(confident_wrong, 4)
        - (12 if stuffing else 0)
        - 15 * min(contradictions, 2)  # overstating one's role is a candour problem
    )
    violation = any(a.manipulation or a.injection for a in answers)
    if violation:  # gaming the evaluator is an integrity violation (band 0-19)
        return _clamp(min(score, 10), 0, 10), violation
    # Below 10 is the integrity band: without a violation the floor is above it.
    return _clamp(score, 10, 90), violation


# --- assembly ----------------------------------------------------------------------------
def features_of(transcript: Transcript) -> dict[str, float]:
    """The interview's features with the rule scores, before the calibration: what
    ``bench/fit_evaluation.py`` fits the calibration on."""
    return _evaluate(transcript, calibrated=False)[1]


def evaluate(transcript: Transcript) -> EvaluationDraft:
    return _evaluate(transcript, calibrated=True)[0]


def _evaluate(transcript: Transcript, *, calibrated: bool) -> tuple[EvaluationDraft, dict[str, float]]:
    answers = [a for a in answers_of(transcript) if a.words > 0]
    language = transcript.language or language_of(" ".join(a.text for a in answers) or transcript.vacancy.title)
    texts = Texts(language)
    substantive = [a for a in answers if not a.is_closing]
    experience = experience_of(transcript, answers)
    must_have = transcript.vacancy.must_have
    topics = TopicIndex([s.text for a in substantive for s in a.sentences], must_have) if must_have else None
    requirements = [assess_requirement(r, substantive, experience, texts, topics) for r in must_have]
    coverage = requirement_coverage(requirements)
    flags = red_flags(transcript, answers, texts)

    technical, depth = _score_technical(substantive, coverage)
    experience_score, nice = _score_experience(transcript, substantive, requirements, experience)
    communication = _score_communication(substantive)
    problem = _score_problem_solving(substantive)
    culture, violation = _score_cultural_fit(answers, flags)
    rules = {
        "technical_skills": technical,
        "experience_relevance": experience_score,
        "communication": communication,
        "problem_solving": problem,
        "cultural_fit": culture,
    }
    features = interview_features(answers, requirements, flags, rules)
    if calibrated:
        scores = calibration.scores(features)
        technical, experience_score, communication, problem = (
            scores["technical_skills"],
            scores["experience_relevance"],
            scores["communication"],
            scores["problem_solving"],
        )
        # An attempt to game the evaluator keeps cultural fit in the integrity band (0-19).
        culture = min(scores["cultural_fit"], 10) if violation else max(scores["cultural_fit"], 10)
    wrong_flags = [f for f in flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT]
    evasive = [a for a in substantive if a.evasive]
    confirmed = [r for r in requirements if r.status == RequirementStatus.CONFIRMED]

    def positive_tech(a: Answer, s: Sentence) -> float:
        if a.misconceptions or sentence_negative(a, s):
            return 0
        return len({m.group(0)[:6] for m in mk.TECH_VOCAB.finditer(s.low)}) + len(mk.CODE_TOKEN.findall(s.text))

    criteria = Criteria(
        technical_skills=CriterionScore(
            score=technical,
            rationale=texts.technical(depth, len(confirmed), len(requirements), wrong_flags),
            evidence=_pick_evidence(
                best_quotes(substantive, positive_tech, Polarity.POSITIVE, min_key=2),
                [e for f in wrong_flags for e in f.evidence[:1]]
                + best_quotes(
                    substantive, lambda a, s: float(bool(mk.ADMITTED_GAP.search(s.low))), Polarity.NEGATIVE, 2
                ),
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
                best_quotes(
                    [a for a in substantive if not a.evasive],
                    lambda a, s: (
                        a.substance * (1 + a.n(mk.REASONING)) * (0 if sentence_negative(a, s) else 1)
                        + 0.1 * len(s.text.split()) / 10
                    ),
                    Polarity.POSITIVE,
                    2,
                    min_key=0.8,
                ),
                [evidence_of(a, evasive_sentence(a), Polarity.NEGATIVE) for a in evasive[:2]]
                + [evidence_of(a, a.manipulation[0], Polarity.NEGATIVE) for a in answers if a.manipulation][:1],
            ),
        ),
        problem_solving=CriterionScore(
            score=problem,
            rationale=texts.problem_solving(substantive, wrong_flags),
            evidence=_pick_evidence(
                best_quotes(
                    [a for a in substantive if a.is_problem and not a.evasive],
                    lambda a, s: (
                        0
                        if sentence_negative(a, s)
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
                best_quotes(
                    answers, lambda a, s: float(mk.count(mk.POSITIVE_ATTITUDE, s.low)), Polarity.POSITIVE, 2, 1
                ),
                [evidence_of(a, s, Polarity.NEGATIVE) for a in answers for s in a.manipulation][:3]
                + best_quotes(
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
    return draft, features


def _pick_evidence(positive: list[Evidence], negative: list[Evidence], limit: int = 4) -> list[Evidence]:
    """Both sides of the picture, most telling first, no duplicates."""
    out: list[Evidence] = []
    for item in [*negative[:2], *positive, *negative[2:]]:
        if all((item.turn_index, item.quote) != (o.turn_index, o.quote) for o in out):
            out.append(item)
    return out[:limit]
