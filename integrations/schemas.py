"""The API's request and response shapes (pydantic, through django-ninja): they are the
OpenAPI document's schemas too, so every field says what it means."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

Skill = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Requirement = Skill | Annotated[list[Skill], Field(min_length=1, max_length=10)]
SeniorityIn = Literal["intern", "junior", "middle", "senior", "lead", ""]
WorkFormatIn = Literal["office", "hybrid", "remote", "hybrid_or_remote"]


class Error(Schema):
    detail: str | list[dict[str, Any]] = Field(
        description="What is wrong: a sentence, or for bad input a list of {loc, msg, type} with the field path"
    )


class VacancyFields(Schema):
    company: str | None = Field(None, max_length=200)
    department: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    responsibilities: str | None = Field(None, max_length=20000)
    must_have: list[Requirement] | None = Field(
        None, max_length=50, description='Skills; an item may be a list of alternatives ("any one of")'
    )
    nice_to_have: list[Requirement] | None = Field(None, max_length=50)
    min_experience_years: Decimal | None = Field(None, ge=0, le=50, decimal_places=1)
    seniority: SeniorityIn | None = None
    city: str | None = Field(None, max_length=100)
    work_format: WorkFormatIn | None = None
    salary_from: int | None = Field(None, ge=0)
    salary_to: int | None = Field(None, ge=0)
    currency: str | None = Field(None, min_length=3, max_length=3)
    language: Literal["ru", "en"] | None = Field(None, description="The interview's language")
    interview_minutes: int | None = Field(None, ge=5, le=120)


class VacancyIn(VacancyFields):
    title: str = Field(min_length=1, max_length=200)
    work_format: WorkFormatIn = "office"
    currency: str = Field("RUB", min_length=3, max_length=3)
    language: Literal["ru", "en"] = "ru"
    interview_minutes: int = Field(25, ge=5, le=120)
    min_experience_years: Decimal = Field(Decimal(0), ge=0, le=50, decimal_places=1)


class VacancyPatch(VacancyFields):
    title: str | None = Field(None, min_length=1, max_length=200)


class VacancyOut(Schema):
    id: int
    title: str
    company: str
    department: str
    description: str
    responsibilities: str
    must_have: list[Any]
    nice_to_have: list[Any]
    min_experience_years: float
    seniority: str
    city: str
    work_format: str
    salary_from: int | None
    salary_to: int | None
    currency: str
    language: str
    interview_minutes: int
    status: str = Field(description="open or closed")
    opened_at: datetime
    updated_at: datetime


class ResumeOut(Schema):
    id: int
    file_name: str
    status: str = Field(description="queued, extracting, parsing, done or failed")
    error: str = Field(description="Why the file could not be read (when failed)")
    processed_at: datetime | None


class CandidateOut(Schema):
    id: int
    full_name: str
    email: str
    phone: str
    telegram: str
    city: str
    desired_position: str
    skills: list[str] = Field(description="From the parsed resume")
    total_experience_months: int | None
    resume: ResumeOut | None
    created_at: datetime


class InvitationIn(Schema):
    candidate_id: int
    days: int = Field(7, ge=1, le=90, description="How long the link works")
    send_email: bool = Field(False, description="E-mail the link to the candidate from the CRM")


class InvitationOut(Schema):
    application_id: int
    url: str = Field(description="The candidate's personal interview link (shown once)")
    expires_at: datetime
    emailed: bool


class InterviewBrief(Schema):
    id: int
    status: str = Field(description="pending, in_progress, completed, abandoned or failed")
    started_at: datetime | None
    finished_at: datetime | None


class ApplicationOut(Schema):
    id: int
    candidate_id: int
    vacancy_id: int
    stage: str
    stage_label: str
    stage_changed_at: datetime
    interview: InterviewBrief | None
    evaluation_ready: bool
    decision: str | None = Field(description="accept or reject, once a person decided")


class DatedQuoteOut(Schema):
    interview: Literal["general", "continuation"]
    interview_id: int
    at: datetime = Field(description="When that interview took place")
    quote: str


class CombinedRequirementOut(Schema):
    requirement: str
    status: Literal["confirmed", "partly", "not_confirmed", "not_assessed"]
    source: Literal["general", "continuation", ""] = Field(
        description="The interview whose assessment the status is (the continuation's where it asked)"
    )
    continuation_status: str
    general_status: str = Field(description="Empty when the general interview had no such requirement")
    quotes: list[DatedQuoteOut]


class CombinedOut(Schema):
    general_evaluation_id: int
    family: str = Field(description="The role family of the general interview")
    general_interview_at: datetime
    continuation_interview_at: datetime
    general_stale: bool = Field(description="The general interview is older than the evidence age; not counted")
    requirements: list[CombinedRequirementOut]


class EvaluationOut(Schema):
    id: int
    application_id: int
    interview_id: int
    recommendation: str
    overall_score: int
    integrity_violation: bool
    created_at: datetime
    result: dict[str, Any] = Field(description="Criteria, requirements and red flags with quotes from the transcript")
    combined: CombinedOut | None = Field(
        None, description="A pool candidate's continuation read together with his general interview"
    )


class TurnOut(Schema):
    index: int
    speaker: str
    text: str
    topic: str
    at_seconds: float


class TranscriptOut(Schema):
    interview_id: int
    status: str
    language: str
    started_at: datetime | None
    finished_at: datetime | None
    turns: list[TurnOut]


class RoleFamilyOut(Schema):
    id: int
    name: str = Field(description="A role family with a general interview «в целом» (no vacancy)")
    core_skills: list[str]
    language: str


class SkillEvidenceOut(Schema):
    skill: str
    level: Literal["confirmed", "claimed", "not_confirmed"] = Field(
        description="confirmed in an interview (with a quote), claimed in the resume, or asked and not confirmed"
    )
    quote: str = Field(description="The candidate's words in the interview that confirm it (empty for a claim)")
    observed_at: datetime


class PoolMemberOut(Schema):
    candidate_id: int
    full_name: str
    city: str
    level: str = Field(description="junior, middle or senior by the resume's experience; empty when unknown")
    families: list[str] = Field(description="Role families whose general interview he took")
    interviewed_at: datetime | None = Field(description="When his latest general interview finished")
    skills: list[SkillEvidenceOut]
