"""The recommendation: documented thresholds on a weighted overall score, then hard caps.

Thresholds (overall = weighted mean of the five criteria, weights below):
  >= 80 strongly_recommend · >= 65 recommend · >= 45 consider · otherwise reject.
Hard caps (each can only lower the result; the reasons are kept for the report):
  * a manipulation or prompt-injection attempt -> reject (integrity problem);
  * two or more must-haves not confirmed -> reject; exactly one -> at most consider;
  * any must-have only partly confirmed or not assessed -> at most recommend
    (strongly_recommend needs every must-have evidenced);
  * two or more high-severity wrong technical statements -> at most consider;
  * any other red flag -> at most recommend ("nothing is of concern" fails).
"""

from __future__ import annotations

from scoring.evaluation.schema import (
    INTEGRITY_FLAGS,
    RECOMMENDATION_ORDER,
    EvaluationDraft,
    Recommendation,
    RedFlagType,
    RequirementStatus,
    Severity,
)

WEIGHTS = {
    "technical_skills": 0.30,
    "experience_relevance": 0.25,
    "problem_solving": 0.20,
    "communication": 0.125,
    "cultural_fit": 0.125,
}
THRESHOLDS = [
    (80, Recommendation.STRONGLY_RECOMMEND),
    (65, Recommendation.RECOMMEND),
    (45, Recommendation.CONSIDER),
    (0, Recommendation.REJECT),
]


def overall_score(draft: EvaluationDraft) -> int:
    return round(sum(getattr(draft.criteria, name).score * weight for name, weight in WEIGHTS.items()))


def _cap(current: Recommendation, ceiling: Recommendation) -> Recommendation:
    return min(current, ceiling, key=RECOMMENDATION_ORDER.index)


def decide(draft: EvaluationDraft) -> tuple[Recommendation, int, list[str]]:
    """(recommendation, overall score, reasons for every cap that lowered it), the reasons
    in the interview's language like the rest of the evaluation."""
    english = draft.language == "en"

    def _t(ru: str, en: str = "") -> str:
        return en if english and en else ru

    overall = overall_score(draft)
    result = next(rec for threshold, rec in THRESHOLDS if overall >= threshold)
    reasons = [
        _t("Взвешенный итог %(score)s из 100 → «%(rec)s».", "Weighted total %(score)s of 100 → “%(rec)s”.")
        % {"score": overall, "rec": result.value}
    ]
    statuses = [req.status for req in draft.requirements]
    unconfirmed = statuses.count(RequirementStatus.NOT_CONFIRMED)
    incomplete = sum(s in (RequirementStatus.PARTLY, RequirementStatus.NOT_ASSESSED) for s in statuses)
    wrong = sum(
        f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT and f.severity == Severity.HIGH for f in draft.red_flags
    )
    caps: list[tuple[bool, Recommendation, str]] = [
        (
            any(f.type in INTEGRITY_FLAGS for f in draft.red_flags),
            Recommendation.REJECT,
            _t(
                "Попытка манипулировать оценкой — проблема добросовестности.",
                "A manipulation attempt is an integrity problem.",
            ),
        ),
        (
            unconfirmed >= 2,
            Recommendation.REJECT,
            _t("Не подтверждены несколько обязательных требований.", "Several must-haves are not confirmed."),
        ),
        (
            unconfirmed == 1,
            Recommendation.CONSIDER,
            _t("Не подтверждено одно обязательное требование.", "One must-have is not confirmed."),
        ),
        (
            incomplete > 0,
            Recommendation.RECOMMEND,
            _t(
                "Часть обязательных требований подтверждена не полностью или не проверена.",
                "Some must-haves are only partly confirmed or not checked.",
            ),
        ),
        (
            any(f.type == RedFlagType.KEYWORD_STUFFING for f in draft.red_flags),
            Recommendation.CONSIDER,
            _t(
                "Ответы повторяют слова вакансии без фактов — по ним нельзя судить об опыте.",
                "The answers repeat the vacancy's words without facts, so they show no experience.",
            ),
        ),
        (
            wrong >= 2,
            Recommendation.CONSIDER,
            _t("Несколько грубых технических ошибок.", "Several serious technical errors."),
        ),
        (
            bool(draft.red_flags),
            Recommendation.RECOMMEND,
            _t("Есть замечания (красные флаги).", "There are concerns (red flags)."),
        ),
    ]
    for applies, ceiling, reason in caps:
        if applies and RECOMMENDATION_ORDER.index(ceiling) < RECOMMENDATION_ORDER.index(result):
            result = _cap(result, ceiling)
            reasons.append(reason)
    return result, overall, reasons
