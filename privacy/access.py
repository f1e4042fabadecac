"""The access log: who opened or downloaded a candidate's personal data.

Views call ``access_record`` right where they hand the data out (the candidate page,
a resume, a recording, a report, an export), after the permission check passed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from hrcrm.http import client_ip
from privacy.models import AccessLogEntry


def access_record(request: HttpRequest, *, candidate_id: int, action: str, object_ref: str = "") -> AccessLogEntry:
    """Log that ``request.user`` got ``action`` on the candidate's data. A repeat of the
    same thing by the same person within ACCESS_LOG_DEDUPE_SECONDS is not logged again
    (the page refreshes itself; a video player fetches the file several times)."""
    user: Any = request.user
    now = timezone.now()
    window = settings.ACCESS_LOG_DEDUPE_SECONDS
    if window > 0:
        recent = (
            AccessLogEntry.objects.filter(
                user=user,
                candidate_ref=candidate_id,
                action=action,
                object_ref=object_ref,
                created_at__gte=now - timedelta(seconds=window),
            )
            .order_by("-created_at")
            .first()
        )
        if recent is not None:
            return recent
    return AccessLogEntry.objects.create(
        user=user,
        candidate_ref=candidate_id,
        action=action,
        object_ref=object_ref,
        ip_address=client_ip(request),
        created_at=now,
    )
