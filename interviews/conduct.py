"""Running a live interview: the services the WebSocket consumer (chat now, voice
later) calls. Each call locks the interview row, asks the engine, saves the turns and
the engine state in one transaction, and returns the new turns — so a dropped
connection, a closed tab or a restart never loses or duplicates a turn."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.pipeline import Stage
from candidates.services import application_move_to_stage
from hrcrm.events import send_after_commit
from interviews import interviewer, signals
from interviews.engine import InterviewPlan, InterviewState, ProfileInput, VacancyInput, build_plan
from interviews.engine import core as engine
from interviews.models import Interview, InterviewStatus, Speaker, Turn

LIVE = (InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS)

log = logging.getLogger(__name__)


class InterviewClosedError(Exception):
    """The interview is over (completed, abandoned or failed); nothing more is accepted."""


@dataclass(frozen=True)
class Progress:
    topics_done: int
    topics_total: int
    seconds_left: int
    finished: bool


def _now() -> float:
    return time.time()


def plan_for(interview: Interview) -> InterviewPlan:
    """The saved plan (perhaps edited by a recruiter), or one built from the vacancy
    and the candidate's current parsed resume."""
    if interview.plan:
        return InterviewPlan.model_validate(interview.plan)
    application = interview.application
    vacancy = application.vacancy
    candidate = application.candidate
    resume = candidate.resumes.filter(is_current=True).order_by("-created_at").first()
    parsed = (resume.profile or {}) if resume else {}
    profile = ProfileInput(
        skills=list(parsed.get("skills") or candidate.skills or []),
        total_experience_months=parsed.get("total_experience_months") or candidate.total_experience_months,
        summary=resume_summary(parsed, [candidate.desired_position, candidate.last_title]),
    )
    return build_plan(
        vacancy=vacancy_input(vacancy),
        profile=profile,
        language=interview.language or vacancy.language or "ru",
        budget_minutes=interview.time_budget_minutes or vacancy.interview_minutes or 25,
    )


def interview_prepare_plan(*, interview_id: int) -> bool:
    """With a model configured, write the plan's questions for this candidate and job
    (a django-q2 task queued when the interview is created: no page and no candidate
    waits for it). Saved only if the interview is still pending with no saved plan —
    a recruiter's edit or a started interview wins. Returns whether it saved."""
    from interviews.plan_writer import plan_personalise

    interview = Interview.objects.select_related("application__vacancy", "application__candidate").get(pk=interview_id)
    if interview.plan or interview.status != InterviewStatus.PENDING or interviewer.model_configured() is None:
        return False
    plan = plan_personalise(
        plan_for(interview),
        duties=interview.application.vacancy.responsibilities or "",
        refs={"interview_id": interview.pk},
    )
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview_id)
        if locked.plan or locked.status != InterviewStatus.PENDING:
            return False
        locked.plan = plan.model_dump(mode="json")
        locked.save(update_fields=["plan"])
    return True


def vacancy_input(vacancy: Any) -> VacancyInput:
    """The engine's view of a vacancy: requirements, and the facts a candidate may ask about."""
    return VacancyInput(
        title=vacancy.title,
        must_have=vacancy.must_have or [],
        nice_to_have=vacancy.nice_to_have or [],
        min_experience_years=float(vacancy.min_experience_years or 0),
        language=vacancy.language or "ru",
        company=vacancy.company or "",
        city=vacancy.city or "",
        work_format=vacancy.work_format or "",
        salary_from=vacancy.salary_from,
        salary_to=vacancy.salary_to,
        currency=vacancy.currency or "RUB",
        description=vacancy.description or "",
        responsibilities=vacancy.responsibilities or "",
    )


def resume_summary(parsed: dict[str, Any], extra: list[str]) -> str:
    """A short, factual summary of a parsed resume (what the interviewer may refer to)."""
    parts = [p for p in extra if p]
    if parsed.get("skills"):
        parts.append("Навыки: " + ", ".join(map(str, parsed["skills"][:25])))
    months = parsed.get("total_experience_months")
    if months:
        parts.append(f"Опыт: {int(months) // 12} г. {int(months) % 12} мес.")
    for job in (parsed.get("experience") or [])[:3]:
        if isinstance(job, dict):
            parts.append(" — ".join(str(job.get(k) or "") for k in ("title", "company") if job.get(k)))
    return ". ".join(p for p in parts if p)[:1500]


def interview_save_plan(*, interview_id: int, plan: InterviewPlan) -> Interview:
    """A recruiter's edit of the plan; allowed only before the interview starts."""
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview_id)
        if interview.status != InterviewStatus.PENDING:
            raise InterviewClosedError(_("План можно менять только до начала интервью."))
        interview.plan = plan.model_dump(mode="json")
        interview.save(update_fields=["plan"])
    return interview


def _load(interview: Interview) -> InterviewState:
    assert interview.state is not None
    return InterviewState.model_validate(interview.state)


