"""A self-hosted model behind any OpenAI-compatible chat-completions server: vLLM,
Ollama (``/v1``), llama.cpp's ``llama-server``, LM Studio, text-generation-inference.

Plain HTTP with httpx (no vendor SDK: the protocol is small and every one of those
servers speaks it): ``POST {LOCAL_LLM_URL}/chat/completions`` (JSON, or SSE with
``"stream": true``), ``POST /embeddings``, ``GET /models`` for the health check.
``LOCAL_LLM_URL`` is the base up to and including ``/v1``; ``LOCAL_LLM_API_KEY`` is sent
as ``Authorization: Bearer`` only when set (vLLM ``--api-key``, a reverse proxy).
Retries, the circuit breaker, the concurrency limit and the audit come from the base.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Generator, Iterator
from typing import Any

import httpx
from django.utils.translation import gettext

from hrcrm.ai.base import CloudProvider, EmbedKind, EmbedReply, StreamMeta
from hrcrm.ai.config import LocalLLMConfig, local_llm_config
from hrcrm.ai.errors import (
    AIBadOutputError,
    AIError,
    AIUnavailableError,
)
from hrcrm.ai.http_errors import translate_http
from hrcrm.ai.types import ChatRequest, RawReply, Usage

NAME = "local"
_clients: dict[tuple[LocalLLMConfig, float], httpx.Client] = {}
_clients_lock = threading.Lock()


def reset_clients() -> None:
    with _clients_lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


def _client(cfg: LocalLLMConfig, timeout: float) -> httpx.Client:
    # One pooled client per (config, timeout): keep-alive connections to the model server
    # save a TCP handshake per interview turn.
    key = (cfg, timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            headers = {"Authorization": f"Bearer {cfg.api_key}"} if cfg.api_key else {}
            client = _clients[key] = httpx.Client(
                base_url=cfg.url + "/",
                headers=headers,
                verify=cfg.verify_ssl,
                timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            )
        return client


def translate(exc: BaseException) -> AIError | None:
    """Map an httpx / protocol exception to an AIError (None: not ours, re-raise)."""
    common = translate_http(exc, provider=NAME, auth_hint="LOCAL_LLM_API_KEY")
    if common is not None:
        return common
    if isinstance(exc, json.JSONDecodeError | KeyError | IndexError | TypeError):
        # A 200 whose body is not the API's JSON (a proxy page, a glitch): retryable.
        return AIBadOutputError(f"malformed API response: {exc!r}"[:500], provider=NAME, permanent=False)
    return None


def _usage(raw: Any) -> Usage:
    if not isinstance(raw, dict):
        return Usage()
    return Usage(
        int(raw.get("prompt_tokens") or 0), int(raw.get("completion_tokens") or 0), int(raw.get("total_tokens") or 0)
    )


def _sse_data(lines: Iterator[str]) -> Iterator[str]:
    """The ``data:`` payloads of an SSE stream (multi-line events joined), up to [DONE]."""
    buffer: list[str] = []
    for line in lines:
        if line.startswith("data:"):
            buffer.append(line[5:].lstrip())
        elif line == "" and buffer:
            data = "\n".join(buffer)
            buffer = []
            if data == "[DONE]":
                return
            yield data
        # Comments (": keep-alive") and other fields are ignored, as the spec says.
    if buffer and buffer != ["[DONE]"]:
        yield "\n".join(buffer)


class LocalLLMProvider(CloudProvider):
    name = NAME
    settings: LocalLLMConfig
    missing = "The local model is not configured (LOCAL_LLM_URL, LOCAL_LLM_MODEL)"

    def _load_settings(self) -> LocalLLMConfig:
        return local_llm_config()

    def _body(self, request: ChatRequest, *, stream: bool) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": [{"role": m.role, "content": m.content} for m in request.messages],
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
            "stream": stream,
        }
        if stream:
            # vLLM, llama.cpp and the OpenAI API send usage in a last chunk when asked.
            body["stream_options"] = {"include_usage": True}
        return body

    def _chat(self, request: ChatRequest) -> RawReply:
        self._guard()
        client = _client(self.settings, request.timeout)
        try:
            response = client.post("chat/completions", json=self._body(request, stream=False))
            response.raise_for_status()
            payload = response.json()
            choice = payload["choices"][0]
            text = choice["message"].get("content") or ""
        except Exception as exc:
            raise translate(exc) or exc from exc
        return RawReply(
            text=text,
            model=str(payload.get("model") or self.settings.model),
            usage=_usage(payload.get("usage")),
            finish_reason=str(choice.get("finish_reason") or ""),
        )

    def _stream(self, request: ChatRequest, meta: StreamMeta) -> Generator[str, None, None]:
        self._guard()
        client = _client(self.settings, request.timeout)
        try:
            with client.stream("POST", "chat/completions", json=self._body(request, stream=True)) as response:
                if response.status_code >= 400:
                    response.read()
                    response.raise_for_status()
                for data in _sse_data(response.iter_lines()):
                    chunk = json.loads(data)
                    if "error" in chunk:
                        raise AIUnavailableError(f"stream error: {str(chunk['error'])[:300]}", provider=NAME)
                    meta.model = str(chunk.get("model") or meta.model)
                    if chunk.get("usage"):
                        meta.usage = _usage(chunk["usage"])
                    for choice in chunk.get("choices") or []:
                        delta = (choice.get("delta") or {}).get("content") or ""
                        if delta:
                            yield delta
        except GeneratorExit:
            raise
        except AIError:
            raise
        except Exception as exc:
            raise translate(exc) or exc from exc

    def _embed(self, texts: list[str], *, kind: EmbedKind, timeout: float) -> EmbedReply:
        self._guard()
        model = self.settings.embedding_model or self.settings.model
        client = _client(self.settings, timeout)
        try:
            response = client.post("embeddings", json={"model": model, "input": texts})
            response.raise_for_status()
            payload = response.json()
            rows = sorted(payload["data"], key=lambda row: row.get("index", 0))
            vectors = [list(map(float, row["embedding"])) for row in rows]
        except Exception as exc:
            raise translate(exc) or exc from exc
        return EmbedReply(vectors=vectors, model=str(payload.get("model") or model), usage=_usage(payload.get("usage")))

    def _health(self, timeout: float) -> str:
        client = _client(self.settings, timeout)
        try:
            response = client.get("models")
            response.raise_for_status()
            served = [str(row.get("id")) for row in response.json().get("data") or []]
        except Exception as exc:
            raise translate(exc) or exc from exc
        if self.settings.model not in served:
            return gettext("отвечает, но модели %(model)s нет среди %(count)s загруженных") % {
                "model": self.settings.model,
                "count": len(served),
            }
        return gettext("отвечает; моделей: %(count)s") % {"count": len(served)}
