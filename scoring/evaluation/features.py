"""What the whole interview shows, as a few numbers per criterion.

The offline engine reads each answer (``analysis``, ``substance``) and the red flags;
this module sums that up per interview into named features, each in 0..1 and each
general (the shape of the speech, never a profession's vocabulary): how concrete the
answers are (numbers, named systems, own actions, causes and results, trade-offs), how
much is hedged, evaded, stuffed with the vacancy's words or said again, what was
admitted honestly, what the candidate got wrong or took back. ``calibration`` maps them
to the five scores with weights fitted on hand-judged interviews.
"""

from __future__ import annotations

import re
from statistics import mean

from scoring.evaluation import markers as mk
from scoring.evaluation.analysis import Answer
from scoring.evaluation.schema import RedFlag, RedFlagType, RequirementAssessment, RequirementStatus, Severity

# Stated with certainty: harmless beside a correct fact, but a confidently wrong candidate
# leans on them instead of reasons ("всегда", "однозначно", "100%").
CERTAINTY = mk._rx(
    r"\bвсегда\b",
    r"\bникогда\b",
    r"\bоднозначно\b",
    r"\bконечно\b",
    r"\bестественно\b",
    r"\bточно\b",
    r"\bабсолютно\b",
    r"\bвообще\b",
    r"\bпо определению\b",
    r"\b100 ?%",
    r"\balways\b",
    r"\bnever\b",
    r"\bdefinitely\b",
    r"\bobviously\b",
    r"\bof course\b",
    r"\babsolutely\b",
)


def _share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def _avg(values: list[float]) -> float:
    return mean(values) if values else 0.0


def interview_features(
    answers: list[Answer],
    requirements: list[RequirementAssessment],
    flags: list[RedFlag],
    rules: dict[str, int],
) -> dict[str, float]:
    """``answers``: every non-empty candidate turn; ``rules``: the readable rule scores
    (0..100) of ``offline``, which the calibration refines rather than replaces."""
    work = [a for a in answers if not a.is_closing]
    content = [a.content for a in work if a.content.words > 0]
    sig = [a.signals for a in content if a.signals is not None]
    substance = sorted((a.substance for a in content), reverse=True)
    top = substance[: max(1, len(substance) // 2)] if substance else []
    high = {r.key for a in content for r, _ in a.misconceptions if r.severity == Severity.HIGH}
    other = {r.key for a in content for r, _ in a.misconceptions if r.severity != Severity.HIGH}
    statuses = [r.status for r in requirements]
    words = [a.words for a in content]

    def flag_count(kind: RedFlagType) -> int:
        return sum(f.type == kind for f in flags)

    def per_answer(pattern: re.Pattern[str], cap: int) -> float:
        return _avg([min(a.n(pattern), cap) / cap for a in content])

    features = {
        # how concrete
        "substance": _avg(substance),
        "substance_top": _avg(top),
        "reasoning": _avg([_reasoning(a) for a in content]),
        "words": min(2.0, _avg(words) / 100),
        "short": _share([w < 25 for w in words]),
        "density": _avg([min(1.0, s.specifics / max(w, 15) * 5) for s, w in zip(sig, words, strict=False)]),
        "own_actions": _avg([min(s.own_actions, 4) / 4 for s in sig]),
        "numbers": _avg([min(s.numbers, 4) / 4 for s in sig]),
        "named": _avg([min(s.named, 4) / 4 for s in sig]),
        "causes": _avg([min(s.causes, 3) / 3 for s in sig]),
        "results": _avg([min(s.results, 3) / 3 for s in sig]),
        "tradeoffs": _avg([min(s.tradeoffs, 2) / 2 for s in sig]),
        "steps": per_answer(mk.STEPS, 3),
        # how it was said
        "hedge": _avg([min(a.uncertain, 3) / 3 for a in content]),
        "hedged_answers": _share([a.uncertain > 0 for a in content]),
        "certainty": per_answer(CERTAINTY, 3),
        "vague": per_answer(mk.VAGUE, 3),
        "gaps": _share([a.gaps > 0 for a in content]),
        "disclaimer": _share([s.disclaimer for s in sig]),
        "others_did": _share([s.others_did for s in sig]),
        "evasive": _share([a.evasive for a in work]),
        "deflections": _share([a.deflections > 0 for a in work]),
        "pivots": min(1.0, sum(a.conditions_pivot for a in work) / 2),
        "stuffed": _share([a.stuffed for a in work]),
        "copied": _avg([min(1.0, s.copied / 0.5) for s in sig]),
        "repeated": _share([s.repeated > 0 for s in sig]),
        "variety": _avg([s.variety for s in sig]),
        "positive": min(1.0, sum(a.n(mk.POSITIVE_ATTITUDE) for a in answers) / 4),
        "blame": min(1.0, sum(a.n(mk.BLAME) + a.n(mk.INDIFFERENCE) for a in answers) / 2),
        # what went wrong
        "wrong_high": min(len(high), 4) / 4,
        "wrong_other": min(len(other), 3) / 3,
        "self_contradiction": min(flag_count(RedFlagType.SELF_CONTRADICTION), 2) / 2,
        "resume_contradiction": min(flag_count(RedFlagType.CONTRADICTION_WITH_RESUME), 2) / 2,
        "stuffing_flag": float(flag_count(RedFlagType.KEYWORD_STUFFING) > 0),
        "violation": float(any(a.manipulation or a.injection for a in answers)),
        # the vacancy's must-haves
        "confirmed": _share([s == RequirementStatus.CONFIRMED for s in statuses]) if statuses else 0.5,
        "not_confirmed": _share([s == RequirementStatus.NOT_CONFIRMED for s in statuses]),
    }
    features.update({f"rule_{name}": value / 100 for name, value in rules.items()})
    features.update(patterns(features))
    return features


def patterns(f: dict[str, float]) -> dict[str, float]:
    """What an interviewer would call the interview as a whole (each 0 or 1): one of
    these changes every criterion at once, which a sum of small signals cannot show."""
    stuffer = f["stuffing_flag"] > 0 or f["stuffed"] >= 0.3
    evasive = not stuffer and (f["evasive"] >= 0.25 or (f["deflections"] >= 0.2 and f["not_confirmed"] >= 0.5))
    wrong = f["wrong_high"] >= 0.5  # two serious errors on classic questions or more
    hedging = f["hedged_answers"] >= 0.5
    contradiction = f["self_contradiction"] > 0
    concerns = stuffer or evasive or wrong or hedging or contradiction or f["violation"] > 0
    return {
        "is_stuffer": float(stuffer),
        "is_evasive": float(evasive),
        "is_wrong": float(wrong),
        "is_hedging": float(hedging),
        "is_contradiction": float(contradiction),
        "is_clean_strong": float(not concerns and f["substance_top"] >= 0.8 and f["wrong_high"] == 0),
    }


def _reasoning(a: Answer) -> float:
    """0..1: how much of a decision the answer shows (causes, trade-offs, results, steps,
    checks, a situation, numbers)."""
    sig = a.signals
    moves = (
        (sig.causes if sig else a.n(mk.REASONING))
        + (sig.tradeoffs if sig else a.n(mk.ALTERNATIVES))
        + (sig.results if sig else a.n(mk.RESULTS))
        + a.n(mk.STEPS)
        + a.n(mk.DIAGNOSTICS)
        + a.n(mk.SITUATION)
        + 0.5 * min(a.numbers, 2)
    )
    return min(1.0, moves / 3.5)
