"""Which candidates, applications and vacancies a staff member sees and acts on.

Recruiters and admins work with everything. A hiring manager works with the vacancies
he manages and those an admin shared with him, and with the candidates who applied to
them (their résumés, interviews, recordings, reports); the company may open everything
to every manager with MANAGERS_SEE_ALL. Every getter and list of the domain filters
through here, so a page cannot forget the rule.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Model, Q, QuerySet

from hrcrm.roles import Role, has_role, is_staff_member

M = TypeVar("M", bound=Model)


def sees_all(user: Any) -> bool:
    return has_role(user, Role.RECRUITER, Role.ADMIN) or (settings.MANAGERS_SEE_ALL and is_staff_member(user))


def _vacancy_ids(user: Any) -> QuerySet[Any]:
    from vacancies.models import Vacancy

    return Vacancy.objects.filter(Q(hiring_manager=user) | Q(shared_with=user)).values("pk")


def vacancies_visible(user: Any, qs: QuerySet[M]) -> QuerySet[M]:
    """``qs`` of Vacancy narrowed to ``user``'s scope."""
    if sees_all(user):
        return qs
    if not is_staff_member(user):
        return qs.none()
    return qs.filter(pk__in=_vacancy_ids(user))


def applications_visible(user: Any, qs: QuerySet[M], *, field: str = "vacancy_id") -> QuerySet[M]:
    """``qs`` of Application (or of what hangs on one: ``field`` names the vacancy id,
    ``application__vacancy_id`` for an interview) narrowed to ``user``'s scope."""
    if sees_all(user):
        return qs
    if not is_staff_member(user):
        return qs.none()
    return qs.filter(**{f"{field}__in": _vacancy_ids(user)})


def candidates_visible(user: Any, qs: QuerySet[M], *, field: str = "pk") -> QuerySet[M]:
    """``qs`` narrowed to candidates in ``user``'s scope; ``field`` names the candidate
    id on ``qs``'s model (``candidate_id`` for a resume, ``application__candidate_id``...)."""
    from candidates.models import Application

    if sees_all(user):
        return qs
    if not is_staff_member(user):
        return qs.none()
    ids = Application.objects.filter(vacancy_id__in=_vacancy_ids(user)).values("candidate_id")
    return qs.filter(**{f"{field}__in": ids})


def can_see_candidate(user: Any, candidate_id: int) -> bool:
    from candidates.models import Candidate

    return candidates_visible(user, Candidate.objects.filter(pk=candidate_id)).exists()
