"""Ranking quality: nDCG@5 / nDCG@10 of the matcher and of a plain BM25 baseline.

Data: tests/corpus relevance.json (vacancies against a mixed pool of professions)
and pools/ (each vacancy against a dozen candidates of its own profession).

Profiles, vacancy requirements and texts come from the real intake parser
(``candidates.intake.process.parse_file``, the same path the product and ``manage.py
rank`` use); BM25 and our ranker see the same extracted texts. ``--truth`` also runs the
old path (profiles from the corpus truth files, texts from pdftotext / python-docx) and
prints both, so parser losses show as the difference.

Run: .venv/bin/python bench/ranking_quality.py [--corpus PATH] [--truth] [--no-semantic] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The corpus counts open-ended jobs ("по настоящее время") up to its reference month.
os.environ.setdefault("INTAKE_AS_OF", "2026-11")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django  # noqa: E402

django.setup()

from hrcrm.ai.audit import audit_suspended  # noqa: E402
from matching.engine import CandidateProfile, VacancyRequirements  # noqa: E402
from matching.engine.loading import parse_files  # noqa: E402
from matching.engine.ranking import rank  # noqa: E402

DEFAULT_CORPUS = Path(os.environ.get("HRCRM_CORPUS", ROOT / "tests" / "corpus"))
SOURCES = {
    "parser": "the intake parser (candidates.intake.process.parse_file): profiles, vacancies and texts",
    "truth": "truth files (profiles and vacancy fields) + texts from pdftotext / python-docx",
}


# --- text extraction (bench only; the product uses intake) -------------------------


def extract_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, timeout=60
        )
        return done.stdout
    if suffix == ".docx":
        return _docx_text(path)
    return path.read_text(encoding="utf-8-sig", errors="replace")


def _docx_text(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[str] = []
    # Body order matters: hh.ru-like exports put whole jobs inside tables.
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    if cell.text not in cells:  # merged cells repeat their text
                        cells.append(cell.text)
                lines.append(" | ".join(cells))
    return "\n".join(lines)


# --- data loading -------------------------------------------------------------------


def load_profiles(folder: Path, truth: dict, keys: list[str], *, source: str = "parser") -> dict[str, CandidateProfile]:
    """Profiles of ``keys`` (paths relative to ``folder``). Files the parser refuses are
    left out, as the product would leave them out (they have no profile to rank)."""
    out = {}
    if source == "truth":
        for key in keys:
            entry = truth[key]
            if entry.get("expected_error"):
                continue
            out[key] = CandidateProfile.from_parsed(entry, extract_text(folder / key))
        return out
    for key, parsed in zip(keys, parse_files([folder / k for k in keys], kind="resume"), strict=True):
        if parsed.ok:
            out[key] = parsed.candidate()
    return out


def load_vacancies(folder: Path, *, source: str = "parser") -> dict[str, tuple[VacancyRequirements, str]]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["vacancies"]
    out = {}
    if source == "truth":
        for name, data in truth.items():
            text = extract_text(folder / name)
            out[name] = (VacancyRequirements.from_parsed(data, text), text)
        return out
    names = list(truth)
    for name, parsed in zip(names, parse_files([folder / n for n in names], kind="vacancy"), strict=True):
        if not parsed.ok:
            raise SystemExit(f"vacancy {name} failed to parse: {parsed.error_code}")
        out[name] = (parsed.vacancy(), parsed.text)
    return out


# --- metrics -------------------------------------------------------------------------


def dcg(grades: list[int], k: int) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))


def ndcg(ranked_grades: list[int], k: int) -> float:
    ideal = dcg(sorted(ranked_grades, reverse=True), k)
    return dcg(ranked_grades, k) / ideal if ideal else 0.0


class BM25:
    """Okapi BM25 (k1=1.5, b=0.75) over lower-cased \\w+ tokens, no stemming."""

    def __init__(self, docs: list[str], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.docs = [Counter(self.tokens(d)) for d in docs]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg = sum(self.lengths) / len(self.lengths) if self.docs else 0.0
        df = Counter(t for d in self.docs for t in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    @staticmethod
    def tokens(text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())

    def scores(self, query: str) -> list[float]:
        q = self.tokens(query)
        out = []
        for d, length in zip(self.docs, self.lengths, strict=True):
            s = 0.0
            for t in q:
                f = d.get(t, 0)
                if f:
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * length / self.avg))
            out.append(s)
        return out


# --- evaluation ----------------------------------------------------------------------


def evaluate(
    name: str, vacancies: dict, profiles: dict, grades_by_vacancy: dict, *, semantic: bool, verbose: bool
) -> dict:
    rows = []
    for vac_name, graded in grades_by_vacancy.items():
        requirements, vac_text = vacancies[vac_name]
        keys = [k for k in graded if k in profiles and not graded[k].get("excluded")]
        ours = rank(requirements, [(k, profiles[k]) for k in keys], semantic=semantic)
        our_order = [r.key for r in ours]
        bm25 = BM25([profiles[k].text for k in keys]).scores(vac_text)
        bm_order = [k for _, k in sorted(zip(bm25, keys, strict=True), key=lambda x: -x[0])]
        g = {k: graded[k]["grade"] for k in keys}
        row = {
            "vacancy": vac_name,
            "n": len(keys),
            "ours@5": ndcg([g[k] for k in our_order], 5),
            "ours@10": ndcg([g[k] for k in our_order], 10),
            "bm25@5": ndcg([g[k] for k in bm_order], 5),
            "bm25@10": ndcg([g[k] for k in bm_order], 10),
        }
        rows.append(row)
        if verbose:
            print(f"\n  {vac_name}")
            for r in ours:
                print(f"    [{g[r.key]}] {r.result.score:5.1f}  {Path(r.key).name}  — {r.result.summary_ru}")
    mean = {m: sum(r[m] for r in rows) / len(rows) for m in ("ours@5", "ours@10", "bm25@5", "bm25@10")}
    print(f"\n{name}: {len(rows)} vacancies")
    print(f"  {'vacancy':45} {'n':>3} {'ours@5':>7} {'ours@10':>8} {'bm25@5':>7} {'bm25@10':>8}")
    for r in rows:
        print(
            f"  {r['vacancy'][:45]:45} {r['n']:>3} {r['ours@5']:7.3f} {r['ours@10']:8.3f} {r['bm25@5']:7.3f} {r['bm25@10']:8.3f}"
        )
    print(
        f"  {'mean':45} {'':>3} {mean['ours@5']:7.3f} {mean['ours@10']:8.3f} {mean['bm25@5']:7.3f} {mean['bm25@10']:8.3f}"
    )
    return mean


def run_source(corpus: Path, source: str, *, semantic: bool, verbose: bool) -> dict[str, dict]:
    print(f"\n=== profiles from {SOURCES[source]}")
    results = {}
    main_rel = json.loads((corpus / "relevance.json").read_text(encoding="utf-8"))["vacancies"]
    main_truth = json.loads((corpus / "resumes" / "truth.json").read_text(encoding="utf-8"))["resumes"]
    main_profiles = load_profiles(corpus / "resumes", main_truth, list(main_truth), source=source)
    grades = {v: block["resumes"] for v, block in main_rel.items()}
    results["main"] = evaluate(
        f"main set (relevance.json), {source}",
        load_vacancies(corpus / "vacancies", source=source),
        main_profiles,
        grades,
        semantic=semantic,
        verbose=verbose,
    )
    pools = corpus / "pools"
    if (pools / "relevance.json").exists():
        pool_rel = json.loads((pools / "relevance.json").read_text(encoding="utf-8"))["vacancies"]
        pool_truth = json.loads((pools / "resumes" / "truth.json").read_text(encoding="utf-8"))["resumes"]
        pool_profiles = load_profiles(pools / "resumes", pool_truth, list(pool_truth), source=source)
        grades = {v: block["resumes"] for v, block in pool_rel.items()}
        results["pools"] = evaluate(
            f"pools (same-profession), {source}",
            load_vacancies(pools / "vacancies", source=source),
            pool_profiles,
            grades,
            semantic=semantic,
            verbose=verbose,
        )
    extra = Path(__file__).resolve().parent / "data" / "pools_extra"
    if source == "parser" and extra.is_dir():
        results["extra"] = evaluate_extra(extra, semantic=semantic, verbose=verbose)
    return results


def evaluate_extra(root: Path, *, semantic: bool, verbose: bool) -> dict:
    """bench/data/pools_extra: <pool>/<vacancy>.txt, <pool>/resumes/, <pool>/grades.json."""
    vacancies: dict = {}
    profiles: dict = {}
    grades: dict = {}
    for pool in sorted(p for p in root.iterdir() if (p / "grades.json").exists()):
        [(vac_file, graded)] = json.loads((pool / "grades.json").read_text(encoding="utf-8")).items()
        [parsed_vacancy] = parse_files([pool / vac_file], kind="vacancy")
        name = f"{pool.name}/{vac_file}"
        vacancies[name] = (parsed_vacancy.vacancy(), parsed_vacancy.text)
        keys = sorted(graded)
        for key, parsed in zip(keys, parse_files([pool / "resumes" / k for k in keys], kind="resume"), strict=True):
            if parsed.ok:
                profiles[f"{pool.name}/{key}"] = parsed.candidate()
        grades[name] = {f"{pool.name}/{k}": {"grade": g} for k, g in graded.items()}
    return evaluate(
        "extra pools (bench/data/pools_extra, synthetic)",
        vacancies,
        profiles,
        grades,
        semantic=semantic,
        verbose=verbose,
    )


def passes(results: dict[str, dict]) -> bool:
    ok = results["main"]["ours@5"] >= 0.95
    if "pools" in results:
        p = results["pools"]
        ok = ok and p["ours@5"] >= 0.85 and p["ours@5"] >= 1.2 * p["bm25@5"]
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--truth", action="store_true", help="also rank profiles from the truth files, for comparison")
    parser.add_argument("--no-semantic", action="store_true", help="skip embeddings (semantic part neutral)")
    parser.add_argument("--verbose", action="store_true", help="print every ranking with its summary")
    args = parser.parse_args()
    corpus: Path = args.corpus
    if not (corpus / "relevance.json").exists():
        print(f"corpus not found at {corpus}; pass --corpus", file=sys.stderr)
        return 2
    started = time.perf_counter()
    print(f"Ranking quality on {corpus}")
    print("BM25 and our ranker see the same texts in each run.")
    print(f"Semantic part: {'off' if args.no_semantic else 'E5 embeddings'}")
    sources = ["parser", "truth"] if args.truth else ["parser"]
    with audit_suspended():  # a measurement, not product use: no AI audit rows
        runs = {s: run_source(corpus, s, semantic=not args.no_semantic, verbose=args.verbose) for s in sources}

    print("\nTargets: main nDCG@5 >= 0.95; pools nDCG@5 >= 0.85 and >= 1.2 x BM25")
    print(f"  {'source':8} {'set':6} {'ours@5':>7} {'ours@10':>8} {'bm25@5':>7} {'bm25@10':>8} {'ours/bm25@5':>12}")
    for source, results in runs.items():
        for name, m in results.items():
            ratio = m["ours@5"] / m["bm25@5"] if m["bm25@5"] else float("inf")
            print(
                f"  {source:8} {name:6} {m['ours@5']:7.3f} {m['ours@10']:8.3f} {m['bm25@5']:7.3f} {m['bm25@10']:8.3f} {ratio:11.2f}x"
            )
    ok = passes(runs["parser"])
    print(f"{'PASS' if ok else 'FAIL'} (parser profiles)  ({time.perf_counter() - started:.1f} s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
