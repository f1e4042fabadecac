"""Reads of the warm pool: who is in it (talent-pool consent and a finished general
interview), and which pool candidates fit a vacancy, from the resume and the verified
skills, confirmed skills weighing more than claimed ones."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from django.db.models import Max
from django.utils import timezone

from candidates.models import Application, Candidate
from interviews.models import InterviewStatus
from matching.engine.location import Preferences, read_preferences
from matching.services import candidate_profile, current_resume
from pool.models import EvidenceLevel, RoleFamily, SkillEvidence
from pool.services import skill_key, skill_keys
from privacy.consents import talent_pool_in_force
from vacancies.models import Vacancy

# What one requirement is worth by the best evidence for it. A skill the interview looked
# for and did not find counts below a bare claim: the claim was checked and failed.
WEIGHT = {EvidenceLevel.CONFIRMED: 1.0, EvidenceLevel.CLAIMED: 0.5, EvidenceLevel.NOT_CONFIRMED: 0.1}
MUST_WEIGHT, NICE_WEIGHT = 2.0, 1.0
LEVELS = {"junior": (0, 24), "middle": (24, 60), "senior": (60, 10_000)}
POOL_LIMIT = 300
# The work formats a pool search asks for, and which stated preferences rule a person
# out of each (read from the resume, as matching reads them: «только удалённо», «офис не
# рассматриваю», «только офис»). Nothing stated fits every format.
WORK_FORMATS = ("office", "hybrid", "remote")


def fits_format(prefs: Preferences, work_format: str) -> bool:
    if work_format == "office":
        return not (prefs.remote_only or prefs.no_full_office)
    if work_format == "hybrid":
        return not (prefs.remote_only or prefs.office_only)
    if work_format == "remote":
        return not prefs.office_only
    return True


@dataclass
class PoolRow:
    candidate: Candidate
    families: list[str]
    interviewed_at: datetime | None
    evidence: list[SkillEvidence] = field(default_factory=list)

    @property
    def confirmed(self) -> list[SkillEvidence]:
        return [e for e in self.evidence if e.level == EvidenceLevel.CONFIRMED]

    @property
    def level(self) -> str:
        months = self.candidate.total_experience_months
        if months is None:
            return ""
        return next(name for name, (low, high) in LEVELS.items() if low <= months < high)


@dataclass(frozen=True)
class PoolFilters:
    family: int | None = None
    level: str = ""
    city: str = ""
    skill: str = ""
    fresh_days: int | None = None
    work_format: str = ""  # one of WORK_FORMATS, or any
    relocation: bool = False  # only those whose resume says they are ready to relocate


def families() -> list[RoleFamily]:
    return list(RoleFamily.objects.select_related("vacancy"))


def pool_rows(filters: PoolFilters | None = None) -> list[PoolRow]:
    filters = filters or PoolFilters()
    general = Application.objects.filter(
        vacancy__role_family__isnull=False, interviews__status=InterviewStatus.COMPLETED
    )
    if filters.family:
        general = general.filter(vacancy__role_family=filters.family)
    if filters.fresh_days:
        general = general.filter(interviews__finished_at__gte=timezone.now() - timedelta(days=filters.fresh_days))
    per_candidate = {
        row["candidate_id"]: row["last"]
        for row in general.values("candidate_id").annotate(last=Max("interviews__finished_at")).order_by()
    }
    candidates = Candidate.objects.filter(pk__in=list(per_candidate))
    if filters.city:
        candidates = candidates.filter(city__icontains=filters.city)
    if filters.level in LEVELS:
        low, high = LEVELS[filters.level]
        candidates = candidates.filter(total_experience_months__gte=low, total_experience_months__lt=high)
    if filters.skill:
        candidates = candidates.filter(
            skill_evidence__key=skill_key(filters.skill), skill_evidence__level=EvidenceLevel.CONFIRMED
        )
    candidates = _limited(c for c in candidates.order_by("full_name") if _consents(c.pk) and _wants(c, filters))
    family_names: dict[int, list[str]] = {}
    for cid, name in (
        Application.objects.filter(candidate__in=candidates, vacancy__role_family__isnull=False)
        .values_list("candidate_id", "vacancy__role_family__name")
        .distinct()
    ):
        family_names.setdefault(cid, []).append(name)
    evidence: dict[int, list[SkillEvidence]] = {}
    for item in SkillEvidence.objects.filter(candidate__in=candidates).order_by("level", "skill"):
        evidence.setdefault(item.candidate_id, []).append(item)
    rows = [
        PoolRow(
            candidate=c,
            families=sorted(family_names.get(c.pk, [])),
            interviewed_at=per_candidate.get(c.pk),
            evidence=evidence.get(c.pk, []),
        )
        for c in candidates
    ]
    return sorted(rows, key=lambda r: r.interviewed_at or timezone.now(), reverse=True)


def _limited(found: Iterator[Candidate]) -> list[Candidate]:
    return list(islice(found, POOL_LIMIT))


def _wants(candidate: Candidate, filters: PoolFilters) -> bool:
    """The work format and relocation the resume states fit the search."""
    if not filters.work_format and not filters.relocation:
        return True
    prefs = read_preferences(candidate_profile(candidate, current_resume(candidate.pk)))
    return fits_format(prefs, filters.work_format) and (prefs.ready_to_relocate or not filters.relocation)


def _consents(candidate_id: int) -> bool:
    """Consent in force: not withdrawn (an older wording counts) and within its term."""
    return talent_pool_in_force(candidate_id)


@dataclass(frozen=True)
class RequirementMatch:
    requirement: str
    must: bool
    level: str  # an EvidenceLevel value, or "" when neither the resume nor an interview shows it
    quote: str
    observed_at: datetime | None


@dataclass
class PoolMatch:
    row: PoolRow
    score: int
    breakdown: list[RequirementMatch]

    @property
    def confirmed_count(self) -> int:
        return sum(m.level == EvidenceLevel.CONFIRMED for m in self.breakdown)


def _best(requirement: str | list[str], row: PoolRow) -> RequirementMatch | None:
    names = requirement if isinstance(requirement, list) else [requirement]
    wanted: set[str] = set()
    for name in names:
        wanted |= skill_keys(str(name))
    best: SkillEvidence | None = None
    for item in row.evidence:
        if skill_keys(item.skill) & wanted and (best is None or WEIGHT[item.level] > WEIGHT[best.level]):
            best = item
    if best is None and {skill_key(s) for s in row.candidate.skills} & wanted:
        return RequirementMatch(" / ".join(map(str, names)), True, EvidenceLevel.CLAIMED, "", None)
    if best is None:
        return None
    return RequirementMatch(" / ".join(map(str, names)), True, best.level, best.quote, best.observed_at)


def pool_matches(vacancy: Vacancy, *, limit: int = 10) -> list[PoolMatch]:
    """Pool candidates for ``vacancy`` (not already on it), best first. Each requirement
    scores by its best evidence (``WEIGHT``), must-haves twice the nice-to-haves."""
    if RoleFamily.objects.filter(vacancy=vacancy).exists():
        return []  # a general interview's own campaign has no «from the pool»
    requirements = [(r, True) for r in vacancy.must_have or []] + [(r, False) for r in vacancy.nice_to_have or []]
    if not requirements:
        return []
    on_vacancy = set(Application.objects.filter(vacancy=vacancy).values_list("candidate_id", flat=True))
    total = sum(MUST_WEIGHT if must else NICE_WEIGHT for _, must in requirements)
    matches = []
    for row in pool_rows():
        if row.candidate.pk in on_vacancy:
            continue
        breakdown, gained = [], 0.0
        for requirement, must in requirements:
            found = _best(requirement, row)
            label = " / ".join(map(str, requirement)) if isinstance(requirement, list) else str(requirement)
            if found is None:
                breakdown.append(RequirementMatch(label, must, "", "", None))
                continue
            breakdown.append(RequirementMatch(label, must, found.level, found.quote, found.observed_at))
            gained += WEIGHT[EvidenceLevel(found.level)] * (MUST_WEIGHT if must else NICE_WEIGHT)
        score = round(100 * gained / total)
        if score > 0:
            matches.append(PoolMatch(row=row, score=score, breakdown=breakdown))
    matches.sort(key=lambda m: (-m.score, -m.confirmed_count, m.row.candidate.full_name))
    return matches[:limit]


def pool_filters_from(params: dict[str, str]) -> PoolFilters:
    def as_int(value: str | None) -> int | None:
        return int(value) if value and value.isdigit() else None

    return PoolFilters(
        family=as_int(params.get("family")),
        level=params.get("level", "") if params.get("level") in LEVELS else "",
        city=(params.get("city") or "").strip()[:100],
        skill=(params.get("skill") or "").strip()[:120],
        fresh_days=as_int(params.get("fresh")),
        work_format=params.get("format", "") if params.get("format") in WORK_FORMATS else "",
        relocation=params.get("relocation") in ("1", "on", "true"),
    )


__all__ = ["PoolFilters", "PoolMatch", "PoolRow", "families", "pool_filters_from", "pool_matches", "pool_rows"]
