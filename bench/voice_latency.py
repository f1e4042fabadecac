"""Voice pipeline latency through the real consumer: WAV clips (default: the corpus
interviews/audio, with truth.json) are streamed in real time as 20 ms binary frames,
like the browser does, and for every expected turn end we measure from the true end of
speech to: the end-of-turn decision (VAD + the 1.2 s pause rule), the final transcript,
and the first byte of reply audio; and, the target of issue #8, from the decision to
the first reply audio. Also: VAD cost per 32 ms window as measured inside the live
sessions, the speech pool's queueing and working time per kind of job, the process's
and the machine's CPU use, and the load average (the machine may be shared).

Run: .venv/bin/python bench/voice_latency.py [--rounds N] [AUDIO_DIR]
(one interview at a time, every clip; bench/voice_concurrency.py runs several at once).
Uses a throw-away database."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django

django.setup()

from channels.db import database_sync_to_async  # noqa: E402
from channels.testing import WebsocketCommunicator  # noqa: E402
from timing import throwaway_database  # noqa: E402  (bench/timing.py, beside this script)

from candidates import services as candidate_services  # noqa: E402
from candidates.models import Candidate  # noqa: E402
from hrcrm.asgi import application as asgi_app  # noqa: E402
from interviews.speech.audio import read_pcm16  # noqa: E402
from interviews.speech.base import SAMPLE_RATE  # noqa: E402
from vacancies import services as vacancy_services  # noqa: E402
from vacancies.links import link_create_for_application  # noqa: E402
from vacancies.models import Vacancy  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "interviews" / "audio"
FRAME = 640  # 20 ms
MARK = "bench-voice-latency"


def _setup(language: str) -> tuple[str, int]:
    vacancy = Vacancy.objects.create(
        title=f"{MARK} backend", must_have=["Python", "PostgreSQL"], interview_minutes=20, language=language
    )
    candidate = Candidate.objects.create(full_name=f"{MARK} candidate", skills=["Python"])
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    token = link_create_for_application(application=application, actor=None).token
    candidate_services.consent_record(
        candidate=candidate,
        purpose=vacancy_services.CONSENT_PURPOSE,
        text=vacancy_services.consent_text(),
        version=vacancy_services.CONSENT_VERSION,
        ip_address="127.0.0.1",
        user_agent="bench",
        source="bench",
    )
    return token, vacancy.pk


async def run_one(clip: dict, audio_dir: Path) -> list[dict[str, float]]:
    """One interview: the clip streamed in real time, then an open microphone's silence
    until every reply has started (or 20 s). One row per expected turn."""
    token, _ = await database_sync_to_async(_setup)(clip["language"] or "ru")
    ws = WebsocketCommunicator(asgi_app, f"/ws/interview/{token}/", headers=[(b"origin", b"http://testserver")])
    assert (await ws.connect())[0]
    await ws.receive_output(timeout=30)  # history
    await ws.send_json_to({"type": "voice", "on": True})
    # Speak at once: talking over the greeting is a barge-in, as in a real room.
    pcm = read_pcm16(audio_dir / clip["file"])
    marks: dict[str, list[float]] = {"decided": [], "transcript": [], "audio": []}
    expected = clip["expected_turn_ends"]
    started = time.monotonic()

    async def reader() -> None:
        while True:
            out = await ws.receive_output(timeout=120)
            now = time.monotonic() - started
            if out.get("bytes") is not None:
                # The first reply audio after each final transcript.
                if len(marks["audio"]) < len(marks["transcript"]):
                    marks["audio"].append(now)
                if len(marks["audio"]) == expected:
                    return
                continue
            event = json.loads(out["text"])
            if os.environ.get("BENCH_DEBUG"):
                print(f"{now:6.2f}", str(event)[:150])
            if event["type"] == "vad" and not event["speech"]:
                marks["decided"].append(now)
            elif event["type"] == "transcript":
                # A reply never spoken (the candidate went on talking) leaves a gap.
                marks["audio"] += [float("nan")] * (len(marks["transcript"]) - len(marks["audio"]))
                marks["transcript"].append(now)

    task = asyncio.create_task(reader())
    for n, offset in enumerate(range(0, len(pcm), FRAME)):
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
        delay = started + (n + 1) * FRAME / 2 / SAMPLE_RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
    n_frames = len(pcm) // FRAME
    try:
        while not task.done() and time.monotonic() - started < len(pcm) / 2 / SAMPLE_RATE + 20:
            n_frames += 1
            await ws.send_to(bytes_data=b"\0" * FRAME)
            await asyncio.sleep(max(0, started + n_frames * FRAME / 2 / SAMPLE_RATE - time.monotonic()))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await ws.disconnect()
    rows = []
    for i, (_, end) in enumerate(clip["turns"]):
        row = {"speech_end": end}
        for key, values in marks.items():
            if i < len(values) and values[i] == values[i]:  # NaN: reply never spoken
                row[key] = values[i] - end
        if "audio" in row and "decided" in row:
            row["after_pause"] = row["audio"] - row["decided"]
        rows.append(row)
    return rows


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all cores, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


STAGES = (
    ("decided", "end of speech → turn decision"),
    ("transcript", "end of speech → final transcript"),
    ("audio", "end of speech → first reply audio"),
    ("after_pause", "turn decision → first reply audio"),
)


async def run(sessions: int, clips: list[dict], audio_dir: Path, rounds: int) -> dict[str, object]:
    """``sessions`` interviews at once, each streaming ``rounds`` clips one after the
    other (each its own interview); per-stage p50/p95 over all their turns."""
    from interviews.speech.workers import STATS

    STATS.reset()
    load0 = os.getloadavg()
    cpu0, wall0, machine0 = os.times(), time.monotonic(), _machine_busy()

    async def session(k: int) -> list[dict[str, float]]:
        rows: list[dict[str, float]] = []
        for r in range(rounds):
            rows += await run_one(clips[(k + r * sessions) % len(clips)], audio_dir)
        return rows

    results = await asyncio.gather(*(session(k) for k in range(sessions)))
    cpu1, wall, machine1 = os.times(), time.monotonic() - wall0, _machine_busy()
    load1 = os.getloadavg()
    cpu = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / wall
    machine = (machine1[0] - machine0[0]) / max(1, machine1[1] - machine0[1]) * (os.cpu_count() or 1)
    rows = [r for rs in results for r in rs]
    print(
        f"\n{sessions} simultaneous interview(s), {len(rows)} turns, {wall:.0f} s; "
        f"this process {cpu * 100:.0f}% of a core, whole machine {machine * 100:.0f}% "
        f"(of {(os.cpu_count() or 1) * 100}%); load average {load0[0]:.2f} → {load1[0]:.2f}"
    )
    summary: dict[str, object] = {"sessions": sessions, "turns": len(rows), "cpu": cpu, "machine": machine}
    for key, label in STAGES:
        values = [r[key] for r in rows if key in r]
        missing = len(rows) - len(values)
        if values:
            p50, p95 = statistics.median(values), pct(values, 0.95)
            summary[key] = (p50, p95)
            print(
                f"  {label:36} p50 {p50:6.2f} s   p95 {p95:6.2f} s"
                + (f"   ({missing} of {len(rows)} not spoken/missed)" if missing else "")
            )
    if STATS.vad_windows:
        vad_ms = STATS.vad_seconds * 1000 / STATS.vad_windows
        summary["vad_ms"] = vad_ms
        vad_cpu_ms = STATS.vad_cpu * 1000 / STATS.vad_windows
        summary["vad_cpu_ms"] = vad_cpu_ms
        print(
            f"  VAD per 32 ms window (live, in the VAD thread): {vad_ms:.3f} ms wall, {vad_cpu_ms:.3f} ms CPU"
            " (wall − CPU = waiting for a core)"
        )
    for kind in ("final", "rolling", "speak"):
        waits, works, cpus = STATS.waits.get(kind, []), STATS.works.get(kind, []), STATS.cpu.get(kind, [])
        if works:
            ms = [statistics.median(v) * 1000 for v in (waits, works, cpus)] + [pct(works, 0.95) * 1000]
            print(
                f"  pool {kind:8} {len(works):4} jobs: queued p50 {ms[0]:5.0f} ms; working p50 {ms[1]:5.0f} ms "
                f"(p95 {ms[3]:5.0f} ms), of it CPU p50 {ms[2]:5.0f} ms"
            )
    return summary


def load_clips(audio_dir: Path) -> list[dict]:
    return [c for c in json.loads((audio_dir / "truth.json").read_text())["clips"] if c["expected_turn_ends"]]


def warm_up(audio_dir: Path, clips: list[dict]) -> None:
    """Load the models once before measuring (a server loads them at the first interview)."""
    from interviews.speech.registry import get_stt, get_tts

    get_stt().transcribe(read_pcm16(audio_dir / clips[0]["file"])[: SAMPLE_RATE * 2], language="ru")
    list(get_tts().synthesize("Проверка.", language="ru"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("audio_dir", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--rounds", type=int, default=0, help="clips streamed (default: each once)")
    args = parser.parse_args()
    audio_dir = Path(args.audio_dir)
    clips = load_clips(audio_dir)
    warm_up(audio_dir, clips)
    with throwaway_database("bench_voice_latency"):
        asyncio.run(run(1, clips, audio_dir, args.rounds or len(clips)))


if __name__ == "__main__":
    main()
