"""Reads for the privacy panel of the candidate page and the admins' access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from candidates.models import ConsentRecord
from hrcrm.roles import can_erase_now, can_export_personal_data, can_read_access_log, can_request_erasure
from privacy.consents import consent_is_active
from privacy.erasure import pending_request
from privacy.models import AccessLogEntry, ConsentPurpose, ErasureRecord, ErasureRequest, ErasureStatus

VIEWERS_SHOWN = 10


@dataclass(frozen=True)
class PrivacyPanel:
    consents: list[ConsentRecord]
    processing_active: bool
    talent_pool: bool
    pending: ErasureRequest | None
    can_export: bool
    can_request: bool
    can_erase: bool
    viewers: list[AccessLogEntry] | None  # None: not an admin, the list is not shown
    term: int  # ERASURE_TERM_DAYS, for the page's wording


def candidate_privacy_panel(user: Any, candidate_id: int) -> PrivacyPanel:
    """The candidate page's «Персональные данные» card; the caller already checked that
    ``user`` may see the candidate."""
    viewers = None
    if can_read_access_log(user):
        viewers = list(AccessLogEntry.objects.filter(candidate_ref=candidate_id).select_related("user")[:VIEWERS_SHOWN])
    return PrivacyPanel(
        consents=list(ConsentRecord.objects.filter(candidate_id=candidate_id).order_by("-created_at", "-pk")[:20]),
        processing_active=consent_is_active(candidate_id, ConsentPurpose.PROCESSING, current_version=False),
        talent_pool=consent_is_active(candidate_id, ConsentPurpose.TALENT_POOL, current_version=False),
        pending=pending_request(candidate_id),
        can_export=can_export_personal_data(user),
        can_request=can_request_erasure(user),
        can_erase=can_erase_now(user),
        viewers=viewers,
        term=settings.ERASURE_TERM_DAYS,
    )


@dataclass(frozen=True)
class AccessLogFilters:
    candidate: int | None = None
    user: str = ""
    action: str = ""


def access_log(user: Any, filters: AccessLogFilters) -> QuerySet[AccessLogEntry]:
    if not can_read_access_log(user):
        raise PermissionDenied
    rows = AccessLogEntry.objects.select_related("user")
    if filters.candidate is not None:
        rows = rows.filter(candidate_ref=filters.candidate)
    if filters.user:
        rows = rows.filter(user__username__iexact=filters.user)
    if filters.action:
        rows = rows.filter(action=filters.action)
    return rows


def erasure_records(user: Any, *, limit: int = 20) -> list[ErasureRecord]:
    if not can_read_access_log(user):
        raise PermissionDenied
    return list(ErasureRecord.objects.select_related("requested_by", "executed_by")[:limit])


def erasure_pending(user: Any) -> list[ErasureRequest]:
    if not can_read_access_log(user):
        raise PermissionDenied
    return list(ErasureRequest.objects.filter(status="pending").order_by("due_at")[:50])


def erasure_cancelled(user: Any, *, limit: int = 20) -> list[ErasureRequest]:
    """Requests the candidates took back: kept, with who cancelled them and when."""
    if not can_read_access_log(user):
        raise PermissionDenied
    return list(
        ErasureRequest.objects.filter(status=ErasureStatus.CANCELLED)
        .select_related("cancelled_by")
        .order_by("-cancelled_at")[:limit]
    )
