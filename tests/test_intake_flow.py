"""Upload → queue (django-q2 in sync mode) → Resume/Candidate, progress partial, duplicates, merge."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.intake import services
from candidates.models import Application, Candidate, ConsentRecord, Note, Resume, ResumeStatus, StageChange
from candidates.pipeline import Stage
from candidates.selectors import CandidateFilters, candidate_table
from tests import intake_files
from tests.conftest import CORPUS
from vacancies.models import Vacancy

RESUMES = CORPUS / "resumes"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Run on_commit callbacks (queueing, search vector) inside the test transaction."""
    return django_capture_on_commit_callbacks


@pytest.fixture(autouse=True)
def _sync_queue(monkeypatch: pytest.MonkeyPatch, settings) -> None:  # type: ignore[no-untyped-def]
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.INTAKE_AS_OF = "2026-11"


def _upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else (RESUMES / name).read_bytes())


def _batch_files() -> list[SimpleUploadedFile]:
    return [
        _upload("Смирнов_Алексей_Python_Senior.pdf"),
        _upload("Лебедева_О_тестировщик.pdf"),
        _upload("resume_Karimov.pdf"),
        _upload("Новое резюме.docx"),
        _upload("bomb.docx", intake_files.zip_bomb_docx()),
        _upload("morozov_devops.txt"),
    ]


@pytest.mark.django_db
def test_it_processes_a_batch_and_failed_files_do_not_block_others(recruiter_client, recruiter, commit) -> None:  # type: ignore[no-untyped-def]
    with commit(execute=True):
        response = recruiter_client.post(reverse("intake:upload"), {"files": _batch_files()})
    assert response.status_code == 302
    resumes = {r.original_name: r for r in Resume.objects.all()}
    assert len(resumes) == 6
    assert resumes["Смирнов_Алексей_Python_Senior.pdf"].status == ResumeStatus.DONE
    assert resumes["morozov_devops.txt"].status == ResumeStatus.DONE
    assert resumes["resume_Karimov.pdf"].error_code == "invalid_file_format"
    assert resumes["Новое резюме.docx"].error_code == "empty_file"
    assert resumes["bomb.docx"].error_code == "file_too_large_uncompressed"
    assert all(r.candidate_id is None for r in resumes.values() if r.status == ResumeStatus.FAILED)
    smirnov = resumes["Смирнов_Алексей_Python_Senior.pdf"].candidate
    assert smirnov.full_name == "Смирнов Алексей Викторович"
    assert smirnov.phone == "+79161234567"
    assert "PostgreSQL" in smirnov.skills
    assert smirnov.total_experience_months == 113
    assert candidate_table(CandidateFilters(q="Смирнов"), user=recruiter).filter(pk=smirnov.pk).exists()
    injected = resumes["Лебедева_О_тестировщик.pdf"]
    assert injected.flags["injection"] and "игнорируй" not in injected.extracted_text.lower()

    page = recruiter_client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Смирнов Алексей Викторович" in html
    assert "Содержимое файла не соответствует" in html
    assert "every 2s" not in html  # finished batches stop polling

    detail = recruiter_client.get(reverse("intake:resume", args=[injected.pk]))
    assert "Скрытый текст и инструкции для ИИ" in detail.content.decode()


