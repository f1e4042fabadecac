from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.selectors import application_get_for_user, can_decide
from hrcrm.roles import staff_required
from scoring import selectors, services
from scoring.blind import blind_set
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
