"""The home page: counts and recent applications, aggregated in SQL (constant query count)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from candidates.models import Application, Candidate
from candidates.pipeline import BOARD_ORDER, Stage
from vacancies.models import Vacancy, VacancyStatus


def stage_counts(vacancy_id: int | None = None) -> list[dict[str, Any]]:
    qs = Application.objects.all()
    if vacancy_id is not None:
        qs = qs.filter(vacancy_id=vacancy_id)
    counts = dict(qs.values_list("stage").annotate(n=Count("id")).order_by())
    return [{"stage": stage, "label": Stage(stage).label, "count": counts.get(stage, 0)} for stage in BOARD_ORDER]


def dashboard(*, user: Any) -> dict[str, Any]:
    """The home page, within ``user``'s scope (a hiring manager: his vacancies)."""
    from candidates.scope import applications_visible, candidates_visible, vacancies_visible

    applications = applications_visible(user, Application.objects.all())
    counts = dict(applications.values_list("stage").annotate(n=Count("id")).order_by())
    return {
        "candidate_count": candidates_visible(user, Candidate.objects.all()).count(),
        "open_vacancy_count": vacancies_visible(user, Vacancy.objects.filter(status=VacancyStatus.OPEN)).count(),
        "stages": [{"stage": s, "label": Stage(s).label, "count": counts.get(s, 0)} for s in BOARD_ORDER],
        "recent_applications": list(applications.select_related("candidate", "vacancy").order_by("-updated_at")[:8]),
    }