@pytest.mark.django_db
def test_htmx_upload_returns_progress_partial(recruiter_client, commit) -> None:  # type: ignore[no-untyped-def]
    with commit(execute=True):
        response = recruiter_client.post(
            reverse("intake:upload"), {"files": [_upload("morozov_devops.txt")]}, HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "morozov_devops.txt" in html
    batch_id = Resume.objects.get().batch_id
    poll = recruiter_client.get(reverse("intake:batch", args=[batch_id]), HTTP_HX_REQUEST="true")
    assert 'data-status="done"' in poll.content.decode()


@pytest.mark.django_db
def test_processing_is_idempotent(recruiter) -> None:  # type: ignore[no-untyped-def]
    batch = services.upload_batch_create(files=[_upload("morozov_devops.txt")], actor=recruiter)
    resume = batch.resumes.get()
    services.resume_process(resume_id=resume.pk)
    services.resume_process(resume_id=resume.pk)
    assert Candidate.objects.count() == 1
    assert Resume.objects.get().status == ResumeStatus.DONE


@pytest.mark.django_db
def test_same_person_twice_is_suggested_and_merged(recruiter_client, recruiter, commit) -> None:  # type: ignore[no-untyped-def]
    name = "Смирнов_Алексей_Python_Senior.pdf"
    with commit(execute=True):
        recruiter_client.post(reverse("intake:upload"), {"files": [_upload(name)]})
    first = Candidate.objects.get()
    vacancy = Vacancy.objects.create(title="Python")
    application = Application.objects.create(candidate=first, vacancy=vacancy)
    StageChange.objects.create(application=application, to_stage=Stage.INVITED, actor=recruiter)
    Note.objects.create(candidate=first, author=recruiter, text="первый")
    ConsentRecord.objects.create(candidate=first, purpose="processing", text_version="1", text="ok")

    # Entered by hand under the same name and city, no contacts: only a suggestion (the
    # same file uploaded again joins the person by itself: tests/test_upload_duplicates.py).
    second = Candidate.objects.create(full_name=first.full_name, city=first.city)
    Resume.objects.create(candidate=second, original_name="cv.txt", status=ResumeStatus.DONE, is_current=True)
    assert services.candidate_find_duplicates(candidate=second) == [first]
    page = recruiter_client.get(reverse("candidates:detail", args=[second.pk]))
    merge_url = reverse("intake:merge", args=[first.pk, second.pk])
    assert merge_url in page.content.decode()
    assert recruiter_client.get(merge_url).status_code == 200

    with commit(execute=True):
        response = recruiter_client.post(merge_url)
    assert response.status_code == 302
    assert list(Candidate.objects.values_list("pk", flat=True)) == [first.pk]
    assert Resume.objects.filter(candidate=first).count() == 2
    assert Resume.objects.filter(candidate=first, is_current=True).count() == 1
    assert Application.objects.get().stage_changes.count() == 1
    assert ConsentRecord.objects.filter(candidate=first).count() == 1
    assert Note.objects.filter(candidate=first, text__contains="Объединён").exists()


@pytest.mark.django_db
def test_fuzzy_name_with_matching_city_is_a_duplicate(recruiter) -> None:  # type: ignore[no-untyped-def]
    a = Candidate.objects.create(full_name="Смирнов Алексей Викторович", city="Москва")
    b = Candidate.objects.create(full_name="Алексей Смирнов Викторович", city="Москва")
    c = Candidate.objects.create(full_name="Смирнов Алексей Викторович", city="Казань")
    assert services.candidate_find_duplicates(candidate=a) == [b]
    assert c not in services.candidate_find_duplicates(candidate=b)


@pytest.mark.django_db
def test_oversized_file_fails_at_upload(recruiter, settings) -> None:  # type: ignore[no-untyped-def]
    settings.RESUME_MAX_BYTES = 100
    batch = services.upload_batch_create(files=[_upload("big.txt", b"x" * 500)], actor=recruiter)
    resume = batch.resumes.get()
    assert resume.status == ResumeStatus.FAILED and resume.error_code == "file_too_large"


@pytest.mark.django_db
def test_intake_pages_need_a_role(client, outsider) -> None:  # type: ignore[no-untyped-def]
    client.force_login(outsider)
    assert client.get(reverse("intake:upload")).status_code == 403
    assert client.post(reverse("intake:upload"), {"files": [_upload("morozov_devops.txt")]}).status_code == 403


@pytest.mark.django_db
def test_upload_page_renders(recruiter_client) -> None:  # type: ignore[no-untyped-def]
    html = recruiter_client.get(reverse("intake:upload")).content.decode()
    assert 'name="files"' in html and "multiple" in html and "data-intake-drop" in html


@pytest.mark.django_db
def test_candidate_page_upload_replaces_resume(recruiter_client, commit) -> None:  # type: ignore[no-untyped-def]
    candidate = Candidate.objects.create(full_name="Морозов Игорь", email="keep@example.com")
    url = reverse("intake:candidate_upload", args=[candidate.pk])
    with commit(execute=True):
        recruiter_client.post(url, {"files": [_upload("morozov_devops.txt")]})
    candidate.refresh_from_db()
    assert Candidate.objects.count() == 1
    assert candidate.email == "keep@example.com"  # a contact a person typed is kept
    assert candidate.city == "Новосибирск"
    assert candidate.resumes.get().is_current


@pytest.mark.django_db
def test_upload_page_lists_recent_batches(recruiter_client, recruiter) -> None:  # type: ignore[no-untyped-def]
    batch = services.upload_batch_create(files=[_upload("big.txt", b"")], actor=recruiter)
    html = recruiter_client.get(reverse("intake:upload")).content.decode()
    assert reverse("intake:batch", args=[batch.pk]) in html
