"""The candidate page: one read that composes what several apps know about a person
(applications, resumes, notes, interviews with their evaluations, e-mails, duplicates).

A page assembler sits with the views (ARCHITECTURE.md): it may read from apps above
``candidates``, which the domain modules of this app never import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from candidates.intake.services import candidate_find_duplicates
from candidates.models import Application, Candidate, Note, Resume, ResumeStatus, StageChange
from candidates.scope import applications_visible, can_see_candidate, vacancies_visible
from candidates.selectors import RESUME_PENDING, candidate_get_for_user
from hrcrm.models import EmailLog
from interviews.models import Interview
from pool.combined import combined_for_application
from scoring.models import Evaluation
from scoring.selectors import evaluation_view_for_application, offer_states
from vacancies.models import Vacancy, VacancyStatus


@dataclass
class CandidatePage:
    candidate: Candidate
    resume: Resume | None
    applications: list[Application]
    notes: list[Note]
    interviews: list[Any]
    open_vacancies: list[Any]
    duplicates: list[Candidate] = field(default_factory=list)
    incoming_resume: Resume | None = None
    emails: list[Any] = field(default_factory=list)  # hrcrm.EmailLog, newest first

    @property
    def processing(self) -> bool:
        """A resume of this candidate is still in the intake queue (the page polls)."""
        return any(r is not None and r.status in RESUME_PENDING for r in (self.resume, self.incoming_resume))


def _attach_evaluations(interviews: list[Any]) -> None:
    """Give each interview its current evaluation view (``i.evaluation``), if any: the
    candidate page shows it beside the transcript whose turns its quotes link to."""
    done: set[int] = set()
    for interview in interviews:
        interview.evaluation = interview.combined = None
        if interview.status == "completed" and interview.application_id not in done:
            done.add(interview.application_id)
            interview.evaluation = evaluation_view_for_application(interview.application_id)
            # A pool candidate's continuation: read together with his general interview.
            interview.combined = combined_for_application(interview.application_id) if interview.evaluation else None


def candidate_page(user: Any, pk: int) -> CandidatePage:
    candidate = candidate_get_for_user(user, pk)
    # Within the viewer's scope: a hiring manager sees the applications, interviews and
    # vacancies of his own (and shared) vacancies only (candidates/scope.py).
    applications = list(
        applications_visible(user, Application.objects.filter(candidate=candidate))
        .select_related("vacancy", "created_by")
        .prefetch_related(
            Prefetch("stage_changes", queryset=StageChange.objects.select_related("actor")),
        )
        .order_by("-updated_at")
    )
    recent = list(Resume.objects.filter(candidate=candidate).order_by("-created_at")[:10])
    resume = next((r for r in recent if r.is_current), recent[0] if recent else None)
    # A newer upload that has not replaced the current resume yet: still being processed,
    # or refused (the page says why and keeps showing the current one).
    incoming = recent[0] if recent and recent[0] is not resume and recent[0].status != ResumeStatus.DONE else None
    notes = list(Note.objects.filter(candidate=candidate).select_related("author"))
    interviews = list(
        applications_visible(
            user, Interview.objects.filter(application__candidate=candidate), field="application__vacancy_id"
        )
        .select_related("application__vacancy", "joined_recording")
        .prefetch_related("recordings")
    )
    _attach_evaluations(interviews)
    # The offer after «принято», and whether a decision would be taken without the AI's
    # evaluation (the move form then asks for «решить без оценки ИИ»).
    offers = offer_states([a.pk for a in applications])
    evaluated = set(
        Evaluation.objects.filter(application__in=applications, is_current=True).values_list(
            "application_id", flat=True
        )
    )
    for application in applications:
        application.offer = offers.get(application.pk)  # type: ignore[attr-defined]
        application.ai_missing = application.pk not in evaluated  # type: ignore[attr-defined]
    assigned = {a.vacancy_id for a in applications}
    open_vacancies = list(
        vacancies_visible(user, Vacancy.objects.filter(status=VacancyStatus.OPEN))
        .exclude(pk__in=assigned)
        .only("id", "title")
        .order_by("title")
    )
    # Intake's finder: same e-mail or phone, or a close name with a matching detail
    # (a superset of the same-contacts check the page used before).
    duplicates = [d for d in candidate_find_duplicates(candidate=candidate) if can_see_candidate(user, d.pk)][:5]
    emails = list(EmailLog.objects.filter(candidate=candidate).select_related("application__vacancy", "sent_by")[:50])
    return CandidatePage(
        emails=emails,
        duplicates=duplicates,
        candidate=candidate,
        resume=resume,
        incoming_resume=incoming,
        applications=applications,
        notes=notes,
        interviews=interviews,
        open_vacancies=open_vacancies,
    )
