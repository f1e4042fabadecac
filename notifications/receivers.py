"""Notifications listen to the pipeline, the interviews and the evaluations (connected in
``NotificationsConfig.ready``). Each receiver runs after its sender's transaction
committed and only queues messages; the sending happens in django-q2 tasks."""

from __future__ import annotations

from typing import Any

from candidates import signals as candidate_signals
from interviews import signals as interview_signals
from notifications import services
from scoring import signals as scoring_signals


def evaluation_ready_notify(sender: Any, evaluation_id: int, **kwargs: Any) -> None:
    services.notify_evaluation_ready(evaluation_id)


def stage_changed_notify(sender: Any, application_id: int, from_stage: str, to_stage: str, **kwargs: Any) -> None:
    services.notify_on_stage_change(application_id, from_stage, to_stage)


def interview_abandoned_notify(sender: Any, interview_id: int, **kwargs: Any) -> None:
    services.notify_interview_abandoned(interview_id)


def connect() -> None:
    scoring_signals.evaluation_ready.connect(evaluation_ready_notify, dispatch_uid="notifications.evaluation_ready")
    candidate_signals.stage_changed.connect(stage_changed_notify, dispatch_uid="notifications.stage_changed")
    interview_signals.interview_abandoned.connect(
        interview_abandoned_notify, dispatch_uid="notifications.interview_abandoned"
    )
