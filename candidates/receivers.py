"""The candidates app's own receivers (connected in ``CandidatesConfig.ready``)."""

from __future__ import annotations

from typing import Any

from candidates import signals
from candidates.intake.services import resume_enqueue


def resume_stored_enqueue(sender: Any, resume_id: int, **kwargs: Any) -> None:
    """Intake processes every stored resume, whichever page stored it."""
    resume_enqueue(resume_id)


def connect() -> None:
    signals.resume_stored.connect(resume_stored_enqueue, dispatch_uid="candidates.intake.resume_stored")
