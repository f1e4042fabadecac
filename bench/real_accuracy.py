"""Per-field accuracy of resume and posting parsing on the real-world set, dev and held-out apart.

The real set (public documents, never committed) lives in $REAL_DOCS_DIR (default bench/real/);
`bench/real_sources.py` lists where every file comes from. Its truth files were written by
reading each document; records carry "split": "dev" or "holdout". Tune on dev only.

    .venv/bin/python bench/real_accuracy.py            # parse every file in-process
    .venv/bin/python bench/real_accuracy.py --from-json baseline.json   # score saved CLI output
    .venv/bin/python bench/real_accuracy.py -v         # also list what each wrong field got

Fields (resumes): name (name parts, order-insensitive), e-mail, phone (E.164), city, jobs (same
count, and every job's start and end month; a year-only truth date compares the year), total
experience within ±6 months (the parser's own number, and the union of the parser's jobs counted
to the document's own date when the truth gives "as_of"), skills F1 (two names of one skill in
the synonym dictionary are one skill). A record may give only some fields (contacts only, or no
skills): a field it does not give is not counted. Files the truth marks "expected_error" count
as right when they are refused (the code is shown, not required).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT / "bench" / "real"
REFERENCE_MONTH = "2026-11"  # the corpus reference date; older documents carry their own "as_of"


def real_docs_dir() -> Path:
    return Path(os.environ.get("REAL_DOCS_DIR") or DEFAULT_DIR)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").lower().replace("ё", "е")).strip()


def _skill_key(text: str) -> str:
    """Spelling-insensitive key: "Node.js" = "NodeJS" = "node js", and two names of one skill
    in the project's synonym dictionary are one skill ("Kafka" = "Apache Kafka", "MS PowerPoint"
    = "PowerPoint"): the truth writes what the document says, the parser writes canonical names.
    A skill the dictionary does not know keeps its own spelling."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from candidates.intake.skills import lookup

    return re.sub(r"[\s.\-_/]+", "", _norm(lookup(text) or text))


def skills_f1(got: list[str], want: list[str]) -> float:
    g, w = {_skill_key(x) for x in got}, {_skill_key(x) for x in want}
    if not g and not w:
        return 1.0
    tp = len(g & w)
    p = tp / len(g) if g else 0.0
    r = tp / len(w) if w else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _month_index(value: str) -> int:
    year, month = value.split("-")
    return int(year) * 12 + int(month) - 1


def union_months(jobs: list[dict[str, Any]], as_of: str) -> int | None:
    """Months covered by the jobs, both ends counted, overlaps once (the corpus convention)."""
    months: set[int] = set()
    for job in jobs:
        start, end = job.get("start"), job.get("end")
        if not start or len(start) < 7 or (end and len(end) < 7):
            return None
        months.update(range(_month_index(start), _month_index(end or as_of) + 1))
    return len(months)


def name_ok(profile: dict[str, Any], truth: dict[str, Any]) -> bool:
    if not truth.get("full_name"):
        return not profile.get("full_name")
    want = sorted(_norm(x) for x in (truth.get("name_parts") or {}).values() if x)
    got = sorted(_norm(x) for x in (profile.get("name_parts") or {}).values() if x)
    # A patronymic the document shows only in a label block is not required.
    want_core = sorted(_norm(x) for k, x in (truth.get("name_parts") or {}).items() if x and k != "middle")
    # The whole name in any word order: «Muhammad Amin Akhmedkhodjaev» = «Akhmedkhodjaev Muhammad Amin».
    same_words = sorted(_norm(profile.get("full_name")).split()) == sorted(_norm(truth["full_name"]).split())
    return got in (want, want_core) or same_words


def _date_ok(got: str | None, want: str | None) -> bool:
    if want is None:
        return got is None
    if got is None:
        return False
    return got[: len(want)] == want


