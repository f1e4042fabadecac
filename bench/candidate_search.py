"""Quality of the candidates search (candidates/search.py) on 20 recruiter-style queries
with graded answers over a synthetic candidate set (bench/search_set.py): nDCG@10 of

- ``full-text``: the search before — PostgreSQL websearch (every word must be there);
- ``words``: the new word part alone (words joined by OR, ranked);
- ``blend``: meaning (E5 query vs stored resume vectors) and words together.

Queries 1-12 are the development split, 13-20 held out. Runs in a throw-away database
(``hrcrm_bench_search``); resume vectors are cached under var/bench-cache/ so a second
run does not embed again. Run: .venv/bin/python bench/candidate_search.py [--sweep]
(``--sweep`` tries blend weights on the development split only).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("HRCRM_TESTING", "1")

import django  # noqa: E402

django.setup()

from django.http import QueryDict  # noqa: E402
from search_set import DEV, HELD_OUT, QUERIES, Person, build_people  # noqa: E402
from timing import throwaway_database  # noqa: E402

CACHE = ROOT / "var" / "bench-cache" / "search_vectors.json"


def _bench_user():
    """Who searches: an admin (sees every candidate; candidates/scope.py). Not saved."""
    from django.contrib.auth.models import User

    from hrcrm.roles import Role

    user = User(username="bench", is_superuser=True)
    user._hrcrm_roles = frozenset({Role.ADMIN})
    return user


BENCH_USER = _bench_user()


def ndcg_at(ranked: list[int], grades: dict[int, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(pk, 0) - 1) / math.log2(i + 2) for i, pk in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def _vectors(texts: list[str]) -> list[list[float]]:
    from hrcrm.ai import embeddings as ai

    model = ai.embedding_model()
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    keys = [hashlib.sha256(f"{model}|{t}".encode()).hexdigest() for t in texts]
    missing = [t for t, k in zip(texts, keys, strict=True) if k not in cache]
    if missing:
        started = time.perf_counter()
        for k, v in zip([k for k in keys if k not in cache], ai.embed_documents(missing), strict=True):
            cache[k] = [round(x, 6) for x in v]
        print(f"embedded {len(missing)} resumes in {time.perf_counter() - started:.1f} s")
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(cache))
    return [cache[k] for k in keys]


def load(people: list[Person]) -> dict[str, int]:
    from django.core.files.base import ContentFile

    from candidates.models import Candidate, Resume, ResumeStatus
    from candidates.services import candidate_update_search_vector
    from hrcrm.ai import embeddings as ai
    from matching.engine import strip_protected
    from matching.engine.embedding import prepare

    vectors = _vectors([prepare(strip_protected(p.text)) for p in people])
    ids = {}
    for p, vector in zip(people, vectors, strict=True):
        c = Candidate.objects.create(
            full_name=p.name,
            city=p.city,
            skills=p.skills,
            embedding=vector,
            embedding_model=ai.embedding_model(),
            embedding_dimensions=ai.embedding_dimensions(),
        )
        resume = Resume(candidate=c, original_name=f"{p.key}.txt", status=ResumeStatus.DONE, extracted_text=p.text)
        resume.file.save(f"{p.key}.txt", ContentFile(p.text.encode()), save=False)
        resume.save()
        candidate_update_search_vector(candidate_id=c.pk)
        ids[p.key] = c.pk
    return ids


def run(people: list[Person], ids: dict[str, int], mode: str) -> list[float]:
    from candidates.selectors import CandidateFilters, candidate_search, candidate_table

    scores = []
    for query, grade in QUERIES:
        grades = {ids[p.key]: grade(p) for p in people}
        filters = CandidateFilters.from_query(QueryDict(mutable=True) | {"q": query})
        if mode == "full-text":
            ranked = list(candidate_table(filters, user=BENCH_USER).values_list("pk", flat=True)[:10])
        else:
            table = candidate_search(filters, user=BENCH_USER, semantic=mode == "blend")
            ranked = list(table.rows.values_list("pk", flat=True)[:10])
        scores.append(ndcg_at(ranked, grades))
    return scores


def report(label: str, scores: list[float]) -> None:
    dev = sum(scores[i] for i in DEV) / len(DEV)
    held = sum(scores[i] for i in HELD_OUT) / len(HELD_OUT)
    print(f"{label:10} nDCG@10 dev {dev:.3f}   held-out {held:.3f}   all {sum(scores) / len(scores):.3f}")


def main() -> None:
    from candidates import search

    people = build_people()
    print(f"{len(people)} synthetic candidates, {len(QUERIES)} queries ({len(DEV)} dev, {len(HELD_OUT)} held out)")
    with throwaway_database("hrcrm_bench_search"):
        ids = load(people)
        if "--sweep" in sys.argv:
            for weight in (0.4, 0.5, 0.6, 0.7, 0.8):
                for floor in (0.3, 0.45, 0.6):
                    search.SEMANTIC_WEIGHT, search.WORDS_WEIGHT, search.SEMANTIC_FLOOR = weight, 1 - weight, floor
                    scores = run(people, ids, "blend")
                    print(f"weight {weight:.1f} floor {floor:.2f}: dev {sum(scores[i] for i in DEV) / len(DEV):.3f}")
            return
        per_query = {}
        for mode in ("full-text", "words", "blend"):
            started = time.perf_counter()
            per_query[mode] = run(people, ids, mode)
            report(mode, per_query[mode])
            print(f"{'':10} {1000 * (time.perf_counter() - started) / len(QUERIES):.0f} ms per query")
        print("\nper query (full-text / blend):")
        for n, (query, _) in enumerate(QUERIES):
            split = "dev" if n in DEV else "held"
            print(f"  {n + 1:2} {split:4} {per_query['full-text'][n]:.2f} / {per_query['blend'][n]:.2f}  {query}")


if __name__ == "__main__":
    main()
