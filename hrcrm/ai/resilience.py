"""Retries with exponential backoff and jitter, and a per-provider concurrency limit."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from hrcrm.ai.errors import AIError, AIRateLimitError, AIUnavailableError

logger = logging.getLogger(__name__)
T = TypeVar("T")

_semaphores: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def backoff_delay(attempt: int, *, base: float, cap: float, retry_after: float | None = None) -> float:
    """Full-jitter exponential backoff: uniform(0, min(cap, base * 2**attempt)).

    Full jitter (rather than a fixed delay plus a little noise) keeps many workers that
    hit the same 429 from retrying in lock step. A server's Retry-After wins when given.
    """
    if retry_after is not None and retry_after > 0:
        return min(retry_after, cap)
    return random.uniform(0, min(cap, base * (2**attempt)))


def with_retries(
    fn: Callable[[], T],
    *,
    max_retries: int,
    base: float,
    cap: float,
    on_retry: Callable[[int, AIError], None] | None = None,
) -> tuple[T, int]:
    """Call ``fn`` until it succeeds, raises a permanent AIError, or retries run out.

    Returns the value and the number of attempts made.
    """
    attempt = 0
    while True:
        try:
            return fn(), attempt + 1
        except AIError as error:
            if error.permanent or attempt >= max_retries:
                raise
            retry_after = getattr(error, "retry_after", None) if isinstance(error, AIRateLimitError) else None
            delay = backoff_delay(attempt, base=base, cap=cap, retry_after=retry_after)
            logger.info("AI %s: %s, retry %d/%d in %.2fs", error.provider, error.code, attempt + 1, max_retries, delay)
            if on_retry is not None:
                on_retry(attempt, error)
            time.sleep(delay)
            attempt += 1


class CircuitBreaker:
    """After ``threshold`` calls in a row failed transiently (retries already spent), the
    provider counts as down for ``cooldown`` seconds: calls fail at once, so a live
    interview falls back to its question bank instead of waiting out timeouts per turn.
    The first call after the cooldown is the probe; its success closes the circuit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._open_until: dict[str, float] = {}

    def check(self, provider: str) -> None:
        with self._lock:
            until = self._open_until.get(provider, 0.0)
        if until > time.monotonic():
            raise AIUnavailableError(
                f"{provider} is marked down for another {until - time.monotonic():.0f}s after repeated failures",
                provider=provider,
            )

    def record(self, provider: str, *, ok: bool, threshold: int, cooldown: float) -> None:
        with self._lock:
            if ok:
                self._failures.pop(provider, None)
                self._open_until.pop(provider, None)
                return
            count = self._failures.get(provider, 0) + 1
            self._failures[provider] = count
            if threshold > 0 and count >= threshold:
                self._open_until[provider] = time.monotonic() + cooldown
                logger.warning("AI %s marked down for %.0fs after %d failed calls", provider, cooldown, count)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self._open_until.clear()


breaker = CircuitBreaker()


def _semaphore(provider: str, limit: int) -> threading.BoundedSemaphore:
    key = (provider, limit)
    with _semaphores_lock:
        if key not in _semaphores:
            _semaphores[key] = threading.BoundedSemaphore(limit)
        return _semaphores[key]


@contextmanager
def concurrency_slot(provider: str, *, limit: int, wait: float) -> Iterator[None]:
    """Hold one of ``limit`` slots of ``provider`` for the duration of a call.

    Vendors throttle per key; queueing here is cheaper than collecting 429s. A caller
    that cannot get a slot within ``wait`` seconds gets a transient AIUnavailableError.
    """
    semaphore = _semaphore(provider, max(1, limit))
    if not semaphore.acquire(timeout=wait):
        raise AIUnavailableError(f"{provider}: all {limit} slots busy for {wait:.0f}s", provider=provider)
    try:
        yield
    finally:
        semaphore.release()
