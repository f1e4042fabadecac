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


def candidate_matching_task(candidate_id: int) -> int:
    """A resume finished parsing: embed the candidate, then re-score him."""
    from scoring.match_services import candidate_embed, candidate_matches_refresh

    candidate_embed(candidate_id=candidate_id)
    return candidate_matches_refresh(candidate_id=candidate_id)


def vacancy_matching_task(vacancy_id: int) -> int:
    """A vacancy was saved: embed it (when its text changed or the model did), re-score."""
    from scoring.match_services import vacancy_embed, vacancy_matches_refresh

    vacancy_embed(vacancy_id=vacancy_id)
    return vacancy_matches_refresh(vacancy_id=vacancy_id)


def application_score_task(application_id: int) -> int | None:
    from scoring.match_services import application_score

    return application_score(application_id=application_id)


def stale_embeddings_task() -> tuple[int, int]:
    from scoring.match_services import stale_embeddings_refresh

    return stale_embeddings_refresh()
