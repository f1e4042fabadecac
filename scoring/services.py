"""The manager's decision: a person accepts or rejects; the AI only recommends.

Writes for interview evaluations. Tasks, views and commands call these.

``evaluation_run`` is the one path from an interview's turns to a stored evaluation: it
builds the transcript, runs the configured engine (quotes verified, recommendation by
the documented rules), stores a new current ``Evaluation`` (history kept), moves the
application to «Ожидание решения менеджера», and queues the PDF after commit."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_q.tasks import async_task

from candidates import services as candidate_services
from candidates.models import Application, Resume
from candidates.pipeline import Stage
from candidates.selectors import can_decide
from candidates.services import application_move_to_stage
from hrcrm.ai import AIError, audit_link_decision, record_fallback
from hrcrm.emails import EmailContext, EmailRefs, RenderedEmail, email_render, email_send
from hrcrm.events import send_after_commit
from hrcrm.models import AIAuditLog, EmailKind
from interviews.models import Interview, InterviewStatus, Speaker
from scoring import signals
from scoring.evaluation import offline
from scoring.evaluation.engines import EngineUnavailable, get_engine
from scoring.evaluation.evaluate import EngineFailed, OfflineEngine, evaluate_transcript
from scoring.evaluation.schema import (
    INTEGRITY_FLAGS,
    EvaluationResult,
    Evidence,
    Transcript,
    TranscriptTurn,
    VacancyBrief,
)
from scoring.models import Decision, Evaluation, Outcome
from scoring.recommendations import ai_recommendations
from scoring.report.pdf import ReportData, render_evaluation_pdf
from scoring.selectors import decision_reversible


class DecisionError(Exception):
    """Shown to the person as is."""


def ai_audit_link(*, evaluation: Evaluation, decision_ref: str) -> int:
    """Point the AI calls that produced ``evaluation`` (the LLM's scoring calls of its
    interview, up to the moment it was stored) at the human decision taken on it. The
    offline engine calls no provider, so its evaluations have no rows to link."""
    ids = list(
        AIAuditLog.objects.filter(
            purpose="scoring",
            input_refs__interview_id=evaluation.interview_id,
            created_at__lte=evaluation.created_at,
        ).values_list("pk", flat=True)
    )
    return audit_link_decision(audit_ids=ids, decision_ref=decision_ref) if ids else 0


@transaction.atomic
def decision_make(
    *,
    application_id: int,
    actor: AbstractBaseUser,
    outcome: str,
    comment: str = "",
    confirmed: bool = False,
    without_ai: bool = False,
) -> Decision:
    """Move the application to accepted/rejected through the pipeline service and store
    the decision next to the AI's recommendation at this moment. Only the vacancy's
    hiring manager or an admin decides; accepting must be ``confirmed`` (the screens ask
    first). With no interview evaluation the person must say so (``without_ai``) and
    why (``comment``), so a decision on nothing is never one click. No e-mail is sent
    here: the candidate is told only when a person presses the button."""
    application = Application.objects.select_related("vacancy").get(pk=application_id)
    if not can_decide(actor, application):
        raise PermissionDenied
    if outcome not in Outcome.values:
        raise DecisionError(_("Неизвестное решение."))
    evaluation = (
        Evaluation.objects.filter(application_id=application_id, is_current=True).order_by("-created_at").first()
    )
    if evaluation is None and not without_ai:
        raise DecisionError(
            _(
                "Оценки интервью ИИ нет. Чтобы решить без неё, отметьте «Решить без оценки ИИ» "
                "(на странице «Решения» или кандидата) и напишите причину."
            )
        )
    if evaluation is None and not comment.strip():
        raise DecisionError(_("Напишите, почему решаете без оценки ИИ."))
    if outcome == Outcome.REJECT and not comment.strip():
        raise DecisionError(_("Для отказа укажите причину."))
    if outcome == Outcome.ACCEPT and not confirmed:
        raise DecisionError(_("Подтвердите, что принимаете кандидата."))
    if application.stage != Stage.AWAITING_DECISION:
        raise DecisionError(_("Решение принимается, когда кандидат ожидает решения."))
    target = Stage.ACCEPTED if outcome == Outcome.ACCEPT else Stage.REJECTED
    try:
        candidate_services.application_move_to_stage(
            application_id=application.pk, to_stage=target, actor=actor, comment=comment, decision=True
        )
    except candidate_services.PipelineError as error:
        raise DecisionError(str(error))
    ai = ai_recommendations([application.pk]).get(application.pk)
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        comment=comment.strip(),
        decided_by=actor,
        ai_recommendation=(ai.outcome or None) if ai else None,
        ai_summary=ai.summary if ai else "",
        agreed_with_ai=(ai.outcome == outcome) if ai and ai.outcome else None,
        without_ai=evaluation is None,
    )
    if evaluation is not None:
        ai_audit_link(evaluation=evaluation, decision_ref=f"scoring.Decision:{decision.pk}")
    send_after_commit(signals.decision_made, sender=Decision, decision_id=decision.pk)
    return decision


@transaction.atomic
def decision_reverse(*, decision_id: int, actor: AbstractBaseUser, reason: str) -> Application:
    """An admin takes a decision back: the application awaits the decision again and the
    stage history says who reversed it, when and why (the Decision row stays: history is
    append-only)."""
    decision = Decision.objects.select_related("application").get(pk=decision_id)
    if not decision_reversible(decision, actor):
        raise PermissionDenied
    if not reason.strip():
        raise DecisionError(_("Укажите причину отмены решения."))
    note = _("Решение «%(outcome)s» от %(date)s отменено: %(reason)s") % {
        "outcome": decision.get_outcome_display(),
        "date": timezone.localtime(decision.decided_at).strftime("%d.%m.%Y"),
        "reason": reason.strip()[:1500],
    }
    try:
        return candidate_services.application_move_to_stage(
            application_id=decision.application_id,
            to_stage=Stage.AWAITING_DECISION,
            actor=actor,
            comment=note,
            decision=True,
        )
    except candidate_services.PipelineError as error:
        raise DecisionError(str(error))


def _decision_email(decision: Decision, actor: AbstractBaseUser) -> tuple[EmailKind, EmailContext]:
    application = decision.application
    kind = EmailKind.DECISION_ACCEPT if decision.outcome == Outcome.ACCEPT else EmailKind.DECISION_REJECT
    return kind, EmailContext(
        candidate_name=application.candidate.full_name,
        vacancy_title=application.vacancy.title,
        company=application.vacancy.company,
        sender_name=actor.get_full_name() or actor.get_username(),  # type: ignore[attr-defined]
    )


def _decision_for_email(decision_id: int, actor: AbstractBaseUser, *, lock: bool) -> Decision:
    queryset = Decision.objects.select_related("application__candidate", "application__vacancy")
    decision = (queryset.select_for_update() if lock else queryset).get(pk=decision_id)
    if not can_decide(actor, decision.application):
        raise PermissionDenied
    if decision.email_sent_at is not None:
        raise DecisionError(_("Письмо уже отправлено."))
    if not decision.application.candidate.email:
        raise DecisionError(_("У кандидата нет e-mail."))
    return decision


def decision_email_draft(*, decision_id: int, actor: AbstractBaseUser) -> tuple[Decision, RenderedEmail]:
    """The letter as it would go out, for the person to read and edit before sending."""
    decision = _decision_for_email(decision_id, actor, lock=False)
    kind, context = _decision_email(decision, actor)
    return decision, email_render(kind=kind, language=decision.application.vacancy.language, context=context)


@transaction.atomic
def decision_send_email(
    *, decision_id: int, actor: AbstractBaseUser, subject: str | None = None, body: str | None = None
) -> Decision:
    """Tell the candidate the decision (by a person's click only, once). ``subject`` and
    ``body`` are the text the person saw and perhaps edited; without them the template."""
    decision = _decision_for_email(decision_id, actor, lock=True)
    application = decision.application
    kind, context = _decision_email(decision, actor)
    rendered = None
    if subject is not None and body is not None:
        if not subject.strip() or not body.strip():
            raise DecisionError(_("Тема и текст письма не могут быть пустыми."))
        # A browser's textarea sends CRLF; the mail backend adds the wire's own line ends.
        rendered = RenderedEmail(subject=" ".join(subject.split()), body=body.replace("\r\n", "\n").strip() + "\n")
    email_send(
        kind=kind,
        to=application.candidate.email,
        language=application.vacancy.language,
        context=context,
        refs=EmailRefs(candidate_id=application.candidate_id, application_id=application.pk, sent_by=actor),
        rendered=rendered,
    )
    decision.email_sent_at = timezone.now()
    decision.save(update_fields=["email_sent_at"])
    return decision


logger = logging.getLogger(__name__)


class EvaluationError(Exception):
    """The interview cannot be evaluated (for example, it has no transcript)."""


def transcript_for_interview(interview: Interview) -> tuple[Transcript, list[int]]:
    """The interview as an engine's input, and each position's ``Turn.index`` (engines
    cite positions; the page anchors use the stored index)."""
    application = interview.application
    turns = list(interview.turns.order_by("index"))
    vacancy = application.vacancy
    duration = None
    if interview.started_at and interview.finished_at:
        duration = round((interview.finished_at - interview.started_at).total_seconds() / 60, 1)
    transcript = Transcript(
        vacancy=VacancyBrief(
            title=vacancy.title,
            must_have=vacancy.must_have,
            nice_to_have=vacancy.nice_to_have,
            min_experience_years=float(vacancy.min_experience_years or 0),
        ),
        candidate_summary=candidate_summary(application),
        turns=[
            TranscriptTurn(
                role="candidate" if t.speaker == Speaker.CANDIDATE else "interviewer",
                text=t.text,
                recognition_confidence=_recognition_confidence(t),
            )
            for t in turns
        ],
        candidate_name=application.candidate.full_name,
        language="",  # detected from the answers: the language the interview was really held in
        duration_minutes=duration,
    )
    return transcript, [t.index for t in turns]


def _recognition_confidence(turn: Any) -> float | None:
    """The recogniser's confidence in a spoken answer (interviews/speech/recognition.py);
    an answer with unclear stretches counts as at most the low mark."""
    from interviews.speech.recognition import recognition_of

    record = recognition_of(turn)
    value = record.get("confidence")
    if not isinstance(value, int | float):
        return None
    return min(float(value), 0.49) if record.get("unclear") else float(value)


def candidate_summary(application: Application) -> str:
    """A neutral CV-style line from what intake stored (the current resume's summary when
    it has one). Claims here count only when the interview supports them."""
    candidate = application.candidate
    resume = Resume.objects.filter(candidate=candidate, is_current=True).order_by("-created_at").first()
    profile: dict[str, Any] = resume.profile if resume and isinstance(resume.profile, dict) else {}
    parts = [str(profile["summary"])] if isinstance(profile.get("summary"), str) else []
    if candidate.desired_position:
        parts.append(candidate.desired_position)
    if candidate.total_experience_months:
        parts.append(f"{candidate.total_experience_months / 12:g} лет опыта")
    if candidate.last_title or candidate.last_company:
        parts.append(", ".join(filter(None, [candidate.last_title, candidate.last_company])))
    if candidate.skills:
        parts.append("Навыки: " + ", ".join(candidate.skills))
    return ". ".join(parts)


def _remap_turns(result: EvaluationResult, indexes: list[int]) -> EvaluationResult:
    # A JSON round trip first: engines may share one Evidence object between a criterion
    # and a requirement, and it must be moved once.
    result = EvaluationResult.model_validate(result.model_dump(mode="json"))

    def fix(items: list[Evidence]) -> None:
        for item in items:
            item.turn_index = indexes[item.turn_index]

    for _name, criterion in result.criteria.items():
        fix(criterion.evidence)
    for requirement in result.requirements:
        fix(requirement.evidence)
    for flag in result.red_flags:
        fix(flag.evidence)
    for dropped in result.dropped_quotes:
        if 0 <= dropped.turn_index < len(indexes):
            dropped.turn_index = indexes[dropped.turn_index]
    result.recognition.unsure_turns = [indexes[n] for n in result.recognition.unsure_turns if 0 <= n < len(indexes)]
    return result


def _evaluate(transcript: Transcript, runs: int | None, *, interview_id: int) -> EvaluationResult:
    """The configured engine; if the LLM cannot be used, the offline engine (logged, and
    the failed AI call is marked as answered by the fallback in the audit log), so an
    interview is never left without an evaluation."""
    try:
        engine = get_engine(refs={"interview_id": interview_id})
        return evaluate_transcript(transcript, engine=engine, runs=runs or getattr(settings, "SCORING_LLM_RUNS", 3))
    except (EngineUnavailable, EngineFailed) as exc:
        logger.warning("LLM evaluation unavailable, using the offline engine: %s", exc)
        if isinstance(exc, EngineFailed) and isinstance(exc.error, AIError):
            record_fallback(exc.error, fallback_to=offline.ENGINE)
        return evaluate_transcript(transcript, engine=OfflineEngine())


# ``replaces`` of ``evaluation_run``: store a new evaluation whatever is current.
ANY_CURRENT = "any"


def current_evaluation_id(interview_id: int) -> int | None:
    return Evaluation.objects.filter(interview_id=interview_id, is_current=True).values_list("pk", flat=True).first()


def evaluation_run(
    *, interview_id: int, runs: int | None = None, requested_by: Any = None, replaces: int | None | str = ANY_CURRENT
) -> Evaluation:
    """Evaluate the interview and store the result as its current evaluation.

    ``replaces`` makes a queued run idempotent: the id of the evaluation that was current
    when the run was asked for (None: there was none). If by the time this run stores its
    result another evaluation has become current — a rerun of the same task, or a second
    request racing it — that one already answers the request and is returned instead of
    adding a duplicate. ``ANY_CURRENT`` (a person's explicit re-run) always stores."""
    interview = Interview.objects.select_related("application__candidate", "application__vacancy").get(pk=interview_id)
    if not interview.turns.exists():
        raise EvaluationError(f"Interview {interview_id} has no turns to evaluate")
    transcript, indexes = transcript_for_interview(interview)
    result = _remap_turns(_evaluate(transcript, runs, interview_id=interview.pk), indexes)
    # The engine ran outside the transaction (an LLM may take long); locking the interview
    # row serialises two runs finishing together, so exactly one stays current.
    with transaction.atomic():
        list(Interview.objects.select_for_update().filter(pk=interview.pk).values_list("pk", flat=True))
        if replaces != ANY_CURRENT:
            current = Evaluation.objects.filter(interview=interview, is_current=True).first()
            if current is not None and current.pk != replaces:
                logger.info(
                    "interview %s: evaluation %s is already current, not stored twice", interview.pk, current.pk
                )
                return current
        Evaluation.objects.filter(interview=interview, is_current=True).update(is_current=False)
        evaluation = Evaluation.objects.create(
            interview=interview,
            application=interview.application,
            result=result.model_dump(mode="json"),
            recommendation=result.recommendation.value,
            overall_score=result.overall_score,
            integrity_violation=any(f.type in INTEGRITY_FLAGS for f in result.red_flags),
            engine=result.provenance.engine,
            provider=result.provenance.provider,
            model_name=result.provenance.model,
            prompt_version=result.provenance.prompt_version,
            runs=result.runs,
            spread={k: v.model_dump() for k, v in result.spread.items()},
            dropped_quotes=len(result.dropped_quotes),
            requested_by=requested_by,
        )
        _advance_application(interview.application_id)
        transaction.on_commit(lambda: async_task("scoring.tasks.render_report_task", evaluation.pk))
        send_after_commit(signals.evaluation_ready, sender=Evaluation, evaluation_id=evaluation.pk)
    return evaluation


def _advance_application(application_id: int) -> None:
    """interviewing → evaluating → awaiting_decision. A re-run on an application already
    past evaluation (or decided) leaves its stage alone."""
    stage = Application.objects.values_list("stage", flat=True).get(pk=application_id)
    if stage == Stage.INTERVIEWING:
        application_move_to_stage(
            application_id=application_id, to_stage=Stage.EVALUATING, system_reason="Интервью завершено, идёт оценка"
        )
        stage = Stage.EVALUATING
    if stage == Stage.EVALUATING:
        application_move_to_stage(
            application_id=application_id,
            to_stage=Stage.AWAITING_DECISION,
            system_reason="Оценка ИИ готова, ждём решения менеджера",
        )


def evaluation_enqueue(*, interview_id: int, force: bool = False) -> None:
    """Queue the evaluation once the current transaction commits (the ``interview_finished``
    receiver calls it). Without ``force`` an interview that already has an evaluation is
    left alone, so asking twice never runs twice."""
    transaction.on_commit(lambda: _enqueue_evaluation(interview_id, force))


def _enqueue_evaluation(interview_id: int, force: bool) -> None:
    # A forced run replaces the evaluation current now, and only that one: a rerun of the
    # task after it stored its result finds a newer one and stops (see evaluation_run).
    replaces = current_evaluation_id(interview_id) if force else None
    async_task("scoring.tasks.evaluate_interview_task", interview_id, force, replaces)


def evaluate_on_stage_change(application_id: int, from_stage: str, to_stage: str) -> None:
    """A person moved the application (runs after commit): into «Оценка» from the
    interview evaluates the latest completed interview; back from «Ожидание решения» to
    «Оценка» asks for a fresh evaluation. (A finished interview is evaluated through
    ``interview_finished``; the system's own moves need nothing here.)"""
    if to_stage != Stage.EVALUATING or from_stage not in (Stage.INTERVIEWING, Stage.AWAITING_DECISION):
        return
    interview = (
        Interview.objects.filter(application_id=application_id, status=InterviewStatus.COMPLETED)
        .filter(turns__isnull=False)
        .distinct()
        .order_by("-finished_at", "-pk")
        .first()
    )
    if interview is not None:
        _enqueue_evaluation(interview.pk, force=from_stage == Stage.AWAITING_DECISION)


def evaluation_report_generate(*, evaluation_id: int) -> Evaluation:
    """Render the PDF report into storage (replacing an older file of this evaluation)."""
    evaluation = Evaluation.objects.select_related("interview", "application__candidate", "application__vacancy").get(
        pk=evaluation_id
    )
    data = ReportData.from_evaluation(evaluation)
    pdf = render_evaluation_pdf(data)
    # The new file is stored and recorded before the old one is deleted: a run killed
    # half-way leaves the previous report in place (at worst an orphan file), and a
    # rerun simply renders again.
    old_name = evaluation.report.name if evaluation.report else ""
    evaluation.report.save(f"evaluation-{evaluation.pk}.pdf", ContentFile(pdf), save=False)
    evaluation.report_generated_at = timezone.now()
    evaluation.save(update_fields=["report", "report_generated_at"])
    if old_name and old_name != evaluation.report.name:
        evaluation.report.storage.delete(old_name)
    return evaluation
