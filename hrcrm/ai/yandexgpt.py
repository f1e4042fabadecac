"""YandexGPT through the official ``yandex-ai-studio-sdk`` (the only module importing it).

The adapter uses the SDK's ``chat`` domain, i.e. Yandex's OpenAI-compatible HTTP API
(``POST {llm}/v1/chat/completions``, SSE streaming, ``/v1/embeddings``) with model URIs
``gpt://<folder>/yandexgpt/latest`` and ``emb://<folder>/text-search-doc/latest``.
HTTP rather than the SDK's gRPC ``models`` domain because it needs no service
discovery, streams with plain SSE, and can be pointed at any base URL
(``YANDEX_LLM_URL`` → the SDK's ``service_map={"http_completions": ...}``), which is how
the tests reach a local fake server. Auth: ``Api-Key`` (YANDEX_API_KEY) or ``Bearer``
IAM token (YANDEX_IAM_TOKEN), with YANDEX_FOLDER_ID.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Generator
from typing import Any

from django.utils.translation import gettext
from yandex_ai_studio_sdk import AIStudio
from yandex_ai_studio_sdk.auth import APIKeyAuth, IAMTokenAuth
from yandex_ai_studio_sdk.exceptions import HttpSseError

from hrcrm.ai.base import CloudProvider, EmbedKind, EmbedReply, StreamMeta
from hrcrm.ai.config import YandexConfig, yandex_config
from hrcrm.ai.errors import (
    AIBadOutputError,
    AIError,
    AIUnavailableError,
)
from hrcrm.ai.http_errors import translate_http
from hrcrm.ai.types import ChatRequest, RawReply, Usage

NAME = "yandexgpt"
_sdks: dict[YandexConfig, AIStudio] = {}
_sdks_lock = threading.Lock()


def reset_clients() -> None:
    with _sdks_lock:
        _sdks.clear()


def _sdk(cfg: YandexConfig) -> AIStudio:
    with _sdks_lock:
        sdk = _sdks.get(cfg)
        if sdk is None:
            auth = APIKeyAuth(cfg.api_key) if cfg.api_key else IAMTokenAuth(cfg.iam_token)
            kwargs: dict[str, Any] = {"folder_id": cfg.folder_id, "auth": auth, "verify": cfg.verify_ssl}
            if cfg.llm_url:
                # endpoint=None turns off gRPC endpoint discovery: only the mapped HTTP
                # service is used, so nothing but YANDEX_LLM_URL is ever contacted.
                kwargs["endpoint"] = None
                kwargs["service_map"] = {"http_completions": cfg.llm_url.rstrip("/") + "/"}
            sdk = _sdks[cfg] = AIStudio(**kwargs)
        return sdk


def translate(exc: BaseException) -> AIError | None:
    common = translate_http(exc, provider=NAME, auth_hint="YANDEX_API_KEY / folder")
    if common is not None:
        return common
    if isinstance(exc, HttpSseError):
        return AIUnavailableError(f"stream error: {exc}", provider=NAME)
    if isinstance(exc, json.JSONDecodeError | KeyError | AssertionError):
        return AIBadOutputError(f"malformed API response: {exc!r}"[:500], provider=NAME, permanent=False)
    return None


def _messages(request: ChatRequest) -> list[dict[str, str]]:
    return [{"role": m.role, "text": m.content} for m in request.messages]


def _usage(raw: Any) -> Usage:
    if raw is None:
        return Usage()
    return Usage(raw.input_text_tokens, getattr(raw, "completion_tokens", 0), raw.total_tokens)


class YandexGPTProvider(CloudProvider):
    name = NAME
    settings: YandexConfig
    missing = "YandexGPT is not configured (YANDEX_API_KEY/IAM token, YANDEX_FOLDER_ID)"

    def _load_settings(self) -> YandexConfig:
        return yandex_config()

    def _model(self, request: ChatRequest) -> Any:
        return (
            _sdk(self.settings)
            .chat.completions(self.settings.model)
            .configure(temperature=request.temperature, max_tokens=request.max_tokens)
        )

    def _chat(self, request: ChatRequest) -> RawReply:
        self._guard()
        try:
            result = self._model(request).run(_messages(request), timeout=request.timeout)
            text = result.text
        except Exception as exc:
            raise translate(exc) or exc from exc
        return RawReply(
            text=text or "", model=result.model, usage=_usage(result.usage), finish_reason=result.finish_reason.value
        )

    def _stream(self, request: ChatRequest, meta: StreamMeta) -> Generator[str, None, None]:
        self._guard()
        results = self._model(request).run_stream(_messages(request), timeout=request.timeout)
        try:
            for result in results:
                meta.model = result.model or meta.model
                if result.usage is not None:
                    meta.usage = _usage(result.usage)
                delta = getattr(result.choices[0], "delta", "") if result.choices else ""
                if delta:
                    yield delta
        except GeneratorExit:
            raise
        except Exception as exc:
            raise translate(exc) or exc from exc
        finally:
            results.close()

    def _embed(self, texts: list[str], *, kind: EmbedKind, timeout: float) -> EmbedReply:
        # Yandex has separate document and query models (same space, asymmetric search)
        # and its HTTP embeddings endpoint takes one text per request.
        self._guard()
        name = self.settings.query_embedding_model if kind == "query" else self.settings.doc_embedding_model
        model = _sdk(self.settings).chat.text_embeddings(name)
        vectors: list[list[float]] = []
        usage = Usage()
        uri = name
        try:
            for text in texts:
                result = model.run(text, timeout=timeout)
                vectors.append(list(result.embedding))
                uri = result.model
                if result.usage is not None:
                    usage = usage + Usage(result.usage.input_text_tokens, 0, result.usage.total_tokens)
        except Exception as exc:
            raise translate(exc) or exc from exc
        return EmbedReply(vectors=vectors, model=uri, usage=usage)

    def _health(self, timeout: float) -> str:
        try:
            models = _sdk(self.settings).chat.completions.list(timeout=timeout)
        except Exception as exc:
            raise translate(exc) or exc from exc
        return gettext("отвечает; моделей: %(count)s") % {"count": len(models)}
