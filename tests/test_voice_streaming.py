"""Voice mode with a streaming recogniser (``SPEECH_STT=speechkit``) over the real ASGI
consumer and a local SpeechKit v3 gRPC server: one stream per turn, its partial
hypotheses shown as the live transcript, its finals saved as the candidate's answer
once; a stream the service refuses ends voice mode and the chat goes on.

The audio is real speech (espeak-ng), so Silero VAD takes it for speech as it would a
microphone's; the fake finds the utterances in it by sound and silence as the service
does, and "recognises" them as the lines of its script, in order."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from typing import Any

import numpy as np
import pytest
from channels.db import database_sync_to_async

from interviews.models import Speaker, Turn
from interviews.speech.audio import resample
from interviews.speech.base import SAMPLE_RATE
from tests.fakes.speechkit_grpc import silence
from tests.test_interview_consumer import _open, _setup

pytestmark = pytest.mark.django_db(transaction=True)

FRAME = 640  # 20 ms of 16 kHz PCM16, as the browser's AudioWorklet sends
LINES = ["я работал пять лет бэкенд разработчиком", "на питоне и джанго", "делал платёжный сервис для банка"]
BETWEEN_TURNS_MS = 3000


def _spoken(text: str) -> bytes:
    wav = subprocess.run(["espeak-ng", "-v", "ru", "-s", "150", "--stdout", text], capture_output=True, check=True)
    pcm = wav.stdout[44:]
    return resample(np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2"), 22050, SAMPLE_RATE).tobytes()


async def _next(ws: Any, timeout: float = 30) -> dict[str, Any] | bytes:
    message = await ws.receive_output(timeout=timeout)
    if message.get("bytes") is not None:
        return message["bytes"]
    return json.loads(message["text"])


async def _stream(ws: Any, pcm: bytes) -> None:
    """Frames at the microphone's pace."""
    began = time.monotonic()
    for n, offset in enumerate(range(0, len(pcm), FRAME)):
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
        await asyncio.sleep(max(0.0, began + (n + 1) * FRAME / 2 / SAMPLE_RATE - time.monotonic()))


async def _connected() -> Any:
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    assert (await ws.connect())[0]
    assert (await _next(ws))["type"] == "history"
    await ws.send_json_to({"type": "voice", "on": True})
    return ws


def _candidate_turns() -> list[tuple[str, str]]:
    return list(Turn.objects.filter(speaker=Speaker.CANDIDATE).order_by("index").values_list("text", "client_msg_id"))


