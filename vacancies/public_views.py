"""Pages a candidate reaches by a link, without an account.

Every failure (unknown, expired, revoked) renders the same page with the same status,
so a visitor learns nothing about which tokens exist; too many failures from one
address get 429 until the window passes.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from hrcrm.http import client_ip
from interviews.access import LinkError, candidate_link, has_consent, link_error_response
from privacy.consents import consent_give, consent_shown, current_text
from privacy.erasure import pending_request
from privacy.models import ConsentPurpose
from vacancies import links, services
from vacancies.forms import SelfApplyForm
from vacancies.models import AttemptKind, LinkPurpose


@candidate_link()
def landing(request: HttpRequest, token: str) -> HttpResponse:
    """Welcome page of a personal interview link: vacancy, what happens, consent."""
    interview = request.interview  # type: ignore[attr-defined]
    application = interview.application
    candidate = application.candidate
    consent_missing = False
    pending = pending_request(candidate.pk)
    if request.method == "POST" and pending is None:
        if request.POST.get("consent") == "on":
            purposes = [ConsentPurpose.PROCESSING]
            if request.POST.get("talent_pool") == "on":
                purposes.append(ConsentPurpose.TALENT_POOL)
            for purpose in purposes:
                consent_give(
                    candidate=candidate,
                    purpose=purpose,
                    ip_address=request.client_ip,  # type: ignore[attr-defined]
                    user_agent=request.headers.get("User-Agent", ""),
                    source="interview_link",
                )
            return redirect("interviews:room", token=token)
        consent_missing = True
    return TemplateResponse(
        request,
        "vacancies/public/landing.html",
        {
            "token": token,
            "interview": interview,
            "vacancy": application.vacancy,
            "candidate_name": candidate.full_name,
            "has_consent": has_consent(candidate.pk),
            "consent_text": current_text(ConsentPurpose.PROCESSING),
            "talent_pool_text": current_text(ConsentPurpose.TALENT_POOL),
            "consent_missing": consent_missing,
            "erasure_pending": pending,
        },
    )


@login_not_required
@never_cache
def apply(request: HttpRequest, token: str) -> HttpResponse:
    """An open vacancy link: a short form that makes the visitor a candidate."""
    ip = client_ip(request)
    try:
        link = links.link_resolve(token, purpose=LinkPurpose.VACANCY, client_ip=ip)
    except LinkError as error:
        return link_error_response(request, error)
    if not link.vacancy.is_open:
        return link_error_response(request, links.LinkExpired())
    form = SelfApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and links.throttled(ip, AttemptKind.REGISTRATION):
        # The link is valid (it is never refused), but one address registering
        # candidates in bulk through it is; others' failed links do not count here.
        return link_error_response(request, links.LinkThrottled())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = services.candidate_self_apply(
            link=link,
            data=services.SelfApplication(
                full_name=data["full_name"].strip(),
                email=data["email"].strip().lower(),
                phone=data["phone"],
                telegram=data["telegram"].strip(),
                city=data["city"].strip(),
            ),
            resume=data["resume"],
            ip_address=ip,
            user_agent=request.headers.get("User-Agent", ""),
            consents=[consent_shown(ConsentPurpose.PROCESSING)]
            + ([consent_shown(ConsentPurpose.TALENT_POOL)] if data["talent_pool"] else []),
        )
        links.record_attempt(ip, AttemptKind.REGISTRATION)
        return redirect("invite:landing", token=invitation.issued.token)
    return TemplateResponse(
        request,
        "vacancies/public/apply.html",
        {
            "form": form,
            "vacancy": link.vacancy,
            "consent_text": current_text(ConsentPurpose.PROCESSING),
            "talent_pool_text": current_text(ConsentPurpose.TALENT_POOL),
        },
    )
