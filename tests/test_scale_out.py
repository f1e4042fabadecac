"""The production layout on one machine, process for process: two daphne web processes
sharing channels-redis (a real ``redis-server``), two django-q2 clusters, the test's
PostgreSQL reached as an external server through ``DATABASE_URL``, and S3 storage (moto
in server mode) that every process sees. What one process does must reach the others:

- a candidate's WebSocket on web A hears what happens on web B within a second (a second
  tab opened there; a recruiter revoking the link there), and a reconnect through B
  continues the same interview with nothing lost or doubled;
- recording chunks sent to A, then (after a reconnect through the balancer) to B, end up
  in one object, joined by whichever worker takes the task;
- a batch of resumes is processed exactly once each by the two clusters together, even
  when one of them is killed half-way (its task is handed out again after ``Q_RETRY``).

Everything is started here and torn down after the module; nothing is mocked.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import boto3
import httpx
import pytest
import websockets
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django_q.models import OrmQ, Success, Task

from candidates.intake.services import upload_batch_create
from candidates.models import Candidate, Resume, ResumeStatus
from interviews.models import Interview, InterviewStatus, JoinedRecording, Recording, Turn
from interviews.recording import recording_assemble
from tests.test_interview_consumer import GOOD, _setup
from tests.test_task_recovery import _database_url

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(django_settings.BASE_DIR)
BUCKET = "hrcrm-scale-out"
Q_TIMEOUT, Q_RETRY = 10, 12  # a killed worker's task is handed out again after 12 s
WEBM = "video/webm;codecs=vp8,opus"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(check: Callable[[], bool], *, seconds: float, what: str, logs: list[Path] = ()) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())
    raise AssertionError(f"timed out waiting for {what}\n{tails}")


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Stack:
    env: dict[str, str]
    web: list[str]  # base URLs of the two daphne processes
    logs: Path
    processes: list[subprocess.Popen[bytes]]

    def start(self, name: str, *command: str, **extra_env: str) -> subprocess.Popen[bytes]:
        log = self.logs / f"{name}.log"
        with open(log, "wb") as out:
            # Its own session, so one killpg reaches the cluster's sentinel, pusher and
            # workers (and a parser's forked child) at once.
            proc = subprocess.Popen(
                [sys.executable, *command],
                cwd=ROOT,
                env={**self.env, **extra_env},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processes.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def all_logs(self) -> list[Path]:
        return sorted(self.logs.glob("*.log"))


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    assert server, "redis-server is needed (Debian package redis-server, installed by `make system-deps`)"
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for(lambda: _listening(port), seconds=10, what="redis-server")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        region_name="ru-central1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ru-central1"})
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture(scope="module")
def stack(
    django_db_setup, django_db_blocker, redis_url: str, s3_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """Two daphne processes on the test database, Redis and S3, as the README's
    production layout runs them (`daphne … hrcrm.asgi:application`)."""
    with django_db_blocker.unblock():
        database_url = _database_url()  # connects once: the embedded server's address
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hrcrm.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_url,
        "S3_REGION": "ru-central1",
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        # Tasks are signed with it: this process queues, the clusters verify.
        "SECRET_KEY": django_settings.SECRET_KEY,
        "HRCRM_TESTING": "1",  # static files from finders: no collectstatic manifest needed
        "MATCHING_REFRESH_ON_CHANGE": "false",
        "INTAKE_AS_OF": "2026-11",
        "Q_SYNC": "false",
        "Q_WORKERS": "1",
        "Q_TIMEOUT": str(Q_TIMEOUT),
        "Q_RETRY": str(Q_RETRY),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    started = Stack(env=env, web=[], logs=tmp_path_factory.mktemp("scale-out-logs"), processes=[])
    ports = [_free_port(), _free_port()]
    for name, port in zip("ab", ports, strict=True):
        started.start(f"web-{name}", "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "hrcrm.asgi:application")
        started.web.append(f"127.0.0.1:{port}")
    for port in ports:
        _wait_for(lambda port=port: _listening(port), seconds=60, what=f"daphne on {port}", logs=started.all_logs())
    yield started
    for proc in started.processes:
        started.stop(proc)


@pytest.fixture
def s3_storage(stack: Stack, settings) -> Iterator[object]:
    """This process stores files where the others read them (the same bucket)."""
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = stack.env["S3_ENDPOINT_URL"]
    settings.AWS_S3_REGION_NAME = "ru-central1"
    settings.AWS_ACCESS_KEY_ID = "test"
    settings.AWS_SECRET_ACCESS_KEY = "test"
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_AUTH = True
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    client = boto3.client(
        "s3",
        endpoint_url=stack.env["S3_ENDPOINT_URL"],
        region_name="ru-central1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])


@pytest.fixture
def workers(stack: Stack) -> Iterator[list[subprocess.Popen[bytes]]]:
    started = [stack.start(f"worker-{n}", "manage.py", "qcluster") for n in (1, 2)]
    yield started
    for proc in started:
        stack.stop(proc)


# --- the interview across processes -------------------------------------------------------
async def _events_until(ws: websockets.ClientConnection, kind: str, *, timeout: float = 10) -> list[dict]:
    events = []
    while True:
        event = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        events.append(event)
        if event["type"] == kind:
            return events


def _connect(web: str, token: str) -> websockets.connect:
    return websockets.connect(f"ws://{web}/ws/interview/{token}/", origin=f"http://{web}", open_timeout=15)


async def _conversation_across_processes(stack: Stack, token: str) -> dict[str, object]:
    a, b = stack.web
    async with _connect(a, token) as on_a:
        history = json.loads(await asyncio.wait_for(on_a.recv(), 15))
        assert history["type"] == "history"
        # A candidate thinks before answering: an idle socket outlives channels-redis's
        # 5-second blocking read (it used to die with a Redis read timeout here).
        await asyncio.sleep(7)
        for n in range(2):
            await on_a.send(json.dumps({"type": "answer", "id": f"a{n}", "text": GOOD}))
            await _events_until(on_a, "progress")
        # The candidate's connection is moved to B by the balancer (or he opens a second
        # tab there): B tells the group on Redis, and A's socket hears it and closes.
        async with _connect(b, token) as on_b:
            opened = time.monotonic()
            told = await _events_until(on_a, "error", timeout=5)
            heard_after = time.monotonic() - opened
            assert told[-1]["code"] == "taken_over"
            await asyncio.wait_for(on_a.wait_closed(), 5)
            resumed = json.loads(await asyncio.wait_for(on_b.recv(), 15))
            assert resumed["type"] == "history"
            # The same answer id sent again through B (the browser re-sends what it
            # did not see acknowledged) is stored once.
            await on_b.send(json.dumps({"type": "answer", "id": "a1", "text": GOOD}))
            await _events_until(on_b, "progress")
            await on_b.send(json.dumps({"type": "answer", "id": "a2", "text": GOOD + " Ещё пример."}))
            await _events_until(on_b, "progress")
    return {"heard_after": heard_after, "history_on_b": resumed["turns"]}


def test_a_candidate_moved_between_web_processes_keeps_one_interview(stack: Stack) -> None:
    ctx = _setup()
    outcome = asyncio.run(_conversation_across_processes(stack, ctx["token"]))
    assert outcome["heard_after"] < 1.0, outcome  # a message through Redis from B to A
    [interview] = Interview.objects.filter(application=ctx["application"])
    texts = list(Turn.objects.filter(interview=interview).order_by("index").values_list("speaker", "text"))
    answers = [text for role, text in texts if role == "candidate"]
    assert answers == [GOOD, GOOD, GOOD + " Ещё пример."], texts  # nothing lost, nothing doubled
    # B showed the candidate everything A had stored before the move.
    assert len(outcome["history_on_b"]) == 5, outcome["history_on_b"]  # greeting + 2 × (answer, reply)


def _staff_session() -> str:
    """A recruiter's session cookie, made as the login view makes it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from hrcrm.roles import Role

    user = User.objects.create_user("scale-recruiter", password="scale-recruiter-pw-1")
    user.groups.add(Group.objects.get_or_create(name=Role.RECRUITER.value)[0])
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return str(session.session_key)


