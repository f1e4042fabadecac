"""django-q2 task entry points: take ids, call a service. Each may run more than once
(a retried or re-delivered task): the services overwrite what they computed."""

from __future__ import annotations

import logging

from candidates.selectors import candidate_resolve
from matching.services import (
    application_score,
    candidate_embed,
    candidate_matches_refresh,
    stale_embeddings_refresh,
    vacancy_embed,
    vacancy_matches_refresh,
)

log = logging.getLogger(__name__)


def candidate_matching_task(candidate_id: int) -> int:
    """A resume finished parsing: embed the candidate, then re-score him. Queued for a
    duplicate that was merged away since, it runs for the person he was merged into;
    for a candidate erased since, it does nothing (neither is a failure)."""
    resolved = candidate_resolve(candidate_id)
    if resolved is None:
        log.info("candidate %s no longer exists: nothing to match", candidate_id)
        return 0
    candidate_embed(candidate_id=resolved)
    return candidate_matches_refresh(candidate_id=resolved)


def vacancy_matching_task(vacancy_id: int) -> int:
    """A vacancy was saved: embed it (when its text changed or the model did), re-score."""
    vacancy_embed(vacancy_id=vacancy_id)
    return vacancy_matches_refresh(vacancy_id=vacancy_id)


def application_score_task(application_id: int) -> int | None:
    return application_score(application_id=application_id)


def stale_embeddings_task() -> tuple[int, int]:
    return stale_embeddings_refresh()
