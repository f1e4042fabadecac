"""The retention policy: candidates nobody has worked with for RETENTION_DAYS and who
have no active application are erased, unless they consented to the talent pool within
TALENT_POOL_CONSENT_DAYS (an older consent has run out: the run records its expiry first).

Erasing (not anonymising) is deliberate: an anonymised row still carries the resume's
facts and the interview, which can identify a person together; the pipeline statistics
lose only applications older than the retention period. Running it twice changes
nothing the second time: the people it selects are gone after the first run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Application, Candidate, ConsentRecord, Note, Resume
from candidates.pipeline import ACTIVE_STAGES
from privacy.consents import talent_pool_expire, talent_pool_term
from privacy.erasure import erase_each
from privacy.models import ConsentPurpose, ErasureChannel, ErasureReason


def retention_due(*, now: datetime | None = None) -> QuerySet[Candidate]:
    """Candidates past the retention period: no active application, no change to him, his
    applications, resumes or notes since the cutoff, and no talent-pool consent in force
    (the latest answer a consent given within the term)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    person = OuterRef("pk")
    talent_pool = ConsentRecord.objects.filter(candidate=person, purpose=ConsentPurpose.TALENT_POOL).order_by(
        "-created_at", "-pk"
    )
    return (
        Candidate.objects.filter(updated_at__lt=cutoff)
        # No talent-pool record at all is NULL: coalesced, or NOT (NULL) would drop him.
        .annotate(
            in_talent_pool=Coalesce(Subquery(talent_pool.values("granted")[:1]), Value(False)),
            pool_given_at=Subquery(talent_pool.values("created_at")[:1]),
        )
        .exclude(in_talent_pool=True, pool_given_at__gte=now - talent_pool_term())
        .exclude(Exists(Application.objects.filter(candidate=person, stage__in=ACTIVE_STAGES)))
        .exclude(Exists(Application.objects.filter(candidate=person, updated_at__gte=cutoff)))
        .exclude(Exists(Resume.objects.filter(candidate=person, created_at__gte=cutoff)))
        .exclude(Exists(Note.objects.filter(candidate=person, created_at__gte=cutoff)))
        .order_by("pk")
    )


def retention_run(*, now: datetime | None = None) -> int:
    """Scheduled (daily): record the talent-pool consents past their term, then erase the
    candidates ``retention_due`` selects; returns how many were erased."""
    talent_pool_expire(now=now)
    due = list(retention_due(now=now).values_list("pk", flat=True))
    return erase_each(due, reason=ErasureReason.RETENTION, channel=ErasureChannel.SYSTEM, job="retention")
