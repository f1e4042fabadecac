"""Voice pipeline latency through the real consumer: WAV clips (default: the corpus
interviews/audio, with truth.json) are streamed in real time as 20 ms binary frames,
like the browser does, and for every expected turn end we measure from the true end of
speech to: the end-of-turn decision (VAD + pause rule), the final transcript, and the
first byte of reply audio. Then N interviews at once, with the process's CPU use.

Run: .venv/bin/python bench/voice_latency.py [--sessions 1,2,4] [AUDIO_DIR]
(uses the development database; its demo rows are removed afterwards)."""

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


def _cleanup() -> None:
    Candidate.objects.filter(full_name__startswith=MARK).delete()
    Vacancy.objects.filter(title__startswith=MARK).delete()


async def run_one(clip: dict, audio_dir: Path) -> list[dict[str, float]]:
    token, _ = await database_sync_to_async(_setup)(clip["language"] or "ru")
    ws = WebsocketCommunicator(asgi_app, f"/ws/interview/{token}/", headers=[(b"origin", b"http://testserver")])
    assert (await ws.connect())[0]
    await ws.receive_output(timeout=30)  # history
    await ws.send_json_to({"type": "voice", "on": True})
    # Speak at once: talking over the greeting is a barge-in, as in a real room.
    pcm = read_pcm16(audio_dir / clip["file"])
    marks: dict[str, list[float]] = {"decided": [], "transcript": [], "audio": []}
    started = time.monotonic()

    async def reader() -> None:
        while True:
            out = await ws.receive_output(timeout=120)
            now = time.monotonic() - started
            if out.get("bytes") is not None:
                # The first reply audio after each final transcript.
                if len(marks["audio"]) < len(marks["transcript"]):
                    marks["audio"].append(now)
                if len(marks["audio"]) == clip["expected_turn_ends"]:
                    return
                continue
            event = json.loads(out["text"])
            if os.environ.get("BENCH_DEBUG"):
                print(f"{now:6.2f}", str(event)[:150])
            if event["type"] == "vad" and not event["speech"]:
                marks["decided"].append(now)
            elif event["type"] == "transcript":
                marks["audio"] += [float("nan")] * (len(marks["transcript"]) - len(marks["audio"]))
                marks["transcript"].append(now)

    task = asyncio.create_task(reader())
    for n, offset in enumerate(range(0, len(pcm), FRAME)):
        await ws.send_to(bytes_data=pcm[offset : offset + FRAME])
        delay = started + (n + 1) * FRAME / 2 / SAMPLE_RATE - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
    # Then silence, as an open microphone would send, until every reply has started.
    n_frames = len(pcm) // FRAME
    try:
        while not task.done():
            n_frames += 1
            await ws.send_to(bytes_data=b"\0" * FRAME)
            await asyncio.sleep(max(0, started + n_frames * FRAME / 2 / SAMPLE_RATE - time.monotonic()))
            if time.monotonic() - started > 120:
                break
        await asyncio.wait_for(task, 1)
    finally:
        await ws.disconnect()
    rows = []
    for i, (_, end) in enumerate(clip["turns"]):
        row = {"speech_end": end}
        for key, values in marks.items():
            if i < len(values) and values[i] == values[i]:  # NaN: reply cut by a barge-in
                row[key] = values[i] - end
        rows.append(row)
    return rows


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def run(sessions: int, clips: list[dict], audio_dir: Path) -> None:
    cpu0, wall0 = os.times(), time.monotonic()
    results = await asyncio.gather(*(run_one(clips[i % len(clips)], audio_dir) for i in range(sessions)))
    cpu1, wall = os.times(), time.monotonic() - wall0
    cpu = (cpu1.user - cpu0.user + cpu1.system - cpu0.system) / wall
    rows = [r for rs in results for r in rs]
    for r in rows:
        if "audio" in r and "decided" in r:
            r["after_pause"] = r["audio"] - r["decided"]
    print(f"\n{sessions} simultaneous interview(s), {len(rows)} turns, process CPU {cpu * 100:.0f}% of one core")
    for key, label in (
        ("decided", "end of speech → turn decision"),
        ("transcript", "→ final transcript"),
        ("audio", "→ first reply audio"),
        ("after_pause", "turn decision → first reply audio"),
    ):
        values = [r[key] for r in rows if key in r]
        missing = len(rows) - len(values)
        if values:
            print(
                f"  {label:32} p50 {statistics.median(values):6.2f} s   p95 {_pct(values, 0.95):6.2f} s"
                + (f"   ({missing} missing)" if missing else "")
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("audio_dir", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--sessions", default="1,2,4")
    args = parser.parse_args()
    audio_dir = Path(args.audio_dir)
    clips = [c for c in json.loads((audio_dir / "truth.json").read_text())["clips"] if c["expected_turn_ends"]]
    # Load the models once before measuring (a server loads them at the first interview).
    from interviews.speech.registry import get_stt

    get_stt().transcribe(read_pcm16(audio_dir / clips[0]["file"])[: SAMPLE_RATE * 2], language="ru")
    try:
        for n in (int(x) for x in args.sessions.split(",")):
            asyncio.run(run(n, clips, audio_dir))
    finally:
        _cleanup()


if __name__ == "__main__":
    main()
