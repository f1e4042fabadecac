"""``python manage.py evaluate_interview ID [--runs N]``: (re-)evaluate a stored interview
now, keeping earlier evaluations as history, and render its PDF report."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from interviews.models import Interview
from scoring.services import EvaluationError, evaluation_report_generate, evaluation_run


class Command(BaseCommand):
    help = "Evaluate a stored interview (history is kept) and render the PDF report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("interview_id", type=int)
        parser.add_argument("--runs", type=int, default=None, help="LLM runs to combine (default: SCORING_LLM_RUNS)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            evaluation = evaluation_run(interview_id=options["interview_id"], runs=options["runs"])
        except Interview.DoesNotExist:
            raise CommandError(f"Interview {options['interview_id']} does not exist")
        except EvaluationError as exc:
            raise CommandError(str(exc))
        evaluation = evaluation_report_generate(evaluation_id=evaluation.pk)
        self.stdout.write(
            f"Evaluation #{evaluation.pk}: {evaluation.recommendation} ({evaluation.overall_score}/100), "
            f"report {evaluation.report.name}"
        )
