"""The matching interface the CRM pages read: recommended vacancies for a candidate,
recommended candidates for a vacancy, and the AI's recommendation on an application.

The pages depend on this module only. The Matching and Scoring engines register a
provider here (``register_provider``); until one is registered every function answers
"not computed" and the pages say so instead of showing an empty list as if it were a
result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class MatchPart:
    """One named part of the match score, as shown in the breakdown."""

    key: str
    label: str
    weight: int
    points: float
    detail: str


@dataclass(frozen=True)
class VacancyMatch:
    vacancy_id: int
    title: str
    score: int  # 0..100
    reasons: tuple[str, ...] = ()  # the one-line explanation first, then the parts
    parts: tuple[MatchPart, ...] = ()
    matched_skills: tuple[str, ...] = ()
    missing_skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class CandidateMatch:
    candidate_id: int
    full_name: str
    score: int  # 0..100
    reasons: tuple[str, ...] = ()  # the one-line explanation first, then the parts
    parts: tuple[MatchPart, ...] = ()
    matched_skills: tuple[str, ...] = ()
    missing_skills: tuple[str, ...] = ()
    city: str = ""
    desired_position: str = ""


@dataclass(frozen=True)
class AIRecommendation:
    # scoring.models.Outcome value the AI leans to: "accept" | "reject", or "" when it
    # only says "consider" (then agreement with the person is not counted either way).
    outcome: str
    summary: str = ""
    score: int | None = None
    level: str = ""  # strongly_recommend | recommend | consider | reject
    level_label: str = ""


@dataclass(frozen=True)
class Recommendations(Generic[T]):
    computed: bool
    items: list[T] = field(default_factory=list)


class MatchingProvider(Protocol):
    def vacancies_for_candidate(self, candidate_id: int, limit: int) -> list[VacancyMatch] | None: ...

    def candidates_for_vacancy(self, vacancy_id: int, limit: int) -> list[CandidateMatch] | None: ...

    def recommendation_for_applications(self, application_ids: list[int]) -> dict[int, AIRecommendation]: ...


_provider: MatchingProvider | None = None


def register_provider(provider: MatchingProvider | None) -> None:
    global _provider
    _provider = provider


def recommended_vacancies(candidate_id: int, *, limit: int = 5) -> Recommendations[VacancyMatch]:
    items = _provider.vacancies_for_candidate(candidate_id, limit) if _provider else None
    return Recommendations(computed=items is not None, items=items or [])


def recommended_candidates(vacancy_id: int, *, limit: int = 10) -> Recommendations[CandidateMatch]:
    """Candidates not yet in the vacancy's pipeline, best first."""
    items = _provider.candidates_for_vacancy(vacancy_id, limit) if _provider else None
    return Recommendations(computed=items is not None, items=items or [])


def ai_recommendations(application_ids: list[int]) -> dict[int, AIRecommendation]:
    """The AI's current recommendation per application (absent: none yet)."""
    if _provider is None or not application_ids:
        return {}
    return _provider.recommendation_for_applications(application_ids)
