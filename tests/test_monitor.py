"""The admin-only system monitor: queues with retry/delete, live interviews, providers, database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Failure, OrmQ
from django_q.signing import SignedPackage

from hrcrm.models import AIAuditLog
from interviews.models import Interview, InterviewStatus, Turn
from interviews.speech import stats as speech_stats
from tests import factories as f


def _failure() -> Failure:
    return Failure.objects.create(
        id="a" * 32,
        name="broken-task",
        func="math.floor",
        args=(2.5,),
        kwargs={},
        started=timezone.now(),
        stopped=timezone.now(),
        success=False,
        result="Traceback: ValueError: нельзя разобрать файл",
        attempt_count=3,
    )


@pytest.mark.django_db
def test_admin_sees_queues_interviews_providers_and_database(client: Client, admin_user) -> None:
    _failure()
    OrmQ.objects.create(
        key="hrcrm",
        payload=SignedPackage.dumps({"id": "b" * 32, "name": "waiting-task", "func": "math.ceil", "args": (1,)}),
        lock=timezone.now(),
    )
    app = f.application(cand=f.candidate(full_name="Идёт Собеседование"))
    live = Interview.objects.create(application=app, status=InterviewStatus.IN_PROGRESS, started_at=timezone.now())
    Turn.objects.create(interview=live, index=0, speaker="interviewer", text="?", topic="intro")
    client.force_login(admin_user)
    response = client.get(reverse("monitor:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "нельзя разобрать файл" in body and "broken-task" in body
    assert "waiting-task" in body
    assert "Идёт Собеседование" in body
    assert "offline" in body  # provider health from hrcrm.ai.health_report
    assert "PostgreSQL" in body and response.context["database"]["version"]
    queues = response.context["queues"]
    assert (queues.queued, queues.running, queues.failed_total) == (1, 0, 1)


@pytest.mark.django_db
def test_retry_resubmits_the_failed_task_and_delete_removes_it(client: Client, admin_user, settings) -> None:
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    task = _failure()
    client.force_login(admin_user)
    with pytest.MonkeyPatch.context() as mp:
        submitted = []
        mp.setattr("monitor.services.async_task", lambda func, *a, **kw: submitted.append((func, a)))
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            assert client.post(reverse("monitor:failed_retry", args=[task.pk])).status_code == 302
    assert submitted == [("math.floor", (2.5,))]
    assert not Failure.objects.exists()
    task = _failure()
    assert client.post(reverse("monitor:failed_delete", args=[task.pk])).status_code == 302
    assert not Failure.objects.exists()
    queued = OrmQ.objects.create(key="hrcrm", payload=SignedPackage.dumps({"id": "c", "func": "math.ceil"}))
    assert client.post(reverse("monitor:queued_delete", args=[queued.pk])).status_code == 302
    assert not OrmQ.objects.exists()


@pytest.mark.django_db
def test_refused_for_everyone_but_admins(client: Client, recruiter, manager, outsider) -> None:
    task = _failure()
    for user in (recruiter, manager, outsider):
        client.force_login(user)
        assert client.get(reverse("monitor:index")).status_code == 403
        assert client.post(reverse("monitor:failed_delete", args=[task.pk])).status_code == 403
    assert Failure.objects.filter(pk=task.pk).exists()
    client.logout()
    assert client.get(reverse("monitor:index")).status_code == 302


@pytest.mark.django_db
def test_links_for_admins_only(client: Client, admin_user, recruiter) -> None:
    url = reverse("monitor:index")
    client.force_login(recruiter)
    assert url not in client.get(reverse("home")).content.decode()
    client.force_login(admin_user)
    assert url not in "" and url in client.get(reverse("home")).content.decode()
    assert url in client.get(reverse("admin:index")).content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_monitor_page_fits_the_screen(live_server, browser, admin_user, language, width) -> None:
    import os

    _failure()
    app = f.application(cand=f.candidate(full_name="Идёт Собеседование"))
    Interview.objects.create(application=app, status=InterviewStatus.IN_PROGRESS, started_at=timezone.now())
    admin_user.set_password("pw-admin")
    admin_user.save()
    context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/login/")
        page.fill("input[name=username]", admin_user.username)
        page.fill("input[name=password]", "pw-admin")
        page.click(".auth-card button[type=submit]")
        page.wait_for_selector(".topbar")
        if language == "en":
            page.click(".lang-switch button[value=en]")
            page.wait_for_load_state()
        page.goto(live_server.url + "/monitor/")
        assert ("Failed tasks" if language == "en" else "Задачи с ошибкой") in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        shots = os.environ.get("ANALYTICS_SHOTS")
        if shots:
            page.screenshot(path=f"{shots}/monitor-{language}-{width}.png", full_page=True)
    finally:
        context.close()


def _live_interview(name: str, replies_ms: list[int]) -> Interview:
    """An interview in progress whose candidate answers got replies after ``replies_ms``."""
    app = f.application(cand=f.candidate(full_name=name))
    interview = Interview.objects.create(application=app, status=InterviewStatus.IN_PROGRESS, started_at=timezone.now())
    at = timezone.now() - timedelta(minutes=20)
    Turn.objects.create(interview=interview, index=0, speaker="interviewer", text="Здравствуйте", topic="intro")
    Turn.objects.filter(interview=interview, index=0).update(created_at=at)
    index = 1
    for ms in replies_ms:
        at += timedelta(seconds=30)
        answer = Turn.objects.create(interview=interview, index=index, speaker="candidate", text="ответ")
        reply = Turn.objects.create(interview=interview, index=index + 1, speaker="interviewer", text="вопрос")
        Turn.objects.filter(pk=answer.pk).update(created_at=at)
        Turn.objects.filter(pk=reply.pk).update(created_at=at + timedelta(milliseconds=ms))
        index += 2
    return interview


def _audit(purpose: str, latency_ms: int, *, ok: bool = True, message: str = "", minutes_ago: int = 5) -> None:
    row = AIAuditLog.objects.create(
        purpose=purpose,
        operation="embed" if purpose == "embeddings" else "chat",
        provider="yandexgpt" if purpose != "embeddings" else "offline",
        ok=ok,
        error_type="" if ok else "AIRateLimitError",
        error_message=message,
        latency_ms=latency_ms,
    )
    AIAuditLog.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))


@pytest.fixture
def _speech_window():
    speech_stats.clear()
    yield
    speech_stats.clear()


@pytest.mark.django_db
def test_turn_latency_and_engine_health_over_the_last_hour(client: Client, admin_user, _speech_window) -> None:
    _live_interview("Быстрый Кандидат", [200, 800])
    _live_interview("Медленный Кандидат", [1000, 3000, 5000])
    _audit("interview", 100)
    _audit("scoring", 300)
    _audit("parsing", 9000, ok=False, message="429 Too Many Requests")
    _audit("parsing", 50, minutes_ago=120)  # outside the hour: not counted
    _audit("embeddings", 40)
    AIAuditLog.objects.create(purpose="parsing", operation="screening", provider="rules", ok=True)
    speech_stats.record("stt", engine="whisper", ok=True, latency_ms=400)
    speech_stats.record("stt", engine="whisper", ok=True, latency_ms=600)
    speech_stats.record("stt", engine="whisper", ok=False, latency_ms=15000, error="SpeechKit timed out")
    speech_stats.record("tts", engine="espeak", ok=True, latency_ms=90)
    client.force_login(admin_user)
    response = client.get(reverse("monitor:index") + "?providers=0")
    assert response.status_code == 200
    by_name = {iv.application.candidate.full_name: iv.latency for iv in response.context["interviews"]}
    assert (by_name["Быстрый Кандидат"].p50_ms, by_name["Быстрый Кандидат"].p95_ms) == (500, 770)
    assert (by_name["Медленный Кандидат"].p50_ms, by_name["Медленный Кандидат"].p95_ms) == (3000, 4800)
    overall = response.context["latency"]
    assert overall.replies == 5 and overall.p50_ms == 1000 and overall.p95_ms == 4600
    engines = {e.service: e for e in response.context["engines"]}
    llm = engines["llm"]
    assert (llm.engine, llm.calls, llm.errors, llm.error_pct) == ("offline", 3, 1, 33.3)
    assert (llm.p50_ms, llm.p95_ms) == (200, 290)  # successful calls only
    assert "429 Too Many Requests" in llm.last_error and "yandexgpt" in llm.last_error
    assert (engines["embeddings"].calls, engines["embeddings"].errors, engines["embeddings"].last_error) == (1, 0, "")
    stt = engines["stt"]
    assert (stt.engine, stt.calls, stt.errors, stt.p50_ms, stt.last_error) == (
        "whisper",
        3,
        1,
        500,
        "SpeechKit timed out",
    )
    assert (engines["tts"].engine, engines["tts"].calls, engines["tts"].p95_ms) == ("espeak", 1, 90)
    body = response.content.decode()
    assert "500 / 770" in body and "1000 / 4600" in body
    assert "SpeechKit timed out" in body and "33,3%" in body  # Russian number format


@pytest.mark.django_db
def test_the_page_runs_the_same_queries_whatever_the_data(
    client: Client, admin_user, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin_user)
    _live_interview("Один Кандидат", [300])
    _failure()
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("monitor:index")).status_code == 200
    for n in range(6):
        _live_interview(f"Кандидат {n}", [100 * (n + 1), 200, 300])
        _audit("interview", 100 + n, ok=n % 2 == 0, message="ошибка")
        _audit("embeddings", 30 + n)
        Failure.objects.create(
            id=f"{n:032d}",
            name=f"broken-{n}",
            func="math.floor",
            args=(n,),
            kwargs={},
            started=timezone.now(),
            stopped=timezone.now(),
            success=False,
            result="boom",
        )
        OrmQ.objects.create(
            key="hrcrm", payload=SignedPackage.dumps({"id": f"q{n}", "name": f"queued-{n}", "func": "math.ceil"})
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("monitor:index"))
    assert response.status_code == 200 and len(response.context["interviews"]) == 7
