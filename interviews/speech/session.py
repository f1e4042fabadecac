"""One interview's voice pipeline, driven by the WebSocket consumer: binary PCM frames
in → VAD turn-taking → STT → the same ``conduct.interview_answer`` as the chat → TTS
audio out, with barge-in.

Two tasks per session keep the stages from blocking each other: the *listener* runs
VAD over incoming frames and cuts the turn in progress into pieces at the candidate's
short pauses; each piece is recognised at once in the shared worker pool while he goes
on talking (rolling transcription), so when the turn ends only its last short piece —
often nothing, as the closing pause itself leaves time — is left to recognise. The
*responder* takes ended turns one by one (final transcript → engine → reply speech,
sentence by sentence). The event loop only moves bytes.

An engine with a streaming interface (``stream()``: SpeechKit v3, Vosk) is used as a
stream instead of the rolling pieces: one stream per *turn*, opened when the VAD hears
speech start, fed the turn's audio (with the VAD's pre-roll) as it arrives, and closed
at the turn end. Per turn, not per connection, because:

* the cloud bills the audio it is sent, and between turns there is nothing to hear
  (the candidate listens to the reply) — a connection-long stream would have to be fed
  that silence, or be left idle, which the service does not allow for long;
* half-closing the stream at the turn end makes the service finalise the last
  utterance at once, instead of after its own end-of-utterance silence;
* a turn's results are exactly its stream's finals: nothing to split between turns.

The engine's partial hypotheses become the live "partial" transcript; at the turn end
the responder waits up to SPEECH_STREAM_FINAL_TIMEOUT_S for the last final, else takes
what was heard (finals so far and the last partial). The streams' calls (blocking for
Vosk, which decodes in ``feed``) run in a thread of their own per turn, in order. A
stream that fails (bad credentials, network) ends voice mode: ``on_unavailable`` tells
the candidate, who goes on in the chat."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from interviews.speech import stats
from interviews.speech.base import (
    BYTES_PER_SAMPLE,
    SAMPLE_RATE,
    SpeechError,
    SpeechStream,
    StreamResult,
    Transcript,
)
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
# as JSON, the interviewer's reply text to speak). Keywords: ``on_sentence`` (called from
# the service's thread with each sentence of a model's reply as it is written) and
# ``cancel`` (set on a barge-in: the model stops writing).
Answer = Callable[..., Awaitable[tuple[list[dict[str, Any]], str]]]
# Voice mode cannot go on (the streaming recogniser failed): the owner ends it and tells
# the candidate; the session stops listening.
Unavailable = Callable[["VoiceSession", Exception], Awaitable[None]]


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
class _Live:
    """One turn's recognition stream. Its calls run in order in ``calls`` (one thread);
    results come from the engine's threads, under ``lock``."""

    calls: ThreadPoolExecutor
    stream: SpeechStream | None = None  # opened by the first call
    fed: int = 0  # bytes of the turn given to the stream
    finals: list[str] = field(default_factory=list)
    partial: str = ""  # the utterance in progress
    error: Exception | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def heard(self) -> str:
        with self.lock:
            return " ".join(t for t in [*self.finals, self.partial] if t).strip()


@dataclass
class _Turn:
    event: TurnEnded
    rolling: _Rolling
    decided: float  # time.perf_counter() when the listener saw the turn end
    last: Future[Transcript] | None  # the urgent job for what the pieces do not cover
    last_s: float
    live: _Live | None = None  # streaming engines: the turn's stream, being closed
    closing: Future[None] | None = None


