"""Decisions with evidence: deciding without an evaluation is explicit and reasoned; the
AI's audit rows point at the human decision; a person's score or recommendation stands
beside the AI's (page, PDF, audit); the offer's outcome after «принято» and its
acceptance rate in analytics."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from analytics.selectors import Period, report
from candidates.pipeline import Stage
from hrcrm.models import AIAuditLog
from scoring import outcomes
from scoring.models import Decision, OfferEvent, ScoreOverride
from scoring.selectors import evaluation_view
from scoring.services import DecisionError, decision_make, evaluation_report_generate, evaluation_run
from tests import factories as f
from tests.factories import interview_from_corpus

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(manager):  # type: ignore[no-untyped-def]
    """A real offline evaluation of a corpus interview, awaiting the manager's decision."""
    interview = interview_from_corpus("s02_go_backend_engineer_en", "Мария Тестова")
    interview.application.vacancy.hiring_manager = manager
    interview.application.vacancy.save(update_fields=["hiring_manager"])
    evaluation = evaluation_run(interview_id=interview.pk)
    evaluation.application.refresh_from_db()
    assert evaluation.application.stage == Stage.AWAITING_DECISION
    return evaluation


def _audit_row(interview_id: int, **extra: object) -> AIAuditLog:
    """What the LLM engine writes for one scoring call (hrcrm/ai/audit.py)."""
    return AIAuditLog.objects.create(
        purpose="scoring", provider="yandexgpt", input_refs={"interview_id": interview_id, "part": 1}, **extra
    )


def test_deciding_without_an_evaluation_needs_the_explicit_choice_and_a_reason(manager) -> None:  # type: ignore[no-untyped-def]
    app = f.application(stage=Stage.AWAITING_DECISION, vac=f.vacancy(hiring_manager=manager))
    with pytest.raises(DecisionError, match="Оценки интервью ИИ нет"):
        decision_make(application_id=app.pk, actor=manager, outcome="accept", comment="Хорош", confirmed=True)
    with pytest.raises(DecisionError, match="почему решаете без оценки"):
        decision_make(application_id=app.pk, actor=manager, outcome="accept", confirmed=True, without_ai=True)
    app.refresh_from_db()
    assert app.stage == Stage.AWAITING_DECISION and not Decision.objects.exists()
    decision = decision_make(
        application_id=app.pk,
        actor=manager,
        outcome="accept",
        comment="Очное интервью с техлидом",
        confirmed=True,
        without_ai=True,
    )
    assert decision.without_ai and decision.ai_recommendation is None


def test_with_an_evaluation_the_decision_is_not_marked_without_ai_and_links_the_ai_audit(  # type: ignore[no-untyped-def]
    manager, evaluated
) -> None:
    mine = _audit_row(evaluated.interview_id)
    AIAuditLog.objects.filter(pk=mine.pk).update(created_at=evaluated.created_at - dt.timedelta(minutes=1))
    other = _audit_row(evaluated.interview_id + 1000)  # another interview's call
    decision = decision_make(
        application_id=evaluated.application_id,
        actor=manager,
        outcome="reject",
        comment="Мало опыта",
        without_ai=True,  # ticked, but there is an evaluation: not a decision without the AI
    )
    assert not decision.without_ai and decision.ai_recommendation in ("accept", "reject")
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.decision_ref == f"scoring.Decision:{decision.pk}" and mine.decision_at is not None
    assert other.decision_ref is None


