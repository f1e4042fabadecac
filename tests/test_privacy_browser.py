"""The privacy card on the candidate page and the candidate's withdrawal page in Chromium."""

from __future__ import annotations

import pytest

from privacy.models import ErasureRequest
from tests.test_crm_browser import _login
from tests.test_interview_consumer import _setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_sees_the_card_and_the_candidate_withdraws(live_server, page, admin_user, tmp_path) -> None:
    setup = _setup(name="Браузерный Кандидат")
    candidate = setup["application"].candidate
    page.goto(f"{live_server.url}/i/{setup['token']}/my-data/")
    page.click("button:has-text('Отозвать согласие и удалить данные')")
    assert "Отметьте флажок" in page.inner_text(".alert-error")
    page.check("input[name=confirm]")
    page.click("button:has-text('Отозвать согласие и удалить данные')")
    page.wait_for_selector("[data-erasure-pending]")
    assert "Ваш запрос принят" in page.inner_text("[data-erasure-pending]")
    page.screenshot(path=str(tmp_path / "my_data.png"), full_page=True)
    assert ErasureRequest.objects.filter(candidate=candidate).exists()

    page.context.clear_cookies()
    _login(page, live_server.url, "carol")
    page.goto(f"{live_server.url}/candidates/{candidate.pk}/")
    card = page.locator("#privacy")
    assert "Отзыв согласия" in card.inner_text() and "Кто смотрел" in card.inner_text()
    assert "carol" in card.locator("[data-viewers]").inner_text()
    card.screenshot(path=str(tmp_path / "candidate_privacy.png"))
    print("screenshots:", tmp_path)


def test_a_recruiter_records_and_then_cancels_an_erasure_request(live_server, page, recruiter, tmp_path) -> None:
    from tests import factories as f

    candidate = f.candidate()
    _login(page, live_server.url, recruiter.username)
    page.goto(f"{live_server.url}/candidates/{candidate.pk}/")
    page.click("button:has-text('Кандидат просит удалить данные')")
    page.wait_for_selector("[data-erasure-pending]")
    page.locator("#privacy").screenshot(path=str(tmp_path / "erasure_pending.png"))
    page.click("[data-erasure-cancel]")
    page.wait_for_selector(".alert-success")
    assert "Запрос на удаление отменён" in page.inner_text(".alert-success")
    assert page.locator("[data-erasure-pending]").count() == 0
    page.locator("#privacy").screenshot(path=str(tmp_path / "erasure_cancelled.png"))
    assert ErasureRequest.objects.get(candidate=candidate).status == "cancelled"
    print("screenshots:", tmp_path)