def _next_index(interview: Interview) -> int:
    last = interview.turns.order_by("-index").values_list("index", flat=True).first()
    return 0 if last is None else last + 1


def _save_step(
    interview: Interview, state: InterviewState, step: engine.Step, now: float, meta: dict[str, Any] | None = None
) -> Turn:
    meta = dict(meta or {"source": "rules"})
    if step.new_flags:
        meta["flags"] = [f.model_dump() for f in step.new_flags]
    turn = Turn.objects.create(
        interview=interview,
        index=_next_index(interview),
        speaker=Speaker.INTERVIEWER,
        text=step.say,
        topic=step.topic_id or "",
        action=step.action,
        at_seconds=round(state.elapsed(now), 1),
        meta=meta,
    )
    interview.state = state.model_dump(mode="json")
    interview.last_activity_at = timezone.now()
    interview.save(update_fields=["state", "last_activity_at"])
    if step.finished:
        _complete(interview)
    return turn


def interview_begin(*, interview_id: int, connection_id: str = "", now: float | None = None) -> list[Turn]:
    """Start the interview, or rejoin one in progress. Returns the whole transcript so
    far (the page shows it); the greeting is saved only once."""
    now = _now() if now is None else now
    with transaction.atomic():
        interview = Interview.objects.select_for_update().select_related("application").get(pk=interview_id)
        if interview.status not in LIVE:
            raise InterviewClosedError(_("Это интервью уже завершено."))
        if connection_id:
            interview.connection_id = connection_id
        if interview.state is None:
            plan = plan_for(interview)
            state = InterviewState.start(plan, now=now)
            interview.plan = plan.model_dump(mode="json")
            interview.status = InterviewStatus.IN_PROGRESS
            interview.started_at = timezone.now()
            interview.language = plan.language
            interview.save(update_fields=["plan", "status", "started_at", "language", "connection_id"])
            if interview.application.stage == Stage.INVITED:
                application_move_to_stage(
                    application_id=interview.application_id,
                    to_stage=Stage.INTERVIEWING,
                    system_reason=_("Кандидат начал интервью"),
                )
            _save_step(interview, state, engine.open_interview(state, now), now)
            _warm_job_facts(plan)
            send_after_commit(signals.interview_started, sender=Interview, interview_id=interview.pk)
        else:
            interview.save(update_fields=["connection_id"])
        return list(interview.turns.order_by("index"))


def _warm_job_facts(plan: InterviewPlan) -> None:
    """Embed the vacancy's facts in the background while the candidate reads the greeting."""
    import threading

    from interviews.engine import jobfacts

    if plan.facts:
        threading.Thread(target=jobfacts.warm, args=(plan.facts,), name="job-facts", daemon=True).start()


def interview_answer(
    *,
    interview_id: int,
    text: str,
    client_msg_id: str = "",
    now: float | None = None,
    on_sentence: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
) -> list[Turn]:
    """Save the candidate's message and the interviewer's reply. Resending the same
    ``client_msg_id`` (after a reconnect) returns the turns already saved for it.
    Voice mode may pass ``on_sentence`` (speak each sentence of a model's reply as it is
    written) and ``cancel`` (a barge-in stops the model)."""
    now = _now() if now is None else now
    text = text.strip()[:4000]
    with transaction.atomic():
        interview = Interview.objects.select_for_update().get(pk=interview_id)
        if client_msg_id:
            existing = interview.turns.filter(client_msg_id=client_msg_id).first()
            if existing is not None:
                return list(interview.turns.filter(index__gte=existing.index).order_by("index"))
        if interview.status != InterviewStatus.IN_PROGRESS or interview.state is None:
            raise InterviewClosedError(_("Интервью не идёт: начните его заново по ссылке."))
        state = _load(interview)
        answer = Turn.objects.create(
            interview=interview,
            index=_next_index(interview),
            speaker=Speaker.CANDIDATE,
            text=text,
            topic=state.topic.id if state.topic else "",
            client_msg_id=client_msg_id,
            at_seconds=round(state.elapsed(now), 1),
        )
        history = [
            (t.speaker, t.text) for t in reversed(interview.turns.order_by("-index")[: interviewer.HISTORY_TURNS])
        ]
        outcome = interviewer.reply(
            state,
            text,
            now,
            history=history[:-1],  # the answer just saved goes to the model on its own
            mode="voice" if client_msg_id.startswith("voice-") else "chat",
            refs={"interview_id": interview.pk, "turn": answer.index},
            on_sentence=on_sentence,
            cancel=cancel,
        )
        state, step = outcome.state, outcome.step
        if step.analysis is not None:
            answer.meta = {
                "intent": step.analysis.intent.value,
                "quality": step.analysis.quality,
                "coverage": round(step.analysis.coverage, 2),
            }
            answer.save(update_fields=["meta"])
        reply = _save_step(interview, state, step, now, outcome.meta())
        # The same interval the monitor's turn latency reads from the stored turns.
        reply_ms = round((reply.created_at - answer.created_at).total_seconds() * 1000)
        log.info(
            "turn %s answered by turn %s in %s ms", answer.index, reply.index, reply_ms, extra={"reply_ms": reply_ms}
        )
        return [answer, reply]


