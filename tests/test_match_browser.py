"""The recommended candidates panel in Debian's Chromium: the breakdown expands, one
click adds a candidate to the pipeline (HTMX), blind review hides names."""

from __future__ import annotations

import os

import pytest

from candidates.models import Application, ApplicationOrigin
from tests.test_match_recommendations import PYTHON_DEV, QA, embed_all, python_vacancy, with_resume

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("HRCRM_SCREENSHOTS", "")  # a folder to save screenshots to, when set


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click(".auth-card button[type=submit]")
    page.wait_for_selector("nav.mainnav")


def test_recommended_panel_breakdown_add_and_blind_review(page, live_server, recruiter, settings) -> None:
    settings.INTAKE_AS_OF = "2026-11"
    dev = with_resume(PYTHON_DEV.format(name="Иванов Пётр Сергеевич"))
    qa = with_resume(QA.format(name="Сидорова Анна Павловна"))
    vacancy = python_vacancy()
    embed_all(dev, qa, vacancy)
    _login(page, live_server.url, recruiter.username)
    page.goto(f"{live_server.url}/vacancies/{vacancy.pk}/")
    panel = page.locator("#recommended-candidates")
    panel.locator("details summary").first.click()
    assert panel.locator("details table").first.is_visible()
    assert "Обязательные навыки" in panel.locator("details table").first.inner_text()
    if SHOTS:
        panel.screenshot(path=f"{SHOTS}/recommended_panel.png")

    panel.locator("button", has_text="Добавить в воронку").first.click()
    page.wait_for_selector(".rec-added")
    app = Application.objects.get(vacancy=vacancy, candidate=dev)
    assert app.origin == ApplicationOrigin.RECOMMENDED and app.match_score is not None

    page.locator("#recommended-candidates .blind-switch button").click()
    page.wait_for_selector(".blind-switch button[aria-pressed=true]")
    html = page.content()
    assert "Сидорова Анна Павловна" not in html and "Иванов Пётр Сергеевич" not in html
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/vacancy_blind.png", full_page=True)

    # The candidates table honours the same switch.
    page.goto(f"{live_server.url}/candidates/")
    table = page.locator("#candidate-table")
    assert f"Кандидат №{qa.pk}" in table.inner_text()
    assert "Сидорова" not in page.content() and "Иванов" not in page.content()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/candidates_table_blind.png", full_page=True)

    # The candidate page explains its recommended vacancies like the vacancy page's panel.
    page.goto(f"{live_server.url}/candidates/{qa.pk}/")
    recs = page.locator("#recommended-vacancies")
    assert vacancy.title in recs.inner_text()
    assert not recs.locator("details table").first.is_visible()
    recs.locator("details summary").first.click()
    assert recs.locator("details table").first.is_visible()
    assert "Обязательные навыки" in recs.locator("details table").first.inner_text()
    if SHOTS:
        recs.locator("xpath=ancestor::section[1]").screenshot(path=f"{SHOTS}/candidate_recommended_vacancies.png")


def test_a_deal_breaker_shows_as_its_own_red_row(page, live_server, recruiter, settings) -> None:
    settings.INTAKE_AS_OF = "2026-11"
    far = with_resume(
        PYTHON_DEV.format(name="Орлов Игорь Петрович").replace("Москва", "Томск, переезд не рассматриваю")
    )
    vacancy = python_vacancy()
    embed_all(far, vacancy)
    _login(page, live_server.url, recruiter.username)
    page.goto(f"{live_server.url}/vacancies/{vacancy.pk}/")
    panel = page.locator("#recommended-candidates")
    panel.locator("details summary").first.click()
    row = panel.locator("details table tr.deal-breaker").first
    assert row.is_visible()
    assert "Препятствия" in row.inner_text() and "переезд не рассматривает" in row.inner_text()
    assert row.locator("td.num").inner_text().startswith("-")
    if SHOTS:
        panel.screenshot(path=f"{SHOTS}/recommended_deal_breaker.png")
