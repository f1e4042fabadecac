"""The demo's voice interview: synthesized candidate speech streamed through the real
voice path, and the room's recording of it.

The candidate's answers are spoken by espeak-ng (another voice than the interviewer's),
resampled to the room's 16 kHz PCM and sent as 20 ms binary frames over the interview
WebSocket, as the browser's microphone does: the consumer's VAD cuts the turns, the
configured STT recognises them, the same conduct service answers, the TTS speaks the
reply. Each reply is waited for until the room would have played it, so no answer
talks over a question.

The candidate's microphone is recorded as the room's recorder does (audio/webm, Opus,
uploaded in chunks through ``interviews.recording`` while the interview runs, the last
chunk after the goodbye), and the interviewer's speech is kept by the voice session
itself, so the recording a reviewer plays on the card is the real join of both sides.
The answers are therefore spoken in real time, as into a microphone: on the shared
timeline an answer must not overlap the question after it.

A missing piece (espeak-ng, the VAD or STT model, PyAV for the recording) raises
``VoiceDemoUnavailable`` with the reason before anything is sent, so ``seed_demo``
prints it and runs that interview in the chat instead."""

from __future__ import annotations

import asyncio
import io
import json
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections

from interviews.speech.audio import resample
from interviews.speech.base import SAMPLE_RATE, SpeechError

FRAME = 640  # 20 ms of 16 kHz PCM16, as the room's AudioWorklet sends
CANDIDATE_VOICES = {"ru": "ru", "en": "en-us"}
CANDIDATE_PITCH = 40  # lower than the interviewer (50): two people, not one
CANDIDATE_WPM = 140  # slower than the interviewer: espeak speech is hard enough to recognise
WAV_HEADER = 44
RECORDING_RATE = 48000  # Opus' own rate
WAIT_S = 180.0  # for one reply on a busy machine (the first one loads the STT model)


class VoiceDemoUnavailable(Exception):
    """The voice interview cannot run here; the message says what is missing."""


def voice_ready() -> None:
    """Raise ``VoiceDemoUnavailable`` unless every engine the voice interview needs starts."""
    from interviews.speech.registry import get_stt, get_tts, get_vad

    if shutil.which(settings.SPEECH_ESPEAK_BINARY) is None:
        raise VoiceDemoUnavailable(f"{settings.SPEECH_ESPEAK_BINARY} не найден (речь кандидата синтезирует он)")
    try:
        import av  # noqa: F401  (PyAV, installed with faster-whisper: the recording's encoder)
    except ImportError as exc:
        raise VoiceDemoUnavailable(f"нет PyAV для записи: {exc}") from exc
    try:
        get_vad()
        get_stt()
        get_tts()
    except (SpeechError, ImportError, OSError) as exc:
        raise VoiceDemoUnavailable(str(exc)) from exc


