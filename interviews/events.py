"""Typed WebSocket events of the interview room (both directions). The chat page and,
later, the voice pipeline speak exactly these."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from interviews.conduct import Progress
from interviews.models import Turn


class TurnOut(BaseModel):
    index: int
    speaker: str
    text: str
    action: str = ""
    client_msg_id: str = ""
    at_seconds: float = 0

    @classmethod
    def of(cls, turn: Turn) -> TurnOut:
        return cls(
            index=turn.index,
            speaker=turn.speaker,
            text=turn.text,
            action=turn.action,
            client_msg_id=turn.client_msg_id,
            at_seconds=turn.at_seconds,
        )


class ProgressOut(BaseModel):
    type: Literal["progress"] = "progress"
    topics_done: int
    topics_total: int
    seconds_left: int
    finished: bool

    @classmethod
    def of(cls, progress: Progress) -> ProgressOut:
        return cls(**progress.__dict__)


class HistoryEvent(BaseModel):
    type: Literal["history"] = "history"
    turns: list[TurnOut]
    progress: ProgressOut


class TurnEvent(BaseModel):
    type: Literal["turn"] = "turn"
    turn: TurnOut


class EndEvent(BaseModel):
    type: Literal["end"] = "end"
    message: str


class ErrorEvent(BaseModel):
    type: Literal["error"] = "error"
    code: str
    message: str


class ClientEvent(BaseModel):
    """What the browser sends: an answer (with its own id for safe resends), a
    silence notice, a request to finish, a keep-alive ping, the voice-mode switch, or an
    integrity measurement (``interviews.integrity``: kind, ms, chars, hidden).
    In voice mode, binary messages carry microphone audio (16 kHz mono PCM16)."""

    type: Literal["answer", "silence", "finish", "ping", "voice", "integrity"]
    text: str = Field(default="", max_length=4000)
    id: str = Field(default="", max_length=64)
    on: bool = False  # "voice": switch speech input/output on or off
    # "voice": binary frames will start with a 4-byte little-endian frame number, so
    # audio kept by the browser over a reconnect is taken once (speech/resume.py).
    seq: bool = False
    stream: str = Field(default="", max_length=64)  # the page's microphone stream (frame numbers restart per page)
    # "integrity": what was measured (away / paste / typing), a duration, a size.
    kind: str = Field(default="", max_length=16)
    ms: int = Field(default=0, ge=0, le=86_400_000)
    chars: int = Field(default=0, ge=0, le=1_000_000)
    hidden: bool = False
