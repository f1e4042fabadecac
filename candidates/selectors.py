"""Reads for candidate pages; permission checks happen here, not in templates.

Every list read here costs a fixed number of queries whatever the data size: the
table is one page query + one prefetch, the board one windowed query + one count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, When, Window
from django.db.models.functions import RowNumber
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from candidates.models import Application, Candidate, CandidateMerge, CandidateSource, ResumeStatus
from candidates.pipeline import BOARD_ORDER, Stage
from candidates.scope import applications_visible, candidates_visible
from candidates.search import Hit, explain, search
from hrcrm.roles import is_admin, is_staff_member

RESUME_PENDING = (ResumeStatus.QUEUED, ResumeStatus.EXTRACTING, ResumeStatus.PARSING)
BOARD_PAGE = 20  # cards per column before "show more"

# URL value -> ORM ordering; the second field keeps pages stable under equal values.
TABLE_SORTS: dict[str, tuple[str, ...]] = {
    "name": ("full_name", "id"),
    "-name": ("-full_name", "-id"),
    "city": ("city", "id"),
    "-city": ("-city", "-id"),
    "source": ("source", "id"),
    "-source": ("-source", "-id"),
    "created": ("created_at", "id"),
    "-created": ("-created_at", "-id"),
    "updated": ("updated_at", "id"),
    "-updated": ("-updated_at", "-id"),
}
# Sorts computed from the applications (see _annotate_sort): the match score for the
# chosen vacancy, and the pipeline stage (the chosen vacancy's, else the latest move).
COMPUTED_SORTS = ("-match", "match", "stage", "-stage")


def _int_or_none(value: str | None) -> int | None:
    """A database id from the query string; None for anything that cannot be one
    (not a number, or outside PostgreSQL's bigint)."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is not None and 0 < number < 2**63 else None


@dataclass(frozen=True)
class CandidateFilters:
    """The table's and the board's filters, parsed and validated from the query string.
    Unknown values are dropped rather than raising: a stale bookmark still opens."""

    q: str = ""
    vacancy: int | None = None
    stage: str = ""
    source: str = ""
    city: str = ""
    skill: str = ""
    tag: str = ""
    sort: str = "-created"

    @classmethod
    def from_query(cls, params: QueryDict) -> CandidateFilters:
        stage = params.get("stage", "")
        source = params.get("source", "")
        sort = params.get("sort", "")
        return cls(
            q=params.get("q", "").strip()[:200],
            vacancy=_int_or_none(params.get("vacancy")),
            stage=stage if stage in Stage.values else "",
            source=source if source in CandidateSource.values else "",
            city=params.get("city", "").strip()[:100],
            skill=params.get("skill", "").strip()[:80],
            tag=params.get("tag", "").strip()[:60],
            sort=sort
            if sort in TABLE_SORTS or sort in COMPUTED_SORTS
            else ("-rank" if params.get("q", "").strip() else "-created"),
        )

    def query_string(self, **override: Any) -> str:
        """The filters as a query string, for sort links and pagination."""
        values = {
            "q": self.q,
            "vacancy": self.vacancy or "",
            "stage": self.stage,
            "source": self.source,
            "city": self.city,
            "skill": self.skill,
            "tag": self.tag,
            "sort": "" if self.sort in ("-rank", "-created") else self.sort,
        }
        values.update(override)
        query = QueryDict(mutable=True)
        for key, value in values.items():
            if value not in ("", None):
                query[key] = str(value)
        return query.urlencode()

    @property
    def active(self) -> bool:
        return bool(self.q or self.vacancy or self.stage or self.source or self.city or self.skill or self.tag)


def _skill_variants(skill: str) -> list[str]:
    # Skills are stored as written in resumes ("Python", "PostgreSQL"); matching the
    # usual spellings keeps the GIN index usable, unlike lower() over unnest().
    return sorted({skill, skill.lower(), skill.upper(), skill.capitalize(), skill.title()})


@dataclass
class CandidateTable:
    """The table's rows (a queryset to paginate) and, for a search, why each matched."""

    rows: QuerySet[Candidate]
    hits: dict[int, Hit] = field(default_factory=dict)
    semantic: bool = True  # False: the search ran on words only

    def explain(self, candidates: list[Candidate], query: str) -> None:
        """Attach the matching resume lines and the score to the candidates of a page."""
        page_hits = [self.hits[c.pk] for c in candidates if c.pk in self.hits]
        explain(page_hits, query)
        for c in candidates:
            c.search_hit = self.hits.get(c.pk)  # type: ignore[attr-defined]


def candidate_table(filters: CandidateFilters, *, user: Any) -> QuerySet[Candidate]:
    """The table's rows; a query filters by words only (see ``candidate_search`` for
    the ranked search the page uses)."""
    qs = _filtered(filters, user)
    if filters.q:
        query = SearchQuery(filters.q, config="russian", search_type="websearch")
        qs = qs.filter(search_vector=query)
        if filters.sort == "-rank":
            qs = qs.annotate(rank=SearchRank(F("search_vector"), query))
    return _ordered(qs, filters, ("-rank", "-id"))


def candidate_search(filters: CandidateFilters, *, user: Any, semantic: bool = True) -> CandidateTable:
    """The page's table: with a query, the candidates the blended search finds among
    the filtered ones (candidates/search.py), best first unless another sort is chosen."""
    qs = _filtered(filters, user)
    if not filters.q:
        return CandidateTable(rows=_ordered(qs, filters))
    result = search(qs, filters.q, semantic=semantic)
    hits = {h.candidate_id: h for h in result.hits}
    qs = qs.filter(pk__in=list(hits))
    if filters.sort == "-rank":
        position = Case(*[When(pk=h.candidate_id, then=n) for n, h in enumerate(result.hits)], default=len(hits))
        qs = qs.annotate(search_position=position)
    return CandidateTable(rows=_ordered(qs, filters, ("search_position", "id")), hits=hits, semantic=result.semantic)


def _filtered(filters: CandidateFilters, user: Any) -> QuerySet[Candidate]:
    """The filtered candidates within ``user``'s scope (candidates/scope.py)."""
    qs = Candidate.objects.only(
        "id", "full_name", "email", "phone", "city", "source", "desired_position", "skills", "created_at", "updated_at"
    )
    qs = candidates_visible(user, qs)
    if filters.vacancy or filters.stage:
        # Exists, not a join: the same application must match both, and a candidate with
        # two matching applications must not show twice.
        apps = Application.objects.filter(candidate=OuterRef("pk"))
        if filters.vacancy:
            apps = apps.filter(vacancy_id=filters.vacancy)
        if filters.stage:
            apps = apps.filter(stage=filters.stage)
        qs = qs.filter(Exists(apps))
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.city:
        qs = qs.filter(city__iexact=filters.city)
    if filters.skill:
        qs = qs.filter(skills__overlap=_skill_variants(filters.skill))
    if filters.tag:
        qs = qs.filter(tags__name=filters.tag)
    return qs


def _ordered(qs: QuerySet[Candidate], filters: CandidateFilters, rank: tuple[str, ...] = ()) -> QuerySet[Candidate]:
    ordering: tuple[Any, ...]
    if filters.sort == "-rank":
        ordering = rank or ("-created_at", "-id")
    elif filters.sort in COMPUTED_SORTS:
        qs, ordering = _annotate_sort(qs, filters)
    else:
        ordering = TABLE_SORTS[filters.sort]
    applications = Application.objects.select_related("vacancy").only(
        "id", "candidate_id", "stage", "match_score", "vacancy__id", "vacancy__title"
    )
    merges = CandidateMerge.objects.only("id", "kept_id", "reason", "created_at")
    return qs.order_by(*ordering).prefetch_related(
        Prefetch("applications", queryset=applications), "tags", Prefetch("merges", queryset=merges)
    )


def _annotate_sort(qs: QuerySet[Candidate], filters: CandidateFilters) -> tuple[QuerySet[Candidate], tuple[Any, ...]]:
    """Sort by the match score for the chosen vacancy (without one: the best score of
    any application), or by how far along the pipeline the candidate is."""
    apps = Application.objects.filter(candidate=OuterRef("pk"))
    if filters.vacancy:
        apps = apps.filter(vacancy_id=filters.vacancy)
    if filters.sort in ("-match", "match"):
        qs = qs.annotate(
            sort_match=Subquery(apps.order_by(F("match_score").desc(nulls_last=True)).values("match_score")[:1])
        )
        key = (
            F("sort_match").desc(nulls_last=True) if filters.sort == "-match" else F("sort_match").asc(nulls_last=True)
        )
        return qs, (key, "id")
    order = Case(*[When(stage=stage, then=n) for n, stage in enumerate(BOARD_ORDER)], default=len(BOARD_ORDER))
    position = apps.annotate(position=order).order_by("-stage_changed_at").values("position")[:1]
    qs = qs.annotate(sort_stage=Subquery(position))
    key = F("sort_stage").asc(nulls_last=True) if filters.sort == "stage" else F("sort_stage").desc(nulls_last=True)
    return qs, (key, "id")


def candidate_cities(user: Any) -> list[str]:
    qs = candidates_visible(user, Candidate.objects.exclude(city=""))
    return list(qs.order_by("city").values_list("city", flat=True).distinct()[:300])


# --- Board ----------------------------------------------------------------------------


@dataclass
class BoardColumn:
    stage: Stage
    count: int
    cards: list[Application] = field(default_factory=list)
    offset: int = 0

    @property
    def has_more(self) -> bool:
        return self.count > self.offset + len(self.cards)


def _board_queryset(user: Any, vacancy_id: int | None, query: str = "") -> QuerySet[Application]:
    qs = (
        applications_visible(user, Application.objects.all())
        .select_related("candidate", "vacancy")
        .only(
            "id",
            "stage",
            "match_score",
            "stage_changed_at",
            "updated_at",
            "candidate__id",
            "candidate__full_name",
            "candidate__city",
            "vacancy__id",
            "vacancy__title",
        )
    )
    if vacancy_id:
        qs = qs.filter(vacancy_id=vacancy_id)
    if query:
        qs = qs.filter(candidate__search_vector=SearchQuery(query, config="russian", search_type="websearch"))
    return qs


def board_columns(
    *, user: Any, vacancy_id: int | None = None, query: str = "", per_column: int = BOARD_PAGE
) -> list[BoardColumn]:
    """The first ``per_column`` cards of every stage (freshest first) in one query."""
    counts = dict(_board_queryset(user, vacancy_id, query).values_list("stage").annotate(n=Count("id")).order_by())
    ranked = _board_queryset(user, vacancy_id, query).annotate(
        row=Window(RowNumber(), partition_by=[F("stage")], order_by=[F("stage_changed_at").desc(), F("id").desc()])
    )
    columns = {stage: BoardColumn(stage=stage, count=counts.get(stage, 0)) for stage in BOARD_ORDER}
    for application in ranked.filter(row__lte=per_column).order_by("stage", "row"):
        columns[Stage(application.stage)].cards.append(application)
    return list(columns.values())


def board_column_page(
    *, user: Any, stage: str, vacancy_id: int | None, query: str = "", offset: int, limit: int = BOARD_PAGE
) -> BoardColumn:
    """Cards after ``offset`` in one column, for lazy loading ("show more")."""
    qs = _board_queryset(user, vacancy_id, query).filter(stage=stage).order_by("-stage_changed_at", "-id")
    cards = list(qs[offset : offset + limit + 1])
    # One extra row tells whether there is more without a COUNT over the column.
    return BoardColumn(stage=Stage(stage), count=offset + len(cards), cards=cards[:limit], offset=offset)


# --- One entity -----------------------------------------------------------------------


def candidate_get_for_user(user: Any, pk: int, *, write: bool = False) -> Candidate:
    """The one permission-checked getter for a candidate: staff, within their scope
    (``candidates.scope``: a manager, the candidates of his vacancies); 404 outside it,
    so nothing tells which candidates exist."""
    if not is_staff_member(user):
        raise PermissionDenied
    return get_object_or_404(candidates_visible(user, Candidate.objects.all()), pk=pk)


def application_get_for_user(user: Any, pk: int, *, write: bool = False) -> Application:
    """Staff read and move every application (recruiters and managers work together);
    the final decision has its own check, ``can_decide``."""
    if not is_staff_member(user):
        raise PermissionDenied
    qs = applications_visible(user, Application.objects.select_related("candidate", "vacancy"))
    return get_object_or_404(qs, pk=pk)


def can_decide(user: Any, application: Application) -> bool:
    """Accepting is the hiring manager's call (his vacancies) or an admin's."""
    return is_admin(user) or (user.is_authenticated and application.vacancy.hiring_manager_id == user.pk)


def stage_counts_for_vacancies(vacancy_ids: list[int]) -> dict[int, dict[str, int]]:
    rows = (
        Application.objects.filter(vacancy_id__in=vacancy_ids)
        .values_list("vacancy_id", "stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = {}
    for vacancy_id, stage, n in rows:
        result.setdefault(vacancy_id, {})[stage] = n
    return result


def candidate_resolve(candidate_id: int) -> int | None:
    """The candidate that now stands for ``candidate_id``: itself, the person a deleted
    duplicate was merged into (following merges of merges), or None when it is gone
    for another reason (erased). Tasks queued with a candidate id call this first."""
    seen: set[int] = set()
    current = candidate_id
    while current not in seen:
        seen.add(current)
        if Candidate.objects.filter(pk=current).exists():
            return current
        kept = CandidateMerge.objects.filter(merged_id=current).values_list("kept_id", flat=True).first()
        if kept is None:
            return None
        current = kept
    return None
