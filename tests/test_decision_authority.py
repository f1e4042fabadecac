"""One decision authority: only admins assign a vacancy's hiring manager; a candidate
awaiting the decision is accepted or rejected only through the decision service by the
vacancy's manager or an admin, on every path (Kanban, the candidate page, two moves);
accepting is confirmed; an admin reverses a decision within the term, with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from candidates.models import StageChange
from candidates.pipeline import Stage
from scoring.models import Decision
from tests import factories as f
from vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(manager):  # type: ignore[no-untyped-def]
    return f.application(
        stage=Stage.AWAITING_DECISION,
        cand=f.candidate(full_name="Ждущая Решения"),
        vac=f.vacancy(title="Аналитик", hiring_manager=manager),
    )


def _move(client: Client, application_id: int, to: str, **extra: str) -> dict:
    response = client.post(
        reverse("candidates:application_move", args=[application_id]),
        {"to_stage": to, **extra},
        headers={"Accept": "application/json"},
    )
    return {"status": response.status_code, **response.json()}


def test_only_an_admin_assigns_the_hiring_manager(client: Client, recruiter, manager, admin_user) -> None:  # type: ignore[no-untyped-def]
    vacancy = f.vacancy(title="Бухгалтер")
    vacancy.shared_with.add(manager)  # he sees it and may edit its text
    data = {
        "title": "Бухгалтер",
        "hiring_manager": manager.pk,
        "language": "ru",
        "interview_minutes": 20,
        "min_experience_years": 0,
        "work_format": "office",
        "currency": "RUB",
    }
    client.force_login(manager)  # a manager of other vacancies makes himself this one's
    response = client.post(reverse("vacancies:edit", args=[vacancy.pk]), {**data, "shared_with": []})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.hiring_manager_id is None and list(vacancy.shared_with.all()) == [manager]
    client.force_login(recruiter)
    client.post(reverse("vacancies:create"), {**data, "title": "Новая вакансия"})
    assert Vacancy.objects.get(title="Новая вакансия").hiring_manager_id is None  # waits for an admin
    client.force_login(admin_user)
    client.post(reverse("vacancies:edit", args=[vacancy.pk]), data)
    vacancy.refresh_from_db()
    assert vacancy.hiring_manager_id == manager.pk


def test_a_recruiter_cannot_reject_in_two_moves(client: Client, recruiter, waiting) -> None:  # type: ignore[no-untyped-def]
    client.force_login(recruiter)
    back = _move(client, waiting.pk, Stage.EVALUATING)
    assert back["status"] == 409 and back["stage"] == Stage.AWAITING_DECISION
    assert _move(client, waiting.pk, Stage.REJECTED, comment="нет")["status"] == 409
    assert _move(client, waiting.pk, Stage.ACCEPTED, confirm="on")["status"] == 409
    assert not Decision.objects.exists()


def test_the_manager_decides_from_the_board_and_acceptance_is_confirmed(client: Client, manager, waiting) -> None:  # type: ignore[no-untyped-def]
    client.force_login(manager)
    why = {"without_ai": "on", "comment": "Работал у нас раньше"}
    unconfirmed = _move(client, waiting.pk, Stage.ACCEPTED, **why)
    assert unconfirmed["status"] == 409 and "Подтвердите" in unconfirmed["message"]
    assert _move(client, waiting.pk, Stage.ACCEPTED, confirm="on", **why)["stage"] == Stage.ACCEPTED
    decision = Decision.objects.get()
    assert decision.decided_by == manager and decision.outcome == "accept"
    change = StageChange.objects.filter(application=waiting).latest("created_at")
    assert change.actor == manager and change.to_stage == Stage.ACCEPTED


def test_the_manager_may_send_it_back_to_evaluation(client: Client, manager, waiting) -> None:  # type: ignore[no-untyped-def]
    client.force_login(manager)
    assert _move(client, waiting.pk, Stage.EVALUATING)["stage"] == Stage.EVALUATING


def test_an_admin_reverses_a_decision_within_the_term_with_a_reason(  # type: ignore[no-untyped-def]
    client: Client, manager, admin_user, waiting, settings
) -> None:
    client.force_login(manager)
    client.post(
        reverse("scoring:decide", args=[waiting.pk]),
        {"outcome": "accept", "confirm": "on", "without_ai": "on", "comment": "Интервью было очным"},
    )
    decision = Decision.objects.get()
    url = reverse("scoring:decision_reverse", args=[decision.pk])
    assert client.post(url, {"reason": "ошибка"}).status_code == 403  # the manager cannot
    client.force_login(admin_user)
    assert "Отменить решение" in client.get(reverse("scoring:decisions")).content.decode()
    client.post(url, {"reason": ""})
    waiting.refresh_from_db()
    assert waiting.stage == Stage.ACCEPTED  # no reason, no reversal
    client.post(url, {"reason": "Кандидат отказался от оффера"})
    waiting.refresh_from_db()
    assert waiting.stage == Stage.AWAITING_DECISION
    change = StageChange.objects.filter(application=waiting).latest("created_at")
    assert change.actor == admin_user and "Кандидат отказался от оффера" in change.comment
    # Decided again, and then too late to reverse.
    client.post(
        reverse("scoring:decide", args=[waiting.pk]), {"outcome": "reject", "comment": "Нет", "without_ai": "on"}
    )
    late = Decision.objects.latest("decided_at")
    Decision.objects.filter(pk=late.pk).update(
        decided_at=timezone.now() - timedelta(days=settings.DECISION_REVERSAL_DAYS + 1)
    )
    assert client.post(reverse("scoring:decision_reverse", args=[late.pk]), {"reason": "x"}).status_code == 403
