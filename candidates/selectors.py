"""Reads for candidate pages; permission checks happen here, not in templates."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from candidates.models import Application, Candidate, StageChange
from hrcrm.roles import is_staff_member


def candidate_search(*, query: str = "") -> QuerySet[Candidate]:
    qs = Candidate.objects.all()
    if query:
        qs = qs.filter(search_vector=SearchQuery(query, config="russian", search_type="websearch"))
    return qs.order_by("-created_at")


def candidate_get_for_user(user: Any, pk: int, *, write: bool = False) -> Candidate:
    """The one permission-checked getter for a candidate (staff see all candidates)."""
    if not is_staff_member(user):
        raise PermissionDenied
    applications = Application.objects.select_related("vacancy").prefetch_related(
        Prefetch("stage_changes", queryset=StageChange.objects.select_related("actor"))
    )
    return get_object_or_404(
        Candidate.objects.prefetch_related(Prefetch("applications", queryset=applications), "resumes"), pk=pk
    )
