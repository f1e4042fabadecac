"""Turn-taking accuracy of the VAD + 1.2 s pause rule on WAV clips with a truth file
(default: the corpus interviews/audio): per clip the detected turns against the
expected ones, boundary errors, when the end-of-turn decision fired, and VAD cost per
32 ms window. Run: .venv/bin/python bench/vad_turns.py [AUDIO_DIR]"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from interviews.speech.audio import read_pcm16  # noqa: E402
from interviews.speech.registry import get_vad, turn_config  # noqa: E402
from interviews.speech.turns import detect_turns  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "interviews" / "audio"


def main(audio_dir: Path) -> int:
    truth = json.loads((audio_dir / "truth.json").read_text())
    exact = 0
    start_err: list[float] = []
    end_err: list[float] = []
    decide: list[float] = []
    per_window: list[float] = []
    print(f"{'clip':32} {'expected':>8} {'found':>5}  boundaries (start/end error, ms)")
    for clip in truth["clips"]:
        pcm = read_pcm16(audio_dir / clip["file"])
        vad = get_vad()
        began = time.perf_counter()
        turns = detect_turns(pcm, vad, turn_config())
        per_window.append((time.perf_counter() - began) * 1000 / (len(pcm) / 2 / vad.window))
        expected = clip["turns"]
        exact += len(turns) == len(expected)
        notes = []
        if len(turns) == len(expected):
            for got, (s, e), fire in zip(turns, expected, clip["turn_end_times_s"], strict=True):
                start_err.append(abs(got.start - s) * 1000)
                end_err.append(abs(got.end - e) * 1000)
                decide.append((got.decided_at - fire) * 1000)
                notes.append(f"{(got.start - s) * 1000:+.0f}/{(got.end - e) * 1000:+.0f}")
        print(f"{clip['file']:32} {len(expected):>8} {len(turns):>5}  {' '.join(notes)}")
    n = len(truth["clips"])
    print(f"\nturn count exact: {exact}/{n} clips")
    if start_err:
        print(f"start error ms: median {statistics.median(start_err):.0f}, max {max(start_err):.0f}")
        print(f"end error ms:   median {statistics.median(end_err):.0f}, max {max(end_err):.0f}")
        print(
            f"decision vs earliest possible (end + rule) ms: median {statistics.median(decide):+.0f}, max {max(decide):+.0f}"
        )
    print(f"VAD ms per 32 ms window: mean {statistics.mean(per_window):.3f}")
    return 0 if exact == n else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR))
