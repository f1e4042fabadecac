"""The interviews app listens to the vacancies' invite links (connected in
``InterviewsConfig.ready``); each receiver runs after its sender's transaction committed."""

from __future__ import annotations

from typing import Any

from interviews import live
from vacancies import signals as vacancy_signals


def link_revoked_stop(sender: Any, link_id: int, application_id: int | None, **kwargs: Any) -> None:
    """A revoked personal link closes the interview sockets opened through it."""
    if application_id is not None:
        live.interviews_stop_for_link(link_id=link_id, application_id=application_id)


def connect() -> None:
    vacancy_signals.link_revoked.connect(link_revoked_stop, dispatch_uid="interviews.link_revoked")
