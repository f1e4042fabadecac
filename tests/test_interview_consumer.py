"""The interview room's WebSocket through the real ASGI application: a whole chat
interview with scripted answers, a drop and resume without duplicates, a second tab,
refused tokens."""

from __future__ import annotations

from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from candidates import services as candidate_services
from candidates.models import Candidate
from candidates.pipeline import Stage
from hrcrm.asgi import application as asgi_app
from interviews.models import Interview, InterviewStatus, Turn
from privacy.consents import consent_give
from privacy.models import ConsentPurpose
from vacancies.links import link_create_for_application, link_revoke
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db(transaction=True)

GOOD = "Например, я сделал платёжный сервис на Python и PostgreSQL: explain, индексы и партиционирование ускорили отчёт в 10 раз."


def _setup(*, consent: bool = True, name: str = "Петров Пётр") -> dict[str, Any]:
    vacancy = Vacancy.objects.create(
        title="Python-разработчик", must_have=["Python", "PostgreSQL"], interview_minutes=20
    )
    candidate = Candidate.objects.create(full_name=name, skills=["Python", "PostgreSQL"])
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    issued = link_create_for_application(application=application, actor=None)
    if consent:
        consent_give(
            candidate=candidate,
            purpose=ConsentPurpose.PROCESSING,
            ip_address="127.0.0.1",
            user_agent="test",
            source="test",
        )
    return {"token": issued.token, "application": application, "link": issued.link}


async def _open(token: str) -> WebsocketCommunicator:
    ws = WebsocketCommunicator(asgi_app, f"/ws/interview/{token}/", headers=[(b"origin", b"http://testserver")])
    return ws


async def _receive_until(ws: WebsocketCommunicator, kind: str) -> list[dict[str, Any]]:
    events = []
    while True:
        event = await ws.receive_json_from(timeout=5)
        events.append(event)
        if event["type"] == kind:
            return events


async def test_a_whole_chat_interview_from_greeting_to_end() -> None:
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    connected, _ = await ws.connect()
    assert connected
    history = await ws.receive_json_from(timeout=5)
    assert history["type"] == "history" and "ИИ-интервьюер" in history["turns"][0]["text"]
    assert history["progress"]["topics_total"] >= 5
    ended = False
    for n in range(30):
        await ws.send_json_to({"type": "answer", "id": f"a{n}", "text": GOOD})
        events = await _receive_until(ws, "progress")
        kinds = [e["type"] for e in events]
        assert kinds[:2] == ["turn", "turn"]
        if events[-1]["finished"]:
            end = await ws.receive_json_from(timeout=5)
            assert end["type"] == "end"
            ended = True
            break
    assert ended
    await ws.disconnect()
    interview = await database_sync_to_async(Interview.objects.select_related("application").get)()
    assert interview.status == InterviewStatus.COMPLETED
    assert interview.application.stage == Stage.EVALUATING
    turns = await database_sync_to_async(lambda: list(Turn.objects.values_list("index", flat=True)))()
    assert turns == list(range(len(turns)))


async def test_a_dropped_connection_resumes_without_duplicates() -> None:
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    await ws.connect()
    await ws.receive_json_from(timeout=5)
    await ws.send_json_to({"type": "answer", "id": "m1", "text": GOOD})
    await _receive_until(ws, "progress")
    await ws.disconnect()  # the tab closes

    ws = await _open(ctx["token"])
    await ws.connect()
    history = await ws.receive_json_from(timeout=5)
    assert [t["index"] for t in history["turns"]] == [0, 1, 2]  # greeting, answer, next question
    # The browser did not see the ack and sends the same answer again: nothing doubles.
    await ws.send_json_to({"type": "answer", "id": "m1", "text": GOOD})
    events = await _receive_until(ws, "progress")
    assert [e["turn"]["index"] for e in events if e["type"] == "turn"] == [1, 2]
    await ws.disconnect()
    assert await database_sync_to_async(Turn.objects.count)() == 3


async def test_a_second_tab_takes_over() -> None:
    ctx = await database_sync_to_async(_setup)()
    first = await _open(ctx["token"])
    await first.connect()
    await first.receive_json_from(timeout=5)
    second = await _open(ctx["token"])
    await second.connect()
    told = await first.receive_json_from(timeout=5)
    assert told["type"] == "error" and told["code"] == "taken_over"
    assert (await first.receive_output(timeout=5))["type"] == "websocket.close"
    history = await second.receive_json_from(timeout=5)
    assert len(history["turns"]) == 1  # the greeting was not repeated
    await second.disconnect()


@pytest.mark.parametrize("case", ["unknown", "revoked", "no_consent", "other_candidate"])
async def test_bad_tokens_are_refused(case: str) -> None:
    ctx = await database_sync_to_async(_setup)(consent=case != "no_consent")
    token = ctx["token"]
    if case == "unknown":
        token = "x" * 40
    elif case == "revoked":
        await database_sync_to_async(link_revoke)(link=ctx["link"])
    elif case == "other_candidate":
        other = await database_sync_to_async(_setup)(name="Другой Кандидат")
        token = other["token"] + "tampered"
    ws = await _open(token)
    connected, code = await ws.connect()
    assert not connected and code == 4403
