"""The explained match score of one resume against one vacancy.

``match`` is pure: it takes typed inputs and an optional embedding cosine and returns a
``MatchResult`` whose parts add up to the score. Weights live in ``weights.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hrcrm.ai.embeddings import calibrated_similarity

from .evidence import Evidence, EvidenceIndex, JobText, job_texts
from .inputs import CandidateProfile, Requirement, VacancyRequirements
from .location import Fit, location_fit, read_preferences, salary_fit
from .roles import Role, classify_title, level_distance, level_from_years, role_similarity, title_level
from .skills import norm, related
from .weights import DEAL_BREAKER, DEAL_BREAKER_FRACTION, DEAL_BREAKER_SHARE, EVIDENCE_CREDIT, PARTS


@dataclass(frozen=True)
class ScorePart:
    key: str
    label_ru: str
    label_en: str
    weight: int
    fraction: float  # 0..1
    points: float  # fraction * weight, rounded
    detail_ru: str
    detail_en: str

    def as_dict(self, lang: str = "ru") -> dict[str, Any]:
        return {
            "label": self.label_en if lang == "en" else self.label_ru,
            "weight": self.weight,
            "points": self.points,
            "fraction": round(self.fraction, 3),
            "detail": self.detail_en if lang == "en" else self.detail_ru,
        }


@dataclass(frozen=True)
class SkillCheck:
    requirement: str  # display form: "FastAPI / Django"
    credit: float
    level: str  # EVIDENCE_CREDIT key
    via: str = ""  # the skill that satisfied it (an alternative or an adjacent tool)


@dataclass(frozen=True)
class MatchResult:
    score: float
    parts: tuple[ScorePart, ...]
    must_have: tuple[SkillCheck, ...]
    nice_to_have: tuple[SkillCheck, ...]
    relevant_years: float
    required_years: float
    summary_ru: str
    summary_en: str
    blockers: tuple[tuple[str, str], ...] = field(default=())

    def summary(self, lang: str = "ru") -> str:
        return self.summary_en if lang == "en" else self.summary_ru

    def breakdown(self, lang: str = "ru") -> dict[str, Any]:
        return {p.key: p.as_dict(lang) for p in self.parts}

    def as_dict(self, lang: str = "ru") -> dict[str, Any]:
        """JSON-ready form for storage, the CLI and pages."""
        return {
            "score": self.score,
            "breakdown": self.breakdown(lang),
            "explanation": self.summary(lang),
            "skills": self.skills_report(lang),
            "relevant_years": self.relevant_years,
            "required_years": self.required_years,
        }

    def skills_report(self, lang: str = "ru") -> dict[str, list[str]]:
        return {
            "matched": [c.requirement for c in self.must_have if c.level.startswith("work")],
            "listed_only": [c.requirement for c in self.must_have if c.level == "listed"],
            "courses_only": [c.requirement for c in self.must_have if c.level == "course"],
            "near_miss": [f"{c.requirement} ← {c.via}" for c in self.must_have if c.level.startswith("related")],
            "missing": [c.requirement for c in self.must_have if c.level == "none"],
            "nice_matched": [c.requirement for c in self.nice_to_have if c.credit >= EVIDENCE_CREDIT["listed"]],
        }


def match(candidate: CandidateProfile, vacancy: VacancyRequirements, similarity: float | None = None) -> MatchResult:
    v_role = classify_title(vacancy.title)
    jobs = sorted(job_texts(candidate), key=lambda jt: jt.job.start or "", reverse=True)
    titles = [_job_title(jt) for jt in jobs]
    job_roles = [classify_title(title, jt.text) for title, jt in zip(titles, jobs, strict=True)]
    relevance = [role_similarity(v_role, r, vacancy.title, title) for title, r in zip(titles, job_roles, strict=True)]
    index = EvidenceIndex(candidate, jobs, relevance)

    must = tuple(_check(req, index) for req in vacancy.must_have)
    nice = tuple(_check(req, index) for req in vacancy.nice_to_have)
    years = _relevant_months(jobs, relevance, candidate.total_experience_months) / 12
    prefs = read_preferences(candidate)

    fits: dict[str, Fit] = {
        "must_have": _skills_fit(must, "обязательных", "must-have"),
        "role": _role_fit(candidate, vacancy, v_role, jobs, relevance),
        "experience": _experience_fit(years, vacancy.min_experience_years),
        "seniority": _seniority_fit(
            vacancy.seniority, jobs, relevance, years, stated=title_level(vacancy.title) is not None
        ),
        "nice_to_have": _skills_fit(nice, "желательных", "nice-to-have"),
        "semantic": _semantic_fit(similarity),
        "location": location_fit(candidate, vacancy, prefs),
        "salary": salary_fit(candidate.desired_salary, vacancy),
    }
    parts = tuple(
        ScorePart(
            key=p.key,
            label_ru=p.label_ru,
            label_en=p.label_en,
            weight=p.weight,
            fraction=fits[p.key].fraction,
            points=round(fits[p.key].fraction * p.weight, 1),
            detail_ru=fits[p.key].reason_ru,
            detail_en=fits[p.key].reason_en,
        )
        for p in PARTS
    )
    parts += (_deal_breakers(parts, fits),)
    blockers = tuple((f.reason_ru, f.reason_en) for f in fits.values() if f.blocker)
    summary_ru, summary_en = _summary(must, years, vacancy.min_experience_years, blockers)
    return MatchResult(
        score=round(sum(p.points for p in parts), 1),
        parts=parts,
        must_have=must,
        nice_to_have=nice,
        relevant_years=round(years, 1),
        required_years=vacancy.min_experience_years,
        summary_ru=summary_ru,
        summary_en=summary_en,
        blockers=blockers,
    )


def _deal_breakers(parts: tuple[ScorePart, ...], fits: dict[str, Fit]) -> ScorePart:
    """The negative part: DEAL_BREAKER_SHARE of the other parts' points when a
    location or salary fit is at or below its deal-breaker fraction, else 0."""
    found = [fits[key] for key, limit in DEAL_BREAKER_FRACTION.items() if fits[key].fraction <= limit]
    points = -round(sum(p.points for p in parts) * DEAL_BREAKER_SHARE, 1) if found else 0.0
    ru = "; ".join(f.reason_ru for f in found) or "нет"
    en = "; ".join(f.reason_en for f in found) or "none"
    return ScorePart(
        key=DEAL_BREAKER.key,
        label_ru=DEAL_BREAKER.label_ru,
        label_en=DEAL_BREAKER.label_en,
        weight=DEAL_BREAKER.weight,
        fraction=1.0 if found else 0.0,
        points=points,
        detail_ru=ru,
        detail_en=en,
    )


def _job_title(jt: JobText) -> str:
    """The job's title, or, when the parser found none, the first lines of the job's
    text ("Кофейня «Зерно», Екатеринбург — бариста"), which usually name the position.
    An empty title would otherwise count as a neutral, partly relevant job."""
    if jt.job.title.strip():
        return jt.job.title
    return " ".join(line for line in jt.text.splitlines()[:2] if line.strip())[:200]


def _display(req: Requirement) -> str:
    return " / ".join(req) if isinstance(req, tuple) else req


_NEAR_LEVEL = {"work_relevant": "related_work", "work_other": "related_work", "listed": "related_listed"}


def _check(req: Requirement, index: EvidenceIndex) -> SkillCheck:
    alternatives = req if isinstance(req, tuple) else (req,)
    best = SkillCheck(_display(req), 0.0, "none")
    for alt in alternatives:
        ev: Evidence = index.find(alt)
        credit = EVIDENCE_CREDIT[ev.level]
        if credit > best.credit:
            best = SkillCheck(_display(req), credit, ev.level, alt if len(alternatives) > 1 else "")
    if best.credit >= EVIDENCE_CREDIT["related_work"]:
        return best
    # Near miss: an interchangeable tool (aiohttp for FastAPI) is worth something. With
    # alternatives the substitute must be close to every one of them, so "asyncio /
    # aiohttp" is not satisfied by Django just because aiohttp is also a web framework.
    substitutes = set.intersection(*(related(alt) for alt in alternatives)) - {norm(a) for a in alternatives}
    for other in sorted(substitutes):
        level = _NEAR_LEVEL.get(index.find(other).level)
        if level and EVIDENCE_CREDIT[level] > best.credit:
            best = SkillCheck(_display(req), EVIDENCE_CREDIT[level], level, other)
    return best


def _skills_fit(checks: tuple[SkillCheck, ...], kind_ru: str, kind_en: str) -> Fit:
    if not checks:
        return Fit(1.0, f"{kind_ru} навыков в вакансии нет", f"no {kind_en} skills in the vacancy")
    fraction = sum(c.credit for c in checks) / len(checks)
    backed = sum(1 for c in checks if c.level.startswith("work"))
    has = sum(1 for c in checks if c.credit >= EVIDENCE_CREDIT["listed"])
    return Fit(
        fraction,
        f"{has} из {len(checks)} {kind_ru}, подтверждено опытом работы: {backed}",
        f"{has} of {len(checks)} {kind_en}, backed by work history: {backed}",
    )


def _relevant_months(jobs: list, relevance: list[float], total_months: int | None) -> float:
    # A job in an adjacent role counts in part; unrelated jobs do not count.
    months = [float(jt.job.months()) for jt in jobs]
    undated = [i for i, m in enumerate(months) if m == 0]
    if undated and total_months:
        # Dates the parser could not read: share the stated total among those jobs.
        spare = max(0, total_months - sum(months)) / len(undated)
        for i in undated:
            months[i] = spare
    total = 0.0
    for m, rel in zip(months, relevance, strict=True):
        weight = 1.0 if rel >= 0.7 else rel if rel >= 0.25 else 0.0
        total += m * weight
    return total


def _round_years(years: float) -> float:
    # Half-year precision is what people say ("4,5 года"); finer is noise from month counts.
    return round(years * 2) / 2


def _years_ru(years: float) -> str:
    if 0 < years < 1:
        return f"{round(years * 12)} мес."
    n = _round_years(years)
    if n != int(n):
        return f"{n:g}".replace(".", ",") + " года"
    n = int(n)
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} год"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return f"{n} года"
    return f"{n} лет"


def _years_en(years: float) -> str:
    if 0 < years < 1:
        return f"{round(years * 12)} months"
    n = _round_years(years)
    return f"{n:g} year" + ("" if n == 1 else "s")


def _experience_fit(years: float, required: float) -> Fit:
    if required <= 0:
        fraction = 1.0 if years >= 0.5 else 0.5
        return Fit(fraction, f"опыт по профилю {_years_ru(years)}", f"{_years_en(years)} of relevant experience")
    ratio = years / required
    fraction = 1.0 if ratio >= 1 else ratio**1.5
    return Fit(
        fraction,
        f"опыт по профилю {_years_ru(years)} при требуемых {_years_ru(required)}",
        f"{_years_en(years)} of relevant experience, {_years_en(required)} required",
        ratio < 0.5,
    )


_LEVEL_RU = {"intern": "стажёр", "junior": "junior", "middle": "middle", "senior": "senior", "lead": "lead"}


def _candidate_level(jobs: list, relevance: list[float], years: float) -> str:
    by_years = level_from_years(years)
    for jt, rel in zip(jobs, relevance, strict=True):
        if rel >= 0.5:
            stated = title_level(jt.job.title)
            if stated is None:
                return by_years
            # A "senior" title after a year or two is not senior yet.
            if stated in ("senior", "lead") and years < 3:
                return "middle"
            return stated
    return by_years


def _seniority_fit(wanted: str, jobs: list, relevance: list[float], years: float, *, stated: bool = True) -> Fit:
    """``stated``: the vacancy's title names its level ("Senior …"). A level read only
    from "от 2 лет" is a floor, not a ceiling: one level above it costs nothing."""
    have = _candidate_level(jobs, relevance, years)
    if not wanted:
        return Fit(1.0, f"уровень кандидата: {_LEVEL_RU[have]}", f"candidate level: {have}")
    d = level_distance(wanted, have)
    fraction = {0: 1.0, -1: 0.5, 1: 0.75 if stated else 1.0, 2: 0.4}.get(d, 0.1 if d < 0 else 0.3)
    ru = f"уровень {_LEVEL_RU[have]} при требуемом {_LEVEL_RU.get(wanted, wanted)}"
    en = f"level {have}, {wanted} wanted"
    return Fit(fraction, ru, en, abs(d) >= 2)


def _role_fit(
    candidate: CandidateProfile, vacancy: VacancyRequirements, v_role: Role, jobs: list, relevance: list[float]
) -> Fit:
    desired = candidate.desired_position
    desired_fit = role_similarity(v_role, classify_title(desired), vacancy.title, desired) if desired else None
    if jobs:
        recency = [0.5, 0.3, 0.2][: len(jobs)]
        jobs_fit = sum(w * r for w, r in zip(recency, relevance, strict=False)) / sum(recency)
        fraction = jobs_fit if desired_fit is None else 0.75 * jobs_fit + 0.25 * desired_fit
        last = jobs[0].job.title or desired or "—"
    else:
        fraction = desired_fit if desired_fit is not None else 0.3
        last = desired or "—"
    if fraction >= 0.7:
        return Fit(fraction, f"та же роль: {last}", f"same role: {last}")
    if fraction >= 0.4:
        return Fit(fraction, f"смежная роль: {last}", f"adjacent role: {last}")
    return Fit(fraction, f"другая роль: {last}", f"different role: {last}", True)


def _semantic_fit(similarity: float | None) -> Fit:
    if similarity is None:
        return Fit(0.5, "не вычислялась (нет векторов)", "not computed (no embeddings)")
    fraction = calibrated_similarity(similarity)
    # The raw cosine means nothing to a recruiter (E5 cosines sit in a narrow band): say
    # how close the texts are in words, from the calibrated fraction.
    if fraction >= 0.7:
        return Fit(fraction, "резюме и вакансия близки по смыслу", "resume and vacancy close in meaning")
    if fraction >= 0.4:
        return Fit(fraction, "резюме и вакансия отчасти близки по смыслу", "resume and vacancy partly close in meaning")
    return Fit(fraction, "резюме и вакансия далеки по смыслу", "resume and vacancy far apart in meaning")


def _summary(
    must: tuple[SkillCheck, ...], years: float, required: float, blockers: tuple[tuple[str, str], ...]
) -> tuple[str, str]:
    ru: list[str] = []
    en: list[str] = []
    if must:
        has = [c for c in must if c.credit >= EVIDENCE_CREDIT["listed"]]
        missing = [c.requirement for c in must if c.level == "none"]
        head_ru = f"{len(has)} из {len(must)} обязательных навыков"
        head_en = f"{len(has)} of {len(must)} must-have skills"
        if missing:
            head_ru += ", нет " + ", ".join(missing)
            head_en += ", missing " + ", ".join(missing)
        ru.append(head_ru)
        en.append(head_en)
        unbacked = [c.requirement for c in must if c.level == "listed"]
        if unbacked:
            ru.append("не подтверждены опытом работы: " + ", ".join(unbacked))
            en.append("not backed by work history: " + ", ".join(unbacked))
        near = [f"{c.requirement} (есть {c.via})" for c in must if c.level.startswith("related")]
        if near:
            ru.append("близкая замена: " + ", ".join(near))
            en.append("close substitute: " + ", ".join(n.replace("(есть ", "(has ") for n in near))
        courses = [c.requirement for c in must if c.level == "course"]
        if courses:
            ru.append("только в курсах или pet-проектах: " + ", ".join(courses))
            en.append("only in courses or pet projects: " + ", ".join(courses))
    if required > 0:
        ru.append(f"опыт {_years_ru(years)} при требуемых {_years_ru(required)}")
        en.append(f"experience {_years_en(years)}, {_years_en(required)} required")
    else:
        ru.append(f"опыт {_years_ru(years)}")
        en.append(f"experience {_years_en(years)}")
    for b_ru, b_en in blockers:
        if "опыт" in b_ru and required > 0:
            continue  # already said
        ru.append(b_ru)
        en.append(b_en)
    return "; ".join(ru), "; ".join(en)
