"""Bulk actions from the Kanban board: ticked cards are applications, each on its own
vacancy, and go through the table's bulk services (the pipeline, reason categories)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from candidates.models import Application, RejectionReason
from candidates.pipeline import Stage
from tests import factories as f

BULK = "candidates:bulk"


def _two_vacancies() -> list[Application]:
    one, two = f.vacancy(title="Бэкенд"), f.vacancy(title="Фронтенд")
    return [
        f.application(cand=f.candidate(full_name="Карточка Первая"), vac=one),
        f.application(cand=f.candidate(full_name="Карточка Вторая"), vac=two),
    ]


@pytest.mark.django_db
def test_cards_on_different_vacancies_are_rejected_with_a_category(recruiter_client: Client) -> None:
    apps = _two_vacancies()
    untouched = f.application(cand=apps[0].candidate, vac=apps[1].vacancy)  # same person, card not ticked
    reason, _ = RejectionReason.objects.get_or_create(name="Зарплатные ожидания", defaults={"name_en": "Salary"})
    response = recruiter_client.post(
        reverse(BULK),
        {"action": "reject", "reason": reason.pk, "apps": [a.pk for a in apps], "filters": "q=Карточка"},
        follow=True,
    )
    assert (
        response.redirect_chain[-1][0]
        == reverse("candidates:list") + "?q=%D0%9A%D0%B0%D1%80%D1%82%D0%BE%D1%87%D0%BA%D0%B0&view=board"
    )
    assert "Отказано: 2." in [str(m) for m in response.context["messages"]]
    for app in apps:
        app.refresh_from_db()
        assert app.stage == Stage.REJECTED and app.rejection_category == reason
    untouched.refresh_from_db()
    assert untouched.stage == Stage.INVITED


@pytest.mark.django_db
def test_a_manager_cannot_act_on_cards_outside_his_vacancies(client: Client, manager) -> None:  # type: ignore[no-untyped-def]
    apps = _two_vacancies()
    client.force_login(manager)
    response = client.post(
        reverse(BULK), {"action": "move", "stage": Stage.INTERVIEWING, "apps": [a.pk for a in apps]}, follow=True
    )
    assert "Отметьте хотя бы одного кандидата." in [str(m) for m in response.context["messages"]]
    assert set(Application.objects.filter(pk__in=[a.pk for a in apps]).values_list("stage", flat=True)) == {
        Stage.INVITED
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ticked_cards_move_together_from_the_board(live_server, page, recruiter) -> None:  # type: ignore[no-untyped-def]
    from tests.test_crm_browser import _login

    apps = _two_vacancies()
    other = f.application(cand=f.candidate(full_name="Не Отмеченная"), vac=apps[0].vacancy)
    _login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/candidates/?view=board")
    for app in apps:
        page.check(f'.kcard[data-id="{app.pk}"] input[data-bulk-row]')
    assert page.inner_text("[data-bulk-count] strong") == "2"
    page.select_option("[data-bulk-action]", "move")
    assert page.locator("#bulk-form select[name=vacancy]").is_hidden()  # each card has its vacancy
    page.select_option("#bulk-form select[name=stage]", Stage.INTERVIEWING)
    page.click("#bulk-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "Перемещено: 2." in page.inner_text(".alert-success")
    assert "view=board" in page.url
    for app in apps:
        assert page.locator(f'.board-cards[data-stage="interviewing"] .kcard[data-id="{app.pk}"]').count() == 1
    assert Application.objects.get(pk=other.pk).stage == Stage.INVITED
