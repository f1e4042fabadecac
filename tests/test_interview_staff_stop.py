"""Staff stop a live interview: the candidate's open socket gets a polite end message and
closes, the interview is marked stopped by that person, the access log names him, and a
person who cannot act on the application cannot stop it."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from interviews.models import Interview, InterviewStatus
from privacy.models import AccessAction, AccessLogEntry
from tests.test_interview_consumer import _open, _setup
from tests.test_link_stop import _closed_within_a_second, _started

pytestmark = pytest.mark.django_db(transaction=True)


def _stop_as(username: str, interview_id: int, *, follow: bool = False) -> Any:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.post(reverse("interviews:stop", args=[interview_id]), follow=follow)


async def test_a_recruiter_stops_a_live_interview(recruiter, manager) -> None:  # type: ignore[no-untyped-def]
    ctx = await database_sync_to_async(_setup)()
    ws = await _started(ctx)
    interview = await database_sync_to_async(Interview.objects.get)()
    assert interview.status == InterviewStatus.IN_PROGRESS

    # A manager of other vacancies does not see this application: nothing stops.
    refused = await database_sync_to_async(_stop_as)("bob", interview.pk)
    assert refused.status_code == 404

    response = await database_sync_to_async(_stop_as)("alice", interview.pk, follow=True)
    assert "Интервью остановлено" in response.content.decode()
    event = await _closed_within_a_second(ws)
    assert event["type"] == "end" and "сотрудником компании" in event["message"] and "Спасибо" in event["message"]

    interview = await database_sync_to_async(Interview.objects.get)()
    assert interview.status == InterviewStatus.ABANDONED
    assert interview.failure_reason == "Остановлено сотрудником: Алиса Рекрутер."
    entry = await database_sync_to_async(AccessLogEntry.objects.get)(action=AccessAction.STOP)
    assert entry.object_ref == f"interview:{interview.pk}" and entry.candidate_ref == ctx["application"].candidate_id

    # Stopping again says it is not running; the page shows who stopped it.
    again = await database_sync_to_async(_stop_as)("alice", interview.pk, follow=True)
    html = again.content.decode()
    assert "Интервью уже не идёт" in html and "Остановлено сотрудником: Алиса Рекрутер." in html
    # The candidate reconnects to a stopped interview: it does not start again.
    ws2 = await _open(ctx["token"])
    connected, _ = await ws2.connect()
    if connected:
        first = await ws2.receive_json_from(timeout=5)
        assert first["type"] != "question"
        await ws2.disconnect()
    interview = await database_sync_to_async(Interview.objects.get)()
    assert interview.status == InterviewStatus.ABANDONED
