"""Interfaces of the speech stages. Audio in is 16 kHz mono PCM16 (little-endian)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    """What a recogniser made of a piece of audio. ``unclear`` lists the stretches
    (seconds from the start of the piece) that held speech by the VAD but that the
    recogniser could not turn into words: they are shown as such, never dropped.
    ``confidence`` is the engine's own certainty in [0, 1] (None: it gives none)."""

    text: str
    language: str = ""
    unclear: tuple[tuple[float, float], ...] = ()
    confidence: float | None = None


class SpeechToText(Protocol):
    name: str

    def transcribe(self, pcm: bytes, *, language: str, prompt: str = "") -> Transcript:
        """``prompt``: terms the speech may contain; engines that take no hints ignore it."""
        ...


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


@dataclass(frozen=True)
class Word:
    text: str
    start_ms: int = 0  # from the start of the stream
    end_ms: int = 0


@dataclass(frozen=True)
class StreamResult:
    """A streaming recogniser's hypothesis: ``final`` is settled text of one utterance
    (sent once), otherwise the current partial text of the utterance in progress."""

    text: str
    final: bool
    words: tuple[Word, ...] = ()


class SpeechStream(Protocol):
    """Audio in as it comes (any frame size); results go to the callback given when the
    stream was opened, from whatever thread the engine uses."""

    def feed(self, pcm: bytes) -> None: ...

    def close(self) -> None:
        """End of audio: waits for the final results of everything fed."""
        ...


class StreamingSpeechToText(SpeechToText, Protocol):
    def stream(self, *, language: str, on_result: Callable[[StreamResult], None]) -> SpeechStream: ...
