"""Shared by the page benchmarks: time a request N times and print p50/p95 and the
query count of one more call. Import after django.setup()."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


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
