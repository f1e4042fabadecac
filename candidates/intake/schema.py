"""Typed parsed profile and vacancy (pydantic), with the corpus field names.

The same models are the LLM engine's structured-output schema, so an LLM reply is
validated exactly like the offline parser's result before it is stored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Degree = Literal["bachelor", "master", "specialist", "phd", "secondary_vocational", "incomplete_higher", "higher"]


class NameParts(BaseModel):
    last: str | None = None
    first: str | None = None
    middle: str | None = None


class Salary(BaseModel):
    amount: int
    currency: str = "RUB"
    net: bool | None = None
    as_written: str = ""


class Job(BaseModel):
    company: str | None = None
    title: str | None = None
    start: str | None = Field(default=None, description="YYYY-MM")
    end: str | None = Field(default=None, description="YYYY-MM; null = current job")
    description: str = ""


class LanguageSkill(BaseModel):
    language: str = Field(description="ISO 639-1 code")
    level: str | None = Field(default=None, description="A1..C2, native, or null")
    as_written: str = ""


class Education(BaseModel):
    institution: str | None = None
    degree: Degree | None = None
    year: int | None = None
    field: str | None = None


class Profile(BaseModel):
    full_name: str | None = None
    name_parts: NameParts = Field(default_factory=NameParts)
    email: str | None = None
    phone: str | None = None
    telegram: str | None = None
    city: str | None = None
    city_as_written: str | None = None
    desired_position: str | None = None
    desired_salary: Salary | None = None
    total_experience_months: int | None = None
    jobs: list[Job] = Field(default_factory=list)
    last_company: str | None = None
    last_title: str | None = None
    skills: list[str] = Field(default_factory=list)
    skills_as_written: list[str] = Field(default_factory=list)
    languages: list[LanguageSkill] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    courses: list[str] = Field(default_factory=list)
    language: str | None = Field(default=None, description="language of the resume: ru | en")


class HiddenText(BaseModel):
    text: str
    reason: str


class InjectionMatch(BaseModel):
    text: str
    where: Literal["hidden", "visible"]


class Flags(BaseModel):
    hidden_text: bool = False
    hidden_segments: list[HiddenText] = Field(default_factory=list)
    injection: bool = False
    injection_matches: list[InjectionMatch] = Field(default_factory=list)
    zero_width_chars: int = 0


class Vacancy(BaseModel):
    title: str | None = None
    language: str | None = None
    responsibilities: list[str] = Field(default_factory=list)
    must_have: list[str | list[str]] = Field(default_factory=list)
    nice_to_have: list[str | list[str]] = Field(default_factory=list)
    min_experience_years: int | float | None = None
    seniority: Literal["junior", "middle", "senior", "lead"] | None = None
    location: str | None = None
    remote: bool | None = None
    work_format: Literal["office", "hybrid", "remote", "hybrid_or_remote"] | None = None
    salary_from: int | None = None
    salary_to: int | None = None
    currency: str | None = None
    salary_net: bool | None = None
    employment: str | None = None
