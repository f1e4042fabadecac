"""A candidate takes a whole chat interview in Chromium: from the personal link through
consent to the goodbye, over the real ASGI server and WebSocket."""

from __future__ import annotations

import pytest

from candidates import services as candidate_services
from candidates.models import Candidate
from candidates.pipeline import Stage
from interviews.models import Interview, InterviewStatus
from vacancies.links import link_create_for_application
from vacancies.models import Vacancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "Например, я сделал сервис на Python и PostgreSQL: explain и индексы ускорили отчёт в 10 раз, я это измерил."


def test_a_candidate_takes_the_chat_interview_to_the_end(asgi_live_server, browser) -> None:  # type: ignore[no-untyped-def]
    vacancy = Vacancy.objects.create(
        title="Python-разработчик", must_have=["Python", "PostgreSQL"], interview_minutes=15
    )
    candidate = Candidate.objects.create(full_name="Соколов Кирилл", skills=["Python"])
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    token = link_create_for_application(application=application, actor=None).token

    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{asgi_live_server}/i/{token}/")
        page.check("input[name=consent]")
        page.click("text=Начать интервью")
        page.click("#check-chat")  # past the device check, into the chat
        page.wait_for_selector("#chat li.interviewer")
        assert "ИИ-интервьюер" in page.inner_text("#chat")
        page.wait_for_selector("#conn.conn-ok")
        for _ in range(25):
            if page.is_visible(".room-notice.alert-success"):
                break
            count = page.locator("#chat li.interviewer").count()
            page.fill("#answer", ANSWER)
            page.keyboard.press("Enter")
            page.wait_for_function(f"document.querySelectorAll('#chat li.interviewer').length > {count}")
        page.wait_for_selector(".room-notice.alert-success")
        assert "Спасибо" in page.inner_text("#chat li.interviewer:last-child")
        assert page.is_disabled("#answer")
    finally:
        context.close()
    interview = Interview.objects.select_related("application").get(application=application)
    assert interview.status == InterviewStatus.COMPLETED
    assert interview.application.stage == Stage.EVALUATING
    assert interview.turns.filter(speaker="candidate").count() >= 5
