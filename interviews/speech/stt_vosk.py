"""Offline streaming STT: Vosk (Kaldi) with a model folder from ``VOSK_MODEL_PATH``
(``SPEECH_STT=vosk``).

Vosk recognises as audio arrives (``AcceptWaveform`` per chunk, a partial hypothesis
in between, a final one at each pause it detects), so a turn's text is ready almost as
soon as the turn ends, on one core, with a 45 MB model. The model is not on PyPI for
Russian: download ``vosk-model-small-ru-0.22`` from https://alphacephei.com/vosk/models
and unpack it to ``VOSK_MODEL_PATH`` (see README, "Speech engines"). A missing or broken
model fails when the engine is created, naming the setting, not at the first answer."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from interviews.speech.base import SAMPLE_RATE, SpeechError, StreamResult, Transcript, Word

PARTIAL_EVERY_BYTES = SAMPLE_RATE * 2 * 3 // 10  # a partial hypothesis per 0.3 s of audio
MODEL_HINT = (
    "download vosk-model-small-ru-0.22 from https://alphacephei.com/vosk/models, unpack it "
    "and set VOSK_MODEL_PATH to the folder (it holds am/, conf/, graph/)"
)


@functools.cache
def _model(path: str):  # type: ignore[no-untyped-def]
    try:
        import vosk
    except ImportError as exc:
        raise SpeechError("the vosk package is not installed (pip install vosk==0.3.45)") from exc
    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(path)
    except Exception as exc:  # vosk raises a bare Exception("Failed to create a model")
        raise SpeechError(f"Vosk could not load the model in VOSK_MODEL_PATH={path!r}: {exc}; {MODEL_HINT}") from exc


def check_model_path() -> Path:
    path = Path(settings.VOSK_MODEL_PATH)
    if not settings.VOSK_MODEL_PATH or not path.is_dir():
        raise SpeechError(f"Vosk model not found: VOSK_MODEL_PATH={str(path)!r} is not a folder; {MODEL_HINT}")
    if not (path / "am").is_dir() or not (path / "conf").is_dir():
        raise SpeechError(f"VOSK_MODEL_PATH={str(path)!r} is not a Vosk model (no am/ or conf/); {MODEL_HINT}")
    return path


def load_model():  # type: ignore[no-untyped-def]
    return _model(str(check_model_path().resolve()))


def _words(data: dict) -> tuple[Word, ...]:  # type: ignore[type-arg]
    return tuple(
        Word(w["word"], int(w["start"] * 1000), int(w["end"] * 1000)) for w in data.get("result", []) if "word" in w
    )


class VoskStream:
    """Recognition on the caller's thread: ``feed`` returns when the chunk is decoded."""

    def __init__(self, model, *, on_result: Callable[[StreamResult], None]) -> None:  # type: ignore[no-untyped-def]
        from vosk import KaldiRecognizer

        self._recognizer = KaldiRecognizer(model, SAMPLE_RATE)
        self._recognizer.SetWords(True)
        self._on_result = on_result
        self._lock = threading.Lock()  # a recogniser is not thread-safe
        self._last_partial = ""
        self._since_partial = 0

    def feed(self, pcm: bytes) -> None:
        with self._lock:
            if self._recognizer.AcceptWaveform(pcm):
                self._final(json.loads(self._recognizer.Result()))
                return
            # A partial is a traceback over the whole utterance's lattice: asked for on
            # every 20 ms frame it would cost more than the decoding itself.
            self._since_partial += len(pcm)
            if self._since_partial >= PARTIAL_EVERY_BYTES:
                self._since_partial = 0
                partial = json.loads(self._recognizer.PartialResult()).get("partial", "").strip()
                if partial and partial != self._last_partial:
                    self._last_partial = partial
                    self._on_result(StreamResult(text=partial, final=False))

    def close(self) -> None:
        with self._lock:
            self._final(json.loads(self._recognizer.FinalResult()))

    def _final(self, data: dict) -> None:  # type: ignore[type-arg]
        self._last_partial = ""
        text = str(data.get("text", "")).strip()
        if text:
            self._on_result(StreamResult(text=text, final=True, words=_words(data)))


class VoskSTT:
    name = "vosk"

    def __init__(self) -> None:
        self.model = load_model()  # fail now, with the setting's name, not mid-interview

    def stream(self, *, language: str, on_result: Callable[[StreamResult], None]) -> VoskStream:
        return VoskStream(self.model, on_result=on_result)

    def transcribe(self, pcm: bytes, *, language: str, prompt: str = "") -> Transcript:
        finals: list[str] = []
        stream = self.stream(language=language, on_result=lambda r: finals.append(r.text) if r.final else None)
        # Fed in 0.2 s pieces as a live stream would be: Vosk's endpointing then splits
        # long audio at pauses, as it does live.
        step = SAMPLE_RATE * 2 // 5
        for at in range(0, len(pcm), step):
            stream.feed(pcm[at : at + step])
        stream.close()
        return Transcript(text=" ".join(finals).strip(), language=language)
