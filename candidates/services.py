"""Writes for candidates and applications. Views, consumers and tasks call these."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.postgres.search import SearchVector
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Func, TextField, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates import signals
from candidates.models import (
    Application,
    ApplicationOrigin,
    Candidate,
    ConsentRecord,
    Note,
    Resume,
    ResumeStatus,
    StageChange,
)
from candidates.pipeline import Mover, Stage, can_move, is_decision_move, needs_reason
from hrcrm.events import send_after_commit
from vacancies.models import Vacancy


class PipelineError(Exception):
    """A move the transition table forbids, or one missing its reason. The message is
    shown to the person as is."""


@transaction.atomic
def application_create(
    *,
    candidate: Candidate,
    vacancy: Vacancy,
    origin: str = ApplicationOrigin.ASSIGNED,
    actor: AbstractBaseUser | None = None,
    comment: str = "",
) -> Application:
    application, created = Application.objects.get_or_create(
        candidate=candidate,
        vacancy=vacancy,
        defaults={"origin": origin, "created_by": actor, "stage": Stage.INVITED},
    )
    if created:
        StageChange.objects.create(
            application=application,
            from_stage="",
            to_stage=Stage.INVITED,
            actor=actor,
            system_reason="" if actor else _("Создано системой"),
            comment=comment,
        )
    return application


def application_move_to_stage(
    *,
    application_id: int,
    to_stage: str,
    actor: AbstractBaseUser | None = None,
    system_reason: str = "",
    comment: str = "",
    decision: bool = False,
) -> Application:
    """Move an application along the pipeline.

    Locks the row so two people dragging the same card cannot both win, checks the
    transition table and who may decide, writes the StageChange (who, when, from, to,
    why), and sends ``stage_changed`` after commit. ``actor=None`` means the system
    moved it, and then ``system_reason`` is required. ``decision=True`` only from the
    decision service (``scoring.services``), which checked the decider itself.
    """
    mover = Mover.PERSON if actor is not None else Mover.SYSTEM
    if mover is Mover.SYSTEM and not system_reason:
        raise ValueError("A system move needs system_reason")
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        from_stage = application.stage
        if from_stage == to_stage:
            return application
        if not can_move(from_stage, to_stage, mover):
            raise PipelineError(
                _("Нельзя перевести из «%(from)s» в «%(to)s».")
                % {"from": Stage(from_stage).label, "to": Stage(to_stage).label}
            )
        if actor is not None:
            _check_authority(application, from_stage, to_stage, actor, decision=decision)
        reason = comment.strip()
        if needs_reason(to_stage) and not (reason or system_reason):
            raise PipelineError(_("Для отказа укажите причину."))
        application.stage = to_stage
        application.stage_changed_at = timezone.now()
        if to_stage == Stage.REJECTED:
            application.rejection_reason = reason or system_reason
        application.save(update_fields=["stage", "stage_changed_at", "rejection_reason", "updated_at"])
        StageChange.objects.create(
            application=application,
            from_stage=from_stage,
            to_stage=to_stage,
            actor=actor,
            system_reason=system_reason,
            comment=reason,
        )
        send_after_commit(
            signals.stage_changed,
            sender=Application,
            application_id=application.pk,
            from_stage=from_stage,
            to_stage=to_stage,
            actor_id=actor.pk if actor is not None else None,
        )
    return application


def _check_authority(
    application: Application, from_stage: str, to_stage: str, actor: AbstractBaseUser, *, decision: bool
) -> None:
    """One decision authority on every path (Kanban, table, page, API): accepting or
    rejecting a candidate who awaits the decision, and reversing a decision, happen only
    through the decision service; any other move out of «awaiting decision» (back to
    evaluation) only by whoever may decide, so two moves cannot get round it."""
    from candidates.selectors import can_decide

    if is_decision_move(from_stage, to_stage) and not decision:
        raise PipelineError(_("Решение о кандидате принимается на экране «Решения»."))
    if from_stage == Stage.AWAITING_DECISION and not can_decide(actor, application):
        raise PipelineError(_("Решение принимает нанимающий менеджер вакансии или администратор."))


def candidate_update_search_vector(*, candidate_id: int) -> None:
    """Rebuild the full-text vector (Russian configuration) over name, contacts, skills
    and the current resume's text. Called after any change to those fields."""
    resume_text = (
        Resume.objects.filter(candidate_id=candidate_id, is_current=True)
        .order_by("-created_at")
        .values_list("extracted_text", flat=True)
        .first()
        or ""
    )
    Candidate.objects.filter(pk=candidate_id).update(
        search_vector=SearchVector("full_name", weight="A", config="russian")
        + SearchVector("email", "phone", "telegram", "city", weight="A", config="simple")
        + SearchVector("desired_position", "last_title", "last_company", weight="B", config="russian")
        + SearchVector(
            Func(F("skills"), Value(" "), function="array_to_string", output_field=TextField()),
            weight="B",
            config="simple",
        )
        + SearchVector(Value(resume_text), weight="C", config="russian")
    )


