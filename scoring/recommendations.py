"""The AI's recommendation on an application, read from its current interview
evaluation: what the decision screen shows next to the person's choice and stores with
it (``Decision.ai_recommendation``) so agreement can be measured."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.models import Evaluation, RecommendationChoice

_LEANS = {
    RecommendationChoice.STRONGLY_RECOMMEND: "accept",
    RecommendationChoice.RECOMMEND: "accept",
    RecommendationChoice.CONSIDER: "",
    RecommendationChoice.REJECT: "reject",
}


@dataclass(frozen=True)
class AIRecommendation:
    # scoring.models.Outcome value the AI leans to: "accept" | "reject", or "" when it
    # only says "consider" (then agreement with the person is not counted either way).
    outcome: str
    summary: str = ""
    score: int | None = None
    level: str = ""  # strongly_recommend | recommend | consider | reject
    level_label: str = ""


def ai_recommendations(application_ids: list[int]) -> dict[int, AIRecommendation]:
    """The AI's current recommendation per application (absent: none yet)."""
    if not application_ids:
        return {}
    rows = Evaluation.objects.filter(application_id__in=application_ids, is_current=True).order_by("created_at")
    result: dict[int, AIRecommendation] = {}
    for ev in rows.only("application_id", "recommendation", "overall_score", "result"):
        level = RecommendationChoice(ev.recommendation)
        result[ev.application_id] = AIRecommendation(
            outcome=_LEANS[level],
            summary=str((ev.result or {}).get("summary", "")),
            score=ev.overall_score,
            level=level.value,
            level_label=str(level.label),
        )
    return result
