"""Typed failures of the AI layer.

Every error says whether trying again can help (``permanent``): callers fall back to
their offline path at once on a permanent error, and may retry later on a transient
one. The layer has already retried transient errors before raising.
"""

from __future__ import annotations


class AIError(Exception):
    """Base of every AI-layer failure. ``audit_id`` points at the audit row of the call."""

    default_permanent = False

    def __init__(
        self, message: str = "", *, permanent: bool | None = None, provider: str = "", status: int | None = None
    ) -> None:
        super().__init__(message or self.__class__.__name__)
        self.permanent = self.default_permanent if permanent is None else permanent
        self.provider = provider
        self.status = status
        self.audit_id: int | None = None

    @property
    def code(self) -> str:
        return self.__class__.__name__


class AIAuthError(AIError):
    """Wrong or missing key/token (401/403): no retry will fix it."""

    default_permanent = True


class AIRateLimitError(AIError):
    """429 after all retries. ``retry_after`` is the server's hint in seconds, if any."""

    retry_after: float | None = None


class AITimeoutError(AIError):
    """The provider did not answer within the timeout."""


class AIUnavailableError(AIError):
    """The provider is down (5xx, connection refused/reset), busy, or not an LLM at all
    (the offline engine raises it with ``permanent=True``)."""


class AIBadRequestError(AIError):
    """The provider rejected the request (400/404/413/422): a bug or an oversized input."""

    default_permanent = True


class AIBadOutputError(AIError):
    """The provider answered, but the answer is unusable (not JSON, wrong shape)."""

    default_permanent = True


class AIStructuredOutputError(AIBadOutputError):
    """Structured output failed validation twice (the first answer and one repair retry)."""

    def __init__(self, message: str = "", *, raw: str = "", validation_error: str = "", **kwargs: object) -> None:
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.raw = raw
        self.validation_error = validation_error


class AICancelledError(AIError):
    """A stream was cancelled by the caller (not a provider failure)."""

    default_permanent = True


TRANSIENT_ERRORS = (AIRateLimitError, AITimeoutError, AIUnavailableError)
