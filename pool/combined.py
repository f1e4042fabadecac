"""The combined evaluation of a pool candidate: his general interview «в целом» and the
continuation interview for a vacancy, read together requirement by requirement.

Each of the two interviews keeps its own evaluation (scoring does not know the pool).
This read puts them side by side for the vacancy's requirements: the continuation's
word where it assessed a requirement (the latest interview has the last word, as in the
skill profile), the general interview's where the continuation did not ask (its plan
skipped what was confirmed), and every quote marked with the interview it came from and
its date. A general interview older than ``POOL_EVIDENCE_MAX_DAYS`` is shown but no
longer counts (the continuation asks such topics again).

The evaluation page, the PDF and the API's evaluation all show this one read."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from pool.continuation import evidence_max_days
from pool.models import RoleFamily
from pool.services import skill_keys
from scoring.models import Evaluation
from scoring.report.pdf import (
    CombinedQuote,
    CombinedRow,
    CombinedSection,
    ReportData,
    render_evaluation_pdf,
    status_label,
)
from scoring.selectors import evaluation_current_for_application

GENERAL, CONTINUATION = "general", "continuation"
ASSESSED = ("confirmed", "partly", "not_confirmed")
QUOTES_PER_INTERVIEW = 2


@dataclass(frozen=True)
class DatedQuote:
    interview: str  # GENERAL or CONTINUATION
    interview_id: int
    label: str  # the role family or the vacancy
    at: datetime
    quote: str
    turn_index: int


@dataclass(frozen=True)
class CombinedRequirement:
    requirement: str
    status: str  # a RequirementStatus value
    source: str  # which interview decided the status: GENERAL, CONTINUATION, or "" (neither assessed it)
    continuation_status: str
    general_status: str  # "" when the general interview had no such requirement
    quotes: list[DatedQuote]

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class CombinedEvaluation:
    evaluation_id: int
    general_evaluation_id: int
    family: str
    vacancy: str
    general_at: datetime
    continuation_at: datetime
    general_stale: bool  # older than POOL_EVIDENCE_MAX_DAYS: shown, not counted
    requirements: list[CombinedRequirement]

    @property
    def from_general(self) -> list[CombinedRequirement]:
        return [r for r in self.requirements if r.source == GENERAL]


def _when(evaluation: Evaluation) -> datetime:
    interview = evaluation.interview
    return interview.finished_at or interview.started_at or evaluation.created_at


def _general_evaluation(evaluation: Evaluation) -> Evaluation | None:
    """The candidate's latest general interview evaluated before this interview."""
    return (
        Evaluation.objects.filter(
            application__candidate_id=evaluation.application.candidate_id,
            application__vacancy__role_family__isnull=False,
            is_current=True,
            interview__finished_at__lte=_when(evaluation),
        )
        .exclude(pk=evaluation.pk)
        .select_related("interview", "application__vacancy__role_family")
        .order_by("-interview__finished_at", "-pk")
        .first()
    )


def _quotes(item: dict[str, Any], kind: str, evaluation: Evaluation, label: str) -> list[DatedQuote]:
    return [
        DatedQuote(
            kind, evaluation.interview_id, label, _when(evaluation), str(e["quote"]), int(e.get("turn_index", 0))
        )
        for e in (item.get("evidence") or [])[:QUOTES_PER_INTERVIEW]
        if e.get("quote")
    ]


def combined_evaluation(evaluation: Evaluation) -> CombinedEvaluation | None:
    """The combined reading of ``evaluation`` (a vacancy's interview), or None when the
    candidate has no evaluated general interview before it (or this is one)."""
    if RoleFamily.objects.filter(vacancy_id=evaluation.application.vacancy_id).exists():
        return None
    general = _general_evaluation(evaluation)
    if general is None:
        return None
    family = general.application.vacancy.role_family.name
    vacancy = evaluation.application.vacancy.title
    general_at = _when(general)
    stale = general_at < _when(evaluation) - timedelta(days=evidence_max_days())
    earlier = [(skill_keys(str(i.get("requirement") or "")), i) for i in general.result.get("requirements") or []]
    rows = []
    for item in evaluation.result.get("requirements") or []:
        name = str(item.get("requirement") or "")
        keys = skill_keys(name)
        match = next((i for k, i in earlier if k & keys), None)
        status = str(item.get("status") or "not_assessed")
        quotes = _quotes(item, CONTINUATION, evaluation, vacancy)
        general_status = str(match.get("status") or "") if match else ""
        if match:
            quotes = _quotes(match, GENERAL, general, family) + quotes
        if status in ASSESSED:
            combined, source = status, CONTINUATION
        elif general_status in ASSESSED and not stale:
            combined, source = general_status, GENERAL
        else:
            combined, source = "not_assessed", ""
        rows.append(CombinedRequirement(name, combined, source, status, general_status, quotes))
    return CombinedEvaluation(
        evaluation_id=evaluation.pk,
        general_evaluation_id=general.pk,
        family=family,
        vacancy=vacancy,
        general_at=general_at,
        continuation_at=_when(evaluation),
        general_stale=stale,
        requirements=rows,
    )


def combined_for_application(application_id: int) -> CombinedEvaluation | None:
    evaluation = evaluation_current_for_application(application_id)
    return combined_evaluation(evaluation) if evaluation is not None else None


def _section(combined: CombinedEvaluation) -> CombinedSection:
    return CombinedSection(
        family=combined.family,
        general_at=combined.general_at,
        continuation_at=combined.continuation_at,
        general_stale=combined.general_stale,
        rows=tuple(
            CombinedRow(
                requirement=r.requirement,
                status=r.status,
                source=r.source,
                quotes=tuple(CombinedQuote(q.interview, q.at, q.quote) for q in r.quotes),
            )
            for r in combined.requirements
        ),
    )


def combined_report_pdf(evaluation: Evaluation, *, language: str | None = None) -> bytes | None:
    """The evaluation's report with the combined section, or None when there is nothing
    to combine (the stored report is then the whole story)."""
    combined = combined_evaluation(evaluation)
    if combined is None:
        return None
    data = replace(ReportData.from_evaluation(evaluation), combined=_section(combined))
    return render_evaluation_pdf(data, language=language)
