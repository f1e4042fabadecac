"""Does background noise mute the interviewer? The room's barge-in gate (the real
``static/js/voice-worklet.js``, run in Node by ``bench/barge_gate_harness.mjs``) hears
20 s of the corpus recipe's pink noise (``sox … synth pinknoise vol V``) at several
levels while the reply plays: every closing is a false mute. Then speech (espeak-ng)
over the noise at several SNRs: how soon the gate closes after the speech starts.

    python bench/barge_gate_noise.py [--seconds 20]

Prints one line per level; nothing is asserted (tests/test_barge_gate.py asserts the
corpus's levels)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
WORKLET = ROOT / "static" / "js" / "voice-worklet.js"
HARNESS = ROOT / "bench" / "barge_gate_harness.mjs"
RATE = 48000
SPEECH = "Извините, можно я уточню: я работал с этой системой три года."


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def pink_noise(seconds: float, dbfs: float, folder: Path) -> np.ndarray:
    """Pink noise as the corpus made it, scaled to ``dbfs`` RMS."""
    path = folder / "noise.wav"
    _run("sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), "synth", f"{seconds}", "pinknoise")
    noise = _read(path)
    rms = float(np.sqrt(np.mean(noise**2))) or 1e-9
    return noise * (10 ** (dbfs / 20) / rms)


def speech(folder: Path) -> np.ndarray:
    raw, wav = folder / "raw.wav", folder / "speech.wav"
    _run("espeak-ng", "-v", "ru", "-s", "160", "-w", str(raw), SPEECH)
    # fmt: off
    _run("sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(wav), "norm", "-3",
         "silence", "1", "0.005", "-55d")  # speech from its first sample: delays are from onset
    # fmt: on
    return _read(wav)


def _read(path: Path) -> np.ndarray:
    import wave

    with wave.open(str(path)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32768.0


def gate_closings(mic: np.ndarray, folder: Path) -> list[float]:
    path = folder / "mic.f32"
    path.write_bytes(mic.astype("<f4").tobytes())
    out = subprocess.run(["node", str(HARNESS), str(WORKLET), str(path)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["closed"]


def speech_rms_dbfs(samples: np.ndarray) -> float:
    loud = samples[np.abs(samples) > np.abs(samples).max() * 0.05]
    return 20 * float(np.log10(np.sqrt(np.mean(loud**2)) + 1e-12))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("noise only (the reply playing all along): false mutes")
        for level in (-50.0, -45.0, -41.0, -37.0, -35.2, -30.0, -25.0, -20.0):
            closed = gate_closings(pink_noise(args.seconds, level, folder), folder)
            print(f"  pink noise {level:6.1f} dBFS: {len(closed)} false mutes in {args.seconds:.0f} s")
        said = speech(folder)
        level = speech_rms_dbfs(said)
        print(f"speech ({level:.1f} dBFS) over noise, starting at 5 s: gate closed after")
        for snr in (30.0, 20.0, 15.0, 12.0, 10.0, 6.0):
            noise = pink_noise(12.0, level - snr, folder)
            start = 5 * RATE
            mic = noise.copy()
            mic[start : start + said.size] += said[: mic.size - start]
            closed = [t for t in gate_closings(mic, folder) if t >= 4.9]
            before = len(gate_closings(noise[:start], folder))
            delay = f"{(closed[0] - 5.0) * 1000:.0f} ms" if closed else "never (the server's VAD stops the reply)"
            print(f"  SNR {snr:4.0f} dB: {delay}; false mutes in the 5 s of noise before: {before}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
