"""Recent speech engine calls (STT recognitions, TTS syntheses) for the system monitor.

Speech runs inside the web process that holds the interview's WebSocket, and its calls
are not stored anywhere (one per utterance, audio never leaves the process), so this is
a rolling in-memory window per process: the monitor shows what the process serving the
page saw in the last hour. With several web processes each keeps its own window."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass

KINDS = ("stt", "tts")
WINDOW_S = 3600
_MAX_CALLS = 5000  # per kind; at a few calls a second per interview, an hour of a busy process


@dataclass(frozen=True)
class Call:
    at: float  # time.time()
    engine: str
    ok: bool
    latency_ms: int
    error: str = ""


@dataclass(frozen=True)
class EngineStats:
    calls: int
    errors: int
    p50_ms: int | None
    p95_ms: int | None
    last_error: str
    last_error_at: float | None

    @property
    def error_pct(self) -> float | None:
        return round(100 * self.errors / self.calls, 1) if self.calls else None


_calls: dict[str, deque[Call]] = {kind: deque(maxlen=_MAX_CALLS) for kind in KINDS}
_lock = threading.Lock()  # recorded from the speech thread pool and the event loop


def record(kind: str, *, engine: str, ok: bool, latency_ms: float, error: str = "") -> None:
    call = Call(at=time.time(), engine=engine, ok=ok, latency_ms=round(latency_ms), error=error[:500])
    with _lock:
        _calls[kind].append(call)


def _percentile(values: list[int], q: float) -> int | None:
    """Linear interpolation between the closest ranks, as PostgreSQL's percentile_cont
    (which the monitor uses for the stored calls), so both columns mean the same."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (position - low))


def summary(kind: str, *, window_s: float = WINDOW_S, now: float | None = None) -> EngineStats:
    now = time.time() if now is None else now
    with _lock:
        calls = [c for c in _calls[kind] if c.at >= now - window_s]
        failed = [c for c in _calls[kind] if not c.ok]
    latencies = [c.latency_ms for c in calls if c.ok]
    last = failed[-1] if failed else None
    return EngineStats(
        calls=len(calls),
        errors=sum(not c.ok for c in calls),
        p50_ms=_percentile(latencies, 0.5),
        p95_ms=_percentile(latencies, 0.95),
        last_error=last.error if last else "",
        last_error_at=last.at if last else None,
    )


def clear() -> None:
    with _lock:
        for calls in _calls.values():
            calls.clear()
