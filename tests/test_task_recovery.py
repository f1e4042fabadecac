"""A real django-q2 cluster (``manage.py qcluster`` in its own process group, on this
test's database) is SIGKILLed in the middle of parsing a resume; a new cluster picks the
task up when its lock expires (Q_RETRY) and finishes it exactly once.

How the parse is caught half-way, deterministically: the first cluster runs with
``INTAKE_TEST_DELAY_SECONDS`` (the intake task sleeps after setting «parsing», see
``candidates/intake/services.py``); the test waits for that status, then kills.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_q.models import OrmQ, Success

from candidates.intake.services import upload_batch_create
from candidates.models import Candidate, Resume, ResumeStatus
from tests.conftest import CORPUS

RESUME = CORPUS / "resumes" / "Смирнов_Алексей_Python_Senior.pdf"
ROOT = Path(django_settings.BASE_DIR)
Q_TIMEOUT, Q_RETRY = 10, 12  # the task is handed out again 12 s after a worker took it


def _database_url() -> str:
    # The embedded server's socket folder and user are filled in on the first connection
    # (hrcrm/db); without one the URL would point at whatever server the default socket has.
    connection.ensure_connection()
    db = connection.settings_dict  # the test database (test_…), as pytest-django set it up
    host = quote(str(db["HOST"]), safe="") if str(db["HOST"]).startswith("/") else db["HOST"]
    port = f":{db['PORT']}" if db["PORT"] else ""
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{host}{port}/{db['NAME']}"


@pytest.fixture
def cluster(tmp_path: Path, settings) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], Path]]]:
    settings.MEDIA_ROOT = tmp_path / "media"
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str, **extra_env: str) -> tuple[subprocess.Popen[bytes], Path]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hrcrm.settings",
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "Q_WORKERS": "1",
            "Q_TIMEOUT": str(Q_TIMEOUT),
            "Q_RETRY": str(Q_RETRY),
            "Q_SYNC": "false",
            "REDIS_URL": "",
            "MATCHING_REFRESH_ON_CHANGE": "false",
            "INTAKE_AS_OF": "2026-11",
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            **extra_env,
        }
        log = tmp_path / f"{name}.log"
        with open(log, "wb") as out:
            # A new session: the cluster's processes (sentinel, pusher, worker, monitor,
            # the parser's child) form one group that a single killpg reaches.
            proc = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(proc)
        return proc, log

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def _wait_for(check: Callable[[], bool], *, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text(errors='replace')[-4000:]}")


def _status(resume_id: int) -> str:
    return Resume.objects.values_list("status", flat=True).get(pk=resume_id)


def _json_lines(log: Path) -> list[dict[str, object]]:
    lines = []
    for raw in log.read_text(errors="replace").splitlines():
        if raw.startswith("{"):
            lines.append(json.loads(raw))
    return lines


@pytest.mark.django_db(transaction=True)
def test_a_killed_worker_leaves_the_task_to_the_next_one_which_finishes_it_once(cluster) -> None:
    began = time.monotonic()
    upload = SimpleUploadedFile(RESUME.name, RESUME.read_bytes())
    batch = upload_batch_create(files=[upload], actor=None)  # commits, then queues the task
    resume = batch.resumes.get()
    assert OrmQ.objects.count() == 1 and _status(resume.pk) == ResumeStatus.QUEUED

    first, first_log = cluster("first", INTAKE_TEST_DELAY_SECONDS="120")
    _wait_for(lambda: _status(resume.pk) == ResumeStatus.PARSING, seconds=40, what="«parsing»", log=first_log)
    os.killpg(first.pid, signal.SIGKILL)  # the whole cluster, no chance to clean up
    first.wait(timeout=10)

    # Nothing was stored half-way, and the task is still in the queue, locked until its
    # retry time by the dead worker.
    assert _status(resume.pk) == ResumeStatus.PARSING
    assert not Candidate.objects.exists() and not Success.objects.exists()
    [queued] = OrmQ.objects.all()
    task_id = queued.task["id"]
    paused = [line for line in _json_lines(first_log) if "INTAKE_TEST_DELAY_SECONDS" in str(line["message"])]
    assert paused and paused[0]["task_id"] == task_id and paused[0]["task_name"] == f"resume-{resume.pk}"

    second, second_log = cluster("second")
    _wait_for(lambda: _status(resume.pk) == ResumeStatus.DONE, seconds=45, what="«done»", log=second_log)
    _wait_for(lambda: not OrmQ.objects.exists(), seconds=15, what="the acknowledgement", log=second_log)

    resume.refresh_from_db()
    assert resume.status == ResumeStatus.DONE and resume.is_current and resume.error_code == ""
    [candidate] = Candidate.objects.all()
    assert resume.candidate_id == candidate.pk
    assert candidate.full_name == "Смирнов Алексей Викторович" and "Python" in candidate.skills
    assert Resume.objects.count() == 1
    [success] = Success.objects.all()
    assert success.id == task_id and success.result == ResumeStatus.DONE and success.attempt_count == 1

    # The second run knew it was a rerun, and its lines carry the same task id.
    lines = _json_lines(second_log)
    rerun = next(line for line in lines if "earlier run was interrupted" in str(line["message"]))
    assert rerun["task_id"] == task_id and rerun["level"] == "WARNING"
    # Handed out again only once the dead worker's lock (taken + Q_RETRY) expired.
    assert datetime.fromisoformat(str(rerun["ts"])) >= queued.lock
    stored = next(line for line in lines if "parsed into candidate" in str(line["message"]))
    assert stored["task_id"] == task_id

    # Asked to run once more (a duplicate hand-out), the task changes nothing.
    from candidates.intake.tasks import resume_process

    assert resume_process(resume.pk) == ResumeStatus.DONE
    assert Candidate.objects.count() == 1 and Resume.objects.count() == 1
    assert time.monotonic() - began < 60
