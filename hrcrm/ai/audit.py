"""The AI audit log: one row per provider call, written so that it never breaks the call.

A failed write (database down, a broken outer transaction, an async context) is logged
with its traceback at ERROR level and the AI result is still returned: losing an audit
row is bad, but failing a recruiter's upload because the log table is locked is worse.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from hrcrm.ai.errors import AIError
from hrcrm.ai.types import CallContext, Usage

logger = logging.getLogger("hrcrm.ai.audit")

# Set by read-only commands (``rank``): files in, JSON out, nothing written anywhere,
# not even the audit log (the database may not even be migrated on the machine).
_suspended: ContextVar[bool] = ContextVar("ai_audit_suspended", default=False)


@contextmanager
def audit_suspended() -> Iterator[None]:
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


@dataclass(frozen=True)
class AuditEntry:
    context: CallContext
    provider: str
    model: str = ""
    input_text: str = ""
    output: str = ""
    latency_ms: int = 0
    usage: Usage = Usage()
    attempts: int = 1
    error: BaseException | None = None


def _truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n…[+{len(text) - limit} chars]"


def _json_safe_refs(refs: dict[str, Any]) -> dict[str, Any]:
    """Keep ids and short scalars; anything else becomes its repr, so a caller passing a
    model instance or a whole resume by mistake cannot fill the log with personal data."""
    safe: dict[str, Any] = {}
    for key, value in refs.items():
        if value is None or isinstance(value, bool | int | float):
            safe[str(key)] = value
        elif isinstance(value, str):
            safe[str(key)] = value[:200]
        elif isinstance(value, list | tuple) and all(isinstance(v, int | str) for v in value):
            safe[str(key)] = [v if isinstance(v, int) else str(v)[:200] for v in list(value)[:100]]
        else:
            safe[str(key)] = repr(value)[:200]
    return safe


def audit_record(entry: AuditEntry) -> int | None:
    """Write one audit row; return its id, or None (and log why) if it could not be written,
    or None inside ``audit_suspended()``."""
    from hrcrm.models import AIAuditLog

    if _suspended.get():
        return None

    ctx = entry.context
    error = entry.error
    max_chars = int(getattr(settings, "AI_AUDIT_OUTPUT_MAX_CHARS", 4000))
    store_input = bool(getattr(settings, "AI_AUDIT_STORE_INPUT", False))
    try:
        # A savepoint: if the insert fails inside the caller's transaction, only the
        # savepoint is rolled back and the caller's own work stays valid.
        with transaction.atomic():
            row = AIAuditLog.objects.create(
                purpose=ctx.purpose,
                operation=ctx.operation,
                provider=entry.provider,
                model=entry.model[:200],
                prompt_name=ctx.prompt_name[:200],
                prompt_version=ctx.prompt_version[:64],
                input_refs=_json_safe_refs(ctx.refs),
                input_text=_truncate(entry.input_text, max_chars * 4) if store_input else "",
                output=_truncate(entry.output, max_chars),
                ok=error is None,
                error_type=type(error).__name__ if error is not None else "",
                error_message=_truncate(str(error), 2000) if error is not None else "",
                error_permanent=error.permanent if isinstance(error, AIError) else None,
                attempts=entry.attempts,
                latency_ms=max(0, entry.latency_ms),
                prompt_tokens=entry.usage.prompt_tokens,
                completion_tokens=entry.usage.completion_tokens,
                total_tokens=entry.usage.total_tokens,
            )
    except DatabaseError:  # the audit must never take down the call it records
        logger.exception(
            "AI audit row not written (purpose=%s provider=%s prompt=%s)", ctx.purpose, entry.provider, ctx.prompt_name
        )
        return None
    return int(row.pk)


def record_screening(*, purpose: str, refs: dict[str, Any], findings: dict[str, Any]) -> int | None:
    """Record that untrusted input was screened and something was found (hidden text,
    instructions aimed at an AI). ``refs`` are ids (``{"resume_id": 7}``) and ``findings``
    counts and flags only: never the found text itself (personal data; and the log must
    not replay an injection to whoever reads it). Rows have ``operation="screening"``
    and ``provider="rules"``; the admin's AI status page counts them."""
    context = CallContext(purpose=purpose, refs={**refs, **findings}, operation="screening")
    summary = ", ".join(f"{key}={value}" for key, value in findings.items())
    return audit_record(AuditEntry(context, provider="rules", output=summary))


def screening_counts() -> dict[str, int]:
    """Screened inputs with findings, by kind (the admin's AI status page)."""
    from hrcrm.models import AIAuditLog

    rows = AIAuditLog.objects.filter(operation=AIAuditLog.Operation.SCREENING)
    return {
        "total": rows.count(),
        "hidden_text": rows.filter(input_refs__hidden_text=True).count(),
        "injection": rows.filter(input_refs__injection=True).count(),
    }


def record_fallback(error: AIError, *, fallback_to: str = "rules") -> None:
    """Mark the failed call behind ``error`` as answered by the caller's offline path.

    Callers do ``except AIError as e: record_fallback(e, fallback_to="rules"); ...``.
    """
    from hrcrm.models import AIAuditLog

    if error.audit_id is None:
        logger.warning("AI fallback to %s without an audit row (%s: %s)", fallback_to, error.code, error)
        return
    try:
        with transaction.atomic():
            AIAuditLog.objects.filter(pk=error.audit_id).update(fallback_used=True, fallback_to=fallback_to[:64])
    except DatabaseError:  # the audit must never take down the call it records
        logger.exception("AI audit: fallback not recorded for row %s", error.audit_id)


def record_rejected(audit_id: int | None, *, reason: str, fallback_to: str = "rules") -> None:
    """A call answered, but the caller's own checks refused the answer (a forbidden
    action, a guard rule, a late reply): the row says so, and that the caller fell back."""
    from hrcrm.models import AIAuditLog

    if audit_id is None:
        logger.warning("AI answer rejected (%s) without an audit row; fell back to %s", reason, fallback_to)
        return
    try:
        with transaction.atomic():
            AIAuditLog.objects.filter(pk=audit_id).update(
                ok=False,
                error_type="Rejected",
                error_message=reason[:2000],
                error_permanent=True,
                fallback_used=True,
                fallback_to=fallback_to[:64],
            )
    except DatabaseError:  # the audit must never take down the call it records
        logger.exception("AI audit: rejection not recorded for row %s", audit_id)


def audit_link_decision(*, audit_ids: list[int], decision_ref: str) -> int:
    """Link AI calls to the human decision they fed (e.g. ``"scoring.Decision:12"``)."""
    from hrcrm.models import AIAuditLog

    ids = [i for i in audit_ids if i is not None]
    return AIAuditLog.objects.filter(pk__in=ids).update(decision_ref=decision_ref[:200], decision_at=timezone.now())


def audit_prune(*, days: int | None = None) -> int:
    """Delete audit rows older than ``days`` (default ``AI_AUDIT_RETENTION_DAYS``)."""
    from hrcrm.models import AIAuditLog

    keep_days = int(days if days is not None else getattr(settings, "AI_AUDIT_RETENTION_DAYS", 180))
    cutoff = timezone.now() - timedelta(days=keep_days)
    deleted, _ = AIAuditLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted
