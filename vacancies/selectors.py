from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from candidates.pipeline import Stage
from hrcrm.roles import is_staff_member
from vacancies.models import Vacancy, VacancyStatus


def vacancy_list(*, include_closed: bool = False) -> QuerySet[Vacancy]:
    qs = Vacancy.objects.select_related("hiring_manager")
    if not include_closed:
        qs = qs.filter(status=VacancyStatus.OPEN)
    stage_counts = {f"n_{stage}": Count("applications", filter=Q(applications__stage=stage)) for stage in Stage}
    return qs.annotate(n_total=Count("applications"), **stage_counts)


def vacancy_get_for_user(user: Any, pk: int, *, write: bool = False) -> Vacancy:
    if not is_staff_member(user):
        raise PermissionDenied
    return get_object_or_404(Vacancy.objects.select_related("hiring_manager"), pk=pk)
