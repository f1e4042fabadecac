"""Evaluation of a stored interview: the task, the pipeline move, history, the PDF report
(text extracted back with pdftotext), its download and the evaluation partials."""

from __future__ import annotations

import subprocess

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from candidates.models import Application, StageChange
from candidates.pipeline import Stage
from candidates.services import application_move_to_stage
from interviews.models import Interview, Turn
from scoring.evaluation.verify import quote_is_real
from scoring.models import Evaluation
from scoring.selectors import evaluation_view
from scoring.services import evaluation_enqueue, evaluation_report_generate, evaluation_run
from tests.conftest import CORPUS
from tests.factories import interview_from_corpus

CASES = CORPUS / "interviews" / "transcripts"
CRITERIA_RU = ["Технические навыки", "Релевантность опыта", "Коммуникация", "Решение задач", "Культурное соответствие"]


@pytest.fixture
def sync_tasks(monkeypatch):  # type: ignore[no-untyped-def]
    """django-q2 reads its settings once at import: switch the loaded config to sync."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)


@pytest.mark.django_db
def test_the_task_evaluates_and_moves_to_awaiting_decision(
    sync_tasks, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    interview = interview_from_corpus("s05_frontend_react", "Кирилл Тестов")
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_enqueue(interview_id=interview.pk)
    evaluation = Evaluation.objects.get(interview=interview)
    assert evaluation.is_current and evaluation.recommendation == "reject" and evaluation.integrity_violation
    assert evaluation.engine == "offline-rules" and evaluation.prompt_version
    application = Application.objects.get(pk=interview.application_id)
    assert application.stage == Stage.AWAITING_DECISION
    moves = list(StageChange.objects.filter(application=application).values_list("from_stage", "to_stage", "actor"))
    assert moves[-2:] == [("interviewing", "evaluating", None), ("evaluating", "awaiting_decision", None)]
    assert evaluation.report.name.endswith(".pdf")  # the report task ran after commit
    assert evaluation.report_generated_at is not None


@pytest.mark.django_db
def test_a_rerun_keeps_history_and_leaves_the_stage(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    interview = interview_from_corpus("s02_go_backend_engineer_en", "Maria Test", start_index=1)
    first = evaluation_run(interview_id=interview.pk)
    second = evaluation_run(interview_id=interview.pk)
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert Evaluation.objects.filter(interview=interview).count() == 2
    assert Application.objects.get(pk=interview.application_id).stage == Stage.AWAITING_DECISION
    # Evidence points at the stored Turn.index, which here starts at 1.
    stored = dict(Turn.objects.filter(interview=interview).values_list("index", "text"))
    result = second.parsed
    quotes = [e for _, c in result.criteria.items() for e in c.evidence]
    quotes += [e for r in result.requirements for e in r.evidence] + [e for f in result.red_flags for e in f.evidence]
    assert quotes
    for item in quotes:
        assert quote_is_real(item.quote, stored[item.turn_index]), item
    assert second.parsed.language == "en"


@pytest.mark.django_db
def test_the_pdf_report_holds_the_name_and_all_criteria_in_cyrillic(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    interview = interview_from_corpus("s01_python_backend_fintech", "Андрей Отчётов")
    evaluation = evaluation_report_generate(evaluation_id=evaluation_run(interview_id=interview.pk).pk)
    path = evaluation.report.path
    with open(path, "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True).stdout
    assert "Андрей Отчётов" in text
    for label in CRITERIA_RU:
        assert label in text
    assert "Senior Python-разработчик" in text
    assert "решение" in text.lower() and "встроенные правила" in text  # the AI notice with provenance
    for code in ("offline-rules", "rules-v1", "recommend", "косинус"):  # no internal codes for staff
        assert code not in text


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_scoring_reports")
def test_only_staff_download_the_report(client, manager, outsider, tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    evaluation = evaluation_run(interview_id=interview_from_corpus("s03_python_automation", "Денис Проверкин").pk)
    url = f"/evaluations/{evaluation.pk}/report.pdf"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 404  # not his vacancy: outside his scope
    evaluation.application.vacancy.hiring_manager = manager
    evaluation.application.vacancy.save(update_fields=["hiring_manager"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get("/evaluations/999999/report.pdf").status_code == 404


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_scoring_reports")
def test_the_partials_show_bars_quotes_linked_to_turns_and_provenance() -> None:
    evaluation = evaluation_run(interview_id=interview_from_corpus("s05_frontend_react", "Кирилл Панелев").pk)
    view = evaluation_view(evaluation)
    html = render_to_string("scoring/evaluation/panel.html", {"ev": view})
    for label in CRITERIA_RU:
        assert label in html
    assert 'href="#turn-11"' in html  # the manipulation quote links to its turn
    assert "Манипуляция" in html and "встроенные правила" in html
    assert "уровень «отказать»" in html and "Добросовестность" in html  # the score in words; integrity apart
    for code in ("offline-rules", "rules-v1", "«reject»", "«recommend»", "косинус"):
        assert code not in html
    assert f"/evaluations/{evaluation.pk}/report.pdf" in html
    criteria_only = render_to_string("scoring/evaluation/panel.html#criteria", {"ev": view})
    assert "ev-bar" in criteria_only and "Красные флаги" not in criteria_only


@pytest.mark.django_db
def test_the_command_reevaluates_a_storedinterview_from_corpus(tmp_path, settings, capsys) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    settings.MEDIA_ROOT = tmp_path
    interview = interview_from_corpus("s06_product_data_analyst", "Екатерина Командная")
    call_command("evaluate_interview", str(interview.pk))
    call_command("evaluate_interview", str(interview.pk))
    assert "report reports/evaluations/" in capsys.readouterr().out
    assert Evaluation.objects.filter(interview=interview).count() == 2
    with pytest.raises(CommandError, match="does not exist"):
        call_command("evaluate_interview", "987654")
    empty = Interview.objects.create(application=interview.application)
    with pytest.raises(CommandError, match="no turns"):
        call_command("evaluate_interview", str(empty.pk))


@pytest.mark.django_db
def test_entering_evaluation_by_hand_evaluates_once(  # type: ignore[no-untyped-def]
    sync_tasks, django_capture_on_commit_callbacks, recruiter, admin_user, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    interview = interview_from_corpus("s01_python_backend_fintech", "Андрей Ручной")
    with django_capture_on_commit_callbacks(execute=True):
        application_move_to_stage(application_id=interview.application_id, to_stage=Stage.EVALUATING, actor=recruiter)
        evaluation_enqueue(interview_id=interview.pk)  # the interview engine asking too: no second run
    assert Evaluation.objects.filter(interview=interview).count() == 1
    assert Application.objects.get(pk=interview.application_id).stage == Stage.AWAITING_DECISION
    # Sent back for evaluation by whoever may decide (an admin here): a fresh run, the
    # old one kept as history.
    with django_capture_on_commit_callbacks(execute=True):
        application_move_to_stage(application_id=interview.application_id, to_stage=Stage.EVALUATING, actor=admin_user)
    assert Evaluation.objects.filter(interview=interview).count() == 2
    assert Evaluation.objects.filter(interview=interview, is_current=True).count() == 1
    assert Application.objects.get(pk=interview.application_id).stage == Stage.AWAITING_DECISION
