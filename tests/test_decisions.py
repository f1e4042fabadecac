"""The manager's decision screen: scope, accept/reject, the AI recommendation, e-mails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from candidates.pipeline import Stage
from interviews.models import Interview, InterviewStatus
from scoring.models import Decision, Evaluation, RecommendationChoice
from tests import factories as f

SCREEN = reverse("scoring:decisions")


@pytest.fixture
def waiting(manager):  # type: ignore[no-untyped-def]
    mine = f.application(
        stage=Stage.AWAITING_DECISION,
        cand=f.candidate(full_name="Моя Кандидатка", email="mine@example.com"),
        vac=f.vacancy(title="Моя вакансия", hiring_manager=manager),
    )
    other = f.application(
        stage=Stage.AWAITING_DECISION,
        cand=f.candidate(full_name="Чужой Кандидат"),
        vac=f.vacancy(title="Чужая вакансия"),
    )
    return mine, other


@pytest.fixture
def ai(waiting) -> None:  # type: ignore[no-untyped-def]
    """The AI recommends both: a current evaluation of each one's finished interview."""
    for app in waiting:
        interview = Interview.objects.create(application=app, status=InterviewStatus.COMPLETED)
        Evaluation.objects.create(
            interview=interview,
            application=app,
            result={"summary": "Сильный опыт с Kafka"},
            recommendation=RecommendationChoice.RECOMMEND,
            overall_score=82,
            engine="offline",
            provider="offline",
            model_name="rules",
            prompt_version="test",
        )


def test_a_manager_sees_his_vacancies_and_an_admin_sees_all(client: Client, manager, admin_user, waiting) -> None:  # type: ignore[no-untyped-def]
    client.force_login(manager)
    html = client.get(SCREEN).content.decode()
    assert "Моя Кандидатка" in html and "Чужой Кандидат" not in html
    assert "рекомендации ИИ пока нет" in html
    client.force_login(admin_user)
    html = client.get(SCREEN).content.decode()
    assert "Моя Кандидатка" in html and "Чужой Кандидат" in html


def test_a_decision_is_stored_next_to_the_ai_recommendation(client: Client, manager, waiting, ai) -> None:  # type: ignore[no-untyped-def]
    mine, _ = waiting
    client.force_login(manager)
    assert "Сильный опыт с Kafka" in client.get(SCREEN).content.decode()
    response = client.post(reverse("scoring:decide", args=[mine.pk]), {"outcome": "reject", "comment": ""}, follow=True)
    assert "укажите причину" in response.content.decode()
    client.post(reverse("scoring:decide", args=[mine.pk]), {"outcome": "reject", "comment": "Мало опыта"})
    decision = Decision.objects.get(application=mine)
    assert (decision.outcome, decision.ai_recommendation, decision.agreed_with_ai) == ("reject", "accept", False)
    assert decision.decided_by == manager and decision.comment == "Мало опыта"
    mine.refresh_from_db()
    assert mine.stage == Stage.REJECTED and mine.rejection_reason == "Мало опыта"
    assert mine.stage_changes.last().actor == manager
    assert len(mail.outbox) == 0  # never automatically


def test_others_cannot_decide(client: Client, recruiter, manager, waiting) -> None:  # type: ignore[no-untyped-def]
    mine, other = waiting
    client.force_login(manager)
    # Not his vacancy: outside his scope altogether (404, nothing says it exists).
    assert client.post(reverse("scoring:decide", args=[other.pk]), {"outcome": "accept"}).status_code == 404
    client.force_login(recruiter)
    assert client.post(reverse("scoring:decide", args=[mine.pk]), {"outcome": "accept"}).status_code == 403
    assert not Decision.objects.exists()


def test_the_decision_email_is_sent_once_by_a_click(
    client: Client, manager, waiting, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    mine, _ = waiting
    client.force_login(manager)
    client.post(
        reverse("scoring:decide", args=[mine.pk]),
        {"outcome": "accept", "comment": "Знаем по прошлой работе", "confirm": "on", "without_ai": "on"},
    )
    decision = Decision.objects.get(application=mine)
    assert decision.ai_recommendation is None and decision.agreed_with_ai is None and decision.without_ai
    assert "Отправить письмо" in client.get(SCREEN).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("scoring:decision_email", args=[decision.pk]))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mine@example.com"] and "Моя вакансия" in mail.outbox[0].subject
    assert "следующий этап" in mail.outbox[0].body
    response = client.post(reverse("scoring:decision_email", args=[decision.pk]), follow=True)
    assert "уже отправлено" in response.content.decode() and len(mail.outbox) == 1


def test_an_edited_template_is_used_in_english_for_english_vacancies(
    manager, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from hrcrm.emails import EmailContext, email_send
    from hrcrm.models import EmailKind, EmailTemplate

    EmailTemplate.objects.update_or_create(
        kind=EmailKind.DECISION_REJECT,
        defaults={
            "subject_ru": "Отказ",
            "body_ru": "Нет",
            "subject_en": "Re: {{ vacancy_title }}",
            "body_en": "Dear {{ candidate_name }}, no. <b>{{ comment }}</b>",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            kind=EmailKind.DECISION_REJECT,
            to="x@example.com",
            language="en",
            context=EmailContext(candidate_name="Ann <Lee>", vacancy_title="QA", comment="R&D"),
        )
    assert mail.outbox[0].subject == "Re: QA"
    assert mail.outbox[0].body == "Dear Ann <Lee>, no. <b>R&D</b>\n"  # plain text: no HTML escaping


def test_the_admin_refuses_a_broken_email_template(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    from hrcrm.models import EmailKind, EmailTemplate

    template, _ = EmailTemplate.objects.get_or_create(
        kind=EmailKind.INVITATION, defaults={"subject_ru": "a", "body_ru": "b", "subject_en": "c", "body_en": "d"}
    )
    client.force_login(admin_user)
    url = reverse("admin:hrcrm_emailtemplate_change", args=[template.pk])
    response = client.post(
        url, {"subject_ru": "{% if %}", "body_ru": "ok {{ link }}", "subject_en": "x", "body_en": "y"}
    )
    assert response.status_code == 200 and "Ошибка в шаблоне" in response.content.decode()
    response = client.post(url, {"subject_ru": "Тема", "body_ru": "ok {{ link }}", "subject_en": "x", "body_en": "y"})
    assert response.status_code == 302
