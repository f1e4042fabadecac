"""The Telegram bot against a local fake Bot API (real methods and JSON shapes): staff
link their chat from the profile page with a one-time deep link and get notifications
(decision waiting, evaluation ready, interview abandoned) sent by django-q2 tasks; a
candidate gets his interview link from a vacancy's deep link after consenting; updates
arrive by long polling (the command) and by the webhook, and each is handled once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_q.conf import Conf

from candidates.models import Application, ApplicationOrigin, Candidate, ConsentRecord
from candidates.pipeline import Stage
from candidates.services import application_move_to_stage
from interviews.models import Interview, InterviewStatus
from interviews.tasks import abandon_stale_interviews
from notifications.bot import CONSENT_NO, CONSENT_YES
from notifications.models import CandidateChat, MessageStatus, NotificationKind, TelegramAccount, TelegramMessage
from notifications.telegram import TelegramError
from tests import factories as f
from tests.fakes.telegram import TOKEN, FakeTelegram

SECRET = "webhook-secret-1"


@pytest.fixture
def tg(settings, monkeypatch, django_capture_on_commit_callbacks) -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL = TOKEN, fake.url
        settings.TELEGRAM_BOT_USERNAME, settings.TELEGRAM_WEBHOOK_SECRET = "", SECRET
        settings.SITE_URL = "http://testserver"
        cache.clear()
        monkeypatch.setattr(Conf, "SYNC", True)  # django-q2 runs each task in this process
        yield fake


def poll(capture) -> None:
    """One long-polling round of the real command; queued replies are sent on commit."""
    with capture(execute=True):
        call_command("telegram_bot", "--once", stdout=open("/dev/null", "w"))


def link_chat(client: Client, user, tg: FakeTelegram, capture, chat_id: int) -> dict:
    client.force_login(user)
    page = client.post(reverse("notifications:telegram_link")).content.decode()
    code = re.search(r"https://t\.me/hrcrm_test_bot\?start=(link_[\w-]+)", page).group(1)
    person = tg.person(chat_id, "Сотрудник", username=f"staff{chat_id}")
    tg.user_says(person, f"/start {code}")
    poll(capture)
    return person


@pytest.mark.django_db
def test_a_manager_links_his_chat_once_and_hears_about_decisions(
    client: Client, manager, tg, django_capture_on_commit_callbacks
) -> None:
    client.force_login(manager)
    page = client.get(reverse("notifications:profile")).content.decode()
    assert "Привязать Telegram" in page and "не привязан" in page
    page = client.post(reverse("notifications:telegram_link")).content.decode()
    code = re.search(r"https://t\.me/hrcrm_test_bot\?start=(link_[\w-]+)", page).group(1)
    assert "действует 15 минут" in page

    person = tg.person(501, "Борис", username="boris_m")
    tg.user_says(person, f"/start {code}")
    poll(django_capture_on_commit_callbacks)
    assert "чат привязан к аккаунту bob" in tg.texts_to(501)[-1]
    assert TelegramAccount.objects.get(user=manager).chat_id == 501
    assert "@boris_m" in client.get(reverse("notifications:profile")).content.decode()

    # The code is single-use: a second chat cannot take it.
    tg.user_says(tg.person(777, "Мэллори"), f"/start {code}")
    poll(django_capture_on_commit_callbacks)
    assert "недействительна или устарела" in tg.texts_to(777)[-1]
    assert TelegramAccount.objects.get(user=manager).chat_id == 501
    assert tg.calls("getUpdates")[-1].json()["offset"] == tg.updates[0]["update_id"]  # confirmed past the first

    application = f.application(
        stage=Stage.EVALUATING,
        cand=f.candidate(full_name="Секретова Анна Игоревна"),
        vac=f.vacancy(title="Data Engineer", hiring_manager=manager),
    )
    with django_capture_on_commit_callbacks(execute=True):
        application_move_to_stage(application_id=application.pk, to_stage=Stage.AWAITING_DECISION, system_reason="т")
    text = tg.texts_to(501)[-1]
    assert f"Кандидат №{application.candidate_id} ждёт вашего решения по вакансии «Data Engineer»" in text
    assert "http://testserver/decisions/" in text
    assert "Секретова" not in text and "Анна" not in text  # no candidate names leave for Telegram
    message = TelegramMessage.objects.get(kind=NotificationKind.DECISION_WAITING)
    assert message.status == MessageStatus.SENT and message.user == manager and message.application == application

    # Switched off on the profile page: no more such messages.
    client.post(reverse("notifications:preferences"), {"kinds": [NotificationKind.EVALUATION_READY]})
    count = len(tg.sent)
    other = f.application(stage=Stage.EVALUATING, vac=f.vacancy(hiring_manager=manager))
    with django_capture_on_commit_callbacks(execute=True):
        application_move_to_stage(application_id=other.pk, to_stage=Stage.AWAITING_DECISION, system_reason="т")
    assert len(tg.sent) == count

    client.post(reverse("notifications:telegram_unlink"))
    assert TelegramAccount.objects.get(user=manager).chat_id is None


@pytest.mark.django_db
def test_an_expired_code_links_nothing(client: Client, recruiter, tg, django_capture_on_commit_callbacks) -> None:
    from notifications.models import TelegramLinkCode

    client.force_login(recruiter)
    page = client.post(reverse("notifications:telegram_link")).content.decode()
    code = re.search(r"start=(link_[\w-]+)", page).group(1)
    TelegramLinkCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    tg.user_says(tg.person(502), f"/start {code}")
    poll(django_capture_on_commit_callbacks)
    assert "устарела" in tg.texts_to(502)[-1] and not TelegramAccount.objects.filter(chat_id=502).exists()


@pytest.mark.django_db
def test_recruiters_hear_about_ready_evaluations_and_abandoned_interviews(
    client: Client, recruiter, tg, django_capture_on_commit_callbacks
) -> None:
    from scoring.services import evaluation_run

    link_chat(client, recruiter, tg, django_capture_on_commit_callbacks, 601)
    interview = f.interview_from_corpus("s01_python_backend_fintech", "Андрей Тестов")
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_run(interview_id=interview.pk, runs=1)
    text = tg.texts_to(601)[-1]
    assert text.startswith(f"Оценка интервью готова: кандидат №{interview.application.candidate_id}")
    assert f"/candidates/{interview.application.candidate_id}/#evaluation" in text and "Андрей" not in text

    stale = f.application(stage=Stage.INTERVIEWING, actor=recruiter)
    abandoned = Interview.objects.create(
        application=stale, status=InterviewStatus.IN_PROGRESS, last_activity_at=timezone.now() - timedelta(hours=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert abandon_stale_interviews() == 1
    assert tg.texts_to(601)[-1].startswith(f"Интервью прервано: кандидат №{stale.candidate_id}")
    assert (
        TelegramMessage.objects.get(kind=NotificationKind.INTERVIEW_ABANDONED).application_id
        == abandoned.application_id
    )


@pytest.mark.django_db
def test_a_failed_send_is_recorded_and_shows_as_a_failed_task(
    client: Client, manager, tg, django_capture_on_commit_callbacks
) -> None:
    link_chat(client, manager, tg, django_capture_on_commit_callbacks, 503)
    tg.blocked.add(503)
    application = f.application(stage=Stage.EVALUATING, vac=f.vacancy(hiring_manager=manager))
    # The task raises (in a worker django-q2 then stores it among the failed tasks the
    # monitor lists; in sync mode it reaches the caller) after recording the failure.
    with pytest.raises(TelegramError, match="403 Forbidden: bot was blocked by the user"):
        with django_capture_on_commit_callbacks(execute=True):
            application_move_to_stage(
                application_id=application.pk, to_stage=Stage.AWAITING_DECISION, system_reason="т"
            )
    message = TelegramMessage.objects.get(kind=NotificationKind.DECISION_WAITING)
    assert message.status == MessageStatus.FAILED and "403" in message.error and "blocked" in message.error
    assert message.sent_at is None


@pytest.mark.django_db
def test_a_candidate_gets_his_interview_link_from_the_vacancy_deep_link(
    client: Client, recruiter, tg, django_capture_on_commit_callbacks
) -> None:
    vacancy = f.vacancy(title="Тестировщик ПО")
    client.force_login(recruiter)
    page = client.post(reverse("vacancies:open_link", args=[vacancy.pk]), {"days": 7}).content.decode()
    start = re.search(r"https://t\.me/hrcrm_test_bot\?start=(vac_[\w-]+)", page).group(1)
    assert f"/apply/{start.removeprefix('vac_')}/" in page  # the same open link as the web form
    client.logout()
    person = tg.person(901, "Иван", "Петров", username="ivanp")
    tg.user_says(person, f"/start {start}")
    poll(django_capture_on_commit_callbacks)
    ask = tg.sent[-1]
    assert "Вакансия «Тестировщик ПО»" in ask["text"] and "152-ФЗ" in ask["text"]
    buttons = [b["callback_data"] for b in ask["reply_markup"]["inline_keyboard"][0]]
    assert buttons[0].startswith(CONSENT_YES) and buttons[1].startswith(CONSENT_NO)
    assert not Candidate.objects.exists()  # nothing stored before consent

    tg.user_presses(person, buttons[0])
    poll(django_capture_on_commit_callbacks)
    reply = tg.texts_to(901)[-1]
    path = re.search(r"http://testserver(/i/[\w-]+/)", reply).group(1)
    assert client.get(path).status_code == 200
    candidate = Candidate.objects.get()
    assert (candidate.full_name, candidate.telegram, candidate.email) == ("Иван Петров", "@ivanp", "")
    assert ConsentRecord.objects.get(candidate=candidate).source == "telegram"
    assert candidate.source == "telegram"  # shown as «Отклик через Telegram» in the CRM
    application = Application.objects.get(candidate=candidate)
    assert application.vacancy == vacancy and application.origin == ApplicationOrigin.SELF_APPLIED
    assert len(tg.calls("answerCallbackQuery")) == 1

    # /start again: a fresh link to the same application, not a second candidate.
    tg.user_says(person, f"/start {start}")
    poll(django_capture_on_commit_callbacks)
    assert "/i/" in tg.texts_to(901)[-1] and Candidate.objects.count() == 1

    # Someone else declines: nothing about him is kept but the chat's state.
    other = tg.person(902, "Пётр")
    tg.user_says(other, f"/start {start}")
    poll(django_capture_on_commit_callbacks)
    tg.user_presses(other, tg.sent[-1]["reply_markup"]["inline_keyboard"][0][1]["callback_data"])
    poll(django_capture_on_commit_callbacks)
    assert "без согласия" in tg.texts_to(902)[-1] and Candidate.objects.count() == 1
    # A forged button for another chat's conversation does nothing.
    forged = f"{CONSENT_YES}{CandidateChat.objects.get(chat_id=902).pk}"
    tg.user_presses(tg.person(903, "Ева"), forged)
    tg.user_presses(tg.person(903, "Ева"), CONSENT_YES + "9" * 30)  # not even a row id
    poll(django_capture_on_commit_callbacks)
    assert Candidate.objects.count() == 1 and tg.texts_to(903) == []


@pytest.mark.django_db
def test_an_unknown_vacancy_token_is_refused(tg, django_capture_on_commit_callbacks) -> None:
    tg.user_says(tg.person(904), "/start vac_" + "x" * 32)
    poll(django_capture_on_commit_callbacks)
    assert "недействительна или устарела" in tg.texts_to(904)[-1] and not Candidate.objects.exists()


@pytest.mark.django_db
def test_the_webhook_checks_its_secret_and_handles_each_update_once(
    client: Client, tg, settings, django_capture_on_commit_callbacks
) -> None:
    url = reverse("notifications:telegram_webhook")
    update = tg.user_says(tg.person(905), "/help")
    body = json.dumps(update)
    assert client.post(url, body, content_type="application/json").status_code == 403
    bad = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": "wrong"}
    assert client.post(url, body, content_type="application/json", **bad).status_code == 403
    good = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": SECRET}
    assert client.post(url, "{not json", content_type="application/json", **good).status_code == 400
    for _ in range(2):  # Telegram redelivers when unsure; the second delivery is a no-op
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, body, content_type="application/json", **good)
        assert response.status_code == 200 and response.json() == {"ok": True}
    assert len(tg.texts_to(905)) == 1 and "бот HR CRM" in tg.texts_to(905)[0]
    poll(django_capture_on_commit_callbacks)  # the same update by polling too: still once
    assert len(tg.texts_to(905)) == 1
    settings.TELEGRAM_WEBHOOK_SECRET = ""
    assert client.post(url, body, content_type="application/json", **good).status_code == 404


@pytest.mark.django_db
def test_the_poller_stops_with_a_clear_error_on_a_wrong_token(tg, settings) -> None:
    from django.core.management.base import CommandError

    settings.TELEGRAM_BOT_TOKEN = "999:wrong"
    with pytest.raises(CommandError, match="getMe: 401 Unauthorized"):
        call_command("telegram_bot", "--once")


@pytest.mark.django_db
def test_the_webhook_is_registered_with_its_secret(tg) -> None:
    call_command("telegram_bot", "--set-webhook", stdout=open("/dev/null", "w"))
    assert tg.webhook == {
        "url": "http://testserver/telegram/webhook/",
        "secret_token": SECRET,
        "allowed_updates": ["message", "callback_query"],
    }


@pytest.mark.django_db(transaction=True)
def test_an_update_that_fails_is_rolled_back_the_sender_told_and_the_next_one_handled(
    client: Client, recruiter, tg, django_capture_on_commit_callbacks
) -> None:
    vacancy = f.vacancy(title="Тестировщик ПО")
    client.force_login(recruiter)
    page = client.post(reverse("vacancies:open_link", args=[vacancy.pk]), {"days": 7}).content.decode()
    start = re.search(r"https://t\.me/hrcrm_test_bot\?start=(vac_[\w-]+)", page).group(1)
    # PostgreSQL refuses a NUL character in text: storing this name fails mid-handling.
    tg.user_says(tg.person(911, "Ив\x00ан"), f"/start {start}")
    tg.user_says(tg.person(912, "Пётр"), f"/start {start}")
    poll(django_capture_on_commit_callbacks)
    assert "Попробуйте ещё раз" in tg.texts_to(911)[-1]
    assert not CandidateChat.objects.filter(chat_id=911).exists()  # rolled back
    assert "Вакансия «Тестировщик ПО»" in tg.texts_to(912)[-1]
