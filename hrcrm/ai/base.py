"""The provider base type: one interface for chat, streaming, structured output and
embeddings, with retries, timeouts, a concurrency limit and an audit row per call.

Adapters (offline, GigaChat, YandexGPT) implement only the ``_chat``/``_stream``/
``_embed``/``_health`` hooks and translate their vendor's exceptions into AIError
subclasses; everything a caller relies on (typing, resilience, audit) lives here once.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.translation import gettext
from pydantic import BaseModel, ValidationError

from hrcrm.ai.aio import AsyncProviderMixin
from hrcrm.ai.audit import AuditEntry, audit_record
from hrcrm.ai.config import ResilienceConfig, resilience
from hrcrm.ai.errors import (
    TRANSIENT_ERRORS,
    AIAuthError,
    AIBadOutputError,
    AICancelledError,
    AIError,
    AIStructuredOutputError,
)
from hrcrm.ai.prompts import prompt_version as current_prompt_version
from hrcrm.ai.prompts import render_prompt
from hrcrm.ai.resilience import breaker, concurrency_slot, with_retries
from hrcrm.ai.types import (
    CallContext,
    ChatMessage,
    ChatRequest,
    ChatResult,
    HealthStatus,
    RawReply,
    SchemaT,
    StructuredResult,
    Usage,
)

logger = logging.getLogger(__name__)

EmbedKind = Literal["document", "query"]


@dataclass
class StreamMeta:
    """Filled by an adapter while it streams (usage and model arrive with the last chunk)."""

    model: str = ""
    usage: Usage = field(default_factory=Usage)


@dataclass(frozen=True)
class EmbedReply:
    vectors: list[list[float]]
    model: str
    usage: Usage = Usage()


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _transcript(messages: Sequence[ChatMessage]) -> str:
    return "\n\n".join(f"[{m.role}]\n{m.content}" for m in messages)


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def extract_json(text: str) -> Any:
    """Parse the JSON object in a model's answer, tolerating code fences and chatter
    around it (models add both even when told not to). Raises ValueError."""
    candidate = text.strip()
    fenced = _FENCE.match(candidate)
    if fenced:
        candidate = fenced.group(1)
    try:
        return json.loads(candidate)
    except json.JSONDecodeError:
        start = min((i for i in (candidate.find("{"), candidate.find("[")) if i >= 0), default=-1)
        end = max(candidate.rfind("}"), candidate.rfind("]"))
        if start < 0 or end <= start:
            raise ValueError("no JSON object in the answer") from None
        return json.loads(candidate[start : end + 1])


class Provider(AsyncProviderMixin):
    """Base of every provider. ``get_provider(purpose=...)`` builds one per purpose."""

    name: str = "base"
    is_offline: bool = False

    def __init__(self, *, purpose: str, config: ResilienceConfig | None = None) -> None:
        self.purpose = purpose
        self.config = config or resilience()

    # --- adapter hooks ----------------------------------------------------------------
    @property
    def model(self) -> str:
        return ""

    @property
    def configured(self) -> bool:
        return True

    def _chat(self, request: ChatRequest) -> RawReply:
        raise NotImplementedError

    def _stream(self, request: ChatRequest, meta: StreamMeta) -> Generator[str, None, None]:
        raise NotImplementedError

    def _embed(self, texts: list[str], *, kind: EmbedKind, timeout: float) -> EmbedReply:
        raise NotImplementedError

    def _health(self, timeout: float) -> str:
        raise NotImplementedError

    # --- helpers ----------------------------------------------------------------------
    def _request(
        self,
        system: str,
        messages: Sequence[ChatMessage],
        temperature: float,
        max_tokens: int,
        timeout: float | None,
    ) -> ChatRequest:
        full = ((ChatMessage(role="system", content=system),) if system else ()) + tuple(messages)
        return ChatRequest(
            messages=full,
            temperature=temperature,
            max_tokens=max_tokens,
            timeout=timeout if timeout is not None else self.config.timeout,
        )

    def _context(
        self, purpose: str | None, prompt_name: str, prompt_version: str, refs: dict[str, Any] | None, operation: str
    ) -> CallContext:
        if prompt_name and not prompt_version:
            # A prompt file of that name fixes the version even if the caller forgot it.
            try:
                prompt_version = current_prompt_version(prompt_name)
            except (FileNotFoundError, ValueError):
                prompt_version = ""
        return CallContext(
            purpose=purpose or self.purpose,
            prompt_name=prompt_name,
            prompt_version=prompt_version,
            refs=dict(refs or {}),
            operation=operation,
        )

    def _call_with_resilience(self, fn: Any, timeout: float) -> tuple[Any, int]:
        if self.is_offline:
            # Local work: no breaker, no slots (nothing remote to protect).
            return with_retries(fn, max_retries=0, base=0, cap=0)
        breaker.check(self.name)
        try:
            with concurrency_slot(self.name, limit=self.config.max_concurrency, wait=timeout):
                result = with_retries(
                    fn, max_retries=self.config.max_retries, base=self.config.backoff_base, cap=self.config.backoff_max
                )
        except AIError as error:
            self._breaker_record(ok=not isinstance(error, TRANSIENT_ERRORS))
            raise
        self._breaker_record(ok=True)
        return result

    def _breaker_record(self, *, ok: bool) -> None:
        breaker.record(self.name, ok=ok, threshold=self.config.circuit_failures, cooldown=self.config.circuit_cooldown)

    def _audit(
        self,
        ctx: CallContext,
        latency_ms: int,
        *,
        model: str = "",
        input_text: str = "",
        output: str = "",
        usage: Usage | None = None,
        attempts: int = 1,
        error: BaseException | None = None,
    ) -> int | None:
        """Record one call in the AI audit log (every entry is built here); a failed call's
        AIError gets the row's id and this provider's name before it propagates (not a
        cancel: the caller stopped it, nothing failed)."""
        row_id = audit_record(
            AuditEntry(
                ctx, self.name, model or self.model, input_text, output, latency_ms, usage or Usage(), attempts, error
            )
        )
        if isinstance(error, AIError) and not isinstance(error, AICancelledError):
            error.provider = error.provider or self.name
            error.audit_id = row_id
        return row_id

    # --- public interface -------------------------------------------------------------
    def chat(
        self,
        *,
        system: str = "",
        messages: Sequence[ChatMessage],
        temperature: float = 0.3,
        max_tokens: int = 800,
        prompt_name: str = "",
        prompt_version: str = "",
        purpose: str | None = None,
        refs: dict[str, Any] | None = None,
        timeout: float | None = None,
        _operation: str = "chat",
    ) -> ChatResult:
        request = self._request(system, messages, temperature, max_tokens, timeout)
        ctx = self._context(purpose, prompt_name, prompt_version, refs, _operation)
        started = time.monotonic()
        try:
            reply, attempts = self._call_with_resilience(lambda: self._chat(request), request.timeout)
        except BaseException as error:
            attempts = self.config.max_retries + 1 if isinstance(error, AIError) and not error.permanent else 1
            self._audit(
                ctx, _elapsed_ms(started), input_text=_transcript(request.messages), attempts=attempts, error=error
            )
            raise
        latency = _elapsed_ms(started)
        audit_id = self._audit(
            ctx,
            latency,
            model=reply.model,
            input_text=_transcript(request.messages),
            output=reply.text,
            usage=reply.usage,
            attempts=attempts,
        )
        return ChatResult(
            text=reply.text,
            model=reply.model,
            provider=self.name,
            usage=reply.usage,
            latency_ms=latency,
            prompt_name=prompt_name,
            prompt_version=prompt_version,
            audit_id=audit_id,
            attempts=attempts,
        )

    def stream(
        self,
        *,
        system: str = "",
        messages: Sequence[ChatMessage],
        temperature: float = 0.3,
        max_tokens: int = 800,
        prompt_name: str = "",
        prompt_version: str = "",
        purpose: str | None = None,
        refs: dict[str, Any] | None = None,
        timeout: float | None = None,
        cancel: threading.Event | None = None,
        audit_ids: list[int] | None = None,
    ) -> Iterator[str]:
        """Yield text deltas. Setting ``cancel`` stops the stream (and closes the HTTP
        response) at the next chunk; the partial text is audited. Transient failures
        before the first token are retried; after it they raise (a half-spoken answer
        cannot be replayed). ``audit_ids`` receives the audit row's id when the stream
        ends, so a caller can mark the row (e.g. its own checks refused the text)."""
        request = self._request(system, messages, temperature, max_tokens, timeout)
        ctx = self._context(purpose, prompt_name, prompt_version, refs, "stream")
        cancel = cancel or threading.Event()
        meta = StreamMeta()
        parts: list[str] = []
        started = time.monotonic()
        attempts = 0
        error: BaseException | None = None
        try:
            if not self.is_offline:
                breaker.check(self.name)
            with concurrency_slot(self.name, limit=self.config.max_concurrency, wait=request.timeout):

                def first_chunk() -> tuple[Generator[str, None, None], str | None]:
                    nonlocal attempts
                    attempts += 1
                    generator = self._stream(request, meta)
                    try:
                        return generator, next(generator)
                    except StopIteration:
                        return generator, None
                    except BaseException:
                        generator.close()
                        raise

                try:
                    (generator, first), _ = with_retries(
                        first_chunk,
                        max_retries=self.config.max_retries,
                        base=self.config.backoff_base,
                        cap=self.config.backoff_max,
                    )
                except AIError as exc:
                    if not self.is_offline:
                        self._breaker_record(ok=not isinstance(exc, TRANSIENT_ERRORS))
                    raise
                if not self.is_offline:
                    self._breaker_record(ok=True)
                try:
                    chunk = first
                    while chunk is not None:
                        if cancel.is_set():
                            error = AICancelledError("stream cancelled by the caller", provider=self.name)
                            break
                        if chunk:
                            parts.append(chunk)
                            yield chunk
                        chunk = next(generator, None)
                finally:
                    generator.close()
        except GeneratorExit:
            # The consumer stopped iterating (closed the generator): same as a cancel.
            error = AICancelledError("stream closed by the caller", provider=self.name)
            raise
        except BaseException as exc:
            error = exc
            raise
        finally:
            row_id = self._audit(
                ctx,
                _elapsed_ms(started),
                model=meta.model,
                input_text=_transcript(request.messages),
                output="".join(parts),
                usage=meta.usage,
                attempts=max(attempts, 1),
                error=error,
            )
            if audit_ids is not None and row_id is not None:
                audit_ids.append(row_id)

    def structured(
        self,
        *,
        system: str = "",
        messages: Sequence[ChatMessage],
        schema: type[SchemaT],
        temperature: float = 0.1,
        max_tokens: int = 1500,
        prompt_name: str = "",
        prompt_version: str = "",
        purpose: str | None = None,
        refs: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> StructuredResult[SchemaT]:
        """Ask for JSON matching ``schema``; on invalid JSON ask once more with the
        validation error, then raise AIStructuredOutputError."""
        schema_json = json.dumps(schema.model_json_schema(), ensure_ascii=False)
        instructions, _ = render_prompt("ai.structured_output", schema=schema_json)
        full_system = f"{system}\n\n{instructions}" if system else instructions
        common = {
            "temperature": temperature,
            "max_tokens": max_tokens,
            "prompt_name": prompt_name,
            "prompt_version": prompt_version,
            "purpose": purpose,
            "refs": refs,
            "timeout": timeout,
            "_operation": "structured",
        }
        history = list(messages)
        first = self.chat(system=full_system, messages=history, **common)  # type: ignore[arg-type]
        value, problem = self._validate(first.text, schema)
        if value is not None:
            return self._structured_result(first, value, repaired=False)
        repair_text, _ = render_prompt("ai.repair_json", error=problem[:1500])
        history += [ChatMessage(role="assistant", content=first.text), ChatMessage(role="user", content=repair_text)]
        second = self.chat(system=full_system, messages=history, **common)  # type: ignore[arg-type]
        value, problem2 = self._validate(second.text, schema)
        if value is not None:
            return self._structured_result(second, value, repaired=True, earlier=first)
        error = AIStructuredOutputError(
            f"{self.name}: answer does not match {schema.__name__} after one repair retry: {problem2[:300]}",
            raw=second.text,
            validation_error=problem2,
            provider=self.name,
        )
        error.audit_id = second.audit_id
        self._mark_audit_error(second.audit_id, error)
        raise error

    @staticmethod
    def _validate(text: str, schema: type[SchemaT]) -> tuple[SchemaT | None, str]:
        try:
            return schema.model_validate(extract_json(text)), ""
        except (ValueError, ValidationError) as exc:
            return None, str(exc)

    def _structured_result(
        self, result: ChatResult, value: BaseModel, *, repaired: bool, earlier: ChatResult | None = None
    ) -> StructuredResult[Any]:
        usage = result.usage + earlier.usage if earlier is not None else result.usage
        latency = result.latency_ms + (earlier.latency_ms if earlier is not None else 0)
        return StructuredResult(
            value=value,
            text=result.text,
            model=result.model,
            provider=self.name,
            usage=usage,
            latency_ms=latency,
            repaired=repaired,
            prompt_name=result.prompt_name,
            prompt_version=result.prompt_version,
            audit_id=result.audit_id,
        )

    @staticmethod
    def _mark_audit_error(audit_id: int | None, error: AIError) -> None:
        """The second answer was audited as a successful chat; say it was unusable."""
        if audit_id is None:
            return
        from django.db import transaction

        from hrcrm.models import AIAuditLog

        try:
            with transaction.atomic():
                AIAuditLog.objects.filter(pk=audit_id).update(
                    ok=False, error_type=error.code, error_message=str(error)[:2000], error_permanent=True
                )
        except Exception:
            logger.exception("AI audit: could not mark row %s as bad output", audit_id)

    def embed(
        self,
        texts: Sequence[str],
        *,
        kind: EmbedKind = "document",
        purpose: str | None = None,
        refs: dict[str, Any] | None = None,
        timeout: float | None = None,
    ) -> list[list[float]]:
        """Embed ``texts`` (documents or queries). Vectors are L2-normalised."""
        items = [str(t) for t in texts]
        if not items:
            return []
        ctx = self._context(purpose or "embeddings", "", "", refs, "embed")
        wait = timeout if timeout is not None else self.config.timeout
        started = time.monotonic()
        try:
            reply, attempts = self._call_with_resilience(lambda: self._embed(items, kind=kind, timeout=wait), wait)
        except BaseException as error:
            self._audit(ctx, _elapsed_ms(started), error=error)
            raise
        if len(reply.vectors) != len(items):
            bad = AIBadOutputError(
                f"{self.name}: {len(reply.vectors)} vectors for {len(items)} texts", provider=self.name
            )
            self._audit(ctx, _elapsed_ms(started), model=reply.model, error=bad)
            raise bad
        vectors = [_normalise(v) for v in reply.vectors]
        dims = len(vectors[0]) if vectors else 0
        self._audit(
            ctx,
            _elapsed_ms(started),
            model=reply.model,
            output=f"{len(vectors)} {kind} vectors × {dims}",
            usage=reply.usage,
            attempts=attempts,
        )
        return vectors

    def health(self, *, timeout: float = 5.0) -> HealthStatus:
        """Does the provider answer now? Never raises; audited as a ``health`` call."""
        if not self.configured:
            detail = gettext("не настроен (нет ключа)")
            return HealthStatus(self.name, False, detail, 0, self.model, configured=False)
        started = time.monotonic()
        ctx = self._context("health", "", "", {}, "health")
        try:
            detail = self._health(timeout)
        except AIError as error:
            self._audit(ctx, _elapsed_ms(started), error=error)
            return HealthStatus(self.name, False, f"{error.code}: {error}"[:300], _elapsed_ms(started), self.model)
        latency = _elapsed_ms(started)
        self._audit(ctx, latency, output=detail)
        return HealthStatus(self.name, True, detail, latency, self.model)


def _normalise(vector: Sequence[float]) -> list[float]:
    norm = sum(x * x for x in vector) ** 0.5
    if norm == 0:
        return [float(x) for x in vector]
    return [float(x) / norm for x in vector]


class CloudProvider(Provider):
    """A provider behind a remote API whose settings say whether it can be used:
    ``settings`` has ``model`` and ``configured``; ``missing`` names what to set."""

    missing: str = ""

    def __init__(self, *, purpose: str, config: ResilienceConfig | None = None) -> None:
        super().__init__(purpose=purpose, config=config)
        self.settings = self._load_settings()

    def _load_settings(self) -> Any:
        raise NotImplementedError

    @property
    def model(self) -> str:
        return str(self.settings.model)

    @property
    def configured(self) -> bool:
        return bool(self.settings.configured)

    def _guard(self) -> None:
        if not self.configured:
            raise AIAuthError(self.missing, provider=self.name)
