"""Reads for vacancy pages: counts and conversions in SQL, a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import Application, Candidate, StageChange
from candidates.pipeline import BOARD_ORDER, Stage
from candidates.scope import vacancies_visible
from hrcrm.roles import is_staff_member
from vacancies.models import InviteLink, Vacancy, VacancyStatus

# invited -> interviewed -> evaluated -> accepted: "reached the stage at least once",
# from the stage history, so a rejected candidate still counts for the steps he made.
FUNNEL = (Stage.INTERVIEWING, Stage.EVALUATING, Stage.ACCEPTED)


@dataclass
class VacancyRow:
    vacancy: Vacancy
    stage_counts: list[tuple[Stage, int]]
    total: int
    conversions: list[tuple[str, int | None]] = field(default_factory=list)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def vacancy_list(*, user: Any, include_closed: bool = False) -> list[VacancyRow]:
    qs = (
        vacancies_visible(user, Vacancy.objects.all()).select_related("hiring_manager").order_by("status", "-opened_at")
    )
    if not include_closed:
        qs = qs.filter(status=VacancyStatus.OPEN)
    stage_counts = {f"n_{stage}": Count("applications", filter=Q(applications__stage=stage)) for stage in Stage}
    vacancies = list(qs.annotate(n_total=Count("applications"), **stage_counts))
    reached: dict[tuple[int, str], int] = {}
    for vacancy_id, stage, n in (
        StageChange.objects.filter(application__vacancy__in=[v.pk for v in vacancies], to_stage__in=FUNNEL)
        .values_list("application__vacancy_id", "to_stage")
        .annotate(n=Count("application_id", distinct=True))
        .order_by()
    ):
        reached[(vacancy_id, stage)] = n
    rows = []
    for v in vacancies:
        steps = [v.n_total] + [reached.get((v.pk, s), 0) for s in FUNNEL]
        rows.append(
            VacancyRow(
                vacancy=v,
                stage_counts=[(s, getattr(v, f"n_{s}")) for s in BOARD_ORDER],
                total=v.n_total,
                conversions=[
                    ("→ " + str(Stage.INTERVIEWING.label), _percent(steps[1], steps[0])),
                    ("→ " + str(Stage.EVALUATING.label), _percent(steps[2], steps[1])),
                    ("→ " + str(Stage.ACCEPTED.label), _percent(steps[3], steps[2])),
                ],
            )
        )
    return rows


def vacancy_get_for_user(user: Any, pk: int, *, write: bool = False) -> Vacancy:
    """Staff see and edit the vacancies in their scope (recruiters help managers keep them
    current; a manager, his own and those shared with him: ``candidates.scope``)."""
    if not is_staff_member(user):
        raise PermissionDenied
    return get_object_or_404(vacancies_visible(user, Vacancy.objects.select_related("hiring_manager")), pk=pk)


def vacancy_pipeline(vacancy: Vacancy) -> list[tuple[Stage, list[Application]]]:
    applications = (
        Application.objects.filter(vacancy=vacancy)
        .select_related("candidate")
        .only("id", "stage", "match_score", "stage_changed_at", "candidate__id", "candidate__full_name")
        .order_by("-stage_changed_at")
    )
    groups: dict[str, list[Application]] = {stage: [] for stage in BOARD_ORDER}
    for application in applications:
        groups[application.stage].append(application)
    return [(Stage(stage), items) for stage, items in groups.items()]


def vacancy_links(vacancy: Vacancy) -> QuerySet[InviteLink]:
    return InviteLink.objects.filter(vacancy=vacancy).select_related("application__candidate", "created_by")[:50]


def candidates_to_invite(vacancy: Vacancy, *, query: str, limit: int = 20) -> list[Candidate]:
    """Candidates not yet on the vacancy matching ``query`` (full-text or name prefix)."""
    qs = Candidate.objects.exclude(applications__vacancy=vacancy).only("id", "full_name", "email", "city")
    if query:
        qs = qs.filter(
            Q(search_vector=SearchQuery(query, config="russian", search_type="websearch"))
            | Q(full_name__istartswith=query)
        )
    return list(qs.order_by("-created_at")[:limit])


def _money(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


def vacancy_subtitle(vacancy: Vacancy) -> list[str]:
    """Company · department · city · format · salary, skipping what is not filled."""
    from django.utils.translation import gettext as _

    parts = [vacancy.company, vacancy.department, vacancy.city, str(vacancy.get_work_format_display())]
    if vacancy.salary_from or vacancy.salary_to:
        salary = []
        if vacancy.salary_from:
            salary.append(f"{_('от')} {_money(vacancy.salary_from)}")
        if vacancy.salary_to:
            salary.append(f"{_('до')} {_money(vacancy.salary_to)}")
        parts.append(" ".join(salary) + f" {vacancy.currency}")
    return [p for p in parts if p]
