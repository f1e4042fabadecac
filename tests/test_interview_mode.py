"""The interview's mode is what happened: a text chat stays «Чат», voice mode turned on
makes it «Голос», a camera recording with voice makes it «Голос и видео», and every
switch is kept. Opening a card does not count as watching its recording."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from interviews import conduct
from interviews.models import Interview, InterviewMode
from interviews.modes import interview_mode_switch
from interviews.recording import recording_append
from privacy.models import AccessAction, AccessLogEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


def _interview() -> Interview:
    application = f.application(cand=f.candidate(full_name="Режимов Игорь"))
    interview = conduct.interview_for_application(application_id=application.pk)
    conduct.interview_begin(interview_id=interview.pk)
    return interview


def test_a_text_chat_is_shown_as_a_chat_even_with_the_camera_recorded(recruiter_client: Client) -> None:
    interview = _interview()
    conduct.interview_answer(interview_id=interview.pk, text="Работаю с Python пять лет.")
    recording_append(interview=interview, recording_id=None, index=0, data=b"x" * 10, mime_type="video/webm")
    interview.refresh_from_db()
    assert interview.mode == InterviewMode.CHAT and interview.mode_switches == ""
    html = recruiter_client.get(reverse("interviews:list")).content.decode()
    assert "Режимов Игорь" in html and "Голос и видео" not in html and "Чат" in html


def test_voice_then_camera_then_back_to_chat_is_recorded(recruiter_client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    interview = _interview()
    interview_mode_switch(interview_id=interview.pk, voice=True)
    interview_mode_switch(interview_id=interview.pk, voice=True)  # a repeat is not a switch
    interview.refresh_from_db()
    assert interview.mode == InterviewMode.VOICE
    recording_append(interview=interview, recording_id=None, index=0, data=b"x" * 10, mime_type="video/webm;codecs=vp8")
    interview_mode_switch(interview_id=interview.pk, voice=False)
    interview.refresh_from_db()
    assert interview.mode == InterviewMode.VIDEO
    assert [e["mode"] for e in interview.mode_log] == ["voice", "chat"]
    assert interview.mode_switches == "Чат → Голос → Чат"
    page = recruiter_client.get(reverse("candidates:detail", args=[interview.application.candidate_id]))
    html = page.content.decode()
    assert 'data-interview-mode="video"' in html and "Чат → Голос → Чат" in html
    admin_client = Client()
    admin_client.force_login(admin_user)
    admin = admin_client.get(reverse("admin:interviews_interview_change", args=[interview.pk])).content.decode()
    assert "Чат → Голос → Чат" in admin


def test_opening_the_card_does_not_log_watching_the_recording(recruiter_client: Client) -> None:
    interview = _interview()
    appended = recording_append(
        interview=interview, recording_id=None, index=0, data=b"x" * 10, mime_type="video/webm", last=False
    )
    page = recruiter_client.get(reverse("candidates:detail", args=[interview.application.candidate_id]))
    html = page.content.decode()
    # The player fetches nothing until the person presses play.
    assert 'preload="none"' in html and 'preload="metadata"' not in html
    assert not AccessLogEntry.objects.filter(action=AccessAction.RECORDING).exists()
    recruiter_client.get(reverse("interviews:recording_file", args=[appended.recording_id]))
    assert AccessLogEntry.objects.filter(action=AccessAction.RECORDING).count() == 1
