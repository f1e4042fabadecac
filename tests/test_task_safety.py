"""Every django-q2 task may run more than once (a killed worker's task is handed out
again, a failure is retried): a rerun must not repeat its side effects. The cluster
settings that make interrupted tasks run again are checked here too."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.intake.services import upload_batch_create
from candidates.intake.tasks import resume_process
from candidates.models import Candidate, Resume, ResumeStatus
from scoring.models import Evaluation
from scoring.services import current_evaluation_id, evaluation_report_generate, evaluation_run
from scoring.tasks import evaluate_interview_task, render_report_task
from tests.conftest import CORPUS
from tests.factories import interview_from_corpus


@pytest.mark.django_db
def test_an_interrupted_resume_is_processed_again_and_a_rerun_adds_nothing(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    data = (CORPUS / "resumes" / "morozov_devops.txt").read_bytes()
    batch = upload_batch_create(files=[SimpleUploadedFile("morozov_devops.txt", data)], actor=None, queue=False)
    resume = batch.resumes.get()
    Resume.objects.filter(pk=resume.pk).update(status=ResumeStatus.PARSING)  # a worker died here
    assert resume_process(resume.pk) == ResumeStatus.DONE
    candidate = Candidate.objects.get()
    skills = list(candidate.skills)
    assert resume_process(resume.pk) == ResumeStatus.DONE
    assert Candidate.objects.count() == 1 and Resume.objects.count() == 1
    candidate.refresh_from_db()
    assert candidate.skills == skills


@pytest.mark.django_db
def test_evaluation_tasks_store_one_evaluation_however_often_they_run() -> None:
    interview = interview_from_corpus("s03_python_automation", "Денис Повторов")
    first = evaluate_interview_task(interview.pk)
    assert evaluate_interview_task(interview.pk) == first  # the pipeline hook asking too
    # A run that reached the write after another one stored its result returns that one.
    assert evaluation_run(interview_id=interview.pk, replaces=None).pk == first
    assert Evaluation.objects.filter(interview=interview).count() == 1
    # A person asked for a fresh evaluation: the task replaces the current one once,
    # however many times it is run with what was current when it was asked for.
    second = evaluate_interview_task(interview.pk, True, first)
    assert second != first
    assert evaluate_interview_task(interview.pk, True, first) == second
    assert Evaluation.objects.filter(interview=interview).count() == 2
    assert current_evaluation_id(interview.pk) == second
    # Queued before this change (no ``replaces``): a forced run stores, as it used to.
    evaluate_interview_task(interview.pk, True)
    assert Evaluation.objects.filter(interview=interview).count() == 3
    assert Evaluation.objects.filter(interview=interview, is_current=True).count() == 1


@pytest.mark.django_db
def test_rendering_a_report_again_leaves_one_file(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    evaluation = evaluation_report_generate(
        evaluation_id=evaluation_run(
            interview_id=interview_from_corpus("s01_python_backend_fintech", "Андрей Дважды").pk
        ).pk
    )
    assert evaluation.report
    render_report_task(evaluation.pk)
    evaluation.refresh_from_db()
    files = list(tmp_path.rglob("*.pdf"))
    assert len(files) == 1 and evaluation.report.path == str(files[0])  # the old file was removed


def _settings_in_subprocess(**env: str) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); from django.conf import settings; print(sorted(settings.Q_CLUSTER))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hrcrm.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cluster_settings_run_an_interrupted_task_again() -> None:
    q = django_settings.Q_CLUSTER
    assert q["retry"] > q["timeout"] and q["ack_failures"] is False and q["max_attempts"] >= 2
    assert "orm" in q
    # Redis does not make django-q2 use its Redis broker (which loses a dead worker's task)
    # unless asked; and a retry shorter than the timeout is refused at start.
    with_redis = _settings_in_subprocess(REDIS_URL="redis://127.0.0.1:6379/0")
    assert with_redis.returncode == 0, with_redis.stderr
    assert "'orm'" in with_redis.stdout and "'redis'" not in with_redis.stdout
    bad = _settings_in_subprocess(Q_TIMEOUT="60", Q_RETRY="60")
    assert bad.returncode != 0 and "Q_RETRY (60) must be greater than Q_TIMEOUT (60)" in bad.stderr
