from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hrcrm.emails import absolute_url
from hrcrm.roles import staff_required
from matching.selectors import recommended_candidates
from notifications.telegram import vacancy_deep_link
from vacancies import links, selectors, services
from vacancies.forms import InviteCandidatesForm, OpenLinkForm, VacancyFileForm, VacancyForm, default_hiring_manager
from vacancies.models import LinkPurpose


@staff_required
def vacancy_list(request: HttpRequest) -> HttpResponse:
    include_closed = request.GET.get("closed") == "1"
    return TemplateResponse(
        request,
        "vacancies/list.html",
        {
            "rows": selectors.vacancy_list(user=request.user, include_closed=include_closed),
            "include_closed": include_closed,
            "section": "vacancies",
        },
    )


@staff_required
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(request.user, pk)
    return TemplateResponse(
        request,
        "vacancies/detail.html",
        {
            "vacancy": vacancy,
            "subtitle": selectors.vacancy_subtitle(vacancy),
            "pipeline": selectors.vacancy_pipeline(vacancy),
            "recommended": recommended_candidates(vacancy.pk),
            "links": selectors.vacancy_links(vacancy),
            "section": "vacancies",
        },
    )


@staff_required
def vacancy_create(request: HttpRequest) -> HttpResponse:
    """The vacancy form. A POST carrying ``vacancy_file`` (the «Создать из файла» panel,
    or the file field on this form) parses the posting and shows the form pre-filled for
    review; nothing is saved until the person presses «Сохранить»."""
    # «Разобрать файл» on this form, or the list page's panel (which posts only the file).
    if request.method == "POST" and ("parse" in request.POST or "title" not in request.POST):
        return _vacancy_from_file(request)
    form = VacancyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        vacancy = form.save()
        messages.success(request, _("Вакансия создана."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    return TemplateResponse(
        request, "vacancies/form.html", {"form": form, "file_form": VacancyFileForm(), "section": "vacancies"}
    )


def _vacancy_from_file(request: HttpRequest) -> HttpResponse:
    # What the person already typed on the form stays; the file fills only empty fields.
    typed = {k: v for k, v in request.POST.items() if k in VacancyForm.base_fields and v.strip()}
    initial: dict[str, object] = {"hiring_manager": default_hiring_manager(request.user)}
    file_form = VacancyFileForm(request.POST, request.FILES)
    parsed_from = ""
    if file_form.is_valid():
        draft, error = file_form.draft()
        if error:
            file_form.add_error("vacancy_file", error)
        else:
            initial |= draft
            parsed_from = request.FILES["vacancy_file"].name
    initial |= typed
    return TemplateResponse(
        request,
        "vacancies/form.html",
        {
            "form": VacancyForm(initial=initial, user=request.user),
            "file_form": file_form,
            "parsed_from": parsed_from,
            "section": "vacancies",
        },
    )


@staff_required
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(request.user, pk, write=True)
    form = VacancyForm(request.POST or None, instance=vacancy, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Вакансия сохранена."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    return TemplateResponse(request, "vacancies/form.html", {"form": form, "vacancy": vacancy, "section": "vacancies"})


@staff_required
@require_POST
def vacancy_close(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(request.user, pk, write=True)
    services.vacancy_close(vacancy=vacancy)
    messages.success(request, _("Вакансия закрыта."))
    return redirect("vacancies:detail", pk=vacancy.pk)


@staff_required
@require_POST
def vacancy_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(request.user, pk, write=True)
    services.vacancy_reopen(vacancy=vacancy)
    messages.success(request, _("Вакансия снова открыта."))
    return redirect("vacancies:detail", pk=vacancy.pk)


@staff_required
def invite_search(request: HttpRequest, pk: int) -> HttpResponse:
    """Candidates to tick in the invite form (HTMX partial)."""
    vacancy = selectors.vacancy_get_for_user(request.user, pk)
    found = selectors.candidates_to_invite(vacancy, query=request.GET.get("q", "").strip()[:200])
    return TemplateResponse(request, "vacancies/detail.html#invite-options", {"found": found, "vacancy": vacancy})


@staff_required
@require_POST
def vacancy_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Give each chosen candidate a personal link; tokens are shown once, here."""
    vacancy = selectors.vacancy_get_for_user(request.user, pk, write=True)
    if not vacancy.is_open:
        messages.error(request, _("Вакансия закрыта: приглашать на неё нельзя."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    form = InviteCandidatesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Отметьте хотя бы одного кандидата."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    invitations = [
        services.application_invite(
            candidate=candidate,
            vacancy=vacancy,
            actor=request.user,
            days=form.cleaned_data["days"],
            send_email=form.cleaned_data["send_email"],
        )
        for candidate in form.cleaned_data["candidates"]
    ]
    return TemplateResponse(
        request,
        "vacancies/invite_result.html",
        {"vacancy": vacancy, "invitations": invitations, "section": "vacancies"},
    )


@staff_required
@require_POST
def open_link_create(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(request.user, pk, write=True)
    form = OpenLinkForm(request.POST)
    if not vacancy.is_open or not form.is_valid():
        messages.error(request, _("Не удалось создать ссылку: вакансия закрыта или срок указан неверно."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    issued = links.link_create_for_vacancy(vacancy=vacancy, actor=request.user, days=form.cleaned_data["days"])
    return TemplateResponse(
        request,
        "vacancies/invite_result.html",
        {
            "vacancy": vacancy,
            "open_link": issued,
            "open_url": absolute_url(reverse("invite:apply", args=[issued.token])),
            "telegram_url": vacancy_deep_link(issued.token),
            "section": "vacancies",
        },
    )


@staff_required
@require_POST
def link_revoke(request: HttpRequest, pk: int, link_id: int) -> HttpResponse:
    vacancy = selectors.vacancy_get_for_user(request.user, pk, write=True)
    link = get_object_or_404(vacancy.invite_links, pk=link_id)
    links.link_revoke(link=link)
    messages.success(
        request,
        _("Ссылка отозвана.") if link.purpose == LinkPurpose.VACANCY else _("Личная ссылка кандидата отозвана."),
    )
    return redirect(reverse("vacancies:detail", args=[vacancy.pk]) + "#links")
