"""django-q2 tasks of the interviews app. Tasks take ids or nothing and call a service."""

from __future__ import annotations

from django.conf import settings

from interviews import conduct


def abandon_stale_interviews() -> int:
    """Scheduled: interviews with no activity for INTERVIEW_IDLE_MINUTES become abandoned."""
    return conduct.interviews_abandon_stale(idle_minutes=settings.INTERVIEW_IDLE_MINUTES)


def assemble_recording(recording_id: int) -> int:
    """Queued by a recording's last chunk before the interview-wide join: join one
    segment's parts into one file (kept for tasks queued by an older version)."""
    from interviews.recording import recording_assemble

    return recording_assemble(recording_id=recording_id).chunks


def join_recording(interview_id: int) -> float:
    """Queued by the recorder's last chunk and by the interview's end: the one file a
    reviewer plays (every segment, both voices, chapters)."""
    from interviews.recording_join import recording_join

    joined = recording_join(interview_id=interview_id)
    return joined.duration_s if joined is not None else 0.0


def prepare_plan(interview_id: int) -> bool:
    """Queued when an interview is created and a model is configured: its plan's questions."""
    return conduct.interview_prepare_plan(interview_id=interview_id)
