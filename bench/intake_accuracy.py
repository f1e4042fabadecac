"""Per-field accuracy of resume and vacancy parsing against the corpus truth files.

Runs the same code as ``manage.py parse_resume --json`` over tests/corpus/resumes
and the pools, and ``parse_vacancy`` over the vacancies; with REAL_DOCS_DIR set, also the
real-world set, dev and held-out apart (``bench/real_accuracy.py``). Run:
    [REAL_DOCS_DIR=...] .venv/bin/python bench/intake_accuracy.py [-v]
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.append(str(Path(__file__).resolve().parent))  # bench/real_accuracy.py, after the apps
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
os.environ.setdefault("INTAKE_AS_OF", "2026-11")  # the corpus reference date

import django

django.setup()

from candidates.intake.process import parse_file  # noqa: E402
from vacancies.parsing import parse_vacancy_file  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
VERBOSE = "-v" in sys.argv


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower().replace("ё", "е")).strip()


def _skills_f1(got: list[str], want: list[str]) -> float:
    g, w = {_norm(x) for x in got}, {_norm(x) for x in want}
    if not g and not w:
        return 1.0
    tp = len(g & w)
    p = tp / len(g) if g else 0.0
    r = tp / len(w) if w else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _name_ok(profile: dict, truth: dict) -> bool:
    got = sorted(_norm(x) for x in (profile.get("name_parts") or {}).values() if x)
    want = sorted(_norm(x) for x in truth["name_parts"].values() if x)
    return got == want or _norm(profile.get("full_name")) == _norm(truth["full_name"])


def resume_items() -> list[tuple[Path, dict]]:
    items = []
    main = json.loads((CORPUS / "resumes" / "truth.json").read_text())["resumes"]
    items += [(CORPUS / "resumes" / name, truth) for name, truth in main.items()]
    pools = json.loads((CORPUS / "pools" / "resumes" / "truth.json").read_text())["resumes"]
    items += [(CORPUS / "pools" / "resumes" / name, truth) for name, truth in pools.items()]
    return items


def bench_resumes() -> None:
    fields = [
        "name",
        "email",
        "phone",
        "telegram",
        "city",
        "experience±3",
        "experience±1",
        "position",
        "salary",
        "last_company",
        "last_title",
        "languages",
        "education",
    ]
    hits = {f: 0 for f in fields}
    f1s: list[float] = []
    n = 0
    hard_total = hard_ok = 0
    injection_ok = 0
    injection_total = 0
    for path, truth in resume_items():
        outcome = parse_file(path).as_cli()
        if truth.get("expected_error"):
            hard_total += 1
            ok = not outcome["ok"] and outcome["error"]["code"] == truth["expected_error"]
            hard_ok += ok
            print(f"  hard case {path.name}: {'OK' if ok else 'WRONG'} -> {outcome.get('error')}")
            continue
        if not outcome["ok"]:
            print(f"  FAILED {path.name}: {outcome['error']}")
            n += 1
            f1s.append(0.0)
            continue
        p, flags = outcome["profile"], outcome["flags"]
        n += 1
        checks = {
            "name": _name_ok(p, truth),
            "email": p["email"] == truth["email"],
            "phone": p["phone"] == truth["phone"],
            "telegram": p["telegram"] == truth["telegram"],
            "city": _norm(p["city"]) == _norm(truth["city"]),
            "experience±3": p["total_experience_months"] is not None
            and abs(p["total_experience_months"] - truth["total_experience_months"]) <= 3,
            "experience±1": p["total_experience_months"] is not None
            and abs(p["total_experience_months"] - truth["total_experience_months"]) <= 1,
            "position": _norm(p["desired_position"]) == _norm(truth["desired_position"]),
            "last_company": _norm(p["last_company"]) == _norm(truth["last_company"]),
            "last_title": _norm(p["last_title"]) == _norm(truth["last_title"]),
            "salary": (p["desired_salary"] or {}).get("amount") == (truth["desired_salary"] or {}).get("amount"),
            "languages": {(x["language"], x["level"]) for x in p["languages"]}
            == {(x["language"], x["level"]) for x in truth["languages"]},
            "education": {(x["degree"], x["year"]) for x in p["education"]}
            == {(x["degree"], x["year"]) for x in truth["education"]},
        }
        for key, ok in checks.items():
            hits[key] += ok
        f1 = _skills_f1(p["skills"], truth["skills"])
        f1s.append(f1)
        injection_total += 1
        injection_ok += bool(flags["injection"]) == bool(truth.get("injection"))
        if VERBOSE:
            wrong = [k for k, ok in checks.items() if not ok]
            if wrong or f1 < 0.8:
                print(f"  {path.name}: wrong {wrong} skillsF1={f1:.2f}")
                for k in wrong:
                    print(f"      {k}: got={_got(p, k)!r}")
                if f1 < 0.8:
                    print(f"      skills got={p['skills']}\n      want={truth['skills']}")
    print(f"\nResumes parsed: {n} (+{hard_total} hard cases)")
    for key in fields:
        print(f"  {key:14s} {hits[key] / n:.3f}")
    print(f"  {'skills F1':14s} {sum(f1s) / len(f1s):.3f}")
    print(f"  {'injection flag':14s} {injection_ok}/{injection_total} right")
    print(f"  {'hard cases':14s} {hard_ok}/{hard_total} right")


def _got(p: dict, key: str) -> object:
    return {
        "name": p["full_name"],
        "experience±3": p["total_experience_months"],
        "experience±1": p["total_experience_months"],
        "position": p["desired_position"],
        "salary": p["desired_salary"],
    }.get(key, p.get(key))


def _items_match(got: list, want: list) -> float:
    flat_got = {_norm(x) if isinstance(x, str) else tuple(sorted(_norm(y) for y in x)) for x in got}
    flat_want = {_norm(x) if isinstance(x, str) else tuple(sorted(_norm(y) for y in x)) for x in want}

    def names(items: set) -> set:
        out = set()
        for x in items:
            out.update(x if isinstance(x, tuple) else [x])
        return out

    g, w = names(flat_got), names(flat_want)
    tp = len(g & w)
    p = tp / len(g) if g else 0.0
    r = tp / len(w) if w else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def bench_vacancies() -> None:
    sets = [CORPUS / "vacancies", CORPUS / "pools" / "vacancies"]
    fields = [
        "title",
        "seniority",
        "location",
        "remote",
        "work_format",
        "salary_from",
        "salary_to",
        "currency",
        "salary_net",
        "min_experience_years",
        "employment",
        "language",
    ]
    hits = {f: 0 for f in fields}
    skill_f1: list[float] = []
    n = 0
    for folder in sets:
        truth = json.loads((folder / "truth.json").read_text())["vacancies"]
        for name, want in truth.items():
            outcome = parse_vacancy_file(folder / name).as_cli()
            n += 1
            if not outcome["ok"]:
                print(f"  FAILED {name}: {outcome['error']}")
                continue
            got = outcome["profile"]
            for key in fields:
                ok = _norm(str(got.get(key))) == _norm(str(want.get(key)))
                hits[key] += ok
                if VERBOSE and not ok:
                    print(f"  {name}: {key} got={got.get(key)!r} want={want.get(key)!r}")
            f1 = (
                _items_match(got["must_have"], want["must_have"])
                + _items_match(got["nice_to_have"], want["nice_to_have"])
            ) / 2
            skill_f1.append(f1)
            if VERBOSE and f1 < 0.8:
                print(f"  {name}: must got={got['must_have']}\n     want={want['must_have']}")
                print(f"     nice got={got['nice_to_have']}\n     want={want['nice_to_have']}")
    print(f"\nVacancies: {n}")
    for key in fields:
        print(f"  {key:20s} {hits[key] / n:.3f}")
    print(f"  {'must/nice skills F1':20s} {sum(skill_f1) / max(len(skill_f1), 1):.3f}")


def bench_real_set() -> None:
    """The real-world set (public documents kept outside the repository, see
    bench/real_sources.py), dev and held-out reported apart, when REAL_DOCS_DIR is set."""
    folder = os.environ.get("REAL_DOCS_DIR")
    if not folder:
        print("\nReal set: REAL_DOCS_DIR not set, skipped.")
        return
    import real_accuracy

    base = Path(folder)
    print(f"\nReal set ({base}):")
    real_accuracy.bench_resumes(base / "resumes", None, verbose=False)
    if (base / "vacancies" / "truth.json").is_file() and "--resumes-only" not in sys.argv:
        real_accuracy.bench_vacancies(base / "vacancies", verbose=False)


if __name__ == "__main__":
    print("Synthetic corpus:")
    bench_resumes()
    if "--resumes-only" not in sys.argv:
        bench_vacancies()
    bench_real_set()
