"""A local Yandex SpeechKit v3 over gRPC (plaintext on 127.0.0.1): the Recognizer and
Synthesizer servicers generated from the same ``yandexcloud`` stubs the app uses.

It checks the auth metadata (``authorization: Api-Key …`` or ``Bearer …``,
``x-folder-id``) and the session options, and answers like the service: partial
hypotheses as audio arrives, a final per utterance (after 400 ms of silence or at the
end of the audio) with word timings from the session's audio start, ``eou_update`` and
``audio_cursors``, and a closing ``status_code``; a session given more audio than
``max_session_ms`` (the service's 5 minutes; tests shrink it) fails with OUT_OF_RANGE.

To recognise "speech" without a model, test audio is coded: a word is a square wave
whose amplitude names it (``word_audio``), silence is zeros. Real speech (which a VAD
recognises as such, unlike tones) can be used in "script" mode instead: utterances are
still found by the audio itself (sound, then 400 ms of silence, or the end of audio),
but their text is the next line of ``script``; a partial reveals its words as the
utterance's sound goes on, the final gives it whole. Synthesis returns
LINEAR16 PCM at the requested rate, 10 ms of tone per character, in 100 ms chunks."""

from __future__ import annotations

import threading
import time
import uuid
from concurrent import futures
from dataclasses import dataclass, field

import grpc
import numpy as np
from yandex.cloud.ai.stt.v3 import stt_pb2, stt_service_pb2_grpc
from yandex.cloud.ai.tts.v3 import tts_pb2, tts_service_pb2_grpc

API_KEY = "fake-speechkit-key"
IAM_TOKEN = "fake-iam-token"
FOLDER_ID = "b1gfakefolder"
VOCABULARY = (
    "я", "работал", "пять", "лет", "бэкенд", "разработчиком", "на", "питоне", "и", "джанго",
    "делал", "платёжный", "сервис", "для", "банка", "команда", "из", "шести", "человек", "спасибо",
)  # fmt: skip
RATE = 16000
FRAME = RATE // 100  # 10 ms
BASE_AMPLITUDE = 1000
STEP = 400
SILENCE_AMPLITUDE = 100
EOU_SILENCE_MS = 400
SCRIPT_WORD_MS = 250  # script mode: a partial reveals one more word per this much sound
TTS_RATES = (8000, 16000, 22050, 48000)


