"""django-q2 tasks of the intake: take ids, fetch, call a service."""

from __future__ import annotations

from candidates.intake.services import resume_process as _resume_process


def resume_process(resume_id: int) -> str:
    resume = _resume_process(resume_id=resume_id)
    return resume.status if resume is not None else "missing"
