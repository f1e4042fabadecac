"""The interviews app listens to the vacancies' invite links (connected in
``InterviewsConfig.ready``); each receiver runs after its sender's transaction committed."""

from __future__ import annotations

from typing import Any

from interviews import live
from interviews import signals as interview_signals
from interviews.models import Recording
from interviews.recording import queue_join
from vacancies import signals as vacancy_signals


def link_revoked_stop(sender: Any, link_id: int, application_id: int | None, **kwargs: Any) -> None:
    """A revoked personal link closes the interview sockets opened through it."""
    if application_id is not None:
        live.interviews_stop_for_link(link_id=link_id, application_id=application_id)


def interview_ended_join_recording(sender: Any, interview_id: int, **kwargs: Any) -> None:
    """The interview is over: its one recording is made while the reviewer is not yet
    looking (a recorder whose last chunk never came is joined here too)."""
    if Recording.objects.filter(interview_id=interview_id, chunks__gt=0).exists():
        queue_join(interview_id)


def connect() -> None:
    vacancy_signals.link_revoked.connect(link_revoked_stop, dispatch_uid="interviews.link_revoked")
    interview_signals.interview_finished.connect(
        interview_ended_join_recording, dispatch_uid="interviews.join_recording.finished"
    )
    interview_signals.interview_abandoned.connect(
        interview_ended_join_recording, dispatch_uid="interviews.join_recording.abandoned"
    )
