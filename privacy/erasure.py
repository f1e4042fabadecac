"""Erasure of a candidate's personal data: requests with a due date, their execution,
and the record that it happened.

Order inside ``candidate_erase`` matters: the candidate row is locked first (a resume
upload or an interview turn for him then waits, so nothing new appears half-way), files
are deleted before rows (if the storage fails, the rows still say which files to retry
and the request stays pending), and the record is written in the same transaction as
the deletion, so there is never a deletion without its record or the other way round.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from privacy.collect import PersonalData, admin_log_rows, ai_audit_rows, personal_data
from privacy.models import ErasureChannel, ErasureReason, ErasureRecord, ErasureRequest, ErasureStatus

logger = logging.getLogger(__name__)


class ErasureError(Exception):
    """The candidate is already gone, or the request was already carried out."""


def pending_request(candidate_id: int) -> ErasureRequest | None:
    return (
        ErasureRequest.objects.filter(candidate_id=candidate_id, status=ErasureStatus.PENDING)
        .order_by("due_at")
        .first()
    )


@transaction.atomic
def erasure_request_create(
    *, candidate: Candidate, reason: str, channel: str, requested_by: AbstractBaseUser | None = None
) -> ErasureRequest:
    """Ask for the candidate's data to be deleted within ERASURE_TERM_DAYS. A second
    request while one is pending returns the first (its due date stands)."""
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    existing = pending_request(candidate.pk)
    if existing is not None:
        return existing
    now = timezone.now()
    return ErasureRequest.objects.create(
        candidate=candidate,
        candidate_ref=candidate.pk,
        reason=reason,
        channel=channel,
        requested_by=requested_by,
        requested_at=now,
        due_at=now + timedelta(days=max(0, settings.ERASURE_TERM_DAYS)),
    )


@transaction.atomic
def erasure_request_cancel(*, erasure_id: int, candidate_id: int, actor: AbstractBaseUser) -> ErasureRequest:
    """The candidate took back his request to delete (he wrote again, or it was recorded
    by mistake): the request stays, marked cancelled, with who and when. A withdrawal of
    consent is not cancelled here: only the candidate's new consent undoes it."""
    erasure = (
        ErasureRequest.objects.select_for_update()
        .filter(pk=erasure_id, candidate_id=candidate_id, status=ErasureStatus.PENDING)
        .first()
    )
    if erasure is None:
        raise ErasureError(f"no pending erasure request {erasure_id} of candidate {candidate_id}")
    if not erasure.cancellable:
        raise ErasureError(f"erasure request {erasure_id} follows a withdrawal of consent")
    erasure.status, erasure.cancelled_at, erasure.cancelled_by = ErasureStatus.CANCELLED, timezone.now(), actor
    erasure.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    logger.info("erasure request %s of candidate %s cancelled", erasure.pk, candidate_id)
    return erasure


def _storage_names(data: PersonalData) -> list[str]:
    """Every file of the person in storage: FileFields of his rows, and the recording
    parts the browser uploaded (stored by name, not in a FileField)."""
    names = [name for _, _, name in data.files()]
    for recording in data.rows.get(_recording_model(), []):
        folder = os.path.dirname(recording.part_name(0))
        names += [recording.part_name(i) for i in range(recording.chunks)]
        try:
            names += [f"{folder}/{f}" for f in default_storage.listdir(folder)[1]]
        except FileNotFoundError:
            pass  # no part was ever stored (or they are already deleted)
    return sorted(set(names))


def _recording_model() -> type:
    from interviews.models import Recording

    return Recording


def _delete_files(names: list[str]) -> int:
    deleted = 0
    for name in names:
        if default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
        _prune_empty_dirs(name)
    return deleted


def _prune_empty_dirs(name: str) -> None:
    """On a local disk, remove folders left empty (their names are resume hashes and
    interview ids); object storages have no folders."""
    if not hasattr(default_storage, "path"):
        return
    root = os.path.realpath(default_storage.location)
    folder = os.path.dirname(os.path.realpath(default_storage.path(name)))
    while folder.startswith(root + os.sep) and os.path.isdir(folder) and not os.listdir(folder):
        os.rmdir(folder)
        folder = os.path.dirname(folder)


def candidate_erase(
    *,
    candidate_id: int,
    reason: str,
    channel: str,
    actor: AbstractBaseUser | None = None,
    requested_by: AbstractBaseUser | None = None,
    requested_at: datetime | None = None,
) -> ErasureRecord:
    """Delete everything about the candidate now: his rows and everything hanging off
    them, his files, AI audit rows and admin log rows about him; close his pending
    requests; return the record of what went. ``actor=None``: the scheduled task."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().filter(pk=candidate_id).first()
        if candidate is None:
            raise ErasureError(f"candidate {candidate_id} does not exist")
        data = personal_data(candidate)
        files = _delete_files(_storage_names(data))
        rows: dict[str, int] = {}
        for queryset in (ai_audit_rows(data), admin_log_rows(data)):
            _, counts = queryset.delete()
            rows.update(counts)
        requests = list(
            ErasureRequest.objects.select_for_update().filter(candidate_id=candidate_id, status=ErasureStatus.PENDING)
        )
        _, counts = candidate.delete()
        rows.update(counts)
        first = min(requests, key=lambda r: r.requested_at, default=None)
        now = timezone.now()
        record = ErasureRecord.objects.create(
            candidate_ref=candidate_id,
            reason=first.reason if first else reason,
            channel=first.channel if first else channel,
            requested_at=first.requested_at if first else (requested_at or now),
            requested_by=first.requested_by if first else requested_by,
            executed_at=now,
            executed_by=actor,
            rows={label: n for label, n in sorted(rows.items()) if n},
            files=files,
        )
        ErasureRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
            status=ErasureStatus.DONE, executed_at=now, record=record
        )
    logger.info("erased candidate %s: %s rows, %s files", candidate_id, record.total_rows, files)
    return record


def erasure_run_due(*, now: datetime | None = None) -> int:
    """Scheduled: carry out every pending request whose due date has come. Each runs in
    its own transaction; one that fails (storage down) is logged and retried next run,
    the others go ahead. Returns how many were carried out."""
    now = now or timezone.now()
    pending = ErasureRequest.objects.filter(status=ErasureStatus.PENDING, due_at__lte=now)
    # A candidate deleted some other way (the Django admin) leaves nothing to erase.
    pending.filter(candidate__isnull=True).update(status=ErasureStatus.DONE, executed_at=now)
    due = list(dict.fromkeys(pending.order_by("due_at").values_list("candidate_id", flat=True)))
    return erase_each(due, reason=ErasureReason.REQUEST, channel=ErasureChannel.STAFF, job="erasure")


def erase_each(candidate_ids: list[int], *, reason: str, channel: str, job: str) -> int:
    """Erase each candidate in its own transaction. One that fails (storage down) is
    logged and left for the next run while the others go ahead; the run then fails as a
    whole so the task shows up as failed in the monitor. Returns how many were erased."""
    done = failed = 0
    for candidate_id in candidate_ids:
        try:
            candidate_erase(candidate_id=candidate_id, reason=reason, channel=channel)
        except Exception:
            logger.exception("%s: erasure of candidate %s failed; retried at the next run", job, candidate_id)
            failed += 1
        else:
            done += 1
    if failed:
        raise RuntimeError(f"{job}: {failed} candidate(s) failed, {done} erased")
    return done
