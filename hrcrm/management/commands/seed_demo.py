"""Demo data from the corpus: one user per role, the corpus vacancies, its parseable
resumes as candidates, and a few applications spread over the pipeline.

The resumes go through the real intake pipeline (extraction, hidden-text and injection
flags, the offline parser), synchronously, as if the recruiter had uploaded them: the
demo shows extracted text, parsed profiles and the flag on an injected resume.

Applications past the invitation got there the way real ones do: a chat interview run
through the interview services (``interviews.conduct``) with scripted answers taken from
the corpus interview transcripts (``fixtures/demo/answers.json``), then the real
evaluation and its PDF, and for the last ones the manager's decision, once with the AI
and once against it. Every card on the board therefore opens onto a transcript, and the
ones past «Оценка» onto an evaluation and a report.

One of the applications awaiting the decision was interviewed by voice instead: the
candidate's answers synthesized and spoken in real time into the interview WebSocket,
through the real VAD, speech recognition and TTS, and recorded as the room records the
microphone; the staff page plays it joined with the interviewer's speech
(``hrcrm/management/demo_voice.py``). Without a speech engine it says so and runs that
interview in the chat; ``--no-voice`` skips it (it takes one to two minutes).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction
from django_q.conf import Conf

from candidates import services as candidate_services
from candidates.intake import services as intake
from candidates.models import Application, ApplicationOrigin, Candidate, CandidateSource, Resume, ResumeStatus
from hrcrm.roles import Role
from interviews import conduct
from interviews.models import InterviewMode
from privacy.consents import consent_give
from privacy.models import ConsentPurpose
from scoring import services as scoring_services
from scoring.models import Outcome
from scoring.recommendations import ai_recommendations
from vacancies.links import link_create_for_application
from vacancies.models import Vacancy

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"

DEMO_USERS: list[dict[str, Any]] = [
    {
        "username": "recruiter",
        "password": "recruiter",
        "first_name": "Анна",
        "last_name": "Рекрутова",
        "role": Role.RECRUITER,
    },
    {
        "username": "manager",
        "password": "manager",
        "first_name": "Павел",
        "last_name": "Нанимаев",
        "role": Role.HIRING_MANAGER,
    },
    {
        "username": "admin",
        "password": "admin",
        "first_name": "Админ",
        "last_name": "Системы",
        "role": Role.ADMIN,
    },
]

# Which corpus role fits which demo vacancy (by the vacancy file), and how far along
# the pipeline the demo application is, so a first run shows a living board.
ROLE_TO_VACANCY = {
    "python_backend": "senior_python_backend_payline.txt",
    "frontend": "Frontend-разработчик (React).docx",
    "qa": "qa_engineer_spb.pdf",
    "accountant": "Бухгалтер_по_зарплате_Гранит.txt",
    "sales": "sales_b2b_logistics_nsk.docx",
    "devops_sre": "Senior_DevOps_Engineer_KvantCloud.pdf",
}
# Which corpus transcript's answers the candidate gives in the demo interview.
ROLE_TO_ANSWERS = {
    "python_backend": "s01_python_backend_fintech",
    "frontend": "s05_frontend_react",
    "qa": "s03_python_automation",
    "accountant": "s06_product_data_analyst",
    "sales": "s04_it_project_manager",
    "devops_sre": "s02_go_backend_engineer_en",
}


class DemoStep(StrEnum):
    """How far the k-th demo application goes (cycled in this order)."""

    AWAITING = "awaiting"  # evaluated, with its PDF; the manager has not decided
    TALKING = "talking"  # the interview is under way (a few answers given)
    EVALUATING = "evaluating"  # finished; the evaluation waits in the task queue
    WITH_AI = "with_ai"  # decided as the AI recommended
    AGAINST_AI = "against_ai"  # decided against the AI's recommendation, with a reason
    INVITED = "invited"  # a link, no interview yet


DEMO_STEPS = list(DemoStep)
# Seconds of interview time each scripted answer takes (the engine keeps a time budget).
ANSWER_SECONDS = 75
# Spoken answers in the voice interview (each about 10 s of speech).
VOICE_ANSWERS = 3


class Command(BaseCommand):
    help = "Create demo users, vacancies and candidates from the corpus (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-voice", dest="voice", action="store_false", help="every demo interview in the chat (faster)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))
        answers = json.loads((DEMO_DIR / "answers.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            users = self._users()
            vacancies = self._vacancies(data["vacancies"], manager=users["manager"])
            fresh = self._candidates(data["candidates"], vacancies=vacancies, recruiter=users["recruiter"])
        # Interviews run after the intake committed: each service call is its own
        # transaction, and what they queue (evaluation, report) runs when it commits.
        voice_wanted = options.get("voice", True)
        for k, (application, role) in enumerate(fresh):
            script = answers.get(ROLE_TO_ANSWERS.get(role, ""), {}).get("answers", [])
            step = DEMO_STEPS[k % len(DEMO_STEPS)]
            # One interview by voice: a finished one whose decision is still open.
            voice = voice_wanted and step is DemoStep.AWAITING
            if script:
                voice_wanted = voice_wanted and not voice
                self._interview(application, script, step, manager=users["manager"], voice=voice)
        self.stdout.write(self.style.SUCCESS("Демо-данные готовы."))
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec['role'].value:15} {spec['username']} / {spec['password']}")

    def _users(self) -> dict[str, User]:
        users = {}
        for spec in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=spec["username"],
                defaults={"first_name": spec["first_name"], "last_name": spec["last_name"]},
            )
            if created:
                user.set_password(spec["password"])
                user.is_staff = spec["role"] is Role.ADMIN
                user.is_superuser = spec["role"] is Role.ADMIN
                user.save()
            user.groups.add(Group.objects.get_or_create(name=spec["role"].value)[0])
            users[spec["username"]] = user
        return users

    def _vacancies(self, rows: list[dict[str, Any]], *, manager: User) -> dict[str, Vacancy]:
        result = {}
        for row in rows:
            vacancy, _ = Vacancy.objects.get_or_create(
                title=row["title"],
                defaults={
                    "description": row["description"],
                    "must_have": row["must_have"] or [],
                    "nice_to_have": row["nice_to_have"] or [],
                    "min_experience_years": row["min_experience_years"] or 0,
                    "seniority": row["seniority"] or "",
                    "city": row["location"] or "",
                    "work_format": row["work_format"] or "office",
                    "salary_from": row["salary_from"],
                    "salary_to": row["salary_to"],
                    "currency": row["currency"] or "RUB",
                    "language": row["language"] or "ru",
                    "hiring_manager": manager,
                },
            )
            result[row["file"]] = vacancy
        return result

    def _candidates(
        self, rows: list[dict[str, Any]], *, vacancies: dict[str, Vacancy], recruiter: User
    ) -> list[tuple[Application, str]]:
        """Upload the demo resumes not loaded yet as one batch and process them here (no
        worker needed); the fixture only says which vacancy each one is invited to.
        Returns the new applications with the candidate's role."""
        fresh = []
        created: list[tuple[Application, str]] = []
        for n, row in enumerate(rows):
            path = demo_file(row["file"])
            stored = Resume.objects.filter(sha256=hashlib.sha256(path.read_bytes()).hexdigest()).first()
            if stored is None:
                fresh.append((n, row, path))
            elif stored.status == ResumeStatus.QUEUED:
                # Seeded before intake was wired in (or never processed): parse it now.
                stored = intake.resume_process(resume_id=stored.pk) or stored
                if stored.candidate_id:
                    candidate_services.candidate_update_search_vector(candidate_id=stored.candidate_id)
        if not fresh:
            return created
        handles = [path.open("rb") for _, _, path in fresh]
        try:
            files = [File(fh, name=path.name) for fh, (_, _, path) in zip(handles, fresh, strict=True)]
            batch = intake.upload_batch_create(files=files, actor=recruiter, queue=False)
        finally:
            for fh in handles:
                fh.close()
        resumes = list(batch.resumes.order_by("pk"))
        for (n, row, _), resume in zip(fresh, resumes, strict=True):
            resume = intake.resume_process(resume_id=resume.pk) or resume
            if resume.status != ResumeStatus.DONE or resume.candidate is None:
                self.stderr.write(f"{row['file']}: {resume.error_message}")
                continue
            candidate = resume.candidate
            if n % 3 == 0:
                Candidate.objects.filter(pk=candidate.pk).update(source=CandidateSource.HH)
            # Called directly: intake refreshes it after commit, and the demo is one transaction.
            candidate_services.candidate_update_search_vector(candidate_id=candidate.pk)
            role = row["role_category"] or ""
            vacancy = vacancies.get(ROLE_TO_VACANCY.get(role, ""))
            if vacancy is not None:
                application = candidate_services.application_create(
                    candidate=candidate, vacancy=vacancy, origin=ApplicationOrigin.ASSIGNED, actor=recruiter
                )
                created.append((application, role))
        return created

    def _interview(
        self, application: Application, script: list[str], step: DemoStep, *, manager: User, voice: bool = False
    ) -> None:
        """Take one application as far as ``step`` through the real services."""
        if step is DemoStep.INVITED:
            return
        if voice and self._voice_interview(application, script):
            self._after_interview(application, step, manager=manager)
            return
        interview = conduct.interview_for_application(application_id=application.pk)
        interview.mode = InterviewMode.CHAT
        interview.save(update_fields=["mode"])
        now = time.time() - ANSWER_SECONDS * (len(script) + 2)
        with _tasks_inline(step is not DemoStep.EVALUATING):
            conduct.interview_begin(interview_id=interview.pk, now=now)
            answers = script[:3] if step is DemoStep.TALKING else script
            finished = False
            for n, text in enumerate(answers):
                now += ANSWER_SECONDS
                turns = conduct.interview_answer(
                    interview_id=interview.pk, text=text, client_msg_id=f"demo-{n}", now=now
                )
                finished = turns[-1].action == "finish"
                if finished:
                    break
            if step is not DemoStep.TALKING and not finished:
                conduct.interview_finish_by_candidate(interview_id=interview.pk, now=now + ANSWER_SECONDS)
        if step in (DemoStep.TALKING, DemoStep.EVALUATING):
            return
        self._after_interview(application, step, manager=manager)

    def _voice_interview(self, application: Application, script: list[str]) -> bool:
        """The application's interview by voice (``demo_voice``); False, with the reason
        printed, when it cannot run here (the caller runs it in the chat)."""
        from hrcrm.management import demo_voice

        started = time.monotonic()
        try:
            demo_voice.voice_ready()
        except demo_voice.VoiceDemoUnavailable as exc:
            self.stdout.write(self.style.WARNING(f"Голосовое демо-интервью пропущено (проведено в чате): {exc}"))
            return False
        interview = conduct.interview_for_application(application_id=application.pk)
        candidate = application.candidate
        token = link_create_for_application(application=application, actor=None).token
        # The candidate agreed on the link's page before the room opened.
        consent_give(
            candidate=candidate,
            purpose=ConsentPurpose.PROCESSING,
            ip_address="127.0.0.1",
            user_agent="seed_demo",
            source="interview_link",  # as the link's page records it
        )
        answers = [demo_voice.short_answer(text) for text in script[:VOICE_ANSWERS]]
        try:
            with _tasks_inline(True):
                saved = demo_voice.run(
                    token=token, interview_id=interview.pk, answers=answers, language=interview.language or "ru"
                )
        except demo_voice.VoiceDemoUnavailable as exc:
            # Part of it was spoken: what was saved stays, the candidate ends it.
            self.stdout.write(self.style.WARNING(f"Голосовое демо-интервью прервано: {exc}"))
            with _tasks_inline(True):
                conduct.interview_finish_by_candidate(interview_id=interview.pk)
            saved = -1
        if saved >= 0:
            self.stdout.write(
                f"Голосовое демо-интервью: {candidate.full_name}, ответов {saved}, {time.monotonic() - started:.0f} с."
            )
        return True

    def _after_interview(self, application: Application, step: DemoStep, *, manager: User) -> None:
        """The finished interview's evaluation and PDF, and the manager's decision."""
        interview = application.interviews.order_by("-created_at").first()
        assert interview is not None
        # Normally the inline queue has evaluated it already; inside an outer transaction
        # (tests) nothing queued runs, so evaluate here: ``replaces=None`` keeps it one.
        evaluation = scoring_services.evaluation_run(interview_id=interview.pk, replaces=None)
        if not evaluation.report:
            scoring_services.evaluation_report_generate(evaluation_id=evaluation.pk)
        if step is DemoStep.AWAITING:
            return
        ai = ai_recommendations([application.pk]).get(application.pk)
        leans = ai.outcome if ai and ai.outcome else Outcome.REJECT
        if step is DemoStep.WITH_AI:
            outcome = leans
            comment = "Согласен с оценкой ИИ." if leans == Outcome.ACCEPT else "Не подтвердил обязательные требования."
        else:
            outcome = Outcome.ACCEPT if leans == Outcome.REJECT else Outcome.REJECT
            comment = (
                "Слабые места из оценки обсудили на встрече: готовы взять с испытательным сроком."
                if outcome == Outcome.ACCEPT
                else "На очной встрече не подтвердил опыт с обязательными технологиями."
            )
        # The demo manager has pressed «Принять» and confirmed it, as on the decision screen.
        scoring_services.decision_make(
            application_id=application.pk, actor=manager, outcome=outcome, comment=comment, confirmed=True
        )


@contextmanager
def _tasks_inline(inline: bool) -> Iterator[None]:
    """Run what the services queue (the evaluation, its PDF, notifications) in this
    process, as ``Q_SYNC`` would, so the demo needs no worker; or leave it queued for
    the worker (the «Оценка» card whose evaluation is still waiting)."""
    saved = Conf.SYNC
    Conf.SYNC = inline
    try:
        yield
    finally:
        Conf.SYNC = saved


def demo_file(name: str) -> Path:
    return DEMO_DIR / "resumes" / name
