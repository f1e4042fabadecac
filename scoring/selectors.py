"""Reads for evaluations; permission checks happen here, not in templates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from hrcrm.roles import is_staff_member
from scoring.models import Evaluation


def evaluation_get_for_user(user: Any, pk: int) -> Evaluation:
    """The one permission-checked getter for an evaluation: staff only (recruiters and
    hiring managers see each other's pages; candidates never see their evaluation)."""
    if not is_staff_member(user):
        raise PermissionDenied
    return get_object_or_404(
        Evaluation.objects.select_related("interview", "application__candidate", "application__vacancy"), pk=pk
    )


def evaluation_current_for_application(application_id: int) -> Evaluation | None:
    return (
        Evaluation.objects.filter(application_id=application_id, is_current=True)
        .select_related("interview")
        .order_by("-created_at")
        .first()
    )
