"""The candidates table's and the board's bulk actions and saved filters (logic in
candidates/bulk.py). The table ticks candidates (``ids``, the vacancy chosen in the bar);
the board ticks cards (``apps``: applications, each with its own vacancy)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates import bulk
from hrcrm.roles import staff_required


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the table or the board with the filters it had (a query string of this page only)."""
    query = QueryDict(request.POST.get("filters", "")[:1000], mutable=True)
    if request.POST.getlist("apps"):
        query["view"] = "board"
    query_string = query.urlencode()
    return redirect(reverse("candidates:list") + (f"?{query_string}" if query_string else ""))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@staff_required
@require_POST
def bulk_action(request: HttpRequest) -> HttpResponse:
    ids = [pk for pk in (_int(v) for v in request.POST.getlist("ids")) if pk is not None]
    apps = [pk for pk in (_int(v) for v in request.POST.getlist("apps")) if pk is not None]
    action = request.POST.get("action", "")
    vacancy_id = _int(request.POST.get("vacancy"))
    try:
        board = bulk.board_selection(application_ids=apps, actor=request.user) if apps else None
        if board is not None:
            ids = board.candidate_ids
        if action == "export":
            body = bulk.export_csv(candidate_ids=ids)
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
            stamp = timezone.localtime().strftime("%Y-%m-%d")
            response["Content-Disposition"] = f'attachment; filename="candidates-{stamp}.csv"'
            return response
        if action == "move":

            def move(candidate_ids: list[int], vacancy: int | None) -> bulk.BulkOutcome:
                stage = request.POST.get("stage", "")
                return bulk.bulk_move(
                    candidate_ids=candidate_ids, vacancy_id=vacancy, to_stage=stage, actor=request.user
                )

            outcome = bulk.for_each_vacancy(board, move) if board else move(ids, vacancy_id)
            done = _("Перемещено: %(n)s.")
        elif action == "reject":

            def reject(candidate_ids: list[int], vacancy: int | None) -> bulk.BulkOutcome:
                return bulk.bulk_reject(
                    candidate_ids=candidate_ids,
                    vacancy_id=vacancy,
                    reason_id=_int(request.POST.get("reason")),
                    comment=request.POST.get("comment", "")[:2000],
                    actor=request.user,
                )

            outcome = bulk.for_each_vacancy(board, reject) if board else reject(ids, vacancy_id)
            done = _("Отказано: %(n)s.")
        elif action == "invite":
            outcome = bulk.bulk_invite(candidate_ids=ids, vacancy_id=vacancy_id, actor=request.user)
            done = _("Приглашено: %(n)s.")
        elif action == "tag":
            outcome = bulk.bulk_tag(candidate_ids=ids, name=request.POST.get("tag", ""))
            done = _("Метка добавлена: %(n)s.")
        else:
            raise bulk.BulkError(_("Выберите действие."))
    except bulk.BulkError as error:
        messages.error(request, str(error))
        return _back(request)
    if outcome.done:
        messages.success(request, done % {"n": outcome.done})
    for problem in outcome.problems:
        messages.warning(request, problem)
    return _back(request)


@staff_required
@require_POST
def saved_filter_save(request: HttpRequest) -> HttpResponse:
    try:
        bulk.saved_filter_save(
            user=request.user, name=request.POST.get("name", ""), query=request.POST.get("filters", "")
        )
    except bulk.BulkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Фильтр сохранён."))
    return _back(request)


@staff_required
@require_POST
def saved_filter_delete(request: HttpRequest, pk: int) -> HttpResponse:
    bulk.saved_filter_delete(user=request.user, pk=pk)
    return redirect("candidates:list")
