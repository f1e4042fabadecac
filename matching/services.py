"""Stored vectors, nearest neighbours and stored match scores.

``matching.engine`` is pure (no database); this module is its database side:

* ``candidate_embed`` / ``vacancy_embed`` store the E5 vector of a candidate's current
  resume (passage, protected attributes stripped) and of a vacancy (query), with the
  model name and size, so vectors of another model are never compared;
* ``nearest_candidates`` / ``nearest_vacancies`` ask the HNSW indexes (cosine) for the
  nearest active candidates / open vacancies, with pgvector 0.8 iterative scans so a
  filtered query still returns as many rows as asked when enough exist;
* ``match_pair`` computes the full explained ``match()`` of one pair, and
  ``candidate_matches_refresh`` / ``vacancy_matches_refresh`` store it for the nearest
  pairs and for every application of the candidate / vacancy (``Application.match_score``).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet

from candidates.models import Application, Candidate, Resume, ResumeStatus
from candidates.pipeline import Stage
from hrcrm.ai import embeddings as ai
from hrcrm.vectors import cosine_distance
from matching.engine import CandidateProfile, MatchResult, VacancyRequirements, match, strip_protected
from matching.engine.embedding import prepare
from matching.models import MatchScore
from vacancies.models import Vacancy, VacancyStatus

log = logging.getLogger(__name__)

# How many nearest neighbours the full score re-ranks. The vector search only shortlists;
# the explained score decides the order, so the shortlist is several times the panel.
SHORTLIST_MIN = 40
SHORTLIST_FACTOR = 4
# Pairs stored per refresh (nearest by vector); other pairs are scored when shown.
STORED_NEIGHBOURS = 50
# A relaxed-order scan yields rows only roughly by distance, so the first ``limit`` rows
# can miss a true neighbour; fetch this many times more, sort exactly, then cut.
OVERFETCH = 2


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _current_model() -> tuple[str, int]:
    return ai.embedding_model(), ai.embedding_dimensions()


# --- texts and embeddings ---------------------------------------------------------------------


def current_resume(candidate_id: int) -> Resume | None:
    return (
        Resume.objects.filter(candidate_id=candidate_id, is_current=True, status=ResumeStatus.DONE)
        .order_by("-processed_at", "-pk")
        .first()
    )


def candidate_profile(candidate: Candidate, resume: Resume | None) -> CandidateProfile:
    """Matching input of a candidate: the parsed current resume, or the typed fields when
    there is none (a candidate entered by hand). No protected attribute is carried."""
    if resume is not None and resume.profile:
        return CandidateProfile.from_parsed(resume.profile, resume.extracted_text or "")
    text = "\n".join(p for p in (candidate.desired_position, candidate.last_title, ", ".join(candidate.skills)) if p)
    return CandidateProfile(
        text=strip_protected(text),
        desired_position=candidate.desired_position,
        city=candidate.city,
        total_experience_months=candidate.total_experience_months,
        skills=tuple(candidate.skills),
    )


def candidate_embedding_text(profile: CandidateProfile) -> str:
    # ``profile.text`` is already stripped of protected attributes; ``prepare`` strips again
    # (idempotent) and cuts to what the model reads.
    return prepare(profile.text)


def vacancy_embedding_text(vacancy: Vacancy) -> str:
    return prepare(VacancyRequirements.from_vacancy(vacancy).query_text())


@dataclass(frozen=True)
class EmbedOutcome:
    embedded: bool  # False: the stored vector was current for this text already
    model: str


def candidate_embed(*, candidate_id: int, force: bool = False) -> EmbedOutcome:
    """Embed the candidate's current resume (passage) unless the stored vector is current."""
    candidate = Candidate.objects.get(pk=candidate_id)
    text = candidate_embedding_text(candidate_profile(candidate, current_resume(candidate_id)))
    model, dims = _current_model()
    if not text.strip():
        Candidate.objects.filter(pk=candidate_id).update(
            embedding=None, embedding_model="", embedding_dimensions=None, embedding_hash=""
        )
        return EmbedOutcome(False, model)
    digest = _hash(text)
    if (
        not force
        and candidate.embedding_hash == digest
        and ai.is_current(candidate.embedding_model, candidate.embedding_dimensions or 0)
    ):
        return EmbedOutcome(False, model)
    [vector] = ai.embed_documents([text], refs={"candidate_id": candidate_id})
    Candidate.objects.filter(pk=candidate_id).update(
        embedding=vector, embedding_model=model, embedding_dimensions=dims, embedding_hash=digest
    )
    return EmbedOutcome(True, model)


