"""Yandex SpeechKit STT: streaming recognition over gRPC (v3, ``SPEECH_STT=speechkit``)
and the older synchronous REST ``recognize`` (v1, ``SPEECH_STT=speechkit-rest``).

Streaming (v3 ``Recognizer.RecognizeStreaming``): the first message carries the session
options (raw LINEAR16 PCM, 16 kHz mono, model, language), then audio chunks; the server
answers with partial hypotheses of the utterance in progress and a final one per
utterance, each with word timings.

One recognition session may last at most 5 minutes, an interview longer, so a stream
is a chain of sessions ("rotation"). Each audio byte goes to one session, except at a
forced cut:

* after ``SPEECHKIT_STT_SESSION_S`` (4.5 min) of audio the next pause (quiet for
  ``SPEECHKIT_STT_PAUSE_S``) ends the session: the cut falls between words, so nothing
  is split and nothing overlaps;
* if nobody pauses until ``SPEECHKIT_STT_SESSION_HARD_S``, the cut is made anyway and
  the last ``SPEECHKIT_STT_OVERLAP_S`` of audio is sent to both sessions: a word split by
  the cut is heard whole by the new one. The new session's words that start before the
  end of the last word already given out (less a small tolerance) are the overlap's
  duplicates and are dropped.

The ended session is half-closed (end of audio), so the server finalises what it got;
its finals are given out before any of the next session's, which wait until then.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import grpc
import httpx
import numpy as np
from django.conf import settings

from interviews.speech import speechkit_grpc
from interviews.speech.base import BYTES_PER_SAMPLE, SAMPLE_RATE, SpeechError, StreamResult, Transcript, Word

log = logging.getLogger(__name__)

LANGS = {"ru": "ru-RU", "en": "en-US"}
MAX_BYTES = 1024 * 1024


class SpeechKitRestSTT:
    """v1 REST, one request per turn (up to 30 s / 1 MB of audio)."""

    name = "speechkit-rest"

    def transcribe(self, pcm: bytes, *, language: str, prompt: str = "") -> Transcript:
        if not settings.YANDEX_SPEECHKIT_API_KEY:
            raise SpeechError("YANDEX_SPEECHKIT_API_KEY is not set")
        params = {
            "lang": LANGS.get(language, "ru-RU"),
            "format": "lpcm",
            "sampleRateHertz": str(SAMPLE_RATE),
            "topic": "general",
        }
        if settings.YANDEX_FOLDER_ID:
            params["folderId"] = settings.YANDEX_FOLDER_ID
        # A turn longer than the API limit keeps its last part: the end of an answer
        # matters more than its start for the next question.
        body = pcm[-MAX_BYTES:]
        try:
            response = httpx.post(
                settings.YANDEX_SPEECHKIT_STT_URL,
                params=params,
                content=body,
                headers={"Authorization": f"Api-Key {settings.YANDEX_SPEECHKIT_API_KEY}"},
                timeout=settings.SPEECH_REMOTE_TIMEOUT,
            )
        except httpx.HTTPError as exc:
            raise SpeechError(f"SpeechKit STT request failed: {exc}") from exc
        if response.status_code != 200:
            raise SpeechError(f"SpeechKit STT answered {response.status_code}: {response.text[:200]}")
        data = response.json()
        if "result" not in data:
            raise SpeechError(f"SpeechKit STT: no result in {data!r:.200}")
        return Transcript(text=str(data["result"]).strip(), language=language)


# --- streaming (v3 gRPC) ----------------------------------------------------------------
BYTES_PER_MS = SAMPLE_RATE * BYTES_PER_SAMPLE // 1000
FRAME_BYTES = 20 * BYTES_PER_MS  # pause detection works on 20 ms frames
SEND_BYTES = 100 * BYTES_PER_MS  # audio goes out in chunks of about 100 ms
# A frame quieter than this RMS (of 32768, about -44 dBFS) counts as pause. The session's
# VAD is not used here: the stream must stand on its own (whole-turn transcription too).
QUIET_RMS = 200.0
DUPLICATE_TOLERANCE_MS = 100
_END = None


def _stt_pb2():  # type: ignore[no-untyped-def]
    from yandex.cloud.ai.stt.v3 import stt_pb2, stt_service_pb2_grpc

    return stt_pb2, stt_service_pb2_grpc


def _session_options(language: str):  # type: ignore[no-untyped-def]
    stt_pb2, _ = _stt_pb2()
    return stt_pb2.StreamingRequest(
        session_options=stt_pb2.StreamingOptions(
            recognition_model=stt_pb2.RecognitionModelOptions(
                model=settings.SPEECHKIT_STT_MODEL,
                audio_format=stt_pb2.AudioFormatOptions(
                    raw_audio=stt_pb2.RawAudio(
                        audio_encoding=stt_pb2.RawAudio.LINEAR16_PCM,
                        sample_rate_hertz=SAMPLE_RATE,
                        audio_channel_count=1,
                    )
                ),
                # Finals are used as they come; normalisation would send each one
                # again as a "final_refinement", which we would have to wait for.
                text_normalization=stt_pb2.TextNormalizationOptions(
                    text_normalization=stt_pb2.TextNormalizationOptions.TEXT_NORMALIZATION_DISABLED,
                    profanity_filter=False,
                ),
                language_restriction=stt_pb2.LanguageRestrictionOptions(
                    restriction_type=stt_pb2.LanguageRestrictionOptions.WHITELIST,
                    language_code=[LANGS.get(language, "ru-RU")],
                ),
                audio_processing_type=stt_pb2.RecognitionModelOptions.REAL_TIME,
            ),
        )
    )


@dataclass
class _Session:
    """One ``RecognizeStreaming`` call: a request queue, a reader thread, its results."""

    index: int
    offset_ms: int  # where this session's audio starts in the stream
    overlapped: bool  # began with audio already sent to the previous session
    requests: queue.Queue[bytes | None] = field(default_factory=queue.Queue)
    pending: list[StreamResult] = field(default_factory=list)  # finals held for order
    sent_bytes: int = 0
    done: bool = False
    error: SpeechError | None = None
    thread: threading.Thread | None = None

    def send(self, pcm: bytes) -> None:
        if pcm:
            self.requests.put(pcm)
            self.sent_bytes += len(pcm)

    def finish(self) -> None:
        self.requests.put(_END)


class SpeechKitStream:
    """A recognition stream over as many SpeechKit sessions as its length needs."""

    def __init__(self, *, language: str, on_result: Callable[[StreamResult], None]) -> None:
        self.language = language
        self.on_result = on_result
        self._metadata = speechkit_grpc.metadata()  # no credentials: fail before any audio
        self._lock = threading.Lock()
        self._sessions: list[_Session] = []
        self._head = 0  # the first session not done: only its results go out directly
        self._last_end_ms = -1  # end of the last word given out (stream time)
        self._last_start_ms = -(10**9)  # and its start
        self._fed = 0  # bytes fed
        self._carry = b""  # an odd byte or a part frame
        self._outgoing = bytearray()  # fed, not sent yet
        self._history = bytearray()  # the last OVERLAP_S of audio, for a forced cut
        self._quiet_ms = 0
        self._closed = False
        self._start_session(offset_ms=0, overlapped=False)

    # --- public ---------------------------------------------------------------------
    def feed(self, pcm: bytes) -> None:
        if self._closed:
            raise SpeechError("SpeechKit stream is closed")
        self._raise_if_failed()
        data = self._carry + pcm
        usable = len(data) - len(data) % FRAME_BYTES
        self._carry = data[usable:]
        for at in range(0, usable, FRAME_BYTES):
            self._frame(data[at : at + FRAME_BYTES])
        self._flush()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._carry:
            tail = self._carry[: len(self._carry) - len(self._carry) % BYTES_PER_SAMPLE]
            self._outgoing += tail
            self._fed += len(tail)
            self._carry = b""
        self._flush()
        self._sessions[-1].finish()
        deadline = settings.SPEECH_REMOTE_TIMEOUT
        for session in list(self._sessions):
            if session.thread:
                session.thread.join(timeout=deadline)
                if session.thread.is_alive():
                    raise SpeechError("SpeechKit STT: no final result in time")
        self._raise_if_failed()

    @property
    def sessions(self) -> int:
        return len(self._sessions)

    # --- audio ----------------------------------------------------------------------
    def _frame(self, frame: bytes) -> None:
        current = self._sessions[-1]
        session_ms = (current.sent_bytes + len(self._outgoing)) // BYTES_PER_MS
        rms = float(np.sqrt(np.mean(np.frombuffer(frame, dtype="<i2").astype(np.float32) ** 2)))
        self._quiet_ms = self._quiet_ms + 20 if rms < QUIET_RMS else 0
        if session_ms >= settings.SPEECHKIT_STT_SESSION_S * 1000 and self._quiet_ms >= (
            settings.SPEECHKIT_STT_PAUSE_S * 1000
        ):
            self._rotate(overlap=False)
        elif session_ms >= settings.SPEECHKIT_STT_SESSION_HARD_S * 1000:
            self._rotate(overlap=True)
        self._outgoing += frame
        self._fed += len(frame)
        self._history += frame
        keep = int(settings.SPEECHKIT_STT_OVERLAP_S * 1000) * BYTES_PER_MS
        if len(self._history) > keep:
            del self._history[: len(self._history) - keep]

    def _flush(self) -> None:
        session = self._sessions[-1]
        for at in range(0, len(self._outgoing), SEND_BYTES):
            session.send(bytes(self._outgoing[at : at + SEND_BYTES]))
        self._outgoing.clear()

    def _rotate(self, *, overlap: bool) -> None:
        self._flush()
        old = self._sessions[-1]
        cut_ms = self._fed // BYTES_PER_MS
        head = bytes(self._history) if overlap else b""
        log.info("SpeechKit STT: new session at %.1f s (%s)", cut_ms / 1000, "overlap" if overlap else "pause")
        new = self._start_session(offset_ms=cut_ms - len(head) // BYTES_PER_MS, overlapped=bool(head))
        new.send(head)
        old.finish()
        self._quiet_ms = 0

    def _start_session(self, *, offset_ms: int, overlapped: bool) -> _Session:
        session = _Session(index=len(self._sessions), offset_ms=offset_ms, overlapped=overlapped)
        with self._lock:
            self._sessions.append(session)
        session.thread = threading.Thread(
            target=self._run, args=(session,), name=f"speechkit-stt-{session.index}", daemon=True
        )
        session.thread.start()
        return session

    # --- results --------------------------------------------------------------------
    def _requests(self, session: _Session) -> Iterator[object]:
        stt_pb2, _ = _stt_pb2()
        yield _session_options(self.language)
        while True:
            pcm = session.requests.get()
            if pcm is _END:
                return
            yield stt_pb2.StreamingRequest(chunk=stt_pb2.AudioChunk(data=pcm))

    def _run(self, session: _Session) -> None:
        _, grpc_stubs = _stt_pb2()
        stub = grpc_stubs.RecognizerStub(speechkit_grpc.channel(settings.SPEECHKIT_STT_ENDPOINT))
        try:
            responses = stub.RecognizeStreaming(self._requests(session), metadata=self._metadata)
            for response in responses:
                self._on_response(session, response)
        except grpc.RpcError as exc:
            session.error = speechkit_grpc.rpc_error(exc, "STT")
            session.finish()  # unblock the request generator if it still waits
        finally:
            self._session_done(session)

    def _on_response(self, session: _Session, response) -> None:  # type: ignore[no-untyped-def]
        event = response.WhichOneof("Event")
        if event not in ("partial", "final"):
            return  # eou_update, final_refinement, status_code, classifiers: not used
        update = getattr(response, event)
        if not update.alternatives:
            return
        alt = update.alternatives[0]
        words = tuple(
            Word(w.text, session.offset_ms + w.start_time_ms, session.offset_ms + w.end_time_ms) for w in alt.words
        )
        result = StreamResult(text=alt.text.strip(), final=event == "final", words=words)
        with self._lock:
            if session.index != self._head:
                if result.final:
                    session.pending.append(result)
                return  # a partial of a session whose predecessor is still finishing
            self._emit(session, result)

    def _emit(self, session: _Session, result: StreamResult) -> None:
        """Give a result out (under the lock), without the overlap's duplicate words."""
        if session.overlapped and result.words:
            # A duplicate starts inside the last word given out, or where it started
            # (the old session heard only its beginning, cut off).
            floor = max(self._last_end_ms - DUPLICATE_TOLERANCE_MS, self._last_start_ms + DUPLICATE_TOLERANCE_MS)
            kept = tuple(w for w in result.words if w.start_ms >= floor)
            if len(kept) != len(result.words):
                result = StreamResult(text=" ".join(w.text for w in kept), final=result.final, words=kept)
        if not result.text:
            return
        if result.final and result.words:
            self._last_end_ms = max(self._last_end_ms, result.words[-1].end_ms)
            self._last_start_ms = max(self._last_start_ms, result.words[-1].start_ms)
        self.on_result(result)

    def _session_done(self, session: _Session) -> None:
        with self._lock:
            session.done = True
            while self._head < len(self._sessions) and self._sessions[self._head].done:
                self._head += 1
                if self._head < len(self._sessions):
                    nxt = self._sessions[self._head]
                    held, nxt.pending = nxt.pending, []
                    for result in held:
                        self._emit(nxt, result)

    def _raise_if_failed(self) -> None:
        for session in self._sessions:
            if session.error:
                raise session.error


class SpeechKitSTT:
    """SpeechKit v3 streaming recognition (``SPEECH_STT=speechkit``)."""

    name = "speechkit"

    def stream(self, *, language: str, on_result: Callable[[StreamResult], None]) -> SpeechKitStream:
        return SpeechKitStream(language=language, on_result=on_result)

    def transcribe(self, pcm: bytes, *, language: str, prompt: str = "") -> Transcript:
        finals: list[str] = []
        stream = self.stream(language=language, on_result=lambda r: finals.append(r.text) if r.final else None)
        stream.feed(pcm)
        stream.close()
        return Transcript(text=" ".join(finals).strip(), language=language)
