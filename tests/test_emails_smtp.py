"""Candidate e-mails through Django's SMTP backend to a real local SMTP server: the
invitation, the reminder for an unopened link (the scheduled task, run twice), and the
decision letter a manager reads, edits and sends with a click; Russian and English
templates; the «Письма» history on the candidate page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import PROCESSING_CONSENT, ConsentRecord
from candidates.pipeline import Stage
from hrcrm.models import EmailKind, EmailLog, EmailStatus
from scoring.models import Decision
from tests import factories as f
from tests.fakes.smtp import FakeSMTP
from vacancies import links
from vacancies.models import InviteLink
from vacancies.services import application_invite
from vacancies.tasks import invitation_reminders_task

LINK = re.compile(r"http://testserver(/i/[\w-]+/)")


@pytest.fixture
def smtp(settings) -> Iterator[FakeSMTP]:  # type: ignore[no-untyped-def]
    with FakeSMTP() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.SITE_URL = "http://testserver"
        settings.INVITE_REMINDER_HOURS = 24
        yield server


def _link_in(message) -> str:  # type: ignore[no-untyped-def]
    found = LINK.search(message.get_content())
    assert found, message.get_content()
    return found.group(1)


def _subject(message) -> str:  # type: ignore[no-untyped-def]
    # Django folds a long encoded subject onto the next line ("Subject:\r\n =?utf-8?b?…");
    # the folding whitespace is not part of the value.
    return str(message["Subject"]).strip()


def _text(message) -> str:  # type: ignore[no-untyped-def]
    return message.get_content().replace("\r\n", "\n")  # SMTP carries CRLF line ends


def _age_links(hours: float) -> None:
    InviteLink.objects.update(created_at=timezone.now() - timedelta(hours=hours))


@pytest.mark.django_db
def test_the_invitation_arrives_over_smtp_with_utf8_headers_and_a_working_link(
    client: Client, recruiter, smtp, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cand = f.candidate(full_name="Иван Петров", email="ivan@example.com")
    vac = f.vacancy(title="Тестировщик", company="Ромашка")
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("candidates:invite", args=[cand.pk]), {"vacancy": vac.pk, "days": 5, "send_email": "on"}
        )
    assert response.status_code == 200
    (message,) = smtp.wait_for(1)
    assert smtp.envelopes[0].rcpt_tos == ["ivan@example.com"]
    raw_headers = smtp.envelopes[0].original_content.split(b"\r\n\r\n", 1)[0]
    unfolded = re.sub(rb"\r\n[ \t]+", b" ", raw_headers)
    raw_subject = re.search(rb"^Subject:(.*)$", unfolded, re.M).group(1)
    assert raw_headers.isascii() and raw_subject.strip().startswith(b"=?utf-8?")  # RFC 2047 encoded
    assert _subject(message) == "Приглашение на интервью: Тестировщик"
    assert message["To"] == "ivan@example.com" and "noreply@" in message["From"]
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    body = message.get_content()
    assert "Здравствуйте, Иван Петров!" in body and "в компании Ромашка" in body and "Алиса Рекрутер" in body
    assert client.get(_link_in(message)).status_code == 200  # the link opens the candidate's landing page

    log = EmailLog.objects.get()
    assert (log.kind, log.status, log.sent_by, log.to) == (
        EmailKind.INVITATION,
        EmailStatus.SENT,
        recruiter,
        cand.email,
    )
    assert log.application.vacancy == vac and log.invite_link is not None and log.sent_at is not None
    page = client.get(reverse("candidates:detail", args=[cand.pk])).content.decode()
    assert "Письма" in page and "Приглашение на интервью" in page and 'data-email-status="sent"' in page
    # The working link went to the candidate only; the record keeps it masked.
    assert _link_in(message) not in log.body and "личная ссылка — не хранится" in log.body
    assert _link_in(message) not in page


@pytest.mark.django_db
def test_an_english_vacancy_gets_the_english_invitation(recruiter, smtp, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    cand = f.candidate(full_name="Anna Lee", email="anna@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        application_invite(
            candidate=cand, vacancy=f.vacancy(title="QA Engineer", language="en"), actor=recruiter, send_email=True
        )
    (message,) = smtp.wait_for(1)
    assert _subject(message) == "Interview invitation: QA Engineer"
    assert message.get_content().startswith("Hello Anna Lee,")


@pytest.mark.django_db
def test_one_reminder_for_an_unopened_link_however_often_the_task_runs(
    client: Client, recruiter, smtp, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    cand = f.candidate(full_name="Мария Смирнова", email="maria@example.com")
    invitation = application_invite(candidate=cand, vacancy=f.vacancy(title="Аналитик"), actor=recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_task() == 0  # not due yet: issued a moment ago
    _age_links(25)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_task() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_task() == 0
    _age_links(48)  # the fresh link the reminder carried is old now too: still no second one
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_task() == 0
    (message,) = smtp.wait_for(1)
    assert len(smtp.wait_for(2, timeout=0.5)) == 1
    assert _subject(message) == "Напоминание: интервью на вакансию «Аналитик»"
    assert "ещё не успели его начать" in message.get_content()
    log = EmailLog.objects.get(kind=EmailKind.INVITATION_REMINDER)
    assert log.invite_link_id == invitation.issued.link.pk and log.sent_by is None and log.status == EmailStatus.SENT
    # The reminder's link works, and the first link still does.
    assert log.reminder_link.expires_at == invitation.issued.link.expires_at
    assert client.get(_link_in(message)).status_code == 200
    assert client.get(reverse("invite:landing", args=[invitation.issued.token])).status_code == 200


@pytest.mark.django_db
def test_no_reminder_for_opened_revoked_expired_or_closed_invitations(
    client: Client, recruiter, smtp, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    opened = application_invite(candidate=f.candidate(), vacancy=f.vacancy(), actor=recruiter)
    client.get(reverse("invite:landing", args=[opened.issued.token]))
    revoked = application_invite(candidate=f.candidate(), vacancy=f.vacancy(), actor=recruiter)
    links.link_revoke(link=revoked.issued.link)
    expired = application_invite(candidate=f.candidate(), vacancy=f.vacancy(), actor=recruiter)
    InviteLink.objects.filter(pk=expired.issued.link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    rejected = application_invite(candidate=f.candidate(), vacancy=f.vacancy(), actor=recruiter)
    candidate_services.application_move_to_stage(
        application_id=rejected.application.pk, to_stage=Stage.REJECTED, actor=recruiter, comment="Отказался сам"
    )
    withdrawn = application_invite(candidate=f.candidate(), vacancy=f.vacancy(), actor=recruiter)
    ConsentRecord.objects.create(  # a withdrawal is a new record with granted=False
        candidate=withdrawn.application.candidate,
        purpose=PROCESSING_CONSENT,
        text_version="2026-11",
        text="",
        granted=False,
    )
    no_email = application_invite(candidate=f.candidate(email=""), vacancy=f.vacancy(), actor=recruiter)
    application_invite(candidate=f.candidate(email="due@example.com"), vacancy=f.vacancy(), actor=recruiter)
    _age_links(30)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitation_reminders_task() == 1
    assert [e.rcpt_tos for e in smtp.envelopes] == [["due@example.com"]]
    assert no_email.application.candidate.email == ""


@pytest.fixture
def decided(manager):  # type: ignore[no-untyped-def]
    def make(language: str = "ru"):  # type: ignore[no-untyped-def]
        return f.application(
            stage=Stage.AWAITING_DECISION,
            cand=f.candidate(full_name="Ольга Кузнецова", email="olga@example.com"),
            vac=f.vacancy(title="Backend-разработчик", hiring_manager=manager, language=language),
        )

    return make


@pytest.mark.django_db
def test_the_decision_letter_is_read_edited_and_sent_by_the_managers_click(
    client: Client, manager, smtp, decided, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    application = decided()
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("scoring:decide", args=[application.pk]),
            {"outcome": "reject", "comment": "Мало опыта с Go", "without_ai": "on"},
        )
    assert smtp.wait_for(1, timeout=0.5) == []  # a decision alone never writes to the candidate
    decision = Decision.objects.get(application=application)
    url = reverse("scoring:decision_email", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "Вакансия «Backend-разработчик»: результат" in page, page[-3000:]
    assert "Мало опыта с Go" not in page  # the internal reason is not copied into the letter
    assert EmailLog.objects.count() == 0  # the preview sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Ваш отклик — Backend", "body": "Ольга, спасибо!\r\nЖелаем успеха."})
    assert response.status_code == 302
    (message,) = smtp.wait_for(1)
    assert _subject(message) == "Ваш отклик — Backend" and _text(message) == "Ольга, спасибо!\nЖелаем успеха.\n"
    log = EmailLog.objects.get()
    assert (log.kind, log.sent_by, log.application_id) == (EmailKind.DECISION_REJECT, manager, application.pk)
    response = client.post(url, {"subject": "x", "body": "y"}, follow=True)
    assert "уже отправлено" in response.content.decode() and len(smtp.wait_for(2, timeout=0.5)) == 1


@pytest.mark.django_db
def test_an_english_decision_letter_from_the_template(
    client: Client, manager, smtp, decided, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    application = decided("en")
    client.force_login(manager)
    client.post(
        reverse("scoring:decide", args=[application.pk]),
        {"outcome": "accept", "comment": "Очное интервью", "confirm": "on", "without_ai": "on"},
    )
    decision = Decision.objects.get(application=application)
    draft = client.get(reverse("scoring:decision_email", args=[decision.pk])).context["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("scoring:decision_email", args=[decision.pk]), {"subject": draft.subject, "body": draft.body}
        )
    (message,) = smtp.wait_for(1)
    assert _subject(message) == "“Backend-разработчик”: next step"
    assert "Thank you for the interview" in message.get_content() and "Борис Менеджер" in message.get_content()


@pytest.mark.django_db
def test_an_unreachable_smtp_server_is_recorded_and_shown(
    client: Client, recruiter, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 2
    cand = f.candidate(email="lost@example.com")
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("candidates:invite", args=[cand.pk]), {"vacancy": f.vacancy().pk, "days": 7, "send_email": "on"}
        )
    assert response.status_code == 200  # the link was issued; the mail failure does not break the click
    log = EmailLog.objects.get()
    assert log.status == EmailStatus.FAILED and "Connection" in log.error and log.sent_at is None
    page = client.get(reverse("candidates:detail", args=[cand.pk])).content.decode()
    assert 'data-email-status="failed"' in page and "ошибка отправки" in page
