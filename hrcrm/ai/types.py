"""Typed requests and results of the AI layer (no vendor types leak past the adapters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel

Role = Literal["system", "user", "assistant"]
Purpose = Literal["parsing", "interview", "scoring", "embeddings"]
PURPOSES: tuple[str, ...] = ("parsing", "interview", "scoring", "embeddings")

SchemaT = TypeVar("SchemaT", bound=BaseModel)


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.total_tokens + other.total_tokens,
        )


@dataclass(frozen=True)
class ChatRequest:
    """What an adapter receives: the system prompt is already the first message."""

    messages: tuple[ChatMessage, ...]
    temperature: float
    max_tokens: int
    timeout: float


@dataclass(frozen=True)
class RawReply:
    """An adapter's answer before the layer wraps it with timing and audit."""

    text: str
    model: str
    usage: Usage = field(default_factory=Usage)
    finish_reason: str = ""


@dataclass(frozen=True)
class ChatResult:
    text: str
    model: str
    provider: str
    usage: Usage
    latency_ms: int
    prompt_name: str = ""
    prompt_version: str = ""
    audit_id: int | None = None
    attempts: int = 1


@dataclass(frozen=True)
class StructuredResult(Generic[SchemaT]):
    value: SchemaT
    text: str
    model: str
    provider: str
    usage: Usage
    latency_ms: int
    repaired: bool = False
    prompt_name: str = ""
    prompt_version: str = ""
    audit_id: int | None = None


@dataclass(frozen=True)
class HealthStatus:
    provider: str
    ok: bool
    detail: str
    latency_ms: int
    model: str = ""
    configured: bool = True


@dataclass(frozen=True)
class CallContext:
    """Audit metadata of one call."""

    purpose: str
    prompt_name: str = ""
    prompt_version: str = ""
    refs: dict[str, Any] = field(default_factory=dict)
    operation: str = "chat"