async def _revoked_from_the_other_process(
    stack: Stack, token: str, vacancy_url: str, revoke_url: str, cookie: str
) -> dict:
    a, b = stack.web
    async with _connect(a, token) as on_a:
        assert json.loads(await asyncio.wait_for(on_a.recv(), 15))["type"] == "history"
        async with httpx.AsyncClient(base_url=f"http://{b}", cookies={"sessionid": cookie}, timeout=30) as staff:
            page = await staff.get(vacancy_url)
            assert page.status_code == 200, page.status_code
            revoked = await staff.post(revoke_url, headers={"X-CSRFToken": staff.cookies["csrftoken"]})
            answered = time.monotonic()
            assert revoked.status_code == 302, revoked.status_code
        told = await _events_until(on_a, "end", timeout=5)
        heard_after = time.monotonic() - answered
        await asyncio.wait_for(on_a.wait_closed(), 5)
    return {"heard_after": heard_after, "told": told[-1]}


def test_a_link_revoked_on_one_process_closes_the_socket_held_by_the_other(stack: Stack) -> None:
    from django.urls import reverse

    ctx = _setup()
    vacancy_id = ctx["application"].vacancy_id
    outcome = asyncio.run(
        _revoked_from_the_other_process(
            stack,
            ctx["token"],
            reverse("vacancies:detail", args=[vacancy_id]),
            reverse("vacancies:link_revoke", args=[vacancy_id, ctx["link"].pk]),
            _staff_session(),
        )
    )
    # The staff member's request on B committed the revocation and told the group on
    # Redis; the candidate's socket on A ends within a second of B's answer.
    assert outcome["heard_after"] < 1.0, outcome
    [interview] = Interview.objects.filter(application=ctx["application"])
    assert interview.status == InterviewStatus.ABANDONED, interview.status


