"""Staff pages of personal data: export, erasure, the access log."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.selectors import candidate_get_for_user
from hrcrm.roles import (
    Role,
    can_erase_now,
    can_export_personal_data,
    can_request_erasure,
    role_required,
    staff_required,
)
from privacy.access import access_record
from privacy.erasure import ErasureError, candidate_erase, erasure_request_cancel, erasure_request_create
from privacy.export import candidate_export_bundle, zip_stream, zip_stream_async
from privacy.models import AccessAction, ErasureChannel, ErasureReason
from privacy.selectors import (
    AccessLogFilters,
    access_log,
    access_log_csv,
    erasure_cancelled,
    erasure_pending,
    erasure_records,
)


@staff_required
def candidate_export(request: HttpRequest, pk: int) -> HttpResponse:
    """All data of one candidate as a ZIP (JSON + original files), streamed."""
    candidate = candidate_get_for_user(request.user, pk)
    if not can_export_personal_data(request.user):
        raise PermissionDenied
    bundle = candidate_export_bundle(candidate=candidate)
    access_record(request, candidate_id=candidate.pk, action=AccessAction.EXPORT)
    stream = zip_stream_async(bundle) if isinstance(request, ASGIRequest) else zip_stream(bundle)
    response = StreamingHttpResponse(stream, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
    return response


@staff_required
@require_POST
def candidate_erasure_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate asked a recruiter (by e-mail, phone) to delete his data: record the
    request; the scheduled task carries it out by the due date."""
    candidate = candidate_get_for_user(request.user, pk, write=True)
    if not can_request_erasure(request.user):
        raise PermissionDenied
    erasure = erasure_request_create(
        candidate=candidate, reason=ErasureReason.REQUEST, channel=ErasureChannel.STAFF, requested_by=request.user
    )
    due = formats.date_format(timezone.localtime(erasure.due_at), "d.m.Y")
    messages.success(
        request, _("Запрос на удаление записан. Данные будут удалены не позднее %(date)s.") % {"date": due}
    )
    return redirect("candidates:detail", pk=candidate.pk)


@staff_required
@require_POST
def candidate_erasure_cancel(request: HttpRequest, pk: int, erasure_id: int) -> HttpResponse:
    """The candidate took back his request to delete his data."""
    candidate = candidate_get_for_user(request.user, pk, write=True)
    if not can_request_erasure(request.user):
        raise PermissionDenied
    try:
        erasure_request_cancel(erasure_id=erasure_id, candidate_id=candidate.pk, actor=request.user)
    except ErasureError:
        messages.error(
            request,
            _(
                "Этот запрос нельзя отменить: он уже выполнен, отменён или следует из отзыва согласия "
                "(его отменяет только новое согласие кандидата)."
            ),
        )
    else:
        messages.success(request, _("Запрос на удаление отменён. Данные кандидата сохранены."))
    return redirect("candidates:detail", pk=candidate.pk)


@staff_required
@require_POST
def candidate_erase_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Admins: delete the candidate's data at once (his pending request, if any, is
    closed by it; without one, this is a request made and carried out now)."""
    candidate = candidate_get_for_user(request.user, pk, write=True)
    if not can_erase_now(request.user):
        raise PermissionDenied
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Подтвердите удаление: отметьте флажок рядом с кнопкой."))
        return redirect("candidates:detail", pk=candidate.pk)
    record = candidate_erase(
        candidate_id=candidate.pk,
        reason=ErasureReason.REQUEST,
        channel=ErasureChannel.STAFF,
        actor=request.user,
        requested_by=request.user,
    )
    messages.success(
        request,
        _("Персональные данные кандидата № %(id)s удалены: записей — %(rows)s, файлов — %(files)s.")
        % {"id": record.candidate_ref, "rows": record.total_rows, "files": record.files},
    )
    return redirect("candidates:list")


def _access_log_filters(request: HttpRequest) -> AccessLogFilters:
    try:
        candidate = int(request.GET["candidate"]) if request.GET.get("candidate") else None
    except ValueError:
        candidate = None
    return AccessLogFilters(
        candidate=candidate,
        user=request.GET.get("user", "").strip()[:150],
        action=request.GET.get("action", "") if request.GET.get("action") in AccessAction.values else "",
    )


async def _in_threads(chunks: Iterator[str]) -> AsyncIterator[str]:
    """A synchronous stream for the ASGI server, which would otherwise read it whole
    into memory before sending (each chunk is a database query)."""
    while True:
        chunk = await sync_to_async(next, thread_sensitive=False)(chunks, None)
        if chunk is None:
            return
        yield chunk


@role_required(Role.ADMIN)
def access_log_export(request: HttpRequest) -> HttpResponse:
    """The access log under the page's filters as CSV, for an audit or a regulator's request."""
    chunks = access_log_csv(request.user, _access_log_filters(request))
    stream = _in_threads(chunks) if isinstance(request, ASGIRequest) else chunks
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    return response


@role_required(Role.ADMIN)
def access_log_page(request: HttpRequest) -> HttpResponse:
    """Admins: who opened or downloaded whose data; erasure requests and records."""
    filters = _access_log_filters(request)
    page = Paginator(access_log(request.user, filters), 50).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "privacy/access_log.html",
        {
            "page": page,
            "filters": filters,
            "actions": AccessAction.choices,
            "records": erasure_records(request.user),
            "pending": erasure_pending(request.user),
            "cancelled": erasure_cancelled(request.user),
        },
    )
