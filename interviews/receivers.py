"""What the interviews app does when other apps report a change (connected in
``InterviewsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from interviews import live
from privacy.signals import consent_withdrawn
from vacancies.signals import link_revoked


@receiver(link_revoked, dispatch_uid="interviews.stop_on_link_revoked")
def stop_on_link_revoked(sender: Any, *, link_id: int, application_id: int | None, **kwargs: Any) -> None:
    if application_id is not None:
        live.interviews_stop_for_link(link_id=link_id, application_id=application_id)


@receiver(consent_withdrawn, dispatch_uid="interviews.stop_on_consent_withdrawn")
def stop_on_consent_withdrawn(sender: Any, *, candidate_id: int, purpose: str, **kwargs: Any) -> None:
    from privacy.models import ConsentPurpose

    if purpose == ConsentPurpose.PROCESSING:
        live.interviews_stop_for_candidate(candidate_id=candidate_id)