class VoiceSession:
    def __init__(
        self,
        *,
        language: str,
        send_json: SendJson,
        send_bytes: SendBytes,
        answer: Answer,
        on_unavailable: Unavailable | None = None,
    ) -> None:
        self.language = language
        self.send_json = send_json
        self.send_bytes = send_bytes
        self.answer = answer
        self.on_unavailable = on_unavailable
        self.detector = TurnDetector(get_vad(), turn_config())
        self.stt = get_stt()
        self.tts = get_tts()
        self.streaming = callable(getattr(self.stt, "stream", None))
        self._live: _Live | None = None  # the turn in progress' stream (streaming engines)
        self._failed = False
        self._side_tasks: set[asyncio.Task[None]] = set()  # partials sent, the failure handled
        self._frames: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._turns: asyncio.Queue[_Turn | None] = asyncio.Queue()
        # The turn in progress is recognised while the candidate speaks, so little is
        # left to do when it ends.
        self._rolling = _Rolling()
        self._speak_task: asyncio.Task[None] | None = None
        self._reply_cancel: threading.Event | None = None  # the reply being written now
        warm = getattr(self.stt, "warm", None)  # engines with a local model load it now
        if warm is not None:
            pool().submit(Priority.SPEAK, warm, language)
        self._tasks = [
            asyncio.create_task(self._listen(), name="voice-listen"),
            asyncio.create_task(self._respond(), name="voice-respond"),
        ]

    # --- public --------------------------------------------------------------------
    def feed(self, pcm: bytes) -> None:
        if not self._failed:
            self._frames.put_nowait(pcm)

    async def say(self, text: str) -> None:
        """Speak an interviewer line (replacing anything being said)."""
        await self._stop_speaking()
        if text:
            self._speak_task = asyncio.create_task(self._speak(text))

    def say_after(self, text: str, *, last: bool) -> None:
        """Speak ``text`` after what is being said now: the sentences of a reply the model
        is still writing. A barge-in cancels the whole chain (cancelling a task cancels
        the one it awaits). ``last`` ends with "listening"."""
        previous = self._speak_task

        async def chained() -> None:
            if previous is not None and not previous.done():
                await previous
            if text:
                await self._speak(text, listening=last)
            elif last:
                await self.send_json({"type": "listening"})

        self._speak_task = asyncio.create_task(chained())

    async def close(self) -> None:
        await self._stop_speaking()
        self._rolling.cancel()
        live, self._live = self._live, None
        if live is not None:
            self._close_live(live)  # its thread ends it; nobody waits for the results
        current = asyncio.current_task()
        for task in self._side_tasks:  # partials not sent yet (not the failure handler closing us)
            if task is not current:
                task.cancel()
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
                if self._live is not None:
                    self._feed_live(self._live, self.detector.turn_audio(self._live.fed))
                elif not self.streaming:
                    self._maybe_cut()

    async def _on_speech_started(self) -> None:
        self._rolling = _Rolling()
        if self.streaming and not self._failed:
            self._live = self._open_live()
        if self._reply_cancel is not None:
            self._reply_cancel.set()  # a model still writing the reply stops
        if self.speaking:
            # Barge-in: the candidate talks over the reply. The browser has already
            # silenced it on its own level check; this confirms, and no more is sent.
            await self._stop_speaking()
            await self.send_json({"type": "barge_in"})
        await self.send_json({"type": "vad", "speech": True})

    async def _on_turn_ended(self, event: TurnEnded) -> None:
        decided = time.perf_counter()
        live, self._live = self._live, None
        if live is not None:
            # The rest of the turn (its audio ends 0.3 s after the last speech; the
            # stream may already have had more of the pause), then the end of audio.
            if live.fed < len(event.audio):
                self._feed_live(live, event.audio[live.fed :])
            closing = self._close_live(live)
            self._turns.put_nowait(
                _Turn(
                    event=event, rolling=_Rolling(), decided=decided, last=None, last_s=0.0, live=live, closing=closing
                )
            )
            await self.send_json({"type": "vad", "speech": False, "turn_end": round(event.decided_at, 3)})
            return
        if self.streaming:
            return  # the stream failed: voice mode is ending, nothing more is recognised
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

    @property
    def _stt_name(self) -> str:
        return getattr(self.stt, "name", type(self.stt).__name__)

    def _recognise(self, audio: bytes) -> Transcript:  # in the pool
        """STT of one piece, timed for the monitor (interviews/speech/stats.py)."""
        began = time.perf_counter()
        engine = self._stt_name
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

    # --- streaming recognition ---------------------------------------------------------
    def _open_live(self) -> _Live:
        loop = asyncio.get_running_loop()
        live = _Live(calls=ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech-stream"))

        def on_result(result: StreamResult) -> None:  # in an engine thread
            with live.lock:
                if result.final:
                    live.finals.append(result.text)
                    live.partial = ""
                else:
                    live.partial = result.text
            loop.call_soon_threadsafe(self._show_partial, live)

        def open_stream() -> None:
            live.stream = self.stt.stream(language=self.language, on_result=on_result)  # type: ignore[attr-defined]

        self._call_live(live, open_stream)
        return live

    def _feed_live(self, live: _Live, pcm: bytes) -> None:
        if pcm:
            live.fed += len(pcm)
            self._call_live(live, lambda: live.stream.feed(pcm) if live.stream else None)

    def _close_live(self, live: _Live) -> Future[None]:
        """End of the turn's audio: the engine finalises what it has (in its thread)."""
        future = self._call_live(live, lambda: live.stream.close() if live.stream else None)
        live.calls.shutdown(wait=False)  # the thread ends after the queued calls
        return future

    def _call_live(self, live: _Live, call: Callable[[], None]) -> Future[None]:
        loop = asyncio.get_running_loop()

        def run() -> None:  # in the stream's thread
            if live.error is not None:
                return  # a failed stream is not fed or closed
            try:
                call()
            except Exception as exc:  # SpeechError, or whatever the engine's client raised
                live.error = exc
                loop.call_soon_threadsafe(self._stream_failed, exc)

        return live.calls.submit(run)

    def _show_partial(self, live: _Live) -> None:
        """A new hypothesis of the turn in progress: the growing transcript, shown."""
        if live is not self._live:
            return  # the turn has ended: its transcript follows
        text = live.heard()
        if asks_for_time(text):
            self.detector.hold()
        if text:
            self._side_task(self.send_json({"type": "partial", "text": text}))

    def _stream_failed(self, exc: Exception) -> None:
        if self._failed:
            return
        self._failed = True
        stats.record("stt", engine=self._stt_name, ok=False, latency_ms=0.0, error=str(exc))
        if isinstance(exc, SpeechError):
            log.warning("streaming recognition failed: %s", exc)
        else:
            log.error("streaming recognition failed", exc_info=exc)
        if self.on_unavailable is not None:
            self._side_task(self.on_unavailable(self, exc))
        else:
            self._side_task(self.send_json({"type": "error", "code": "voice_unavailable", "message": str(exc)}))

    def _side_task(self, coro: Awaitable[None]) -> None:
        task = asyncio.ensure_future(coro)
        self._side_tasks.add(task)
        task.add_done_callback(self._side_tasks.discard)

    async def _stream_text(self, turn: _Turn) -> str:
        """The turn's text from its stream's finals: waits a little for the last one."""
        assert turn.live is not None and turn.closing is not None
        waited = time.perf_counter()
        done, _ = await asyncio.wait(
            {asyncio.wrap_future(turn.closing)}, timeout=settings.SPEECH_STREAM_FINAL_TIMEOUT_S
        )
        # For the monitor: how long the end of a turn waited for the stream's last final.
        stats.record("stt", engine=self._stt_name, ok=bool(done), latency_ms=(time.perf_counter() - waited) * 1000)
        if not done:
            log.warning(
                "streaming recognition: no final in %.1f s, using what was heard",
                settings.SPEECH_STREAM_FINAL_TIMEOUT_S,
            )
        return turn.live.heard()

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
                await self._tell_turn_failed()
            except Exception:
                # One failed turn must not silence the rest of the interview: log it,
                # tell the browser, keep listening (the chat remains as a fallback).
                log.exception("voice turn failed")
                await self._tell_turn_failed()

    async def _tell_turn_failed(self) -> None:
        # The engine's own error text is for the log; the candidate gets what to do next.
        with override(self.language):
            message = _("Не удалось разобрать последний ответ. Повторите его, пожалуйста, или напишите в чате.")
        await self.send_json({"type": "error", "code": "speech", "message": message})

    async def _answer_turn(self, turn: _Turn) -> None:
        if turn.live is not None:
            text = await self._stream_text(turn)
            await self._reply(text, turn, pieces=len(turn.live.finals))
            return
        rolling = turn.rolling
        waits: list[Any] = [piece.task for piece in rolling.pieces]
        if turn.last is not None:
            waits.append(asyncio.wrap_future(turn.last))
        results = await asyncio.gather(*waits, return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                raise result
        text = " ".join(r.text for r in results if isinstance(r, Transcript) and r.text).strip()
        await self._reply(text, turn, pieces=len(rolling.pieces))

    async def _reply(self, text: str, turn: _Turn, *, pieces: int) -> None:
        """Save the turn's text as the candidate's answer and speak the reply."""
        stt_ms = round((time.perf_counter() - turn.decided) * 1000)
        if not text:
            await self.send_json({"type": "listening"})
            return
        loop = asyncio.get_running_loop()
        cancel = self._reply_cancel = threading.Event()
        streamed: list[str] = []

        def on_sentence(sentence: str) -> None:
            # From the service's thread: each checked sentence of a model's reply is
            # spoken while the rest is still being written.
            streamed.append(sentence)
            loop.call_soon_threadsafe(lambda: self.say_after(sentence, last=False))

        try:
            events, reply = await self.answer(text, f"voice-{uuid.uuid4().hex}", on_sentence=on_sentence, cancel=cancel)
        finally:
            self._reply_cancel = None
        await self.send_json(
            {
                "type": "transcript",
                "text": text,
                "stt_ms": stt_ms,
                "pieces": pieces,  # rolling pieces, or the stream's finals
                "last_s": round(turn.last_s, 2),
                "streamed": turn.live is not None,
            }
        )
        for item in events:
            await self.send_json(item)
        if self.detector.in_turn or cancel.is_set():
            # The candidate is talking again: the reply stays in the chat, unspoken,
            # rather than talking over him.
            return
        if streamed:
            # Already being spoken; only what the sentences did not cover (the rules'
            # reply after a refused sentence) is left to say.
            spoken = " ".join(streamed)
            rest = reply[len(spoken) :].strip() if reply.startswith(spoken) else ""
            self.say_after(rest, last=True)
            return
        await self.say(reply)

    # --- speaking --------------------------------------------------------------------
    async def _speak(self, text: str, *, listening: bool = True) -> None:
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
        if listening:
            await self.send_json({"type": "listening"})

    async def _stop_speaking(self) -> None:
        task, self._speak_task = self._speak_task, None
        if task and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