def vacancy_embed(*, vacancy_id: int, force: bool = False) -> EmbedOutcome:
    """Embed the vacancy's title, requirements and posting (query) unless current."""
    vacancy = Vacancy.objects.get(pk=vacancy_id)
    text = vacancy_embedding_text(vacancy)
    model, dims = _current_model()
    digest = _hash(text)
    if (
        not force
        and vacancy.embedding_hash == digest
        and ai.is_current(vacancy.embedding_model, vacancy.embedding_dimensions or 0)
    ):
        return EmbedOutcome(False, model)
    vector = ai.embed_query(text, refs={"vacancy_id": vacancy_id})
    Vacancy.objects.filter(pk=vacancy_id).update(
        embedding=vector, embedding_model=model, embedding_dimensions=dims, embedding_hash=digest
    )
    return EmbedOutcome(True, model)


def has_current_vector(obj: Candidate | Vacancy) -> bool:
    """A vector made by the model that embeds now (another model's is not compared)."""
    return obj.embedding is not None and ai.is_current(obj.embedding_model, obj.embedding_dimensions or 0)


def stale_candidates(*, everyone: bool = False) -> QuerySet[Candidate]:
    """Candidates to embed: with no vector or one of another model (all with ``everyone``)."""
    if everyone:
        return Candidate.objects.all()
    model, dims = _current_model()
    return Candidate.objects.exclude(embedding__isnull=False, embedding_model=model, embedding_dimensions=dims)


def stale_vacancies(*, everyone: bool = False) -> QuerySet[Vacancy]:
    if everyone:
        return Vacancy.objects.all()
    model, dims = _current_model()
    return Vacancy.objects.exclude(embedding__isnull=False, embedding_model=model, embedding_dimensions=dims)


def stale_embeddings_refresh() -> tuple[int, int]:
    """Re-embed every vector made by another model (after switching the embeddings
    provider). Returns (candidates, vacancies) re-embedded."""
    stale_c = stale_candidates().filter(embedding__isnull=False)
    stale_v = stale_vacancies().filter(embedding__isnull=False)
    nc = sum(candidate_embed(candidate_id=pk, force=True).embedded for pk in stale_c.values_list("pk", flat=True))
    nv = sum(vacancy_embed(vacancy_id=pk, force=True).embedded for pk in stale_v.values_list("pk", flat=True))
    return nc, nv


# --- nearest neighbours -----------------------------------------------------------------------


def hnsw_settings() -> None:
    """Search settings for the HNSW queries; call inside the query's transaction.

    pgvector 0.8: keep scanning the graph until the WHERE filter has let through as many
    rows as the LIMIT asks (relaxed order: the full score re-ranks anyway), and a
    candidate list of ``MATCHING_HNSW_EF_SEARCH`` (recall vs time: bench/matching_scale.py).
    SET LOCAL lasts until the end of the surrounding transaction only."""
    ef = int(settings.MATCHING_HNSW_EF_SEARCH)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL hnsw.iterative_scan = relaxed_order")
        cursor.execute("SELECT set_config('hnsw.ef_search', %s, true)", [str(ef)])


def active_candidates() -> QuerySet[Candidate]:
    """Candidates who can still be offered a job: not hired anywhere."""
    hired = Application.objects.filter(candidate_id=OuterRef("pk"), stage=Stage.ACCEPTED)
    return Candidate.objects.filter(~Exists(hired))


def candidates_near_query(vacancy: Vacancy, *, limit: int, exclude_pipeline: bool = True) -> QuerySet | None:
    """The SQL of ``nearest_candidates`` (``None``: the vacancy has no current vector).
    Rows are (pk, cosine distance), ``limit × OVERFETCH`` of them, roughly by distance."""
    if not has_current_vector(vacancy):
        return None
    qs = active_candidates().filter(
        embedding__isnull=False,
        embedding_model=vacancy.embedding_model,
        embedding_dimensions=vacancy.embedding_dimensions,
    )
    if exclude_pipeline:
        qs = qs.filter(~Exists(Application.objects.filter(candidate_id=OuterRef("pk"), vacancy_id=vacancy.pk)))
    return (
        qs.annotate(distance=cosine_distance(vacancy.embedding, vacancy.embedding_dimensions or 0))
        .order_by("distance")
        .values_list("pk", "distance")[: limit * OVERFETCH]
    )