def spoken(text: str, *, language: str) -> bytes:
    """The candidate saying ``text``: 16 kHz PCM16, then 2 s of silence (the turn ends
    after 1.2 s of it)."""
    voice = CANDIDATE_VOICES.get(language, CANDIDATE_VOICES["ru"])
    cmd = [settings.SPEECH_ESPEAK_BINARY, "-v", voice, "-s", str(CANDIDATE_WPM), "-p", str(CANDIDATE_PITCH)]
    cmd += ["--stdout", text]
    try:
        wav = subprocess.run(cmd, capture_output=True, timeout=60, check=True).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise VoiceDemoUnavailable(f"espeak-ng: {exc}") from exc
    rate = int.from_bytes(wav[24:28], "little") if len(wav) > WAV_HEADER else 0
    pcm = wav[WAV_HEADER:]
    samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2")
    if not rate or not len(samples):
        raise VoiceDemoUnavailable("espeak-ng не выдал звука")
    speech = resample(samples, rate, SAMPLE_RATE)
    silence = np.zeros(2 * SAMPLE_RATE, dtype="<i2")
    return np.concatenate([np.zeros(SAMPLE_RATE // 4, dtype="<i2"), speech, silence]).tobytes()


def short_answer(text: str, *, words: int = 22) -> str:
    """The first sentences of a scripted chat answer, up to about ``words`` words: a
    spoken answer in the demo takes seconds, not minutes, to recognise."""
    kept: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        if kept and len(" ".join(kept + [sentence]).split()) > words:
            break
        kept.append(sentence)
    return " ".join(kept)


class _Sink(io.RawIOBase):
    """Where the encoder writes: taken away chunk by chunk, never sought (a live
    stream, as the browser's MediaRecorder makes)."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.data += bytes(b)
        return len(b)

    def take(self) -> bytes:
        out, self.data = bytes(self.data), bytearray()
        return out


class Recorder:
    """The candidate's microphone as the room records it: audio/webm (Opus) from the
    moment voice mode went on, silence between answers, uploaded chunk by chunk."""

    def __init__(self, interview_id: int) -> None:
        import av

        self.interview_id = interview_id
        self.sink = _Sink()
        self.container = av.open(self.sink, mode="w", format="webm")
        self.stream = self.container.add_stream("libopus", rate=RECORDING_RATE, layout="mono")
        self.stream.bit_rate = 32000  # speech; the room's recorder uses about as much for its audio
        self.began = time.monotonic()
        self.recording_id: int | None = None
        self.index = 0
        self.samples = 0  # recorded so far

    def _encode(self, audio: np.ndarray) -> None:
        import av

        frame = av.AudioFrame.from_ndarray(audio.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RECORDING_RATE
        frame.pts = self.samples
        self.samples += len(audio)
        for packet in self.stream.encode(frame):
            self.container.mux(packet)

    def until_now(self) -> None:
        """Silence up to this moment (the microphone heard nothing)."""
        due = int((time.monotonic() - self.began) * RECORDING_RATE)
        if due > self.samples:
            self._encode(np.zeros(due - self.samples, dtype="<i2"))

    def add(self, pcm: bytes) -> None:
        """What the microphone heard from now on (16 kHz PCM16)."""
        self.until_now()
        samples = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2")
        self._encode(resample(samples, SAMPLE_RATE, RECORDING_RATE))

    async def upload(self, *, last: bool = False) -> None:
        if last:
            self.until_now()
            for packet in self.stream.encode(None):
                self.container.mux(packet)
            self.container.close()
        data = self.sink.take()
        if data:  # with nothing new, the staff view joins the parts when it opens
            await database_sync_to_async(self._append)(data, last)

    def _append(self, data: bytes, last: bool) -> None:
        from interviews.models import Interview
        from interviews.recording import recording_append

        interview = Interview.objects.get(pk=self.interview_id)
        done = recording_append(
            interview=interview,
            recording_id=self.recording_id,
            index=self.index,
            data=data,
            mime_type="audio/webm;codecs=opus",
            last=last,
            # Dates the segment on the server's clock, as the room's recorder does.
            elapsed_ms=int((time.monotonic() - self.began) * 1000),
        )
        self.recording_id, self.index = done.recording_id, done.next_index


@dataclass
class _Heard:
    """What the room received up to the next «listening» after a reply was spoken."""

    events: list[dict[str, Any]] = field(default_factory=list)
    audio: bytearray = field(default_factory=bytearray)
    rate: int = 0

    def saw(self, kind: str) -> bool:
        return any(e["type"] == kind for e in self.events)


async def _until_spoken(ws: WebsocketCommunicator) -> _Heard:
    """Events and reply audio until the room has played a reply («listening» after
    «speaking»), or the interview ended with nothing more to say."""
    heard = _Heard()
    while True:
        out = await ws.receive_output(timeout=WAIT_S)
        if out.get("type") == "websocket.close":
            return heard
        if out.get("bytes") is not None:
            heard.audio += out["bytes"]
            continue
        event = json.loads(out["text"])
        heard.events.append(event)
        if event["type"] == "error":
            raise VoiceDemoUnavailable(event.get("message") or event.get("code", ""))
        if event["type"] == "speaking":
            heard.rate = int(event["sample_rate"])
        elif event["type"] == "listening" and heard.saw("speaking"):
            return heard
        elif event["type"] == "listening" and heard.saw("vad") and not heard.saw("transcript"):
            raise VoiceDemoUnavailable("ответ кандидата не распознан")


async def _speak_into(ws: WebsocketCommunicator, pcm: bytes) -> None:
    """The answer as a microphone sends it: 20 ms frames, in real time (0.1 s at a time)."""
    began = time.monotonic()
    for offset in range(0, len(pcm), FRAME):
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
        sent_s = (offset + FRAME) / 2 / SAMPLE_RATE
        if offset % (FRAME * 5) == 0:
            await asyncio.sleep(max(0.0, sent_s - (time.monotonic() - began)))


async def converse(*, token: str, interview_id: int, answers: list[str], language: str) -> int:
    """The whole voice interview through the consumer: voice on, the question heard,
    each answer spoken, then «Завершить»; returns the number of answers saved."""
    from hrcrm.asgi import application as asgi_app

    host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost").lstrip(".")
    ws = WebsocketCommunicator(asgi_app, f"/ws/interview/{token}/", headers=[(b"origin", f"http://{host}".encode())])
    connected, _ = await ws.connect(timeout=30)
    if not connected:
        raise VoiceDemoUnavailable("комната интервью не приняла ссылку")
    saved = 0
    try:
        await ws.receive_json_from(timeout=30)  # the history
        await ws.send_json_to({"type": "voice", "on": True})
        recorder = Recorder(interview_id)  # the room starts recording with the microphone
        heard = await _until_spoken(ws)  # the question asked now
        recorder.until_now()
        await recorder.upload()
        for text in answers:
            pcm = spoken(text, language=language)
            recorder.add(pcm)
            await _speak_into(ws, pcm)
            heard = await _until_spoken(ws)
            saved += heard.saw("transcript")
            await recorder.upload()
            if heard.saw("end"):
                break
        else:
            await ws.send_json_to({"type": "finish"})
            await _until_spoken(ws)  # the goodbye
        await recorder.upload(last=True)
    finally:
        await ws.disconnect(timeout=30)
        await database_sync_to_async(connections.close_all)()  # the worker thread's connection
    return saved


def run(*, token: str, interview_id: int, answers: list[str], language: str) -> int:
    return asyncio.run(converse(token=token, interview_id=interview_id, answers=answers, language=language))
