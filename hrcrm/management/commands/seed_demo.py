"""Demo data from the corpus: one user per role, the corpus vacancies, its parseable
resumes as candidates, and a few applications spread over the pipeline.

The resumes go through the real intake pipeline (extraction, hidden-text and injection
flags, the offline parser), synchronously, as if the recruiter had uploaded them: the
demo shows extracted text, parsed profiles and the flag on an injected resume.

Idempotent: users and vacancies are matched by login and title, resumes by the file's
SHA-256, so running it again changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction

from candidates import services as candidate_services
from candidates.intake import services as intake
from candidates.models import ApplicationOrigin, Candidate, CandidateSource, Resume, ResumeStatus
from candidates.pipeline import Stage
from hrcrm.roles import Role
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
STAGE_PATHS = [
    [],
    [Stage.INTERVIEWING],
    [Stage.INTERVIEWING, Stage.EVALUATING],
    [Stage.INTERVIEWING, Stage.EVALUATING, Stage.AWAITING_DECISION],
]


class Command(BaseCommand):
    help = "Create demo users, vacancies and candidates from the corpus (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        data = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))
        with transaction.atomic():
            users = self._users()
            vacancies = self._vacancies(data["vacancies"], manager=users["manager"])
            self._candidates(data["candidates"], vacancies=vacancies, recruiter=users["recruiter"])
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

    def _candidates(self, rows: list[dict[str, Any]], *, vacancies: dict[str, Vacancy], recruiter: User) -> None:
        """Upload the demo resumes not loaded yet as one batch and process them here (no
        worker needed); the fixture only says which vacancy and stage each one gets."""
        fresh = []
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
            return
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
            self._apply(candidate, row, n, vacancies=vacancies, recruiter=recruiter)

    def _apply(
        self, candidate: Candidate, row: dict[str, Any], n: int, *, vacancies: dict[str, Vacancy], recruiter: User
    ) -> None:
        vacancy = vacancies.get(ROLE_TO_VACANCY.get(row["role_category"] or "", ""))
        if vacancy is None:
            return
        application = candidate_services.application_create(
            candidate=candidate, vacancy=vacancy, origin=ApplicationOrigin.ASSIGNED, actor=recruiter
        )
        for stage in STAGE_PATHS[n % len(STAGE_PATHS)]:
            candidate_services.application_move_to_stage(
                application_id=application.pk, to_stage=stage, system_reason="Демо-данные"
            )


def demo_file(name: str) -> Path:
    return DEMO_DIR / "resumes" / name
