"""Shared by the benchmarks: a throw-away database on the project's server, and timing
of a request N times (p50/p95 and the query count of one more call).
Import after django.setup()."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases


def measure(label: str, call: Callable[[], Any], n: int, ok: tuple[int, ...] = (200,)) -> None:
    call()  # warm up
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code in ok, (label, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        call()
    times.sort()
    p95 = times[max(0, int(round(len(times) * 0.95)) - 1)]
    print(f"{label:<34}{statistics.median(times):>9.1f}{p95:>9.1f}{len(ctx.captured_queries):>9}")


@contextmanager
def throwaway_database(name: str) -> Iterator[None]:
    """Create database ``name`` (like a test database), use it, drop it afterwards: a
    benchmark never touches the user's data."""
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    settings.DEBUG = False
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        yield
    finally:
        teardown_databases(old, verbosity=0)
