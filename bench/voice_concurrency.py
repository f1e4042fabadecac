"""Several voice interviews at once in one server process (N = 1, 2, 4 by default):
each streams corpus clips in real time through the real consumer, as
bench/voice_latency.py does for one, and the same per-stage p50/p95 are printed per
N, then a table of how they grow with N — where latency degrades, the pool lines
(queued vs working per kind of job) say why.

Run: .venv/bin/python bench/voice_concurrency.py [--sessions 1,2,4] [--rounds R] [AUDIO_DIR]
Uses a throw-away database."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from voice_latency import DEFAULT_DIR, add_llm_arguments, fake_llm, load_clips, run, throwaway_database, warm_up

TARGET_P50, TARGET_P95 = 0.8, 1.2  # issue #8: turn decision → first reply audio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("audio_dir", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--sessions", default="1,2,4")
    parser.add_argument("--rounds", type=int, default=2, help="clips each interview streams, one after another")
    add_llm_arguments(parser)
    args = parser.parse_args()
    audio_dir = Path(args.audio_dir)
    clips = load_clips(audio_dir)
    warm_up(audio_dir, clips)
    summaries = []
    with throwaway_database("bench_voice_concurrency"), fake_llm(args):
        for n in (int(x) for x in args.sessions.split(",")):
            summaries.append(asyncio.run(run(n, clips, audio_dir, args.rounds)))
    print(
        f"\n{'N':>3} {'turns':>5} {'decision→audio p50/p95':>24} {'speech end→transcript':>22}"
        f" {'VAD ms wall/CPU':>16} {'CPU: ours/machine':>18}  target"
    )
    for s in summaries:
        after, transcript = s.get("after_pause"), s.get("transcript")
        ok = after is not None and after[0] <= TARGET_P50 and after[1] <= TARGET_P95
        print(
            f"{s['sessions']:>3} {s['turns']:>5} "
            + (f"{after[0]:>14.2f} / {after[1]:.2f} s" if after else f"{'—':>24}")
            + (f"{transcript[0]:>12.2f} / {transcript[1]:.2f} s" if transcript else f"{'—':>22}")
            + f"{s.get('vad_ms', float('nan')):>10.2f} / {s.get('vad_cpu_ms', float('nan')):.2f}"
            + f"{s['cpu'] * 100:>11.0f}% / {s['machine'] * 100:.0f}%"
            + ("  met" if ok else "  missed")
        )
    print(
        "(CPU: this process / the whole machine, in % of one core, of 200%: what the other work left"
        " us is the difference; the load average is printed per run above)"
    )


if __name__ == "__main__":
    main()
