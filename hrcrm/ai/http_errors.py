"""HTTP failures of every provider mapped to AIError in one place: a status code
(``status_error``: from httpx for YandexGPT and a local model server, from the SDK's
``ResponseError`` for GigaChat) and httpx's timeouts and broken connections
(``translate_http``). Each provider adds only its own cases."""

from __future__ import annotations

import httpx

from hrcrm.ai.errors import (
    AIAuthError,
    AIBadRequestError,
    AIError,
    AIRateLimitError,
    AITimeoutError,
    AIUnavailableError,
)


def status_error(status: int, body: str, *, provider: str, auth_hint: str, retry_after: float | None = None) -> AIError:
    """The AIError for an error answer with ``status``: credentials (401, 403), rate limit
    (429, retried after ``retry_after`` seconds when the server said), the server's fault
    (5xx, retryable) or the request's (other 4xx, with the start of the body)."""
    if status in (401, 403):
        return AIAuthError(f"{status}: check {auth_hint}", provider=provider, status=status)
    if status == 429:
        error = AIRateLimitError("429 rate limited", provider=provider, status=status)
        error.retry_after = retry_after
        return error
    if status >= 500:
        return AIUnavailableError(f"{status} server error", provider=provider, status=status)
    return AIBadRequestError(f"{status}: {body[:300]}", provider=provider, status=status)


def translate_http(exc: BaseException, *, provider: str, auth_hint: str) -> AIError | None:
    """The AIError for an httpx failure, None when ``exc`` is not one."""
    if isinstance(exc, httpx.HTTPStatusError):
        try:
            body = exc.response.text[:300]
        except httpx.ResponseNotRead:  # a streamed error response whose body was never read
            body = ""
        header = exc.response.headers.get("retry-after")
        retry_after = float(header) if header and header.isdigit() else None
        return status_error(
            exc.response.status_code, body, provider=provider, auth_hint=auth_hint, retry_after=retry_after
        )
    if isinstance(exc, httpx.TimeoutException):
        return AITimeoutError(f"no answer in time ({type(exc).__name__})", provider=provider)
    if isinstance(exc, httpx.TransportError):
        return AIUnavailableError(f"connection failed: {type(exc).__name__}: {exc}", provider=provider)
    return None
