"""Reading WAV files into 16 kHz mono PCM16 with the standard library (the corpus and
test clips are already in that format; other rates are resampled linearly)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from interviews.speech.base import SAMPLE_RATE


def read_pcm16(path: str | Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
        frames = wav.readframes(wav.getnframes())
    if width != 2:
        raise ValueError(f"{path}: only 16-bit PCM WAV is supported")
    samples = np.frombuffer(frames, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype("<i2")
    if rate != SAMPLE_RATE:
        samples = resample(samples, rate, SAMPLE_RATE)
    return samples.astype("<i2").tobytes()


def resample(samples: np.ndarray, src: int, dst: int) -> np.ndarray:
    n = int(round(len(samples) * dst / src))
    x = np.linspace(0, len(samples) - 1, n)
    return np.interp(x, np.arange(len(samples)), samples.astype(np.float32)).astype("<i2")
