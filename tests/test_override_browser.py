"""In Chromium: a manager puts his own score on one criterion and his own recommendation
beside the AI's on the candidate page; both show with the note and the AI's value kept."""

from __future__ import annotations

import pytest

from candidates.pipeline import Stage
from scoring.models import ScoreOverride
from scoring.services import evaluation_run
from tests.factories import interview_from_corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click("text=Войти")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_a_manager_overrides_a_score_and_the_recommendation(live_server, page, manager) -> None:  # type: ignore[no-untyped-def]
    interview = interview_from_corpus("s02_go_backend_engineer_en", "Мария Тестова")
    interview.application.vacancy.hiring_manager = manager
    interview.application.vacancy.save(update_fields=["hiring_manager"])
    evaluation = evaluation_run(interview_id=interview.pk)
    evaluation.application.refresh_from_db()
    assert evaluation.application.stage == Stage.AWAITING_DECISION
    ai_score = evaluation.parsed.criteria.communication.score
    mine = 5 if ai_score != 5 else 6

    _login(page, live_server.url, "bob")
    page.goto(f"{live_server.url}/candidates/{evaluation.application.candidate_id}/")
    criterion = page.locator(".ev-criterion").nth(2)  # communication, the third criterion
    criterion.locator("summary").first.click()
    criterion.locator(".ev-override-edit summary").click()
    criterion.locator("input[name=value]").fill(str(mine))
    criterion.locator("input[name=note]").fill("Отвечал односложно, уточнения не помогали")
    criterion.locator(".ev-override-edit button").click()
    page.wait_for_selector(".alert-success")
    badge = page.locator('[data-override="communication"]')
    assert badge.inner_text().endswith(str(mine))
    page.locator(".ev-criterion").nth(2).locator("summary").first.click()
    assert f"вместо {ai_score} у ИИ" in page.inner_text(".ev-criteria")

    page.click(".ev-reasons ~ .ev-override-edit summary, .card-body > .ev-override-edit summary")
    other = "consider" if evaluation.recommendation != "consider" else "reject"
    page.select_option(".card-body > .ev-override-edit select[name=value]", other)
    page.fill(".card-body > .ev-override-edit textarea[name=note]", "Решим после встречи с командой")
    page.click(".card-body > .ev-override-edit button")
    page.wait_for_selector('[data-override="recommendation"]')
    assert "Решим после встречи с командой" in page.inner_text('[data-override="recommendation"]')
    # The AI's own badge still says what the AI said.
    assert page.locator(f".ev-head-right .ev-rec-{evaluation.recommendation}").count() == 1
    assert ScoreOverride.objects.count() == 2
