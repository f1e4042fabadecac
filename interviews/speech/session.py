"""One interview's voice pipeline, driven by the WebSocket consumer: binary PCM frames
in → VAD turn-taking → STT → the same ``conduct.interview_answer`` as the chat → TTS
audio out, with barge-in.

Two tasks per session keep the stages from blocking each other: the *listener* runs
VAD over incoming frames and cuts the turn in progress into pieces at the candidate's
short pauses; each piece is recognised at once in the shared worker pool while he goes
on talking (rolling transcription), so when the turn ends only its last short piece —
often nothing, as the closing pause itself leaves time — is left to recognise. The
*responder* takes ended turns one by one (final transcript → engine → reply speech,
sentence by sentence). The event loop only moves bytes."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from interviews.speech import stats
from interviews.speech.base import BYTES_PER_SAMPLE, SAMPLE_RATE, SpeechError, Transcript
from interviews.speech.registry import asks_for_time, get_stt, get_tts, get_vad, turn_config
from interviews.speech.turns import SpeechStarted, TurnDetector, TurnEnded
from interviews.speech.workers import STATS, Priority, pool

log = logging.getLogger(__name__)

_vad_pool: ThreadPoolExecutor | None = None


def vad_pool() -> ThreadPoolExecutor:
    """VAD has its own thread: it is cheap (≈0.2 ms per 32 ms window) but must never
    wait behind a recognition in the heavy pool, or turn ends would be decided late."""
    global _vad_pool
    if _vad_pool is None:
        _vad_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech-vad")
    return _vad_pool


def _seconds(n_bytes: int) -> float:
    return n_bytes / BYTES_PER_SAMPLE / SAMPLE_RATE


def _bytes(seconds: float) -> int:
    return int(seconds * SAMPLE_RATE) * BYTES_PER_SAMPLE


def _timed(fn: Callable[[bytes], Any], arg: bytes) -> tuple[Any, float, float]:
    """fn(arg), its wall time and this thread's CPU time (they differ on a busy machine)."""
    began, began_cpu = time.perf_counter(), time.thread_time()
    return fn(arg), time.perf_counter() - began, time.thread_time() - began_cpu


SendJson = Callable[[dict[str, Any]], Awaitable[None]]
SendBytes = Callable[[bytes], Awaitable[None]]
# Saves the candidate's answer through the conduct service and returns (events to send
# as JSON, the interviewer's reply text to speak).
Answer = Callable[[str, str], Awaitable[tuple[list[dict[str, Any]], str]]]


@dataclass
class _Piece:
    audio: bytes
    job: Future[Transcript]  # in the pool; cancellable until a worker takes it
    task: asyncio.Task[Transcript]  # awaits the job, then updates the partial transcript


@dataclass
class _Rolling:
    """The rolling transcript of one turn: its pieces in order (each recognised in the
    pool as soon as it is cut) and the byte offset of the turn where the uncut rest begins."""

    pieces: list[_Piece] = field(default_factory=list)
    cut: int = 0

    def texts(self, job: Future[Transcript], result: Transcript) -> list[str]:
        """Texts of the pieces recognised so far, in order, up to the first unfinished
        one; ``job`` has just given ``result`` (its task is not done yet)."""
        out = []
        for piece in self.pieces:
            if piece.job is job:
                text = result.text
            elif piece.task.done() and not piece.task.cancelled() and piece.task.exception() is None:
                text = piece.task.result().text
            else:
                break
            if text:
                out.append(text)
        return out

    def take_unstarted(self) -> bytes:
        """Withdraw the pieces no worker has started (a suffix: one session's pieces
        start in order) and return their audio, to be recognised in one urgent job."""
        audio: list[bytes] = []
        while self.pieces and self.pieces[-1].job.cancel():
            audio.insert(0, self.pieces.pop().audio)
        return b"".join(audio)

    def cancel(self) -> None:
        for piece in self.pieces:
            piece.job.cancel()
            piece.task.cancel()


