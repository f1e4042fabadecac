"""Typed inputs of the matching engine.

``CandidateProfile`` is built from the parsed-profile dict (corpus field names) and the
resume's extracted text. It deliberately has no place for age, gender, photo, marital
status or citizenship: what is not in the input cannot enter the score.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .fairness import strip_protected

if TYPE_CHECKING:
    from candidates.models import Resume
    from vacancies.models import Vacancy

Requirement = str | tuple[str, ...]  # a skill, or alternatives ("any one of")


def current_month() -> tuple[int, int]:
    """The month open-ended jobs run to: ``INTAKE_AS_OF`` ("YYYY-MM", as intake uses) or now."""
    value = os.environ.get("INTAKE_AS_OF", "")
    from django.conf import settings

    if settings.configured:
        value = getattr(settings, "INTAKE_AS_OF", "") or value
    parsed = _ym(value or time.strftime("%Y-%m"))
    assert parsed is not None
    return parsed


@dataclass(frozen=True)
class Job:
    title: str
    company: str = ""
    start: str | None = None  # 'YYYY-MM'
    end: str | None = None  # None = current job
    description: str = ""

    def months(self, as_of: tuple[int, int] | None = None) -> int:
        start = _ym(self.start)
        if start is None:
            return 0
        end = _ym(self.end) or as_of or current_month()
        return max(0, (end[0] - start[0]) * 12 + end[1] - start[1] + 1)


@dataclass(frozen=True)
class Salary:
    amount: int
    currency: str = "RUB"
    net: bool | None = None


@dataclass(frozen=True)
class CandidateProfile:
    text: str  # extracted resume text with protected attributes removed
    desired_position: str = ""
    city: str = ""
    desired_salary: Salary | None = None
    total_experience_months: int | None = None
    jobs: tuple[Job, ...] = ()
    skills: tuple[str, ...] = ()
    courses: tuple[str, ...] = ()
    language: str = ""

    @classmethod
    def from_parsed(cls, profile: dict[str, Any], text: str) -> CandidateProfile:
        """Build from the intake profile dict; unknown keys (names, contacts) are dropped."""
        salary = profile.get("desired_salary") or None
        return cls(
            text=strip_protected(text or ""),
            desired_position=profile.get("desired_position") or "",
            city=profile.get("city") or "",
            desired_salary=Salary(
                amount=int(salary["amount"]),
                currency=salary.get("currency") or "RUB",
                net=salary.get("net"),
            )
            if salary and salary.get("amount")
            else None,
            total_experience_months=profile.get("total_experience_months"),
            jobs=tuple(
                Job(
                    title=j.get("title") or "",
                    company=j.get("company") or "",
                    start=j.get("start"),
                    end=j.get("end"),
                    description=j.get("description") or "",
                )
                for j in profile.get("jobs") or ()
            ),
            skills=tuple(profile.get("skills") or ()),
            courses=tuple(profile.get("courses") or ()),
            language=profile.get("language") or "",
        )


def candidate_from_resume(resume: Resume) -> CandidateProfile:
    """The matching input of a stored, parsed resume (``Resume.profile`` + its text)."""
    return CandidateProfile.from_parsed(resume.profile or {}, resume.extracted_text or "")


@dataclass(frozen=True)
class VacancyRequirements:
    title: str
    must_have: tuple[Requirement, ...] = ()
    nice_to_have: tuple[Requirement, ...] = ()
    min_experience_years: float = 0.0
    seniority: str = ""
    city: str = ""
    work_format: str = "office"  # office | hybrid | remote | hybrid_or_remote
    salary_from: int | None = None
    salary_to: int | None = None
    currency: str = "RUB"
    salary_net: bool | None = None
    # The posting requires living (working) in a given country, e.g. "РФ": a legal or
    # data-access condition stated by the employer, not a preference of ours.
    residence_country: str = ""
    text: str = ""  # posting text for the semantic part
    language: str = "ru"
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_parsed(cls, data: dict[str, Any], text: str = "") -> VacancyRequirements:
        """Build from the ``parse_vacancy`` dict (corpus vacancy field names)."""
        fmt = data.get("work_format") or ("remote" if data.get("remote") else "office")
        scope = data.get("remote_scope") or ""
        return cls(
            title=data.get("title") or "",
            must_have=_requirements(data.get("must_have")),
            nice_to_have=_requirements(data.get("nice_to_have")),
            min_experience_years=float(data.get("min_experience_years") or 0),
            seniority=data.get("seniority") or "",
            city=data.get("location") or data.get("city") or "",
            work_format=fmt,
            salary_from=data.get("salary_from"),
            salary_to=data.get("salary_to"),
            currency=data.get("currency") or "RUB",
            salary_net=data.get("salary_net"),
            residence_country=residence_from_text(scope) or residence_from_text(text),
            text=text,
            language=data.get("language") or "ru",
        )

    @classmethod
    def from_vacancy(cls, vacancy: Vacancy) -> VacancyRequirements:
        text = "\n".join(p for p in (vacancy.title, vacancy.description, vacancy.responsibilities) if p)
        return cls(
            title=vacancy.title,
            must_have=_requirements(vacancy.must_have),
            nice_to_have=_requirements(vacancy.nice_to_have),
            min_experience_years=float(vacancy.min_experience_years or 0),
            seniority=vacancy.seniority or "",
            city=vacancy.city or "",
            work_format=vacancy.work_format or "office",
            salary_from=vacancy.salary_from,
            salary_to=vacancy.salary_to,
            currency=vacancy.currency or "RUB",
            residence_country=residence_from_text(text),
            text=text,
            language=vacancy.language or "ru",
        )

    def query_text(self) -> str:
        """What the vacancy side embeds: the title, the requirements and the posting."""
        skills = ", ".join(" / ".join(r) if isinstance(r, tuple) else r for r in (*self.must_have, *self.nice_to_have))
        return "\n".join(p for p in (self.title, skills, self.text) if p)


def _requirements(items: Any) -> tuple[Requirement, ...]:
    out: list[Requirement] = []
    for item in items or ():
        if isinstance(item, list | tuple):
            alts = tuple(str(x) for x in item if x)
            if alts:
                out.append(alts if len(alts) > 1 else alts[0])
        elif item:
            out.append(str(item))
    return tuple(out)


_RESIDENCE = re.compile(
    r"(?:проживани\w*|работ\w*|оформлени\w*|residence|reside|based)\s+(?:[\w-]+\s+){0,3}?(?:в|из|in)\s+(?:РФ|России|Russia)\b|ТК\s+РФ|из-за\s+рубежа\s+не|residence\s+in\s+Russia|\(РФ\)|^\s*РФ\b",
    re.IGNORECASE | re.MULTILINE,
)


def residence_from_text(text: str) -> str:
    return "RU" if text and _RESIDENCE.search(text) else ""


def _ym(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{1,2})", value)
    return (int(m.group(1)), int(m.group(2))) if m else None
