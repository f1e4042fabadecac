"""In Chromium: accepting on the decision screen asks for confirmation first (dismissed:
nothing happens; accepted: the decision is stored), and an admin reverses it with a
reason from the same screen."""

from __future__ import annotations

import pytest

from candidates.models import Application
from candidates.pipeline import Stage
from scoring.models import Decision
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click("text=Войти")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_accepting_is_confirmed_and_an_admin_reverses_it(live_server, browser, manager, admin_user) -> None:  # type: ignore[no-untyped-def]
    app = f.application(
        stage=Stage.AWAITING_DECISION,
        cand=f.candidate(full_name="Решаемый Кандидат"),
        vac=f.vacancy(title="Аналитик", hiring_manager=manager),
    )
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        _login(page, live_server.url, "bob")
        page.goto(live_server.url + "/decisions/")
        # No evaluation: deciding needs «решить без оценки ИИ» and a reason.
        page.once("dialog", lambda d: d.accept())
        page.click(".decision-card button[value=accept]")
        page.wait_for_selector(".alert-error")
        assert "Оценки интервью ИИ нет" in page.inner_text(".alert-error")
        assert not Decision.objects.exists()
        page.check(".decision-card input[name=without_ai]")
        page.fill(".decision-card textarea[name=comment]", "Знаем кандидата по прошлой работе")
        asked: list[str] = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click(".decision-card button[value=accept]")
        page.wait_for_timeout(300)
        assert asked and "Принять кандидата?" in asked[0]
        assert Application.objects.get(pk=app.pk).stage == Stage.AWAITING_DECISION
        page.once("dialog", lambda d: d.accept())
        page.click(".decision-card button[value=accept]")
        page.wait_for_selector(".alert-success")
        decision = Decision.objects.get()
        assert decision.outcome == "accept" and decision.without_ai
        assert "решено без оценки ИИ" in page.inner_text("table")
        # What happened next: the offer is sent, then accepted with a start date.
        page.click(".offer-edit summary")
        page.select_option(".offer-form select[name=status]", "accepted")
        page.click(".offer-form button")
        page.wait_for_selector(".alert-error")
        assert "дату выхода" in page.inner_text(".alert-error")
        page.click(".offer-edit summary")
        page.select_option(".offer-form select[name=status]", "accepted")
        page.fill(".offer-form input[name=start_date]", "2027-02-01")
        page.click(".offer-form button")
        page.wait_for_selector("[data-offer-status=accepted]")
        assert "01.02.2027" in page.inner_text("[data-offer]")
        assert decision.offer_events.get().start_date.isoformat() == "2027-02-01"

        page.context.clear_cookies()
        _login(page, live_server.url, "carol")
        page.goto(live_server.url + "/decisions/")
        page.fill(".reverse-form input[name=reason]", "Кандидат отказался от оффера")
        page.click(".reverse-form button")
        page.wait_for_selector(".alert-success")
        assert Application.objects.get(pk=app.pk).stage == Stage.AWAITING_DECISION
    finally:
        context.close()
