"""A small threaded HTTP server on 127.0.0.1 for speaking a vendor's real protocol in
tests, with scripted failures (401, 429, 500, slow, invalid JSON, connection reset).

Subclasses implement ``route(request) -> Response``; the base handles the failure
script, request recording and SSE framing.
"""

from __future__ import annotations

import hashlib
import json
import socket
import struct
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np

FAILURE_MODES = ("401", "403", "429", "500", "503", "slow", "reset", "garbage")


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    query: dict[str, list[str]] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode("utf-8"))


@dataclass
class Response:
    status: int = 200
    body: Any = None  # dict/list → JSON
    headers: dict[str, str] = field(default_factory=dict)
    sse: list[Any] | None = None  # SSE data items (dicts or "[DONE]")
    sse_delay: float = 0.0


def fake_embedding(text: str, dims: int) -> list[float]:
    """Deterministic pseudo-embedding: same text, same vector."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
    vector = np.random.default_rng(seed).standard_normal(dims)
    return (vector / np.linalg.norm(vector)).round(6).tolist()


class FakeServer:
    """Start with ``with FakeX() as fake:``; ``fake.url`` is ``http://127.0.0.1:PORT``."""

    slow_seconds = 1.0

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.replies: deque[str] = deque()  # queued assistant texts; default is an echo
        self.stream_delay = 0.0
        self.closed_streams = 0
        self._failures: deque[tuple[str | None, str]] = deque()
        self._lock = threading.Lock()
        self._generation = 0  # bumped by reset(): a request of an earlier test is stale
        self._server: ThreadingHTTPServer | None = None

    # --- scripting --------------------------------------------------------------------
    def fail_next(self, *modes: str, path: str | None = None) -> None:
        """The next requests (whose path contains ``path``, if given) fail with ``modes``."""
        for mode in modes:
            assert mode in FAILURE_MODES, mode
            self._failures.append((path, mode))

    def reply(self, *texts: str) -> None:
        self.replies.extend(texts)

    def reset(self) -> None:
        with self._lock:
            self._generation += 1
            self.requests.clear()
            self.replies.clear()
            self._failures.clear()
            self.stream_delay = 0.0
            self.closed_streams = 0

    def calls(self, fragment: str) -> list[Recorded]:
        return [r for r in self.requests if fragment in r.path]

    def _take_failure(self, path: str) -> str | None:
        with self._lock:
            for index, (fragment, mode) in enumerate(self._failures):
                if fragment is None and self.is_auth_path(path):
                    continue
                if fragment is None or fragment in path:
                    del self._failures[index]
                    return mode
        return None

    def next_reply(self, default: str) -> str:
        with self._lock:
            return self.replies.popleft() if self.replies else default

    # --- protocol hooks ---------------------------------------------------------------
    def is_auth_path(self, path: str) -> bool:
        return False

    def route(self, request: Recorded) -> Response:
        raise NotImplementedError

    # --- lifecycle --------------------------------------------------------------------
    def __enter__(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return  # keep test output clean; requests are recorded instead

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                path = parts.path
                headers = {k.lower(): v for k, v in self.headers.items()}
                recorded = Recorded(self.command, path, headers, body, parse_qs(parts.query))
                with fake._lock:
                    fake.requests.append(recorded)
                mode = fake._take_failure(path)
                if mode == "reset":
                    # RST instead of FIN: the client sees "connection reset by peer".
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return
                if mode == "slow":
                    generation = fake._generation
                    time.sleep(fake.slow_seconds)
                    if generation != fake._generation:
                        # The client gave up long ago and the next test has started:
                        # answering now would eat a reply that test scripted.
                        self._send(Response(503, {"status": 503, "message": "stale slow request"}))
                        return
                if mode in ("401", "403", "429", "500", "503"):
                    headers = {"Retry-After": "0"} if mode == "429" else {}
                    self._send(Response(int(mode), {"status": int(mode), "message": f"fake {mode}"}, headers))
                    return
                if mode == "garbage":
                    self._raw(200, b"<html>upstream glitch</html>", "application/json")
                    return
                self._send(fake.route(recorded))

            do_GET = _handle
            do_POST = _handle

            def _raw(self, status: int, payload: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(payload)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            def _send(self, response: Response) -> None:
                if response.sse is None:
                    payload = json.dumps(response.body, ensure_ascii=False).encode("utf-8")
                    self._raw(response.status, payload, "application/json", response.headers)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream; charset=utf-8")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    for item in response.sse:
                        data = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
                        self.wfile.write(f"data: {data}\n\n".encode())
                        self.wfile.flush()
                        if response.sse_delay:
                            time.sleep(response.sse_delay)
                except (BrokenPipeError, ConnectionResetError):
                    with fake._lock:
                        fake.closed_streams += 1

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                # A client that timed out or cancelled has gone away while the fake was
                # still writing: expected in these tests, so count it instead of printing.
                # Anything else is a bug in the fake and is printed as usual.
                if isinstance(sys.exc_info()[1], ConnectionError):
                    with fake._lock:
                        fake.closed_streams += 1
                else:
                    super().handle_error(request, client_address)

        server = Server(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        threading.Thread(target=server.serve_forever, name=type(self).__name__, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"


def words(text: str) -> list[str]:
    """Split text into stream deltas that join back to exactly ``text``."""
    parts = text.split(" ")
    return [part + (" " if i < len(parts) - 1 else "") for i, part in enumerate(parts)]
