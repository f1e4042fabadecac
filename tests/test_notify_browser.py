"""In Debian's Chromium: a manager reaches his profile from the header, links Telegram
with the one-time deep link (the fake Bot API stands in for Telegram), and a recruiter's
invitation shows in the candidate page's «Письма» history."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_q.conf import Conf

from tests import factories as f
from tests.fakes.smtp import FakeSMTP
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.test_crm_browser import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tg(settings, monkeypatch) -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        settings.TELEGRAM_BOT_TOKEN, settings.TELEGRAM_API_URL, settings.TELEGRAM_BOT_USERNAME = TOKEN, fake.url, ""
        cache.clear()
        monkeypatch.setattr(Conf, "SYNC", True)
        yield fake


def test_a_manager_links_telegram_from_his_profile(live_server, page, manager, tg, tmp_path) -> None:
    _login(page, live_server.url, "bob")
    page.click("a.user-name")
    page.wait_for_selector("h1:has-text('Профиль')")
    page.click("button:has-text('Привязать Telegram')")
    link = page.locator("[data-deep-link]").get_attribute("href")
    code = re.fullmatch(r"https://t\.me/hrcrm_test_bot\?start=(link_[\w-]+)", link).group(1)
    page.screenshot(path=str(tmp_path / "profile-link.png"), full_page=True)
    tg.user_says(tg.person(700, "Борис", username="boris_m"), f"/start {code}")
    call_command("telegram_bot", "--once", stdout=open("/dev/null", "w"))
    assert "чат привязан" in tg.texts_to(700)[-1]
    page.reload()
    assert page.locator("#telegram .badge-success").inner_text() == "привязан"
    assert "@boris_m" in page.locator("#telegram").inner_text()
    page.uncheck("input[value=interview_abandoned]")
    page.click("#notifications button[type=submit]")
    page.wait_for_selector(".alert, .messages")
    assert not page.is_checked("input[value=interview_abandoned]") and page.is_checked("input[value=decision_waiting]")
    page.screenshot(path=str(tmp_path / "profile-linked.png"), full_page=True)


def test_the_invitation_shows_in_the_candidates_email_history(live_server, page, recruiter, settings, tmp_path) -> None:
    with FakeSMTP() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.SITE_URL = live_server.url
        cand = f.candidate(full_name="Иван Петров", email="ivan@example.com")
        f.vacancy(title="Тестировщик")
        _login(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/candidates/{cand.pk}/")
        page.click("button:has-text('Создать ссылку на интервью')")
        page.wait_for_selector("[data-invite-url]")
        assert len(smtp.wait_for(1)) == 1
    page.goto(f"{live_server.url}/candidates/{cand.pk}/#emails")
    history = page.locator("#emails")
    assert "Приглашение на интервью · Тестировщик" in history.inner_text()
    assert history.locator("[data-email-status=sent]").inner_text() == "отправлено"
    history.locator("summary").first.click()
    assert "Здравствуйте, Иван!" in history.inner_text()  # first name, as people address each other
    history.scroll_into_view_if_needed()
    page.screenshot(path=str(tmp_path / "candidate-emails.png"), full_page=True)
