"""Matching at scale: HNSW nearest neighbours in PostgreSQL (pgvector) with the product's
filters, recall against exact search, and the server time of the vacancy page's
recommendations panel.

Data (synthetic, generated here): resumes and vacancies from realistic role/skill/
seniority/city mixes, rendered as text and as intake-shaped profiles. ``--real`` texts
of each kind are embedded with the real model (multilingual-e5-small through
``hrcrm.ai.embeddings``; on 2 cores that is the slow part, ~0.1–0.3 s per text). The
remaining rows up to ``--resumes`` / ``--vacancies`` get a blend of two real vectors of
the same role plus small Gaussian noise (renormalised), so the index holds distinct
vectors with the real model's geometry; the output says how many vectors are real.

Runs in a throw-away database (``hrcrm_bench_matching`` on the same server), created,
migrated, seeded and dropped at the end. Prints p50/p95 of:

* top-50 candidates of a vacancy (active, not in its pipeline) and top-10 open vacancies
  of a candidate — the product's queries (``scoring.match_services``), timed around the
  SQL, and their recall against exact search (the same query with index scans off);
* a filtered query where the vacancy's 200 nearest candidates are already in its pipeline
  (pgvector 0.8 iterative scan must still return 50 rows);
* the recommendations panel (``recommended_candidates``: search + full explained score of
  the 40-row shortlist) and the whole vacancy page, with their query counts.

Run: .venv/bin/python bench/matching_scale.py [--resumes 100000] [--vacancies 1000]
     [--real 1500] [--queries 100] [--ef 200]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("HRCRM_TESTING", "1")  # static files from finders, no manifest needed
os.environ.setdefault("INTAKE_AS_OF", "2026-11")

import django

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from timing import throwaway_database  # noqa: E402  (bench/timing.py, beside this script)

ROLES = {
    "python": (
        "Python-разработчик",
        ["Python", "Django", "FastAPI", "PostgreSQL", "Redis", "Celery", "Docker", "Kafka", "asyncio", "SQLAlchemy"],
    ),
    "frontend": (
        "Frontend-разработчик",
        ["JavaScript", "TypeScript", "React", "Redux", "Vue.js", "HTML", "CSS", "Webpack", "Next.js", "Jest"],
    ),
    "java": (
        "Java-разработчик",
        ["Java", "Spring Boot", "Hibernate", "PostgreSQL", "Kafka", "Maven", "Docker", "Kotlin"],
    ),
    "go": ("Go-разработчик", ["Go", "gRPC", "PostgreSQL", "Kafka", "Docker", "Kubernetes", "Redis", "Prometheus"]),
    "qa_auto": (
        "QA Automation Engineer",
        ["Python", "pytest", "Selenium", "Playwright", "API-тестирование", "SQL", "Git"],
    ),
    "qa_manual": ("Инженер по тестированию", ["Тест-кейсы", "Jira", "SQL", "Postman", "Чек-листы", "TestRail"]),
    "devops": ("DevOps-инженер", ["Linux", "Kubernetes", "Terraform", "Ansible", "Docker", "GitLab CI", "Prometheus"]),
    "data": ("Data Scientist", ["Python", "pandas", "scikit-learn", "PyTorch", "SQL", "Spark", "ML", "A/B-тесты"]),
    "analyst": ("Системный аналитик", ["BPMN", "UML", "SQL", "REST API", "Confluence", "Jira", "Требования"]),
    "onec": ("Программист 1С", ["1С:Предприятие", "1С:ЗУП", "1С:ERP", "СКД", "SQL", "Обмены данными"]),
    "accountant": ("Бухгалтер", ["1С:Бухгалтерия", "1С:ЗУП", "Расчёт заработной платы", "НДС", "Кадровый учёт"]),
    "sales": ("Менеджер по продажам B2B", ["B2B-продажи", "CRM", "Холодные звонки", "Переговоры", "Тендеры"]),
    "hr": ("HR-менеджер", ["Подбор персонала", "Адаптация", "Кадровое делопроизводство", "HRM-системы"]),
    "logistics": ("Логист", ["Логистика", "ВЭД", "Таможенное оформление", "1С:УТ", "Складской учёт"]),
    "product": (
        "Product Manager",
        ["Product discovery", "CJM", "A/B-тесты", "SQL", "Jira", "Roadmap", "Unit-экономика"],
    ),
}
LEVELS = [("Junior", 1), ("", 3), ("Senior", 6), ("Ведущий", 9)]
CITIES = ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург", "Нижний Новгород", "Самара"]
COMPANIES = ["Альфа", "Ромашка", "ТехноСофт", "Вектор", "Горизонт", "СеверСталь", "ДатаЛаб", "Логос", "Контур+"]
DOMAINS = ["финтех", "e-commerce", "логистика", "телеком", "госсектор", "медицина", "ритейл", "страхование"]


def make_resume(rng: random.Random, role: str) -> tuple[str, dict]:
    title, skills = ROLES[role]
    level, years = rng.choice(LEVELS)
    years = max(1, years + rng.randint(-1, 2))
    own = rng.sample(skills, k=min(len(skills), rng.randint(3, 6)))
    city = rng.choice(CITIES)
    position = f"{level} {title}".strip()
    jobs, end_year = [], 2026
    remaining = years
    while remaining > 0:
        span = min(remaining, rng.randint(1, 4))
        company = f"ООО «{rng.choice(COMPANIES)}»"
        desc = f"{rng.choice(DOMAINS).capitalize()}: работа с {', '.join(rng.sample(own, k=min(3, len(own))))}."
        jobs.append(
            {
                "title": position if not jobs else title,
                "company": company,
                "start": f"{end_year - span}-0{rng.randint(1, 9)}",
                "end": None if not jobs else f"{end_year}-0{rng.randint(1, 9)}",
                "description": desc,
            }
        )
        end_year -= span
        remaining -= span
    text = "\n".join(
        [position, city, "Опыт работы"]
        + [f"{j['title']}, {j['company']}\n{j['start']} — {j['end'] or 'н.в.'}\n{j['description']}" for j in jobs]
        + ["Навыки", ", ".join(own)]
    )
    profile = {
        "desired_position": position,
        "city": city,
        "total_experience_months": years * 12,
        "jobs": jobs,
        "skills": own,
        "language": "ru",
    }
    return text, profile


def make_vacancy(rng: random.Random, role: str) -> dict:
    title, skills = ROLES[role]
    level, years = rng.choice(LEVELS)
    must = rng.sample(skills, k=min(len(skills), rng.randint(2, 4)))
    nice = [s for s in rng.sample(skills, k=min(len(skills), 2)) if s not in must]
    return {
        "title": f"{level} {title}".strip(),
        "description": f"Команда в сфере «{rng.choice(DOMAINS)}». Ищем коллегу: {', '.join(must)}.",
        "must_have": must,
        "nice_to_have": nice,
        "min_experience_years": max(0, years - 1),
        "seniority": {"Junior": "junior", "": "middle", "Senior": "senior", "Ведущий": "lead"}[level],
        "city": rng.choice(CITIES),
        "work_format": rng.choice(["office", "hybrid", "remote"]),
    }


def blend(vectors: np.ndarray, j: int, rng: np.random.Generator, step: int, scale: float = 0.005) -> list[float]:
    """A new vector between real vector ``j`` and another real vector of the same role
    (indexes ``step`` apart share a role), plus a little noise: rows fill the space
    between real resumes instead of forming isotropic noise balls."""
    k = (j + step * int(rng.integers(1, max(2, len(vectors) // step)))) % len(vectors)
    a = float(rng.uniform(0.2, 0.8))
    v = a * vectors[j] + (1 - a) * vectors[k] + rng.normal(0, scale, size=vectors[j].shape).astype(np.float32)
    return (v / np.linalg.norm(v)).tolist()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[max(0, int(round(len(values) * p)) - 1)]


def embed_texts(texts: list[str], *, query: bool) -> np.ndarray:
    from hrcrm.ai import embeddings as ai

    out = []
    for i in range(0, len(texts), 32):
        batch = texts[i : i + 32]
        out.extend(ai.embed_queries(batch) if query else ai.embed_documents(batch))
    return np.asarray(out, dtype=np.float32)


def seed(args: argparse.Namespace) -> dict:
    from candidates.models import Candidate, Resume, ResumeStatus
    from hrcrm.ai import embeddings as ai
    from scoring.match_services import vacancy_embedding_text
    from vacancies.models import Vacancy

    rng = random.Random(11)
    nrng = np.random.default_rng(11)
    roles = list(ROLES)
    model, dims = ai.embedding_model(), ai.embedding_dimensions()

    t0 = time.perf_counter()
    real_resumes = [make_resume(rng, roles[i % len(roles)]) for i in range(args.real)]
    resume_vectors = embed_texts([t for t, _ in real_resumes], query=False)
    real_vacancy_data = [make_vacancy(rng, roles[i % len(roles)]) for i in range(min(args.real, args.vacancies))]
    vacancy_texts = [vacancy_embedding_text(Vacancy(**v)) for v in real_vacancy_data]
    vacancy_vectors = embed_texts(vacancy_texts, query=True)
    embed_seconds = time.perf_counter() - t0
    n_real_texts = len(real_resumes) + len(real_vacancy_data)
    print(
        f"embedded {len(real_resumes)} resume and {len(real_vacancy_data)} vacancy texts with {model} "
        f"in {embed_seconds:.0f} s ({embed_seconds / n_real_texts * 1000:.0f} ms per text)"
    )

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        # The index is built once after loading (the fast path for a bulk load).
        cursor.execute("DROP INDEX IF EXISTS candidate_embedding_hnsw")
        cursor.execute("DROP INDEX IF EXISTS vacancy_embedding_hnsw")
    vacancies = []
    for i in range(args.vacancies):
        j = i % len(real_vacancy_data)
        data = real_vacancy_data[j] if i < len(real_vacancy_data) else make_vacancy(rng, roles[j % len(roles)])
        vec = vacancy_vectors[j].tolist() if i < len(real_vacancy_data) else blend(vacancy_vectors, j, nrng, len(roles))
        vacancies.append(Vacancy(**data, embedding=vec, embedding_model=model, embedding_dimensions=dims))
    Vacancy.objects.bulk_create(vacancies, batch_size=1000)
    batch = 5000
    for start in range(0, args.resumes, batch):
        cands, resumes = [], []
        for i in range(start, min(args.resumes, start + batch)):
            j = i % len(real_resumes)
            text, profile = real_resumes[j] if i < len(real_resumes) else make_resume(rng, roles[j % len(roles)])
            vec = resume_vectors[j].tolist() if i < len(real_resumes) else blend(resume_vectors, j, nrng, len(roles))
            cands.append(
                Candidate(
                    full_name=f"Кандидат {i}",
                    city=profile["city"],
                    desired_position=profile["desired_position"],
                    skills=profile["skills"],
                    embedding=vec,
                    embedding_model=model,
                    embedding_dimensions=dims,
                )
            )
            resumes.append((text, profile))
        made = Candidate.objects.bulk_create(cands, batch_size=batch)
        Resume.objects.bulk_create(
            [
                Resume(
                    candidate=c,
                    original_name="synthetic.txt",
                    sha256="-",
                    status=ResumeStatus.DONE,
                    extracted_text=t,
                    profile=p,
                    is_current=True,
                )
                for c, (t, p) in zip(made, resumes, strict=True)
            ],
            batch_size=batch,
        )
    load_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET max_parallel_maintenance_workers = 1")
        cursor.execute(
            "CREATE INDEX candidate_embedding_hnsw ON candidates_candidate USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
        )
        cursor.execute(
            "CREATE INDEX vacancy_embedding_hnsw ON vacancies_vacancy USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
        )
        cursor.execute("ANALYZE")
    print(
        f"loaded {args.resumes} candidates (+ resumes) and {args.vacancies} vacancies in {load_seconds:.0f} s; "
        f"HNSW indexes built in {time.perf_counter() - t0:.0f} s"
    )
    return {"real_resumes": len(real_resumes), "real_vacancies": len(real_vacancy_data)}


def exact(qs, vector, limit: int) -> list[int]:  # type: ignore[no-untyped-def]
    from pgvector.django import CosineDistance

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        return list(
            qs.annotate(d=CosineDistance("embedding", vector)).order_by("d").values_list("pk", flat=True)[:limit]
        )


def timed(func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    return result, (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resumes", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=1_000)
    parser.add_argument("--real", type=int, default=1_500, help="texts of each kind embedded with the real model")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--ef", type=int, default=0, help="hnsw.ef_search (default: the product's setting)")
    args = parser.parse_args()
    if args.ef:
        settings.MATCHING_HNSW_EF_SEARCH = args.ef

    settings.MATCHING_REFRESH_ON_CHANGE = False  # the bench embeds and loads in bulk itself
    with throwaway_database("hrcrm_bench_matching"):
        from django.contrib.auth.models import Group, User
        from django.db.models import Exists, OuterRef
        from django.test import Client

        from candidates.models import Application, Candidate
        from hrcrm.roles import Role
        from scoring import match_services as ms
        from scoring.recommendations import recommended_candidates
        from vacancies.models import Vacancy, VacancyStatus

        info = seed(args)
        rng = random.Random(5)
        vacancy_ids = rng.sample(list(Vacancy.objects.values_list("pk", flat=True)), args.queries)
        candidate_ids = rng.sample(list(Candidate.objects.values_list("pk", flat=True)), args.queries)

        # Filtered case: the 200 nearest candidates of the first 20 vacancies are in their pipeline.
        # The first vacancies get filled pipelines (filtered search); the rest measure the
        # panel, so small runs (--queries < 40) still have some of each.
        split = max(1, min(20, len(vacancy_ids) // 3))
        filtered = vacancy_ids[:split]
        for vid in filtered:
            v = Vacancy.objects.get(pk=vid)
            nearest = exact(Candidate.objects.all(), v.embedding, 200)
            Application.objects.bulk_create([Application(candidate_id=c, vacancy_id=vid) for c in nearest])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        rows = []
        for label, ids, kind in (
            ("top-50 candidates of a vacancy", vacancy_ids, "c"),
            ("top-10 vacancies of a candidate", candidate_ids, "v"),
        ):
            times, recalls, short = [], [], 0
            for pk in ids:
                if kind == "c":
                    obj = Vacancy.objects.get(pk=pk)
                    found, ms_ = timed(lambda obj=obj: ms.nearest_candidates(obj, limit=50))
                    qs = (
                        ms.active_candidates()
                        .filter(embedding__isnull=False)
                        .filter(~Exists(Application.objects.filter(candidate_id=OuterRef("pk"), vacancy_id=pk)))
                    )
                    truth = exact(qs, obj.embedding, 50)
                    k = 50
                else:
                    obj = Candidate.objects.get(pk=pk)
                    found, ms_ = timed(lambda obj=obj: ms.nearest_vacancies(obj, limit=10))
                    qs = Vacancy.objects.filter(status=VacancyStatus.OPEN, embedding__isnull=False)
                    truth = exact(qs, obj.embedding, 10)
                    k = 10
                times.append(ms_)
                got = {p for p, _ in found}
                recalls.append(len(got & set(truth)) / len(truth))
                short += len(found) < min(k, len(truth))
            rows.append((label, times, recalls, short))

        # The heavily filtered vacancies alone.
        f_times, f_counts, f_recalls = [], [], []
        for pk in filtered:
            obj = Vacancy.objects.get(pk=pk)
            found, ms_ = timed(lambda obj=obj: ms.nearest_candidates(obj, limit=50))
            qs = ms.active_candidates().filter(
                ~Exists(Application.objects.filter(candidate_id=OuterRef("pk"), vacancy_id=pk))
            )
            truth = set(exact(qs, obj.embedding, 50))
            f_times.append(ms_)
            f_counts.append(len(found))
            f_recalls.append(len({p for p, _ in found} & truth) / 50)

        print(
            f"\n{args.resumes} candidates ({info['real_resumes']} real E5 vectors, the rest blends of two real ones of the same role + noise), "
            f"{args.vacancies} vacancies ({info['real_vacancies']} real); {args.queries} queries each; "
            f"hnsw.ef_search={getattr(settings, 'MATCHING_HNSW_EF_SEARCH', ms.EF_SEARCH)}, iterative_scan=relaxed_order"
        )
        print(f"{'query (SQL through the ORM)':<40}{'p50 ms':>9}{'p95 ms':>9}{'recall':>9}{'short':>7}")
        for label, times, recalls, short in rows:
            print(
                f"{label:<40}{statistics.median(times):>9.1f}{pct(times, 0.95):>9.1f}{statistics.mean(recalls):>9.3f}{short:>7}"
            )
        print(
            f"{'top-50, 200 nearest already in pipeline':<40}{statistics.median(f_times):>9.1f}{pct(f_times, 0.95):>9.1f}"
            f"{statistics.mean(f_recalls):>9.3f}{sum(c < 50 for c in f_counts):>7}   (rows returned: min {min(f_counts)})"
        )

        user = User.objects.create_user("bench", password="bench")
        user.groups.add(Group.objects.get_or_create(name=Role.RECRUITER.value)[0])
        client = Client()
        client.force_login(user)
        panel_times, page_times = [], []
        for pk in vacancy_ids[split:]:
            _, t = timed(lambda pk=pk: recommended_candidates(pk))
            panel_times.append(t)
            response, t = timed(lambda pk=pk: client.get(f"/vacancies/{pk}/"))
            assert response.status_code == 200
            page_times.append(t)
        with CaptureQueriesContext(connection) as panel_q:
            recommended_candidates(vacancy_ids[-1])
        with CaptureQueriesContext(connection) as page_q:
            client.get(f"/vacancies/{vacancy_ids[-1]}/")
        print(f"{'server time':<40}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}")
        print(
            f"{'recommendations panel (no stored scores)':<40}{statistics.median(panel_times):>9.1f}{pct(panel_times, 0.95):>9.1f}{len(panel_q.captured_queries):>9}"
        )
        print(
            f"{'whole vacancy page':<40}{statistics.median(page_times):>9.1f}{pct(page_times, 0.95):>9.1f}{len(page_q.captured_queries):>9}"
        )
        # With stored scores (what the tasks leave behind) the shortlist is read, not scored.
        for pk in vacancy_ids[split : 2 * split]:
            ms.vacancy_matches_refresh(vacancy_id=pk)
        stored_times = [timed(lambda pk=pk: recommended_candidates(pk))[1] for pk in vacancy_ids[split : 2 * split]]
        print(
            f"{'recommendations panel (stored scores)':<40}{statistics.median(stored_times):>9.1f}{pct(stored_times, 0.95):>9.1f}"
        )
        print("Targets (2 cores): <= 10 ms p95 in the database, recall >= 0.97, panel <= 150 ms p95, never short.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
