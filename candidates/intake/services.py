"""Intake writes: upload batches, processing a resume into a candidate, duplicates, merge."""

from __future__ import annotations

import difflib
import hashlib
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from candidates import signals
from candidates.intake.duplicates import upload_match
from candidates.intake.errors import MESSAGES, ErrorCode
from candidates.intake.process import Outcome, extract_isolated, parse_isolated, refine_outcome
from candidates.intake.schema import Profile
from candidates.models import (
    Application,
    Candidate,
    CandidateMerge,
    ConsentRecord,
    MergeReason,
    Note,
    Resume,
    ResumeStatus,
    StageChange,
    UploadBatch,
)
from candidates.scope import candidates_visible, sees_all
from candidates.services import candidate_update_search_vector, resume_stored
from hrcrm.ai import record_screening
from hrcrm.events import send_after_commit
from hrcrm.roles import is_staff_member

log = logging.getLogger(__name__)

PENDING = (ResumeStatus.QUEUED, ResumeStatus.EXTRACTING, ResumeStatus.PARSING)
# pg_advisory_xact_lock key for «does this person exist yet?» (see _store_outcome).
NEW_PERSON_LOCK = 720_001

# --- permission-checked getters -------------------------------------------------------------


def _batches_visible(user: Any) -> QuerySet[UploadBatch]:
    """A batch lists the names it brought in: whoever sees every candidate sees every
    batch; a hiring manager, the batches he uploaded."""
    return UploadBatch.objects.all() if sees_all(user) else UploadBatch.objects.filter(created_by=user)


def batch_get_for_user(user: Any, pk: int) -> UploadBatch:
    if not is_staff_member(user):
        raise PermissionDenied
    return get_object_or_404(_batches_visible(user), pk=pk)


def resume_get_for_user(user: Any, pk: int) -> Resume:
    if not is_staff_member(user):
        raise PermissionDenied
    qs = Resume.objects.select_related("candidate", "batch")
    visible = candidates_visible(user, qs, field="candidate_id") | qs.filter(batch__created_by=user)
    return get_object_or_404(visible, pk=pk)


def batches_recent(*, user: Any, limit: int = 10) -> list[tuple[UploadBatch, BatchProgress]]:
    """The latest upload batches with their progress (the upload page lists them)."""
    batches = list(_batches_visible(user).select_related("created_by").order_by("-created_at")[:limit])
    return [(batch, batch_progress(batch)) for batch in batches]


def batch_resumes(batch: UploadBatch) -> QuerySet[Resume]:
    return batch.resumes.select_related("candidate").order_by("id")


@dataclass
class BatchProgress:
    total: int
    done: int
    failed: int
    pending: int

    @property
    def finished(self) -> bool:
        return self.pending == 0

    @property
    def percent(self) -> int:
        return int(100 * (self.done + self.failed) / self.total) if self.total else 100


def batch_progress(batch: UploadBatch) -> BatchProgress:
    statuses = list(batch.resumes.values_list("status", flat=True))
    return BatchProgress(
        total=len(statuses),
        done=sum(s == ResumeStatus.DONE for s in statuses),
        failed=sum(s == ResumeStatus.FAILED for s in statuses),
        pending=sum(s in PENDING for s in statuses),
    )


def resume_duplicates(resume: Resume) -> list[Candidate]:
    """Merge suggestions stored when the resume was processed (still existing ones)."""
    ids = [pk for pk in (resume.flags or {}).get("duplicates", []) if pk != resume.candidate_id]
    return list(Candidate.objects.filter(pk__in=ids).order_by("pk"))


# --- upload ---------------------------------------------------------------------------------


