"""The scoring app listens to the pipeline and the interviews (connected in
``ScoringConfig.ready``); each receiver runs after its sender's transaction committed."""

from __future__ import annotations

from typing import Any

from candidates import signals as candidate_signals
from interviews import signals as interview_signals
from scoring import services


def interview_finished_evaluate(sender: Any, interview_id: int, **kwargs: Any) -> None:
    """A finished interview is evaluated (once: a second ask finds the evaluation)."""
    services.evaluation_enqueue(interview_id=interview_id)


def stage_changed_evaluate(
    sender: Any, application_id: int, from_stage: str, to_stage: str, actor_id: int | None, **kwargs: Any
) -> None:
    """A person moving a card into «Оценка» asks for an evaluation."""
    if actor_id is not None:
        services.evaluate_on_stage_change(application_id, from_stage, to_stage)


def connect() -> None:
    interview_signals.interview_finished.connect(interview_finished_evaluate, dispatch_uid="scoring.interview_finished")
    candidate_signals.stage_changed.connect(stage_changed_evaluate, dispatch_uid="scoring.stage_changed")
