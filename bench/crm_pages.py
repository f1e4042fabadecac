"""Server time of the CRM pages with 10,000 applications: the candidates table (plain,
searched, filtered), the Kanban board (all, one vacancy), the "show more" column load
and a card move. Prints p50/p95 over N requests and the query count of each.

Runs in its own throw-away database (``hrcrm_bench`` on the same server), created,
migrated, seeded with bulk_create and dropped at the end, so the working data is never
touched. Run: .venv/bin/python bench/crm_pages.py [N] [APPLICATIONS]
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("HRCRM_TESTING", "1")  # static files from finders, no manifest needed

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.contrib.postgres.search import SearchVector  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, Func, TextField, Value  # noqa: E402
from django.test import Client  # noqa: E402
from timing import measure, throwaway_database  # noqa: E402  (bench/timing.py, beside this script)

FIRST = ["Алексей", "Мария", "Иван", "Ольга", "Дмитрий", "Анна", "Сергей", "Елена", "Павел", "Наталья"]
LAST = ["Смирнов", "Иванова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова", "Морозов"]
CITIES = ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург", "Пермь", "Самара"]
SKILLS = ["Python", "Django", "PostgreSQL", "Kafka", "React", "TypeScript", "Go", "Docker", "Kubernetes", "1С", "SQL"]


def seed(n_apps: int) -> None:
    from candidates.models import Application, Candidate, CandidateSource, StageChange
    from candidates.pipeline import Stage
    from hrcrm.roles import Role
    from vacancies.models import Vacancy

    rng = random.Random(7)
    user = User.objects.create_user("bench", password="bench")
    user.groups.add(Group.objects.get_or_create(name=Role.RECRUITER.value)[0])
    vacancies = Vacancy.objects.bulk_create(
        [Vacancy(title=f"Вакансия {i}", city=rng.choice(CITIES), hiring_manager=user) for i in range(25)]
    )
    sources = [s for s, _ in CandidateSource.choices]
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                full_name=f"{rng.choice(LAST)} {rng.choice(FIRST)} {i}",
                email=f"c{i}@example.com",
                phone=f"+7900{i:07d}",
                city=rng.choice(CITIES),
                source=rng.choice(sources),
                skills=rng.sample(SKILLS, 4),
                desired_position=rng.choice(["Разработчик", "Аналитик", "Тестировщик", "Бухгалтер"]),
            )
            for i in range(n_apps)
        ],
        batch_size=2000,
    )
    # Same vector as candidates.services.candidate_update_search_vector, in one UPDATE.
    Candidate.objects.update(
        search_vector=SearchVector("full_name", weight="A", config="russian")
        + SearchVector("email", "phone", "city", weight="A", config="simple")
        + SearchVector("desired_position", weight="B", config="russian")
        + SearchVector(
            Func(F("skills"), Value(" "), function="array_to_string", output_field=TextField()),
            weight="B",
            config="simple",
        )
    )
    stages = [s for s, _ in Stage.choices]
    apps = Application.objects.bulk_create(
        [
            Application(candidate=c, vacancy=vacancies[i % len(vacancies)], stage=rng.choice(stages), created_by=user)
            for i, c in enumerate(candidates)
        ],
        batch_size=2000,
    )
    StageChange.objects.bulk_create(
        [StageChange(application=a, from_stage="", to_stage=Stage.INVITED, actor=user) for a in apps],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(n: int = 50, n_apps: int = 10_000) -> None:
    started = time.perf_counter()
    with throwaway_database("hrcrm_bench"):
        from candidates.models import Application
        from candidates.pipeline import Stage

        seed(n_apps)
        print(f"seeded {Application.objects.count()} applications in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(User.objects.get(username="bench"))
        vacancy_id = Application.objects.values_list("vacancy_id", flat=True).first()
        card = Application.objects.filter(stage=Stage.INVITED).first()
        assert card is not None
        state = {"to": Stage.INTERVIEWING}

        def move():
            # invited <-> interviewing are both allowed by hand, so the card can shuttle.
            response = client.post(
                f"/candidates/applications/{card.pk}/move/", {"to_stage": state["to"]}, HTTP_ACCEPT="application/json"
            )
            state["to"] = Stage.INVITED if state["to"] == Stage.INTERVIEWING else Stage.INTERVIEWING
            return response

        print(f"{'page':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
        pages = [
            ("table", "/candidates/"),
            ("table, page 50, sort by name", "/candidates/?sort=name&page=50"),
            ("table, search 'Смирнов'", "/candidates/?q=Смирнов"),
            ("table, stage+city+skill", "/candidates/?stage=evaluating&city=Казань&skill=kafka"),
            ("board", "/candidates/?view=board"),
            ("board, one vacancy", f"/candidates/?view=board&vacancy={vacancy_id}"),
            ("board, show more", "/candidates/board/invited/?offset=20"),
        ]
        for label, url in pages:
            measure(label, lambda url=url: client.get(url), n, ok=(200, 409))
        measure("card move (POST)", move, n, ok=(200, 409))


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 50,
        int(sys.argv[2]) if len(sys.argv) > 2 else 10_000,
    )
