from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Failure, OrmQ

from hrcrm.ai import health_report
from interviews.models import Interview, InterviewStatus

FAILED_SHOWN = 50
QUEUED_SHOWN = 50


@dataclass(frozen=True)
class QueuedTask:
    id: int
    func: str
    name: str
    running: bool  # locked by a worker until ``lock``
    lock: Any


@dataclass(frozen=True)
class Queues:
    broker: str
    queued: int
    running: int
    tasks: list[QueuedTask]  # listed only with the ORM broker (Redis keeps no rows to show)
    failed: list[Failure]
    failed_total: int


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
    )


def live_interviews() -> list[Interview]:
    return list(
        Interview.objects.filter(status=InterviewStatus.IN_PROGRESS)
        .select_related("application__candidate", "application__vacancy")
        .annotate(turn_count=Count("turns"), last_turn_at=Max("turns__created_at"))
        .order_by("started_at")
    )


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
    return {
        "queues": queues(),
        "interviews": live_interviews(),
        "providers": health_report(timeout=3.0) if check_providers else [],
        "database": database(),
        "storage": storage(),
        "checked_at": timezone.now(),
    }
