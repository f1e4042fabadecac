"""The interview's mode as it happened. The room starts in the chat; the candidate may
turn voice on and off, and the browser may record the camera. ``Interview.mode`` is
the richest mode actually used (voice with a camera recording is «Голос и видео»),
and ``Interview.mode_log`` keeps every switch with its time, so lists, the admin and
the report never call a text chat a video interview."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from interviews.models import Interview, InterviewMode


def _settle(interview: Interview) -> str:
    voice_used = any(entry.get("mode") == InterviewMode.VOICE for entry in interview.mode_log)
    if not voice_used:
        return InterviewMode.CHAT
    filmed = interview.recordings.filter(mime_type__startswith="video/", chunks__gt=0).exists()
    return InterviewMode.VIDEO if filmed else InterviewMode.VOICE


def interview_mode_switch(*, interview_id: int, voice: bool) -> Interview:
    """Record that voice mode went on (``voice``) or off; a repeat changes nothing."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview_id)
        mode = InterviewMode.VOICE if voice else InterviewMode.CHAT
        last = interview.mode_log[-1]["mode"] if interview.mode_log else InterviewMode.CHAT
        if mode != last:
            interview.mode_log = [*interview.mode_log, {"mode": str(mode), "at": timezone.now().isoformat()}]
        interview.mode = _settle(interview)
        interview.save(update_fields=["mode_log", "mode"])
    return interview


def interview_mode_refresh(*, interview_id: int) -> None:
    """A recording arrived: a voice interview with the camera on becomes «Голос и видео»."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview_id)
        mode = _settle(interview)
        if mode != interview.mode:
            interview.mode = mode
            interview.save(update_fields=["mode"])