async def test_a_streaming_engine_shows_partials_and_saves_its_finals_once(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SPEECH_STT = "speechkit"
    speechkit.script.extend(LINES)
    first, second, third = (_spoken(line) for line in LINES)
    # Two turns: two utterances with a short pause (0.7 s: one turn), then a long one.
    turn_one = first + silence(700) + second
    pcm = silence(500) + turn_one + silence(BETWEEN_TURNS_MS) + third + silence(BETWEEN_TURNS_MS)
    ws = await _connected()
    seen: list[dict[str, Any]] = []

    async def read() -> None:
        while len([e for e in seen if e["type"] == "transcript"]) < 2:
            event = await _next(ws)
            if isinstance(event, dict):
                seen.append(event)

    reader = asyncio.create_task(read())
    await _stream(ws, pcm)
    await asyncio.wait_for(reader, timeout=30)
    await ws.disconnect()

    expected = [f"{LINES[0]} {LINES[1]}", LINES[2]]
    transcripts = [e for e in seen if e["type"] == "transcript"]
    assert [t["text"] for t in transcripts] == expected
    assert all(t["streamed"] for t in transcripts) and transcripts[0]["pieces"] == 2
    # Partial hypotheses of the turn in progress reached the browser, growing.
    partials = [e["text"] for e in seen[: seen.index(transcripts[0])] if e["type"] == "partial"]
    assert len(partials) >= 3 and partials[0] != partials[-1], partials
    assert all(expected[0].startswith(p) for p in partials), partials
    # Saved once each, in order, as voice answers of the interview.
    saved = await database_sync_to_async(_candidate_turns)()
    assert [text for text, _ in saved] == expected
    assert all(msg_id.startswith("voice-") for _, msg_id in saved)
    # One recognition session per turn, sent the turn (with the VAD's pre-roll and the
    # pause that ended it), not the silence between turns.
    assert len(speechkit.sessions) == 2
    assert all(
        s.metadata["authorization"] == f"Api-Key {settings.YANDEX_SPEECHKIT_API_KEY}" for s in speechkit.sessions
    )
    sent_s = [s.audio_bytes / 2 / SAMPLE_RATE for s in speechkit.sessions]
    spoken_s = [len(turn_one) / 2 / SAMPLE_RATE, len(third) / 2 / SAMPLE_RATE]
    for sent, spoken in zip(sent_s, spoken_s, strict=True):
        assert spoken < sent < spoken + settings.SPEECH_TURN_END_SILENCE_S + 0.6, (sent_s, spoken_s)
    assert sum(sent_s) < len(pcm) / 2 / SAMPLE_RATE - 3
    print(
        f"stt_ms after turn end: {[t['stt_ms'] for t in transcripts]}; audio sent {sent_s} s of {len(pcm) / 32000:.1f} s"
    )


async def test_a_stream_the_service_refuses_ends_voice_mode_and_the_chat_goes_on(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SPEECH_STT = "speechkit"
    settings.YANDEX_SPEECHKIT_API_KEY = "wrong-key"
    speechkit.script.extend(LINES)
    ws = await _connected()
    feeding = asyncio.create_task(_stream(ws, silence(300) + _spoken(LINES[0]) + silence(1500)))
    while True:
        event = await _next(ws)
        if isinstance(event, dict) and event["type"] == "error":
            break
    assert event["code"] == "voice_unavailable" and "в чате" in event["message"]
    await feeding
    # The chat goes on in the same connection; nothing was saved from the voice.
    await ws.send_json_to({"type": "answer", "id": "typed-1", "text": "Пишу на Python восемь лет."})
    kinds: list[str] = []
    while kinds.count("turn") < 2:
        message = await _next(ws)
        if isinstance(message, dict):
            kinds.append(message["type"])
    await ws.disconnect()
    saved = await database_sync_to_async(_candidate_turns)()
    assert saved == [("Пишу на Python восемь лет.", "typed-1")]
    assert speechkit.sessions == []  # refused before any was opened


async def test_a_late_final_is_not_waited_for_and_what_was_heard_is_saved_once(speechkit, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SPEECH_STT = "speechkit"
    settings.SPEECH_STREAM_FINAL_TIMEOUT_S = 0.5
    speechkit.script.append(LINES[0])
    speechkit.final_delay_s = 4.0  # the service is slow to settle the utterance
    ws = await _connected()
    seen: list[dict[str, Any]] = []

    async def read() -> None:
        while not any(e["type"] == "transcript" for e in seen):
            event = await _next(ws)
            if isinstance(event, dict):
                seen.append(event)

    reader = asyncio.create_task(read())
    await _stream(ws, silence(300) + _spoken(LINES[0]) + silence(1500))
    await asyncio.wait_for(reader, timeout=30)
    transcript = next(e for e in seen if e["type"] == "transcript")
    # The last partial (all six words heard) stands in for the final not yet given.
    assert transcript["text"] == LINES[0] and transcript["pieces"] == 0
    await asyncio.sleep(speechkit.final_delay_s)  # the final arrives now: not a second answer
    await ws.disconnect()
    assert speechkit.sessions[0].finals == [LINES[0]]
    saved = await database_sync_to_async(_candidate_turns)()
    assert [text for text, _ in saved] == [LINES[0]]
