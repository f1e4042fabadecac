"""Speech clips made the way the corpus's interview audio was made (espeak-ng phrases,
16 kHz mono, peak-normalised to −3 dBFS, espeak's own leading and trailing silence
trimmed at −55 dBFS, exact digital-silence pauses, optional pink noise mixed over the
whole clip), with the truth known by construction: where every pause starts and how
long it is. Used by the turn-taking tests and ``bench/vad_pauses.py`` to check the
1.2 s rule on pauses just either side of the threshold, which the corpus clips avoid."""

from __future__ import annotations

import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class Pause:
    start_s: float  # where the speech before it ends
    duration_s: float


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def _read(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.int32)


def phrase(text: str, *, voice: str, speed: int, pitch: int, folder: Path) -> np.ndarray:
    """One phrase as the corpus made it: 16 kHz samples, edges trimmed at −55 dBFS."""
    raw, p16, part = folder / "raw.wav", folder / "p16.wav", folder / "part.wav"
    _run("espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-w", str(raw), text)
    _run("sox", str(raw), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(p16))
    # fmt: off
    _run("sox", str(p16), str(part), "norm", "-3",
         "silence", "1", "0.005", "-55d", "reverse", "silence", "1", "0.005", "-55d", "reverse")
    # fmt: on
    return _read(part)


def clip(
    texts: list[str],
    pauses_s: list[float],
    *,
    voice: str = "ru",
    speed: int = 160,
    pitch: int = 50,
    noise_vol: float = 0.0,
    leading_s: float = 0.5,
    trailing_s: float = 1.5,
) -> tuple[bytes, list[Pause]]:
    """PCM16 of the phrases joined by the given pauses (one fewer than phrases), with
    the pauses' true positions. ``noise_vol`` as in ``sox … synth pinknoise vol V``."""
    assert len(pauses_s) == len(texts) - 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pieces = [np.zeros(int(leading_s * SAMPLE_RATE), np.int32)]
        pauses: list[Pause] = []
        position = len(pieces[0])
        for i, text in enumerate(texts):
            speech = phrase(text, voice=voice, speed=speed, pitch=pitch, folder=folder)
            pieces.append(speech)
            position += len(speech)
            gap = pauses_s[i] if i < len(pauses_s) else trailing_s
            silence = np.zeros(int(round(gap * SAMPLE_RATE)), np.int32)
            if i < len(pauses_s):
                pauses.append(Pause(position / SAMPLE_RATE, gap))
            pieces.append(silence)
            position += len(silence)
        audio = np.concatenate(pieces)
        if noise_vol:
            noise = folder / "noise.wav"
            # fmt: off
            _run("sox", "-D", "-r", str(SAMPLE_RATE), "-c", "1", "-n", "-b", "16", str(noise),
                 "synth", f"{len(audio)}s", "pinknoise", "vol", str(noise_vol))
            # fmt: on
            audio = audio + _read(noise)[: len(audio)]
    return np.clip(audio, -32768, 32767).astype("<i2").tobytes(), pauses
