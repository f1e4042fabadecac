"""Webhooks: the domain events of a whole screening (interview started, finished,
evaluation ready, decision made) reach a real HTTP receiver on 127.0.0.1 with valid
HMAC signatures; a 500 is retried through a django-q2 schedule with backoff; attempts are
logged; the admin shows the log and sends a delivery again by click."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import import_module
from typing import Any

import pytest
from django.utils import timezone
from django_q.models import Schedule

from candidates.models import Application
from integrations import webhooks
from integrations.models import DeliveryStatus, Integration, ObjectKind, OwnedObject, WebhookDelivery
from interviews.conduct import (
    interview_answer,
    interview_begin,
    interview_finish_by_candidate,
    interview_for_application,
)
from scoring.services import decision_make
from tests.factories import application

pytestmark = pytest.mark.django_db


class Receiver:
    """A subscriber: records every request; answers with the queued status codes (then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status == 200 else b"boom")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def events(self) -> list[str]:
        return [json.loads(r["body"])["event"] for r in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings, tmp_path) -> None:
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def integration(recruiter, receiver: Receiver) -> Integration:
    return Integration.objects.create(name="ATS", acting_user=recruiter, webhook_url=receiver.url)


def _expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    """Computed here independently of the code under test."""
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _run_schedule(schedule: Schedule) -> None:
    """What the django-q2 scheduler does when the schedule is due: call its function."""
    module, name = schedule.func.rsplit(".", 1)
    args = [int(a) for a in schedule.args.strip("(),").split(",") if a.strip()]
    getattr(import_module(module), name)(*args)


def test_a_whole_screening_sends_four_signed_events(
    integration, receiver, manager, django_capture_on_commit_callbacks
) -> None:
    app = application()
    app.vacancy.hiring_manager = manager
    app.vacancy.must_have = ["Python", "SQL"]
    app.vacancy.save()
    OwnedObject.objects.create(integration=integration, kind=ObjectKind.APPLICATION, object_id=app.pk)
    with django_capture_on_commit_callbacks(execute=True):
        interview = interview_for_application(application_id=app.pk)
    with django_capture_on_commit_callbacks(execute=True):
        interview_begin(interview_id=interview.pk)
    with django_capture_on_commit_callbacks(execute=True):
        interview_answer(interview_id=interview.pk, text="Пишу на Python пять лет: Django, FastAPI, очереди на Celery.")
        interview_answer(
            interview_id=interview.pk, text="SQL каждый день: PostgreSQL, индексы, разбор планов запросов."
        )
    with django_capture_on_commit_callbacks(execute=True):
        interview_finish_by_candidate(interview_id=interview.pk)
    app.refresh_from_db()
    assert app.stage == "awaiting_decision"  # evaluated in the same run (sync queue)
    with django_capture_on_commit_callbacks(execute=True):
        decision_make(application_id=app.pk, actor=manager, outcome="accept", comment="", confirmed=True)
    assert receiver.events() == ["interview.started", "interview.finished", "evaluation.ready", "decision.made"]
    for request in receiver.requests:
        headers, body = request["headers"], request["body"]
        assert headers["X-Hrcrm-Signature"] == _expected_signature(
            integration.webhook_secret, headers["X-Hrcrm-Timestamp"], body
        )
        assert webhooks.verify(
            integration.webhook_secret, headers["X-Hrcrm-Timestamp"], body, headers["X-Hrcrm-Signature"]
        )
        assert not webhooks.verify("another secret", headers["X-Hrcrm-Timestamp"], body, headers["X-Hrcrm-Signature"])
        envelope = json.loads(body)
        assert envelope["data"]["application_id"] == app.pk and headers["X-Hrcrm-Delivery"] == envelope["id"]
    last = json.loads(receiver.requests[-1]["body"])["data"]
    assert last["outcome"] == "accept" and last["stage"] == "accepted"
    ready = json.loads(receiver.requests[2]["body"])["data"]
    assert ready["evaluation_id"] and ready["recommendation"]
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_events_reach_only_the_owning_integration(
    integration, receiver, manager, django_capture_on_commit_callbacks
) -> None:
    Integration.objects.create(name="Other", acting_user=manager, webhook_url=receiver.url + "/other")
    mine, theirs = application(), application()
    OwnedObject.objects.create(integration=integration, kind=ObjectKind.VACANCY, object_id=mine.vacancy_id)
    for app in (mine, theirs):
        with django_capture_on_commit_callbacks(execute=True):
            interview = interview_for_application(application_id=app.pk)
        with django_capture_on_commit_callbacks(execute=True):
            interview_begin(interview_id=interview.pk)
    assert len(receiver.requests) == 1
    assert json.loads(receiver.requests[0]["body"])["data"]["application_id"] == mine.pk


def _one_delivery(integration: Integration, django_capture_on_commit_callbacks: Any) -> WebhookDelivery:
    app: Application = application()
    with django_capture_on_commit_callbacks(execute=True):
        webhooks.events_emit(event="interview.started", integrations=[integration], data={"application_id": app.pk})
    return WebhookDelivery.objects.get()


def test_a_500_is_retried_with_backoff_and_logged(
    integration, receiver, settings, django_capture_on_commit_callbacks
) -> None:
    settings.WEBHOOK_BACKOFF_SECONDS = (30, 120)
    receiver.answers = [500, 500]
    before = timezone.now()
    delivery = _one_delivery(integration, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    schedule = Schedule.objects.get(func=webhooks.TASK)
    assert 29 <= (schedule.next_run - before).total_seconds() <= 40
    assert schedule.schedule_type == Schedule.ONCE
    schedule.delete()  # the scheduler removes a one-off it has run
    _run_schedule(schedule)
    delivery.refresh_from_db()
    assert delivery.attempts == 2 and delivery.status == DeliveryStatus.PENDING
    second = Schedule.objects.get(func=webhooks.TASK)
    assert 119 <= (second.next_run - timezone.now()).total_seconds() <= 130  # the next wait is longer
    second.delete()
    _run_schedule(second)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 3
    log = list(delivery.attempt_log.values_list("status_code", "error"))
    assert log == [(500, "HTTP 500"), (500, "HTTP 500"), (200, "")]
    # Every attempt carried the same event id and a valid signature of its own timestamp.
    assert len({r["headers"]["X-Hrcrm-Delivery"] for r in receiver.requests}) == 1
    for r in receiver.requests:
        assert r["headers"]["X-Hrcrm-Signature"] == _expected_signature(
            integration.webhook_secret, r["headers"]["X-Hrcrm-Timestamp"], r["body"]
        )


def test_gives_up_after_the_last_retry_and_an_unreachable_url_is_logged(
    integration, receiver, settings, django_capture_on_commit_callbacks
) -> None:
    settings.WEBHOOK_BACKOFF_SECONDS = (1,)
    integration.webhook_url = "http://127.0.0.1:9/closed"  # nothing listens on the discard port
    integration.save()
    delivery = _one_delivery(integration, django_capture_on_commit_callbacks)
    schedule = Schedule.objects.get(func=webhooks.TASK)
    schedule.delete()
    _run_schedule(schedule)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert not Schedule.objects.filter(func=webhooks.TASK).exists()
    assert all(a.status_code is None and "Connect" in a.error for a in delivery.attempt_log.all())


def test_admin_log_and_replay_by_click(integration, receiver, admin_client, django_capture_on_commit_callbacks) -> None:
    delivery = _one_delivery(integration, django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.DELIVERED
    listing = admin_client.get("/admin/integrations/webhookdelivery/")
    assert listing.status_code == 200 and "Интервью начато".encode() in listing.content
    page = admin_client.get(f"/admin/integrations/webhookdelivery/{delivery.pk}/change/")
    assert page.status_code == 200 and b"200" in page.content  # the attempt log inline
    replay_url = f"/admin/integrations/webhookdelivery/{delivery.pk}/replay/"
    assert replay_url.encode() in page.content
    confirm = admin_client.get(replay_url)
    assert confirm.status_code == 200 and receiver.url.encode() in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(replay_url)
    assert done.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempt_log.count() == 2
    assert len(receiver.requests) == 2
    assert receiver.requests[0]["headers"]["X-Hrcrm-Delivery"] == receiver.requests[1]["headers"]["X-Hrcrm-Delivery"]


def test_admin_creates_a_key_shown_once(admin_client, integration) -> None:
    from integrations.keys import api_key_authenticate
    from integrations.models import ApiKey

    response = admin_client.post(
        "/admin/integrations/apikey/add/",
        {"integration": integration.pk, "name": "ATS prod", "scopes": ["vacancies:read"], "rate_limit_per_minute": 60},
        follow=True,
    )
    assert response.status_code == 200
    message = next(str(m) for m in response.context["messages"])
    raw = message.split("<code>")[1].split("</code>")[0]
    api_key = ApiKey.objects.get(name="ATS prod")
    assert api_key_authenticate(raw) == api_key and api_key.scopes == ["vacancies:read"]
    again = admin_client.get(f"/admin/integrations/apikey/{api_key.pk}/change/")
    assert raw.encode() not in again.content
