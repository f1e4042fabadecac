"""The hiring pipeline: stages and the one table of allowed moves.

Pure Python (no ORM) so it can be read, tested and shown in the UI on its own.
``candidates.services.application_move_to_stage`` is the only writer that uses it.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    INVITED = "invited", _("Ждём ответа")
    INTERVIEWING = "interviewing", _("На собеседовании")
    EVALUATING = "evaluating", _("Оценка")
    AWAITING_DECISION = "awaiting_decision", _("Ожидание решения менеджера")
    ACCEPTED = "accepted", _("Принято")
    REJECTED = "rejected", _("Отказано")


ACTIVE_STAGES = (Stage.INVITED, Stage.INTERVIEWING, Stage.EVALUATING, Stage.AWAITING_DECISION)
FINAL_STAGES = (Stage.ACCEPTED, Stage.REJECTED)
BOARD_ORDER = ACTIVE_STAGES + FINAL_STAGES


class Mover(StrEnum):
    """Who may make a move: a person by hand, or the system (interview start/finish)."""

    PERSON = "person"
    SYSTEM = "system"


# (from, to) -> who may make the move. Rejection is allowed from every active stage
# and always needs a reason. Accepting is the hiring manager's decision after the
# evaluation; a person may also re-open a rejected application back to "invited".
TRANSITIONS: dict[tuple[Stage, Stage], frozenset[Mover]] = {
    (Stage.INVITED, Stage.INTERVIEWING): frozenset({Mover.SYSTEM, Mover.PERSON}),
    (Stage.INTERVIEWING, Stage.EVALUATING): frozenset({Mover.SYSTEM, Mover.PERSON}),
    (Stage.INTERVIEWING, Stage.INVITED): frozenset({Mover.PERSON}),
    (Stage.EVALUATING, Stage.AWAITING_DECISION): frozenset({Mover.SYSTEM, Mover.PERSON}),
    (Stage.AWAITING_DECISION, Stage.ACCEPTED): frozenset({Mover.PERSON}),
    (Stage.AWAITING_DECISION, Stage.EVALUATING): frozenset({Mover.PERSON}),
    (Stage.REJECTED, Stage.INVITED): frozenset({Mover.PERSON}),
    # An admin reverses a decision (within DECISION_REVERSAL_DAYS, with a reason): the
    # application awaits the decision again. Only through the decision service.
    (Stage.ACCEPTED, Stage.AWAITING_DECISION): frozenset({Mover.PERSON}),
    (Stage.REJECTED, Stage.AWAITING_DECISION): frozenset({Mover.PERSON}),
    **{(stage, Stage.REJECTED): frozenset({Mover.SYSTEM, Mover.PERSON}) for stage in ACTIVE_STAGES},
}


def can_move(from_stage: str, to_stage: str, mover: Mover) -> bool:
    allowed = TRANSITIONS.get((Stage(from_stage), Stage(to_stage)))
    return allowed is not None and mover in allowed


def is_decision_move(from_stage: str, to_stage: str) -> bool:
    """The manager's decision (accept or reject after the evaluation) or its reversal."""
    decided = (Stage.ACCEPTED, Stage.REJECTED)
    return (from_stage == Stage.AWAITING_DECISION and to_stage in decided) or (
        from_stage in decided and to_stage == Stage.AWAITING_DECISION
    )


def needs_reason(to_stage: str) -> bool:
    return Stage(to_stage) == Stage.REJECTED


def allowed_targets(from_stage: str, mover: Mover = Mover.PERSON) -> list[Stage]:
    """Moves offered on the board and the candidate page (a reversal has its own form)."""
    return [
        to
        for (frm, to), movers in TRANSITIONS.items()
        if frm == from_stage and mover in movers and not (frm in FINAL_STAGES and to == Stage.AWAITING_DECISION)
    ]
