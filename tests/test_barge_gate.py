"""Background noise never mutes the interviewer: the room's barge-in gate (the real
static/js/voice-worklet.js, run in Node with the AudioWorklet globals provided by
bench/barge_gate_harness.mjs) hears the corpus's noise clips while the reply plays and
never closes; it still closes at once when the candidate speaks over the noise."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
AUDIO = CORPUS / "interviews" / "audio"
TRUTH = {c["file"]: c for c in json.loads((AUDIO / "truth.json").read_text())["clips"]}


def _closings(wav: Path, tmp_path: Path, *, gain_db: float = 0.0) -> list[float]:
    assert shutil.which("node") and shutil.which("sox"), "node and sox are needed"
    raw = tmp_path / "mic.f32"
    # The microphone at 48 kHz, as float samples (the AudioContext's own format).
    subprocess.run(
        ["sox", str(wav), "-r", "48000", "-c", "1", "-e", "floating-point", "-b", "32", "-t", "raw", str(raw),
         "vol", f"{gain_db}dB"],
        check=True,
    )  # fmt: skip
    out = subprocess.run(
        ["node", str(ROOT / "bench" / "barge_gate_harness.mjs"), str(ROOT / "static" / "js" / "voice-worklet.js"), str(raw)],
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip
    return json.loads(out.stdout)["closed"]


@pytest.mark.parametrize("gain_db", [0.0, 6.0, 15.0])
def test_the_corpus_noise_never_mutes_the_reply(tmp_path: Path, gain_db: float) -> None:
    """The noise-only clip (pink noise at −35.2 dBFS, then 6 and 15 dB louder): steady
    noise becomes the background, whatever its level."""
    noise = TRUTH["sa06_noise_only.wav"]
    assert noise["segments"] == [] and noise["noise"]["noise_rms_dbfs"] == pytest.approx(-35.2)
    assert _closings(AUDIO / "sa06_noise_only.wav", tmp_path, gain_db=gain_db) == []


def test_speech_over_the_corpus_noise_closes_the_gate_at_its_start(tmp_path: Path) -> None:
    clip = TRUTH["sa04_ru_pinknoise.wav"]  # speech with pink noise at SNR 19.2 dB
    closed = _closings(AUDIO / "sa04_ru_pinknoise.wav", tmp_path)
    first_speech = clip["segments"][0][0]
    assert closed and closed[0] >= first_speech  # never during the noise before it
    assert closed[0] - first_speech <= 0.3, closed
    starts = [start for start, _ in clip["segments"]]
    # Every closing is inside a spoken segment (the harness reopens the gate at once).
    assert all(any(s <= t <= e + 0.1 for s, e in clip["segments"]) for t in closed), (closed, starts)
    assert np.all(np.diff(closed) >= 0)
