"""The one guard of candidate links: how a token in a URL becomes the candidate's
interview, for every page he reaches without an account (landing, interview room,
recording upload, «talk to a person», his personal-data page) and for the interview
WebSocket.

It resolves the token once per request (rate limited per client address, see
``vacancies.links.link_resolve`` and ``hrcrm.http``), checks the link's state and, where
the page needs it, the candidate's consent, and hands the view ``request.invite_link``
and ``request.interview``. Every failure a visitor can cause renders the same page with
the same status, so nothing tells which tokens exist.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from hrcrm.http import client_ip, scope_client_ip
from interviews.conduct import interview_for_application
from interviews.models import Interview
from vacancies.links import LinkError, LinkExpired, LinkRevoked, LinkThrottled, LinkUnknown, link_is_live, link_resolve
from vacancies.models import InviteLink, LinkPurpose

__all__ = [
    "CandidateLink",
    "ConsentMissing",
    "LinkError",
    "LinkExpired",
    "LinkRevoked",
    "LinkThrottled",
    "LinkUnknown",
    "candidate_link",
    "consumer_link",
    "has_consent",
    "interview_for_token",
    "link_error_response",
    "link_still_open",
]


class ConsentMissing(Exception):
    """The link is valid, but the candidate has not consented (or withdrew)."""


@dataclass(frozen=True)
class CandidateLink:
    link: InviteLink
    interview: Interview | None


def has_consent(candidate_id: int) -> bool:
    """The candidate's consent to processing is in force for the current text version
    (a withdrawal or a new version of the text asks for it again)."""
    from privacy.consents import consent_is_active
    from privacy.models import ConsentPurpose

    return consent_is_active(candidate_id, ConsentPurpose.PROCESSING)


def open_link(
    token: str,
    *,
    client_ip: str | None,
    consent: bool = False,
    allow_expired: bool = False,
    interview: bool = True,
) -> CandidateLink:
    """Resolve a personal interview link: raises ``LinkError`` (unknown, expired, revoked,
    throttled) or ``ConsentMissing`` (with ``consent=True``). With ``interview`` the
    application's interview is fetched, created on first use (locked: two tabs opening
    the link at once get the same interview)."""
    link = link_resolve(token, purpose=LinkPurpose.INTERVIEW, client_ip=client_ip, allow_expired=allow_expired)
    assert link.application_id is not None  # interview links always name their application
    if consent and not has_consent(link.application.candidate_id):
        raise ConsentMissing
    found = interview_for_application(application_id=link.application_id) if interview else None
    return CandidateLink(link=link, interview=found)


def interview_for_token(token: str, *, client_ip: str | None = None) -> Interview:
    """The interview a personal link opens (no consent check); ``client_ip`` enables
    the rate limit. Only ``interview`` links qualify: an open vacancy link never opens
    an interview."""
    found = open_link(token, client_ip=client_ip).interview
    assert found is not None
    return found


def link_still_open(link_id: int, candidate_id: int) -> bool:
    """Asked again on every event of an open socket and every recording chunk: the link
    was not revoked and the consent not withdrawn since the connection was opened."""
    return link_is_live(link_id) and has_consent(candidate_id)


def link_error_response(request: HttpRequest, error: LinkError) -> HttpResponse:
    throttled = isinstance(error, LinkThrottled)
    return TemplateResponse(
        request,
        "vacancies/public/link_error.html",
        {"throttled": throttled},
        status=429 if throttled else 404,
    )


def _json_error(error: Exception) -> JsonResponse:
    if isinstance(error, LinkThrottled):
        return JsonResponse({"error": "throttled"}, status=429)
    if isinstance(error, ConsentMissing):
        return JsonResponse({"error": "no_consent"}, status=403)
    return JsonResponse({"error": "bad_link"}, status=403)


View = Callable[..., HttpResponse]


def candidate_link(
    *, consent: bool = False, allow_expired: bool = False, interview: bool = True, api: bool = False
) -> Callable[[View], View]:
    """Decorate a view ``view(request, token, ...)`` reached by a personal link.

    Sets ``request.invite_link``, ``request.interview`` (None with ``interview=False``)
    and ``request.client_ip``. ``consent``: without an active consent the visitor goes
    back to the landing page (``api``: a JSON 403). ``allow_expired``: the personal-data
    page stays reachable after the interview's deadline. ``api``: errors as JSON for the
    room's scripts instead of the error page. The view needs no login and is never cached.
    """

    def decorator(view: View) -> View:
        @login_not_required
        @never_cache
        @wraps(view)
        def wrapper(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
            ip = client_ip(request)
            try:
                found = open_link(
                    token, client_ip=ip, consent=consent, allow_expired=allow_expired, interview=interview
                )
            except (LinkError, ConsentMissing) as error:
                if api:
                    return _json_error(error)
                if isinstance(error, ConsentMissing):
                    return redirect("invite:landing", token=token)
                assert isinstance(error, LinkError)
                return link_error_response(request, error)
            request.invite_link = found.link  # type: ignore[attr-defined]
            request.interview = found.interview  # type: ignore[attr-defined]
            request.client_ip = ip  # type: ignore[attr-defined]
            return view(request, token, *args, **kwargs)

        return wrapper

    return decorator


def consumer_link(token: str, scope: Mapping[str, Any]) -> CandidateLink | None:
    """The same guard for the interview WebSocket (synchronous: run it in a thread).
    None for every refusal (unknown, expired, revoked, throttled, no consent): the socket
    is closed without saying which, so nothing leaks."""
    try:
        return open_link(token, client_ip=scope_client_ip(scope), consent=True)
    except (LinkError, ConsentMissing):
        return None
