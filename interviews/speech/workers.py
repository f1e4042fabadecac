"""The process-wide pool for CPU-bound speech work (recognition, synthesis), shared by
every voice interview of the process, with priorities.

A plain FIFO pool lets cheap-to-postpone work stand in front of work someone is
waiting for: with four interviews, the rolling recognition of one candidate's
sentence would delay another candidate's end-of-turn transcript. Here the waiting
kinds go first: a turn's last piece, then the reply's speech, then rolling pieces.
Within a priority, first come first served; express threads keep the urgent kinds
from waiting behind a running rolling piece. Threads suffice: CTranslate2, onnxruntime
and the espeak-ng subprocess all release the GIL while they work."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from django.conf import settings


class Priority(IntEnum):
    FINAL = 0  # a turn has ended: the candidate waits for the reply
    SPEAK = 1  # the reply's next sentence
    ROLLING = 2  # a finished piece of a turn still in progress


@dataclass
class Stats:
    """Where the time goes, for benchmarks and logs: per kind of job, seconds spent
    queued and working (wall: CTranslate2 computes in threads of its own); and the
    VAD's wall and CPU time (it computes in the calling thread)."""

    waits: dict[str, list[float]] = field(default_factory=dict)
    works: dict[str, list[float]] = field(default_factory=dict)
    vad_seconds: float = 0.0
    vad_cpu: float = 0.0
    vad_windows: int = 0

    def reset(self) -> None:
        self.waits.clear()
        self.works.clear()
        self.vad_seconds = 0.0
        self.vad_cpu = 0.0
        self.vad_windows = 0


STATS = Stats()


class PriorityPool:
    """``workers`` threads take any job, most urgent first; ``express`` more threads take
    only jobs of priority SPEAK or more urgent, so an ended turn's recognition or the
    reply's next sentence never waits for a rolling piece to finish (the work is not
    preemptible: a rolling piece runs for up to a second). On 2 cores that is three
    threads for two cores while a turn ends — a short oversubscription, not a queue."""

    def __init__(self, workers: int, express: int = 1, name: str = "speech") -> None:
        self._heap: list[tuple[int, int, float, Future[Any], Callable[..., Any], tuple[Any, ...]]] = []
        self._cond = threading.Condition()
        self._order = itertools.count()
        self._threads = [
            threading.Thread(target=self._work, args=(Priority.ROLLING,), name=f"{name}-{i}", daemon=True)
            for i in range(max(1, workers))
        ] + [
            threading.Thread(target=self._work, args=(Priority.SPEAK,), name=f"{name}-express-{i}", daemon=True)
            for i in range(express)
        ]
        for thread in self._threads:
            thread.start()

    @property
    def workers(self) -> int:
        return len(self._threads)

    def pending(self) -> int:
        """Jobs waiting for a worker (not counting those running)."""
        with self._cond:
            return len(self._heap)

    def submit(self, priority: Priority, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._cond:
            heapq.heappush(self._heap, (int(priority), next(self._order), time.perf_counter(), future, fn, args))
            self._cond.notify_all()
        return future

    async def run(self, priority: Priority, fn: Callable[..., Any], *args: Any) -> Any:
        # Cancelling the awaiting task cancels the job if it has not started yet.
        return await asyncio.wrap_future(self.submit(priority, fn, *args))

    def _take(self, least_urgent: Priority) -> tuple[int, float, Future[Any], Callable[..., Any], tuple[Any, ...]]:
        with self._cond:
            while not self._heap or self._heap[0][0] > least_urgent:
                self._cond.wait()
            priority, _, queued_at, future, fn, args = heapq.heappop(self._heap)
            return priority, queued_at, future, fn, args

    def _work(self, least_urgent: Priority) -> None:
        while True:
            priority, queued_at, future, fn, args = self._take(least_urgent)
            if not future.set_running_or_notify_cancel():
                continue
            began = time.perf_counter()
            kind = Priority(priority).name.lower()
            STATS.waits.setdefault(kind, []).append(began - queued_at)
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to the awaiting task, which decides
                future.set_exception(exc)
            else:
                future.set_result(result)
            STATS.works.setdefault(kind, []).append(time.perf_counter() - began)


_pool: PriorityPool | None = None
_pool_lock = threading.Lock()


def pool() -> PriorityPool:
    """The pool: SPEECH_WORKERS threads (≈ the cores) and SPEECH_EXPRESS_WORKERS
    express ones; SPEECH_STT_WORKERS (CTranslate2) should be their sum."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = PriorityPool(settings.SPEECH_WORKERS, settings.SPEECH_EXPRESS_WORKERS)
        return _pool
