"""Bad input never crashes: malformed JSON or a NUL on the interview WebSocket gets an
error event and the socket stays open; NUL characters in query parameters and posted
forms and a huge ?offset= answer a page, never a 500; tokens are masked in log lines."""

from __future__ import annotations

import io
import logging
import logging.config

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hrcrm.logs import logging_config, mask_tokens
from tests.test_interview_consumer import GOOD, _open, _setup


@pytest.mark.django_db(transaction=True)
async def test_malformed_json_and_nul_on_the_socket_get_an_error_and_it_stays_open() -> None:
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    assert (await ws.connect())[0]
    assert (await ws.receive_json_from(timeout=5))["type"] == "history"
    for bad in ("{not json", '{"type": "answer", "id": "x", "text": "a\\u0000b"}', "\x00", "[]", '"x"'):
        await ws.send_to(text_data=bad)
        event = await ws.receive_json_from(timeout=5)
        assert event["type"] == "error" and event["code"] == "bad_event", bad
    await ws.send_json_to({"type": "answer", "id": "ok1", "text": GOOD})
    assert (await ws.receive_json_from(timeout=5))["type"] == "turn"  # still open and working
    await ws.disconnect()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["q=%00", "city=%00", "skill=a%00", "q=a%00b&view=board", "vacancy=99999999999999999999", "page=%00"],
)
def test_nul_and_huge_numbers_in_the_candidates_query_answer_a_page(recruiter_client: Client, query: str) -> None:
    assert recruiter_client.get(reverse("candidates:list") + "?" + query).status_code == 200


@pytest.mark.django_db
def test_a_huge_board_offset_answers_a_page(recruiter_client: Client) -> None:
    url = reverse("candidates:board_column", args=["invited"]) + "?offset=99999999999999999999999"
    assert recruiter_client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_nul_in_a_posted_reason_is_dropped_not_a_500(client: Client, manager) -> None:  # type: ignore[no-untyped-def]
    from candidates.pipeline import Stage
    from scoring.models import Decision
    from tests import factories as f

    app = f.application(stage=Stage.AWAITING_DECISION, vac=f.vacancy(hiring_manager=manager))
    client.force_login(manager)
    response = client.post(
        reverse("scoring:decide", args=[app.pk]), {"outcome": "reject", "comment": "нет\x00опыта", "without_ai": "on"}
    )
    assert response.status_code == 302
    assert Decision.objects.get().comment == "нетопыта"


def test_tokens_are_masked_in_every_log_line() -> None:
    token = "7q1MR6icRnykXeG06q1wZhvu91tIcmcf"
    for path in (f"/i/{token}/", f"/apply/{token}/", f"/ws/interview/{token}/", f"/interviews/room/{token}/recording/"):
        masked = mask_tokens(f"GET {path} 200")
        assert token not in masked and token[:4] + "…" in masked
    # Through the configured handler, whatever the logger and however the line is built.
    stream = io.StringIO()
    logging.config.dictConfig(logging_config(level="INFO", fmt="json"))
    handler = logging.getLogger().handlers[0]
    handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        logging.getLogger("django.request").warning("Not Found: %s", f"/i/{token}/my-data/")
        logging.getLogger("hrcrm.request").info(f"GET /interviews/room/{token}/ 200")
        assert token not in stream.getvalue() and stream.getvalue().count("…") == 2
    finally:
        logging.config.dictConfig(settings.LOGGING)
