"""A local Yandex AI Studio OpenAI-compatible API: ``/v1/chat/completions`` (JSON and
SSE), ``/v1/embeddings`` (one text per call), ``/v1/models``; ``Authorization: Api-Key``
or ``Bearer`` IAM token; model URIs ``gpt://<folder>/<model>/latest`` and
``emb://<folder>/text-search-doc/latest``."""

from __future__ import annotations

import time
import uuid

from tests.fakes.server import FakeServer, Recorded, Response, fake_embedding, words

API_KEY = "AQVN-fake-api-key"
FOLDER = "b1gfakefolder"
EMBEDDING_DIMS = 256
CHAT_MODELS = ("yandexgpt", "yandexgpt-lite")
EMBEDDING_MODELS = ("text-search-doc", "text-search-query")


def _model_name(uri: str, prefix: str) -> str | None:
    """``gpt://folder/yandexgpt/latest`` → ``yandexgpt`` when the folder is ours."""
    head = f"{prefix}://{FOLDER}/"
    if not uri.startswith(head):
        return None
    name, _, version = uri.removeprefix(head).partition("/")
    return name if version in ("latest", "rc", "deprecated") else None


class FakeYandex(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.iam_tokens: set[str] = set()

    @property
    def llm_url(self) -> str:
        return f"{self.url}/v1"

    def _authorised(self, request: Recorded) -> bool:
        header = request.headers.get("authorization", "")
        if header == f"Api-Key {API_KEY}":
            return True
        return header.startswith("Bearer ") and header.removeprefix("Bearer ") in self.iam_tokens

    def route(self, request: Recorded) -> Response:
        if not self._authorised(request):
            return Response(401, {"error": {"code": 401, "message": "Unknown api key", "type": "unauthorized"}})
        if request.path == "/v1/chat/completions":
            return self._chat(request)
        if request.path == "/v1/embeddings":
            return self._embeddings(request)
        if request.path == "/v1/models":
            data = [{"id": f"gpt://{FOLDER}/{m}/latest", "object": "model", "owned_by": "system"} for m in CHAT_MODELS]
            data += [
                {"id": f"emb://{FOLDER}/{m}/latest", "object": "model", "owned_by": "system"} for m in EMBEDDING_MODELS
            ]
            return Response(body={"object": "list", "data": data})
        return Response(404, {"error": {"message": "not found"}})

    def _chat(self, request: Recorded) -> Response:
        payload = request.json()
        uri = payload.get("model", "")
        if _model_name(uri, "gpt") not in CHAT_MODELS:
            return Response(400, {"error": {"message": f"invalid model uri {uri}"}})
        messages = payload.get("messages") or []
        last_user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
        text = self.next_reply(f"Ответ YandexGPT: {last_user[:80]}")
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(text.split()),
            "total_tokens": prompt_tokens + len(text.split()),
        }
        common = {"id": f"chatcmpl-{uuid.uuid4().hex}", "created": int(time.time()), "model": uri}
        if payload.get("stream"):
            chunks: list[object] = [
                {
                    **common,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": {"role": "assistant", "content": piece}}],
                }
                for piece in words(text)
            ]
            chunks.append(
                {
                    **common,
                    "object": "chat.completion.chunk",
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                    "usage": usage,
                }
            )
            chunks.append("[DONE]")
            return Response(sse=chunks, sse_delay=self.stream_delay)
        return Response(
            body={
                **common,
                "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                "usage": usage,
            }
        )

    def _embeddings(self, request: Recorded) -> Response:
        payload = request.json()
        uri = payload.get("model", "")
        if _model_name(uri, "emb") not in EMBEDDING_MODELS:
            return Response(400, {"error": {"message": f"invalid model uri {uri}"}})
        texts = payload.get("input") or []
        if len(texts) != 1:
            return Response(400, {"error": {"message": "exactly one input is supported"}})
        vector = fake_embedding(uri + texts[0], EMBEDDING_DIMS)
        return Response(
            body={
                "object": "list",
                "model": uri,
                "data": [{"object": "embedding", "index": 0, "embedding": vector}],
                "usage": {"prompt_tokens": len(texts[0].split()), "total_tokens": len(texts[0].split())},
            }
        )
