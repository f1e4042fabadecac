"""What the scoring app tells the CRM pages through ``scoring.recommendations``: the
AI's recommendation per application, from the current interview evaluations."""

from __future__ import annotations

from scoring.models import Evaluation, RecommendationChoice
from scoring.recommendations import AIRecommendation, CandidateMatch, VacancyMatch

_LEANS = {
    RecommendationChoice.STRONGLY_RECOMMEND: "accept",
    RecommendationChoice.RECOMMEND: "accept",
    RecommendationChoice.CONSIDER: "",
    RecommendationChoice.REJECT: "reject",
}


class EvaluationRecommendations:
    """Interview evaluations → AI recommendations. Resume↔vacancy recommendations are
    not stored yet (pgvector recommendations are a later step), so those say "not
    computed" rather than "none"."""

    def vacancies_for_candidate(self, candidate_id: int, limit: int) -> list[VacancyMatch] | None:
        return None

    def candidates_for_vacancy(self, vacancy_id: int, limit: int) -> list[CandidateMatch] | None:
        return None

    def recommendation_for_applications(self, application_ids: list[int]) -> dict[int, AIRecommendation]:
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
