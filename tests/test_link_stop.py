"""A revoked link, a withdrawn consent and a finished interview reach the sockets that
are open: the channel-layer message closes them within a second, the next answer is
refused, the recording stops taking chunks and staff see the interview stopped."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from candidates.models import Candidate
from interviews.models import Interview, InterviewStatus, Turn
from privacy.consents import consent_withdraw
from privacy.models import ConsentPurpose
from tests.test_interview_consumer import GOOD, _open, _setup
from vacancies.links import link_create_for_application, link_revoke
from vacancies.models import InviteLink

pytestmark = pytest.mark.django_db(transaction=True)


async def _started(ctx: dict[str, Any]) -> Any:
    ws = await _open(ctx["token"])
    connected, _ = await ws.connect()
    assert connected
    assert (await ws.receive_json_from(timeout=5))["type"] == "history"
    return ws


async def _closed_within_a_second(ws: Any) -> dict[str, Any]:
    event = await ws.receive_json_from(timeout=1)
    closed = await ws.receive_output(timeout=1)
    assert closed == {"type": "websocket.close", "code": 4410}
    return event


def _turn_count() -> int:
    return Turn.objects.count()


async def test_revoking_the_link_closes_the_open_socket_and_stops_the_interview(settings) -> None:
    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # untouched; recordings are not used here
    ctx = await database_sync_to_async(_setup)()
    ws = await _started(ctx)
    await database_sync_to_async(link_revoke)(link=ctx["link"])
    event = await _closed_within_a_second(ws)
    assert event["type"] == "end" and "ссылка больше не действует" in event["message"]
    interview = await database_sync_to_async(Interview.objects.get)()
    assert interview.status == InterviewStatus.ABANDONED and "отозвана" in interview.failure_reason
    # Reconnecting with the revoked link is refused.
    again = await _open(ctx["token"])
    connected, code = await again.connect()
    assert not connected and code == 4403


async def test_an_answer_after_revocation_is_refused_even_without_the_message() -> None:
    """The stop message can be lost (another process, a channel layer restart): the
    socket re-checks the link on every event."""
    ctx = await database_sync_to_async(_setup)()
    ws = await _started(ctx)
    before = await database_sync_to_async(_turn_count)()
    # Revoked straight in the database: no signal, no message.
    await database_sync_to_async(
        lambda: InviteLink.objects.filter(pk=ctx["link"].pk).update(revoked_at="2026-01-01T00:00Z")
    )()
    await ws.send_json_to({"type": "answer", "id": "late", "text": GOOD})
    event = await _closed_within_a_second(ws)
    assert event["type"] == "end"
    assert await database_sync_to_async(_turn_count)() == before


async def test_revoking_an_old_link_leaves_the_interview_opened_by_a_new_one() -> None:
    ctx = await database_sync_to_async(_setup)()
    newer = await database_sync_to_async(link_create_for_application)(application=ctx["application"], actor=None)
    ws = await _open(newer.token)
    assert (await ws.connect())[0]
    assert (await ws.receive_json_from(timeout=5))["type"] == "history"
    await database_sync_to_async(link_revoke)(link=ctx["link"])
    assert await ws.receive_nothing(timeout=0.5)
    await ws.send_json_to({"type": "answer", "id": "a1", "text": GOOD})
    assert (await ws.receive_json_from(timeout=5))["type"] == "turn"
    await ws.disconnect()


async def test_withdrawing_consent_closes_the_socket() -> None:
    ctx = await database_sync_to_async(_setup)()
    ws = await _started(ctx)
    candidate = await database_sync_to_async(Candidate.objects.get)()
    await database_sync_to_async(consent_withdraw)(
        candidate=candidate, purpose=ConsentPurpose.PROCESSING, ip_address=None, user_agent="", source="test"
    )
    event = await _closed_within_a_second(ws)
    assert "отозвали согласие" in event["message"]
    interview = await database_sync_to_async(Interview.objects.get)()
    assert interview.status == InterviewStatus.ABANDONED


def test_a_recording_chunk_is_refused_after_consent_is_withdrawn(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    ctx = _setup()
    url = reverse("interviews:recording_upload", args=[ctx["token"]])
    headers = {"X-Chunk-Index": "0", "X-Recording-Id": ""}
    visitor = Client()
    assert visitor.post(url, data=b"chunk0", content_type="video/webm", headers=headers).status_code == 200
    consent_withdraw(
        candidate=ctx["application"].candidate,
        purpose=ConsentPurpose.PROCESSING,
        ip_address=None,
        user_agent="",
        source="test",
    )
    refused = visitor.post(url, data=b"chunk1", content_type="video/webm", headers={**headers, "X-Chunk-Index": "1"})
    assert refused.status_code == 403 and refused.json()["error"] == "no_consent"


def test_a_candidate_who_never_consented_cannot_upload(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    ctx = _setup(consent=False)
    url = reverse("interviews:recording_upload", args=[ctx["token"]])
    response = Client().post(url, data=b"x", content_type="video/webm", headers={"X-Chunk-Index": "0"})
    assert response.status_code == 403


def test_staff_see_the_interview_stopped(recruiter_client) -> None:
    ctx = _setup()
    from interviews import conduct

    interview = conduct.interview_for_application(application_id=ctx["application"].pk)
    conduct.interview_begin(interview_id=interview.pk)
    link_revoke(link=ctx["link"])
    page = recruiter_client.get(reverse("candidates:detail", args=[ctx["application"].candidate_id]))
    html = page.content.decode()
    assert "Прервано" in html and "ссылка кандидата отозвана" in html
