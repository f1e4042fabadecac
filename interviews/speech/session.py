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

from interviews.speech.base import BYTES_PER_SAMPLE, SAMPLE_RATE, SpeechError
from interviews.speech.registry import asks_for_time, get_stt, get_tts, get_vad, turn_config
from interviews.speech.turns import SpeechStarted, TurnDetector, TurnEnded

log = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None


def pool() -> ThreadPoolExecutor:
    """The process-wide worker pool for speech CPU work (sized by SPEECH_WORKERS)."""
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=settings.SPEECH_WORKERS, thread_name_prefix="speech")
    return _pool


async def _off_loop(fn: Callable[..., Any], *args: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(pool(), fn, *args)


SendJson = Callable[[dict[str, Any]], Awaitable[None]]
SendBytes = Callable[[bytes], Awaitable[None]]
# Saves the candidate's answer through the conduct service and returns (events to send
# as JSON, the interviewer's reply text to speak).
Answer = Callable[[str, str], Awaitable[tuple[list[dict[str, Any]], str]]]


@dataclass
class _Turn:
    event: TurnEnded
    segments: list[str] = field(default_factory=list)
    tail_from: int = 0  # byte offset in the turn audio not yet transcribed


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
        # Rolling transcript of the turn in progress: segments already recognised at
        # pauses, and where the next segment starts, so little is left at the turn end.
        self._segments: list[str] = []
        self._cut = 0
        self._partial_task: asyncio.Task[None] | None = None
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
        if self._partial_task:
            self._partial_task.cancel()
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
            events = await _off_loop(self.detector.feed, pcm)
            for event in events:
                if isinstance(event, SpeechStarted):
                    await self._on_speech_started()
                elif isinstance(event, TurnEnded):
                    await self._on_turn_ended(event)
            if self.detector.in_turn:
                self._maybe_partial()

    async def _on_speech_started(self) -> None:
        self._segments, self._cut = [], 0
        if self.speaking:
            # Barge-in: the candidate talks over the reply; the browser stops playing
            # on this event, and no more of the reply is sent.
            await self._stop_speaking()
            await self.send_json({"type": "barge_in"})
        await self.send_json({"type": "vad", "speech": True})

    async def _on_turn_ended(self, event: TurnEnded) -> None:
        if self._partial_task and not self._partial_task.done():
            await asyncio.gather(self._partial_task, return_exceptions=True)
        turn = _Turn(event=event, segments=list(self._segments), tail_from=min(self._cut, len(event.audio)))
        self._segments, self._cut = [], 0
        await self.send_json({"type": "vad", "speech": False, "turn_end": round(event.decided_at, 3)})
        self._turns.put_nowait(turn)

    def _maybe_partial(self) -> None:
        """At a pause inside the turn, recognise the audio since the last cut."""
        if self._partial_task and not self._partial_task.done():
            return
        if self.detector.speaking_now:
            return
        audio = self.detector.turn_audio()
        new = len(audio) - self._cut
        if new < settings.SPEECH_PARTIAL_EVERY_S * SAMPLE_RATE * BYTES_PER_SAMPLE:
            return
        self._partial_task = asyncio.create_task(self._partial(audio[self._cut :], len(audio)))

    async def _partial(self, audio: bytes, cut: int) -> None:
        try:
            result = await _off_loop(lambda: self.stt.transcribe(audio, language=self.language))
        except SpeechError as exc:
            log.warning("partial transcript failed: %s", exc)
            return
        if not self.detector.in_turn:
            return  # the turn ended meanwhile; its final transcript covers this audio
        if result.text:
            self._segments.append(result.text)
        self._cut = cut
        text = " ".join(self._segments)
        if asks_for_time(text):
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

    async def _answer_turn(self, turn: _Turn) -> None:
        tail = turn.event.audio[turn.tail_from :]
        began = time.perf_counter()
        text_parts = list(turn.segments)
        if len(tail) >= SAMPLE_RATE * BYTES_PER_SAMPLE // 5:
            result = await _off_loop(lambda: self.stt.transcribe(tail, language=self.language))
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
        await self.say(reply)

    # --- speaking --------------------------------------------------------------------
    async def _speak(self, text: str) -> None:
        chunks = iter(self.tts.synthesize(text, language=self.language))
        began = 0.0
        sent_s = 0.0
        try:
            while True:
                chunk = await _off_loop(next, chunks, None)
                if chunk is None:
                    break
                if not began:
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
