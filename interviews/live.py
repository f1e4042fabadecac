"""Stopping an interview from outside its socket: a revoked link, a withdrawn consent,
the end of the interview. The running interview is marked abandoned with the reason
(staff pages show it stopped, and the conduct services refuse further answers), and a
channel-layer message to the interview's group closes every socket that has it open
within a second; the browser stops its recording on the ``end`` event it gets first.

Messages go out after the transaction commits (a rolled-back revocation stops nothing)
and reach sockets held by any daphne process through the shared channel layer.
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from interviews.models import Interview, InterviewStatus

log = logging.getLogger(__name__)

REASON_REVOKED = "revoked"
REASON_CONSENT = "consent_withdrawn"
REASON_FINISHED = "finished"
REASON_ABANDONED = "abandoned"
REASON_STAFF = "staff"


def _group(interview_id: int) -> str:
    return f"interview-{interview_id}"  # the consumer's group (interviews.consumers)


def broadcast_stop(interview_id: int, *, reason: str, link_id: int | None = None, skip_channel: str = "") -> None:
    """Close the interview's open sockets after commit (``link_id``: only those opened
    through that link; ``skip_channel``: not this one, the socket that finished it)."""
    message = {"type": "interview.stop", "reason": reason, "link_id": link_id, "skip": skip_channel}

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # the usual case: a view, a task or a consumer's worker thread
            async_to_sync(layer.group_send)(_group(interview_id), message)
        else:  # called from code running inside an event loop: schedule it there
            loop.create_task(layer.group_send(_group(interview_id), message))

    transaction.on_commit(send)


def _abandon(interview_id: int, note: str) -> bool:
    """Mark a running interview stopped (locked), with the reason staff will see."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().filter(pk=interview_id).first()
        if interview is None or interview.status != InterviewStatus.IN_PROGRESS:
            return False
        interview.status = InterviewStatus.ABANDONED
        interview.finished_at = timezone.now()
        interview.failure_reason = note
        interview.save(update_fields=["status", "finished_at", "failure_reason"])
    log.info("interview %s stopped: %s", interview_id, note)
    return True


def interviews_stop_for_link(*, link_id: int, application_id: int) -> None:
    """A personal link was revoked: its sockets close. The interview itself stops unless
    another live link of the same application still opens it (the recruiter revoked an
    old e-mail's link, not the interview)."""
    from vacancies.models import InviteLink

    other_live = (
        InviteLink.objects.filter(application_id=application_id, revoked_at__isnull=True, expires_at__gt=timezone.now())
        .exclude(pk=link_id)
        .exists()
    )
    for interview_id in Interview.objects.filter(application_id=application_id).values_list("pk", flat=True):
        if other_live:
            broadcast_stop(interview_id, reason=REASON_REVOKED, link_id=link_id)
        else:
            _abandon(interview_id, _("Остановлено: ссылка кандидата отозвана."))
            broadcast_stop(interview_id, reason=REASON_REVOKED)


def interviews_stop_for_candidate(*, candidate_id: int) -> None:
    """The candidate withdrew his consent to processing: every interview of his stops."""
    for interview_id in Interview.objects.filter(application__candidate_id=candidate_id).values_list("pk", flat=True):
        _abandon(interview_id, _("Остановлено: кандидат отозвал согласие на обработку данных."))
        broadcast_stop(interview_id, reason=REASON_CONSENT)


def interview_stop_by_staff(*, interview_id: int, actor_name: str) -> bool:
    """A recruiter or manager stops a running interview (a wrong candidate on the line,
    a broken session, abuse): it is marked stopped by staff with who did it, and the
    candidate's room ends with a polite message. False when it was not running."""
    stopped = _abandon(interview_id, _("Остановлено сотрудником: %(name)s.") % {"name": actor_name})
    if stopped:
        broadcast_stop(interview_id, reason=REASON_STAFF)
    return stopped
