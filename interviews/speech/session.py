"""One interview's voice pipeline, driven by the WebSocket consumer: binary PCM frames
in → VAD turn-taking → STT → the same ``conduct.interview_answer`` as the chat → TTS
audio out, with barge-in.

Two tasks per session keep the stages from blocking each other: the *listener* runs
VAD over incoming frames (and rolling partial transcripts while the candidate speaks);
the *responder* takes ended turns one by one (final transcript → engine → reply speech).
All CPU work runs in a shared thread pool, so the event loop only moves bytes; VAD,
faster-whisper and espeak-ng all release the GIL while they compute."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from interviews.speech import stats
from interviews.speech.base import BYTES_PER_SAMPLE, SAMPLE_RATE, SpeechError, Transcript
from interviews.speech.registry import asks_for_time, get_stt, get_tts, get_vad, turn_config
from interviews.speech.turns import SpeechStarted, TurnDetector, TurnEnded

log = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None
_vad_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    """The process-wide worker pool for heavy speech work (STT, TTS; SPEECH_WORKERS)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=settings.SPEECH_WORKERS, thread_name_prefix="speech")
    return _pool


def vad_pool() -> ThreadPoolExecutor:
    """VAD has its own thread: it is cheap (≈0.2 ms per 32 ms window) but must never
    wait behind a recognition in the heavy pool, or turn ends would be decided late."""
    global _vad_pool
    if _vad_pool is None:
        _vad_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech-vad")
    return _vad_pool


_busy = 0  # heavy jobs submitted and not finished (all sessions of this process)


async def _off_loop(fn: Callable[..., Any], *args: Any) -> Any:
    global _busy
    _busy += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(pool(), fn, *args)
    finally:
        _busy -= 1


def _pool_has_room() -> bool:
    """Rolling partials are a luxury: under load they would queue in front of the final
    transcripts that someone is waiting for, so they run only on an idle worker."""
    return _busy < settings.SPEECH_WORKERS


SendJson = Callable[[dict[str, Any]], Awaitable[None]]
SendBytes = Callable[[bytes], Awaitable[None]]
# Saves the candidate's answer through the conduct service and returns (events to send
# as JSON, the interviewer's reply text to speak).
Answer = Callable[[str, str], Awaitable[tuple[list[dict[str, Any]], str]]]


@dataclass
class _Rolling:
    """The rolling transcript of one turn: text of segments recognised at pauses while
    the candidate was still speaking, and the byte offset where the rest begins."""

    segments: list[str] = field(default_factory=list)
    cut: int = 0
    task: asyncio.Task[None] | None = None  # the partial recognition in flight


@dataclass
class _Turn:
    event: TurnEnded
    rolling: _Rolling


