"""Reads for the decision screen.

Reads for evaluations; permission checks happen here, not in templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from candidates.models import Application
from candidates.pipeline import Stage
from candidates.scope import applications_visible
from candidates.selectors import can_decide
from hrcrm.roles import Role, has_role, is_admin, is_staff_member
from scoring.evaluation.schema import CriterionSpread, Evidence
from scoring.models import RECOMMENDATION, Decision, Evaluation, OfferEvent, RecommendationChoice, ScoreOverride
from scoring.recommendations import AIRecommendation, ai_recommendations
from scoring.report.pdf import criterion_labels, flag_label, provenance_text, recommendation_label, status_label


@dataclass
class PendingDecision:
    application: Application
    ai: AIRecommendation | None
    # May this user decide it? A recruiter sees every waiting card (the home page counts
    # them all) but the decision stays with the vacancy's hiring manager or an admin.
    decidable: bool = True


def decisions_pending(user: Any) -> list[PendingDecision]:
    """Applications awaiting a decision: a hiring manager's own vacancies; everything for
    admins and recruiters (recruiters read them, the manager decides)."""
    qs = (
        Application.objects.filter(stage=Stage.AWAITING_DECISION)
        .select_related("candidate", "vacancy__hiring_manager")
        .order_by("stage_changed_at")
    )
    sees_all = is_admin(user) or has_role(user, Role.RECRUITER)
    if not sees_all:
        qs = qs.filter(vacancy__hiring_manager=user)
    applications = list(qs[:200])
    ai = ai_recommendations([a.pk for a in applications])
    return [PendingDecision(application=a, ai=ai.get(a.pk), decidable=can_decide(user, a)) for a in applications]


def decisions_recent(user: Any, *, limit: int = 20) -> list[Decision]:
    """The latest decisions, each marked ``reversible`` by ``user`` (see below)."""
    qs = Decision.objects.select_related("application__candidate", "application__vacancy", "decided_by")
    if not (is_admin(user) or has_role(user, Role.RECRUITER)):
        qs = qs.filter(application__vacancy__hiring_manager=user)
    recent = list(qs[:limit])
    offers = offer_states([d.application_id for d in recent])
    for decision in recent:
        decision.reversible = decision_reversible(decision, user)  # type: ignore[attr-defined]
        state = offers.get(decision.application_id)
        decision.offer = state if state is not None and state.decision_id == decision.pk else None  # type: ignore[attr-defined]
    return recent


def decision_reversible(decision: Decision, user: Any, *, now: datetime | None = None) -> bool:
    """An admin may reverse the application's latest decision within
    DECISION_REVERSAL_DAYS of it, while the application still stands where it put it."""
    if not is_admin(user) or settings.DECISION_REVERSAL_DAYS <= 0:
        return False
    now = now or timezone.now()
    latest = Decision.objects.filter(application_id=decision.application_id).order_by("-decided_at", "-pk").first()
    return (
        latest is not None
        and latest.pk == decision.pk
        and decision.application.stage == (Stage.ACCEPTED if decision.outcome == "accept" else Stage.REJECTED)
        and now - decision.decided_at <= timedelta(days=settings.DECISION_REVERSAL_DAYS)
    )


def evaluation_get_for_user(user: Any, pk: int) -> Evaluation:
    """The one permission-checked getter for an evaluation: staff only (recruiters and
    hiring managers see each other's pages; candidates never see their evaluation)."""
    if not is_staff_member(user):
        raise PermissionDenied
    qs = Evaluation.objects.select_related("interview", "application__candidate", "application__vacancy")
    return get_object_or_404(applications_visible(user, qs, field="application__vacancy_id"), pk=pk)


def evaluation_current_for_application(application_id: int) -> Evaluation | None:
    return (
        Evaluation.objects.filter(application_id=application_id, is_current=True)
        .select_related("interview")
        .order_by("-created_at")
        .first()
    )


# --- what the evaluation partials show ------------------------------------------------
@dataclass(frozen=True)
class QuoteView:
    turn_index: int
    quote: str
    polarity: str  # "positive" | "negative" | ""


@dataclass(frozen=True)
class OverrideView:
    """A person's value beside the AI's (the latest override of one criterion)."""

    value: str
    value_label: str
    ai_label: str
    note: str
    by: str
    at: datetime
    earlier: int  # how many overrides of this criterion came before


@dataclass(frozen=True)
class CriterionView:
    name: str
    label: str
    score: int
    band: str  # css modifier: good | solid | partial | weak
    rationale: str
    quotes: list[QuoteView]
    spread: CriterionSpread | None
    override: OverrideView | None = None


@dataclass(frozen=True)
class RequirementView:
    requirement: str
    status: str
    status_label: str
    note: str
    quotes: list[QuoteView]


@dataclass(frozen=True)
class FlagView:
    type: str
    type_label: str
    severity: str
    description: str
    quotes: list[QuoteView]


@dataclass(frozen=True)
class EvaluationView:
    """Everything the evaluation partials render, decided here rather than in templates."""

    pk: int
    recommendation: str
    recommendation_label: str
    overall_score: int
    summary: str
    reasons: list[str]
    integrity_violation: bool
    integrity_note: str
    criteria: list[CriterionView]
    requirements: list[RequirementView]
    flags: list[FlagView]
    strengths: list[str]
    gaps: list[str]
    engine: str
    provider: str
    model: str
    prompt_version: str
    provenance: str  # who prepared it, in plain words
    runs: int
    dropped_quotes: int
    created_at: datetime
    report_url: str | None
    history_count: int
    match_score: int | None  # the resume match (Matching), shown apart from interview scores
    recommendation_override: OverrideView | None = None
    is_current: bool = True
    recommendation_choices: list[tuple[str, str]] | None = None
    # Spoken answers recognised unsurely: not judged (scoring/evaluation/hearing.py).
    unsure_turns: list[int] = field(default_factory=list)
    spoken_answers: int = 0
    hearing: str = "normal"


def _band(score: int) -> str:
    return "good" if score >= 75 else "solid" if score >= 60 else "partial" if score >= 40 else "weak"


def _quotes(items: list[Evidence]) -> list[QuoteView]:
    return [QuoteView(e.turn_index, e.quote, e.polarity.value if e.polarity else "") for e in items]


def _person(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def evaluation_overrides(evaluation: Evaluation) -> dict[str, OverrideView]:
    """The latest person's value per criterion (and for ``recommendation``)."""
    rows = list(ScoreOverride.objects.filter(evaluation=evaluation).select_related("overridden_by"))
    views: dict[str, OverrideView] = {}
    for row in rows:  # newest first
        if row.criterion in views:
            continue

        def label(value: str, criterion: str = row.criterion) -> str:
            return recommendation_label(value) if criterion == RECOMMENDATION else value

        views[row.criterion] = OverrideView(
            value=row.value,
            value_label=label(row.value),
            ai_label=label(row.ai_value),
            note=row.note,
            by=_person(row.overridden_by),
            at=row.overridden_at,
            earlier=sum(1 for r in rows if r.criterion == row.criterion) - 1,
        )
    return views


def evaluation_view(evaluation: Evaluation) -> EvaluationView:
    result = evaluation.parsed
    labels = criterion_labels()
    overrides = evaluation_overrides(evaluation)
    try:
        report_url: str | None = reverse("scoring_reports:evaluation_report", args=[evaluation.pk])
    except NoReverseMatch:  # the report URLs are not mounted in this URLconf
        report_url = None
    return EvaluationView(
        pk=evaluation.pk,
        recommendation=result.recommendation.value,
        recommendation_label=recommendation_label(result.recommendation.value),
        overall_score=result.overall_score,
        summary=result.summary,
        reasons=result.recommendation_reasons,
        integrity_violation=result.integrity.status == "violation",
        integrity_note=result.integrity.note,
        unsure_turns=result.recognition.unsure_turns,
        spoken_answers=result.recognition.spoken,
        hearing=result.recognition.confidence.value,
        criteria=[
            CriterionView(
                name=name,
                label=labels[name],
                score=criterion.score,
                band=_band(criterion.score),
                rationale=criterion.rationale,
                quotes=_quotes(criterion.evidence),
                spread=result.spread.get(name),
                override=overrides.get(name),
            )
            for name, criterion in result.criteria.items()
        ],
        requirements=[
            RequirementView(r.requirement, r.status.value, status_label(r.status.value), r.note, _quotes(r.evidence))
            for r in result.requirements
        ],
        flags=[
            FlagView(f.type.value, flag_label(f.type.value), f.severity.value, f.description, _quotes(f.evidence))
            for f in result.red_flags
        ],
        strengths=result.strengths,
        gaps=result.gaps,
        engine=result.provenance.engine,
        provider=result.provenance.provider,
        model=result.provenance.model,
        prompt_version=result.provenance.prompt_version,
        provenance=provenance_text(result),
        runs=result.runs,
        dropped_quotes=len(result.dropped_quotes),
        created_at=evaluation.created_at,
        report_url=report_url,
        history_count=Evaluation.objects.filter(interview_id=evaluation.interview_id).count(),
        match_score=evaluation.application.match_score if evaluation.application_id else None,
        recommendation_override=overrides.get(RECOMMENDATION),
        is_current=evaluation.is_current,
        recommendation_choices=[(value, recommendation_label(value)) for value in RecommendationChoice.values],
    )


def evaluation_view_for_application(application_id: int) -> EvaluationView | None:
    """For the candidate page and the decision screen: the current evaluation, if any."""
    evaluation = evaluation_current_for_application(application_id)
    return evaluation_view(evaluation) if evaluation else None


@dataclass(frozen=True)
class OfferState:
    """The offer after «принято»: its latest record and the history, for the decision
    screen and the candidate page."""

    decision_id: int
    latest: OfferEvent | None
    history: list[OfferEvent]


def offer_states(application_ids: list[int]) -> dict[int, OfferState]:
    """Per application whose latest decision is «принять» and that stands accepted."""
    if not application_ids:
        return {}
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(application_id__in=application_ids).order_by("decided_at", "pk"):
        latest[decision.application_id] = decision
    standing = set(Application.objects.filter(pk__in=list(latest), stage=Stage.ACCEPTED).values_list("pk", flat=True))
    accepted = {app_id: d for app_id, d in latest.items() if d.outcome == "accept" and app_id in standing}
    events: dict[int, list[OfferEvent]] = {d.pk: [] for d in accepted.values()}
    for event in OfferEvent.objects.filter(decision_id__in=list(events)).select_related("recorded_by"):
        events[event.decision_id].append(event)  # newest first (the model's ordering)
    return {
        app_id: OfferState(decision_id=d.pk, latest=(events[d.pk] or [None])[0], history=events[d.pk])
        for app_id, d in accepted.items()
    }
