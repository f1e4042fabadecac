"""Intake wired into the CRM: every path that stores a resume queues it exactly once after
commit, a parsed resume fills only what nobody typed, and the candidate page shows the
resume's status, parsed profile, hidden-text flag and merge suggestions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from candidates import receivers, signals
from candidates.intake import services as intake
from candidates.models import Candidate, Resume, ResumeStatus
from tests import factories as f
from tests.conftest import CORPUS
from vacancies import links

RESUMES = CORPUS / "resumes"


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch, settings) -> list[int]:
    """Records every resume handed to the task queue and runs the real task at once."""
    import django_q.tasks

    from candidates.intake import tasks

    settings.INTAKE_AS_OF = "2026-11"
    calls: list[int] = []

    def async_task(func: str, resume_id: int, **kwargs: object) -> str:
        assert func == "candidates.intake.tasks.resume_process"
        calls.append(resume_id)
        tasks.resume_process(resume_id)
        return "task-id"

    monkeypatch.setattr(django_q.tasks, "async_task", async_task)
    return calls


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (RESUMES / name).read_bytes())


@pytest.mark.django_db
def test_the_add_candidate_form_queues_its_resume_once_and_keeps_what_was_typed(
    recruiter_client: Client, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = recruiter_client.post(
            reverse("candidates:create"),
            {
                "full_name": "Морозов И.",
                "email": "",
                "city": "Томск",
                "source": "referral",
                "resume": _file("morozov_devops.txt"),
            },
        )
    assert response.status_code == 302
    assert queued == []  # nothing is queued before the row is committed
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    resume = Resume.objects.get()
    assert queued == [resume.pk]
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.DONE and resume.extracted_text
    candidate = Candidate.objects.get()
    assert candidate.full_name == "Морозов И." and candidate.city == "Томск"  # typed: kept
    assert candidate.email and candidate.skills and candidate.total_experience_months  # empty: filled
    assert Candidate.objects.filter(search_vector="Kubernetes").exists()  # the resume text is searchable


@pytest.mark.django_db
def test_an_open_link_resume_is_queued_once_and_parsed(
    client: Client, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    issued = links.link_create_for_vacancy(vacancy=f.vacancy(), actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("invite:apply", args=[issued.token]),
            {
                "full_name": "Ольга Лебедева",
                "email": "olga@example.org",
                "consent": "on",
                "resume": _file("Лебедева_О_тестировщик.pdf"),
            },
        )
    resume = Resume.objects.get()
    assert queued == [resume.pk]
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.DONE
    assert resume.flags["injection"]  # shown on the candidate page, kept from every AI
    candidate = resume.candidate
    assert candidate.full_name == "Ольга Лебедева" and candidate.email == "olga@example.org"
    assert candidate.phone and candidate.desired_position  # filled from the resume


@pytest.mark.django_db
def test_an_intake_batch_queues_each_file_once(
    recruiter_client: Client, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(
            reverse("intake:upload"), {"files": [_file("morozov_devops.txt"), _file("Dmitry_Karpov_SRE_Lead.docx")]}
        )
    assert sorted(queued) == sorted(Resume.objects.values_list("pk", flat=True)) and len(queued) == 2


@pytest.mark.django_db
def test_a_replaced_resume_updates_what_the_old_one_filled_but_not_what_a_person_changed(
    recruiter_client: Client, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(reverse("intake:upload"), {"files": [_file("morozov_devops.txt")]})
    candidate = Candidate.objects.get()
    first_position = candidate.desired_position
    Candidate.objects.filter(pk=candidate.pk).update(city="Барнаул")  # a person corrected the city
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(
            reverse("intake:candidate_upload", args=[candidate.pk]), {"files": [_file("Dmitry_Karpov_SRE_Lead.docx")]}
        )
    candidate.refresh_from_db()
    assert candidate.city == "Барнаул"
    assert candidate.full_name == "Dmitry Karpov"  # the old resume's name, not a person's
    assert candidate.desired_position != first_position
    assert candidate.resumes.filter(is_current=True).count() == 1


@pytest.mark.django_db
def test_the_candidate_page_shows_profile_flags_status_and_merge(
    recruiter_client: Client, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    candidate = f.candidate(full_name="Лебедева Ольга", email="", city="")
    twin = f.candidate(full_name="Ольга Лебедева", email="", city="Москва", phone="")
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(
            reverse("intake:candidate_upload", args=[candidate.pk]), {"files": [_file("Лебедева_О_тестировщик.pdf")]}
        )
    html = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "Разобранное резюме" in html and "intake-flags" in html
    assert "игнорируй предыдущие инструкции" in html
    assert 'data-resume-status="done"' in html
    # Intake's finder: a close name with the same city (no shared contact) is offered for merging.
    assert reverse("intake:merge", args=[twin.pk, candidate.pk]) in html
    assert "every 3s" not in html  # nothing is processing: the page does not poll


@contextmanager
def _not_processed() -> Iterator[None]:
    """No worker picks stored resumes up for a while: intake's receiver is off."""
    signals.resume_stored.disconnect(dispatch_uid="candidates.intake.resume_stored")
    try:
        yield
    finally:
        receivers.connect()


