"""The candidate's own page of his personal data, reached by his interview link:
what consents he gave, withdrawing the talent-pool consent, and withdrawing consent to
processing together with a request to delete everything (carried out by the due date)."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from candidates.models import Candidate, ConsentRecord
from candidates.naming import address_name
from interviews.access import candidate_link
from privacy.consents import consent_give, consent_is_active, consent_withdraw, current_text
from privacy.erasure import erasure_request_create, pending_request
from privacy.models import ConsentPurpose, ErasureChannel, ErasureReason, ErasureRequest

SOURCE = "privacy_page"


@transaction.atomic
def withdraw_and_request_erasure(*, candidate: Candidate, ip_address: str | None, user_agent: str) -> ErasureRequest:
    """Withdraw every consent (processing stops at once: the interview no longer opens)
    and ask for the data to be deleted within ERASURE_TERM_DAYS."""
    for purpose in (ConsentPurpose.PROCESSING, ConsentPurpose.TALENT_POOL):
        consent_withdraw(
            candidate=candidate, purpose=purpose, ip_address=ip_address, user_agent=user_agent, source=SOURCE
        )
    return erasure_request_create(
        candidate=candidate, reason=ErasureReason.WITHDRAWAL, channel=ErasureChannel.PUBLIC_PAGE
    )


@candidate_link(allow_expired=True, interview=False)
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    ip = request.client_ip  # type: ignore[attr-defined]
    link = request.invite_link  # type: ignore[attr-defined]
    candidate = link.application.candidate
    agent = request.headers.get("User-Agent", "")
    error = ""
    if request.method == "POST" and pending_request(candidate.pk) is None:
        action = request.POST.get("action")
        if action == "erase":
            if request.POST.get("confirm") == "on":
                withdraw_and_request_erasure(candidate=candidate, ip_address=ip, user_agent=agent)
                return redirect("privacy_public:my_data", token=token)
            error = "confirm"
        elif action == "pool_join":
            consent_give(
                candidate=candidate, purpose=ConsentPurpose.TALENT_POOL, ip_address=ip, user_agent=agent, source=SOURCE
            )
            return redirect("privacy_public:my_data", token=token)
        elif action == "pool_leave":
            consent_withdraw(
                candidate=candidate, purpose=ConsentPurpose.TALENT_POOL, ip_address=ip, user_agent=agent, source=SOURCE
            )
            return redirect("privacy_public:my_data", token=token)
    return TemplateResponse(
        request,
        "privacy/public/my_data.html",
        {
            "token": token,
            "vacancy": link.vacancy,
            "candidate_name": address_name(candidate.full_name),
            "consents": ConsentRecord.objects.filter(candidate=candidate).order_by("-created_at", "-pk"),
            "talent_pool": consent_is_active(candidate.pk, ConsentPurpose.TALENT_POOL, current_version=False),
            "talent_pool_text": current_text(ConsentPurpose.TALENT_POOL),
            "pending": pending_request(candidate.pk),
            "error": error,
            "term": settings.ERASURE_TERM_DAYS,
        },
        status=400 if error else 200,
    )