def vacancies_near_query(candidate: Candidate, *, limit: int) -> QuerySet | None:
    """The SQL of ``nearest_vacancies`` (``None``: the candidate has no current vector)."""
    if not has_current_vector(candidate):
        return None
    qs = Vacancy.objects.filter(
        status=VacancyStatus.OPEN,
        embedding__isnull=False,
        embedding_model=candidate.embedding_model,
        embedding_dimensions=candidate.embedding_dimensions,
    ).filter(~Exists(Application.objects.filter(vacancy_id=OuterRef("pk"), candidate_id=candidate.pk)))
    return (
        qs.annotate(distance=cosine_distance(candidate.embedding, candidate.embedding_dimensions or 0))
        .order_by("distance")
        .values_list("pk", "distance")[: limit * OVERFETCH]
    )


def _search(query: QuerySet | None, limit: int) -> list[tuple[int, float]]:
    if query is None:
        return []
    with transaction.atomic():
        hnsw_settings()
        rows = list(query)
    # A relaxed-order scan is only roughly sorted: sort the over-fetched rows exactly.
    return [(pk, 1.0 - float(d)) for pk, d in sorted(rows, key=lambda r: r[1])[:limit]]


def nearest_candidates(vacancy: Vacancy, *, limit: int, exclude_pipeline: bool = True) -> list[tuple[int, float]]:
    """(candidate_id, cosine) of the nearest active candidates with a current vector;
    candidates already in the vacancy's pipeline are left out unless asked."""
    return _search(candidates_near_query(vacancy, limit=limit, exclude_pipeline=exclude_pipeline), limit)


def nearest_vacancies(candidate: Candidate, *, limit: int) -> list[tuple[int, float]]:
    """(vacancy_id, cosine) of the nearest open vacancies with a current vector that the
    candidate is not in the pipeline of yet."""
    return _search(vacancies_near_query(candidate, limit=limit), limit)


# --- scores -----------------------------------------------------------------------------------


def _cosine(a: Any, b: Any) -> float | None:
    if a is None or b is None:
        return None
    va, vb = np.asarray(a, dtype=np.float32), np.asarray(b, dtype=np.float32)
    na, nb = float(np.linalg.norm(va)), float(np.linalg.norm(vb))
    return float(va @ vb / (na * nb)) if na and nb else None


def similarity_of(candidate: Candidate, vacancy: Vacancy) -> float | None:
    """Cosine of the stored vectors when both exist and come from the current model."""
    if not (
        candidate.embedding is not None
        and vacancy.embedding is not None
        and candidate.embedding_model == vacancy.embedding_model
        and ai.is_current(candidate.embedding_model, candidate.embedding_dimensions or 0)
    ):
        return None
    return _cosine(candidate.embedding, vacancy.embedding)


def result_payload(result: MatchResult) -> dict[str, Any]:
    return {"ru": result.as_dict("ru"), "en": result.as_dict("en")}


def match_pair(
    candidate: Candidate, vacancy: Vacancy, resume: Resume | None, *, similarity: float | None = None
) -> MatchResult:
    sim = similarity if similarity is not None else similarity_of(candidate, vacancy)
    return match(candidate_profile(candidate, resume), VacancyRequirements.from_vacancy(vacancy), sim)


def current_resumes(candidate_ids: Iterable[int]) -> dict[int, Resume]:
    """The current parsed resume of each candidate, in one query."""
    out: dict[int, Resume] = {}
    rows = (
        Resume.objects.filter(candidate_id__in=list(candidate_ids), is_current=True, status=ResumeStatus.DONE)
        .only("candidate_id", "profile", "extracted_text", "processed_at")
        .order_by("candidate_id", "-processed_at", "-pk")
    )
    for r in rows:
        out.setdefault(r.candidate_id, r)
    return out


def _store(pairs: Sequence[tuple[Candidate, Vacancy, MatchResult, float | None]]) -> None:
    if not pairs:
        return
    MatchScore.objects.bulk_create(
        [
            MatchScore(candidate=c, vacancy=v, score=r.score, result=result_payload(r), similarity=sim)
            for c, v, r, sim in pairs
        ],
        update_conflicts=True,
        unique_fields=["candidate", "vacancy"],
        update_fields=["score", "result", "similarity", "computed_at"],
    )
    for c, v, r, _sim in pairs:
        Application.objects.filter(candidate=c, vacancy=v).update(match_score=round(r.score))