@pytest.mark.django_db
def test_the_candidate_page_shows_a_resume_still_processing_and_a_refused_replacement(recruiter_client: Client) -> None:
    candidate = f.candidate()
    Resume.objects.create(candidate=candidate, original_name="old.txt", file="old.txt", status=ResumeStatus.DONE)
    with _not_processed():  # keep it queued
        intake.upload_batch_create(files=[_file("morozov_devops.txt")], actor=None, candidate=candidate)
    html = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "обрабатывается" in html and "every 3s" in html
    Resume.objects.filter(batch__isnull=False).update(status=ResumeStatus.FAILED, error_message="Файл повреждён.")
    html = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "не принято" in html and "Файл повреждён." in html and "every 3s" not in html


@pytest.mark.django_db
def test_the_candidates_page_upload_flow_over_http(
    recruiter_client: Client, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    page = recruiter_client.get(reverse("candidates:list")).content.decode()
    assert f'hx-post="{reverse("intake:upload")}"' in page and 'id="intake-progress"' in page
    assert 'hx-trigger="intake-batch-done from:body"' in page  # the table reloads when a batch is done
    htmx = {"HTTP_HX_REQUEST": "true"}
    with _not_processed():  # stays queued: the first poll is pending
        pending = recruiter_client.post(
            reverse("intake:upload"),
            {"files": [_file("morozov_devops.txt"), _file("Portfolio_CV_Zhukova.pdf")]},
            **htmx,
        )
    assert "HX-Trigger" not in pending and 'hx-trigger="every 2s"' in pending.content.decode()
    batch_url = reverse("intake:batch", args=[Resume.objects.first().batch_id])
    with django_capture_on_commit_callbacks(execute=True):
        for resume in Resume.objects.all():
            intake.resume_process(resume_id=resume.pk)
    done = recruiter_client.get(batch_url, **htmx)
    assert done["HX-Trigger"] == "intake-batch-done"
    html = done.content.decode()
    assert "готово 1 · ошибок 1 · в работе 0" in html and "нет текстового слоя" in html
    table = recruiter_client.get(reverse("candidates:list"), **htmx).content.decode()
    assert "Морозов Игорь Владимирович" in table and 'id="candidate-count" hx-swap-oob="true"' in table


@pytest.mark.django_db
def test_a_refused_replacement_from_the_edit_form_keeps_the_current_resume(
    recruiter_client: Client, queued: list[int], django_capture_on_commit_callbacks
) -> None:
    candidate = f.candidate(full_name="Морозов Игорь")
    url = reverse("candidates:edit", args=[candidate.pk])
    form = {"full_name": candidate.full_name, "email": candidate.email, "source": "upload"}
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(url, form | {"resume": _file("morozov_devops.txt")})
    with django_capture_on_commit_callbacks(execute=True):
        recruiter_client.post(url, form | {"resume": SimpleUploadedFile("broken.pdf", b"not a pdf")})
    assert len(queued) == 2
    current = Resume.objects.get(candidate=candidate, is_current=True)
    assert current.original_name == "morozov_devops.txt" and current.status == ResumeStatus.DONE
    html = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "не принято" in html and "morozov_devops.txt" in html
