"""The manager's decision: a person accepts or rejects; the AI only recommends."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates import services as candidate_services
from candidates.models import Application
from candidates.pipeline import Stage
from candidates.selectors import can_decide
from hrcrm.emails import EmailContext, email_send
from hrcrm.models import EmailKind
from scoring.models import Decision, Outcome
from scoring.recommendations import ai_recommendations


class DecisionError(Exception):
    """Shown to the person as is."""


@transaction.atomic
def decision_make(*, application_id: int, actor: AbstractBaseUser, outcome: str, comment: str = "") -> Decision:
    """Move the application to accepted/rejected through the pipeline service and store
    the decision next to the AI's recommendation at this moment. No e-mail is sent
    here: the candidate is told only when a person presses the button."""
    application = Application.objects.select_related("vacancy").get(pk=application_id)
    if not can_decide(actor, application):
        raise PermissionDenied
    if outcome not in Outcome.values:
        raise DecisionError(_("Неизвестное решение."))
    if outcome == Outcome.REJECT and not comment.strip():
        raise DecisionError(_("Для отказа укажите причину."))
    target = Stage.ACCEPTED if outcome == Outcome.ACCEPT else Stage.REJECTED
    try:
        candidate_services.application_move_to_stage(
            application_id=application.pk, to_stage=target, actor=actor, comment=comment
        )
    except candidate_services.PipelineError as error:
        raise DecisionError(str(error))
    ai = ai_recommendations([application.pk]).get(application.pk)
    return Decision.objects.create(
        application=application,
        outcome=outcome,
        comment=comment.strip(),
        decided_by=actor,
        ai_recommendation=ai.outcome if ai else None,
        ai_summary=ai.summary if ai else "",
        agreed_with_ai=(ai.outcome == outcome) if ai else None,
    )


@transaction.atomic
def decision_send_email(*, decision_id: int, actor: AbstractBaseUser) -> Decision:
    """Tell the candidate the decision (by a person's click only, once)."""
    decision = (
        Decision.objects.select_for_update()
        .select_related("application__candidate", "application__vacancy")
        .get(pk=decision_id)
    )
    application = decision.application
    if not can_decide(actor, application):
        raise PermissionDenied
    if decision.email_sent_at is not None:
        raise DecisionError(_("Письмо уже отправлено."))
    if not application.candidate.email:
        raise DecisionError(_("У кандидата нет e-mail."))
    email_send(
        kind=EmailKind.DECISION_ACCEPT if decision.outcome == Outcome.ACCEPT else EmailKind.DECISION_REJECT,
        to=application.candidate.email,
        language=application.vacancy.language,
        context=EmailContext(
            candidate_name=application.candidate.full_name,
            vacancy_title=application.vacancy.title,
            company=application.vacancy.company,
            sender_name=actor.get_full_name() or actor.get_username(),  # type: ignore[attr-defined]
        ),
    )
    decision.email_sent_at = timezone.now()
    decision.save(update_fields=["email_sent_at"])
    return decision