def jobs_ok(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
    if len(got) != len(want):
        return False

    def key(job: dict[str, Any]) -> str:
        return job.get("start") or ""

    for g, w in zip(sorted(got, key=key), sorted(want, key=key), strict=True):
        if w.get("start") is None:  # an undated job in the truth: only its presence counts
            continue
        if not (_date_ok(g.get("start"), w["start"]) and _date_ok(g.get("end"), w.get("end"))):
            return False
    return True


def experience_ok(got: int | None, truth: dict[str, Any], slack: int = 6) -> bool | None:
    """None when the truth has no single number (year-only ranges give a [min, max] range)."""
    want = truth.get("total_experience_months")
    if want is not None:
        if got is None:
            return want == 0  # "no experience" may come back as no number
        return abs(got - want) <= slack
    rng = truth.get("total_experience_months_range")
    if rng:
        return got is not None and rng[0] - slack <= got <= rng[1] + slack
    return None


RESUME_FIELDS = ["name", "email", "phone", "city", "jobs", "experience±6", "experience±6@as_of"]


def score_resume(profile: dict[str, Any], truth: dict[str, Any]) -> dict[str, bool | None]:
    as_of = truth.get("as_of") or REFERENCE_MONTH
    own_total = union_months(profile.get("jobs") or [], as_of)
    # A field the truth does not give (a record written for contacts only) is not counted.
    return {
        "name": name_ok(profile, truth) if "full_name" in truth else None,
        "email": (profile.get("email") or None) == truth.get("email") if "email" in truth else None,
        "phone": (profile.get("phone") or None) == truth.get("phone") if "phone" in truth else None,
        # A city the document gives only as a job or school location is listed in city_alternatives.
        "city": _norm(profile.get("city"))
        in {_norm(c) for c in [truth.get("city"), *truth.get("city_alternatives", [])]}
        if "city" in truth
        else None,
        "jobs": jobs_ok(profile.get("jobs") or [], truth["jobs"]) if "jobs" in truth else None,
        "experience±6": experience_ok(profile.get("total_experience_months"), truth),
        "experience±6@as_of": experience_ok(own_total, truth),
    }


class Tally:
    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        self.hits = {f: 0 for f in fields}
        self.counted = {f: 0 for f in fields}
        self.f1: list[float] = []
        self.docs = 0
        self.refused = 0
        self.hard = 0
        self.hard_ok = 0

    def add(self, checks: dict[str, bool | None], f1: float | None) -> None:
        self.docs += 1
        for key, ok in checks.items():
            if ok is None:
                continue
            self.counted[key] += 1
            self.hits[key] += bool(ok)
        if f1 is not None:
            self.f1.append(f1)

    def report(self, label: str) -> None:
        print(f"\n{label}: {self.docs} resumes ({self.refused} refused), {self.hard} files that must be refused")
        for key in self.fields:
            n = self.counted[key]
            share = f"{self.hits[key] / n:.2f}" if n else "  - "
            print(f"  {key:20s} {share}  ({self.hits[key]}/{n})")
        if self.f1:
            print(f"  {'skills F1':20s} {sum(self.f1) / len(self.f1):.2f}")
        if self.hard:
            print(f"  {'refused as expected':20s} {self.hard_ok}/{self.hard}")


def _outcomes_from_json(path: Path) -> dict[str, dict[str, Any]]:
    return {Path(item["file"]).name: item for item in json.loads(path.read_text())}


def _parse_in_process(kind: str) -> Callable[[Path], dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")
    os.environ.setdefault("INTAKE_AS_OF", REFERENCE_MONTH)
    import django

    django.setup()
    from candidates.intake.process import parse_file
    from vacancies.parsing import parse_vacancy_file

    parse_one = parse_vacancy_file if kind == "vacancy" else parse_file

    def parse(path: Path) -> dict[str, Any]:
        try:
            return parse_one(path).as_cli()
        except Exception as exc:  # one broken file must not end the bench; it counts as failed
            return {"ok": False, "error": {"code": "crash", "message": repr(exc)}}

    return parse


def bench_resumes(folder: Path, saved: dict[str, dict[str, Any]] | None, verbose: bool) -> None:
    truth_all = json.loads((folder / "truth.json").read_text())["resumes"]
    parse = None if saved is not None else _parse_in_process("resume")
    tallies = {"dev": Tally(RESUME_FIELDS), "holdout": Tally(RESUME_FIELDS)}
    for name, truth in sorted(truth_all.items()):
        tally = tallies[truth.get("split", "dev")]
        if saved is not None:
            outcome = saved.get(name)
            if outcome is None:
                print(f"  not in the saved output: {name}")
                continue
        else:
            assert parse is not None
            outcome = parse(folder / name)
        if truth.get("expected_error"):
            tally.hard += 1
            refused = not outcome["ok"]
            tally.hard_ok += refused
            if verbose or not refused:
                code = outcome["error"]["code"] if not outcome["ok"] else "parsed"
                print(f"  [{truth['split']}] {name}: want {truth['expected_error']}, got {code}")
            continue
        if not outcome["ok"]:
            tally.refused += 1
            failed = {f: False if f in _given(truth) else None for f in RESUME_FIELDS}
            tally.add(failed, 0.0 if "skills" in truth else None)
            print(f"  [{truth['split']}] {name}: refused ({outcome['error']['code']})")
            continue
        profile = outcome["profile"]
        checks = score_resume(profile, truth)
        f1 = skills_f1(profile.get("skills") or [], truth["skills"]) if "skills" in truth else None
        tally.add(checks, f1)
        if verbose:
            wrong = [k for k, ok in checks.items() if ok is False]
            if wrong or (f1 is not None and f1 < 0.8):
                skills = "" if f1 is None else f" skills F1 {f1:.2f}"
                print(f"  [{truth['split']}] {name}: wrong {wrong}{skills}")
                for key in wrong:
                    print(f"      {key}: got {_got(profile, key)!r} want {_want(truth, key)!r}")
    tallies["dev"].report("DEV")
    tallies["holdout"].report("HOLDOUT")


def _has_total(truth: dict[str, Any]) -> bool:
    return truth.get("total_experience_months") is not None or bool(truth.get("total_experience_months_range"))


def _given(truth: dict[str, Any]) -> set[str]:
    """The resume fields a truth record gives (a refused file counts wrong on exactly these)."""
    keys = {"name": "full_name", "email": "email", "phone": "phone", "city": "city", "jobs": "jobs"}
    given = {field for field, key in keys.items() if key in truth}
    if _has_total(truth):
        given |= {"experience±6", "experience±6@as_of"}
    return given


def _got(profile: dict[str, Any], key: str) -> object:
    if key == "name":
        return profile.get("full_name")
    if key == "jobs":
        return [(j.get("start"), j.get("end"), j.get("company")) for j in profile.get("jobs") or []]
    if key.startswith("experience"):
        return profile.get("total_experience_months")
    return profile.get(key)


def _want(truth: dict[str, Any], key: str) -> object:
    if key == "name":
        return truth.get("full_name")
    if key == "jobs":
        return [(j.get("start"), j.get("end"), j.get("company")) for j in truth.get("jobs") or []]
    if key.startswith("experience"):
        return truth.get("total_experience_months") or truth.get("total_experience_months_range")
    return truth.get(key)


VACANCY_FIELDS = ["title", "location", "work_format", "salary_from", "salary_to", "currency", "min_experience_years"]


def _items_f1(got: list[Any], want: list[Any]) -> float:
    def flat(items: list[Any]) -> set[str]:
        out: set[str] = set()
        for x in items:
            out.update(_skill_key(y) for y in (x if isinstance(x, list) else [x]))
        return out

    g, w = flat(got), flat(want)
    if not g and not w:
        return 1.0
    tp = len(g & w)
    p = tp / len(g) if g else 0.0
    r = tp / len(w) if w else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def bench_vacancies(folder: Path, verbose: bool) -> None:
    truth_all = json.loads((folder / "truth.json").read_text())["vacancies"]
    parse = _parse_in_process("vacancy")
    for split in ("dev", "holdout"):
        items = {k: v for k, v in truth_all.items() if v.get("split", "dev") == split}
        hits = {f: 0 for f in VACANCY_FIELDS}
        counted = {f: 0 for f in VACANCY_FIELDS}
        f1s: list[float] = []
        refused_ok = hard = 0
        for name, want in sorted(items.items()):
            outcome = parse(folder / name)
            if want.get("expected_error"):
                hard += 1
                refused_ok += not outcome["ok"]
                if verbose or outcome["ok"]:
                    code = outcome["error"]["code"] if not outcome["ok"] else "parsed"
                    print(f"  [{split}] {name}: want {want['expected_error']}, got {code}")
                continue
            if not outcome["ok"]:
                print(f"  [{split}] {name}: refused ({outcome['error']['code']})")
                for key in VACANCY_FIELDS:
                    counted[key] += key in want  # every field the truth gives counts wrong
                if "must_have" in want:
                    f1s.append(0.0)
                continue
            got = outcome["profile"]
            for key in VACANCY_FIELDS:
                if key not in want:  # a field this record's truth does not give is not counted
                    continue
                counted[key] += 1
                ok = _norm(str(got.get(key))) == _norm(str(want.get(key)))
                hits[key] += ok
                if verbose and not ok:
                    print(f"  [{split}] {name}: {key} got {got.get(key)!r} want {want.get(key)!r}")
            if "must_have" in want:
                f1s.append(
                    (
                        _items_f1(got["must_have"], want["must_have"])
                        + _items_f1(got["nice_to_have"], want.get("nice_to_have", []))
                    )
                    / 2
                )
        n = len(items) - hard
        print(f"\nPOSTINGS {split.upper()}: {n} (+{hard} files that must be refused: {refused_ok} refused)")
        for key in VACANCY_FIELDS:
            share = f"{hits[key] / counted[key]:.2f}  ({hits[key]}/{counted[key]})" if counted[key] else " -"
            print(f"  {key:20s} {share}")
        if f1s:
            print(f"  {'requirements F1':20s} {sum(f1s) / len(f1s):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from-json", type=Path, help="score saved `parse_resume --json` output instead of parsing")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    base = real_docs_dir()
    if not (base / "resumes" / "truth.json").is_file():
        print(f"No real set in {base}: run bench/real_sources.py fetch, then put truth.json in place.")
        return 1
    saved = _outcomes_from_json(args.from_json) if args.from_json else None
    bench_resumes(base / "resumes", saved, args.verbose)
    if saved is None and (base / "vacancies" / "truth.json").is_file():
        bench_vacancies(base / "vacancies", args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
