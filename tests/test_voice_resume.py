"""A connection blip around a spoken answer loses nothing and doubles nothing: the
browser's numbered frames, kept until acknowledged, are sent again after a reconnect
(as interview-voice.js does); the server takes each frame once and commits a turn
only when its audio is complete. Real ASGI consumer, real Whisper on espeak-ng speech."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from channels.db import database_sync_to_async

from interviews.models import Speaker, Turn
from interviews.speech.base import SAMPLE_RATE
from tests import speech_clips
from tests.test_interview_consumer import _open, _setup

pytestmark = pytest.mark.django_db(transaction=True)

FRAME = 640  # 20 ms, as the AudioWorklet sends
STREAM = "page-1"


def _answer_frames() -> list[bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        speech = speech_clips.phrase(
            "Я пять лет работал в банке и писал сервис платежей на питоне.",
            voice="ru",
            speed=160,
            pitch=50,
            folder=Path(tmp),
        )
    audio = np.concatenate([np.zeros(SAMPLE_RATE // 2, np.int32), speech]).astype("<i2").tobytes()
    return [audio[i : i + FRAME] for i in range(0, len(audio), FRAME)]


def _numbered(seq: int, pcm: bytes) -> bytes:
    return seq.to_bytes(4, "little") + pcm.ljust(FRAME, b"\0")


async def _join(token: str) -> Any:
    ws = await _open(token)
    assert (await ws.connect())[0]
    assert json.loads((await ws.receive_output(timeout=10))["text"])["type"] == "history"
    await ws.send_json_to({"type": "voice", "on": True, "seq": True, "stream": STREAM})
    while True:
        message = await ws.receive_output(timeout=20)
        event = json.loads(message["text"]) if message.get("text") else {}
        if event.get("type") == "voice_state":
            return ws, event["committed_seq"]


async def _send(ws: Any, frames: list[bytes], first: int) -> None:
    for n, pcm in enumerate(frames):
        await ws.send_to(bytes_data=_numbered(first + n, pcm))


async def _until_candidate_turn(ws: Any, timeout: float = 90) -> dict[str, Any]:
    while True:
        message = await ws.receive_output(timeout=timeout)
        if message.get("text"):
            event = json.loads(message["text"])
            if event["type"] == "turn" and event["turn"]["speaker"] == Speaker.CANDIDATE:
                return event["turn"]


def _candidate_turns() -> list[Turn]:
    return list(Turn.objects.filter(speaker=Speaker.CANDIDATE).order_by("index"))


SILENCE = [b"\0" * FRAME] * 100  # 2 s: the pause that ends a turn


async def test_a_cut_half_a_second_after_an_answer_loses_nothing_and_doubles_nothing() -> None:
    ctx = await database_sync_to_async(_setup)()
    answer = _answer_frames()
    ws, committed = await _join(ctx["token"])
    assert committed == -1
    await _send(ws, answer + SILENCE[:25], 0)  # the answer, then 0.5 s of its closing pause
    await ws.disconnect()  # the turn had not ended: nothing is committed from half a pause
    assert await database_sync_to_async(_candidate_turns)() == []

    ws, committed = await _join(ctx["token"])
    assert committed == -1
    kept = answer + SILENCE[:25]
    await _send(ws, kept + SILENCE, 0)  # the browser sends what it kept, then goes on
    await _until_candidate_turn(ws)
    await ws.disconnect()
    (saved,) = await database_sync_to_async(_candidate_turns)()
    first, last = saved.meta["recognition"]["audio_frames"]
    assert first <= 25 and len(answer) <= last < len(kept) + len(SILENCE)

    # The acknowledgement was lost: the page sends everything again. The server knows
    # those frames are in a saved answer and takes none of them.
    ws, committed = await _join(ctx["token"])
    assert committed == last
    resent = kept + SILENCE + SILENCE
    await _send(ws, resent, 0)
    # The microphone stays open (silence) until the server acknowledges all it was
    # sent again: everything it took is settled, and no answer came of it.
    sent, acked = len(resent), -1
    while acked < len(resent):
        await _send(ws, SILENCE[:10], sent)
        sent += 10
        while not await ws.receive_nothing(timeout=0.3):
            message = await ws.receive_output()
            event = json.loads(message["text"]) if message.get("text") else {}
            assert not (event.get("type") == "turn" and event["turn"]["speaker"] == Speaker.CANDIDATE), event
            if event.get("type") == "ack":
                acked = event["seq"]
        assert sent < len(resent) + 3000, "no acknowledgement"
    await ws.disconnect()
    assert len(await database_sync_to_async(_candidate_turns)()) == 1


async def test_a_cut_in_the_middle_of_an_answer_gives_one_answer() -> None:
    ctx = await database_sync_to_async(_setup)()
    answer = _answer_frames()
    half = len(answer) // 2
    ws, _ = await _join(ctx["token"])
    await _send(ws, answer[:half], 0)
    await ws.disconnect()
    ws, committed = await _join(ctx["token"])
    assert committed == -1
    # What was sent before the cut comes again (the page kept it), then the rest.
    await _send(ws, answer + SILENCE, 0)
    turn = await _until_candidate_turn(ws)
    await ws.disconnect()
    (saved,) = await database_sync_to_async(_candidate_turns)()
    assert saved.text == turn["text"]
    first, last = saved.meta["recognition"]["audio_frames"]
    assert first < half < len(answer) <= last  # one answer over both halves
