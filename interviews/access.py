"""How a candidate's token becomes his interview: the one function every candidate-facing
page (landing, interview room, WebSocket consumer) calls."""

from __future__ import annotations

from interviews.conduct import interview_for_application
from interviews.models import Interview
from vacancies.links import LinkError, LinkExpired, LinkRevoked, LinkThrottled, LinkUnknown, link_resolve
from vacancies.models import LinkPurpose

__all__ = [
    "LinkError",
    "LinkExpired",
    "LinkRevoked",
    "LinkThrottled",
    "LinkUnknown",
    "interview_for_token",
]


def interview_for_token(token: str, *, client_ip: str | None = None) -> Interview:
    """The interview a personal link opens, created on first use.

    Raises a ``LinkError`` subclass for unknown, expired, revoked or throttled tokens
    (``client_ip`` enables the rate limit). Only ``interview`` links qualify: an open
    vacancy link never opens an interview. The application row is locked so two tabs
    opening the link at once get the same interview.
    """
    link = link_resolve(token, purpose=LinkPurpose.INTERVIEW, client_ip=client_ip)
    return interview_for_application(application_id=link.application_id)