def _read_limited(upload: UploadedFile, limit: int) -> bytes | None:
    """The file's bytes, or None when it is over the limit (read no further than that)."""
    chunks, size = [], 0
    for chunk in upload.chunks():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def upload_batch_create(
    *,
    files: list[UploadedFile] | list[File],  # type: ignore[type-arg]
    actor: AbstractBaseUser | None,
    candidate: Candidate | None = None,
    queue: bool = True,
) -> UploadBatch:
    """Store every file as a queued Resume of one batch and queue its processing after
    commit. A file over the size limit is recorded as failed at once; the rest go on.
    ``queue=False`` when the caller runs ``resume_process`` itself (``seed_demo``)."""
    with transaction.atomic():
        batch = UploadBatch.objects.create(created_by=actor)
        for upload in files:
            name = (upload.name or "file").split("/")[-1].split("\\")[-1][:200]
            data = _read_limited(upload, settings.RESUME_MAX_BYTES)
            resume = Resume(
                batch=batch,
                candidate=candidate,
                original_name=name,
                size=upload.size or 0,
                uploaded_by=actor,
                is_current=candidate is None,
            )
            if data is None:
                resume.sha256 = ""
                resume.status = ResumeStatus.FAILED
                resume.error_code = ErrorCode.FILE_TOO_LARGE
                resume.error_message = str(MESSAGES[ErrorCode.FILE_TOO_LARGE])
                resume.processed_at = timezone.now()
                resume.save()
                continue
            resume.sha256 = hashlib.sha256(data).hexdigest()
            resume.file.save(name, ContentFile(data), save=False)
            resume.save()
            if queue:
                resume_stored(resume_id=resume.pk)
    return batch


def resume_enqueue(resume_id: int) -> None:
    """Queue the processing task (the ``resume_stored`` receiver, after the resume's row
    is committed)."""
    from django_q.tasks import async_task

    async_task("candidates.intake.tasks.resume_process", resume_id, task_name=f"resume-{resume_id}")


# --- processing -----------------------------------------------------------------------------


def _set_status(resume_id: int, status: str) -> None:
    Resume.objects.filter(pk=resume_id).update(status=status)


def _test_delay_checkpoint() -> None:
    """``INTAKE_TEST_DELAY_SECONDS`` (unset in production): sleep here, between
    «extracting» and «parsing», so a test can kill the worker in the middle of a parse
    deterministically (tests/test_task_recovery.py)."""
    delay = float(getattr(settings, "INTAKE_TEST_DELAY_SECONDS", 0) or 0)
    if delay > 0:
        log.info("resume processing paused for %.1f s (INTAKE_TEST_DELAY_SECONDS)", delay)
        time.sleep(delay)


