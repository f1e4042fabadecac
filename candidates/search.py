"""The candidates search: meaning and words together.

A recruiter types what he means («кто работал с Kafka в финтехе»). Two signals answer:

- **meaning**: the query embedded as an E5 ``query:`` against the stored resume vectors
  (pgvector, ``Candidate.embedding``, the vectors matching already keeps current);
- **words**: PostgreSQL full-text search over ``Candidate.search_vector`` (Russian
  stemming), word by word, so that a phrase is not lost to one word no resume contains:
  a candidate scores the share of the query's informative words he has, rarer words
  weighing more; one who has them all gets a bonus.

The blend (weights measured by ``bench/candidate_search.py``) orders the candidates the
other filters left; a candidate enters the results with a word hit or a semantic
similarity above ``SEMANTIC_FLOOR``. When the query cannot be embedded (the model is
unavailable, or the stored vectors come from another model) the search runs on words
alone and says so. Each hit on a page is explained by the resume lines that match.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.db.models import QuerySet
from pgvector.django import CosineDistance

from candidates.models import Candidate, Resume
from hrcrm.ai import embeddings as ai
from hrcrm.ai.errors import AIError
from hrcrm.text import fold

log = logging.getLogger(__name__)

# Blend weights and the semantic entry threshold, tuned on the development queries of
# bench/candidate_search.py (96 synthetic resumes, 20 graded queries), where nDCG@10 is
# full-text alone 0.26 dev / 0.23 held-out, words 0.74 / 0.78, this blend 0.84 / 0.83.
# The weight barely matters there (0.4-0.8: 0.82-0.83 dev); the floor sets how many
# meaning-only hits appear, which nDCG@10 does not see.
SEMANTIC_WEIGHT = 0.6
WORDS_WEIGHT = 0.4
ALL_WORDS_BONUS = 0.15
SEMANTIC_FLOOR = 0.6  # similarity (0..1 within the pool) a meaning-only hit needs
CANDIDATE_POOL = 300  # nearest vectors considered
COMMON_SHARE = 0.4  # a word more than this share of the candidates have is not informative
MIN_FOR_COMMON = 8  # ...judged only among at least this many candidates
COMMON_SHARE_CAP = 20_000

_WORD = re.compile(r"[\w#+.-]+", re.UNICODE)
# Words that frame a recruiter's question rather than say what he looks for («кто
# работал с …», «нужен специалист …»); the meaning part still reads the whole query.
FRAME_WORDS = frozenset(
    "кто кого который которая которые работал работала работали работавший работавшая опыт опытом "
    "опыта ищу ищем нужен нужна нужны нужно требуется человек людей кандидат кандидата кандидаты "
    "специалист специалиста знает знающий умеет умеющий есть был была были".split()
)


@dataclass
class Hit:
    candidate_id: int
    score: float  # 0..1, the blend
    semantic: float | None  # calibrated similarity 0..1 (None: no vector)
    words: float  # 0..1, word rank relative to the best
    all_words: bool
    lines: list[str] = field(default_factory=list)  # the resume lines that match


@dataclass
class SearchResult:
    hits: list[Hit]
    semantic: bool  # False: words only (the note on the page says why)


def query_words(query: str) -> list[str]:
    return [w.strip(".-") for w in _WORD.findall(fold(query)) if len(w.strip(".-")) >= 2]


def informative(query: str) -> list[str]:
    """The query's words without the ones that only frame the question."""
    return [w for w in dict.fromkeys(query_words(query)) if w not in FRAME_WORDS]


def _word_query(word: str) -> SearchQuery:
    """One word in both configurations: Russian stems for words, simple for the names of
    tools and contacts."""
    return SearchQuery(word, config="russian") | SearchQuery(word, config="simple")


