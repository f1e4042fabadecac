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
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from interviews.speech import stats
from interviews.speech.base import (
    BYTES_PER_SAMPLE,
    SAMPLE_RATE,
    SpeechError,
    StreamResult,
    Transcript,
)
from interviews.speech.recognition import Recognition, combine
from interviews.speech.registry import asks_for_time, get_stt, get_tts, get_vad, turn_config
from interviews.speech.resume import IDLE_ACK_DELAY_S, AudioLedger
from interviews.speech.turn_state import Live, Piece, Rolling, Turn
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
# as JSON, the interviewer's reply text to speak). Keywords: ``recognition`` (how a
# spoken answer was recognised, saved with it), ``on_sentence`` (called from the
# service's thread with each sentence of a model's reply as it is written) and
# ``cancel`` (set on a barge-in: the model stops writing).
Answer = Callable[..., Awaitable[tuple[list[dict[str, Any]], str]]]
# Voice mode cannot go on (the streaming recogniser failed): the owner ends it and tells
# the candidate; the session stops listening.
Unavailable = Callable[["VoiceSession", Exception], Awaitable[None]]
# What the interviewer said aloud, as far as it was played (started at, on the wall
# clock; sample rate; PCM16): kept for the interview's recording.
Spoken = Callable[[datetime, int, bytes], Awaitable[Any]]