def _becomes_current(candidate: Candidate) -> bool:
    """A new file replaces the current resume only once intake has processed it (intake
    switches ``is_current`` then), so a refused file never hides a good one; a candidate's
    first resume is current at once."""
    return not Resume.objects.filter(candidate=candidate, is_current=True).exists()


@transaction.atomic
def candidate_attach_resume_file(
    *, candidate: Candidate, path: Path, uploaded_by: AbstractBaseUser | None = None, queue: bool = True
) -> Resume:
    """Store a resume file for a candidate; it becomes the current one when processed.
    ``queue=False`` when the caller runs intake on it itself (``seed_demo`` does, synchronously)."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    resume = Resume(
        candidate=candidate,
        original_name=path.name,
        size=len(data),
        sha256=digest,
        status=ResumeStatus.QUEUED,
        uploaded_by=uploaded_by,
        is_current=_becomes_current(candidate),
    )
    with path.open("rb") as fh:
        resume.file.save(path.name, File(fh), save=False)
    resume.save()
    if queue:
        resume_stored(resume_id=resume.pk)
    return resume


def candidate_attach_resume_upload(
    *, candidate: Candidate, upload: UploadedFile, uploaded_by: AbstractBaseUser | None = None
) -> Resume:
    """Store an uploaded resume (from a form) for the candidate, queued for intake. Same
    rules as ``candidate_attach_resume_file``."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = Path(upload.name or "resume").name
    with transaction.atomic():
        resume = Resume(
            candidate=candidate,
            original_name=name,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            status=ResumeStatus.QUEUED,
            uploaded_by=uploaded_by,
            is_current=_becomes_current(candidate),
        )
        resume.file.save(name, upload, save=False)
        resume.save()
        resume_stored(resume_id=resume.pk)
    return resume


def resume_stored(*, resume_id: int) -> None:
    """A Resume file was stored: every path that stores one calls this once, so each file
    is processed exactly once and only after its row is committed."""
    send_after_commit(signals.resume_stored, sender=Resume, resume_id=resume_id)


def note_create(*, candidate: Candidate, author: AbstractBaseUser, text: str) -> Note:
    text = text.strip()
    if not text:
        raise ValueError("empty note")
    return Note.objects.create(candidate=candidate, author=author, text=text[:5000])


@dataclass(frozen=True)
class ConsentShown:
    """A consent text as the candidate was shown it: its purpose, wording and version
    (``privacy.consents.consent_shown`` makes it from the published document)."""

    purpose: str
    text: str
    version: str


def consent_record(
    *,
    candidate: Candidate,
    shown: ConsentShown,
    ip_address: str | None,
    user_agent: str,
    source: str,
    granted: bool = True,
) -> ConsentRecord:
    """Append the candidate's answer to ``shown`` (a consent, or with ``granted=False`` its
    withdrawal), when and from where. The one writer of ``ConsentRecord``: the history is
    only ever appended to (152-ФЗ art. 9: the operator proves consent was given)."""
    return ConsentRecord.objects.create(
        candidate=candidate,
        purpose=shown.purpose,
        text=shown.text,
        text_version=shown.version,
        granted=granted,
        ip_address=ip_address,
        user_agent=user_agent[:400],
        source=source,
    )


@transaction.atomic
def candidate_save(*, candidate: Candidate, actor: AbstractBaseUser, resume: UploadedFile | None = None) -> Candidate:
    """Create or update a candidate entered by hand, with an optional resume file, and
    refresh the search vector so the table finds him at once."""
    if candidate.pk is None:
        candidate.created_by = actor
    candidate.save()
    if resume is not None:
        candidate_attach_resume_upload(candidate=candidate, upload=resume, uploaded_by=actor)
    candidate_update_search_vector(candidate_id=candidate.pk)
    return candidate
