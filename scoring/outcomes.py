"""Writes after and around the AI's evaluation: a person's correction of a score or of
the recommendation (``score_override``) and what happened to an offer after «принято»
(``offer_record``). Both are append-only records; the views call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from candidates.pipeline import Stage
from hrcrm.roles import is_staff_member
from scoring.models import (
    RECOMMENDATION,
    Decision,
    Evaluation,
    OfferEvent,
    OfferStatus,
    Outcome,
    RecommendationChoice,
    ScoreOverride,
)
from scoring.services import DecisionError, ai_audit_link


def _ai_value(evaluation: Evaluation, criterion: str) -> str:
    if criterion == RECOMMENDATION:
        return evaluation.recommendation
    scores = dict(evaluation.parsed.criteria.items())
    if criterion not in scores:
        raise DecisionError(_("Такого критерия в оценке нет."))
    return str(scores[criterion].score)


def _clean_value(criterion: str, raw: str) -> str:
    raw = raw.strip()
    if criterion == RECOMMENDATION:
        if raw not in RecommendationChoice.values:
            raise DecisionError(_("Выберите рекомендацию из списка."))
        return raw
    try:
        score = int(raw)
    except ValueError:
        raise DecisionError(_("Балл — целое число от 0 до 100."))
    if not 0 <= score <= 100:
        raise DecisionError(_("Балл — целое число от 0 до 100."))
    return str(score)


@transaction.atomic
def score_override(*, evaluation_id: int, actor: Any, criterion: str, value: str, note: str) -> ScoreOverride:
    """A person puts his own score on one criterion (or his own recommendation) with a
    note. The AI's result is left as it was; the override is shown beside it, and the AI
    calls behind the evaluation are linked to this human decision in the AI audit log."""
    if not is_staff_member(actor):
        raise PermissionDenied
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation_id)
    if not evaluation.is_current:
        raise DecisionError(_("Эта оценка уже заменена новой: исправляйте актуальную."))
    ai_value = _ai_value(evaluation, criterion)
    cleaned = _clean_value(criterion, value)
    if not note.strip():
        raise DecisionError(_("Напишите, почему вы не согласны с ИИ."))
    latest = evaluation.overrides.filter(criterion=criterion).order_by("-overridden_at", "-pk").first()
    if cleaned == (latest.value if latest else ai_value):
        raise DecisionError(_("Значение не изменилось."))
    override = ScoreOverride.objects.create(
        evaluation=evaluation,
        criterion=criterion,
        ai_value=ai_value,
        value=cleaned,
        note=note.strip()[:2000],
        overridden_by=actor,
    )
    ai_audit_link(evaluation=evaluation, decision_ref=f"scoring.ScoreOverride:{override.pk}")
    # The PDF shows overrides too: render it again once this is committed.
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task("scoring.tasks.render_report_task", evaluation.pk))
    return override


def offer_decision(application_id: int) -> Decision | None:
    """The acceptance an offer belongs to: the application's latest decision, if it is
    «принять» and the application still stands accepted."""
    decision = (
        Decision.objects.filter(application_id=application_id)
        .select_related("application")
        .order_by("-decided_at", "-pk")
        .first()
    )
    if decision is None or decision.outcome != Outcome.ACCEPT or decision.application.stage != Stage.ACCEPTED:
        return None
    return decision


@transaction.atomic
def offer_record(
    *, application_id: int, actor: Any, status: str, start_date: dt.date | None = None, note: str = ""
) -> OfferEvent:
    """Record the offer's outcome after «принято»: sent; accepted (the start date is
    required); declined (the reason is required). A later record supersedes an earlier
    one (a declined offer renegotiated, a start date moved); all stay as history."""
    if not is_staff_member(actor):
        raise PermissionDenied
    decision = offer_decision(application_id)
    if decision is None:
        raise DecisionError(_("Исход оффера записывается после решения «принять»."))
    Decision.objects.select_for_update().filter(pk=decision.pk).first()
    if status not in OfferStatus.values:
        raise DecisionError(_("Выберите исход оффера."))
    if status == OfferStatus.ACCEPTED and start_date is None:
        raise DecisionError(_("Укажите дату выхода на работу."))
    if status == OfferStatus.DECLINED and not note.strip():
        raise DecisionError(_("Укажите, почему кандидат отклонил оффер."))
    return OfferEvent.objects.create(
        decision=decision,
        status=status,
        start_date=start_date if status == OfferStatus.ACCEPTED else None,
        note=note.strip()[:2000],
        recorded_by=actor,
    )
