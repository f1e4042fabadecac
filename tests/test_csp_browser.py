"""The pages work under the production Content-Security-Policy: in Chromium, with the
policy on, the staff pages (HTMX swaps, Kanban, analytics charts) and the candidate's
interview room (WebSocket, camera preview, recorder) run with no CSP violation."""

from __future__ import annotations

import pytest

from candidates import services as candidate_services
from candidates.models import Candidate
from hrcrm.security import content_security_policy
from vacancies.links import link_create_for_application
from vacancies.models import Vacancy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _violations(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    return found


def test_staff_pages_and_the_room_run_under_the_policy(asgi_live_server, browser, recruiter, settings) -> None:
    settings.CONTENT_SECURITY_POLICY = content_security_policy()
    vacancy = Vacancy.objects.create(title="Python-разработчик", must_have=["Python"], interview_minutes=15)
    candidate = Candidate.objects.create(full_name="Соколов Кирилл", skills=["Python"])
    application = candidate_services.application_create(candidate=candidate, vacancy=vacancy)
    token = link_create_for_application(application=application, actor=None).token

    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    violations = _violations(page)
    try:
        response = page.goto(f"{asgi_live_server}/login/")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", "pw-alice")
        page.click("text=Войти")
        page.wait_for_url(lambda url: "/login/" not in url)
        for path in ("/candidates/", "/candidates/?view=board", "/intake/", "/analytics/", f"/vacancies/{vacancy.pk}/"):
            page.goto(asgi_live_server + path)
            page.wait_for_load_state("networkidle")
        page.goto(f"{asgi_live_server}/candidates/?view=table")
        page.fill("input[name=q]", "Соколов")
        page.wait_for_timeout(800)  # HTMX search swaps the table
        assert "Соколов Кирилл" in page.inner_text("body")

        guest = browser.new_context(locale="ru-RU", permissions=["camera", "microphone"])
        room = guest.new_page()
        violations += _violations(room)
        room.goto(f"{asgi_live_server}/i/{token}/")
        room.check("input[name=consent]")
        room.click("text=Начать интервью")
        room.click("#check-chat")
        room.wait_for_selector("#conn.conn-ok")
        room.wait_for_selector("#chat li.interviewer")
        guest.close()
    finally:
        context.close()
    assert violations == []