# --- the recording across processes, joined by a worker -----------------------------------
def _post_chunk(web: str, token: str, index: int, data: bytes, recording: str = "", last: bool = False) -> dict:
    from django.urls import reverse

    response = httpx.post(
        f"http://{web}{reverse('interviews:recording_upload', args=[token])}",
        content=data,
        headers={
            "Content-Type": WEBM,
            "X-Chunk-Index": str(index),
            "X-Recording-Id": recording,
            "X-Recording-Last": "1" if last else "0",
        },
        timeout=30,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_recording_chunks_sent_to_two_processes_become_one_file(stack: Stack, s3_storage, workers) -> None:
    token = _setup()["token"]
    a, b = stack.web
    chunks = [b"\x1aE\xdf\xa3header+cluster0", b"cluster1" * 1000, b"cluster2" * 1000, b"cluster3-last"]
    rec = str(_post_chunk(a, token, 0, chunks[0])["recording"])
    assert _post_chunk(a, token, 1, chunks[1], rec)["next"] == 2
    # The reconnect lands on the other process; the upload goes on where it stopped.
    assert _post_chunk(b, token, 2, chunks[2], rec)["next"] == 3
    assert _post_chunk(b, token, 3, chunks[3], rec, last=True)["next"] == 4
    recording = Recording.objects.get(pk=rec)
    # The last chunk queued the interview's join; a worker of either process runs it.
    _wait_for(
        lambda: Task.objects.filter(name=f"recording-join-{recording.interview_id}").exists(),
        seconds=60,
        what="the join task on a worker",
        logs=stack.all_logs(),
    )
    # These bytes hold no media, so no joined file; the segment's parts, stored by two
    # processes, still make one file in order.
    assert not JoinedRecording.objects.filter(interview_id=recording.interview_id).exists()
    recording = recording_assemble(recording_id=int(rec))
    body = s3_storage.get_object(Bucket=BUCKET, Key=recording.file.name)["Body"].read()
    assert body == b"".join(chunks)
    assert recording.assembled_chunks == 4


# --- a batch of resumes on two clusters, one of them killed --------------------------------
RESUME = """{name}
Python-разработчик
Москва · +7 900 {phone} · {email}

Опыт работы
{start} — по настоящее время
ООО «Компания {n}», Python-разработчик
Разработка сервисов на Django и PostgreSQL, очереди на Celery.

Навыки
Python, Django, PostgreSQL, Docker, Git
"""

FIRST = ["Иван", "Пётр", "Анна", "Мария", "Олег", "Юлия", "Денис", "Елена", "Кирилл", "Ольга"]
LAST = ["Смирнов", "Волков", "Зайцев", "Орлов", "Соколов"]


def _resume(n: int) -> SimpleUploadedFile:
    female = FIRST[n % 10] in {"Анна", "Мария", "Юлия", "Елена", "Ольга"}
    name = f"{LAST[n // 10]}{'а' if female else ''} {FIRST[n % 10]}"
    text = RESUME.format(
        name=name,
        phone=f"{100 + n:03d}-{10 + n:02d}-{20 + n:02d}",
        email=f"person{n}@example.com",
        start=f"{2015 + n % 8}-0{1 + n % 9}",
        n=n,
    )
    return SimpleUploadedFile(f"resume-{n:02d}.txt", text.encode())


def _task_names(log: Path) -> set[str]:
    names = set()
    for raw in log.read_text(errors="replace").splitlines():
        if raw.startswith("{"):
            line = json.loads(raw)
            if str(line.get("task_name", "")).startswith("resume-"):
                names.add(str(line["task_name"]))
    return names


def test_two_workers_process_a_batch_once_each_even_when_one_is_killed(stack: Stack, s3_storage) -> None:
    batch = upload_batch_create(files=[_resume(n) for n in range(50)], actor=None)
    ids = list(batch.resumes.values_list("pk", flat=True))
    assert len(ids) == 50 and OrmQ.objects.count() == 50

    def done() -> int:
        return Resume.objects.filter(pk__in=ids, status=ResumeStatus.DONE).count()

    first = stack.start("cluster-1", "manage.py", "qcluster")
    second = stack.start("cluster-2", "manage.py", "qcluster")
    _wait_for(lambda: done() >= 10, seconds=120, what="ten resumes done", logs=stack.all_logs())
    os.killpg(first.pid, signal.SIGKILL)  # mid-batch, no chance to clean up
    first.wait(timeout=10)
    killed_at = done()

    # The survivor finishes the rest, including whatever the dead one had taken.
    _wait_for(lambda: done() == 50, seconds=240, what="all 50 resumes", logs=stack.all_logs())
    _wait_for(lambda: not OrmQ.objects.exists(), seconds=60, what="the queue to empty", logs=stack.all_logs())
    stack.stop(second)

    statuses = dict(Resume.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert set(statuses.values()) == {ResumeStatus.DONE}
    # Exactly once each: one candidate per resume, one success per task.
    assert Candidate.objects.count() == 50
    assert Success.objects.filter(name__startswith="resume-").count() == 50
    assert sorted(Resume.objects.filter(pk__in=ids).values_list("candidate_id", flat=True).distinct()).__len__() == 50
    # Both clusters did part of the work before the kill; the survivor did the rest.
    by_first = _task_names(stack.logs / "cluster-1.log")
    by_second = _task_names(stack.logs / "cluster-2.log")
    assert by_first and by_second, (killed_at, len(by_first), len(by_second))
    assert by_first | by_second == {f"resume-{pk}" for pk in ids}
