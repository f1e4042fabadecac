"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps every message it receives, so
tests send through Django's SMTP backend and read what a mail server would get."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[Envelope, EmailMessage]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # the name aiosmtpd calls
        raw = envelope.original_content or b""
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        with self._lock:
            self.messages.append((envelope, parsed))
        return "250 OK"


class FakeSMTP:
    """``with FakeSMTP() as smtp:``; ``smtp.port``; ``smtp.messages`` (parsed, with the envelope)."""

    def __init__(self) -> None:
        self.inbox = _Inbox()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return [m for _, m in self.inbox.messages]

    @property
    def envelopes(self) -> list[Envelope]:
        return [e for e, _ in self.inbox.messages]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.inbox.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages

    def __enter__(self) -> FakeSMTP:
        self._controller.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._controller.stop()
