"""The candidate's own page (by his interview link): withdrawing consent asks for
erasure, the interview stops at once, and the scheduled task deletes everything when
the request is due. Also the talent-pool consent and versioned consent texts."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from candidates.models import Candidate, ConsentRecord
from privacy.consents import consent_is_active
from privacy.erasure import erasure_run_due
from privacy.models import ConsentDocument, ConsentPurpose, ErasureRecord, ErasureRequest, ErasureStatus
from tests.privacy_setup import media_files
from tests.test_interview_consumer import _setup
from vacancies.models import InviteLink

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings, tmp_path) -> None:
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.ERASURE_TERM_DAYS = 30


def _my_data(token: str) -> str:
    return reverse("privacy_public:my_data", args=[token])


def test_withdrawal_stops_the_interview_and_the_scheduled_task_erases_when_due(settings) -> None:
    from candidates import services
    from tests.privacy_setup import PDF

    setup = _setup(name="Отзывающий Согласие")
    candidate = setup["application"].candidate
    services.candidate_attach_resume_file(candidate=candidate, path=PDF, queue=False)
    token = setup["token"]
    visitor = Client()
    landing = visitor.get(reverse("invite:landing", args=[token])).content.decode()
    assert _my_data(token) in landing
    page = visitor.get(_my_data(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Мои персональные данные" in html and "Отозвать согласие и удалить данные" in html

    refused = visitor.post(_my_data(token), {"action": "erase"})
    assert refused.status_code == 400 and "Отметьте флажок" in refused.content.decode()
    assert not ErasureRequest.objects.exists()

    done = visitor.post(_my_data(token), {"action": "erase", "confirm": "on"})
    assert done.status_code == 302
    request = ErasureRequest.objects.get(candidate=candidate)
    assert request.status == ErasureStatus.PENDING and request.channel == "public_page"
    assert timedelta(days=29, hours=23) < request.due_at - timezone.now() <= timedelta(days=30)
    withdrawal = ConsentRecord.objects.filter(candidate=candidate).order_by("-created_at", "-pk").first()
    assert withdrawal is not None and not withdrawal.granted and withdrawal.source == "privacy_page"
    html = visitor.get(_my_data(token)).content.decode()
    assert "Ваш запрос принят" in html and timezone.localtime(request.due_at).strftime("%d.%m.%Y") in html
    # Processing stops at once: the room sends him back, the landing says why.
    room = visitor.get(reverse("interviews:room", args=[token]))
    assert room.status_code == 302
    landing = visitor.get(reverse("invite:landing", args=[token])).content.decode()
    assert "Вы отозвали согласие" in landing and "Начать интервью</button>" not in landing
    # A second post changes nothing.
    visitor.post(_my_data(token), {"action": "erase", "confirm": "on"})
    assert ErasureRequest.objects.count() == 1

    assert erasure_run_due(now=timezone.now() + timedelta(days=29)) == 0
    assert Candidate.objects.filter(pk=candidate.pk).exists()

    # Time passes; the schedule created by the migration runs the task.
    ErasureRequest.objects.filter(pk=request.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    # The schedule the migration creates (read from it: a flushed test database has no rows).
    tasks = importlib.import_module("privacy.migrations.0002_seed_documents_and_schedules").TASKS
    assert tasks["privacy.tasks.erasure_requests_run"]["schedule_type"] == Schedule.HOURLY
    async_task("privacy.tasks.erasure_requests_run")
    assert not Candidate.objects.filter(pk=candidate.pk).exists()
    assert not InviteLink.objects.filter(pk=setup["link"].pk).exists()
    assert media_files(settings.MEDIA_ROOT) == set()
    record = ErasureRecord.objects.get(candidate_ref=candidate.pk)
    assert record.reason == "withdrawal" and record.channel == "public_page" and record.files == 1
    assert record.executed_by is None
    # The link is gone with him.
    assert visitor.get(_my_data(token)).status_code == 404


def test_talent_pool_consent_can_be_given_and_withdrawn_from_the_page() -> None:
    setup = _setup(name="Резервист")
    candidate = setup["application"].candidate
    visitor = Client()
    assert "Согласиться на кадровый резерв" in visitor.get(_my_data(setup["token"])).content.decode()
    visitor.post(_my_data(setup["token"]), {"action": "pool_join"})
    assert consent_is_active(candidate.pk, ConsentPurpose.TALENT_POOL)
    assert "Отозвать согласие на кадровый резерв" in visitor.get(_my_data(setup["token"])).content.decode()
    visitor.post(_my_data(setup["token"]), {"action": "pool_leave"})
    assert not consent_is_active(candidate.pk, ConsentPurpose.TALENT_POOL)
    assert consent_is_active(candidate.pk, ConsentPurpose.PROCESSING)  # the other consent stands
    assert not ErasureRequest.objects.exists()


def test_an_expired_link_still_opens_the_page_but_a_revoked_or_unknown_one_does_not() -> None:
    setup = _setup()
    InviteLink.objects.filter(pk=setup["link"].pk).update(expires_at=timezone.now() - timedelta(days=3))
    visitor = Client()
    assert visitor.get(_my_data(setup["token"])).status_code == 200
    assert visitor.get(reverse("invite:landing", args=[setup["token"]])).status_code == 404
    InviteLink.objects.filter(pk=setup["link"].pk).update(revoked_at=timezone.now())
    assert visitor.get(_my_data(setup["token"])).status_code == 404
    assert "Ссылка недействительна" in visitor.get(_my_data("x" * 32)).content.decode()


def test_the_current_consent_version_is_shown_and_recorded() -> None:
    setup = _setup(consent=False)
    candidate = setup["application"].candidate
    visitor = Client()
    ConsentDocument.objects.create(
        purpose=ConsentPurpose.PROCESSING,
        version="2027-01",
        text_ru="Новая редакция согласия на обработку данных.",
        text_en="The new wording of the consent.",
        published_at=timezone.now(),  # newer than the version the migration published
    )
    ConsentDocument.objects.create(
        purpose=ConsentPurpose.PROCESSING,
        version="2099-01",
        text_ru="Ещё не опубликованная редакция.",
        text_en="Not yet published.",
        published_at=timezone.now() + timedelta(days=30),
    )
    html = visitor.get(reverse("invite:landing", args=[setup["token"]])).content.decode()
    assert "Новая редакция согласия" in html and "Ещё не опубликованная" not in html
    visitor.post(reverse("invite:landing", args=[setup["token"]]), {"consent": "on", "talent_pool": "on"})
    records = {r.purpose: r for r in ConsentRecord.objects.filter(candidate=candidate)}
    assert records["recruiting_interview"].text_version == "2027-01"
    assert records["recruiting_interview"].text == "Новая редакция согласия на обработку данных."
    assert records["talent_pool"].granted and records["recruiting_interview"].source == "interview_link"
    assert visitor.get(reverse("interviews:room", args=[setup["token"]])).status_code == 200
    # A newer text asks for consent again.
    ConsentDocument.objects.create(
        purpose=ConsentPurpose.PROCESSING, version="2027-02", text_ru="Третья редакция.", text_en="Third."
    )
    assert visitor.get(reverse("interviews:room", args=[setup["token"]])).status_code == 302
    english = Client(headers={"Accept-Language": "en"})
    english.cookies["django_language"] = "en"
    assert "Third." in english.get(reverse("invite:landing", args=[setup["token"]])).content.decode()
