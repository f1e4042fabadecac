"""Interfaces of the speech stages. Audio in is 16 kHz mono PCM16 (little-endian)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

SAMPLE_RATE = 16000
BYTES_PER_SAMPLE = 2


class SpeechError(Exception):
    """A speech engine failed (missing model, engine error, remote service error)."""


class VoiceActivityModel(Protocol):
    """Per-stream speech probability for fixed windows of ``window`` samples."""

    window: int

    def probability(self, samples: np.ndarray) -> float:  # float32, ``window`` samples
        ...

    def reset(self) -> None: ...


@dataclass(frozen=True)
class Transcript:
    text: str
    language: str = ""


class SpeechToText(Protocol):
    name: str

    def transcribe(self, pcm: bytes, *, language: str) -> Transcript: ...


@dataclass(frozen=True)
class AudioChunk:
    """A piece of synthesised speech: PCM16 mono at ``sample_rate``; ``text`` is the
    sentence it says (the first chunk of each sentence carries it)."""

    pcm: bytes
    sample_rate: int
    text: str = ""


class TextToSpeech(Protocol):
    name: str

    def synthesize(self, text: str, *, language: str) -> Iterator[AudioChunk]: ...
