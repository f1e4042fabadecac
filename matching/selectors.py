"""Recommendations both ways for the CRM pages: candidates for a vacancy (not yet in its
pipeline) and vacancies for a candidate, from the HNSW indexes re-ranked by the full
explained score (stored ``MatchScore`` rows; missing pairs are scored here).

"Not computed" (``computed=False``) means the side asked about has no current vector yet
(its resume is not parsed, or the embedding task has not run), and the pages say so; an
empty list means none fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.utils.translation import get_language

from candidates.models import Candidate
from matching import services as ms
from matching.models import MatchScore
from vacancies.models import Vacancy

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
class Recommendations(Generic[T]):
    computed: bool
    items: list[T] = field(default_factory=list)


def _lang() -> str:
    return "en" if (get_language() or "ru").startswith("en") else "ru"


def _explained(payload: dict[str, Any]) -> dict[str, Any]:
    """Fields of a recommendation from a stored ``MatchScore.result`` (one language)."""
    data = payload.get(_lang()) or payload.get("ru") or {}
    breakdown = data.get("breakdown") or {}
    parts = tuple(
        MatchPart(key=k, label=p["label"], weight=p["weight"], points=p["points"], detail=p["detail"])
        for k, p in breakdown.items()
    )
    skills = data.get("skills") or {}
    return {
        "reasons": (data.get("explanation", ""), *(f"{p.label}: {p.detail}" for p in parts)),
        "parts": parts,
        "matched_skills": tuple(skills.get("matched", ())) + tuple(skills.get("listed_only", ())),
        "missing_skills": tuple(skills.get("missing", ())),
    }


def _shortlist(limit: int) -> int:
    return max(ms.SHORTLIST_MIN, limit * ms.SHORTLIST_FACTOR)


def _candidates_for_vacancy(vacancy_id: int, limit: int) -> list[CandidateMatch] | None:
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    if vacancy is None or not ms.has_current_vector(vacancy):
        return None
    near = dict(ms.nearest_candidates(vacancy, limit=_shortlist(limit)))
    if not near:
        return []
    # The cosines come with ``near``: the vectors themselves (384 floats each) stay in the database.
    rows = Candidate.objects.filter(pk__in=near).defer("embedding", "search_vector")
    candidates = {c.pk: c for c in rows}
    stored = {m.candidate_id: m for m in MatchScore.objects.filter(vacancy_id=vacancy_id, candidate_id__in=near)}
    missing = [pk for pk in near if pk not in stored]
    scored: list[tuple[float, int, dict[str, Any]]] = []
    for pk, m in stored.items():
        scored.append((m.score, pk, m.result))
    if missing:
        resumes = ms.current_resumes(missing)
        for pk in missing:
            result = ms.match_pair(candidates[pk], vacancy, resumes.get(pk), similarity=near[pk])
            scored.append((result.score, pk, ms.result_payload(result)))
    scored.sort(key=lambda x: (-x[0], -near[x[1]]))
    return [
        CandidateMatch(
            candidate_id=pk,
            full_name=candidates[pk].full_name,
            score=round(score),
            city=candidates[pk].city,
            desired_position=candidates[pk].desired_position,
            **_explained(payload),
        )
        for score, pk, payload in scored[:limit]
    ]


def _vacancies_for_candidate(candidate_id: int, limit: int) -> list[VacancyMatch] | None:
    candidate = Candidate.objects.filter(pk=candidate_id).first()
    if candidate is None or not ms.has_current_vector(candidate):
        return None
    near = dict(ms.nearest_vacancies(candidate, limit=_shortlist(limit)))
    if not near:
        return []
    vacancies = {v.pk: v for v in Vacancy.objects.filter(pk__in=near)}
    stored = {m.vacancy_id: m for m in MatchScore.objects.filter(candidate_id=candidate_id, vacancy_id__in=near)}
    scored: list[tuple[float, int, dict[str, Any]]] = [(m.score, pk, m.result) for pk, m in stored.items()]
    missing = [pk for pk in near if pk not in stored]
    if missing:
        resume = ms.current_resume(candidate_id)
        for pk in missing:
            result = ms.match_pair(candidate, vacancies[pk], resume, similarity=near[pk])
            scored.append((result.score, pk, ms.result_payload(result)))
    scored.sort(key=lambda x: (-x[0], -near[x[1]]))
    return [
        VacancyMatch(vacancy_id=pk, title=vacancies[pk].title, score=round(score), **_explained(payload))
        for score, pk, payload in scored[:limit]
    ]


def recommended_vacancies(candidate_id: int, *, limit: int = 5) -> Recommendations[VacancyMatch]:
    items = _vacancies_for_candidate(candidate_id, limit)
    return Recommendations(computed=items is not None, items=items or [])


def recommended_candidates(vacancy_id: int, *, limit: int = 10) -> Recommendations[CandidateMatch]:
    """Candidates not yet in the vacancy's pipeline, best first."""
    items = _candidates_for_vacancy(vacancy_id, limit)
    return Recommendations(computed=items is not None, items=items or [])