@dataclass
class _Turn:
    event: TurnEnded
    rolling: _Rolling
    decided: float  # time.perf_counter() when the listener saw the turn end
    last: Future[Transcript] | None  # the urgent job for what the pieces do not cover
    last_s: float


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
        warm = getattr(self.stt, "warm", None)  # engines with a local model load it now
        if warm is not None:
            pool().submit(Priority.SPEAK, warm, language)
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
        self._rolling.cancel()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    @property
    def speaking(self) -> bool:
        return self._speak_task is not None and not self._speak_task.done()

    # --- listener --------------------------------------------------------------------
    async def _listen(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            pcm = await self._frames.get()
            # Take whatever else has arrived: one trip to the VAD thread per batch, not per frame.
            while not self._frames.empty():
                pcm += self._frames.get_nowait() or b""
            before = self.detector.now
            events, spent, cpu = await loop.run_in_executor(vad_pool(), _timed, self.detector.feed, pcm)
            STATS.vad_seconds += spent
            STATS.vad_cpu += cpu
            STATS.vad_windows += round((self.detector.now - before) * SAMPLE_RATE / self.detector.window)
            for event in events:
                if isinstance(event, SpeechStarted):
                    await self._on_speech_started()
                elif isinstance(event, TurnEnded):
                    await self._on_turn_ended(event)
            if self.detector.in_turn:
                self._maybe_cut()

    async def _on_speech_started(self) -> None:
        self._rolling = _Rolling()
        if self.speaking:
            # Barge-in: the candidate talks over the reply. The browser has already
            # silenced it on its own level check; this confirms, and no more is sent.
            await self._stop_speaking()
            await self.send_json({"type": "barge_in"})
        await self.send_json({"type": "vad", "speech": True})

    async def _on_turn_ended(self, event: TurnEnded) -> None:
        decided = time.perf_counter()
        rolling = self._rolling
        self._rolling = _Rolling()
        # What the rolling pieces did not cover — the end of the last phrase, unless the
        # closing pause already made it a piece (event.audio ends 0.3 s after speech) —
        # and the pieces still queued behind other interviews' work: all needed now, so
        # one job at the ended turn's priority, submitted at once (not when the
        # responder gets to this turn).
        tail = event.audio[rolling.cut :] if rolling.cut < len(event.audio) else b""
        last = rolling.take_unstarted() + tail
        job = pool().submit(Priority.FINAL, self._recognise, last) if len(last) >= _bytes(0.2) else None
        self._turns.put_nowait(
            _Turn(event=event, rolling=rolling, decided=decided, last=job, last_s=_seconds(len(last)))
        )
        await self.send_json({"type": "vad", "speech": False, "turn_end": round(event.decided_at, 3)})

    def _maybe_cut(self) -> None:
        """Cut the turn in progress into a piece to recognise now: at a pause of
        SPEECH_SEGMENT_PAUSE_S (between phrases, or the start of the pause that may end
        the turn), or at the quietest moment of a long stretch without one."""
        rolling, detector = self._rolling, self.detector
        length = detector.turn_length
        pending = length - rolling.cut
        if pending < _bytes(settings.SPEECH_SEGMENT_MIN_S):
            return
        if not detector.speaking_now and detector.pause_s >= settings.SPEECH_SEGMENT_PAUSE_S:
            cut = length
        elif pending >= _bytes(settings.SPEECH_SEGMENT_MAX_S):
            cut = detector.quietest_cut(rolling.cut + _bytes(settings.SPEECH_SEGMENT_MIN_S), within_s=1.0)
        else:
            return
        audio = detector.turn_audio(rolling.cut, cut)
        rolling.cut = cut
        job = pool().submit(Priority.ROLLING, self._recognise, audio)
        rolling.pieces.append(_Piece(audio=audio, job=job, task=asyncio.create_task(self._piece(rolling, job))))

    def _recognise(self, audio: bytes) -> Transcript:  # in the pool
        """STT of one piece, timed for the monitor (interviews/speech/stats.py)."""
        began = time.perf_counter()
        engine = getattr(self.stt, "name", type(self.stt).__name__)
        try:
            result = self.stt.transcribe(audio, language=self.language)
        except SpeechError as exc:
            stats.record(
                "stt", engine=engine, ok=False, latency_ms=(time.perf_counter() - began) * 1000, error=str(exc)
            )
            raise
        stats.record("stt", engine=engine, ok=True, latency_ms=(time.perf_counter() - began) * 1000)
        return result

    async def _piece(self, rolling: _Rolling, job: Future[Transcript]) -> Transcript:
        result = await asyncio.wrap_future(job)
        if rolling is self._rolling:
            text = " ".join(rolling.texts(job, result))
            if asks_for_time(text):
                self.detector.hold()
            if text.strip():
                await self.send_json({"type": "partial", "text": text.strip()})
        return result

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
        rolling = turn.rolling
        waits: list[Any] = [piece.task for piece in rolling.pieces]
        if turn.last is not None:
            waits.append(asyncio.wrap_future(turn.last))
        results = await asyncio.gather(*waits, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        text = " ".join(r.text for r in results if isinstance(r, Transcript) and r.text).strip()
        stt_ms = round((time.perf_counter() - turn.decided) * 1000)
        if not text:
            await self.send_json({"type": "listening"})
            return
        events, reply = await self.answer(text, f"voice-{uuid.uuid4().hex}")
        await self.send_json(
            {
                "type": "transcript",
                "text": text,
                "stt_ms": stt_ms,
                "pieces": len(rolling.pieces),
                "last_s": round(turn.last_s, 2),
            }
        )
        for item in events:
            await self.send_json(item)
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
                    chunk = await pool().run(Priority.SPEAK, next, chunks, None)
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
