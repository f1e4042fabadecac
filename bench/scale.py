"""Throughput of the production layout on this machine: the same mixed load against one
and then two daphne processes, with two django-q2 clusters, channels-redis on a real
``redis-server`` and PostgreSQL reached by ``DATABASE_URL`` (a throw-away database,
``hrcrm_bench_scale``, dropped at the end).

The load, for DURATION seconds per layout:
- staff: S recruiters, each opening the dashboard, the candidates table and the vacancies
  list in a loop (a fresh request as soon as the last one answered);
- interviews: I candidates in chat interviews over WebSockets, answering every 3 s;
- intake: one resume uploaded per second, processed by the clusters.
Requests go to the web processes in turn, as a balancer would send them.

Prints per layout: staff requests per second and p50/p95, interviewer reply p50/p95
(answer sent → the interviewer's next turn received), resume queue wait p50/p95 (upload →
parsed). Run: .venv/bin/python bench/scale.py [DURATION] [STAFF] [INTERVIEWS]
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("HRCRM_TESTING", "1")  # static files from finders, no manifest needed
os.environ["MATCHING_REFRESH_ON_CHANGE"] = "false"
os.environ.setdefault("LOG_LEVEL", "WARNING")  # the numbers, not every request

import django  # noqa: E402

django.setup()

import httpx  # noqa: E402
import websockets  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from timing import throwaway_database  # noqa: E402  (bench/timing.py, beside this script)

ANSWER = (
    "Я отвечал за платёжный сервис на Python и PostgreSQL: сам переписал отчёт на оконные функции, "
    "добавил индексы и партиционирование, время упало с 40 до 4 секунд."
)
RESUME = "{name}\nPython-разработчик\nМосква · +7 900 {n:03d}-11-22 · bench{n}@example.com\n\nОпыт работы\n2019-03 — по настоящее время\nООО «Пример», Python-разработчик\nDjango, PostgreSQL, Celery.\n\nНавыки\nPython, Django, PostgreSQL\n"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing listens on {port}")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(len(ordered) * q)) - 1))]


def _database_url() -> str:
    connection.ensure_connection()  # the embedded server's address is known once connected
    db = connection.settings_dict
    host = quote(str(db["HOST"]), safe="") if str(db["HOST"]).startswith("/") else db["HOST"]
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


def seed(interviews: int, *, username: str) -> tuple[str, list[str]]:
    """A recruiter's session cookie and the tokens of ``interviews`` consented links."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from candidates import services as candidate_services
    from candidates.models import Candidate
    from hrcrm.roles import Role
    from privacy.consents import consent_give
    from privacy.models import ConsentPurpose
    from vacancies.links import link_create_for_application
    from vacancies.models import Vacancy

    user = User.objects.create_user(username, password="bench-scale-pw")
    user.groups.add(Group.objects.get_or_create(name=Role.RECRUITER.value)[0])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    vacancy = Vacancy.objects.create(
        title="Python-разработчик", must_have=["Python", "PostgreSQL"], hiring_manager=user
    )
    tokens = []
    for n in range(interviews):
        candidate = Candidate.objects.create(full_name=f"Кандидат {n}", skills=["Python"])
        application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
        tokens.append(link_create_for_application(application=application, actor=None).token)
        consent_give(
            candidate=candidate,
            purpose=ConsentPurpose.PROCESSING,
            ip_address="127.0.0.1",
            user_agent="bench",
            source="bench",
        )
    return str(session.session_key), tokens


async def staff_loop(webs: itertools.cycle, cookie: str, until: float, latencies: list[float]) -> None:
    paths = ["/", "/candidates/", "/vacancies/"]
    async with httpx.AsyncClient(cookies={"sessionid": cookie}, timeout=30) as client:
        for path in itertools.cycle(paths):
            if time.monotonic() >= until:
                return
            started = time.monotonic()
            response = await client.get(f"http://{next(webs)}{path}")
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
            latencies.append(time.monotonic() - started)


async def interview_loop(web: str, token: str, until: float, replies: list[float]) -> None:
    async with websockets.connect(f"ws://{web}/ws/interview/{token}/", origin=f"http://{web}") as ws:
        await ws.recv()  # the history with the greeting
        n = 0
        while time.monotonic() < until:
            await asyncio.sleep(3)
            started = time.monotonic()
            await ws.send(json.dumps({"type": "answer", "id": f"b{n}", "text": ANSWER}))
            n += 1
            got_reply = False
            while True:
                event = json.loads(await asyncio.wait_for(ws.recv(), 60))
                if event["type"] == "turn" and event["turn"]["speaker"] == "interviewer" and not got_reply:
                    replies.append(time.monotonic() - started)
                    got_reply = True
                if event["type"] == "progress":
                    break
                if event["type"] == "end":
                    return
            if event.get("finished"):
                return


async def intake_loop(until: float, uploaded: dict[int, float]) -> None:
    from asgiref.sync import sync_to_async
    from django.core.files.uploadedfile import SimpleUploadedFile

    from candidates.intake.services import upload_batch_create

    n = 0
    while time.monotonic() < until:
        upload = SimpleUploadedFile(f"bench-{n}.txt", RESUME.format(name=f"Бенч Кандидат {n}", n=n).encode())
        batch = await sync_to_async(upload_batch_create)(files=[upload], actor=None)
        resume_id = await sync_to_async(lambda b=batch: b.resumes.get().pk)()
        uploaded[resume_id] = time.monotonic()
        n += 1
        await asyncio.sleep(1)