def _word_hits(qs: QuerySet[Candidate], query: str) -> tuple[dict[int, float], set[int]]:
    """Each candidate's share of the query's informative words (weighted by rarity),
    and who has them all. A word most of the filtered candidates have («работал»,
    «опыт») says nothing about this query and is left out; a word nobody has, too."""
    total = qs.count()
    weighted: list[tuple[float, set[int]]] = []
    for word in informative(query):
        ids = set(qs.filter(search_vector=_word_query(word)).values_list("pk", flat=True)[:COMMON_SHARE_CAP])
        if not ids or (total >= MIN_FOR_COMMON and len(ids) > COMMON_SHARE * total):
            continue
        weighted.append((math.log(1 + total / len(ids)), ids))
    whole = sum(w for w, _ in weighted)
    share: dict[int, float] = {}
    for weight, ids in weighted:
        for pk in ids:
            share[pk] = share.get(pk, 0.0) + weight / whole
    everything = {pk for pk, v in share.items() if v > 0.999} if len(weighted) > 1 else set()
    return share, everything


def _query_vector(query: str) -> list[float] | None:
    """The query's E5 vector, cached (pagination and sorting repeat the same query)."""
    key = "cand-search-q:" + hashlib.sha256(f"{ai.embedding_model()}|{query}".encode()).hexdigest()
    vector = cache.get(key)
    if vector is None:
        try:
            vector = ai.embed_query(query, refs={"purpose": "candidate_search"})
        except AIError as error:
            log.warning("candidate search runs on words only: %s", error)
            return None
        cache.set(key, vector, 600)
    return vector


def search(qs: QuerySet[Candidate], query: str, *, semantic: bool = True) -> SearchResult:
    """Rank the candidates of ``qs`` (already filtered) for ``query``, best first."""
    word_share, all_words = _word_hits(qs, query)

    similarity: dict[int, float] = {}
    vector = _query_vector(query) if semantic else None
    if vector is not None:
        model, dims = ai.embedding_model(), ai.embedding_dimensions()
        rows = list(
            qs.filter(embedding__isnull=False, embedding_model=model, embedding_dimensions=dims)
            .annotate(distance=CosineDistance("embedding", vector))
            .order_by("distance")
            .values_list("pk", "distance")[:CANDIDATE_POOL]
        )
        # E5 cosines of a short query sit in a narrow band that moves with the query:
        # scale them between the nearest and the farthest of the pool.
        cosines = {pk: 1.0 - float(d) for pk, d in rows}
        if len(cosines) >= 2:
            top, bottom = max(cosines.values()), min(cosines.values())
            span = (top - bottom) or 1.0
            similarity = {pk: (c - bottom) / span for pk, c in cosines.items()}

    hits = []
    for pk in set(word_share) | {pk for pk, s in similarity.items() if s >= SEMANTIC_FLOOR}:
        sem = similarity.get(pk)
        lex = word_share.get(pk, 0.0)
        bonus = ALL_WORDS_BONUS if pk in all_words else 0.0
        score = lex + bonus if vector is None else SEMANTIC_WEIGHT * (sem or 0.0) + WORDS_WEIGHT * lex + bonus
        hits.append(Hit(pk, min(1.0, score), sem, lex, pk in all_words))
    hits.sort(key=lambda h: (-h.score, h.candidate_id))
    return SearchResult(hits=hits, semantic=vector is not None)


def _stem(word: str) -> str:
    # A crude prefix stem, enough to find the line a word came from («финтех», «финтехе»).
    return word[: max(3, min(len(word), 5 if len(word) > 6 else len(word) - 1))]


def explain(hits: list[Hit], query: str, *, per_hit: int = 2, width: int = 180) -> None:
    """Fill ``lines`` of ``hits`` with the resume lines holding the query's words, most
    words first (one query for all hits)."""
    stems = [_stem(w) for w in informative(query) if len(w) >= 3]
    if not hits or not stems:
        return
    texts = dict(
        Resume.objects.filter(candidate_id__in=[h.candidate_id for h in hits], is_current=True)
        .order_by("candidate_id", "-created_at")
        .distinct("candidate_id")
        .values_list("candidate_id", "extracted_text")
    )
    for hit in hits:
        scored = []
        for n, raw in enumerate((texts.get(hit.candidate_id) or "").splitlines()):
            line = " ".join(raw.split())
            if len(line) < 4:
                continue
            tokens = query_words(line)
            found = {s for s in stems if any(t.startswith(s) for t in tokens)}
            if found:
                scored.append((-len(found), n, line))
        hit.lines = [_clip(line, width) for _, _, line in sorted(scored)[:per_hit]]


def _clip(line: str, width: int) -> str:
    return line if len(line) <= width else line[: width - 1].rsplit(" ", 1)[0] + "…"