class VoiceSession:
    def __init__(self, *, language: str, send_json: SendJson, send_bytes: SendBytes, answer: Answer) -> None:
        self.language = language
        self.send_json = send_json
        self.send_bytes = send_bytes
        self.answer = answer
        self.detector = TurnDetector(get_vad(), turn_config())
        self.stt = get_stt()
        self.tts = get_tts()
        self._frames: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._turns: asyncio.Queue[_Turn | None] = asyncio.Queue()
        # The turn in progress is recognised while the candidate speaks, so little is
        # left to do when it ends.
        self._rolling = _Rolling()
        self._speak_task: asyncio.Task[None] | None = None
        self._tasks = [
            asyncio.create_task(self._listen(), name="voice-listen"),
            asyncio.create_task(self._respond(), name="voice-respond"),
        ]

    # --- public --------------------------------------------------------------------
    def feed(self, pcm: bytes) -> None:
        self._frames.put_nowait(pcm)

    async def say(self, text: str) -> None:
        """Speak an interviewer line (replacing anything being said)."""
        await self._stop_speaking()
        if text:
            self._speak_task = asyncio.create_task(self._speak(text))

    async def close(self) -> None:
        await self._stop_speaking()
        if self._rolling.task:
            self._rolling.task.cancel()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    @property
    def speaking(self) -> bool:
        return self._speak_task is not None and not self._speak_task.done()

    # --- listener --------------------------------------------------------------------
    async def _listen(self) -> None:
        while True:
            pcm = await self._frames.get()
            # Take whatever else has arrived: one trip to the pool per batch, not per frame.
            while not self._frames.empty():
                pcm += self._frames.get_nowait() or b""
            events = await asyncio.get_running_loop().run_in_executor(vad_pool(), self.detector.feed, pcm)
            for event in events:
                if isinstance(event, SpeechStarted):
                    await self._on_speech_started()
                elif isinstance(event, TurnEnded):
                    await self._on_turn_ended(event)
            if self.detector.in_turn:
                self._maybe_partial()

    async def _on_speech_started(self) -> None:
        self._rolling = _Rolling()
        if self.speaking:
            # Barge-in: the candidate talks over the reply; the browser stops playing
            # on this event, and no more of the reply is sent.
            await self._stop_speaking()
            await self.send_json({"type": "barge_in"})
        await self.send_json({"type": "vad", "speech": True})

    async def _on_turn_ended(self, event: TurnEnded) -> None:
        await self.send_json({"type": "vad", "speech": False, "turn_end": round(event.decided_at, 3)})
        # The responder waits for a partial still in flight (its text is used, not
        # recognised again); the listener goes on at once, so VAD never stalls.
        self._turns.put_nowait(_Turn(event=event, rolling=self._rolling))
        self._rolling = _Rolling()

    def _maybe_partial(self) -> None:
        """At a pause inside the turn, recognise the audio since the last cut."""
        rolling = self._rolling
        if rolling.task and not rolling.task.done():
            return
        if self.detector.speaking_now or not _pool_has_room():
            return
        audio = self.detector.turn_audio()
        if len(audio) - rolling.cut < settings.SPEECH_PARTIAL_EVERY_S * SAMPLE_RATE * BYTES_PER_SAMPLE:
            return
        rolling.task = asyncio.create_task(self._partial(rolling, audio[rolling.cut :], len(audio)))

    def _transcribe(self, audio: bytes) -> Transcript:
        """STT in a pool thread, timed for the monitor (interviews/speech/stats.py)."""
        began = time.perf_counter()
        engine = getattr(self.stt, "name", type(self.stt).__name__)
        try:
            result = self.stt.transcribe(audio, language=self.language)
        except Exception as exc:
            stats.record(
                "stt", engine=engine, ok=False, latency_ms=(time.perf_counter() - began) * 1000, error=str(exc)
            )
            raise
        stats.record("stt", engine=engine, ok=True, latency_ms=(time.perf_counter() - began) * 1000)
        return result

    async def _partial(self, rolling: _Rolling, audio: bytes, cut: int) -> None:
        try:
            result = await _off_loop(self._transcribe, audio)
        except SpeechError as exc:
            log.warning("partial transcript failed: %s", exc)
            return
        if result.text:
            rolling.segments.append(result.text)
        rolling.cut = cut
        text = " ".join(rolling.segments)
        if rolling is self._rolling and asks_for_time(text):
            self.detector.hold()
        await self.send_json({"type": "partial", "text": text})

    # --- responder -------------------------------------------------------------------
    async def _respond(self) -> None:
        while True:
            turn = await self._turns.get()
            if turn is None:
                return
            try:
                await self._answer_turn(turn)
            except SpeechError as exc:
                log.warning("voice turn failed: %s", exc)
                await self.send_json({"type": "error", "code": "speech", "message": str(exc)})
            except Exception:
                # One failed turn must not silence the rest of the interview: log it,
                # tell the browser, keep listening (the chat remains as a fallback).
                log.exception("voice turn failed")
                await self.send_json({"type": "error", "code": "speech", "message": "speech processing failed"})

    async def _answer_turn(self, turn: _Turn) -> None:
        began = time.perf_counter()
        if turn.rolling.task:
            await asyncio.gather(turn.rolling.task, return_exceptions=True)
        tail = turn.event.audio[min(turn.rolling.cut, len(turn.event.audio)) :]
        text_parts = list(turn.rolling.segments)
        if len(tail) >= SAMPLE_RATE * BYTES_PER_SAMPLE // 5:
            result = await _off_loop(self._transcribe, tail)
            if result.text:
                text_parts.append(result.text)
        text = " ".join(text_parts).strip()
        stt_ms = round((time.perf_counter() - began) * 1000)
        if not text:
            await self.send_json({"type": "listening"})
            return
        events, reply = await self.answer(text, f"voice-{uuid.uuid4().hex}")
        await self.send_json({"type": "transcript", "text": text, "stt_ms": stt_ms})
        for event in events:
            await self.send_json(event)
        if self.detector.in_turn:
            # The candidate is talking again: the reply stays in the chat, unspoken,
            # rather than talking over him.
            return
        await self.say(reply)

    # --- speaking --------------------------------------------------------------------
    async def _speak(self, text: str) -> None:
        chunks = iter(self.tts.synthesize(text, language=self.language))
        engine = getattr(self.tts, "name", type(self.tts).__name__)
        asked = time.perf_counter()
        began = 0.0
        sent_s = 0.0
        try:
            while True:
                try:
                    chunk = await _off_loop(next, chunks, None)
                except SpeechError as exc:
                    stats.record(
                        "tts", engine=engine, ok=False, latency_ms=(time.perf_counter() - asked) * 1000, error=str(exc)
                    )
                    raise
                if chunk is None:
                    break
                if not began:
                    # TTS latency for the monitor: from the text to its first audio.
                    stats.record("tts", engine=engine, ok=True, latency_ms=(time.perf_counter() - asked) * 1000)
                    began = time.monotonic()
                    await self.send_json({"type": "speaking", "sample_rate": chunk.sample_rate})
                # Paced at playback speed with a small lead: the browser's buffer stays
                # short, and a barge-in stops what has not been sent yet.
                ahead = sent_s - (time.monotonic() - began) - settings.SPEECH_TTS_LEAD_S
                if ahead > 0:
                    await asyncio.sleep(ahead)
                if chunk.text:
                    await self.send_json({"type": "say", "text": chunk.text})
                await self.send_bytes(chunk.pcm)
                sent_s += len(chunk.pcm) / BYTES_PER_SAMPLE / chunk.sample_rate
            if began:
                # "listening" when the browser has played it all (it may still buffer).
                await asyncio.sleep(max(0.0, sent_s - (time.monotonic() - began)))
        except SpeechError as exc:
            log.warning("speech synthesis failed: %s", exc)
        await self.send_json({"type": "listening"})

    async def _stop_speaking(self) -> None:
        task, self._speak_task = self._speak_task, None
        if task and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
