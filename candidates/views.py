from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates import bulk_pages, pages, selectors, services
from candidates.forms import AssignForm, CandidateForm, InviteForm, MoveForm, NoteForm
from candidates.models import CandidateSource
from candidates.pipeline import BOARD_ORDER, Mover, Stage, allowed_targets
from hrcrm.roles import staff_required
from matching.selectors import recommended_vacancies
from privacy.access import access_record
from privacy.models import AccessAction
from privacy.selectors import candidate_privacy_panel
from scoring import services as decision_services
from scoring.models import Outcome
from vacancies import services as vacancy_services
from vacancies.models import Vacancy, VacancyStatus

TABLE_PAGE = 50


def _vacancy_options() -> list[Vacancy]:
    return list(Vacancy.objects.only("id", "title", "status").order_by("-status", "title"))


@staff_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    """The candidates page: the table or the board over the same filters."""
    filters = selectors.CandidateFilters.from_query(request.GET)
    view = "board" if request.GET.get("view") == "board" else "table"
    context = {
        "filters": filters,
        "view": view,
        "vacancies": _vacancy_options(),
        "stages": Stage.choices,
        "sources": CandidateSource.choices,
        "section": "candidates",
    }
    if view == "board":
        context["columns"] = selectors.board_columns(user=request.user, vacancy_id=filters.vacancy, query=filters.q)
        context["moves"] = {stage.value: [t.value for t in allowed_targets(stage, Mover.PERSON)] for stage in Stage}
        return TemplateResponse(request, "candidates/board.html", context)
    table = selectors.candidate_search(filters, user=request.user)
    page = Paginator(table.rows, TABLE_PAGE).get_page(request.GET.get("page"))
    if filters.q:
        table.explain(list(page.object_list), filters.q)
    context |= {
        "bulk": bulk_pages.bulk_context(request.user, filters),
        "words_only": bool(filters.q) and not table.semantic,
        "page": page,
        "cities": selectors.candidate_cities(request.user),
        "query": filters.q,
        "open_upload": request.GET.get("upload") == "1",
    }
    template = "candidates/list.html#table" if request.htmx else "candidates/list.html"
    return TemplateResponse(request, template, context)


MAX_BOARD_OFFSET = 1_000_000


@staff_required
def board_column(request: HttpRequest, stage: str) -> HttpResponse:
    """More cards of one column (lazy loading of long columns)."""
    if stage not in Stage.values:
        raise PermissionDenied
    filters = selectors.CandidateFilters.from_query(request.GET)
    try:
        # Bounded: a huge offset must not reach the database as an out-of-range bigint.
        offset = min(max(0, int(request.GET.get("offset", "0"))), MAX_BOARD_OFFSET)
    except ValueError:
        offset = 0
    column = selectors.board_column_page(
        user=request.user, stage=stage, vacancy_id=filters.vacancy, query=filters.q, offset=offset
    )
    return TemplateResponse(
        request,
        "candidates/board.html#more",
        {"column": column, "next_offset": offset + len(column.cards), "filters": filters},
    )


@staff_required
@require_POST
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card (board drag-and-drop, JSON) or an application from its page (form).

    Accepting goes through the decision service so the manager's decision is recorded
    the same way as on the decision screen.
    """
    application = selectors.application_get_for_user(request.user, pk, write=True)
    form = MoveForm(request.POST)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    error = ""
    if not form.is_valid():
        error = _("Неизвестный этап.")
    else:
        to_stage, comment = form.cleaned_data["to_stage"], form.cleaned_data["comment"]
        try:
            if to_stage == Stage.ACCEPTED or (
                application.stage == Stage.AWAITING_DECISION and to_stage == Stage.REJECTED
            ):
                # The final word after the evaluation is the manager's decision, recorded
                # with the AI's recommendation whichever screen it was made on.
                if not selectors.can_decide(request.user, application):
                    raise services.PipelineError(_("Решение принимает нанимающий менеджер вакансии."))
                outcome = Outcome.ACCEPT if to_stage == Stage.ACCEPTED else Outcome.REJECT
                decision_services.decision_make(
                    application_id=pk,
                    actor=request.user,
                    outcome=outcome,
                    comment=comment,
                    confirmed=request.POST.get("confirm") == "on",
                    without_ai=request.POST.get("without_ai") == "on",
                )
            else:
                services.application_move_to_stage(
                    application_id=pk, to_stage=to_stage, actor=request.user, comment=comment
                )
        except (services.PipelineError, decision_services.DecisionError) as exc:
            error = str(exc)
    if wants_json:
        application.refresh_from_db(fields=["stage"])
        status = 409 if error else 200
        return JsonResponse({"ok": not error, "message": error, "stage": application.stage}, status=status)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Этап изменён."))
    return _back(request, fallback=reverse("candidates:detail", args=[application.candidate_id]))


def _back(request: HttpRequest, *, fallback: str) -> HttpResponse:
    """Return to the page the form came from, if it is ours."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return redirect(target)


