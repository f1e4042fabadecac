"""Integrity signals end to end in Chromium: a candidate leaves the interview tab, pastes
an answer and types one faster than a person can; the recruiter sees each signal with
its time and explanation on the candidate page, the score is untouched; camera and
microphone are off once the interview ends."""

from __future__ import annotations

import pytest

from candidates import services as candidate_services
from candidates.models import Candidate
from interviews.models import IntegrityKind, IntegritySignal, Interview
from tests.conftest import CHROMIUM
from vacancies.links import link_create_for_application
from vacancies.models import Vacancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASTED = "Я использую Python и PostgreSQL каждый день: индексы, explain, миграции без простоя."
TYPED = "Отвечаю подробно: сервис на Django, очереди задач, кэш в Redis, мониторинг и алерты."


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click(".auth-card button[type=submit]")
    page.wait_for_selector("nav.mainnav")


def _with_camera(browser):  # type: ignore[no-untyped-def]
    return browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    )


def _answer_count(page) -> int:  # type: ignore[no-untyped-def]
    return page.locator("#chat li.interviewer").count()


def _wait_next_question(page, count: int) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(f"document.querySelectorAll('#chat li.interviewer').length > {count}")


def test_tab_switch_paste_and_fast_typing_reach_the_reviewer(asgi_live_server, browser, recruiter) -> None:  # type: ignore[no-untyped-def]
    vacancy = Vacancy.objects.create(title="Python-разработчик", must_have=["Python", "PostgreSQL"])
    candidate = Candidate.objects.create(full_name="Соколов Кирилл Андреевич", skills=["Python"])
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    token = link_create_for_application(application=application, actor=None).token

    media = _with_camera(browser)
    context = media.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=asgi_live_server)
    page = context.new_page()
    try:
        page.goto(f"{asgi_live_server}/i/{token}/")
        page.check("input[name=consent]")
        page.click("text=Начать интервью")
        page.click("#check-chat")  # past the device check, into the chat
        page.wait_for_selector("#chat li.interviewer")
        page.wait_for_selector("#conn.conn-ok")
        page.wait_for_selector(".video-box.live")
        assert page.is_visible("[data-integrity-notice]")

        # Another window in front for longer than a blink, then back. Headless Chromium
        # never hides a page, but with real focus handling (Playwright emulates focus
        # for every page by default) the room's window loses and regains the focus.
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setFocusEmulationEnabled", {"enabled": False})
        other = context.new_page()
        context.new_cdp_session(other).send("Page.bringToFront")
        page.wait_for_function("!document.hasFocus()")
        other.wait_for_timeout(2300)
        cdp.send("Page.bringToFront")
        page.wait_for_function("document.hasFocus()")
        other.close()

        # A pasted answer.
        page.evaluate("text => navigator.clipboard.writeText(text)", PASTED)
        page.focus("#answer")
        page.keyboard.press("Control+V")
        assert page.input_value("#answer") == PASTED
        count = _answer_count(page)
        page.keyboard.press("Enter")
        _wait_next_question(page, count)

        # An answer typed by a script: keystrokes with no pause between them.
        page.focus("#answer")
        page.keyboard.type(TYPED)
        count = _answer_count(page)
        page.keyboard.press("Enter")
        _wait_next_question(page, count)

        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#finish")
        page.wait_for_selector(".room-notice.alert-success")
        # The final message is in view, not under the top bar.
        box = page.locator(".room-notice").bounding_box()
        topbar = page.locator(".topbar").bounding_box()
        assert box is not None and topbar is not None and box["y"] >= topbar["y"] + topbar["height"]
        # Camera and microphone are released.
        page.wait_for_function(
            "document.getElementById('self-video').srcObject.getTracks().every(t => t.readyState === 'ended')"
        )
    finally:
        context.close()
        media.close()

    # The socket handles events in order: the reports came before the finish.
    interview = Interview.objects.get(application=application)
    kinds = set(IntegritySignal.objects.filter(interview=interview).values_list("kind", flat=True))
    assert kinds == {IntegrityKind.AWAY, IntegrityKind.PASTE, IntegrityKind.FAST_TYPING}
    away = IntegritySignal.objects.get(interview=interview, kind=IntegrityKind.AWAY)
    assert away.details["hidden"] is False and away.details["seconds"] >= 2
    paste = IntegritySignal.objects.get(interview=interview, kind=IntegrityKind.PASTE)
    assert paste.details["chars"] == len(PASTED)
    fast = IntegritySignal.objects.get(interview=interview, kind=IntegrityKind.FAST_TYPING)
    assert fast.details["chars"] == len(TYPED)

    staff = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    review = staff.new_page()
    try:
        _login(review, asgi_live_server, recruiter.username)
        review.goto(f"{asgi_live_server}/candidates/{candidate.pk}/")
        box = review.locator("[data-integrity-signals]")
        text = box.inner_text()
        assert "Сигналы добросовестности" in text and "· 3" in text
        assert "Окно интервью было не в фокусе" in box.locator('[data-integrity-kind="away"]').inner_text()
        assert f"вставлено {len(PASTED)} знаков" in box.locator('[data-integrity-kind="paste"]').inner_text()
        assert f"Набрано {len(TYPED)} знаков" in box.locator('[data-integrity-kind="fast_typing"]').inner_text()
        assert "оценку ИИ и этап они не меняют" in text
    finally:
        staff.close()


def test_on_a_phone_the_final_message_is_in_view_and_the_devices_are_off(asgi_live_server, browser) -> None:  # type: ignore[no-untyped-def]
    vacancy = Vacancy.objects.create(title="Python-разработчик", must_have=["Python"])
    candidate = Candidate.objects.create(full_name="Соколова Анна")
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    token = link_create_for_application(application=application, actor=None).token
    media = _with_camera(browser)
    context = media.new_context(locale="ru-RU", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(f"{asgi_live_server}/i/{token}/")
        page.check("input[name=consent]")
        page.click("form button.btn-primary")
        page.click("#check-chat")
        page.wait_for_selector("#conn.conn-ok")
        page.wait_for_selector(".video-box.live")
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#finish")
        page.wait_for_selector(".room-notice.alert-success")
        page.wait_for_function(
            "document.getElementById('self-video').srcObject.getTracks().every(t => t.readyState === 'ended')"
        )
        # In the viewport and below the sticky top bar (the chat is under the side panel here).
        top = page.evaluate("document.querySelector('.topbar').getBoundingClientRect().bottom")
        rect = page.evaluate(
            "(() => { const r = document.querySelector('.room-notice').getBoundingClientRect();"
            " return [r.top, r.bottom]; })()"
        )
        assert top <= rect[0] and rect[1] <= 844
        assert page.inner_text("#time-left") == "—"
    finally:
        context.close()
        media.close()
