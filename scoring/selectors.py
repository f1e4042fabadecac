"""Reads for the decision screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from candidates.models import Application
from candidates.pipeline import Stage
from hrcrm.roles import is_admin
from scoring.models import Decision
from scoring.recommendations import AIRecommendation, ai_recommendations


@dataclass
class PendingDecision:
    application: Application
    ai: AIRecommendation | None


def decisions_pending(user: Any) -> list[PendingDecision]:
    """Applications awaiting a decision on the vacancies ``user`` manages (all for admins)."""
    qs = (
        Application.objects.filter(stage=Stage.AWAITING_DECISION)
        .select_related("candidate", "vacancy")
        .order_by("stage_changed_at")
    )
    if not is_admin(user):
        qs = qs.filter(vacancy__hiring_manager=user)
    applications = list(qs[:200])
    ai = ai_recommendations([a.pk for a in applications])
    return [PendingDecision(application=a, ai=ai.get(a.pk)) for a in applications]


def decisions_recent(user: Any, *, limit: int = 20) -> list[Decision]:
    qs = Decision.objects.select_related("application__candidate", "application__vacancy", "decided_by")
    if not is_admin(user):
        qs = qs.filter(application__vacancy__hiring_manager=user)
    return list(qs[:limit])
