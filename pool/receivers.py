"""The pool listens to scoring (connected in ``PoolConfig.ready``): every evaluation
updates the candidate's verified skill profile."""

from __future__ import annotations

from typing import Any

from pool import services
from scoring import signals as scoring_signals


def evaluation_ready_profile(sender: Any, evaluation_id: int, **kwargs: Any) -> None:
    services.skill_profile_update(evaluation_id=evaluation_id)


def connect() -> None:
    scoring_signals.evaluation_ready.connect(evaluation_ready_profile, dispatch_uid="pool.evaluation_ready")
