"""Ranking regression on the shared corpus (truth profiles + extracted text, no embeddings).

The full numbers, with embeddings and the BM25 baseline, come from bench/ranking_quality.py.
"""

from __future__ import annotations

import importlib.util
import json
import shutil

import pytest

from matching.engine.ranking import rank
from tests.conftest import CORPUS

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(autouse=True)
def _corpus_month(settings):
    # Open-ended jobs run to the corpus reference month, whatever today's date is.
    settings.INTAKE_AS_OF = "2026-11"


@pytest.fixture(scope="module")
def bench():
    path = __import__("pathlib").Path(__file__).resolve().parents[1] / "bench" / "ranking_quality.py"
    spec = importlib.util.spec_from_file_location("ranking_quality", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("subset", ["", "pools"])
def test_corpus_rankings_put_good_candidates_first(bench, subset):
    root = CORPUS / subset if subset else CORPUS
    relevance = json.loads((root / "relevance.json").read_text(encoding="utf-8"))["vacancies"]
    truth = json.loads((root / "resumes" / "truth.json").read_text(encoding="utf-8"))["resumes"]
    profiles = bench.load_profiles(root / "resumes", truth, list(truth))
    vacancies = bench.load_vacancies(root / "vacancies")
    for name, block in relevance.items():
        grades = {k: v["grade"] for k, v in block["resumes"].items() if k in profiles and not v.get("excluded")}
        order = [r.key for r in rank(vacancies[name][0], [(k, profiles[k]) for k in grades], semantic=False)]
        ranked = [grades[k] for k in order]
        assert bench.ndcg(ranked, 5) >= 0.85, (name, ranked)
        # Every resume worth a call (grade >= 2) is above every irrelevant one (grade 0).
        last_good = max(i for i, g in enumerate(ranked) if g >= 2)
        assert 0 not in ranked[:last_good], (name, ranked)
