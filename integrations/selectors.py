"""Reads the API answers with: one function per resource, plain dicts matching the
schemas in ``integrations/api.py``. Getters check ownership: an id the integration did
not create is «not found», the same as an id that does not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from candidates.models import Application, Candidate, Resume
from integrations.models import Integration, ObjectKind, OwnedObject
from interviews.models import Interview
from pool.combined import CombinedEvaluation, combined_evaluation
from pool.selectors import PoolFilters, pool_rows
from scoring.models import Evaluation
from scoring.selectors import evaluation_current_for_application
from vacancies.models import Vacancy

VACANCY_FIELDS = (
    "title",
    "company",
    "department",
    "description",
    "responsibilities",
    "must_have",
    "nice_to_have",
    "seniority",
    "city",
    "work_format",
    "salary_from",
    "salary_to",
    "currency",
    "language",
    "interview_minutes",
)


def _owned_ids(integration: Integration, kind: str) -> Any:
    return OwnedObject.objects.filter(integration=integration, kind=kind).values("object_id")


def vacancy_get(integration: Integration, pk: int) -> Vacancy:
    vacancy = Vacancy.objects.filter(pk=pk, pk__in=_owned_ids(integration, ObjectKind.VACANCY)).first()
    if vacancy is None:
        raise Http404
    return vacancy


def candidate_get(integration: Integration, pk: int) -> Candidate:
    candidate = Candidate.objects.filter(pk=pk, pk__in=_owned_ids(integration, ObjectKind.CANDIDATE)).first()
    if candidate is None:
        raise Http404
    return candidate


def application_get(integration: Integration, pk: int) -> Application:
    """An application the integration created, or one on its vacancy (an open link's)."""
    application = (
        Application.objects.select_related("candidate", "vacancy")
        .filter(pk=pk)
        .filter(
            Q(pk__in=_owned_ids(integration, ObjectKind.APPLICATION))
            | Q(vacancy_id__in=_owned_ids(integration, ObjectKind.VACANCY))
        )
        .first()
    )
    if application is None:
        raise Http404
    return application


def vacancy_out(vacancy: Vacancy) -> dict[str, Any]:
    data = {name: getattr(vacancy, name) for name in VACANCY_FIELDS}
    data["min_experience_years"] = float(vacancy.min_experience_years or 0)
    return {
        "id": vacancy.pk,
        **data,
        "status": vacancy.status,
        "opened_at": vacancy.opened_at,
        "updated_at": vacancy.updated_at,
    }


def candidate_out(candidate: Candidate) -> dict[str, Any]:
    resume = (
        Resume.objects.filter(candidate=candidate)
        .order_by("-is_current", "-created_at")
        .only("pk", "status", "error_message", "original_name", "processed_at")
        .first()
    )
    return {
        "id": candidate.pk,
        "full_name": candidate.full_name,
        "email": candidate.email,
        "phone": candidate.phone,
        "telegram": candidate.telegram,
        "city": candidate.city,
        "desired_position": candidate.desired_position,
        "skills": list(candidate.skills),
        "total_experience_months": candidate.total_experience_months,
        "resume": None
        if resume is None
        else {
            "id": resume.pk,
            "file_name": resume.original_name,
            "status": resume.status,
            "error": resume.error_message,
            "processed_at": resume.processed_at,
        },
        "created_at": candidate.created_at,
    }


def latest_interview(application: Application) -> Interview | None:
    return Interview.objects.filter(application=application).order_by("-created_at").first()


def application_out(application: Application) -> dict[str, Any]:
    interview = latest_interview(application)
    evaluation = evaluation_current_for_application(application.pk)
    return {
        "id": application.pk,
        "candidate_id": application.candidate_id,
        "vacancy_id": application.vacancy_id,
        "stage": application.stage,
        "stage_label": str(application.get_stage_display()),
        "stage_changed_at": application.stage_changed_at,
        "interview": None
        if interview is None
        else {
            "id": interview.pk,
            "status": interview.status,
            "started_at": interview.started_at,
            "finished_at": interview.finished_at,
        },
        "evaluation_ready": evaluation is not None,
        "decision": application.decisions.order_by("-decided_at").values_list("outcome", flat=True).first(),
    }


def evaluation_out(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "id": evaluation.pk,
        "application_id": evaluation.application_id,
        "interview_id": evaluation.interview_id,
        "recommendation": evaluation.recommendation,
        "overall_score": evaluation.overall_score,
        "integrity_violation": evaluation.integrity_violation,
        "created_at": evaluation.created_at,
        "result": evaluation.result,
        "combined": combined_out(combined) if (combined := combined_evaluation(evaluation)) else None,
    }


def transcript_out(interview: Interview) -> dict[str, Any]:
    return {
        "interview_id": interview.pk,
        "status": interview.status,
        "language": interview.language,
        "started_at": interview.started_at,
        "finished_at": interview.finished_at,
        "turns": [
            {"index": t.index, "speaker": t.speaker, "text": t.text, "topic": t.topic, "at_seconds": t.at_seconds}
            for t in interview.turns.order_by("index")
        ],
    }


def integrations_for_application(application_id: int) -> list[Integration]:
    """Integrations that hear about this application: the one that created it, or the
    one owning its vacancy or its candidate."""
    application = Application.objects.filter(pk=application_id).values("vacancy_id", "candidate_id").first()
    if application is None:
        return []
    owners = OwnedObject.objects.filter(
        Q(kind=ObjectKind.APPLICATION, object_id=application_id)
        | Q(kind=ObjectKind.VACANCY, object_id=application["vacancy_id"])
        | Q(kind=ObjectKind.CANDIDATE, object_id=application["candidate_id"])
    ).values("integration_id")
    return list(Integration.objects.filter(pk__in=owners, is_active=True).exclude(webhook_url=""))


def pool_search(integration: Integration, filters: PoolFilters) -> list[dict[str, Any]]:
    """The warm pool as the integration may see it: members it added, or whose general
    interview it asked for (another integration's people are not listed)."""
    applications = Application.objects.filter(pk__in=_owned_ids(integration, ObjectKind.APPLICATION))
    visible = set(
        Candidate.objects.filter(pk__in=_owned_ids(integration, ObjectKind.CANDIDATE)).values_list("pk", flat=True)
    )
    visible |= set(applications.values_list("candidate_id", flat=True))
    return [
        {
            "candidate_id": row.candidate.pk,
            "full_name": row.candidate.full_name,
            "city": row.candidate.city,
            "level": row.level,
            "families": row.families,
            "interviewed_at": row.interviewed_at,
            "skills": [
                {"skill": e.skill, "level": e.level, "quote": e.quote, "observed_at": e.observed_at}
                for e in row.evidence
            ],
        }
        for row in pool_rows(filters)
        if row.candidate.pk in visible
    ]


def combined_out(combined: CombinedEvaluation) -> dict[str, Any]:
    """``integrations.schemas.CombinedOut`` of a combined evaluation."""
    return {
        "general_evaluation_id": combined.general_evaluation_id,
        "family": combined.family,
        "general_interview_at": combined.general_at,
        "continuation_interview_at": combined.continuation_at,
        "general_stale": combined.general_stale,
        "requirements": [
            {
                "requirement": r.requirement,
                "status": r.status,
                "source": r.source,
                "continuation_status": r.continuation_status,
                "general_status": r.general_status,
                "quotes": [
                    {"interview": q.interview, "interview_id": q.interview_id, "at": q.at, "quote": q.quote}
                    for q in r.quotes
                ],
            }
            for r in combined.requirements
        ],
    }
