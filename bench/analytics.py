"""Server time of the analytics page and its CSV export with 10,000 applications that
have realistic stage histories, interviews with turns and decisions. Prints p50/p95 over
N requests and the query count of each.

Runs in its own throw-away database (``hrcrm_bench_analytics`` on the same server),
created, migrated, seeded with bulk_create and dropped at the end, so the working data is
never touched. Run: .venv/bin/python bench/analytics.py [N] [APPLICATIONS]
"""

from __future__ import annotations

import datetime as dt
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from timing import measure, throwaway_database  # noqa: E402  (bench/timing.py, beside this script)

TOPICS = ["intro", "python", "sql", "architecture", "teamwork", "salary", "questions"]
PATH = ["invited", "interviewing", "evaluating", "awaiting_decision"]


def seed(n_apps: int) -> None:
    from candidates.models import Application, Candidate, CandidateSource, StageChange
    from hrcrm.roles import Role
    from interviews.models import Interview, InterviewStatus, Turn
    from scoring.models import Decision
    from vacancies.models import Vacancy

    rng = random.Random(11)
    now = timezone.now()
    user = User.objects.create_user("bench", password="bench")
    user.groups.add(Group.objects.get_or_create(name=Role.RECRUITER.value)[0])
    vacancies = Vacancy.objects.bulk_create([Vacancy(title=f"Вакансия {i}", hiring_manager=user) for i in range(25)])
    sources = [s for s, _ in CandidateSource.choices]
    candidates = Candidate.objects.bulk_create(
        [Candidate(full_name=f"Кандидат {i}", source=rng.choice(sources)) for i in range(n_apps)], batch_size=2000
    )
    # Each application walks the path a random number of steps (hours apart), then maybe
    # ends accepted/rejected; created over the last 400 days so the presets differ.
    plans = []
    for c in candidates:
        created = now - dt.timedelta(days=rng.uniform(0, 400))
        depth = rng.choices([1, 2, 3, 4], weights=[30, 20, 15, 35])[0]
        stages = PATH[:depth]
        if depth == 4:
            stages.append(rng.choice(["accepted", "rejected", "awaiting_decision"]))
        elif rng.random() < 0.4:
            stages.append("rejected")
        if stages[-1] == "awaiting_decision" and len(stages) == 5:
            stages.pop()
        plans.append((c, created, stages))
    apps = Application.objects.bulk_create(
        [
            Application(candidate=c, vacancy=vacancies[i % len(vacancies)], stage=stages[-1], created_by=user)
            for i, (c, _, stages) in enumerate(plans)
        ],
        batch_size=2000,
    )
    changes, interviews, decisions = [], [], []
    for app, (_, created, stages) in zip(apps, plans, strict=True):
        at, prev = created, ""
        for stage in stages:
            changes.append(StageChange(application=app, from_stage=prev, to_stage=stage, actor=user, created_at=at))
            prev, at = stage, at + dt.timedelta(hours=rng.expovariate(1 / 30))
        if "interviewing" in stages:
            status = rng.choices(
                [InterviewStatus.COMPLETED, InterviewStatus.ABANDONED, InterviewStatus.FAILED], weights=[80, 15, 5]
            )[0]
            start = created + dt.timedelta(hours=2)
            interviews.append(
                Interview(
                    application=app,
                    status=status,
                    started_at=start,
                    finished_at=start + dt.timedelta(minutes=rng.uniform(10, 35)),
                )
            )
        if stages[-1] in ("accepted", "rejected") and "awaiting_decision" in stages:
            ai = rng.choice(["accept", "reject", None])
            outcome = "accept" if stages[-1] == "accepted" else "reject"
            decisions.append(
                Decision(
                    application=app,
                    outcome=outcome,
                    ai_recommendation=ai,
                    agreed_with_ai=None if ai is None else ai == outcome,
                    decided_by=user,
                )
            )
    StageChange.objects.bulk_create(changes, batch_size=5000)
    # auto_now_add overwrote created_at: put the planned times back in one statement.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Application._meta.db_table} a SET created_at = s.first"
            f" FROM (SELECT application_id, min(created_at) AS first FROM {StageChange._meta.db_table}"
            " GROUP BY application_id) s WHERE s.application_id = a.id"
        )
    interviews = Interview.objects.bulk_create(interviews, batch_size=2000)
    turns = []
    for iv in interviews:
        for i in range(rng.randint(4, 14)):
            turns.append(
                Turn(
                    interview=iv,
                    index=i,
                    speaker="interviewer" if i % 2 == 0 else "candidate",
                    text="…",
                    topic=TOPICS[min(i // 2, len(TOPICS) - 1)],
                )
            )
    Turn.objects.bulk_create(turns, batch_size=5000)
    Decision.objects.bulk_create(decisions, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"seeded {len(apps)} applications, {len(changes)} stage changes, {len(interviews)} interviews, "
        f"{len(turns)} turns, {len(decisions)} decisions"
    )


def main(n: int = 50, n_apps: int = 10_000) -> None:
    started = time.perf_counter()
    with throwaway_database("hrcrm_bench_analytics"):
        from vacancies.models import Vacancy

        seed(n_apps)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(User.objects.get(username="bench"))
        vacancy_id = Vacancy.objects.values_list("pk", flat=True).first()
        print(f"{'request':<34}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
        pages = [
            ("page, 90 days (default)", "/analytics/"),
            ("page, 365 days", "/analytics/?days=365"),
            ("page, 365 days, one vacancy", f"/analytics/?days=365&vacancy={vacancy_id}"),
            ("CSV funnel, 365 days", "/analytics/export/funnel.csv?days=365"),
            ("CSV time in stage, 365 days", "/analytics/export/stage_time.csv?days=365"),
        ]
        for label, url in pages:
            measure(label, lambda url=url: client.get(url), n)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 50,
        int(sys.argv[2]) if len(sys.argv) > 2 else 10_000,
    )
