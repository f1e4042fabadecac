"""From interview features to the five scores: a linear map per criterion, fitted.

The weights live in ``calibration.json`` (data, not code), written by
``bench/fit_evaluation.py``, which fits them on hand-judged interviews (the shared corpus
and the development set: each criterion's human range, squared distance to the range
plus a ridge penalty) and prints the cross-validated result. Each criterion has an
intercept, a weight per feature (see ``features``) and the range its score is kept in.
A feature missing from the file weighs nothing, so new features never change scores
until the file is refitted.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from scoring.evaluation.schema import CRITERIA

PATH = Path(__file__).with_name("calibration.json")


@cache
def model() -> dict[str, dict]:
    data = json.loads(PATH.read_text(encoding="utf-8"))
    missing = [name for name in CRITERIA if name not in data["criteria"]]
    if missing:
        raise ValueError(f"{PATH.name} has no weights for {', '.join(missing)}")
    return data["criteria"]


def raw_score(criterion: str, features: dict[str, float]) -> float:
    spec = model()[criterion]
    return spec["intercept"] + sum(w * features.get(name, 0.0) for name, w in spec["weights"].items())


def scores(features: dict[str, float]) -> dict[str, int]:
    out = {}
    for name in CRITERIA:
        spec = model()[name]
        value = raw_score(name, features)
        out[name] = int(round(max(spec["low"], min(spec["high"], value))))
    return out


def contributions(criterion: str, features: dict[str, float]) -> list[tuple[str, float]]:
    """Each feature's push on the score against a typical interview of the fitting set,
    largest first: what the explanation names."""
    spec = model()[criterion]
    typical = spec.get("typical", {})
    pushes = [(name, w * (features.get(name, 0.0) - typical.get(name, 0.0))) for name, w in spec["weights"].items()]
    return sorted(pushes, key=lambda item: -abs(item[1]))
