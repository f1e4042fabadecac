"""Voice pipeline latency through the real consumer: WAV clips (default: the corpus
interviews/audio, with truth.json) are streamed in real time as 20 ms binary frames,
like the browser does, and for every expected turn end we measure from the true end of
speech to: the end-of-turn decision (VAD + the 1.2 s pause rule), the final transcript,
and the first byte of reply audio; and, the target of issue #8, from the decision to
the first reply audio. Also: VAD cost per 32 ms window as measured inside the live
sessions, the speech pool's queueing and working time per kind of job, the process's
and the machine's CPU use, and the load average (the machine may be shared).

Run: .venv/bin/python bench/voice_latency.py [--rounds N] [--llm] [AUDIO_DIR]
(one interview at a time, every clip; bench/voice_concurrency.py runs several at once).
Uses a throw-away database. ``--llm`` puts a model behind every reply: a fake
OpenAI-compatible server (the ``local`` provider) with a realistic delay, first token
after ``--llm-first-token`` s (0.6) then ``--llm-tps`` tokens a second (40), writing a
two-sentence follow-up; the reply is streamed and its first sentence spoken at once."""

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
import numpy as np

django.setup()

from channels.db import database_sync_to_async  # noqa: E402
from channels.testing import WebsocketCommunicator  # noqa: E402
from django.db import connections  # noqa: E402
from timing import throwaway_database  # noqa: E402  (bench/timing.py, beside this script)

from candidates import services as candidate_services  # noqa: E402
from candidates.models import Candidate  # noqa: E402
from hrcrm.asgi import application as asgi_app  # noqa: E402
from interviews.speech.audio import read_pcm16  # noqa: E402
from interviews.speech.base import SAMPLE_RATE  # noqa: E402
from privacy.consents import consent_give  # noqa: E402
from privacy.models import ConsentPurpose  # noqa: E402
from vacancies.links import link_create_for_application  # noqa: E402
from vacancies.models import Vacancy  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "interviews" / "audio"
FRAME = 640  # 20 ms
MARK = "bench-voice-latency"


def _setup(language: str) -> tuple[str, int]:
    vacancy = Vacancy.objects.create(
        title=f"{MARK} backend", must_have=["Python", "PostgreSQL"], interview_minutes=20, language=language
    )
    candidate = Candidate.objects.create(full_name=f"{MARK} candidate", skills=["Python"])
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    token = link_create_for_application(application=application, actor=None).token
    consent_give(
        candidate=candidate,
        purpose=ConsentPurpose.PROCESSING,
        ip_address="127.0.0.1",
        user_agent="bench",
        source="bench",
    )
    return token, vacancy.pk


async def run_one(clip: dict, audio_dir: Path) -> list[dict[str, float]]:
    """One interview, one row per expected turn. The clip is streamed in real time as
    an open microphone would, turn by turn: after each answer the candidate waits (the
    stream goes on with silence) until the reply starts — or 10 s — and then answers
    again over it, a barge-in, as a candidate who has heard enough does. Times are
    taken against the moment the frame holding the true end (or start) of speech was sent."""
    token, _ = await database_sync_to_async(_setup)(clip["language"] or "ru")
    ws = WebsocketCommunicator(asgi_app, f"/ws/interview/{token}/", headers=[(b"origin", b"http://testserver")])
    assert (await ws.connect())[0]
    await ws.receive_output(timeout=30)  # history
    await ws.send_json_to({"type": "voice", "on": True})
    pcm = read_pcm16(audio_dir / clip["file"])
    turns = clip["turns"]
    marks: dict[str, list[float]] = {"decided": [], "transcript": [], "audio": [], "barge_in": []}

    async def reader() -> None:
        while True:
            out = await ws.receive_output(timeout=300)
            now = time.monotonic()
            if out.get("bytes") is not None:
                # The first reply audio after each turn decision (with a model the first
                # sentence is spoken before the transcript event, which follows the reply).
                if len(marks["audio"]) < len(marks["decided"]):
                    marks["audio"].append(now)
                continue
            event = json.loads(out["text"])
            if os.environ.get("BENCH_DEBUG"):
                print(f"{now:10.2f}", str(event)[:150])
            if event["type"] == "vad" and not event["speech"]:
                # A reply never spoken leaves a gap.
                marks["audio"] += [float("nan")] * (len(marks["decided"]) - len(marks["audio"]))
                marks["decided"].append(now)
            elif event["type"] == "barge_in":
                marks["barge_in"].append(now)
            elif event["type"] == "transcript":
                marks["transcript"].append(now)

    task = asyncio.create_task(reader())
    clock = time.monotonic()

    async def send(frame: bytes) -> float:
        nonlocal clock
        sent = time.monotonic()
        await ws.send_to(bytes_data=frame)
        clock += len(frame) / 2 / SAMPLE_RATE
        await asyncio.sleep(max(0.0, clock - time.monotonic()))
        return sent

    # The clip cut in the middle of each pause between turns.
    bounds = [0] + [int((turns[i][1] + turns[i + 1][0]) / 2 * SAMPLE_RATE) * 2 for i in range(len(turns) - 1)]
    bounds.append(len(pcm))
    ends: list[float] = []
    starts: list[float] = []
    try:
        for i, (turn_start, turn_end) in enumerate(turns):
            for offset in range(bounds[i] - bounds[i] % FRAME, bounds[i + 1], FRAME):
                sent = await send(pcm[offset : min(offset + FRAME, bounds[i + 1])])
                if offset <= int(turn_start * SAMPLE_RATE) * 2 < offset + FRAME:
                    starts.append(sent)
                if offset <= int(turn_end * SAMPLE_RATE) * 2 < offset + FRAME:
                    ends.append(sent)
            waited = time.monotonic()
            while len(marks["audio"]) <= i and time.monotonic() - waited < 10:
                await send(b"\0" * FRAME)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await ws.disconnect(timeout=30)  # a loaded machine closes slowly
        await database_sync_to_async(connections.close_all)()  # the thread's connection, before DROP DATABASE
    rows = []
    for i, end in enumerate(ends):
        row: dict[str, float] = {}
        for key in ("decided", "transcript", "audio"):
            values = marks[key]
            if i < len(values) and values[i] == values[i]:  # NaN: reply never spoken
                row[key] = values[i] - end
        if "audio" in row and "decided" in row:
            row["after_pause"] = row["audio"] - row["decided"]
        # The next answer starts over this turn's reply: when did the server stop it?
        if i + 1 < len(starts):
            after = [t - starts[i + 1] for t in marks["barge_in"] if t > starts[i + 1]]
            if after and after[0] < 5:
                row["barge_in"] = after[0]
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
    ("barge_in", "next answer starts → server stops reply"),
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
                + (f"   ({missing} of {len(rows)} missing)" if missing and key != "barge_in" else "")
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
        waits, works = STATS.waits.get(kind, []), STATS.works.get(kind, [])
        if works:
            ms = [statistics.median(waits), pct(waits, 0.95), statistics.median(works), pct(works, 0.95)]
            print(
                f"  pool {kind:8} {len(works):4} jobs: queued p50 {ms[0] * 1000:5.0f} ms p95 {ms[1] * 1000:5.0f} ms;"
                f" working p50 {ms[2] * 1000:5.0f} ms p95 {ms[3] * 1000:5.0f} ms"
            )
    return summary


