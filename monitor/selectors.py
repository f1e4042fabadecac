"""«Монитор системы» for admins: task queues, live interviews with turn latency, AI and
speech engines' health, database and storage.

The page runs a fixed number of queries whatever the data (aggregates and percentiles
are computed by PostgreSQL; tests/test_monitor.py checks it)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q.brokers import get_broker
from django_q.models import Failure, OrmQ, Success

from hrcrm.ai import health_report
from hrcrm.ai.config import provider_name_for
from hrcrm.models import AIAuditLog
from interviews.models import Interview, InterviewStatus, Speaker, Turn
from interviews.speech import stats as speech_stats

FAILED_SHOWN = 50
QUEUED_SHOWN = 50
WINDOW = timedelta(hours=1)  # latency, error rates and throughput are over the last hour
LLM_PURPOSES = ("parsing", "interview", "scoring")


@dataclass(frozen=True)
class QueuedTask:
    id: int
    func: str
    name: str
    running: bool  # taken by a worker; handed out again at ``lock`` if it has not finished by then
    lock: Any


@dataclass(frozen=True)
class Queues:
    broker: str
    queued: int
    running: int
    tasks: list[QueuedTask]  # listed only with the ORM broker (Redis keeps no rows to show)
    failed: list[Failure]
    failed_total: int
    done_last_hour: int = 0
    config: dict[str, Any] = field(default_factory=dict)


def queues() -> Queues:
    broker = get_broker()
    now = timezone.now()
    uses_orm = "orm" in settings.Q_CLUSTER
    tasks: list[QueuedTask] = []
    if uses_orm:
        # The ORM broker marks a task taken by a worker with a lock in the future.
        rows = OrmQ.objects.filter(key=broker.list_key).order_by("id")
        running = rows.filter(lock__gt=now).count()
        queued = rows.count() - running
        for row in rows[:QUEUED_SHOWN]:
            task = row.task
            tasks.append(
                QueuedTask(
                    id=row.pk,
                    func=str(row.func()),
                    name=str(task.get("name") or ""),
                    running=bool(row.lock and row.lock > now),
                    lock=row.lock,
                )
            )
    else:
        queued, running = broker.queue_size(), broker.lock_size() or 0
    failed = list(Failure.objects.order_by("-stopped")[:FAILED_SHOWN])
    return Queues(
        broker="orm" if uses_orm else "redis",
        queued=queued,
        running=running,
        tasks=tasks,
        failed=failed,
        failed_total=Failure.objects.count(),
        done_last_hour=Success.objects.filter(stopped__gte=now - WINDOW).count(),
        config={
            key: settings.Q_CLUSTER.get(key) for key in ("workers", "timeout", "retry", "max_attempts", "ack_failures")
        },
    )


def _rounded(value: Any) -> int | None:
    return None if value is None else round(value)


@dataclass(frozen=True)
class Latency:
    """Turn latency: from the candidate's saved answer to the interviewer's saved reply
    (both ``Turn.created_at``; ``conduct.interview_answer`` saves the answer, runs the
    engine — an LLM when configured — and saves the reply). Speech recognition before
    and synthesis after are the STT/TTS rows of the engines table."""

    replies: int
    p50_ms: int | None
    p95_ms: int | None


NO_LATENCY = Latency(0, None, None)


def turn_latency(*, since: datetime) -> tuple[dict[int, Latency], Latency]:
    """Per interview and overall, over the replies saved since ``since`` (one query:
    consecutive turns paired by a window function, percentiles rolled up)."""
    sql = f"""
        WITH pairs AS (
            SELECT interview_id, speaker,
                   LAG(speaker) OVER w AS previous_speaker,
                   EXTRACT(EPOCH FROM created_at - LAG(created_at) OVER w) * 1000 AS ms
            FROM {Turn._meta.db_table}
            WHERE created_at >= %s
              -- Only interviews that can have turns this recent (the small table is scanned,
              -- the turns are found through the (interview, index) unique index).
              AND interview_id IN (
                  SELECT id FROM {Interview._meta.db_table} WHERE status = %s OR finished_at >= %s
              )
            WINDOW w AS (PARTITION BY interview_id ORDER BY index)
        )
        SELECT interview_id, count(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY ms),
               percentile_cont(0.95) WITHIN GROUP (ORDER BY ms)
        FROM pairs
        WHERE speaker = %s AND previous_speaker = %s
        GROUP BY ROLLUP (interview_id)
    """
    per_interview: dict[int, Latency] = {}
    overall = NO_LATENCY
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, InterviewStatus.IN_PROGRESS, since, Speaker.INTERVIEWER, Speaker.CANDIDATE])
        for interview_id, replies, p50, p95 in cursor.fetchall():
            latency = Latency(replies, _rounded(p50), _rounded(p95))  # no replies: one row of nulls
            if interview_id is None:
                overall = latency
            else:
                per_interview[interview_id] = latency
    return per_interview, overall


def live_interviews(latency: dict[int, Latency] | None = None) -> list[Interview]:
    interviews = list(
        Interview.objects.filter(status=InterviewStatus.IN_PROGRESS)
        .select_related("application__candidate", "application__vacancy")
        .annotate(turn_count=Count("turns"), last_turn_at=Max("turns__created_at"))
        .order_by("started_at")
    )
    for interview in interviews:
        interview.latency = (latency or {}).get(interview.pk, NO_LATENCY)
    return interviews


@dataclass(frozen=True)
class EngineHealth:
    """One AI or speech service: the engine configured now and how its calls went."""

    service: str  # llm | embeddings | stt | tts
    label: Any
    engine: str
    calls: int
    errors: int
    p50_ms: int | None
    p95_ms: int | None
    last_error: str
    last_error_at: datetime | None
    source: str  # "audit": the AI audit log (all processes); "process": this web process

    @property
    def error_pct(self) -> float | None:
        return round(100 * self.errors / self.calls, 1) if self.calls else None


def _audit_health(*, since: datetime) -> tuple[dict[str, tuple[int, int, Any, Any]], dict[str, tuple[Any, str]]]:
    """Calls in the window per service (LLM purposes together, embeddings apart) and the
    latest failed call of each service ever kept. Screening rows and health probes are
    not provider calls made for the work, so they are left out."""
    table = AIAuditLog._meta.db_table
    service = "CASE WHEN purpose = 'embeddings' THEN 'embeddings' ELSE 'llm' END"
    skipped = [AIAuditLog.Operation.SCREENING, AIAuditLog.Operation.HEALTH]
    stats: dict[str, tuple[int, int, Any, Any]] = {}
    errors: dict[str, tuple[Any, str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT {service}, count(*), count(*) FILTER (WHERE NOT ok),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) FILTER (WHERE ok)
                FROM {table} WHERE created_at >= %s AND operation <> ALL(%s) GROUP BY 1""",
            [since, skipped],
        )
        for name, calls, failed, p50, p95 in cursor.fetchall():
            stats[name] = (calls, failed, p50, p95)
        cursor.execute(
            f"""SELECT DISTINCT ON (1) {service}, created_at, provider, error_type, error_message
                FROM {table} WHERE NOT ok AND operation <> %s ORDER BY 1, created_at DESC""",
            [AIAuditLog.Operation.SCREENING],
        )
        for name, at, provider, error_type, message in cursor.fetchall():
            errors[name] = (at, f"{provider}: {error_type}: {message}".strip(": "))
    return stats, errors


