"""Rank several candidates against one vacancy with the full score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from . import embedding
from .inputs import CandidateProfile, VacancyRequirements
from .score import MatchResult, match


@dataclass(frozen=True)
class Ranked:
    key: str
    result: MatchResult


def rank(
    vacancy: VacancyRequirements,
    candidates: Sequence[tuple[str, CandidateProfile]],
    *,
    semantic: bool = True,
) -> list[Ranked]:
    """Best first; ties keep the input order. ``semantic=False`` skips the embeddings."""
    similarities: list[float | None] = [None] * len(candidates)
    if semantic and candidates:
        query = embedding.embed_vacancy(vacancy.query_text())
        passages = embedding.embed_resumes([c.text for _, c in candidates])
        similarities = [embedding.cosine(query, p) for p in passages]
    ranked = [Ranked(key, match(c, vacancy, sim)) for (key, c), sim in zip(candidates, similarities, strict=True)]
    return sorted(ranked, key=lambda r: -r.result.score)