@staff_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data = pages.candidate_page(request.user, pk)
    if not request.htmx:  # the page's own refreshes are not a new look
        access_record(request, candidate_id=data.candidate.pk, action=AccessAction.VIEW)
    for application in data.applications:
        application.targets = [  # type: ignore[attr-defined]
            Stage(t) for t in allowed_targets(application.stage, Mover.PERSON) if t != Stage.REJECTED
        ]
        application.can_reject = Stage.REJECTED in allowed_targets(application.stage)  # type: ignore[attr-defined]
    return TemplateResponse(
        request,
        "candidates/detail.html",
        {
            "page": data,
            "candidate": data.candidate,
            "recommended": recommended_vacancies(data.candidate.pk),
            "assign_form": AssignForm(vacancies=data.open_vacancies),
            "invite_form": InviteForm(vacancies=data.open_vacancies + [a.vacancy for a in data.applications]),
            "note_form": NoteForm(),
            "board_order": BOARD_ORDER,
            "privacy": candidate_privacy_panel(request.user, data.candidate.pk),
            "section": "candidates",
        },
    )


@staff_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get_for_user(request.user, pk, write=True)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_create(candidate=candidate, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Заметка добавлена."))
    else:
        messages.error(request, _("Заметка пустая."))
    return redirect("candidates:detail", pk=candidate.pk)


@staff_required
@require_POST
def candidate_assign(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get_for_user(request.user, pk, write=True)
    form = AssignForm(request.POST, vacancies=Vacancy.objects.filter(status=VacancyStatus.OPEN))
    if form.is_valid():
        services.application_create(
            candidate=candidate, vacancy=form.cleaned_data["vacancy"], actor=request.user, comment=""
        )
        messages.success(request, _("Кандидат назначен на вакансию."))
    else:
        messages.error(request, _("Выберите открытую вакансию."))
    return redirect("candidates:detail", pk=candidate.pk)


@staff_required
@require_POST
def candidate_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a personal interview link; the token is shown once, on this response."""
    candidate = selectors.candidate_get_for_user(request.user, pk, write=True)
    form = InviteForm(request.POST, vacancies=Vacancy.objects.filter(status=VacancyStatus.OPEN))
    if not form.is_valid():
        messages.error(request, _("Выберите открытую вакансию."))
        return redirect("candidates:detail", pk=candidate.pk)
    invitation = vacancy_services.application_invite(
        candidate=candidate,
        vacancy=form.cleaned_data["vacancy"],
        actor=request.user,
        days=form.cleaned_data["days"],
        send_email=form.cleaned_data["send_email"],
    )
    return TemplateResponse(
        request,
        "vacancies/invite_result.html",
        {"vacancy": invitation.application.vacancy, "invitations": [invitation], "section": "candidates"},
    )


@staff_required
def resume_download(request: HttpRequest, pk: int, resume_id: int) -> HttpResponse:
    from django.http import FileResponse

    candidate = selectors.candidate_get_for_user(request.user, pk)
    resume = get_object_or_404(candidate.resumes, pk=resume_id)
    access_record(request, candidate_id=candidate.pk, action=AccessAction.RESUME, object_ref=f"resume:{resume.pk}")
    return FileResponse(resume.file.open("rb"), as_attachment=True, filename=resume.original_name)


@staff_required
def candidate_create(request: HttpRequest) -> HttpResponse:
    return _candidate_form(request, CandidateForm(request.POST or None, request.FILES or None))


@staff_required
def candidate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get_for_user(request.user, pk, write=True)
    return _candidate_form(request, CandidateForm(request.POST or None, request.FILES or None, instance=candidate))


def _candidate_form(request: HttpRequest, form: CandidateForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        candidate = services.candidate_save(
            candidate=form.save(commit=False), actor=request.user, resume=form.cleaned_data["resume"]
        )
        messages.success(request, _("Кандидат сохранён."))
        return redirect("candidates:detail", pk=candidate.pk)
    return TemplateResponse(
        request,
        "candidates/form.html",
        {"form": form, "candidate": form.instance if form.instance.pk else None, "section": "candidates"},
    )
