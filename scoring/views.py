from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.selectors import application_get_for_user, can_decide
from hrcrm.roles import staff_required
from scoring import outcomes, selectors, services
from scoring.blind import blind_set
from scoring.forms import OfferForm
from scoring.models import Decision, Outcome


@staff_required
def decisions(request: HttpRequest) -> HttpResponse:
    """Applications awaiting the hiring manager's decision: his vacancies (all for admins)."""
    return TemplateResponse(
        request,
        "scoring/decisions.html",
        {
            "pending": selectors.decisions_pending(request.user),
            "recent": selectors.decisions_recent(request.user),
            "section": "decisions",
        },
    )


@staff_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_user(request.user, pk, write=True)
    if not can_decide(request.user, application):
        raise PermissionDenied
    outcome = request.POST.get("outcome", "")
    try:
        services.decision_make(
            application_id=application.pk,
            actor=request.user,
            outcome=outcome,
            comment=request.POST.get("comment", "")[:2000],
            confirmed=request.POST.get("confirm") == "on",
            without_ai=request.POST.get("without_ai") == "on",
        )
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Кандидат принят. Письмо кандидату можно отправить ниже.")
            if outcome == Outcome.ACCEPT
            else _("Отказ сохранён. Письмо кандидату можно отправить ниже."),
        )
    return redirect("scoring:decisions")


@staff_required
@require_POST
def decision_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """An admin takes a decision back (within the term, with a reason)."""
    decision = get_object_or_404(Decision.objects.select_related("application"), pk=pk)
    try:
        services.decision_reverse(decision_id=decision.pk, actor=request.user, reason=request.POST.get("reason", ""))
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Решение отменено: кандидат снова ожидает решения."))
    return redirect("scoring:decisions")


@staff_required
def decision_email(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter: GET shows the text filled from the template for the person to
    read and edit; only his POST sends it (nothing sends a decision letter by itself)."""
    decision = get_object_or_404(Decision.objects.select_related("application__vacancy"), pk=pk)
    if not can_decide(request.user, decision.application):
        raise PermissionDenied
    try:
        if request.method == "POST":
            services.decision_send_email(
                decision_id=decision.pk,
                actor=request.user,
                subject=request.POST.get("subject"),
                body=request.POST.get("body"),
            )
            messages.success(request, _("Письмо кандидату отправлено."))
            return redirect("scoring:decisions")
        decision, draft = services.decision_email_draft(decision_id=decision.pk, actor=request.user)
    except services.DecisionError as error:
        messages.error(request, str(error))
        return redirect("scoring:decisions")
    return TemplateResponse(
        request,
        "scoring/decision_email.html",
        {"decision": decision, "draft": draft, "section": "decisions"},
    )


@staff_required
@require_POST
def blind_review(request: HttpRequest) -> HttpResponse:
    """Switch «слепой просмотр» on or off for this person's session."""
    blind_set(request, on=request.POST.get("on") == "1")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    return redirect(target)


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return redirect(target)


@staff_required
@require_POST
def score_override(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's own score (or recommendation) beside the AI's, with a note."""
    evaluation = selectors.evaluation_get_for_user(request.user, pk)
    try:
        outcomes.score_override(
            evaluation_id=evaluation.pk,
            actor=request.user,
            criterion=request.POST.get("criterion", ""),
            value=request.POST.get("value", ""),
            note=request.POST.get("note", "")[:2000],
        )
    except services.DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Ваша оценка сохранена рядом с оценкой ИИ."))
    fallback = reverse("candidates:detail", args=[evaluation.application.candidate_id]) + "#evaluation"
    return _back(request, fallback)


@staff_required
@require_POST
def offer_record(request: HttpRequest, pk: int) -> HttpResponse:
    """What happened to the offer after «принято» (sent, accepted with a start date,
    declined with a reason)."""
    application = application_get_for_user(request.user, pk, write=True)
    form = OfferForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            outcomes.offer_record(
                application_id=application.pk,
                actor=request.user,
                status=form.cleaned_data["status"],
                start_date=form.cleaned_data["start_date"],
                note=form.cleaned_data["note"],
            )
        except services.DecisionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Исход оффера записан."))
    return _back(request, reverse("candidates:detail", args=[application.candidate_id]))
