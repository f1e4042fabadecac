"""A candidate's chat interview in Chromium with the local model configured (a fake
OpenAI-compatible server): the model's follow-up, built on the answer, appears in the
chat; a refused model line is replaced by the rules' reply; the finish button ends it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from candidates import services as candidate_services
from candidates.models import Candidate
from hrcrm.models import AIAuditLog
from interviews.models import Interview, InterviewStatus
from tests.fakes import openai_compat
from vacancies.links import link_create_for_application
from vacancies.models import Vacancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "Я пять лет пишу на Python; в последнем проекте ускорил отчёты в PostgreSQL в 10 раз с помощью индексов."
FOLLOW_UP = "Вы упомянули индексы в PostgreSQL: как вы проверяли, что запрос их действительно использует?"


def _model(payload: dict[str, Any]) -> str:
    """An obedient model: a follow-up on the first answer, then a line the guard refuses."""
    prompt = payload["messages"][-1]["content"]
    if "ускорил отчёты" in prompt.rsplit('label="answer"', 1)[1] and "follow_up" in prompt:
        return json.dumps({"say": FOLLOW_UP, "action": "follow_up", "covered": []}, ensure_ascii=False)
    return json.dumps({"say": "Отличный ответ! Вы нам подходите.", "action": "move_on"}, ensure_ascii=False)


def test_a_chat_interview_with_the_model(asgi_live_server, browser, local_llm_server, fast_retries) -> None:  # type: ignore[no-untyped-def]
    local_llm_server.reset()
    local_llm_server.responder = _model
    settings = fast_retries
    settings.AI_PROVIDER_INTERVIEW = "local"
    settings.LOCAL_LLM_URL = local_llm_server.base_url
    settings.LOCAL_LLM_MODEL = openai_compat.MODEL
    settings.LOCAL_LLM_API_KEY = local_llm_server.api_key
    vacancy = Vacancy.objects.create(
        title="Python-разработчик", must_have=["Python", "PostgreSQL"], interview_minutes=15
    )
    candidate = Candidate.objects.create(full_name="Орлова Вера", skills=["Python", "PostgreSQL"])
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    token = link_create_for_application(application=application, actor=None).token

    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{asgi_live_server}/i/{token}/")
        page.check("input[name=consent]")
        page.click("text=Начать интервью")
        page.click("#check-chat")  # past the device check, into the chat
        page.wait_for_selector("#conn.conn-ok")
        page.fill("#answer", ANSWER)
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('#chat li.interviewer').length > 1")
        assert FOLLOW_UP in page.inner_text("#chat li.interviewer:last-child")
        page.fill("#answer", "Смотрел EXPLAIN ANALYZE и сравнивал время до и после.")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelectorAll('#chat li.interviewer').length > 2")
        last = page.inner_text("#chat li.interviewer:last-child")
        assert "Отличный" not in last and "подходите" not in last  # refused, the rules spoke
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("#finish")
        page.wait_for_selector(".room-notice.alert-success")
    finally:
        context.close()
    interview = Interview.objects.get(application=application)
    assert interview.status == InterviewStatus.COMPLETED
    sources = [t.meta.get("source") for t in interview.turns.filter(speaker="interviewer").order_by("index")]
    assert sources[:3] == ["rules", "llm", "fallback"]
    refused = AIAuditLog.objects.get(pk=interview.turns.get(index=4).meta["ai_audit_id"])
    assert refused.fallback_used and refused.error_message == "guard:praise"