def test_a_person_overrides_a_criterion_and_the_recommendation_beside_the_ai(  # type: ignore[no-untyped-def]
    manager, evaluated, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path
    row = _audit_row(evaluated.interview_id)
    AIAuditLog.objects.filter(pk=row.pk).update(created_at=evaluated.created_at - dt.timedelta(seconds=5))
    ai_score = evaluated.parsed.criteria.technical_skills.score
    new = 90 if ai_score != 90 else 80
    for bad, message in (("101", "от 0 до 100"), ("много", "от 0 до 100"), (str(ai_score), "не изменилось")):
        with pytest.raises(DecisionError, match=message):
            outcomes.score_override(
                evaluation_id=evaluated.pk, actor=manager, criterion="technical_skills", value=bad, note="x"
            )
    with pytest.raises(DecisionError, match="почему"):
        outcomes.score_override(
            evaluation_id=evaluated.pk, actor=manager, criterion="technical_skills", value=str(new), note=" "
        )
    with pytest.raises(DecisionError, match="критерия"):
        outcomes.score_override(evaluation_id=evaluated.pk, actor=manager, criterion="charm", value="50", note="x")
    override = outcomes.score_override(
        evaluation_id=evaluated.pk,
        actor=manager,
        criterion="technical_skills",
        value=str(new),
        note="На очной встрече решил задачу по конкурентности",
    )
    assert (override.ai_value, override.value) == (str(ai_score), str(new))
    human = "consider" if evaluated.recommendation != "consider" else "reject"
    outcomes.score_override(
        evaluation_id=evaluated.pk,
        actor=manager,
        criterion="recommendation",
        value=human,
        note="Слабые места закрываются за испытательный срок",
    )
    row.refresh_from_db()
    assert row.decision_ref.startswith("scoring.ScoreOverride:")
    evaluated.refresh_from_db()
    assert evaluated.parsed.criteria.technical_skills.score == ai_score  # the AI's value is kept

    view = evaluation_view(evaluated)
    technical = next(c for c in view.criteria if c.name == "technical_skills")
    assert technical.score == ai_score and technical.override is not None
    assert technical.override.value == str(new) and "конкурентности" in technical.override.note
    assert view.recommendation_override is not None and view.recommendation_override.value == human
    assert view.recommendation == evaluated.recommendation  # still the AI's

    evaluation_report_generate(evaluation_id=evaluated.pk)
    evaluated.refresh_from_db()
    text = subprocess.run(
        ["pdftotext", evaluated.report.path, "-"], capture_output=True, text=True, check=True
    ).stdout.replace("\n", " ")
    assert f"Человек: {new} вместо {ai_score} у ИИ" in text
    label = view.recommendation_override.value_label
    assert f"Рекомендация человека: «{label}»" in text and "испытательный срок" in text
    assert ScoreOverride.objects.count() == 2


def test_the_override_form_on_the_candidate_page(client: Client, recruiter, evaluated) -> None:  # type: ignore[no-untyped-def]
    client.force_login(recruiter)
    url = reverse("scoring:override", args=[evaluated.pk])
    page = reverse("candidates:detail", args=[evaluated.application.candidate_id])
    response = client.post(url, {"criterion": "communication", "value": "12", "note": "", "next": page}, follow=True)
    assert "Напишите, почему" in response.content.decode() and not ScoreOverride.objects.exists()
    response = client.post(
        url, {"criterion": "communication", "value": "12", "note": "Не отвечал на вопросы", "next": page}, follow=True
    )
    html = response.content.decode()
    assert "Человек: 12 вместо" in html and "Не отвечал на вопросы" in html
    assert client.post(url, {"criterion": "communication", "value": "12", "note": "x"}).status_code == 302


def test_an_outsider_cannot_override(client: Client, outsider, evaluated) -> None:  # type: ignore[no-untyped-def]
    client.force_login(outsider)
    url = reverse("scoring:override", args=[evaluated.pk])
    assert client.post(url, {"criterion": "communication", "value": "1", "note": "x"}).status_code in (302, 403)
    assert not ScoreOverride.objects.exists()
    with pytest.raises(PermissionDenied):
        outcomes.score_override(
            evaluation_id=evaluated.pk, actor=outsider, criterion="communication", value="1", note="x"
        )


def test_the_offer_after_acceptance_and_its_rate_in_analytics(manager, recruiter) -> None:  # type: ignore[no-untyped-def]
    vacancy = f.vacancy(hiring_manager=manager)
    apps = [f.application(stage=Stage.AWAITING_DECISION, vac=vacancy) for _ in range(4)]
    with pytest.raises(DecisionError, match="после решения"):
        outcomes.offer_record(application_id=apps[0].pk, actor=recruiter, status="sent")
    for app in apps[:3]:
        decision_make(
            application_id=app.pk, actor=manager, outcome="accept", comment="Очно", confirmed=True, without_ai=True
        )
    decision_make(application_id=apps[3].pk, actor=manager, outcome="reject", comment="Нет", without_ai=True)
    with pytest.raises(DecisionError, match="после решения"):
        outcomes.offer_record(application_id=apps[3].pk, actor=recruiter, status="sent")
    with pytest.raises(DecisionError, match="дату выхода"):
        outcomes.offer_record(application_id=apps[0].pk, actor=recruiter, status="accepted")
    with pytest.raises(DecisionError, match="почему кандидат отклонил"):
        outcomes.offer_record(application_id=apps[1].pk, actor=recruiter, status="declined")
    outcomes.offer_record(application_id=apps[0].pk, actor=recruiter, status="sent")
    outcomes.offer_record(application_id=apps[0].pk, actor=recruiter, status="accepted", start_date=dt.date(2027, 2, 1))
    outcomes.offer_record(application_id=apps[1].pk, actor=manager, status="declined", note="Контрофер")
    outcomes.offer_record(application_id=apps[2].pk, actor=recruiter, status="sent")
    assert OfferEvent.objects.count() == 4

    offers = report(Period(start=dt.date.today() - dt.timedelta(days=1), end=dt.date.today())).offers
    assert (offers.sent, offers.accepted, offers.declined) == (1, 1, 1)
    assert offers.acceptance_pct == 50.0
