"""One reminder e-mail for a personal interview link nobody opened.

Run hourly by django-q2 (``vacancies.tasks.invitation_reminders_task``). A link gets a
reminder when it was issued ``hours`` ago or more, is still active (not revoked, not
expired), was never opened, and its application still waits at «Ждём ответа» (not
rejected, the interview not started) for a candidate with an e-mail who has not
withdrawn his consent. The reminder is recorded in ``EmailLog`` with a database
constraint of one per link, so a second run — or two runs at once — sends nothing new.

Only token hashes are stored, so the first link cannot be repeated: the reminder
carries a fresh personal link with the same expiry (the first one stays valid).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import PROCESSING_CONSENT, ConsentRecord
from candidates.pipeline import Stage
from hrcrm.emails import EmailRefs, absolute_url, email_send
from hrcrm.models import EmailKind, EmailLog
from vacancies import links
from vacancies.models import InviteLink, LinkPurpose
from vacancies.services import invitation_context

logger = logging.getLogger(__name__)


def _reminded_links() -> set[int]:
    """Links that had a reminder, and the fresh links reminders carried (never reminded)."""
    rows = EmailLog.objects.filter(kind=EmailKind.INVITATION_REMINDER).values_list("invite_link_id", "reminder_link_id")
    return {pk for pair in rows for pk in pair if pk is not None}


def _due_links(hours: int) -> list[InviteLink]:
    now = timezone.now()
    queryset = (
        InviteLink.objects.filter(
            purpose=LinkPurpose.INTERVIEW,
            created_at__lte=now - timedelta(hours=hours),
            revoked_at__isnull=True,
            expires_at__gt=now,
            use_count=0,
            application__stage=Stage.INVITED,
        )
        .exclude(application__candidate__email="")
        # Any opened link of the application means the candidate has seen the invitation.
        .exclude(application__invite_links__use_count__gt=0)
        .select_related("application__candidate", "application__vacancy", "created_by")
        .order_by("-created_at")
    )
    reminded = _reminded_links()
    due: list[InviteLink] = []
    seen: set[int] = set()
    for link in queryset:
        # One reminder per application per run: the newest unopened link speaks for all.
        if link.pk in reminded or link.application_id in seen:
            continue
        seen.add(link.application_id)
        due.append(link)
    return due


def _consent_withdrawn(candidate_id: int) -> bool:
    latest = ConsentRecord.objects.filter(candidate_id=candidate_id, purpose=PROCESSING_CONSENT).first()
    return latest is not None and not latest.granted


@transaction.atomic
def _remind(link_id: int) -> EmailLog | None:
    link = (
        InviteLink.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__vacancy", "created_by")
        .get(pk=link_id)
    )
    application = link.application
    assert application is not None  # an interview link always has one (check constraint)
    candidate, vacancy = application.candidate, application.vacancy
    if not link.is_active or link.use_count or _consent_withdrawn(candidate.pk):
        return None
    fresh = links.link_create_for_application(application=application, actor=link.created_by)
    InviteLink.objects.filter(pk=fresh.link.pk).update(expires_at=link.expires_at)
    return email_send(
        kind=EmailKind.INVITATION_REMINDER,
        to=candidate.email,
        language=vacancy.language,
        context=invitation_context(
            candidate=candidate,
            vacancy=vacancy,
            url=absolute_url(reverse("invite:landing", args=[fresh.token])),
            expires_at=link.expires_at,
            sender=link.created_by,
        ),
        # sent_by stays empty: the system sent it, not the person who issued the link.
        refs=EmailRefs(
            candidate_id=candidate.pk,
            application_id=application.pk,
            invite_link_id=link.pk,
            reminder_link_id=fresh.link.pk,
        ),
    )


def invitation_reminders_send(*, hours: int) -> int:
    """Send the due reminders; returns how many were queued for sending."""
    sent = 0
    for link in _due_links(hours):
        try:
            log = _remind(link.pk)
        except IntegrityError:
            # Another run reminded this link a moment ago (the unique constraint fired);
            # the whole reminder, fresh link included, was rolled back.
            logger.info("Invite link %s was reminded by a concurrent run", link.pk)
            continue
        sent += log is not None
    return sent
