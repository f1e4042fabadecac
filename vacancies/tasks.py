"""django-q2 tasks of the vacancies app: take nothing or ids, call a service."""

from __future__ import annotations

from django.conf import settings

from vacancies.reminders import invitation_reminders_send


def invitation_reminders_task() -> int:
    """Scheduled hourly: one reminder for interview links unopened after INVITE_REMINDER_HOURS."""
    return invitation_reminders_send(hours=settings.INVITE_REMINDER_HOURS)
