"""django-q2 task entry points: take ids, call a service."""

from __future__ import annotations

from scoring.services import ANY_CURRENT, current_evaluation_id, evaluation_report_generate, evaluation_run

# Every task here may run more than once (a worker killed mid-way is handed the task
# again after Q_RETRY; a failure is retried): each one checks what is already done.


def evaluate_interview_task(interview_id: int, force: bool = False, replaces: int | None | str = ANY_CURRENT) -> int:
    """``force=False``: evaluate unless the interview already has an evaluation (the engine
    and a person's move into «Оценка» may both ask). ``force=True``: replace the evaluation ``replaces``
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
