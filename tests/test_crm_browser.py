"""The CRM in Debian's Chromium: Kanban drag-and-drop, inviting a candidate, and
self-registration through an open vacancy link."""

from __future__ import annotations

import pytest

from candidates.models import Application, Candidate, Resume
from candidates.pipeline import Stage
from tests import factories as f
from tests.conftest import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click(".auth-card button[type=submit]")
    page.wait_for_selector("nav.mainnav")


def _drag(page, card: str, column: str) -> None:
    """A real pointer drag with intermediate moves, as SortableJS expects."""
    source = page.locator(card).bounding_box()
    target = page.locator(column).bounding_box()
    page.mouse.move(source["x"] + source["width"] / 2, source["y"] + source["height"] / 2)
    page.mouse.down()
    steps = 12
    for i in range(1, steps + 1):
        page.mouse.move(
            source["x"] + (target["x"] + target["width"] / 2 - source["x"]) * i / steps,
            source["y"] + (target["y"] + 40 - source["y"]) * i / steps,
        )
        page.wait_for_timeout(30)
    page.mouse.up()


def test_a_card_dragged_to_another_column_is_saved(live_server, page, recruiter) -> None:
    app = f.application(cand=f.candidate(full_name="Перетаскиваемый Кандидат"), vac=f.vacancy(title="Бэкенд"))
    stuck = f.application(cand=f.candidate(full_name="Запрещённый Переход"), vac=app.vacancy)
    _login(page, live_server.url, "alice")
    page.goto(live_server.url + "/candidates/?view=board")
    card = f'.kcard[data-id="{app.pk}"]'
    _drag(page, card, '.board-cards[data-stage="interviewing"]')
    page.wait_for_selector(".alert-success")
    assert Application.objects.get(pk=app.pk).stage == Stage.INTERVIEWING
    page.reload()
    assert page.locator(f'.board-cards[data-stage="interviewing"] {card}').count() == 1
    assert page.inner_text('.board-col[data-stage="interviewing"] [data-count]') == "1"

    # a move the table forbids: a clear message and the card goes back
    _drag(page, f'.kcard[data-id="{stuck.pk}"]', '.board-cards[data-stage="accepted"]')
    page.wait_for_selector(".alert-error")
    assert "запрещён" in page.inner_text(".alert-error")
    assert page.locator(f'.board-cards[data-stage="invited"] .kcard[data-id="{stuck.pk}"]').count() == 1
    assert Application.objects.get(pk=stuck.pk).stage == Stage.INVITED


def test_an_invited_candidate_opens_his_link_in_a_fresh_browser(
    live_server, browser, page, recruiter, settings
) -> None:
    settings.SITE_URL = live_server.url
    vacancy = f.vacancy(title="Инженер данных", company="Ромашка")
    f.candidate(full_name="Приглашаемая Ирина", email="irina@example.com")
    _login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/vacancies/{vacancy.pk}/")
    page.fill("input[name=q]", "Ирина")
    page.check("#invite-options input[type=checkbox]")
    page.uncheck("input[name=send_email]")
    page.click("text=Создать ссылки на интервью")
    link = page.input_value("[data-invite-url]")
    assert link.startswith(live_server.url + "/i/")

    context = browser.new_context(locale="ru-RU")
    try:
        guest = context.new_page()
        guest.goto(link)
        assert "Инженер данных" in guest.inner_text("h1")
        assert "Приглашаемая Ирина" in guest.content()
        guest.check("input[name=consent]")
        guest.click("text=Начать интервью")
        guest.wait_for_url("**/interviews/room/**")
        guest.click("#check-chat")  # past the device check
        guest.wait_for_selector("#answer-form")  # the interview room (chat needs the ASGI server)
        # the fresh browser has no staff session: the CRM stays closed
        guest.goto(live_server.url + "/candidates/")
        assert "/login/" in guest.url
    finally:
        context.close()


def test_self_registration_through_an_open_link_with_a_resume(live_server, browser, page, recruiter, settings) -> None:
    settings.SITE_URL = live_server.url
    vacancy = f.vacancy(title="DevOps-инженер")
    _login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/vacancies/{vacancy.pk}/")
    page.click("text=Создать открытую ссылку")
    link = page.input_value("[data-open-url]")
    assert "/apply/" in link

    context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    try:
        guest = context.new_page()
        guest.goto(link)
        guest.fill("input[name=full_name]", "Самозаписанный Олег")
        guest.fill("input[name=email]", "oleg@example.com")
        guest.fill("input[name=phone]", "+7 (912) 000-11-22")
        guest.set_input_files("input[name=resume]", str(CORPUS / "resumes" / "morozov_devops.txt"))
        guest.check("input[name=consent]")
        guest.click("text=Отправить и перейти к интервью")
        guest.wait_for_url("**/i/**")
        assert "DevOps-инженер" in guest.inner_text("h1")
        guest.click("text=Начать интервью")
        guest.wait_for_url("**/interviews/room/**")
    finally:
        context.close()
    candidate = Candidate.objects.get(email="oleg@example.com")
    assert candidate.source == "self_applied"
    assert Application.objects.get(candidate=candidate).origin == "self_applied"
    assert Resume.objects.get(candidate=candidate).status == "queued"
