"""Voice mode with a model over the real consumer: corpus speech in, the model's reply
streamed from the fake local server; its first sentence is being spoken before the
reply turn is even saved (the model is still writing the rest)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async

from interviews.models import Speaker, Turn
from interviews.speech.audio import read_pcm16
from tests.fakes import openai_compat
from tests.test_interview_consumer import _open, _setup
from tests.test_voice_consumer import AUDIO, FRAME, _clip, _next, _voice_on

pytestmark = pytest.mark.django_db(transaction=True)

FIRST = "Вы упомянули опыт в разработке."


def _model(payload: dict[str, Any]) -> str:
    prompt = payload["messages"][-1]["content"]
    policy = json.loads(prompt.split("Состояние (решает система):\n", 1)[1].split("\nФакты вакансии", 1)[0])
    action = next(a for a in ("follow_up", "clarify", "move_on", "answer_question", "finish") if a in policy["allowed"])
    say = f"{FIRST} Расскажите, какая задача в этом проекте была самой трудной и как вы её решили?"
    return json.dumps({"action": action, "say": say, "covered": []}, ensure_ascii=False)


async def test_the_first_sentence_is_spoken_while_the_model_writes(local_llm_server, fast_retries) -> None:  # type: ignore[no-untyped-def]
    local_llm_server.reset()
    local_llm_server.responder = _model
    local_llm_server.stream_delay = 0.12  # about 8 tokens a second: the reply takes seconds
    settings = fast_retries
    settings.AI_PROVIDER_INTERVIEW = "local"
    settings.INTERVIEW_LLM_BUDGET_VOICE = 5.0
    settings.LOCAL_LLM_URL = local_llm_server.base_url
    settings.LOCAL_LLM_MODEL = openai_compat.MODEL
    settings.LOCAL_LLM_API_KEY = local_llm_server.api_key
    clip = _clip("ru")
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    assert (await ws.connect())[0]
    assert (await _next(ws))["type"] == "history"
    await _voice_on(ws)
    pcm = read_pcm16(AUDIO / clip["file"])
    for offset in range(0, len(pcm), FRAME):
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
    order: list[str] = []
    while "reply_turn" not in order:
        event = await _next(ws, timeout=60)
        if isinstance(event, bytes):
            continue
        if event["type"] == "say" and event["text"].startswith(FIRST):
            order.append("first_sentence_spoken")
        if (
            event["type"] == "turn"
            and event["turn"]["speaker"] == Speaker.INTERVIEWER
            and FIRST in event["turn"]["text"]
        ):
            order.append("reply_turn")
    await ws.disconnect()
    assert order[0] == "first_sentence_spoken"  # speech began before the reply was complete and saved
    reply = await database_sync_to_async(
        lambda: Turn.objects.filter(speaker=Speaker.INTERVIEWER, text__startswith=FIRST).first()
    )()
    assert reply.meta["source"] == "llm" and reply.meta["streamed_sentences"] == 2
