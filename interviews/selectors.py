"""Reads of interviews that never write (a GET must not create rows)."""

from __future__ import annotations

from typing import Any

from interviews.models import Interview


def interview_current(*, application_id: int) -> Interview | None:
    """The application's latest interview, if it has one."""
    return (
        Interview.objects.filter(application_id=application_id)
        .select_related("application__vacancy", "application__candidate")
        .order_by("-created_at")
        .first()
    )


def interview_draft(application: Any) -> Interview:
    """An unsaved pending interview for ``application``, as ``interview_for_application``
    would create it: enough to show the plan it would get."""
    return Interview(
        application=application,
        language=application.vacancy.language or "ru",
        time_budget_minutes=application.vacancy.interview_minutes,
    )
