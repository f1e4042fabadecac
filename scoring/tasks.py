"""django-q2 task entry points: take ids, call a service."""

from __future__ import annotations

from scoring.models import Evaluation
from scoring.services import evaluation_report_generate, evaluation_run


def evaluate_interview_task(interview_id: int, force: bool = False) -> int:
    if not force:
        current = Evaluation.objects.filter(interview_id=interview_id, is_current=True).first()
        if current is not None:  # already evaluated (the engine and the pipeline hook both asked)
            return current.pk
    return evaluation_run(interview_id=interview_id).pk


def render_report_task(evaluation_id: int) -> int:
    return evaluation_report_generate(evaluation_id=evaluation_id).pk