def candidate_matches_refresh(*, candidate_id: int) -> int:
    """Re-score the candidate against the nearest open vacancies and every vacancy he is
    in the pipeline of; older stored scores of this candidate are dropped (his resume
    changed). Returns how many pairs were stored."""
    candidate = Candidate.objects.get(pk=candidate_id)
    resume = current_resume(candidate_id)
    near = dict(nearest_vacancies(candidate, limit=STORED_NEIGHBOURS))
    applied = set(Application.objects.filter(candidate_id=candidate_id).values_list("vacancy_id", flat=True))
    vacancies = Vacancy.objects.filter(pk__in=set(near) | applied)
    pairs = []
    for v in vacancies:
        sim = near.get(v.pk) if v.pk in near else similarity_of(candidate, v)
        pairs.append((candidate, v, match_pair(candidate, v, resume, similarity=sim), sim))
    with transaction.atomic():
        MatchScore.objects.filter(candidate_id=candidate_id).delete()
        _store(pairs)
    return len(pairs)


def vacancy_matches_refresh(*, vacancy_id: int) -> int:
    """Re-score the nearest active candidates and everyone in the vacancy's pipeline
    against the vacancy; older stored scores of this vacancy are dropped."""
    vacancy = Vacancy.objects.get(pk=vacancy_id)
    near = dict(nearest_candidates(vacancy, limit=STORED_NEIGHBOURS, exclude_pipeline=False))
    applied = set(Application.objects.filter(vacancy_id=vacancy_id).values_list("candidate_id", flat=True))
    candidates = list(Candidate.objects.filter(pk__in=set(near) | applied))
    resumes = current_resumes(c.pk for c in candidates)
    pairs = []
    for c in candidates:
        sim = near.get(c.pk) if c.pk in near else similarity_of(c, vacancy)
        pairs.append((c, vacancy, match_pair(c, vacancy, resumes.get(c.pk), similarity=sim), sim))
    with transaction.atomic():
        MatchScore.objects.filter(vacancy_id=vacancy_id).delete()
        _store(pairs)
    return len(pairs)


def application_score(*, application_id: int) -> int | None:
    """Compute and store ``Application.match_score`` (and the pair's stored score)."""
    application = Application.objects.select_related("candidate", "vacancy").filter(pk=application_id).first()
    if application is None:
        return None
    c, v = application.candidate, application.vacancy
    sim = similarity_of(c, v)
    result = match_pair(c, v, current_resume(c.pk), similarity=sim)
    _store([(c, v, result, sim)])
    return round(result.score)


# --- after-commit triggers --------------------------------------------------------------------


def refresh_enabled() -> bool:
    return bool(getattr(settings, "MATCHING_REFRESH_ON_CHANGE", True))


def enqueue(func: str, *args: Any, name: str) -> None:
    from django_q.tasks import async_task

    async_task(func, *args, task_name=name)


def on_resume_parsed(resume_id: int) -> None:
    """A resume was parsed (after commit): re-embed and re-score its candidate."""
    if not refresh_enabled():
        return
    candidate_id = Resume.objects.filter(pk=resume_id).values_list("candidate_id", flat=True).first()
    if candidate_id:
        enqueue("matching.tasks.candidate_matching_task", candidate_id, name=f"match-candidate-{candidate_id}")


def on_vacancy_saved(vacancy_id: int) -> None:
    if refresh_enabled():
        enqueue("matching.tasks.vacancy_matching_task", vacancy_id, name=f"match-vacancy-{vacancy_id}")


def on_application_created(application_id: int) -> None:
    if refresh_enabled():
        enqueue("matching.tasks.application_score_task", application_id, name=f"match-application-{application_id}")


# --- writes from the pages --------------------------------------------------------------------


def recommended_candidate_add(*, vacancy: Vacancy, candidate: Candidate, actor: Any) -> Application:
    """«Добавить в воронку» on a recommendation: an application with the origin
    «Рекомендован системой» and its match score stored at once (the card shows it)."""
    from candidates.models import ApplicationOrigin
    from candidates.services import application_create

    with transaction.atomic():
        application = application_create(
            candidate=candidate, vacancy=vacancy, origin=ApplicationOrigin.RECOMMENDED, actor=actor
        )
        if application.match_score is None:
            stored = (
                MatchScore.objects.filter(candidate=candidate, vacancy=vacancy).values_list("score", flat=True).first()
            )
            score = round(stored) if stored is not None else application_score(application_id=application.pk)
            Application.objects.filter(pk=application.pk).update(match_score=score)
            application.match_score = score
    return application
