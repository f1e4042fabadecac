"""Voice mode over the real ASGI consumer: corpus speech streamed as binary PCM frames
is cut into turns, recognised offline, saved as the candidate's turns of the same
interview, and answered with speech; the candidate talking over a reply stops it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from channels.db import database_sync_to_async

from interviews.models import Interview, InterviewMode, Speaker, SpokenAudio, Turn
from interviews.speech.audio import read_pcm16
from interviews.speech.base import SAMPLE_RATE
from tests.conftest import CORPUS
from tests.test_interview_consumer import _open, _setup
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db(transaction=True)

AUDIO = CORPUS / "interviews" / "audio"
TRUTH = json.loads((AUDIO / "truth.json").read_text())
FRAME = 640  # 20 ms of 16 kHz PCM16, as the browser's AudioWorklet sends


def _clip(language: str) -> dict[str, Any]:
    return next(c for c in TRUTH["clips"] if c["language"] == language)


async def _next(ws: Any, timeout: float = 60) -> dict[str, Any] | bytes:
    message = await ws.receive_output(timeout=timeout)
    if message.get("bytes") is not None:
        return message["bytes"]
    return json.loads(message["text"])


async def _voice_on(ws: Any) -> None:
    await ws.send_json_to({"type": "voice", "on": True})


async def test_spoken_answers_become_saved_turns_and_get_a_spoken_reply() -> None:
    from interviews.speech import stats

    stats.clear()
    clip = _clip("en")
    ctx = await database_sync_to_async(_setup)()
    await database_sync_to_async(
        lambda: Vacancy.objects.filter(applications=ctx["application"]).update(language="en")
    )()
    ws = await _open(ctx["token"])
    assert (await ws.connect())[0]
    assert (await _next(ws))["type"] == "history"
    await _voice_on(ws)
    for offset in range(0, len(pcm := read_pcm16(AUDIO / clip["file"])), FRAME):
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
    candidate_turns: list[dict[str, Any]] = []
    audio_after_answer = 0
    saw = set()
    while len(candidate_turns) < clip["expected_turn_ends"] or not audio_after_answer:
        event = await _next(ws)
        if isinstance(event, bytes):
            audio_after_answer += len(event) if candidate_turns else 0
            continue
        saw.add(event["type"])
        if event["type"] == "turn" and event["turn"]["speaker"] == Speaker.CANDIDATE:
            candidate_turns.append(event["turn"])
    await ws.disconnect()
    assert {"listening", "speaking", "vad", "transcript"} <= saw
    # The interview is recorded as spoken; closing the tab is not a switch back to chat.
    interview = await database_sync_to_async(lambda: Interview.objects.get(application=ctx["application"]))()
    assert interview.mode == InterviewMode.VOICE and [e["mode"] for e in interview.mode_log] == ["voice"]
    assert audio_after_answer > SAMPLE_RATE  # the reply was spoken
    saved = await database_sync_to_async(
        lambda: list(Turn.objects.filter(speaker=Speaker.CANDIDATE).values_list("text", "client_msg_id"))
    )()
    assert len(saved) == clip["expected_turn_ends"]
    assert all(msg_id.startswith("voice-") for _, msg_id in saved)
    heard = " ".join(text for text, _ in saved).lower()
    words = {w.strip(".,").lower() for w in clip["text"].split() if len(w) > 5}
    assert len([w for w in words if w in heard]) >= len(words) // 2, heard
    # The system monitor's STT/TTS rows: every recognition and synthesis was timed.
    stt, tts = stats.summary("stt"), stats.summary("tts")
    assert stt.calls >= clip["expected_turn_ends"] and stt.errors == 0 and stt.p50_ms and stt.p50_ms > 0
    assert tts.calls >= 1 and tts.errors == 0 and tts.p95_ms is not None


async def test_speaking_over_the_reply_stops_it() -> None:
    clip = _clip("ru")
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    assert (await ws.connect())[0]
    assert (await _next(ws))["type"] == "history"
    await _voice_on(ws)
    while (event := await _next(ws)) == {"type": "listening"} or isinstance(event, bytes):
        pass
    assert event["type"] == "speaking"  # the greeting and first question, paced
    pcm = read_pcm16(AUDIO / clip["file"])
    first_speech = int(clip["segments"][0][0] * SAMPLE_RATE) * 2
    for offset in range(first_speech, first_speech + SAMPLE_RATE, FRAME):  # 0.5 s of speech
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
    events = []
    sent = 0  # reply audio bytes that reached the browser
    while "barge_in" not in events:
        event = await _next(ws, timeout=10)
        sent += len(event) if isinstance(event, bytes) else 0
        events.append("audio" if isinstance(event, bytes) else event["type"])
    # After the barge-in no more reply audio arrives.
    while not await ws.receive_nothing(timeout=1.5):
        assert not isinstance(await _next(ws), bytes)
    await ws.disconnect()
    # The recording keeps the interviewer's greeting as far as it was played: cut by the barge-in.
    spoken: list[dict[str, Any]] = []
    for _ in range(100):
        spoken = await database_sync_to_async(
            lambda: list(SpokenAudio.objects.values("interview__application_id", "duration_ms", "sample_rate"))
        )()
        if spoken:
            break
        await asyncio.sleep(0.05)
    assert len(spoken) == 1 and spoken[0]["interview__application_id"] == ctx["application"].pk
    assert 0 < spoken[0]["duration_ms"] <= sent / 2 / spoken[0]["sample_rate"] * 1000 + 1


async def test_a_long_answer_is_recognised_piece_by_piece_while_it_is_spoken() -> None:
    """Rolling transcription: a one-turn answer of four phrases, streamed in real time,
    is cut at the short pauses between phrases and the pieces are recognised while the
    candidate goes on talking, each sent as a growing partial transcript."""
    import asyncio
    import time

    clip = next(c for c in TRUTH["clips"] if c["expected_turn_ends"] == 1 and len(c["segments"]) >= 4)
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    assert (await ws.connect())[0]
    assert (await _next(ws))["type"] == "history"
    await _voice_on(ws)
    pcm = read_pcm16(AUDIO / clip["file"])
    seen: list[dict[str, Any]] = []

    async def read() -> None:
        while True:
            event = await _next(ws, timeout=120)
            if isinstance(event, dict):
                seen.append(event)
                if event["type"] == "transcript":
                    return

    reader = asyncio.create_task(read())
    began = time.monotonic()
    for n, offset in enumerate(range(0, len(pcm), FRAME)):
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
        await asyncio.sleep(max(0.0, began + (n + 1) * FRAME / 2 / SAMPLE_RATE - time.monotonic()))
    while not reader.done():  # an open microphone: silence until the transcript
        await ws.send_to(bytes_data=b"\0" * FRAME)
        await asyncio.sleep(FRAME / 2 / SAMPLE_RATE)
    await reader
    await ws.disconnect()
    transcript = seen[-1]
    # Cut at the pauses between phrases while he spoke (how many were recognised
    # before the turn ended depends on the machine's load: the pool says what is left).
    assert transcript["pieces"] >= 3, transcript
    assert transcript["last_s"] < sum(end - start for start, end in clip["segments"]), transcript
    # Partial transcripts grow in order; the final one is all the pieces joined.
    partials = [e["text"] for e in seen if e["type"] == "partial"]
    assert all(transcript["text"].startswith(p) for p in partials), (partials, transcript["text"])


async def test_a_speech_engine_that_cannot_start_leaves_the_chat_working(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.SPEECH_STT = "vosk"
    settings.VOSK_MODEL_PATH = str(tmp_path / "no-model-here")
    settings.SPEECH_STT_FALLBACK = ""
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    assert (await ws.connect())[0]
    assert (await _next(ws))["type"] == "history"
    await _voice_on(ws)
    event = await _next(ws)
    assert isinstance(event, dict) and event["type"] == "error" and event["code"] == "voice_unavailable"
    assert "в чате" in event["message"]
    # The connection stays open and a typed answer is still saved and answered.
    await ws.send_json_to({"type": "answer", "id": "typed-1", "text": "Пишу на Python восемь лет."})
    kinds: list[str] = []
    while "turn" not in kinds or kinds.count("turn") < 2:
        message = await _next(ws, timeout=30)
        assert isinstance(message, dict)
        kinds.append(message["type"])
    await ws.disconnect()
    assert (
        await database_sync_to_async(
            lambda: Turn.objects.filter(speaker=Speaker.CANDIDATE, client_msg_id="typed-1").count()
        )()
        == 1
    )