def resume_process(*, resume_id: int) -> Resume | None:
    """queued → extracting → parsing → done | failed.

    Safe to run again at any point (a worker killed mid-way, a task handed out twice):
    everything before the final write only reads, the final write (candidate, resume,
    duplicates, screening row) is one transaction, and a resume that is already done or
    failed is left alone — re-checked under the row lock before writing, so two runs at
    once still create one candidate."""
    with transaction.atomic():
        resume = Resume.objects.select_for_update().filter(pk=resume_id).first()
        if resume is None or resume.status in (ResumeStatus.DONE, ResumeStatus.FAILED):
            return resume
        if resume.status != ResumeStatus.QUEUED:
            log.warning(
                "resume %s: found %s, an earlier run was interrupted; processing again", resume_id, resume.status
            )
        resume.status = ResumeStatus.EXTRACTING
        resume.save(update_fields=["status"])
    try:
        with resume.file.open("rb") as fh:
            data = fh.read(settings.RESUME_MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        log.warning("resume %s: cannot read stored file: %s", resume_id, exc)
        return _fail(resume, ErrorCode.CORRUPT_FILE)
    # Extraction and rule parsing each run in a forked child under memory and time limits.
    outcome = extract_isolated(data, resume.original_name)
    if not outcome.ok:
        return _fail(resume, ErrorCode(outcome.error_code))
    _set_status(resume_id, ResumeStatus.PARSING)
    _test_delay_checkpoint()
    outcome = parse_isolated(outcome)
    if not outcome.ok:
        return _fail(resume, ErrorCode(outcome.error_code))
    # The LLM (when configured) refines the offline profile here, outside the child.
    outcome = refine_outcome(outcome, refs={"resume_id": resume_id})
    try:
        return _store_outcome(resume_id, outcome)
    except (DatabaseError, PydanticValidationError, ValueError):
        # A profile the database or the schema refuses (a value too long, a character
        # PostgreSQL cannot store) fails this resume with a message; the batch goes on.
        log.exception("resume %s: the parsed profile could not be stored", resume_id)
        return _fail(resume, ErrorCode.PARSE_FAILED)


def _fail(resume: Resume, code: ErrorCode) -> Resume:
    log.info("resume %s: failed (%s)", resume.pk, code)
    # A parallel run that already finished keeps its result.
    Resume.objects.filter(pk=resume.pk).exclude(status=ResumeStatus.DONE).update(
        status=ResumeStatus.FAILED,
        error_code=str(code),
        error_message=str(MESSAGES[code]),
        processed_at=timezone.now(),
    )
    resume.refresh_from_db()
    return resume


@transaction.atomic
def _store_outcome(resume_id: int, outcome: Outcome) -> Resume:
    resume = Resume.objects.select_for_update().get(pk=resume_id)
    if resume.status in (ResumeStatus.DONE, ResumeStatus.FAILED):
        # Another run of the same task got here first (the lock made us wait for it).
        log.info("resume %s: already %s, nothing stored twice", resume_id, resume.status)
        return resume
    profile = Profile.model_validate(outcome.profile)
    flags = dict(outcome.flags or {})
    candidate = resume.candidate
    previous = None
    match = None
    if candidate is None:
        # The same person uploaded again joins the existing candidate instead of
        # becoming a second one (candidates/intake/duplicates.py says what counts). The
        # lock (held to commit) makes two copies of one person stored at the same moment
        # by two workers find each other; the step it serialises takes milliseconds.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [NEW_PERSON_LOCK])
        match = upload_match(
            email=profile.email or "",
            phone=profile.phone or "",
            full_name=profile.full_name or "",
            text=outcome.text,
            sha256=resume.sha256,
        )
        if match is not None:
            candidate = Candidate.objects.select_for_update().get(pk=match.candidate.pk)
    if candidate is None:
        candidate = Candidate(full_name=profile.full_name or resume.original_name, created_by=resume.uploaded_by)
    else:
        previous = (
            Resume.objects.filter(candidate=candidate, status=ResumeStatus.DONE)
            .exclude(pk=resume.pk)
            .order_by("-processed_at", "-pk")
            .first()
        )
    _fill_candidate(candidate, profile, previous=previous)
    candidate.save()
    Resume.objects.filter(candidate=candidate, is_current=True).exclude(pk=resume.pk).update(is_current=False)
    duplicates = candidate_find_duplicates(candidate=candidate)
    flags["duplicates"] = [c.pk for c in duplicates]
    if match is not None:
        flags["merged_into"] = {"candidate_id": candidate.pk, "reason": match.reason}
    if flags.get("hidden_text") or flags.get("injection"):
        log.warning(
            "resume %s: hidden text %s, injection %s", resume.pk, flags.get("hidden_text"), flags.get("injection")
        )
        # Counted in the AI audit log (ids and counts only, never the hidden text).
        record_screening(
            purpose="parsing",
            refs={"resume_id": resume.pk, "candidate_id": candidate.pk},
            findings={
                "hidden_text": bool(flags.get("hidden_text")),
                "hidden_segments": len(flags.get("hidden_segments") or []),
                "hidden_reasons": sorted({s["reason"] for s in flags.get("hidden_segments") or []}),
                "injection": bool(flags.get("injection")),
                "injection_matches": len(flags.get("injection_matches") or []),
                "zero_width_chars": int(flags.get("zero_width_chars") or 0),
            },
        )
    resume.candidate = candidate
    resume.is_current = True
    resume.extracted_text = outcome.text
    resume.language = profile.language or ""
    resume.profile = profile.model_dump(mode="json")
    resume.flags = flags
    resume.parser_engine = outcome.engine
    resume.status = ResumeStatus.DONE
    resume.error_code = resume.error_message = ""
    resume.processed_at = timezone.now()
    resume.save()
    if match is not None:
        CandidateMerge.objects.create(kept=candidate, resume=resume, reason=match.reason, actor=resume.uploaded_by)
        log.info("resume %s: the same person as candidate %s (%s)", resume.pk, candidate.pk, match.reason)
    log.info("resume %s: parsed into candidate %s (%s)", resume.pk, candidate.pk, outcome.engine)
    transaction.on_commit(lambda: candidate_update_search_vector(candidate_id=candidate.pk))
    send_after_commit(signals.resume_parsed, sender=Resume, resume_id=resume.pk)
    return resume


# Fields a person can type on the candidate form (or the open-link form). A parsed resume
# fills them only when they are empty or still hold what an earlier resume (or the file
# name placeholder) put there, so nothing a person typed is overwritten.
TYPED_FIELDS = ("full_name", "email", "phone", "telegram", "city", "desired_position")


def _fill_candidate(candidate: Candidate, profile: Profile, *, previous: Resume | None = None) -> None:
    """Denormalised fields from the current resume.

    Experience, skills and the last job always follow the current resume (nobody types
    them); for ``TYPED_FIELDS`` see above. ``previous`` is the candidate's last processed
    resume, whose values count as machine-filled.
    """
    earlier = Profile.model_validate(previous.profile) if previous is not None and previous.profile else None
    for name in TYPED_FIELDS:
        value = getattr(profile, name) or ""
        if not value:
            continue
        current = getattr(candidate, name) or ""
        machine_filled = {""}
        if earlier is not None:
            machine_filled.add(getattr(earlier, name) or "")
        if name == "full_name" and previous is not None:
            machine_filled.add(previous.original_name)  # the placeholder of a nameless resume
        if current in machine_filled:
            setattr(candidate, name, value[: Candidate._meta.get_field(name).max_length])
    if profile.total_experience_months is not None:
        candidate.total_experience_months = profile.total_experience_months
    if profile.skills:
        candidate.skills = [s[:80] for s in profile.skills]
    if profile.last_company or profile.last_title:
        candidate.last_company = (profile.last_company or "")[:200]
        candidate.last_title = (profile.last_title or "")[:200]


# --- duplicates and merge ---------------------------------------------------------------------


def _name_key(name: str) -> str:
    return " ".join(sorted(re.sub(r"[^\w\s-]", "", name.lower().replace("ё", "е")).split()))


def candidate_find_duplicates(*, candidate: Candidate) -> list[Candidate]:
    """Same e-mail or phone, or a close name with a matching detail (city, last company,
    or three shared skills)."""
    others = Candidate.objects.exclude(pk=candidate.pk)
    contact = Q(pk__in=[])
    if candidate.email:
        contact |= Q(email__iexact=candidate.email)
    if candidate.phone:
        contact |= Q(phone=candidate.phone)
    found = {c.pk: c for c in others.filter(contact)}
    key = _name_key(candidate.full_name)
    surname_words = [w for w in key.split() if len(w) > 2]
    if surname_words:
        name_q = Q()
        for word in surname_words:
            name_q |= Q(full_name__icontains=word[:-2] if len(word) > 5 else word)
        for other in others.filter(name_q)[:200]:
            if other.pk in found:
                continue
            ratio = difflib.SequenceMatcher(None, key, _name_key(other.full_name)).ratio()
            if ratio < 0.85:
                continue
            same_city = bool(candidate.city) and candidate.city == other.city
            same_company = bool(candidate.last_company) and candidate.last_company == other.last_company
            shared_skills = len(set(candidate.skills) & set(other.skills))
            if same_city or same_company or shared_skills >= 3:
                found[other.pk] = other
    return sorted(found.values(), key=lambda c: c.pk)


@transaction.atomic
def candidate_merge(*, keep: Candidate, merge: Candidate, actor: AbstractBaseUser | None) -> Candidate:
    """Move everything of ``merge`` to ``keep`` and delete ``merge``; the history stays:
    stage changes of a duplicate application are re-attached, and a note records the merge."""
    if keep.pk == merge.pk:
        raise ValueError("cannot merge a candidate into itself")
    keep = Candidate.objects.select_for_update().get(pk=keep.pk)
    merge = Candidate.objects.select_for_update().get(pk=merge.pk)
    for application in Application.objects.filter(candidate=merge):
        existing = Application.objects.filter(candidate=keep, vacancy_id=application.vacancy_id).first()
        if existing is None:
            application.candidate = keep
            application.save(update_fields=["candidate", "updated_at"])
        else:
            StageChange.objects.filter(application=application).update(application=existing)
            application.delete()
    Note.objects.filter(candidate=merge).update(candidate=keep)
    ConsentRecord.objects.filter(candidate=merge).update(candidate=keep)
    has_current = Resume.objects.filter(candidate=keep, is_current=True).exists()
    Resume.objects.filter(candidate=merge).update(candidate=keep, is_current=False if has_current else True)
    for field in ("email", "phone", "telegram", "city", "desired_position", "last_company", "last_title"):
        if not getattr(keep, field) and getattr(merge, field):
            setattr(keep, field, getattr(merge, field))
    keep.skills = list(dict.fromkeys([*keep.skills, *merge.skills]))
    if keep.total_experience_months is None:
        keep.total_experience_months = merge.total_experience_months
    keep.save()
    Note.objects.create(
        candidate=keep,
        author=actor,
        text=_("Объединён с дубликатом «%(name)s» (#%(id)s, %(email)s %(phone)s).")
        % {"name": merge.full_name, "id": merge.pk, "email": merge.email, "phone": merge.phone},
    )
    # Kept as the redirect for work queued for the deleted duplicate (its matching task
    # runs for the kept person instead: ``candidate_resolve``) and as the table's mark.
    CandidateMerge.objects.create(kept=keep, merged_id=merge.pk, reason=MergeReason.MANUAL, actor=actor)
    CandidateMerge.objects.filter(kept=merge).update(kept=keep)
    merged_id = merge.pk
    merge.delete()
    transaction.on_commit(lambda: candidate_update_search_vector(candidate_id=keep.pk))
    transaction.on_commit(lambda: queued_tasks_redirect(merged_id=merged_id, kept_id=keep.pk))
    return keep


def queued_tasks_redirect(*, merged_id: int, kept_id: int) -> int:
    """Tasks still waiting in the queue for the deleted duplicate are re-pointed at the
    kept candidate (the ORM broker's queue is a table; with Redis the task itself
    resolves the id when it runs). Returns how many were re-pointed."""
    from django_q.models import OrmQ
    from django_q.signing import BadSignature, SignedPackage

    moved = 0
    waiting = OrmQ.objects.filter(Q(lock__isnull=True) | Q(lock__lte=timezone.now()))
    for row in waiting:
        try:
            task = SignedPackage.loads(row.payload)
        except BadSignature:
            continue
        if task.get("func") not in CANDIDATE_TASKS or list(task.get("args") or [])[:1] != [merged_id]:
            continue
        task["args"] = (kept_id, *list(task["args"])[1:])
        row.payload = SignedPackage.dumps(task)
        row.save(update_fields=["payload"])
        moved += 1
    if moved:
        log.info("%s queued task(s) of merged candidate %s now run for %s", moved, merged_id, kept_id)
    return moved


# Tasks whose first argument is a candidate id (see ``queued_tasks_redirect``).
CANDIDATE_TASKS = frozenset({"matching.tasks.candidate_matching_task"})
