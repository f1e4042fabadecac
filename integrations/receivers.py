"""The integrations app turns domain events into webhooks (connected in
``IntegrationsConfig.ready``); each receiver runs after its sender's transaction
committed and only stores deliveries and queues them."""

from __future__ import annotations

from typing import Any

from integrations import events
from integrations.models import WebhookEvent
from interviews import signals as interview_signals
from scoring import signals as scoring_signals


def interview_started_webhook(sender: Any, interview_id: int, **kwargs: Any) -> None:
    events.interview_event(event=WebhookEvent.INTERVIEW_STARTED, interview_id=interview_id)


def interview_finished_webhook(sender: Any, interview_id: int, **kwargs: Any) -> None:
    events.interview_event(event=WebhookEvent.INTERVIEW_FINISHED, interview_id=interview_id)


def evaluation_ready_webhook(sender: Any, evaluation_id: int, **kwargs: Any) -> None:
    events.evaluation_event(evaluation_id=evaluation_id)


def decision_made_webhook(sender: Any, decision_id: int, **kwargs: Any) -> None:
    events.decision_event(decision_id=decision_id)


def connect() -> None:
    interview_signals.interview_started.connect(interview_started_webhook, dispatch_uid="integrations.started")
    interview_signals.interview_finished.connect(interview_finished_webhook, dispatch_uid="integrations.finished")
    scoring_signals.evaluation_ready.connect(evaluation_ready_webhook, dispatch_uid="integrations.evaluation")
    scoring_signals.decision_made.connect(decision_made_webhook, dispatch_uid="integrations.decision")