def queue_waits(uploaded: dict[int, float], deadline: float) -> list[float]:
    from candidates.models import Resume, ResumeStatus

    waits: dict[int, float] = {}
    while time.monotonic() < deadline and len(waits) < len(uploaded):
        done = Resume.objects.filter(pk__in=uploaded, status__in=[ResumeStatus.DONE, ResumeStatus.FAILED])
        for pk in done.values_list("pk", flat=True):
            waits.setdefault(pk, time.monotonic() - uploaded[pk])
        time.sleep(0.2)
    return list(waits.values())


def run_layout(n_web: int, env: dict[str, str], duration: float, staff: int, interviews: int, logs: Path) -> None:
    processes = []

    def start(name: str, *command: str) -> None:
        out = open(logs / f"{name}.log", "wb")  # closed with the process below
        processes.append(
            (
                subprocess.Popen(
                    [sys.executable, *command],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                ),
                out,
            )
        )

    ports = [_free_port() for _ in range(n_web)]
    try:
        for i, port in enumerate(ports):
            start(f"web{n_web}-{i}", "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "hrcrm.asgi:application")
        for i in range(2):
            start(f"worker{n_web}-{i}", "manage.py", "qcluster")
        for port in ports:
            _wait_port(port)
        cookie, tokens = seed_for(n_web, interviews)
        webs = [f"127.0.0.1:{port}" for port in ports]
        pages: list[float] = []
        replies: list[float] = []
        uploaded: dict[int, float] = {}

        async def load() -> None:
            until = time.monotonic() + duration
            turn = itertools.cycle(webs)
            await asyncio.gather(
                *(staff_loop(turn, cookie, until, pages) for _ in range(staff)),
                *(interview_loop(webs[i % len(webs)], token, until, replies) for i, token in enumerate(tokens)),
                intake_loop(until, uploaded),
            )
            # The uploads ran in asgiref's worker thread: close its connection there, or
            # the throw-away database cannot be dropped at the end.
            from asgiref.sync import sync_to_async
            from django.db import connections

            await sync_to_async(connections.close_all)()

        started = time.monotonic()
        asyncio.run(load())
        elapsed = time.monotonic() - started
        waits = queue_waits(uploaded, time.monotonic() + 120)
        print(
            f"{n_web:>4} {len(pages) / elapsed:>9.1f} {_pct(pages, 0.5) * 1000:>8.0f} {_pct(pages, 0.95) * 1000:>8.0f}"
            f" {_pct(replies, 0.5) * 1000:>9.0f} {_pct(replies, 0.95) * 1000:>9.0f} {len(replies):>6}"
            f" {_pct(waits, 0.5):>8.1f} {_pct(waits, 0.95):>8.1f} {len(waits):>3}/{len(uploaded):<3}",
            flush=True,
        )
    finally:
        for proc, out in processes:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            out.close()


def seed_for(layout: int, interviews: int) -> tuple[str, list[str]]:
    # Fresh candidates per layout: a finished interview cannot be measured again.
    return seed(interviews, username=f"bench{layout}")


def main() -> None:
    duration = float(sys.argv[1]) if len(sys.argv) > 1 else 30
    staff = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    interviews = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    server = shutil.which("redis-server")
    if not server:
        raise SystemExit("redis-server is needed (Debian package redis-server)")
    with throwaway_database("hrcrm_bench_scale"), tempfile.TemporaryDirectory() as tmp:
        redis_port = _free_port()
        redis = subprocess.Popen(
            [
                server,
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                tmp,
            ],
            stdout=subprocess.DEVNULL,
        )
        _wait_port(redis_port)
        settings.MEDIA_ROOT = Path(tmp) / "media"
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SECRET_KEY": settings.SECRET_KEY,  # tasks are signed here and verified there
            "Q_WORKERS": "1",
            "Q_SYNC": "false",
            "LOG_LEVEL": "WARNING",
        }
        print(f"{duration:.0f} s per layout; {staff} staff users, {interviews} chat interviews, 1 resume/s; 2 workers")
        print(
            f"{'web':>4} {'pages/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'reply p50':>9} {'reply p95':>9} {'turns':>6} {'queue p50':>8} {'p95 s':>8} done"
        )
        try:
            for n_web in (1, 2):
                finished = False
                try:
                    run_layout(n_web, env, duration, staff, interviews, Path(tmp))
                    finished = True
                finally:
                    if not finished:  # the failure propagates; its processes' logs are kept
                        _keep_logs(Path(tmp))
        finally:
            redis.terminate()
            redis.wait(timeout=10)


def _keep_logs(folder: Path) -> None:
    """The processes' logs go with the temporary folder: copy them where the reader finds them."""
    kept = Path(tempfile.mkdtemp(prefix="bench-scale-logs-"))
    for log in sorted(folder.glob("*.log")):
        shutil.copy(log, kept / log.name)
    print(f"process logs kept in {kept}", file=sys.stderr)


if __name__ == "__main__":
    main()
