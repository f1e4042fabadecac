"""Sending cross-app events: every domain signal goes out after its transaction commits.

An app announces what happened in ``<app>/signals.py`` (a ``django.dispatch.Signal`` per
event, documented with its arguments); apps above it connect receivers in
``<app>/receivers.py`` from their ``AppConfig.ready``. Receivers run after commit, so they
read committed rows and may queue django-q2 tasks that read them too. See ARCHITECTURE.md.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.dispatch import Signal


def send_after_commit(signal: Signal, sender: Any, **kwargs: Any) -> None:
    """Send ``signal`` once the current transaction commits (at once outside one).
    A receiver's error propagates to the caller of ``on_commit``, as any callback's would."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))
