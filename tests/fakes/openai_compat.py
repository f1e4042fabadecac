"""A local OpenAI-compatible model server, as vLLM, Ollama (``/v1``), llama.cpp's
``llama-server`` and LM Studio expose it: ``/v1/chat/completions`` (JSON, and SSE
chunks with ``stream_options.include_usage``), ``/v1/embeddings``, ``/v1/models``.
An API key is checked only when the fake is given one (vLLM ``--api-key``).

``first_token_delay`` and ``tokens_per_second`` make it behave like a real model on a
GPU (the voice bench uses them); the default answers at once."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

from tests.fakes.server import FakeServer, Recorded, Response, fake_embedding, words

MODEL = "Qwen/Qwen2.5-7B-Instruct"
EMBEDDING_MODEL = "intfloat/multilingual-e5-large"
EMBEDDING_DIMS = 1024


class FakeOpenAICompatible(FakeServer):
    def __init__(self, *, api_key: str = "", models: tuple[str, ...] = (MODEL, EMBEDDING_MODEL)) -> None:
        super().__init__()
        self.api_key = api_key
        self.models = models
        self.first_token_delay = 0.0
        self.tokens_per_second = 0.0
        # Writes the answer from the request when no reply is queued (a scripted model).
        self.responder: Callable[[dict[str, Any]], str] | None = None

    def reset(self) -> None:
        super().reset()
        self.first_token_delay = 0.0
        self.tokens_per_second = 0.0
        self.responder = None

    @property
    def base_url(self) -> str:
        return f"{self.url}/v1"

    def route(self, request: Recorded) -> Response:
        if self.api_key and request.headers.get("authorization") != f"Bearer {self.api_key}":
            return Response(401, {"error": {"message": "Invalid API key", "type": "invalid_request_error"}})
        if request.path == "/v1/chat/completions" and request.method == "POST":
            return self._chat(request)
        if request.path == "/v1/embeddings" and request.method == "POST":
            return self._embeddings(request)
        if request.path == "/v1/models":
            return Response(
                body={"object": "list", "data": [{"id": m, "object": "model", "owned_by": "vllm"} for m in self.models]}
            )
        return Response(404, {"error": {"message": "not found", "type": "invalid_request_error"}})

    def _chat(self, request: Recorded) -> Response:
        payload = request.json()
        model = payload.get("model")
        if model not in self.models:
            return Response(404, {"error": {"message": f"The model `{model}` does not exist.", "code": 404}})
        messages = payload.get("messages") or []
        if not messages:
            return Response(400, {"error": {"message": "messages must not be empty", "code": 400}})
        last_user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
        with self._lock:
            queued = self.replies.popleft() if self.replies else None
        if queued is not None:
            text = queued
        elif self.responder is not None:
            text = self.responder(payload)
        else:
            text = f"Ответ локальной модели: {last_user[:80]}"
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(text.split()),
            "total_tokens": prompt_tokens + len(text.split()),
        }
        common = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": model}
        if self.first_token_delay:
            time.sleep(self.first_token_delay)
        if payload.get("stream"):
            chunks: list[object] = [
                {
                    **common,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}],
                }
            ]
            chunks += [
                {
                    **common,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                }
                for piece in words(text)
            ]
            chunks.append(
                {
                    **common,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                }
            )
            if (payload.get("stream_options") or {}).get("include_usage"):
                chunks.append({**common, "object": "chat.completion.chunk", "choices": [], "usage": usage})
            chunks.append("[DONE]")
            delay = self.stream_delay or (1.0 / self.tokens_per_second if self.tokens_per_second else 0.0)
            return Response(sse=chunks, sse_delay=delay)
        if self.tokens_per_second:
            time.sleep(len(text.split()) / self.tokens_per_second)
        return Response(
            body={
                **common,
                "object": "chat.completion",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": usage,
            }
        )

    def _embeddings(self, request: Recorded) -> Response:
        payload = request.json()
        model = payload.get("model")
        if model not in self.models:
            return Response(404, {"error": {"message": f"The model `{model}` does not exist.", "code": 404}})
        texts = payload.get("input")
        texts = [texts] if isinstance(texts, str) else list(texts or [])
        tokens = sum(len(t.split()) for t in texts)
        return Response(
            body={
                "object": "list",
                "model": model,
                "data": [
                    {"object": "embedding", "index": i, "embedding": fake_embedding(model + t, EMBEDDING_DIMS)}
                    for i, t in enumerate(texts)
                ],
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )
