"""Integrity signals: which measurements become signals, the company's switch, the socket
event, the PDF report, and that a signal never changes a score."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from channels.testing import WebsocketCommunicator
from django.utils import timezone

from interviews import integrity
from interviews.integrity import Report, signal_record
from interviews.models import IntegrityKind, IntegritySignal, Interview, InterviewStatus
from scoring.services import evaluation_report_generate, evaluation_run
from tests.factories import interview_from_corpus

pytestmark = pytest.mark.django_db


def _running(interview: Interview) -> Interview:
    interview.status = InterviewStatus.IN_PROGRESS
    interview.started_at = timezone.now() - timedelta(minutes=3)
    interview.save(update_fields=["status", "started_at"])
    return interview


@pytest.fixture
def interview() -> Interview:
    return _running(interview_from_corpus("s01_python_backend_fintech", "Андрей Проверкин"))


@pytest.mark.parametrize(
    ("report", "kind"),
    [
        (Report("away", ms=1500), None),  # a blink: a notification, a mis-click
        (Report("away", ms=35_000, hidden=True), IntegrityKind.AWAY),
        (Report("paste", chars=12, ms=4000), None),  # an e-mail, a word
        (Report("paste", chars=640, ms=12_000), IntegrityKind.PASTE),
        (Report("typing", chars=200, ms=25_000), None),  # 8 a second: a fast person
        (Report("typing", chars=30, ms=100), None),  # too short to judge
        (Report("typing", chars=200, ms=4000), IntegrityKind.FAST_TYPING),  # 50 a second
        (Report("typing", chars=120, ms=0), IntegrityKind.FAST_TYPING),
        (Report("mouse", ms=99_000), None),  # not something the room reports
    ],
)
def test_only_what_a_reviewer_should_see_becomes_a_signal(interview, report, kind) -> None:  # type: ignore[no-untyped-def]
    signal = signal_record(interview.pk, report)
    assert (signal.kind if signal else None) == kind
    assert IntegritySignal.objects.filter(interview=interview).count() == (1 if kind else 0)


def test_a_signal_has_its_time_and_a_plain_explanation(interview) -> None:  # type: ignore[no-untyped-def]
    signal = signal_record(interview.pk, Report("paste", chars=640, ms=12_000))
    assert 179 <= signal.at_seconds <= 200  # three minutes into the interview
    view = integrity.signals_for(interview.pk)[0]
    assert view.clock.startswith("3:")
    assert view.explanation.startswith("В поле ответа вставлено 640 знаков через 12 с после вопроса.")
    away = signal_record(interview.pk, Report("away", ms=35_200, hidden=True))
    assert "скрыта 35.2 с" in integrity.explain(away)


def test_the_company_can_switch_signals_off(interview, settings) -> None:  # type: ignore[no-untyped-def]
    signal_record(interview.pk, Report("away", ms=35_000, hidden=True))
    settings.INTEGRITY_SIGNALS = False
    assert signal_record(interview.pk, Report("paste", chars=640, ms=1000)) is None
    assert integrity.signals_for(interview.pk) == []  # and what was kept is not shown


def test_nothing_is_recorded_outside_a_running_interview_nor_beyond_the_cap(interview, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(integrity, "MAX_SIGNALS_PER_INTERVIEW", 2)
    for _ in range(5):
        signal_record(interview.pk, Report("away", ms=5000))
    assert IntegritySignal.objects.filter(interview=interview).count() == 2
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.COMPLETED)
    monkeypatch.setattr(integrity, "MAX_SIGNALS_PER_INTERVIEW", 200)
    assert signal_record(interview.pk, Report("away", ms=5000)) is None


def test_signals_are_in_the_pdf_and_leave_the_scores_alone(interview, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    before = evaluation_run(interview_id=interview.pk).parsed
    signal_record(interview.pk, Report("paste", chars=640, ms=12_000))
    signal_record(interview.pk, Report("typing", chars=200, ms=4000))
    after = evaluation_run(interview_id=interview.pk)
    assert after.parsed.criteria == before.criteria and after.parsed.recommendation == before.recommendation
    path = evaluation_report_generate(evaluation_id=after.pk).report.path
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Сигналы добросовестности" in text
    assert "Вставка текста" in text and "Набор быстрее человека" in text
    assert "640 знаков" in " ".join(text.split())


@pytest.mark.django_db(transaction=True)
async def test_the_room_socket_takes_integrity_reports() -> None:
    from channels.db import database_sync_to_async

    from tests.test_interview_consumer import _open, _receive_until, _setup

    setup = await database_sync_to_async(_setup)()
    ws: WebsocketCommunicator = await _open(setup["token"])
    connected, _ = await ws.connect()
    assert connected
    await _receive_until(ws, "history")
    await ws.send_json_to({"type": "integrity", "kind": "paste", "chars": 300, "ms": 2500})
    await ws.send_json_to({"type": "integrity", "kind": "away", "ms": -5})  # out of range
    assert (await _receive_until(ws, "error"))[-1]["code"] == "bad_event"
    await ws.send_json_to({"type": "ping"})
    await _receive_until(ws, "pong")
    await ws.disconnect()
    signals = await database_sync_to_async(list)(
        IntegritySignal.objects.filter(interview__application=setup["application"]).values_list("kind", "details")
    )
    assert signals == [(IntegrityKind.PASTE, {"chars": 300, "after_question": 2.5})]


@pytest.mark.parametrize("on", [True, False])
def test_the_room_measures_only_when_the_setting_is_on(client, settings, on) -> None:  # type: ignore[no-untyped-def]
    from tests.test_interview_consumer import _setup

    settings.INTEGRITY_SIGNALS = on
    html = client.get(f"/interviews/room/{_setup()['token']}/").content.decode()
    assert ('data-integrity="on"' in html) is on
    assert ("interview-integrity.js" in html) is on
    assert ("Мы отмечаем уход со страницы" in html) is on
