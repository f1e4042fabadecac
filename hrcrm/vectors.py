"""Embedding vectors of any size in one column, with an HNSW index per size.

``embedding`` columns are plain ``vector`` (no fixed size), so a switch of embedding model
(E5-small 384, YandexGPT 256, GigaChat 1024, anything else) stores its vectors in the same
place; ``embedding_model`` / ``embedding_dimensions`` beside each vector say whose it is,
and searches only ever compare vectors of the current model.

An HNSW index needs a fixed size, so each known size has its own partial index over the
rows of that size, on the expression ``embedding::vector(n)``; ``cosine_distance`` writes
the same expression and the ``embedding_dimensions = n`` filter, so PostgreSQL uses it. A
size without an index still works (an exact scan); give it one by adding it to
``INDEXED_DIMENSIONS`` and running ``makemigrations``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.indexes import OpClass
from django.db.models import Q
from django.db.models.functions import Cast
from pgvector.django import CosineDistance, HnswIndex, VectorField

# multilingual-e5-small (the default), YandexGPT text-search, GigaChat Embeddings.
INDEXED_DIMENSIONS = (256, 384, 1024)


def hnsw_indexes(prefix: str) -> list[HnswIndex]:
    """The partial HNSW indexes (cosine) of a model's ``embedding`` column, one per size."""
    return [
        HnswIndex(
            OpClass(Cast("embedding", VectorField(dimensions=n)), name="vector_cosine_ops"),
            name=f"{prefix}_embedding_hnsw_{n}",
            condition=Q(embedding_dimensions=n),
            m=16,
            ef_construction=128,
        )
        for n in INDEXED_DIMENSIONS
    ]


def cosine_distance(vector: Any, dimensions: int) -> CosineDistance:
    """``embedding <=> vector`` written as the size's index expression (filter the rows
    on ``embedding_dimensions=dimensions`` too, as the index's condition)."""
    return CosineDistance(Cast("embedding", VectorField(dimensions=dimensions)), vector)