def _lock_in_progress(interview_id: int) -> tuple[Interview, InterviewState]:
    """Lock a running interview for one step (inside the caller's transaction)."""
    interview = Interview.objects.select_for_update().get(pk=interview_id)
    if interview.status != InterviewStatus.IN_PROGRESS or interview.state is None:
        raise InterviewClosedError(_("Интервью не идёт."))
    return interview, _load(interview)


def interview_silence(*, interview_id: int, now: float | None = None) -> list[Turn]:
    now = _now() if now is None else now
    with transaction.atomic():
        interview, state = _lock_in_progress(interview_id)
        return [_save_step(interview, state, engine.on_silence(state, now), now)]


def interview_finish_by_candidate(*, interview_id: int, now: float | None = None) -> list[Turn]:
    """The candidate pressed «Завершить»: a closing line, then completion — from any
    topic, the candidate-questions one included, and only once (a second press finds
    the interview closed)."""
    now = _now() if now is None else now
    with transaction.atomic():
        interview, state = _lock_in_progress(interview_id)
        if state.finished:
            raise InterviewClosedError(_("Это интервью уже завершено."))
        step = engine.finish_by_candidate(state, now)
        return [_save_step(interview, state, step, now)]


def _complete(interview: Interview) -> None:
    interview.status = InterviewStatus.COMPLETED
    interview.finished_at = timezone.now()
    interview.save(update_fields=["status", "finished_at"])
    if interview.application.stage == Stage.INTERVIEWING:
        application_move_to_stage(
            application_id=interview.application_id,
            to_stage=Stage.EVALUATING,
            system_reason=_("Интервью завершено"),
        )
    send_after_commit(signals.interview_finished, sender=Interview, interview_id=interview.pk)


def progress_of(interview: Interview, now: float | None = None) -> Progress:
    now = _now() if now is None else now
    if interview.state is None:
        plan = InterviewPlan.model_validate(interview.plan) if interview.plan else None
        total = len(plan.topics) if plan else 0
        return Progress(0, total, (interview.time_budget_minutes or 25) * 60, False)
    state = InterviewState.model_validate(interview.state)
    return Progress(
        topics_done=state.topics_done(),
        topics_total=len(state.plan.topics),
        seconds_left=max(0, int(state.remaining(now))),
        finished=state.finished,
    )


def interviews_abandon_stale(*, idle_minutes: int = 30) -> int:
    """Mark interviews with no activity for ``idle_minutes`` as abandoned (scheduled)."""
    cutoff = timezone.now() - timedelta(minutes=idle_minutes)
    ids = list(
        Interview.objects.filter(status=InterviewStatus.IN_PROGRESS, last_activity_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            interview = Interview.objects.select_for_update().get(pk=pk)
            if interview.status != InterviewStatus.IN_PROGRESS:
                continue
            interview.status = InterviewStatus.ABANDONED
            interview.finished_at = timezone.now()
            interview.save(update_fields=["status", "finished_at"])
            send_after_commit(signals.interview_abandoned, sender=Interview, interview_id=interview.pk)
    return len(ids)


def interview_request_human(*, interview_id: int) -> Interview:
    """The candidate prefers a person: record it once, leave a note the recruiter sees
    on the candidate page. The AI room stays open in case the candidate changes his mind."""
    from candidates.models import Note

    with transaction.atomic():
        interview = Interview.objects.select_for_update().select_related("application__vacancy").get(pk=interview_id)
        if interview.human_requested_at is not None:
            return interview
        interview.human_requested_at = timezone.now()
        interview.save(update_fields=["human_requested_at"])
        Note.objects.create(
            candidate_id=interview.application.candidate_id,
            author=None,
            text=_("Кандидат попросил провести интервью с живым интервьюером вместо ИИ (вакансия «%(title)s»).")
            % {"title": interview.application.vacancy.title},
        )
    return interview


def _queue_prepare_plan(interview_id: int) -> None:
    from django_q.tasks import async_task

    async_task("interviews.tasks.prepare_plan", interview_id, task_name=f"interview-plan-{interview_id}")


def interview_for_application(*, application_id: int) -> Interview:
    """The application's current interview, created (pending) if there is none yet, so
    staff can review its plan before the candidate opens the link. The application row
    is locked, so two tabs opening the link at once get the same interview."""
    from candidates.models import Application

    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("vacancy").get(pk=application_id)
        interview = Interview.objects.filter(application=application).order_by("-created_at").first()
        if interview is None:
            interview = Interview.objects.create(
                application=application,
                language=application.vacancy.language or "ru",
                time_budget_minutes=application.vacancy.interview_minutes,
            )
            if interviewer.model_configured() is not None:
                pk = interview.pk
                transaction.on_commit(lambda: _queue_prepare_plan(pk))
    interview.application = application  # with its vacancy, already loaded
    return interview
