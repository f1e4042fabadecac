from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recruiter_logs_in_and_sees_the_navigation(live_server, page, recruiter) -> None:
    page.goto(live_server.url + "/")
    assert "/login/" in page.url
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "pw-alice")
    page.click(".auth-card button[type=submit]")
    page.wait_for_selector("nav.mainnav")
    nav = page.inner_text("nav.mainnav")
    for label in ("Кандидаты", "Вакансии", "Интервью", "Решения", "Аналитика"):
        assert label in nav
    page.click("nav.mainnav >> text=Вакансии")
    page.wait_for_url("**/vacancies/")
    assert page.inner_text("h1") == "Вакансии"
