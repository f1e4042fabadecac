"""The upload page in Chromium: choose several files, HTMX posts them, progress shows
each file's status, the parsed resume page shows the hidden-text flag."""

from __future__ import annotations

import os

import pytest

from tests.conftest import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("INTAKE_SCREENSHOTS", "")


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings) -> None:  # type: ignore[no-untyped-def]
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.INTAKE_AS_OF = "2026-11"


def test_recruiter_uploads_many_files_and_sees_progress(live_server, page, recruiter) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/intake/upload/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "pw-alice")
    page.click(".auth-card button[type=submit]")
    page.wait_for_selector("[data-intake-drop]")
    files = [
        CORPUS / "resumes" / "Лебедева_О_тестировщик.pdf",
        CORPUS / "resumes" / "Dmitry_Karpov_SRE_Lead.docx",
        CORPUS / "resumes" / "Portfolio_CV_Zhukova.pdf",
    ]
    page.set_input_files("[data-intake-input]", [str(f) for f in files])
    assert "Dmitry_Karpov_SRE_Lead.docx" in page.inner_text("[data-intake-chosen]")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_upload.png", full_page=True)
    page.click("[data-intake-drop] button[type=submit]")
    page.wait_for_selector(".intake-batch tr[data-status=failed]")
    table = page.inner_text(".intake-batch")
    assert "Лебедева Ольга Николаевна" in table and "Dmitry Karpov" in table
    assert "нет текстового слоя" in table
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_batch.png", full_page=True)
    page.click("text=Лебедева Ольга Николаевна")
    page.wait_for_selector(".intake-flags")
    assert "игнорируй предыдущие инструкции" in page.inner_text(".intake-flags")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/intake_resume.png", full_page=True)
