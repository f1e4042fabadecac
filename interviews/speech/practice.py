"""The device check's practice question: the interviewer's voice asks the candidate to
say one sentence (his speakers work), he says it (his microphone works), and the
recogniser's reading is shown back (he knows how well he is heard before the
interview starts, and can move closer, turn the noise down, or choose the chat).
Nothing of it is stored: the audio is recognised and dropped."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import av
import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import override

from interviews.speech.base import SAMPLE_RATE, SpeechError
from interviews.speech.cleanup import clean
from interviews.speech.registry import get_stt, get_tts

MAX_SECONDS = 15
MAX_BYTES = 2 * 1024 * 1024  # 15 s of browser Opus is ~50 KB; WAV of 15 s is 480 KB
QUIET_DBFS = -50.0  # quieter than this all through: the microphone gives silence


class PracticeError(Exception):
    """The practice recording cannot be used; the message is for the candidate."""


@dataclass(frozen=True)
class PracticeHeard:
    text: str  # what the recogniser read ("" for nothing)
    level_dbfs: float  # the loudest 100 ms, to tell a silent microphone from unclear speech
    seconds: float


def practice_question(language: str) -> str:
    with override(language):
        return _("Проверим звук. Скажите, пожалуйста, вслух: «Здравствуйте, я готов начать интервью».")


def practice_question_wav(language: str) -> bytes:
    """The practice question in the interviewer's voice (the configured TTS), as WAV."""
    chunks = list(get_tts().synthesize(practice_question(language), language=language))
    if not chunks:
        raise SpeechError("the speech synthesiser returned nothing")
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(chunks[0].sample_rate)
        wav.writeframes(b"".join(c.pcm for c in chunks))
    return out.getvalue()


def _decode(data: bytes) -> np.ndarray:
    """Any recording the browser makes (WebM/Ogg Opus, WAV…) as 16 kHz mono float32."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    pieces: list[np.ndarray] = []
    try:
        with av.open(io.BytesIO(data)) as container:
            if not container.streams.audio:
                raise PracticeError(_("В записи нет звука."))
            for frame in container.decode(audio=0):
                pieces.extend(f.to_ndarray()[0] for f in resampler.resample(frame))
                if sum(map(len, pieces)) > MAX_SECONDS * SAMPLE_RATE:
                    raise PracticeError(_("Запись слишком длинная: хватит одной фразы."))
    except av.error.FFmpegError as exc:
        raise PracticeError(_("Не удалось прочитать запись с микрофона. Попробуйте ещё раз.")) from exc
    return np.concatenate(pieces).astype(np.int16) if pieces else np.zeros(0, np.int16)


def _loudest_dbfs(samples: np.ndarray) -> float:
    window = SAMPLE_RATE // 10
    if len(samples) < window:
        return -100.0
    blocks = samples[: len(samples) // window * window].astype(np.float32).reshape(-1, window) / 32768.0
    rms = np.sqrt(np.mean(blocks**2, axis=1)).max()
    return float(20 * np.log10(max(rms, 1e-5)))


def practice_hear(data: bytes, *, language: str) -> PracticeHeard:
    if not data:
        raise PracticeError(_("Пустая запись."))
    if len(data) > MAX_BYTES:
        raise PracticeError(_("Запись слишком длинная: хватит одной фразы."))
    samples = _decode(data)
    level = _loudest_dbfs(samples)
    seconds = len(samples) / SAMPLE_RATE
    if level < QUIET_DBFS:
        return PracticeHeard(text="", level_dbfs=round(level, 1), seconds=round(seconds, 2))
    heard = get_stt().transcribe(samples.tobytes(), language=language)
    return PracticeHeard(text=clean(heard.text), level_dbfs=round(level, 1), seconds=round(seconds, 2))
