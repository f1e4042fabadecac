"""Fit the offline evaluator's calibration (``scoring/evaluation/calibration.json``) on
hand-judged interviews and print how well it holds on interviews left out of the fit.

Fitting set: the shared corpus and the development set (``bench/data/interviews/dev``).
The held-out sets are never read here. Per criterion the score is a linear map of the
interview's features (``scoring/evaluation/features.py``); the fit minimises the squared
distance of each prediction to the human range (shrunk by a margin, so predictions aim
inside it, not at its edge) plus a ridge penalty on standardised weights. The penalty is
chosen per criterion by leave-one-out over the fitting set; the printed cross-validated
numbers use a nested choice (the penalty picked without the left-out interview), so they
estimate what happens on interviews the fit has not seen.

Run: .venv/bin/python bench/fit_evaluation.py [--write] [--folds N] [--quick] [--cache FILE]
     (without --write it only reports; --folds 0 means leave-one-out; --quick picks the
     penalty on all the data, which flatters the cross-validated numbers a little)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from scoring.evaluation import calibration, offline  # noqa: E402
from scoring.evaluation.classic import technical_cap  # noqa: E402
from scoring.evaluation.schema import CRITERIA, Transcript  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIT_SETS = {
    "corpus": ROOT / "tests" / "corpus" / "interviews" / "transcripts",
    "dev": ROOT / "bench" / "data" / "interviews" / "dev",
}
# The features the fit may use: few, general, and each with a reason to matter (more
# features fit the development set better and new interviews worse).
USE = (
    # how the interview reads as a whole
    "is_stuffer", "is_evasive", "is_wrong", "is_hedging", "is_contradiction", "is_clean_strong", "violation",
    # how concrete, how sure, how much of the vacancy it covers
    "substance", "substance_top", "density", "confirmed", "not_confirmed", "gaps", "hedge", "wrong_high",
    # the readable rule scores
    "rule_technical_skills", "rule_experience_relevance", "rule_communication", "rule_problem_solving",
    "rule_cultural_fit",
)  # fmt: skip
LAMBDAS = (0.3, 1.0, 3.0, 10.0)
MARGIN = 4.0  # aim this far inside the human range
BOUNDS = {"technical_skills": (5, 97), "experience_relevance": (8, 97), "communication": (5, 95),
          "problem_solving": (3, 95), "cultural_fit": (10, 92)}  # fmt: skip


def load_cases(cache: Path | None = None) -> list[dict]:
    """Every fitting interview with its features; ``cache`` keeps them between runs of
    the fit while only the fitting changes (delete it after changing the engine)."""
    if cache and cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    cases = []
    for split, directory in FIT_SETS.items():
        for case in sorted(p for p in directory.iterdir() if (p / "transcript.json").exists()):
            transcript = Transcript.model_validate_json((case / "transcript.json").read_text(encoding="utf-8"))
            expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
            cases.append(
                {
                    "name": case.name,
                    "split": split,
                    "profile": expected.get("profile", ""),
                    "ranges": expected["expected_scores"],
                    "features": offline.features_of(transcript),
                }
            )
    if cache:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    return cases


def fit(
    x: np.ndarray, low: np.ndarray, high: np.ndarray, lam: float
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """Ridge regression to the nearest point of each (shrunk) range, iterated: a convex
    problem (squared distance to an interval) solved by majorisation."""
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd < 1e-9] = 1.0
    z = (x - mu) / sd
    lo, hi = low + MARGIN, high - MARGIN
    target = (lo + hi) / 2
    n, k = z.shape
    a = np.hstack([np.ones((n, 1)), z])
    penalty = lam * np.eye(k + 1)
    penalty[0, 0] = 0.0
    beta = np.zeros(k + 1)
    for _ in range(60):
        beta = np.linalg.solve(a.T @ a + penalty, a.T @ target)
        new = np.clip(a @ beta, lo, hi)
        if np.allclose(new, target, atol=1e-4):
            break
        target = new
    weights = beta[1:] / sd
    intercept = beta[0] - float(weights @ mu)
    return weights, intercept, mu, sd


def predict(criterion: str, x: np.ndarray, weights: np.ndarray, intercept: float, wrong: np.ndarray) -> np.ndarray:
    low, high = BOUNDS[criterion]
    value = np.clip(x @ weights + intercept, low, high)
    if criterion == "technical_skills":  # the engine's cap for serious errors on classic questions
        value = np.minimum(value, [technical_cap(int(round(w * 4))) for w in wrong])
    return np.round(value)


def in_range(pred: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    return (pred >= low) & (pred <= high)


def loo_hits(criterion: str, x, low, high, wrong, lam: float, folds: list[np.ndarray]) -> np.ndarray:
    hits = np.zeros(len(low), dtype=bool)
    for test in folds:
        train = np.setdiff1d(np.arange(len(low)), test)
        w, b, _, _ = fit(x[train], low[train], high[train], lam)
        hits[test] = in_range(predict(criterion, x[test], w, b, wrong[test]), low[test], high[test])
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write calibration.json")
    parser.add_argument("--folds", type=int, default=5, help="k for k-fold; 0 = leave-one-out")
    parser.add_argument("--cache", type=Path, help="keep the features in this file between runs")
    parser.add_argument("--quick", action="store_true", help="cross-validate with the penalty chosen on all data")
    args = parser.parse_args()
    cases = load_cases(args.cache)
    names = sorted(USE)
    x = np.array([[c["features"][n] for n in names] for c in cases])
    wrong = np.array([c["features"]["wrong_high"] for c in cases])
    n = len(cases)
    rng = np.random.default_rng(0)
    order = rng.permutation(n)
    folds = [np.array([i]) for i in range(n)] if args.folds <= 0 else np.array_split(order, args.folds)
    out = {}
    total_fit = total_cv = 0
    cv_hits = {}
    print(f"{len(cases)} interviews ({', '.join(FIT_SETS)}), {len(names)} features\n")
    print(f"{'criterion':<22}{'lambda':>7}{'fit in range':>14}{'CV in range':>13}")
    for criterion in CRITERIA:
        low = np.array([c["ranges"][criterion][0] for c in cases], dtype=float)
        high = np.array([c["ranges"][criterion][1] for c in cases], dtype=float)
        # Nested: for each left-out fold, the penalty is chosen by leave-one-out inside the rest.
        hits = np.zeros(n, dtype=bool)
        lam = max(LAMBDAS, key=lambda lam: loo_hits(criterion, x, low, high, wrong, lam, folds).sum())
        for test in [] if args.quick else folds:
            train = np.setdiff1d(np.arange(n), test)
            inner = [np.array([i]) for i in range(len(train))]
            best = max(
                LAMBDAS,
                key=lambda lam: loo_hits(criterion, x[train], low[train], high[train], wrong[train], lam, inner).sum(),
            )
            w, b, _, _ = fit(x[train], low[train], high[train], best)
            hits[test] = in_range(predict(criterion, x[test], w, b, wrong[test]), low[test], high[test])
        if args.quick:
            hits = loo_hits(criterion, x, low, high, wrong, lam, folds)
        w, b, mu, _ = fit(x, low, high, lam)
        fitted = in_range(predict(criterion, x, w, b, wrong), low, high)
        total_fit += fitted.sum()
        total_cv += hits.sum()
        cv_hits[criterion] = hits
        print(f"{criterion:<22}{lam:>7}{fitted.mean():>13.0%} {hits.mean():>12.0%}")
        keep = {name: round(float(v), 3) for name, v in zip(names, w, strict=True) if abs(v) >= 1e-3}
        out[criterion] = {
            "intercept": round(float(b), 3),
            "weights": keep,
            "low": BOUNDS[criterion][0],
            "high": BOUNDS[criterion][1],
            "typical": {name: round(float(m), 4) for name, m in zip(names, mu, strict=True) if name in keep},
            "lambda": lam,
        }
    print(f"{'all five':<22}{'':>7}{total_fit / (5 * n):>13.0%} {total_cv / (5 * n):>12.0%}")
    for split in FIT_SETS:
        idx = [i for i, c in enumerate(cases) if c["split"] == split]
        cv = sum(cv_hits[k][idx].sum() for k in CRITERIA)
        print(f"  {split}: cross-validated criteria in range {cv}/{5 * len(idx)} = {cv / (5 * len(idx)):.0%}")
    if args.write:
        data = {
            "about": "Written by bench/fit_evaluation.py; do not edit by hand. "
            "score = intercept + sum(weight * feature), kept in [low, high].",
            "fitted_on": {split: sum(c["split"] == split for c in cases) for split in FIT_SETS},
            "criteria": out,
        }
        calibration.PATH.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"\nwritten {calibration.PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
