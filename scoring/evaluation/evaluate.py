"""One way to evaluate, whatever the engine: draft -> verify quotes -> decide.

Non-deterministic engines (an LLM) may be run N times; the criteria then take the median
and the spread per criterion is kept ("устойчивость оценки"). The recommendation always
comes from ``recommendation.decide`` on the verified draft, never from the engine.
"""

from __future__ import annotations

import logging
from statistics import median, pstdev
from typing import Protocol

from scoring.evaluation import offline
from scoring.evaluation.classic import apply_classic_questions
from scoring.evaluation.hearing import hearing_of, soften, withhold_unsure
from scoring.evaluation.recommendation import decide
from scoring.evaluation.schema import (
    CRITERIA,
    INTEGRITY_FLAGS,
    CriterionSpread,
    EvaluationDraft,
    EvaluationResult,
    Integrity,
    IntegrityStatus,
    Provenance,
    Role,
    Transcript,
)
from scoring.evaluation.texts import Texts
from scoring.evaluation.verify import verify_draft

logger = logging.getLogger(__name__)


class EngineFailed(Exception):
    """An engine could not produce a draft (provider error, unusable reply). ``error`` is
    the AI layer's error behind it, if any: a caller that falls back to the offline engine
    passes it to ``hrcrm.ai.record_fallback`` so the audit log shows the fallback."""

    def __init__(self, message: str, *, error: Exception | None = None) -> None:
        super().__init__(message)
        self.error = error


class Engine(Protocol):
    deterministic: bool

    def provenance(self) -> Provenance: ...

    def draft(self, transcript: Transcript) -> EvaluationDraft: ...


class OfflineEngine:
    deterministic = True

    def provenance(self) -> Provenance:
        return Provenance(
            engine=offline.ENGINE, provider="offline", model=offline.MODEL, prompt_version=offline.PROMPT_VERSION
        )

    def draft(self, transcript: Transcript) -> EvaluationDraft:
        return offline.evaluate(transcript)


def _median_draft(drafts: list[EvaluationDraft]) -> tuple[EvaluationDraft, dict[str, CriterionSpread]]:
    """The run closest to the per-criterion medians, with those medians as its scores."""
    medians = {name: round(median(getattr(d.criteria, name).score for d in drafts)) for name in CRITERIA}
    closest = min(
        drafts, key=lambda d: sum(abs(getattr(d.criteria, n).score - medians[n]) for n in CRITERIA)
    ).model_copy(deep=True)
    spread = {}
    for name in CRITERIA:
        scores = [getattr(d.criteria, name).score for d in drafts]
        getattr(closest.criteria, name).score = medians[name]
        spread[name] = CriterionSpread(min=min(scores), max=max(scores), stdev=round(pstdev(scores), 1))
    return closest, spread


def evaluate_transcript(transcript: Transcript, *, engine: Engine | None = None, runs: int = 1) -> EvaluationResult:
    engine = engine or OfflineEngine()
    runs = 1 if engine.deterministic else max(1, runs)
    hearing = hearing_of(transcript)
    heard, transcript = transcript, withhold_unsure(transcript, hearing)  # no judging of guessed words
    drafts, dropped = [], []
    for run in range(runs):
        try:
            raw = engine.draft(transcript)
        except EngineFailed as exc:
            if not drafts:
                raise
            # Later runs only measure stability: the runs already made still stand.
            logger.warning("Evaluation run %s of %s failed, combining %s: %s", run + 1, runs, len(drafts), exc)
            break
        draft, lost = verify_draft(raw, transcript)
        drafts.append(apply_classic_questions(draft, transcript))
        dropped.extend(lost)
    runs = len(drafts)
    draft, spread = _median_draft(drafts) if runs > 1 else (drafts[0], {})
    recommendation, overall, reasons = decide(draft)
    recommendation, reasons = soften(recommendation, reasons, hearing, draft.language)
    texts = Texts(draft.language)
    violations = [f for f in draft.red_flags if f.type in INTEGRITY_FLAGS]
    integrity = Integrity(
        status=IntegrityStatus.VIOLATION if violations else IntegrityStatus.CLEAN,
        note="; ".join(f.description for f in violations),
    )
    summary = texts.summary(draft, recommendation, reasons)
    if draft.summary:  # an LLM's own paragraph follows the rule-based verdict line
        summary = f"{summary} {draft.summary}"
    return EvaluationResult(
        **draft.model_dump(exclude={"summary"}),
        summary=summary,
        recommendation=recommendation,
        overall_score=overall,
        recommendation_reasons=reasons,
        integrity=integrity,
        provenance=engine.provenance(),
        runs=runs,
        spread=spread,
        dropped_quotes=dropped,
        turn_count=len(heard.turns),
        candidate_turn_count=sum(t.role == Role.CANDIDATE for t in heard.turns),
        recognition=hearing,
    )
