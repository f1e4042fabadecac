"""Embeddings for the semantic part of the match score, through the AI layer
(``hrcrm.ai.embeddings``: multilingual-e5-small offline by default, or the provider set
by ``AI_PROVIDER_EMBEDDINGS``).

Resumes are embedded as *documents* (E5 ``passage:``) and vacancies as *queries* (E5
``query:``). Vectors are cached per text hash and embedding model inside the process, so
ranking many vacancies against the same resumes embeds each text once, and a change of
model never mixes two vector spaces.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence

import numpy as np

from hrcrm.ai import embeddings as ai

from .fairness import strip_protected

# E5-small reads at most 512 tokens; the start of a resume (headline, recent jobs) is
# what a cut keeps, which is also what matters most for fit.
MAX_CHARS = 2000

_SURROGATE = re.compile("[\ud800-\udfff]")
_cache: dict[tuple[str, str, str], np.ndarray] = {}
_lock = threading.Lock()


def _key(kind: str, text: str) -> tuple[str, str, str]:
    return ai.embedding_model(), kind, hashlib.sha256(text.encode("utf-8")).hexdigest()


def _unit(vector: object) -> np.ndarray:
    v = np.asarray(vector, dtype=np.float32).reshape(-1)
    n = float(np.linalg.norm(v))
    return v / n if n else v


def prepare(text: str) -> str:
    """Text as it is embedded: protected attributes removed, cut to what the model reads."""
    text = " ".join(strip_protected(text).split())[:MAX_CHARS]
    # A lone UTF-16 surrogate half (a broken emoji) cannot be encoded for the model.
    return text.encode("utf-8", "ignore").decode("utf-8") if _SURROGATE.search(text) else text


def embed_resumes(texts: Sequence[str]) -> list[np.ndarray]:
    prepared = [prepare(t) for t in texts]
    missing = [t for t in dict.fromkeys(prepared) if _key("passage", t) not in _cache]
    if missing:
        vectors = ai.embed_documents(missing)
        with _lock:
            for t, v in zip(missing, vectors, strict=True):
                _cache[_key("passage", t)] = _unit(v)
    return [_cache[_key("passage", t)] for t in prepared]


def embed_vacancy(text: str) -> np.ndarray:
    prepared = prepare(text)
    key = _key("query", prepared)
    if key not in _cache:
        vector = _unit(ai.embed_query(prepared))
        with _lock:
            _cache[key] = vector
    return _cache[key]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.dot(_unit(a), _unit(b)))
