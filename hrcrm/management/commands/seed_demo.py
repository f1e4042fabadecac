"""Demo data from the corpus: one user per role, the corpus vacancies, its parseable
resumes as candidates, and a few applications spread over the pipeline.

Idempotent: users, vacancies and candidates are matched by login, title and e-mail,
so running it again changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from candidates import services as candidate_services
from candidates.models import ApplicationOrigin, Candidate, CandidateSource
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
        for n, row in enumerate(rows):
            candidate, created = Candidate.objects.get_or_create(
                email=row["email"],
                defaults={
                    "full_name": row["full_name"],
                    "phone": row["phone"] or "",
                    "telegram": row["telegram"] or "",
                    "city": row["city"] or "",
                    "desired_position": row["desired_position"] or "",
                    "total_experience_months": row["total_experience_months"],
                    "skills": row["skills"] or [],
                    "last_company": row["last_company"] or "",
                    "last_title": row["last_title"] or "",
                    "source": CandidateSource.HH if n % 3 == 0 else CandidateSource.UPLOAD,
                    "created_by": recruiter,
                },
            )
            if not created:
                continue
            candidate_services.candidate_attach_resume_file(
                candidate=candidate, path=DEMO_DIR / "resumes" / row["file"], uploaded_by=recruiter
            )
            candidate_services.candidate_update_search_vector(candidate_id=candidate.pk)
            vacancy = vacancies.get(ROLE_TO_VACANCY.get(row["role_category"] or "", ""))
            if vacancy is None:
                continue
            application = candidate_services.application_create(
                candidate=candidate, vacancy=vacancy, origin=ApplicationOrigin.ASSIGNED, actor=recruiter
            )
            for stage in STAGE_PATHS[n % len(STAGE_PATHS)]:
                candidate_services.application_move_to_stage(
                    application_id=application.pk, to_stage=stage, system_reason="Демо-данные"
                )


def demo_file(name: str) -> Path:
    return DEMO_DIR / "resumes" / name
