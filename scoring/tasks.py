"""django-q2 task entry points: take ids, call a service."""

from __future__ import annotations

from scoring.services import ANY_CURRENT, current_evaluation_id, evaluation_report_generate, evaluation_run

# Every task here may run more than once (a worker killed mid-way is handed the task
# again after Q_RETRY; a failure is retried): each one checks what is already done.


def evaluate_interview_task(interview_id: int, force: bool = False, replaces: int | None | str = ANY_CURRENT) -> int:
    """``force=False``: evaluate unless the interview already has an evaluation (the engine
    and the pipeline hook both ask). ``force=True``: replace the evaluation ``replaces``
    (current when it was asked for) — once, however often the task runs."""
    if not force:
        replaces = None
    if replaces != ANY_CURRENT:
        current = current_evaluation_id(interview_id)
        if current is not None and current != replaces:  # done already: skip the engine
            return current
    return evaluation_run(interview_id=interview_id, replaces=replaces).pk


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
