"""Invite links: creation, lookup by token, revocation, and the rate limit on lookups.

A token is ``secrets.token_urlsafe(24)`` (192 bits) and only its SHA-256 is stored.
Lookups answer every failure the same way to the candidate (see the error page), but
raise typed errors so callers can log and count them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F
from django.utils import timezone

from candidates.models import Application
from hrcrm.events import send_after_commit
from vacancies.models import DEFAULT_LINK_DAYS, AttemptKind, InviteLink, LinkAttempt, LinkPurpose, Vacancy
from vacancies.signals import link_revoked

TOKEN_BYTES = 24
MAX_LINK_DAYS = 90
# Failed lookups allowed per address in the window; a person mistyping a link makes a
# few, a script guessing 192-bit tokens makes thousands.
ATTEMPT_LIMIT = 20
ATTEMPT_WINDOW = timedelta(minutes=10)


class LinkError(Exception):
    """Base of every reason a token does not open anything."""


class LinkUnknown(LinkError):
    pass


class LinkExpired(LinkError):
    pass


class LinkRevoked(LinkError):
    pass


class LinkThrottled(LinkError):
    pass


@dataclass(frozen=True)
class IssuedLink:
    """A freshly created link with its token: the only moment the token is known."""

    link: InviteLink
    token: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _issue(
    *, purpose: str, vacancy: Vacancy, application: Application | None, actor: AbstractBaseUser | None, days: int
) -> IssuedLink:
    days = max(1, min(int(days or DEFAULT_LINK_DAYS), MAX_LINK_DAYS))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = InviteLink.objects.create(
        purpose=purpose,
        token_hash=token_hash(token),
        vacancy=vacancy,
        application=application,
        expires_at=timezone.now() + timedelta(days=days),
        created_by=actor,
    )
    return IssuedLink(link=link, token=token)


def link_create_for_application(
    *, application: Application, actor: AbstractBaseUser | None, days: int = DEFAULT_LINK_DAYS
) -> IssuedLink:
    """A personal interview link. Earlier active links of the same application stay
    valid (the candidate may have the first e-mail); revoke them explicitly if needed."""
    return _issue(
        purpose=LinkPurpose.INTERVIEW,
        vacancy=application.vacancy,
        application=application,
        actor=actor,
        days=days,
    )


def link_create_for_vacancy(
    *, vacancy: Vacancy, actor: AbstractBaseUser | None, days: int = DEFAULT_LINK_DAYS
) -> IssuedLink:
    return _issue(purpose=LinkPurpose.VACANCY, vacancy=vacancy, application=None, actor=actor, days=days)


def link_revoke(*, link: InviteLink) -> InviteLink:
    """Revoke the link; once committed, the interview sockets opened through it close
    (``vacancies.signals.link_revoked``)."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        send_after_commit(link_revoked, sender=InviteLink, link_id=link.pk, application_id=link.application_id)
    return link


def throttled(client_ip: str, kind: str = AttemptKind.FAILURE) -> bool:
    """``client_ip`` made ATTEMPT_LIMIT attempts of ``kind`` within the window."""
    since = timezone.now() - ATTEMPT_WINDOW
    recent = LinkAttempt.objects.filter(ip_address=client_ip, kind=kind, created_at__gte=since)
    return recent.count() >= ATTEMPT_LIMIT


def record_attempt(client_ip: str, kind: str = AttemptKind.FAILURE) -> None:
    """Count one attempt of ``kind`` against ``client_ip``: a failed lookup, or a
    self-registration (one address cannot create candidates in bulk through an open link)."""
    LinkAttempt.objects.filter(created_at__lt=timezone.now() - ATTEMPT_WINDOW).delete()
    LinkAttempt.objects.create(ip_address=client_ip, kind=kind)


def link_resolve(token: str, *, purpose: str, client_ip: str | None = None, allow_expired: bool = False) -> InviteLink:
    """The active link of ``purpose`` for ``token``, or a typed ``LinkError``.

    ``allow_expired``: an expired (not revoked) link still opens the candidate's page of
    his personal data: withdrawing consent must not end with the interview's deadline.

    With ``client_ip`` failed lookups are counted per address; past the limit a failure
    is answered ``LinkThrottled`` (429) instead of its own error. A valid token is never
    refused: many candidates can share one address (an office, a mobile operator's NAT),
    and one person's typos, or an attacker's guesses from that address, must not stop
    anyone else's interview. Guessing gains nothing from that: a token has 192 bits.
    ``client_ip`` must be a valid address (``hrcrm.http.client_ip`` gives one).
    """
    link = (
        InviteLink.objects.select_related("vacancy", "application__candidate")
        .filter(token_hash=token_hash(token), purpose=purpose)
        .first()
        if 16 <= len(token) <= 100
        else None
    )
    error: LinkError | None = None
    if link is None:
        error = LinkUnknown()
    elif link.revoked_at is not None:
        error = LinkRevoked()
    elif link.expires_at <= timezone.now() and not allow_expired:
        error = LinkExpired()
    if error is not None:
        if client_ip:
            if throttled(client_ip):
                raise LinkThrottled from error
            record_attempt(client_ip)
        raise error
    assert link is not None
    InviteLink.objects.filter(pk=link.pk).update(use_count=F("use_count") + 1, last_used_at=timezone.now())
    return link


def link_is_live(link_id: int) -> bool:
    """The link still opens its interview (not revoked). Checked on every event of an
    open interview socket and every recording chunk, so a revocation stops both; the
    link's expiry does not cut an interview already under way."""
    return InviteLink.objects.filter(pk=link_id, revoked_at__isnull=True).exists()