def engines(*, now: datetime) -> list[EngineHealth]:
    stats, errors = _audit_health(since=now - WINDOW)
    rows = []
    for service, label, engine in (
        ("llm", _("Языковая модель (LLM)"), ", ".join(sorted({provider_name_for(p) for p in LLM_PURPOSES}))),
        ("embeddings", _("Эмбеддинги"), provider_name_for("embeddings")),
    ):
        calls, failed, p50, p95 = stats.get(service, (0, 0, None, None))
        at, message = errors.get(service, (None, ""))
        rows.append(
            EngineHealth(service, label, engine, calls, failed, _rounded(p50), _rounded(p95), message, at, "audit")
        )
    for service, label, engine in (
        ("stt", _("Распознавание речи (STT)"), settings.SPEECH_STT),
        ("tts", _("Синтез речи (TTS)"), settings.SPEECH_TTS),
    ):
        seen = speech_stats.summary(service)
        at = (
            datetime.fromtimestamp(seen.last_error_at, tz=timezone.get_current_timezone())
            if seen.last_error_at
            else None
        )
        rows.append(
            EngineHealth(
                service,
                label,
                engine,
                seen.calls,
                seen.errors,
                seen.p50_ms,
                seen.p95_ms,
                seen.last_error,
                at,
                "process",
            )
        )
    return rows


def database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), pg_database_size(current_database()),"
            " (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()),"
            " current_setting('max_connections')::int,"
            " (SELECT extversion FROM pg_extension WHERE extname = 'vector')"
        )
        version, size, connections, max_connections, vector = cursor.fetchone()
    return {
        "version": version,
        "size_mb": round(size / 1024 / 1024, 1),
        "connections": connections,
        "max_connections": max_connections,
        "pgvector": vector,
        "embedded": not getattr(settings, "DATABASE_URL", ""),
    }


def storage() -> dict[str, Any]:
    info: dict[str, Any] = {"backend": type(default_storage).__name__}
    location = getattr(default_storage, "location", None)
    if location:
        try:
            usage = shutil.disk_usage(location)
        except FileNotFoundError:
            info["error"] = str(location)
        else:
            info["free_gb"] = round(usage.free / 1024**3, 1)
            info["used_pct"] = round(100 * usage.used / usage.total, 1)
    else:
        info["bucket"] = getattr(default_storage, "bucket_name", "")
    return info


def monitor(*, check_providers: bool = True) -> dict[str, Any]:
    now = timezone.now()
    per_interview, overall = turn_latency(since=now - WINDOW)
    return {
        "queues": queues(),
        "interviews": live_interviews(per_interview),
        "latency": overall,
        "engines": engines(now=now),
        "providers": health_report(timeout=3.0) if check_providers else [],
        "database": database(),
        "storage": storage(),
        "checked_at": now,
    }