def stage_costs(audio_dir: Path, clips: list[dict]) -> None:
    """What each stage costs in CPU time, one job at a time: on a machine shared with
    other work the wall-clock latencies above include waiting for a core, CPU time much
    less so. Each corpus phrase is recognised as the last piece of a turn would be."""
    from interviews.speech.registry import get_stt, get_tts, get_vad
    from interviews.speech.tts_espeak import sentences

    stt, tts, vad = get_stt(), get_tts(), get_vad()
    per_piece: list[tuple[float, float, float]] = []  # (audio s, CPU s, wall s)
    for clip in clips:
        pcm = read_pcm16(audio_dir / clip["file"])
        for part in clip["parts"]:
            piece = pcm[int((part["start_s"] - 0.2) * SAMPLE_RATE) * 2 : int((part["end_s"] + 0.3) * SAMPLE_RATE) * 2]
            cpu, wall = time.process_time(), time.perf_counter()
            stt.transcribe(piece, language=clip["language"])
            per_piece.append((len(piece) / 2 / SAMPLE_RATE, time.process_time() - cpu, time.perf_counter() - wall))
    cpus = [c for _, c, _ in per_piece]
    walls = [w for _, _, w in per_piece]
    audio = sum(a for a, _, _ in per_piece)
    print(f"\nStage costs, one job at a time (load average {os.getloadavg()[0]:.2f}):")
    print(
        f"  STT of one phrase ({len(per_piece)} phrases, {audio / len(per_piece):.1f} s each on average): "
        f"CPU p50 {statistics.median(cpus) * 1000:.0f} ms p95 {pct(cpus, 0.95) * 1000:.0f} ms "
        f"({sum(cpus) / audio:.2f} CPU-s per audio second); wall p50 {statistics.median(walls) * 1000:.0f} ms"
    )
    replies = [
        "Спасибо. Следующий вопрос. Расскажите о последнем сервисе на Python, который вы писали.",
        "Давайте вернёмся к вопросу. Могли бы вы рассказать подробнее?",
        "Могли бы вы рассказать подробнее — на конкретном примере из вашей работы: что было нужно?",
    ]
    tts_cpu, tts_wall = [], []
    for text in replies * 3:
        t0, wall = os.times(), time.perf_counter()
        next(iter(tts.synthesize(text, language="ru")))  # the first sentence's first chunk
        t1 = os.times()
        tts_wall.append(time.perf_counter() - wall)
        tts_cpu.append(t1.children_user + t1.children_system + t1.user + t1.system - sum(t0[:4]))
    print(
        f"  TTS first chunk (first sentence, e.g. {sentences(replies[0])[0]!r}): CPU p50 "
        f"{statistics.median(tts_cpu) * 1000:.0f} ms, wall p50 {statistics.median(tts_wall) * 1000:.0f} ms"
    )
    window = np.zeros(vad.window, dtype=np.float32)
    cpu = time.process_time()
    for _ in range(1000):
        vad.probability(window)
    print(f"  VAD: {(time.process_time() - cpu):.3f} ms CPU per 32 ms window")


