"""The interview's running state, serialisable to JSON so it lives in the database
next to the turns and survives a dropped connection or a server restart."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from interviews.engine.plan import InterviewPlan, Topic


class TopicStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    DONE = "done"
    SKIPPED = "skipped"


class Coverage(StrEnum):
    COVERED = "covered"
    PARTLY = "partly"
    NOT = "not"
    NOT_ASSESSED = "not_assessed"


class TopicProgress(BaseModel):
    topic_id: str
    status: TopicStatus = TopicStatus.PENDING
    result: Coverage = Coverage.NOT_ASSESSED
    best_coverage: float = 0.0
    followups_asked: int = 0
    clarifications: int = 0
    redirects: int = 0
    answers: int = 0
    # An earlier answer already covered this topic: it is passed over, not asked.
    covered_early: bool = False


class Flag(BaseModel):
    kind: str  # manipulation | candidate_question | finished_early
    text: str
    topic_id: str | None = None
    at_seconds: float = 0.0


class InterviewState(BaseModel):
    plan: InterviewPlan
    started_at: float
    current: int = 0
    progress: list[TopicProgress]
    last_question: str = ""
    flags: list[Flag] = Field(default_factory=list)
    silences: int = 0
    manipulation_attempts: int = 0
    finished: bool = False

    @classmethod
    def start(cls, plan: InterviewPlan, *, now: float) -> InterviewState:
        return cls(plan=plan, started_at=now, progress=[TopicProgress(topic_id=t.id) for t in plan.topics])

    @property
    def topic(self) -> Topic | None:
        return self.plan.topics[self.current] if self.current < len(self.plan.topics) else None

    @property
    def topic_progress(self) -> TopicProgress | None:
        return self.progress[self.current] if self.current < len(self.progress) else None

    def elapsed(self, now: float) -> float:
        return max(0.0, now - self.started_at)

    def remaining(self, now: float) -> float:
        return self.plan.budget_seconds - self.elapsed(now)

    def requirement_coverage(self) -> dict[str, str]:
        """Per requirement: covered / partly / not / not_assessed (for staff and scoring)."""
        return {
            t.requirement: p.result.value for t, p in zip(self.plan.topics, self.progress, strict=True) if t.requirement
        }

    def topics_done(self) -> int:
        return sum(p.status in (TopicStatus.DONE, TopicStatus.SKIPPED) for p in self.progress)
