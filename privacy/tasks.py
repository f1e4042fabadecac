"""django-q2 tasks of the privacy app (scheduled by migration 0002)."""

from __future__ import annotations

from privacy.erasure import erasure_run_due
from privacy.retention import retention_run


def erasure_requests_run() -> int:
    """Hourly: carry out erasure requests that are due."""
    return erasure_run_due()


def retention_policy_run() -> int:
    """Daily: erase candidates past the retention period (not in the talent pool)."""
    return retention_run()