class VoiceSession:
    def __init__(
        self,
        *,
        language: str,
        send_json: SendJson,
        send_bytes: SendBytes,
        answer: Answer,
        on_unavailable: Unavailable | None = None,
        prompt: str = "",
        ledger: AudioLedger | None = None,
        on_spoken: Spoken | None = None,
    ) -> None:
        self.language = language
        self.on_spoken = on_spoken
        self._saving: set[asyncio.Task[Any]] = set()  # spoken audio being stored
        # Numbered frames (interviews/speech/resume.py): what is settled is acknowledged,
        # frames sent again after a reconnect are taken once.
        self.ledger = ledger
        self._gone = False  # the socket closed: finish ended turns, send nothing
        self._unsaved = 0  # ended turns whose answer is not saved yet
        self._idle_acked_at = 0.0
        # Terms the answers may contain (the vacancy's and the resume's): the offline
        # recogniser is given them as its prompt, names and jargon come out spelt right.
        self.prompt = prompt

        async def send_json_open(data: dict[str, Any]) -> None:
            if not self._gone:
                await send_json(data)

        async def send_bytes_open(data: bytes) -> None:
            if not self._gone:
                await send_bytes(data)

        self.send_json = send_json_open
        self.send_bytes = send_bytes_open
        self.answer = answer
        self.on_unavailable = on_unavailable
        self.detector = TurnDetector(get_vad(), turn_config())
        self.stt = get_stt()
        self.tts = get_tts()
        self.streaming = callable(getattr(self.stt, "stream", None))
        self._live: Live | None = None  # the turn in progress' stream (streaming engines)
        self._failed = False
        self._side_tasks: set[asyncio.Task[None]] = set()  # partials sent, the failure handled
        self._frames: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._turns: asyncio.Queue[Turn | None] = asyncio.Queue()
        # The turn in progress is recognised while the candidate speaks, so little is
        # left to do when it ends.
        self._rolling = Rolling()
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
    def feed(self, pcm: bytes, seq: int | None = None) -> None:
        """Microphone audio; ``seq``: the browser's frame number (a frame taken before,
        or already in a saved answer, is dropped)."""
        if self._failed:
            return
        if seq is not None and self.ledger is not None and not self.ledger.accept(seq, len(pcm) // BYTES_PER_SAMPLE):
            return
        self._frames.put_nowait(pcm)

    async def say(self, text: str) -> None:
        """Speak an interviewer line (replacing anything being said)."""
        await self._stop_speaking()
        if text and not self._gone:
            self._speak_task = asyncio.create_task(self._speak(text))

    def say_after(self, text: str, *, last: bool) -> None:
        """Speak ``text`` after what is being said now: the sentences of a reply the model
        is still writing. A barge-in cancels the whole chain (cancelling a task cancels
        the one it awaits). ``last`` ends with "listening"."""
        if self._gone:
            return
        previous = self._speak_task

        async def chained() -> None:
            if previous is not None and not previous.done():
                await previous
            if text:
                await self._speak(text, listening=last)
            elif last:
                await self.send_json({"type": "listening"})

        self._speak_task = asyncio.create_task(chained())

    async def close(self, *, finish_ended: bool = False) -> None:
        """Stop. ``finish_ended`` (the socket has closed): the turns that had ended are
        still recognised and saved, with nothing sent; the turn in progress is dropped
        (with numbered frames the browser sends it again after reconnecting)."""
        if finish_ended:
            self._gone = True
            self._tasks[0].cancel()  # no more listening
            self._turns.put_nowait(None)  # the responder stops after the ended turns
            await asyncio.gather(self._tasks[1], return_exceptions=True)
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
        # What was said is stored even when the socket closed mid-reply.
        await asyncio.gather(*self._saving, return_exceptions=True)

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
            self._ack_idle()
            if self.detector.in_turn:
                if self._live is not None:
                    self._feed_live(self._live, self.detector.turn_audio(self._live.fed))
                elif not self.streaming:
                    self._maybe_cut()

    async def _on_speech_started(self) -> None:
        self._rolling = Rolling()
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

    def _ack_idle(self) -> None:
        """Between turns, silence older than a second is settled: acknowledged, so the
        browser need not keep it (throttled to once a second)."""
        ledger = self.ledger
        if ledger is None or self.detector.in_turn or self._unsaved or time.monotonic() - self._idle_acked_at < 1:
            return
        self._idle_acked_at = time.monotonic()
        seq = ledger.settle(ledger.seq_at(self.detector.now - IDLE_ACK_DELAY_S) - 1)
        if seq is not None:
            self._side_task(self.send_json({"type": "ack", "seq": seq}))

    async def _settle(self, turn: Turn) -> None:
        """The turn's answer is saved (or there was nothing to save): its frames are settled."""
        if self.ledger is not None and turn.frames is not None:
            seq = self.ledger.settle(turn.frames[1])
            if seq is not None:
                await self.send_json({"type": "ack", "seq": seq})

    async def _on_turn_ended(self, event: TurnEnded) -> None:
        decided = time.perf_counter()
        self._unsaved += 1
        frames = self.ledger.turn_frames(event.start, event.decided_at) if self.ledger is not None else None
        live, self._live = self._live, None
        if live is not None:
            # The rest of the turn (its audio ends 0.3 s after the last speech; the
            # stream may already have had more of the pause), then the end of audio.
            if live.fed < len(event.audio):
                self._feed_live(live, event.audio[live.fed :])
            closing = self._close_live(live)
            self._turns.put_nowait(
                Turn(
                    event=event,
                    rolling=Rolling(),
                    decided=decided,
                    last=None,
                    last_s=0.0,
                    live=live,
                    closing=closing,
                    frames=frames,
                )
            )
            await self.send_json({"type": "vad", "speech": False, "turn_end": round(event.decided_at, 3)})
            return
        if self.streaming:
            self._unsaved -= 1
            return  # the stream failed: voice mode is ending, nothing more is recognised
        rolling = self._rolling
        self._rolling = Rolling()
        # What the rolling pieces did not cover — the end of the last phrase, unless the
        # closing pause already made it a piece (event.audio ends 0.3 s after speech) —
        # and the pieces still queued behind other interviews' work: all needed now, so
        # one job at the ended turn's priority, submitted at once (not when the
        # responder gets to this turn).
        tail = event.audio[rolling.cut :] if rolling.cut < len(event.audio) else b""
        unstarted, last_start = rolling.take_unstarted()
        last = unstarted + tail
        job = pool().submit(Priority.FINAL, self._recognise, last) if len(last) >= _bytes(0.2) else None
        self._turns.put_nowait(
            Turn(
                event=event,
                rolling=rolling,
                decided=decided,
                last=job,
                last_s=_seconds(len(last)),
                last_start=last_start,
                frames=frames,
            )
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
        start, rolling.cut = rolling.cut, cut
        job = pool().submit(Priority.ROLLING, self._recognise, audio)
        rolling.pieces.append(
            Piece(audio=audio, start=start, job=job, task=asyncio.create_task(self._piece(rolling, job)))
        )

    @property
    def _stt_name(self) -> str:
        return getattr(self.stt, "name", type(self.stt).__name__)

    def _recognise(self, audio: bytes) -> Transcript:  # in the pool
        """STT of one piece, timed for the monitor (interviews/speech/stats.py)."""
        began = time.perf_counter()
        engine = self._stt_name
        try:
            prompt = self.prompt if settings.SPEECH_STT_HOTWORDS else ""
            result = self.stt.transcribe(audio, language=self.language, prompt=prompt)
        except SpeechError as exc:
            stats.record(
                "stt", engine=engine, ok=False, latency_ms=(time.perf_counter() - began) * 1000, error=str(exc)
            )
            raise
        stats.record("stt", engine=engine, ok=True, latency_ms=(time.perf_counter() - began) * 1000)
        return result

    async def _piece(self, rolling: Rolling, job: Future[Transcript]) -> Transcript:
        result = await asyncio.wrap_future(job)
        if rolling is self._rolling:
            text = " ".join(rolling.texts(job, result))
            if asks_for_time(text):
                self.detector.hold()
            if text.strip():
                await self.send_json({"type": "partial", "text": text.strip()})
        return result

    # --- streaming recognition ---------------------------------------------------------
    def _open_live(self) -> Live:
        loop = asyncio.get_running_loop()
        live = Live(calls=ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech-stream"))

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

    def _feed_live(self, live: Live, pcm: bytes) -> None:
        if pcm:
            live.fed += len(pcm)
            self._call_live(live, lambda: live.stream.feed(pcm) if live.stream else None)

    def _close_live(self, live: Live) -> Future[None]:
        """End of the turn's audio: the engine finalises what it has (in its thread)."""
        future = self._call_live(live, lambda: live.stream.close() if live.stream else None)
        live.calls.shutdown(wait=False)  # the thread ends after the queued calls
        return future

    def _call_live(self, live: Live, call: Callable[[], None]) -> Future[None]:
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

    def _show_partial(self, live: Live) -> None:
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

    async def _stream_text(self, turn: Turn) -> str:
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
            finally:
                self._unsaved -= 1

    async def _tell_turn_failed(self) -> None:
        # The engine's own error text is for the log; the candidate gets what to do next.
        with override(self.language):
            message = _("Не удалось разобрать последний ответ. Повторите его, пожалуйста, или напишите в чате.")
        await self.send_json({"type": "error", "code": "speech", "message": message})

    async def _answer_turn(self, turn: Turn) -> None:
        if turn.live is not None:
            text = await self._stream_text(turn)
            heard = Recognition(text=text, engine=self._stt_name, understood=bool(text))
            await self._reply(heard, turn, pieces=len(turn.live.finals))
            return
        rolling = turn.rolling
        waits: list[Any] = [piece.task for piece in rolling.pieces]
        starts = [piece.start for piece in rolling.pieces]
        if turn.last is not None:
            waits.append(asyncio.wrap_future(turn.last))
            starts.append(turn.last_start)
        results = await asyncio.gather(*waits, return_exceptions=True)
        parts: list[tuple[float, Transcript]] = []
        for start, result in zip(starts, results, strict=True):
            if isinstance(result, BaseException):
                raise result
            parts.append((_seconds(start), result))
        heard = combine(parts, language=self.language, engine=self._stt_name)
        await self._reply(heard, turn, pieces=len(rolling.pieces))

    async def _reply(self, heard: Recognition, turn: Turn, *, pieces: int) -> None:
        """Save the turn's text as the candidate's answer and speak the reply. Speech
        that could not be read is never dropped in silence: an answer with no word
        understood is asked for again; one with unclear stretches is saved with the
        marks and the candidate is told which part did not come through."""
        stt_ms = round((time.perf_counter() - turn.decided) * 1000)
        if not heard.text:
            await self._settle(turn)
            await self.send_json({"type": "listening"})
            return
        if not heard.understood:
            await self._settle(turn)  # asked for again: the browser need not keep it
            await self._ask_to_repeat(heard, whole=True)
            return
        text = heard.text
        meta = heard.meta()
        # How long he spoke: the recording's chapter for this answer starts that far back.
        meta["audio_s"] = round(turn.event.end - turn.event.start, 2)
        if turn.frames is not None:
            # What a reconnected session must not take again.
            meta["audio_frames"] = list(turn.frames)
            meta["audio_stream"] = self.ledger.stream if self.ledger is not None else ""
        loop = asyncio.get_running_loop()
        cancel = self._reply_cancel = threading.Event()
        streamed: list[str] = []

        def on_sentence(sentence: str) -> None:
            # From the service's thread: each checked sentence of a model's reply is
            # spoken while the rest is still being written.
            streamed.append(sentence)
            loop.call_soon_threadsafe(lambda: self.say_after(sentence, last=False))

        try:
            events, reply = await self.answer(
                text, f"voice-{uuid.uuid4().hex}", recognition=meta, on_sentence=on_sentence, cancel=cancel
            )
        finally:
            self._reply_cancel = None
        await self._settle(turn)
        await self.send_json(
            {
                "type": "transcript",
                "text": text,
                "stt_ms": stt_ms,
                "pieces": pieces,  # rolling pieces, or the stream's finals
                "last_s": round(turn.last_s, 2),
                "streamed": turn.live is not None,
                "confidence": heard.confidence,
                "unclear": [list(span) for span in heard.unclear],
            }
        )
        ask = await self._ask_to_repeat(heard, whole=False) if heard.unclear else ""
        for item in events:
            await self.send_json(item)
        if self.detector.in_turn or cancel.is_set() or self._gone:
            # The candidate is talking again: the reply stays in the chat, unspoken,
            # rather than talking over him.
            return
        if streamed:
            # Already being spoken; only what the sentences did not cover (the rules'
            # reply after a refused sentence) is left to say.
            spoken = " ".join(streamed)
            rest = reply[len(spoken) :].strip() if reply.startswith(spoken) else ""
            self.say_after(f"{rest} {ask}".strip(), last=True)  # already speaking: said after
            return
        await self.say(f"{ask} {reply}".strip())

    async def _ask_to_repeat(self, heard: Recognition, *, whole: bool) -> str:
        """Tell the candidate that (part of) his answer was not understood; returns the
        sentence to say. A whole answer not understood is not saved: he is asked for
        it again, and it is said at once."""
        with override(self.language):
            if whole:
                message = _("Простите, я не разобрал ответ. Повторите его, пожалуйста.")
            else:
                message = _("Часть ответа я не разобрал. Если там было важное, повторите это, пожалуйста.")
        log.info("answer %s understood: unclear %s", "not" if whole else "partly", list(heard.unclear))
        await self.send_json(
            {
                "type": "unclear",
                "whole": whole,
                "message": message,
                "spans": [list(span) for span in heard.unclear],
            }
        )
        if whole and not self.detector.in_turn:
            await self.say(message)
        return message

    # --- speaking --------------------------------------------------------------------
    async def _speak(self, text: str, *, listening: bool = True) -> None:
        chunks = iter(self.tts.synthesize(text, language=self.language))
        engine = getattr(self.tts, "name", type(self.tts).__name__)
        asked = time.perf_counter()
        began = 0.0
        sent_s = 0.0
        said: list[bytes] = []
        rate = 0
        began_at = timezone.now()
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
                    began, began_at, rate = time.monotonic(), timezone.now(), chunk.sample_rate
                    await self.send_json({"type": "speaking", "sample_rate": chunk.sample_rate})
                # Paced at playback speed with a small lead: the browser's buffer stays
                # short, and a barge-in stops what has not been sent yet.
                ahead = sent_s - (time.monotonic() - began) - settings.SPEECH_TTS_LEAD_S
                if ahead > 0:
                    await asyncio.sleep(ahead)
                if chunk.text:
                    await self.send_json({"type": "say", "text": chunk.text})
                await self.send_bytes(chunk.pcm)
                said.append(chunk.pcm)
                sent_s += len(chunk.pcm) / BYTES_PER_SAMPLE / chunk.sample_rate
            if began:
                # "listening" when the browser has played it all (it may still buffer).
                await asyncio.sleep(max(0.0, sent_s - (time.monotonic() - began)))
        except SpeechError as exc:
            log.warning("speech synthesis failed: %s", exc)
        finally:
            if began:
                # A barge-in or a closed socket cuts the reply: keep what was played.
                played = min(sent_s, time.monotonic() - began)
                self._keep_spoken(began_at, rate, b"".join(said)[: int(played * rate) * BYTES_PER_SAMPLE])
        if listening:
            await self.send_json({"type": "listening"})

    def _keep_spoken(self, started_at: datetime, rate: int, pcm: bytes) -> None:
        if self.on_spoken is None or not pcm:
            return
        task = asyncio.get_running_loop().create_task(self.on_spoken(started_at, rate, pcm))
        self._saving.add(task)
        task.add_done_callback(self._saving.discard)

    async def _stop_speaking(self) -> None:
        task, self._speak_task = self._speak_task, None
        if task and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
