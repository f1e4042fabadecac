"""The recommendation: documented thresholds on a weighted overall score, then hard caps.

Thresholds (overall = weighted mean of the five criteria, weights below):
  >= 80 strongly_recommend · >= 65 recommend · >= 45 consider · otherwise reject.
Hard caps (each can only lower the result; the reasons are kept for the report):
  * a manipulation or prompt-injection attempt -> reject (integrity problem);
  * two or more must-haves not confirmed -> reject; exactly one -> at most consider;
  * any must-have only partly confirmed or not assessed -> at most recommend
    (strongly_recommend needs every must-have evidenced);
  * three or more high-severity wrong statements on classic questions -> reject
    (fundamentals are wrong); two -> at most consider;
  * keyword stuffing (the vacancy's words said back instead of answers) -> at most consider;
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
from scoring.evaluation.texts import RECOMMENDATION_LABELS

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
    labels = RECOMMENDATION_LABELS["en" if english else "ru"]
    reasons = [
        _t(
            "По пяти критериям средневзвешенный балл — %(score)s из 100, это уровень «%(rec)s».",
            "Across the five criteria the weighted score is %(score)s of 100, the level of “%(rec)s”.",
        )
        % {"score": overall, "rec": labels[result]}
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
                "кандидат пытался повлиять на оценку ИИ вместо ответов — это вопрос добросовестности, "
                "и баллы его не перевешивают.",
                "the candidate tried to steer the AI's evaluation instead of answering — an integrity problem "
                "that the scores cannot outweigh.",
            ),
        ),
        (
            unconfirmed >= 2,
            Recommendation.REJECT,
            _t(
                f"не подтверждены несколько обязательных требований ({unconfirmed}) — без них кандидат не "
                "подходит на эту роль.",
                f"{unconfirmed} must-haves are not confirmed — without them the candidate does not fit this role.",
            ),
        ),
        (
            unconfirmed == 1,
            Recommendation.CONSIDER,
            _t(
                "не подтверждено одно обязательное требование — нужен дополнительный этап, чтобы его проверить.",
                "one must-have is not confirmed — a further step is needed to check it.",
            ),
        ),
        (
            incomplete > 0,
            Recommendation.RECOMMEND,
            _t(
                "часть обязательных требований подтверждена не полностью или не проверена, а для высшей "
                "оценки нужны все.",
                "some must-haves are only partly confirmed or not checked, and the top level needs all of them.",
            ),
        ),
        (
            any(f.type == RedFlagType.KEYWORD_STUFFING for f in draft.red_flags),
            Recommendation.CONSIDER,
            _t(
                "ответы повторяют слова вакансии без фактов — по ним нельзя судить об опыте.",
                "the answers repeat the vacancy's words without facts, so they show no experience.",
            ),
        ),
        (
            any(f.type == RedFlagType.SELF_CONTRADICTION for f in draft.red_flags),
            Recommendation.CONSIDER,
            _t(
                "кандидат сам опроверг свои же слова о роли, стаже или сделанной работе — заявлениям нужна проверка.",
                "the candidate took back his own claims about the role, years or work done — they need checking.",
            ),
        ),
        (
            wrong >= 3,
            Recommendation.REJECT,
            _t(
                f"грубые ошибки в базовых вопросах профессии ({wrong}) — основы неверны.",
                f"{wrong} serious errors on basic questions of the profession — the fundamentals are wrong.",
            ),
        ),
        (
            wrong == 2,
            Recommendation.CONSIDER,
            _t(
                "две грубые ошибки в базовых вопросах профессии.",
                "two serious errors on basic questions of the profession.",
            ),
        ),
        (
            bool(draft.red_flags),
            Recommendation.RECOMMEND,
            _t(
                "есть замечания (красные флаги), а высшая оценка — только когда замечаний нет.",
                "there are concerns (red flags), and the top level requires none.",
            ),
        ),
    ]
    for applies, ceiling, reason in caps:
        if applies and RECOMMENDATION_ORDER.index(ceiling) < RECOMMENDATION_ORDER.index(result):
            result = _cap(result, ceiling)
            reasons.append(
                _t("Рекомендация снижена до «%(rec)s»: ", "The recommendation is lowered to “%(rec)s”: ")
                % {"rec": labels[result]}
                + reason
            )
    return result, overall, reasons
