"""Structured logs (LOG_FORMAT=json): the ids of the request, the interview connection
and the django-q2 task are on every line, through the real handler configuration."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from hrcrm import logs

# Imports hrcrm.asgi, whose django.setup() configures logging again: before any fixture.
from tests.test_interview_consumer import GOOD, _open, _receive_until, _setup

Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def json_logs() -> Iterator[Lines]:
    """The settings' logging configuration in JSON mode, writing to a buffer; the
    test's handlers are put back afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    buffer = io.StringIO()
    logging.config.dictConfig(logs.logging_config(level="INFO", fmt="json", stream=buffer))

    def lines() -> list[dict[str, Any]]:
        return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]

    yield lines
    root.handlers, root.level = saved[0], saved[1]


def test_the_format_setting_is_checked() -> None:
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logs.logging_config(fmt="xml")


def test_text_lines_show_the_bound_ids() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    with logs.bind(request_id="r-1", interview_id=7):
        logs.ContextFilter().filter(record)
    line = logs.TextFormatter("%(levelname)s %(message)s").format(record)
    assert line == "INFO hello world [request_id=r-1 interview_id=7]"


@pytest.mark.django_db
def test_a_request_logs_a_json_line_with_the_id_of_its_response_header(
    client: Client, recruiter, json_logs: Lines
) -> None:
    client.force_login(recruiter)
    response = client.get(reverse("home"))
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) == 32
    [access] = [line for line in json_logs() if line["logger"] == "hrcrm.request"]
    assert access["request_id"] == request_id
    assert access["path"] == "/" and access["status"] == 200 and access["level"] == "INFO"
    assert access["duration_ms"] >= 0 and access["ts"].endswith("+00:00")
    assert logs.current() == {}  # nothing leaks out of the request
    # Load-balancer probes are logged at DEBUG only (still with their id in the header).
    assert client.get("/health/").headers["X-Request-ID"]
    assert not [line for line in json_logs() if line.get("path") == "/health/"]


@pytest.mark.django_db
def test_a_callers_request_id_is_kept_and_a_bad_one_replaced(client: Client, json_logs: Lines) -> None:
    response = client.get("/login/", headers={"X-Request-ID": "lb-42.abc"})
    assert response.headers["X-Request-ID"] == "lb-42.abc"
    response = client.get("/login/", headers={"X-Request-ID": "bad id\r\nSet-Cookie: x=1"})
    assert response.headers["X-Request-ID"] != "bad id" and len(response.headers["X-Request-ID"]) == 32
    assert [line["request_id"] for line in json_logs() if line["logger"] == "hrcrm.request"] == [
        "lb-42.abc",
        response.headers["X-Request-ID"],
    ]


@pytest.mark.django_db
def test_an_exception_is_one_json_line_with_its_traceback(json_logs: Lines) -> None:
    with logs.bind(task_id="t-1"):
        try:
            raise RuntimeError("сломалось")
        except RuntimeError:
            logging.getLogger("hrcrm.test").exception("failed", extra={"resume_id": 5})
    [line] = [line for line in json_logs() if line["logger"] == "hrcrm.test"]
    assert line["task_id"] == "t-1" and line["resume_id"] == 5
    assert "RuntimeError: сломалось" in line["exc"]


@pytest.mark.django_db(transaction=True)
async def test_consumer_lines_carry_the_interview_and_the_connection(json_logs: Lines) -> None:
    ctx = await database_sync_to_async(_setup)()
    ws = await _open(ctx["token"])
    connected, _ = await ws.connect()
    assert connected
    await ws.receive_json_from(timeout=5)
    await ws.send_json_to({"type": "answer", "id": "a1", "text": GOOD})
    await _receive_until(ws, "progress")
    await ws.disconnect()
    interview_id = await database_sync_to_async(lambda: ctx["application"].interviews.get().pk)()
    lines = json_logs()
    connected_line = next(line for line in lines if line["message"] == "interview socket connected")
    assert connected_line["interview_id"] == str(interview_id)
    assert connected_line["connection_id"]
    # A line written by the conduct service in a worker thread carries them too.
    turn_line = next(line for line in lines if line["logger"] == "interviews.conduct")
    assert turn_line["interview_id"] == str(interview_id)
    assert turn_line["connection_id"] == connected_line["connection_id"]
    assert turn_line["reply_ms"] >= 0
    closed = next(line for line in lines if line["message"].startswith("interview socket closed"))
    assert closed["interview_id"] == str(interview_id)


@pytest.mark.django_db
def test_task_lines_carry_the_task_and_the_request_that_queued_it(
    json_logs: Lines, monkeypatch: pytest.MonkeyPatch, settings, tmp_path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_q.conf import Conf
    from django_q.tasks import async_task

    from candidates.intake.services import upload_batch_create
    from tests.conftest import CORPUS

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(Conf, "SYNC", True)  # the worker's code path, in this process
    data = (CORPUS / "resumes" / "morozov_devops.txt").read_bytes()
    batch = upload_batch_create(files=[SimpleUploadedFile("morozov_devops.txt", data)], actor=None, queue=False)
    resume = batch.resumes.get()
    with logs.bind(request_id="req-7"):
        task_id = async_task("candidates.intake.tasks.resume_process", resume.pk, task_name=f"resume-{resume.pk}")
        assert logs.current() == {"request_id": "req-7"}  # the task's ids are unbound after it
    lines = [line for line in json_logs() if line["logger"] == "candidates.intake.services"]
    parsed = next(line for line in lines if "parsed into candidate" in line["message"])
    assert parsed["task_id"] == task_id and parsed["task_name"] == f"resume-{resume.pk}"
    assert parsed["request_id"] == "req-7"
