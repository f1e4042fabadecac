"""The admin-only system monitor: queues with retry/delete, live interviews, providers, database."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Failure, OrmQ
from django_q.signing import SignedPackage

from interviews.models import Interview, InterviewStatus, Turn
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
def test_admin_sees_queues_interviews_providers_and_database(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
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
def test_retry_resubmits_the_failed_task_and_delete_removes_it(client: Client, admin_user, settings) -> None:  # type: ignore[no-untyped-def]
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": False}
    task = _failure()
    client.force_login(admin_user)
    with pytest.MonkeyPatch.context() as mp:
        submitted = []
        mp.setattr("hrcrm.monitor.services.async_task", lambda func, *a, **kw: submitted.append((func, a)))
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
def test_refused_for_everyone_but_admins(client: Client, recruiter, manager, outsider) -> None:  # type: ignore[no-untyped-def]
    task = _failure()
    for user in (recruiter, manager, outsider):
        client.force_login(user)
        assert client.get(reverse("monitor:index")).status_code == 403
        assert client.post(reverse("monitor:failed_delete", args=[task.pk])).status_code == 403
    assert Failure.objects.filter(pk=task.pk).exists()
    client.logout()
    assert client.get(reverse("monitor:index")).status_code == 302


@pytest.mark.django_db
def test_links_for_admins_only(client: Client, admin_user, recruiter) -> None:  # type: ignore[no-untyped-def]
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
def test_monitor_page_fits_the_screen(live_server, browser, admin_user, language, width) -> None:  # type: ignore[no-untyped-def]
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
