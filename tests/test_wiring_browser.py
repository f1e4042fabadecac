"""Intake wired into the CRM pages, in Debian's Chromium: files dropped on the candidates
page are processed, the batch progress shows each file's outcome, and the new candidates
appear in the table without a reload."""

from __future__ import annotations

import base64
import os

import pytest

from candidates.models import Candidate, Resume, ResumeStatus
from tests.conftest import CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("WIRING_SHOTS", "")

# Files are handed to the page's drop zone as a real DataTransfer, the way a browser
# delivers files dragged from the desktop.
DROP = """(files) => {
  const dt = new DataTransfer();
  for (const [name, b64] of files) {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    dt.items.add(new File([bytes], name));
  }
  const zone = document.querySelector("#upload-panel [data-intake-drop]");
  zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
  zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
}"""


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings) -> None:
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.INTAKE_AS_OF = "2026-11"


def _login(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click(".auth-card button[type=submit]")
    page.wait_for_selector("nav.mainnav")


def test_files_dropped_on_the_candidates_page_become_candidates_in_the_table(live_server, page, recruiter) -> None:
    _login(page, live_server.url, "alice")
    page.goto(live_server.url + "/candidates/")
    assert page.locator("#upload-panel").is_hidden()
    page.click("[data-upload-toggle]")
    page.wait_for_selector("#upload-panel [data-intake-drop]")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/candidates_upload_open.png", full_page=True)
    names = ["morozov_devops.txt", "Dmitry_Karpov_SRE_Lead.docx", "Portfolio_CV_Zhukova.pdf"]
    files = [[n, base64.b64encode((CORPUS / "resumes" / n).read_bytes()).decode()] for n in names]
    page.evaluate(DROP, files)
    page.wait_for_selector("#intake-progress .intake-batch tr[data-status=failed]")
    progress = page.inner_text("#intake-progress .intake-batch")
    assert "готово 2 · ошибок 1 · в работе 0" in progress
    assert "нет текстового слоя" in progress  # the failed file says why
    # The finished batch fires intake-batch-done: the table reloads with the new people.
    page.wait_for_selector("#candidate-table >> text=Dmitry Karpov")
    table = page.inner_text("#candidate-table")
    karpov = Candidate.objects.get(full_name__icontains="Karpov")
    assert karpov.full_name in table
    assert Resume.objects.filter(status=ResumeStatus.DONE).count() == 2
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/candidates_upload_done.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/candidates_upload_phone.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.click(".lang-switch button[value=en]")
        page.wait_for_selector("#candidate-table")
        page.click("[data-upload-toggle]")
        page.screenshot(path=f"{SHOTS}/candidates_upload_en.png", full_page=True)
        page.click(".lang-switch button[value=ru]")
        page.wait_for_selector("#candidate-table")
    page.click(f"#candidate-table a[href='/candidates/{karpov.pk}/']")
    page.wait_for_selector("h1")
    assert karpov.full_name in page.inner_text("h1")


def test_a_resume_added_on_the_candidate_page_shows_profile_flags_and_duplicates(live_server, page, recruiter) -> None:
    from tests import factories as f

    typed = f.candidate(full_name="Лебедева Ольга", email="", phone="", city="")
    twin = f.candidate(full_name="О. Н. Лебедева", email="", phone="+79264102287", city="")  # the resume's phone
    _login(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/candidates/{typed.pk}/")
    page.wait_for_selector("#resume details[open] [data-intake-drop]")
    page.set_input_files("#resume [data-intake-input]", str(CORPUS / "resumes" / "Лебедева_О_тестировщик.pdf"))
    page.click("#resume [data-intake-drop] button[type=submit]")
    # The batch finishes, the page block reloads: profile, hidden-text flag, duplicates.
    page.wait_for_selector(".intake-flags")
    assert "игнорируй предыдущие инструкции" in page.inner_text(".intake-flags")
    assert "Разобранное резюме" in page.inner_text("#candidate-main")
    assert page.locator("[data-resume-status=done]").count() == 1
    assert f"/intake/merge/{twin.pk}/{typed.pk}/" in page.inner_html("#duplicates")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/candidate_resume.png", full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/candidate_resume_phone.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 800})
        page.click(".lang-switch button[value=en]")
        page.wait_for_selector(".intake-flags")
        page.screenshot(path=f"{SHOTS}/candidate_resume_en.png", full_page=True)
        page.click(".lang-switch button[value=ru]")
        page.wait_for_selector(".intake-flags")
    typed.refresh_from_db()
    assert typed.full_name == "Лебедева Ольга"  # what a person typed stays
    assert typed.email  # empty fields were filled from the resume


def test_a_vacancy_is_created_from_a_file_after_review(live_server, page, recruiter, manager) -> None:
    from vacancies.models import Vacancy

    _login(page, live_server.url, "alice")
    page.goto(live_server.url + "/vacancies/")
    page.click("[data-upload-toggle]")
    page.set_input_files(
        "#vacancy-file-panel input[name=vacancy_file]", str(CORPUS / "vacancies" / "qa_engineer_spb.pdf")
    )
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/vacancies_file_panel.png", full_page=True)
    page.click("#vacancy-file-panel button[type=submit]")
    page.wait_for_selector("#vacancy-form")
    assert page.input_value("#vacancy-form [name=title]")
    assert page.input_value("#vacancy-form [name=must_have_text]")
    assert not Vacancy.objects.exists()  # a draft until a person saves it
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/vacancy_draft.png", full_page=True)
    # A recruiter does not assign the hiring manager (an admin does): the field is read-only.
    assert page.is_disabled("#vacancy-form [name=hiring_manager]")
    page.click("#vacancy-form button[type=submit]:not([name=parse])")
    page.wait_for_selector(".alert-success")
    assert Vacancy.objects.get().must_have
    if SHOTS:
        page.click(".lang-switch button[value=en]")
        page.wait_for_selector("h1")
        page.goto(live_server.url + "/vacancies/")
        page.click("[data-upload-toggle]")
        page.screenshot(path=f"{SHOTS}/vacancies_file_panel_en.png", full_page=True)
        page.set_input_files(
            "#vacancy-file-panel input[name=vacancy_file]", str(CORPUS / "vacancies" / "qa_engineer_spb.pdf")
        )
        page.click("#vacancy-file-panel button[type=submit]")
        page.wait_for_selector("#vacancy-form")
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=f"{SHOTS}/vacancy_draft_en_phone.png", full_page=True)
