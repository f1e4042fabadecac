"""A local GigaChat: OAuth at ``/api/v2/oauth`` and the REST API under ``/api/v1``
(``/chat/completions`` with SSE streaming, ``/embeddings``, ``/models``), in the shapes
of developers.sber.ru/docs/ru/gigachat/api/reference/rest."""

from __future__ import annotations

import base64
import time
import uuid

from tests.fakes.server import FakeServer, Recorded, Response, fake_embedding, words

CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret"
CREDENTIALS = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
SCOPE = "GIGACHAT_API_PERS"
EMBEDDING_DIMS = 1024
MODELS = ("GigaChat", "GigaChat-Pro", "GigaChat-Max", "Embeddings")


class FakeGigaChat(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.tokens: set[str] = set()
        self.token_ttl_ms = 30 * 60 * 1000

    @property
    def base_url(self) -> str:
        return f"{self.url}/api/v1"

    @property
    def auth_url(self) -> str:
        return f"{self.url}/api/v2/oauth"

    def is_auth_path(self, path: str) -> bool:
        return path.endswith("/oauth")

    def route(self, request: Recorded) -> Response:
        if request.path == "/api/v2/oauth":
            return self._oauth(request)
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return Response(401, {"status": 401, "message": "Token has expired"})
        if request.path == "/api/v1/chat/completions":
            return self._chat(request)
        if request.path == "/api/v1/embeddings":
            return self._embeddings(request)
        if request.path == "/api/v1/models":
            return Response(
                body={
                    "object": "list",
                    "data": [{"id": m, "object": "model", "owned_by": "salutedevices"} for m in MODELS],
                }
            )
        return Response(404, {"status": 404, "message": "not found"})

    def _oauth(self, request: Recorded) -> Response:
        if request.method != "POST":
            return Response(405, {"message": "method not allowed"})
        try:
            uuid.UUID(request.headers.get("rquid", ""))
        except ValueError:
            return Response(400, {"code": 6, "message": "RqUID must be a UUID4"})
        if request.headers.get("authorization") != f"Basic {CREDENTIALS}":
            return Response(401, {"code": 4, "message": "Can't decode 'Authorization' header"})
        if request.form().get("scope") != [SCOPE]:
            return Response(400, {"code": 7, "message": "scope is invalid"})
        token = "fake-token-" + uuid.uuid4().hex
        self.tokens.add(token)
        return Response(body={"access_token": token, "expires_at": int(time.time() * 1000) + self.token_ttl_ms})

    def _chat(self, request: Recorded) -> Response:
        payload = request.json()
        model = payload.get("model")
        if model not in MODELS:
            return Response(404, {"status": 404, "message": f"No such model: {model}"})
        messages = payload.get("messages") or []
        last_user = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
        text = self.next_reply(f"Ответ GigaChat: {last_user[:80]}")
        prompt_tokens = sum(len(m.get("content", "").split()) for m in messages)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(text.split()),
            "total_tokens": prompt_tokens + len(text.split()),
        }
        created = int(time.time())
        if payload.get("stream"):
            chunks: list[object] = [
                {
                    "choices": [{"delta": {"content": piece, "role": "assistant"}, "index": 0}],
                    "created": created,
                    "model": f"{model}:1.0.26.20",
                    "object": "chat.completion",
                }
                for piece in words(text)
            ]
            chunks.append(
                {
                    "choices": [{"delta": {"content": ""}, "index": 0, "finish_reason": "stop"}],
                    "created": created,
                    "model": f"{model}:1.0.26.20",
                    "object": "chat.completion",
                    "usage": usage,
                }
            )
            chunks.append("[DONE]")
            return Response(sse=chunks, sse_delay=self.stream_delay)
        return Response(
            body={
                "choices": [{"message": {"role": "assistant", "content": text}, "index": 0, "finish_reason": "stop"}],
                "created": created,
                "model": f"{model}:1.0.26.20",
                "object": "chat.completion",
                "usage": usage,
            }
        )

    def _embeddings(self, request: Recorded) -> Response:
        payload = request.json()
        texts = payload.get("input") or []
        return Response(
            body={
                "object": "list",
                "model": payload.get("model", "Embeddings"),
                "data": [
                    {
                        "object": "embedding",
                        "embedding": fake_embedding(text, EMBEDDING_DIMS),
                        "index": i,
                        "usage": {"prompt_tokens": len(text.split())},
                    }
                    for i, text in enumerate(texts)
                ],
            }
        )