def load_clips(audio_dir: Path) -> list[dict]:
    return [c for c in json.loads((audio_dir / "truth.json").read_text())["clips"] if c["expected_turn_ends"]]


def warm_up(audio_dir: Path, clips: list[dict]) -> None:
    """Load the models once before measuring (a server loads them at the first interview)."""
    from interviews.speech.registry import get_stt, get_tts

    get_stt().transcribe(read_pcm16(audio_dir / clips[0]["file"])[: SAMPLE_RATE * 2], language="ru")
    list(get_tts().synthesize("Проверка.", language="ru"))


def add_llm_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--llm", action="store_true", help="a fake model server writes every reply")
    parser.add_argument("--llm-first-token", type=float, default=0.6, help="seconds to the model's first token")
    parser.add_argument("--llm-tps", type=float, default=40.0, help="the model's tokens per second after it")


def _model_reply(payload: dict) -> str:
    """A two-sentence follow-up in the engine's format (action first), or the allowed action."""
    prompt = payload["messages"][-1]["content"]
    policy = json.loads(prompt.split("Состояние (решает система):\n", 1)[1].split("\nФакты вакансии", 1)[0])
    actions = ("follow_up", "clarify", "move_on", "answer_question", "finish")
    action = next(a for a in actions if a in policy["allowed"])
    say = (
        "Вы упомянули интересную деталь в своём ответе. Расскажите, пожалуйста, подробнее: какая задача была самой "
        "трудной, что вы сделали лично и каким получился результат?"
    )
    return json.dumps({"action": action, "say": say, "covered": []}, ensure_ascii=False)


class fake_llm:
    """``with fake_llm(args):`` every interview reply comes from a slow fake model."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.server = None

    def __enter__(self) -> None:
        if not self.args.llm:
            return
        from django.conf import settings

        from tests.fakes.openai_compat import MODEL, FakeOpenAICompatible

        self.server = FakeOpenAICompatible().__enter__()
        self.server.responder = _model_reply
        self.server.first_token_delay = self.args.llm_first_token
        self.server.tokens_per_second = self.args.llm_tps
        settings.AI_PROVIDER_INTERVIEW = "local"
        settings.LOCAL_LLM_URL = self.server.base_url
        settings.LOCAL_LLM_MODEL = MODEL
        print(f"model: fake local server, first token {self.args.llm_first_token} s, {self.args.llm_tps:g} tokens/s")

    def __exit__(self, *exc: object) -> None:
        if self.server is not None:
            self.server.__exit__(*exc)


def model_turns(turns: int) -> None:
    """The model's share alone (no speech): from the candidate's answer reaching the
    interviewer to the first sentence handed to speech, and to the saved reply, for
    ``turns`` voice answers through ``conduct.interview_answer`` with the fake model."""
    from candidates.models import Application
    from interviews import conduct

    _, vacancy_pk = _setup("ru")
    application = Application.objects.get(vacancy_id=vacancy_pk)
    interview = conduct.interview_for_application(application_id=application.pk)
    conduct.interview_begin(interview_id=interview.pk, now=1_000_000.0)
    first, whole = [], []
    for n in range(turns):
        began = time.perf_counter()
        heard: list[float] = []
        conduct.interview_answer(
            interview_id=interview.pk,
            text="Я пять лет пишу на Python: сервисы отчётов, PostgreSQL, очереди на Celery, кеш в Redis.",
            client_msg_id=f"voice-{n}",
            now=1_000_000.0 + 20 * (n + 1),
            on_sentence=lambda _s, heard=heard: heard.append(time.perf_counter()),
        )
        whole.append(time.perf_counter() - began)
        if heard:
            first.append(heard[0] - began)
    print(f"\nmodel turns (no speech), {turns} answers, load average {os.getloadavg()[0]:.2f}:")
    if first:
        print(
            f"  answer → first sentence to speech   p50 {statistics.median(first):5.2f} s   p95 {pct(first, 0.95):5.2f} s"
        )
    print(
        f"  answer → whole reply saved          p50 {statistics.median(whole):5.2f} s   p95 {pct(whole, 0.95):5.2f} s"
    )
    print(f"  replies streamed: {len(first)} of {turns} (the rest fell back to the rules)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("audio_dir", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--rounds", type=int, default=0, help="clips streamed (default: each once)")
    parser.add_argument("--model-turns", type=int, default=0, help="only time N model turns (with --llm), no speech")
    add_llm_arguments(parser)
    args = parser.parse_args()
    if args.model_turns:
        with throwaway_database("bench_voice_latency"), fake_llm(args):
            model_turns(args.model_turns)
        return
    audio_dir = Path(args.audio_dir)
    clips = load_clips(audio_dir)
    warm_up(audio_dir, clips)
    with throwaway_database("bench_voice_latency"), fake_llm(args):
        asyncio.run(run(1, clips, audio_dir, args.rounds or len(clips)))
    stage_costs(audio_dir, clips)


if __name__ == "__main__":
    main()