def word_audio(word: str, ms: int = 300) -> bytes:
    """``word`` "spoken": a 500 Hz square wave whose amplitude codes its vocabulary index."""
    amplitude = BASE_AMPLITUDE + STEP * VOCABULARY.index(word)
    n = RATE * ms // 1000
    wave = np.where((np.arange(n) // 16) % 2 == 0, amplitude, -amplitude)
    return wave.astype("<i2").tobytes()


def silence(ms: int) -> bytes:
    return bytes(RATE * ms // 1000 * 2)


def speech(words: list[str], *, word_ms: int = 300, gap_ms: int = 400) -> bytes:
    return b"".join(word_audio(w, word_ms) + silence(gap_ms) for w in words)


@dataclass
class RecognitionSession:
    metadata: dict[str, str]
    options: stt_pb2.StreamingOptions | None = None
    audio_bytes: int = 0
    finals: list[str] = field(default_factory=list)


@dataclass
class SynthesisCall:
    metadata: dict[str, str]
    request: tts_pb2.UtteranceSynthesisRequest


def _authorized(context: grpc.ServicerContext) -> dict[str, str]:
    metadata = {k: v for k, v in context.invocation_metadata()}
    auth = metadata.get("authorization", "")
    if auth not in (f"Api-Key {API_KEY}", f"Bearer {IAM_TOKEN}"):
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "The token is invalid")
    if auth.startswith("Bearer") and metadata.get("x-folder-id") != FOLDER_ID:
        context.abort(grpc.StatusCode.PERMISSION_DENIED, "Permission denied: folder id is required")
    return metadata


class _Recognizer(stt_service_pb2_grpc.RecognizerServicer):
    def __init__(self, fake: FakeSpeechKitGrpc) -> None:
        self.fake = fake

    def RecognizeStreaming(self, request_iterator, context):
        session = RecognitionSession(metadata=_authorized(context))
        self.fake.sessions.append(session)
        scripted = bool(self.fake.script)
        session_uuid = stt_pb2.SessionUuid(uuid=str(uuid.uuid4()), user_request_id="")
        began = time.monotonic()
        position = 0  # ms of audio received
        words: list[tuple[str, int, int]] = []  # the utterance in progress
        current: tuple[int, int] | None = None  # (vocabulary index, start ms) of a word being heard
        quiet = 0
        final_index = 0
        leftover = b""

        def response(**event: object) -> stt_pb2.StreamingResponse:
            return stt_pb2.StreamingResponse(
                session_uuid=session_uuid,
                audio_cursors=stt_pb2.AudioCursors(
                    received_data_ms=position, partial_time_ms=position, final_index=final_index
                ),
                response_wall_time_ms=int((time.monotonic() - began) * 1000),
                channel_tag="0",
                **event,
            )

        def alternative(items: list[tuple[str, int, int]]) -> stt_pb2.AlternativeUpdate:
            alt = stt_pb2.Alternative(
                words=[stt_pb2.Word(text=t, start_time_ms=s, end_time_ms=e) for t, s, e in items],
                text=" ".join(t for t, _, _ in items),
                start_time_ms=items[0][1] if items else 0,
                end_time_ms=items[-1][2] if items else 0,
                confidence=0.0,  # the service leaves it 0 in streaming mode
                languages=[stt_pb2.LanguageEstimation(language_code="ru-RU", probability=1.0)],
            )
            return stt_pb2.AlternativeUpdate(alternatives=[alt], channel_tag="0")

        for request in request_iterator:
            event = request.WhichOneof("Event")
            if session.options is None:
                if event != "session_options":
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "session_options must come first")
                raw = request.session_options.recognition_model.audio_format.raw_audio
                if raw.audio_encoding != stt_pb2.RawAudio.LINEAR16_PCM or raw.sample_rate_hertz != RATE:
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, "unsupported audio format")
                session.options = request.session_options
                continue
            if event != "chunk":
                continue
            if position >= self.fake.max_session_ms:
                # The service's limit on one streaming session (5 minutes of audio).
                context.abort(grpc.StatusCode.OUT_OF_RANGE, "Audio duration limit exceeded for streaming session")
            data = leftover + request.chunk.data
            session.audio_bytes += len(request.chunk.data)
            usable = len(data) - len(data) % (FRAME * 2)
            leftover = data[usable:]
            samples = np.frombuffer(data[:usable], dtype="<i2")
            for at in range(0, len(samples), FRAME):
                peak = int(np.abs(samples[at : at + FRAME].astype(np.int32)).max())
                if peak > SILENCE_AMPLITUDE:
                    index = round((peak - BASE_AMPLITUDE) / STEP) if not scripted else 0
                    if current is None:
                        current = (index, position)
                    quiet = 0
                else:
                    if current is not None:
                        words.append((VOCABULARY[current[0]], current[1], position))
                        current = None
                    quiet += 10
                position += 10
                if words and current is None and quiet >= EOU_SILENCE_MS:
                    words = self._scripted(words, final=True) if scripted else words
                    time.sleep(self.fake.final_delay_s)
                    yield response(final=alternative(words))
                    yield response(eou_update=stt_pb2.EouUpdate(time_ms=position))
                    session.finals.append(" ".join(t for t, _, _ in words))
                    final_index += 1
                    words = []
            heard = words + ([(VOCABULARY[current[0]], current[1], position)] if current else [])
            if heard and scripted:
                heard = self._scripted(heard, final=False)
            if heard:
                yield response(partial=alternative(heard))
        # End of audio: what is left is final.
        if current is not None:
            words.append((VOCABULARY[current[0]], current[1], position))
        if words and scripted:
            words = self._scripted(words, final=True)
        if words:
            time.sleep(self.fake.final_delay_s)
            yield response(final=alternative(words))
            session.finals.append(" ".join(t for t, _, _ in words))
        yield response(status_code=stt_pb2.StatusCode(code_type=stt_pb2.CLOSED, message="audio ended"))

    def _scripted(self, sounds: list[tuple[str, int, int]], *, final: bool) -> list[tuple[str, int, int]]:
        """Script mode: the utterance made of these sounds says the script's next line
        (taken off the script by its final); its words share the utterance's time."""
        start, end = sounds[0][1], sounds[-1][2]
        with self.fake._lock:
            line = self.fake.script.pop(0) if final else self.fake.script[0]
        words = line.split()
        if not final:
            heard = sum(e - s for _, s, e in sounds)
            words = words[: 1 + heard // SCRIPT_WORD_MS]
        span = max(1, (end - start) // max(1, len(line.split())))
        return [(w, start + i * span, start + (i + 1) * span) for i, w in enumerate(words)]


class _Synthesizer(tts_service_pb2_grpc.SynthesizerServicer):
    def __init__(self, fake: FakeSpeechKitGrpc) -> None:
        self.fake = fake

    def UtteranceSynthesis(self, request, context):
        metadata = _authorized(context)
        self.fake.syntheses.append(SynthesisCall(metadata=metadata, request=request))
        raw = request.output_audio_spec.raw_audio
        if raw.audio_encoding != tts_pb2.RawAudio.LINEAR16_PCM or raw.sample_rate_hertz not in TTS_RATES:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "unsupported output audio spec")
        if not request.text.strip():
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "text is empty")
        rate = raw.sample_rate_hertz
        n = len(request.text) * rate // 100
        pcm = (np.sin(np.arange(n) * 2 * np.pi * 220 / rate) * 8000).astype("<i2").tobytes()
        step = rate // 10 * 2  # 100 ms
        for at in range(0, len(pcm), step):
            piece = pcm[at : at + step]
            yield tts_pb2.UtteranceSynthesisResponse(
                audio_chunk=tts_pb2.AudioChunk(data=piece),
                start_ms=at * 1000 // (rate * 2),
                length_ms=len(piece) * 1000 // (rate * 2),
            )


class FakeSpeechKitGrpc:
    def __init__(self) -> None:
        self.sessions: list[RecognitionSession] = []
        self.syntheses: list[SynthesisCall] = []
        self.max_session_ms = 5 * 60 * 1000
        self.script: list[str] = []  # script mode when not empty: the utterances' texts, in order
        self.final_delay_s = 0.0  # a slow service: each final this late
        self._server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        stt_service_pb2_grpc.add_RecognizerServicer_to_server(_Recognizer(self), self._server)
        tts_service_pb2_grpc.add_SynthesizerServicer_to_server(_Synthesizer(self), self._server)
        self.port = self._server.add_insecure_port("127.0.0.1:0")
        self._lock = threading.Lock()

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def reset(self) -> None:
        self.sessions.clear()
        self.syntheses.clear()
        self.max_session_ms = 5 * 60 * 1000
        self.script.clear()
        self.final_delay_s = 0.0

    def __enter__(self) -> FakeSpeechKitGrpc:
        self._server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stop(grace=None)
