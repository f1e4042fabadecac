"""Reads for the privacy panel of the candidate page and the admins' access log."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
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


ACCESS_LOG_CSV_CHUNK = 1000
# A cell that starts like a formula is opened as one by spreadsheets: a login or an object
# name such as «=HYPERLINK(…)» is written as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def access_log_csv(user: Any, filters: AccessLogFilters) -> Iterator[str]:
    """The access log under ``filters`` as CSV text in chunks (UTF-8 with BOM, «;», as
    the candidates' export: Excel in Russia opens it as is), newest first. Each chunk is
    its own query after the last id, so a long log streams without a held cursor; the
    language is the caller's, whichever thread reads the chunks."""
    from django.utils import timezone, translation

    rows = access_log(user, filters).order_by("-pk")  # checks the permission now
    language = translation.get_language() or settings.LANGUAGE_CODE

    def chunks() -> Iterator[str]:
        from django.utils.translation import gettext as _

        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        last: int | None = None
        with translation.override(language):
            out.write("\ufeff")
            writer.writerow(
                [
                    _("Когда"),
                    _("Сотрудник (логин)"),
                    _("Сотрудник"),
                    _("Действие"),
                    _("№ кандидата"),
                    _("Объект"),
                    _("IP-адрес"),
                ]
            )
        while True:
            chunk = list((rows.filter(pk__lt=last) if last is not None else rows)[:ACCESS_LOG_CSV_CHUNK])
            with translation.override(language):
                for e in chunk:
                    writer.writerow(
                        [
                            timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M:%S"),
                            _cell(e.user.username if e.user else ""),
                            _cell(e.user.get_full_name() if e.user else ""),
                            e.get_action_display(),
                            e.candidate_ref,
                            _cell(e.object_ref),
                            e.ip_address or "",
                        ]
                    )
            yield out.getvalue()
            out.seek(0)
            out.truncate()
            if len(chunk) < ACCESS_LOG_CSV_CHUNK:
                return
            last = chunk[-1].pk

    return chunks()
