"""HTTP failures of the providers that speak plain HTTP (YandexGPT, a local model
server) mapped to AIError in one place; each provider adds only its own cases."""

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


def translate_http(exc: BaseException, *, provider: str, auth_hint: str) -> AIError | None:
    """The AIError for an httpx failure, None when ``exc`` is not one."""
    if isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        try:
            body = exc.response.text[:300]
        except httpx.ResponseNotRead:  # a streamed error response whose body was never read
            body = ""
        if status in (401, 403):
            return AIAuthError(f"{status}: check {auth_hint}", provider=provider, status=status)
        if status == 429:
            error: AIError = AIRateLimitError("429 rate limited", provider=provider, status=status)
            retry_after = exc.response.headers.get("retry-after")
            error.retry_after = float(retry_after) if retry_after and retry_after.isdigit() else None  # type: ignore[attr-defined]
            return error
        if status >= 500:
            return AIUnavailableError(f"{status} server error", provider=provider, status=status)
        return AIBadRequestError(f"{status}: {body}", provider=provider, status=status)
    if isinstance(exc, httpx.TimeoutException):
        return AITimeoutError(f"no answer in time ({type(exc).__name__})", provider=provider)
    if isinstance(exc, httpx.TransportError):
        return AIUnavailableError(f"connection failed: {type(exc).__name__}: {exc}", provider=provider)
    return None
