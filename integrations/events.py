"""What each webhook event says: ids to fetch the rest through the API, and the few
facts a receiver acts on without another request."""

from __future__ import annotations

from typing import Any

from candidates.models import Application
from integrations import selectors, webhooks
from integrations.models import WebhookDelivery, WebhookEvent
from interviews.models import Interview
from scoring.models import Decision, Evaluation


def _application_data(application: Application) -> dict[str, Any]:
    return {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "vacancy_id": application.vacancy_id,
        "stage": application.stage,
    }


def _emit(event: str, application_id: int, data: dict[str, Any]) -> list[WebhookDelivery]:
    integrations = selectors.integrations_for_application(application_id)
    if not integrations:
        return []
    return webhooks.events_emit(event=event, integrations=integrations, data=data)


def interview_event(*, event: str, interview_id: int) -> list[WebhookDelivery]:
    interview = Interview.objects.select_related("application").filter(pk=interview_id).first()
    if interview is None:
        return []
    data = _application_data(interview.application) | {
        "interview_id": interview.pk,
        "interview_status": interview.status,
        "started_at": interview.started_at,
        "finished_at": interview.finished_at,
    }
    return _emit(event, interview.application_id, data)


def evaluation_event(*, evaluation_id: int) -> list[WebhookDelivery]:
    evaluation = Evaluation.objects.select_related("application").filter(pk=evaluation_id).first()
    if evaluation is None:
        return []
    data = _application_data(evaluation.application) | {
        "evaluation_id": evaluation.pk,
        "interview_id": evaluation.interview_id,
        "recommendation": evaluation.recommendation,
        "overall_score": evaluation.overall_score,
    }
    return _emit(WebhookEvent.EVALUATION_READY, evaluation.application_id, data)


def decision_event(*, decision_id: int) -> list[WebhookDelivery]:
    decision = Decision.objects.select_related("application").filter(pk=decision_id).first()
    if decision is None:
        return []
    data = _application_data(decision.application) | {
        "decision_id": decision.pk,
        "outcome": decision.outcome,
        "decided_at": decision.decided_at,
    }
    return _emit(WebhookEvent.DECISION_MADE, decision.application_id, data)
