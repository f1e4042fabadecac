"""The evaluation's typed shape, shared by every engine (offline rules, LLM).

An engine produces an ``EvaluationDraft`` (what a judge says: scores, evidence, flags).
The pipeline then verifies every quote against the transcript and derives the
recommendation with the documented rules, giving an ``EvaluationResult``. Engines never
choose the recommendation themselves, so the thresholds and hard caps hold for all.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

CRITERIA = ("technical_skills", "experience_relevance", "communication", "problem_solving", "cultural_fit")

Score = Annotated[int, Field(ge=0, le=100)]


class Role(StrEnum):
    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"


class TranscriptTurn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Role
    text: str
    # A spoken answer: how sure the recogniser was of its words (0–1; below 0.5, or
    # with «[неразборчиво]» in the text, they are partly guessed). None: typed, or the
    # engine gives no figure. Engines may weigh such answers less.
    recognition_confidence: float | None = None


class VacancyBrief(BaseModel):
    """The vacancy as the corpus (and ``vacancies.Vacancy``) describe it. A must-have may
    be a list of alternatives ("any one of"); it is shown joined with " / "."""

    model_config = ConfigDict(extra="ignore")

    title: str = ""
    must_have: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    min_experience_years: float = 0

    @field_validator("title", "min_experience_years", mode="before")
    @classmethod
    def _null_is_empty(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return "" if info.field_name == "title" else 0
        return value

    @field_validator("must_have", "nice_to_have", mode="before")
    @classmethod
    def _join_alternatives(cls, value: object) -> object:
        if value is None:
            return []
        if isinstance(value, list):
            return [" / ".join(map(str, item)) if isinstance(item, list) else item for item in value]
        return value


class Transcript(BaseModel):
    """Input to every engine: the corpus ``transcript.json`` shape, plus optional facts
    the CRM knows (name, language, duration) for the report."""

    model_config = ConfigDict(extra="ignore")

    vacancy: VacancyBrief
    candidate_summary: str = ""
    turns: list[TranscriptTurn] = Field(min_length=1)
    candidate_name: str = ""
    language: str = ""
    duration_minutes: float | None = None

    @field_validator("candidate_summary", "candidate_name", "language", mode="before")
    @classmethod
    def _null_text(cls, value: object) -> object:
        return "" if value is None else value


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Evidence(BaseModel):
    turn_index: int = Field(ge=0)
    quote: str = Field(min_length=1)
    polarity: Polarity | None = None


class CriterionScore(BaseModel):
    score: Score
    rationale: str
    evidence: list[Evidence] = Field(default_factory=list)


class Criteria(BaseModel):
    technical_skills: CriterionScore
    experience_relevance: CriterionScore
    communication: CriterionScore
    problem_solving: CriterionScore
    cultural_fit: CriterionScore

    def items(self) -> list[tuple[str, CriterionScore]]:
        return [(name, getattr(self, name)) for name in CRITERIA]


class RequirementStatus(StrEnum):
    CONFIRMED = "confirmed"
    PARTLY = "partly"
    NOT_CONFIRMED = "not_confirmed"
    NOT_ASSESSED = "not_assessed"


class RequirementAssessment(BaseModel):
    requirement: str
    status: RequirementStatus
    note: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


class RedFlagType(StrEnum):
    MANIPULATION = "manipulation"
    PROMPT_INJECTION = "prompt_injection"
    CONTRADICTION_WITH_RESUME = "contradiction_with_resume"
    WRONG_TECHNICAL_STATEMENT = "wrong_technical_statement"
    EVASIVENESS = "evasiveness"
    KEYWORD_STUFFING = "keyword_stuffing"
    SELF_CONTRADICTION = "self_contradiction"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


INTEGRITY_FLAGS = frozenset({RedFlagType.MANIPULATION, RedFlagType.PROMPT_INJECTION})


class RedFlag(BaseModel):
    type: RedFlagType
    severity: Severity = Severity.MEDIUM
    description: str
    evidence: list[Evidence] = Field(default_factory=list)


class Recommendation(StrEnum):
    STRONGLY_RECOMMEND = "strongly_recommend"
    RECOMMEND = "recommend"
    CONSIDER = "consider"
    REJECT = "reject"


RECOMMENDATION_ORDER = [
    Recommendation.REJECT,
    Recommendation.CONSIDER,
    Recommendation.RECOMMEND,
    Recommendation.STRONGLY_RECOMMEND,
]


class IntegrityStatus(StrEnum):
    CLEAN = "clean"
    VIOLATION = "violation"


class Integrity(BaseModel):
    """Judged apart from skill: trying to game the evaluator is recorded here and caps the
    recommendation, but never silently zeroes technical_skills."""

    status: IntegrityStatus = IntegrityStatus.CLEAN
    note: str = ""


class EvaluationDraft(BaseModel):
    """What an engine returns (the LLM engine asks the model for exactly this shape)."""

    language: str = "ru"
    criteria: Criteria
    requirements: list[RequirementAssessment] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    summary: str = ""
    strengths: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)


class Provenance(BaseModel):
    engine: str
    provider: str
    model: str
    prompt_version: str


class CriterionSpread(BaseModel):
    """Across N runs of a non-deterministic engine: how stable the score is."""

    min: int
    max: int
    stdev: float


class DroppedQuote(BaseModel):
    """A quote the verifier rejected. The text itself is logged, never shown."""

    where: str
    turn_index: int


class HearingConfidence(StrEnum):
    NORMAL = "normal"  # every answer typed or heard well
    REDUCED = "reduced"  # some spoken answers were withheld (scoring/evaluation/hearing.py)
    LOW = "low"  # a third or more of the spoken answers were withheld


class Hearing(BaseModel):
    """How much of the interview the evaluation could rely on: spoken answers the
    recogniser was unsure of are not judged. ``unsure_turns``: transcript positions
    (turn indexes once the CRM has remapped them)."""

    spoken: int = 0  # candidate answers with a recogniser's confidence
    unsure_turns: list[int] = Field(default_factory=list)
    confidence: HearingConfidence = HearingConfidence.NORMAL


class EvaluationResult(EvaluationDraft):
    recommendation: Recommendation
    overall_score: Score
    recommendation_reasons: list[str] = Field(default_factory=list)
    integrity: Integrity = Field(default_factory=Integrity)
    provenance: Provenance
    runs: int = 1
    spread: dict[str, CriterionSpread] = Field(default_factory=dict)
    dropped_quotes: list[DroppedQuote] = Field(default_factory=list)
    turn_count: int = 0
    candidate_turn_count: int = 0
    recognition: Hearing = Field(default_factory=Hearing)

    def cli_dict(self) -> dict[str, object]:
        """The DESIGN.md contract for ``score_interview --json`` (extra fields follow)."""
        data = self.model_dump(mode="json")
        criteria = data.pop("criteria")
        requirements = data.pop("requirements")
        return {
            "criteria": criteria,
            "requirements": requirements,
            "recommendation": data.pop("recommendation"),
            "red_flags": data.pop("red_flags"),
            **data,
        }
