"""Analytics reads: every aggregate is one SQL statement (CTEs, window functions,
``percentile_cont``), so the page costs the same handful of queries on 10 applications
or 10,000 and Python only formats the rows.

The population is a cohort: applications created in the period (optionally of one
vacancy). Everything on the page (stages reached, time in stage, interviews, decisions)
is about that same cohort, so the numbers add up with each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from candidates.models import Application, Candidate, CandidateSource, RejectionReason, StageChange
from candidates.pipeline import ACTIVE_STAGES, Stage
from interviews.models import Interview, Turn
from scoring.models import Decision, OfferEvent, Outcome

# The path an application walks to a hire; conversion is measured between neighbours.
FUNNEL_STAGES: tuple[Stage, ...] = (
    Stage.INVITED,
    Stage.INTERVIEWING,
    Stage.EVALUATING,
    Stage.AWAITING_DECISION,
    Stage.ACCEPTED,
)
PRESETS = (30, 90, 365)
DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    vacancy_id: int | None = None

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def default_period(today: dt.date | None = None, days: int = DEFAULT_DAYS) -> Period:
    today = today or timezone.localdate()
    return Period(start=today - dt.timedelta(days=days - 1), end=today)


@dataclass(frozen=True)
class FunnelRow:
    stage: str
    label: str
    reached: int
    conversion: float | None  # % of the previous stage; None for the first or when it is 0


@dataclass(frozen=True)
class StageTimeRow:
    stage: str
    label: str
    count: int  # finished stays in the stage
    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True)
class SourceRow:
    source: str
    label: str
    applications: int
    interviewed: int
    accepted: int

    @property
    def interviewed_pct(self) -> float | None:
        return _pct(self.interviewed, self.applications)

    @property
    def accepted_pct(self) -> float | None:
        return _pct(self.accepted, self.applications)


@dataclass(frozen=True)
class InterviewStats:
    total: int
    started: int
    completed: int
    abandoned: int
    failed: int
    in_progress: int
    human_requested: int
    avg_minutes: float | None  # completed interviews only

    @property
    def completed_pct(self) -> float | None:
        return _pct(self.completed, self.started)

    @property
    def abandoned_pct(self) -> float | None:
        return _pct(self.abandoned, self.started)


@dataclass(frozen=True)
class DropOffRow:
    topic: str  # "" when the last turn had no topic
    count: int


@dataclass(frozen=True)
class AgreementRow:
    ai_recommendation: str  # accept | reject | "" (none / «consider»)
    outcome: str
    count: int


@dataclass
class Agreement:
    rows: list[AgreementRow] = field(default_factory=list)
    agreed: int = 0
    disagreed: int = 0
    neither: int = 0  # no AI recommendation at the time, or it said «consider»

    @property
    def total(self) -> int:
        return self.agreed + self.disagreed + self.neither

    @property
    def agreed_pct(self) -> float | None:
        return _pct(self.agreed, self.agreed + self.disagreed)


@dataclass
class Offers:
    """Offers after «принято», by their latest recorded outcome."""

    accepted_without_record: int = 0  # accepted, nothing recorded about the offer yet
    sent: int = 0  # sent, no answer yet
    accepted: int = 0
    declined: int = 0

    @property
    def answered(self) -> int:
        return self.accepted + self.declined

    @property
    def acceptance_pct(self) -> float | None:
        """Accepted offers of those the candidates answered."""
        return _pct(self.accepted, self.answered)


@dataclass(frozen=True)
class RejectionRow:
    reason: str  # the category's name ("" when a rejection had none)
    reason_en: str
    count: int


@dataclass
class Report:
    period: Period
    applications: int = 0
    funnel: list[FunnelRow] = field(default_factory=list)
    rejected: int = 0
    stage_times: list[StageTimeRow] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    interviews: InterviewStats = field(default_factory=lambda: InterviewStats(0, 0, 0, 0, 0, 0, 0, None))
    drop_off: list[DropOffRow] = field(default_factory=list)
    agreement: Agreement = field(default_factory=Agreement)
    rejections: list[RejectionRow] = field(default_factory=list)
    offers: Offers = field(default_factory=Offers)


PARTS = frozenset({"reached", "stage_times", "interviews", "drop_off", "agreement", "rejections"})


def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _tables() -> dict[str, str]:
    return {
        "app": Application._meta.db_table,
        "cand": Candidate._meta.db_table,
        "sc": StageChange._meta.db_table,
        "iv": Interview._meta.db_table,
        "turn": Turn._meta.db_table,
        "dec": Decision._meta.db_table,
        "offer": OfferEvent._meta.db_table,
        "reason": RejectionReason._meta.db_table,
    }


# The cohort, shared by every statement: %(start)s <= created_at < %(end)s [and vacancy].
_COHORT = """
cohort AS (
    SELECT a.id, a.stage, a.candidate_id
    FROM {app} a
    WHERE a.created_at >= %(start)s AND a.created_at < %(end)s
      AND (%(vacancy)s::bigint IS NULL OR a.vacancy_id = %(vacancy)s::bigint)
)"""


def _run(sql: str, period: Period) -> list[tuple]:  # type: ignore[type-arg]
    start, end = period.bounds
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(**_tables(), cohort=_COHORT.format(**_tables())),
            {"start": start, "end": end, "vacancy": period.vacancy_id},
        )
        return cursor.fetchall()


def _reached(period: Period) -> tuple[list[FunnelRow], int, list[SourceRow], int]:
    """Stages reached per application (from the history plus the current stage, so an
    application without history still counts), rolled up per source and overall with
    GROUPING SETS in one statement. Every application starts as "invited" (one moved by
    hand without history still passed through it), so that step is the whole cohort."""
    rows = _run(
        """
        WITH {cohort},
        history AS (
            SELECT sc.application_id AS id,
                   bool_or(sc.to_stage = 'interviewing') AS interviewing,
                   bool_or(sc.to_stage = 'evaluating') AS evaluating,
                   bool_or(sc.to_stage = 'awaiting_decision') AS awaiting_decision,
                   bool_or(sc.to_stage = 'accepted') AS accepted,
                   bool_or(sc.to_stage = 'rejected') AS rejected
            FROM {sc} sc JOIN cohort ON cohort.id = sc.application_id
            GROUP BY sc.application_id
        )
        SELECT GROUPING(c.source) AS overall, c.source, count(*), count(*),
               count(*) FILTER (WHERE h.interviewing OR cohort.stage = 'interviewing'),
               count(*) FILTER (WHERE h.evaluating OR cohort.stage = 'evaluating'),
               count(*) FILTER (WHERE h.awaiting_decision OR cohort.stage = 'awaiting_decision'),
               count(*) FILTER (WHERE h.accepted OR cohort.stage = 'accepted'),
               count(*) FILTER (WHERE h.rejected OR cohort.stage = 'rejected')
        FROM cohort
        JOIN {cand} c ON c.id = cohort.candidate_id
        LEFT JOIN history h ON h.id = cohort.id
        GROUP BY GROUPING SETS ((c.source), ())
        """,
        period,
    )
    total_row = next((r for r in rows if r[0] == 1), None)
    applications = total_row[2] if total_row else 0
    reached = [applications, *(total_row[4:8] if total_row else (0, 0, 0, 0))]
    funnel = []
    for i, stage in enumerate(FUNNEL_STAGES):
        conversion = _pct(reached[i], reached[i - 1]) if i else None
        funnel.append(FunnelRow(stage=stage.value, label=str(stage.label), reached=reached[i], conversion=conversion))
    rejected = total_row[8] if total_row else 0
    by_source = {r[1]: r for r in rows if r[0] == 0}
    sources = []
    for value, label in CandidateSource.choices:
        r = by_source.pop(value, None)
        if r:
            sources.append(
                SourceRow(source=value, label=str(label), applications=r[2], interviewed=r[4], accepted=r[7])
            )
    for value, r in sorted(by_source.items()):  # a source no longer in the choices
        sources.append(SourceRow(source=value, label=value, applications=r[2], interviewed=r[4], accepted=r[7]))
    return funnel, rejected, sources, applications


def _stage_times(period: Period) -> list[StageTimeRow]:
    """Time from entering a stage to leaving it (the next StageChange of the same
    application, found with LEAD). Stays not yet finished are left out: their length is
    unknown, and counting them as "until now" would make the median depend on the day."""
    rows = _run(
        """
        WITH {cohort},
        stays AS (
            SELECT sc.to_stage AS stage,
                   LEAD(sc.created_at) OVER (PARTITION BY sc.application_id ORDER BY sc.created_at, sc.id)
                       - sc.created_at AS spent
            FROM {sc} sc JOIN cohort ON cohort.id = sc.application_id
        )
        SELECT stage, count(*),
               percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM spent))
        FROM stays WHERE spent IS NOT NULL
        GROUP BY stage
        """,
        period,
    )
    by_stage = {r[0]: r for r in rows}
    result = []
    for stage in ACTIVE_STAGES:
        r = by_stage.get(stage.value)
        result.append(
            StageTimeRow(
                stage=stage.value,
                label=str(stage.label),
                count=r[1] if r else 0,
                median_hours=round(float(r[2][0]) / 3600, 2) if r else None,
                p90_hours=round(float(r[2][1]) / 3600, 2) if r else None,
            )
        )
    return result


def _interviews(period: Period) -> InterviewStats:
    (row,) = _run(
        """
        WITH {cohort}
        SELECT count(*),
               count(*) FILTER (WHERE iv.started_at IS NOT NULL),
               count(*) FILTER (WHERE iv.status = 'completed'),
               count(*) FILTER (WHERE iv.status = 'abandoned'),
               count(*) FILTER (WHERE iv.status = 'failed'),
               count(*) FILTER (WHERE iv.status = 'in_progress'),
               count(*) FILTER (WHERE iv.human_requested_at IS NOT NULL),
               avg(EXTRACT(EPOCH FROM iv.finished_at - iv.started_at))
                   FILTER (WHERE iv.status = 'completed' AND iv.started_at IS NOT NULL
                           AND iv.finished_at IS NOT NULL)
        FROM {iv} iv JOIN cohort ON cohort.id = iv.application_id
        """,
        period,
    )
    return InterviewStats(
        total=row[0],
        started=row[1],
        completed=row[2],
        abandoned=row[3],
        failed=row[4],
        in_progress=row[5],
        human_requested=row[6],
        avg_minutes=round(float(row[7]) / 60, 1) if row[7] is not None else None,
    )


def _drop_off(period: Period) -> list[DropOffRow]:
    """The topic of the last turn of each abandoned interview: where people give up."""
    rows = _run(
        """
        WITH {cohort},
        last_turn AS (
            SELECT DISTINCT ON (t.interview_id) t.interview_id, t.topic
            FROM {turn} t
            JOIN {iv} iv ON iv.id = t.interview_id
            JOIN cohort ON cohort.id = iv.application_id
            WHERE iv.status = 'abandoned'
            ORDER BY t.interview_id, t.index DESC
        )
        SELECT topic, count(*) FROM last_turn GROUP BY topic ORDER BY count(*) DESC, topic
        """,
        period,
    )
    return [DropOffRow(topic=r[0], count=r[1]) for r in rows]


def _agreement(period: Period) -> Agreement:
    """The latest decision per application (re-opened and re-decided ones count once),
    against the AI recommendation stored with it. ``agreed_with_ai`` is null when the AI
    had none or said «consider»: that is neither agreement nor disagreement."""
    rows = _run(
        """
        WITH {cohort},
        latest AS (
            SELECT DISTINCT ON (d.application_id) d.outcome, d.ai_recommendation, d.agreed_with_ai
            FROM {dec} d JOIN cohort ON cohort.id = d.application_id
            ORDER BY d.application_id, d.decided_at DESC, d.id DESC
        )
        SELECT coalesce(ai_recommendation, ''), outcome, agreed_with_ai, count(*)
        FROM latest GROUP BY 1, 2, 3 ORDER BY 1, 2
        """,
        period,
    )
    agreement = Agreement()
    merged: dict[tuple[str, str], int] = {}
    for ai, outcome, agreed, n in rows:
        merged[(ai, outcome)] = merged.get((ai, outcome), 0) + n
        if agreed is True:
            agreement.agreed += n
        elif agreed is False:
            agreement.disagreed += n
        else:
            agreement.neither += n
    order = {Outcome.ACCEPT.value: 0, Outcome.REJECT.value: 1, "": 2}
    agreement.rows = [
        AgreementRow(ai_recommendation=ai, outcome=outcome, count=n)
        for (ai, outcome), n in sorted(merged.items(), key=lambda kv: (order.get(kv[0][0], 3), order.get(kv[0][1], 3)))
    ]
    return agreement


def _offers(period: Period) -> Offers:
    """Applications of the cohort whose latest decision is «принять» and that stand
    accepted, by the latest recorded outcome of the offer."""
    rows = _run(
        """
        WITH {cohort},
        latest AS (
            SELECT DISTINCT ON (d.application_id) d.id, d.outcome, cohort.stage
            FROM {dec} d JOIN cohort ON cohort.id = d.application_id
            ORDER BY d.application_id, d.decided_at DESC, d.id DESC
        ),
        offer AS (
            SELECT DISTINCT ON (o.decision_id) o.decision_id, o.status
            FROM {offer} o JOIN latest ON latest.id = o.decision_id
            ORDER BY o.decision_id, o.recorded_at DESC, o.id DESC
        )
        SELECT coalesce(offer.status, ''), count(*)
        FROM latest LEFT JOIN offer ON offer.decision_id = latest.id
        WHERE latest.outcome = 'accept' AND latest.stage = 'accepted'
        GROUP BY 1
        """,
        period,
    )
    counts = dict(rows)
    return Offers(
        accepted_without_record=counts.get("", 0),
        sent=counts.get("sent", 0),
        accepted=counts.get("accepted", 0),
        declined=counts.get("declined", 0),
    )


def _rejections(period: Period) -> list[RejectionRow]:
    """Rejected applications of the cohort by reason category (the managed list)."""
    rows = _run(
        """
        WITH {cohort}
        SELECT coalesce(r.name, ''), coalesce(r.name_en, ''), count(*)
        FROM cohort JOIN {app} a ON a.id = cohort.id
        LEFT JOIN {reason} r ON r.id = a.rejection_category_id
        WHERE cohort.stage = 'rejected'
        GROUP BY 1, 2 ORDER BY count(*) DESC, 1
        """,
        period,
    )
    return [RejectionRow(reason=r[0], reason_en=r[1], count=r[2]) for r in rows]


def report(period: Period, parts: frozenset[str] = PARTS) -> Report:
    """One statement per part; the CSV export asks only for the part of its table."""
    result = Report(period=period)
    if "reached" in parts:
        result.funnel, result.rejected, result.sources, result.applications = _reached(period)
    if "stage_times" in parts:
        result.stage_times = _stage_times(period)
    if "interviews" in parts:
        result.interviews = _interviews(period)
    if "drop_off" in parts:
        result.drop_off = _drop_off(period)
    if "agreement" in parts:
        result.agreement = _agreement(period)
        result.offers = _offers(period)
    if "rejections" in parts:
        result.rejections = _rejections(period)
    return result
