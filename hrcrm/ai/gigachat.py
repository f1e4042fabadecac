"""GigaChat through the official ``gigachat`` SDK (the only module importing it).

Auth: ``GIGACHAT_CREDENTIALS`` (the Base64 "authorization data") is exchanged by the
SDK for an access token at ``auth_url`` (OAuth, ``scope``) and refreshed on expiry or
401; or a ready ``GIGACHAT_ACCESS_TOKEN``. Sber's endpoints use the Russian Ministry of
Digital Development CA: set ``GIGACHAT_CA_BUNDLE`` to its file (or, only for tests,
``GIGACHAT_VERIFY_SSL=false``). The SDK's own retries are off: the layer retries.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Generator

import pydantic
from django.utils.translation import gettext
from gigachat import GigaChat
from gigachat import exceptions as gx
from gigachat.models import Chat, Messages, MessagesRole

from hrcrm.ai.base import CloudProvider, EmbedKind, EmbedReply, StreamMeta
from hrcrm.ai.config import GigaChatConfig, gigachat_config
from hrcrm.ai.errors import (
    AIBadOutputError,
    AIBadRequestError,
    AIError,
)
from hrcrm.ai.http_errors import status_error, translate_http
from hrcrm.ai.types import ChatRequest, RawReply, Usage

NAME = "gigachat"
_clients: dict[tuple[GigaChatConfig, float], GigaChat] = {}
_clients_lock = threading.Lock()


def reset_clients() -> None:
    """Forget cached clients (settings changed); their token caches go with them."""
    with _clients_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


def _client(cfg: GigaChatConfig, timeout: float) -> GigaChat:
    # One client per (config, timeout): the SDK binds the timeout to its httpx client,
    # and a shared client keeps the OAuth token cached across calls.
    key = (cfg, timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            kwargs: dict[str, object] = {
                "scope": cfg.scope,
                "model": cfg.model,
                "timeout": timeout,
                "verify_ssl_certs": cfg.verify_ssl,
                "max_retries": 0,
                "profanity_check": False,
            }
            if cfg.credentials:
                kwargs["credentials"] = cfg.credentials
            elif cfg.access_token:
                kwargs["access_token"] = cfg.access_token
            if cfg.base_url:
                kwargs["base_url"] = cfg.base_url
            if cfg.auth_url:
                kwargs["auth_url"] = cfg.auth_url
            if cfg.ca_bundle_file:
                kwargs["ca_bundle_file"] = cfg.ca_bundle_file
            client = _clients[key] = GigaChat(**kwargs)  # type: ignore[arg-type]
        return client


AUTH_HINT = "GIGACHAT_CREDENTIALS / scope"


def translate(exc: BaseException) -> AIError | None:
    """Map a GigaChat SDK / httpx exception to an AIError (None: not ours, re-raise). The
    SDK's error answers carry a status code and go through the common map."""
    if isinstance(exc, gx.ResponseError):
        retry_after = getattr(exc, "retry_after", None) or None  # the SDK's RateLimitError reads the header
        return status_error(
            exc.status_code, f"{exc.content!r}", provider=NAME, auth_hint=AUTH_HINT, retry_after=retry_after
        )
    if isinstance(exc, gx.ModelNotSpecifiedError):
        return AIBadRequestError(str(exc), provider=NAME)
    common = translate_http(exc, provider=NAME, auth_hint=AUTH_HINT)
    if common is not None:
        return common
    if isinstance(exc, json.JSONDecodeError | pydantic.ValidationError):
        # A 200 with a body that is not the API's JSON: a proxy page or a glitch; retryable.
        return AIBadOutputError(f"malformed API response: {exc}"[:500], provider=NAME, permanent=False)
    return None


class GigaChatProvider(CloudProvider):
    name = NAME
    settings: GigaChatConfig
    missing = "GigaChat is not configured (GIGACHAT_CREDENTIALS)"

    def _load_settings(self) -> GigaChatConfig:
        return gigachat_config()

    def _payload(self, request: ChatRequest) -> Chat:
        return Chat(
            model=self.settings.model,
            messages=[Messages(role=MessagesRole(m.role), content=m.content) for m in request.messages],
            # GigaChat rejects temperature 0; a tiny value is its documented "greedy".
            temperature=max(request.temperature, 0.01),
            max_tokens=request.max_tokens,
        )

    def _chat(self, request: ChatRequest) -> RawReply:
        self._guard()
        try:
            completion = _client(self.settings, request.timeout).chat(self._payload(request))
        except Exception as exc:
            raise translate(exc) or exc from exc
        if not completion.choices:
            raise AIBadOutputError("no choices in the answer", provider=NAME, permanent=False)
        choice = completion.choices[0]
        usage = completion.usage
        return RawReply(
            text=choice.message.content or "",
            model=completion.model,
            usage=Usage(usage.prompt_tokens, usage.completion_tokens, usage.total_tokens),
            finish_reason=choice.finish_reason or "",
        )

    def _stream(self, request: ChatRequest, meta: StreamMeta) -> Generator[str, None, None]:
        self._guard()
        chunks = _client(self.settings, request.timeout).stream(self._payload(request))
        try:
            for chunk in chunks:
                meta.model = chunk.model or meta.model
                if (used := chunk.usage) is not None:
                    meta.usage = Usage(used.prompt_tokens, used.completion_tokens, used.total_tokens)
                for choice in chunk.choices[:1]:
                    if choice.delta.content:
                        yield choice.delta.content
        except GeneratorExit:
            raise
        except Exception as exc:
            raise translate(exc) or exc from exc
        finally:
            chunks.close()  # type: ignore[attr-defined]

    def _embed(self, texts: list[str], *, kind: EmbedKind, timeout: float) -> EmbedReply:
        # GigaChat has one embeddings model for documents and queries alike.
        self._guard()
        try:
            reply = _client(self.settings, timeout).embeddings(texts, model=self.settings.embedding_model)
        except Exception as exc:
            raise translate(exc) or exc from exc
        ordered = sorted(reply.data, key=lambda item: item.index)
        tokens = sum(item.usage.prompt_tokens for item in ordered)
        return EmbedReply(
            vectors=[item.embedding for item in ordered],
            model=reply.model or self.settings.embedding_model,
            usage=Usage(prompt_tokens=tokens, total_tokens=tokens),
        )

    def _health(self, timeout: float) -> str:
        try:
            models = _client(self.settings, timeout).get_models()
        except Exception as exc:
            raise translate(exc) or exc from exc
        names = [m.id_ for m in models.data]
        if self.settings.model not in names:
            return gettext("отвечает, но модели %(model)s нет в списке: %(names)s") % {
                "model": self.settings.model,
                "names": ", ".join(names[:5]),
            }
        return gettext("отвечает; моделей: %(count)s") % {"count": len(names)}
