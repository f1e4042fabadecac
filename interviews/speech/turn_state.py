"""The state of one turn in a voice session: its rolling pieces (recognised while the
candidate speaks), its recognition stream (streaming engines), and the ended turn
waiting for the responder. Plain data; ``session.py`` drives it."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from interviews.speech.base import SpeechStream, Transcript
from interviews.speech.turns import TurnEnded


@dataclass
class Piece:
    audio: bytes
    start: int  # byte offset of the piece in its turn
    job: Future[Transcript]  # in the pool; cancellable until a worker takes it
    task: asyncio.Task[Transcript]  # awaits the job, then updates the partial transcript


@dataclass
class Rolling:
    """The rolling transcript of one turn: its pieces in order (each recognised in the
    pool as soon as it is cut) and the byte offset of the turn where the uncut rest begins."""

    pieces: list[Piece] = field(default_factory=list)
    cut: int = 0

    def texts(self, job: Future[Transcript], result: Transcript) -> list[str]:
        """Texts of the pieces recognised so far, in order, up to the first unfinished
        one; ``job`` has just given ``result`` (its task is not done yet)."""
        out = []
        for piece in self.pieces:
            if piece.job is job:
                text = result.text
            elif piece.task.done() and not piece.task.cancelled() and piece.task.exception() is None:
                text = piece.task.result().text
            else:
                break
            if text:
                out.append(text)
        return out

    def take_unstarted(self) -> tuple[bytes, int]:
        """Withdraw the pieces no worker has started (a suffix: one session's pieces
        start in order) and return their audio, to be recognised in one urgent job,
        and where it begins in the turn."""
        audio: list[bytes] = []
        start = self.cut
        while self.pieces and self.pieces[-1].job.cancel():
            piece = self.pieces.pop()
            audio.insert(0, piece.audio)
            start = piece.start
        return b"".join(audio), start

    def cancel(self) -> None:
        for piece in self.pieces:
            piece.job.cancel()
            piece.task.cancel()


@dataclass
class Live:
    """One turn's recognition stream. Its calls run in order in ``calls`` (one thread);
    results come from the engine's threads, under ``lock``."""

    calls: ThreadPoolExecutor
    stream: SpeechStream | None = None  # opened by the first call
    fed: int = 0  # bytes of the turn given to the stream
    finals: list[str] = field(default_factory=list)
    partial: str = ""  # the utterance in progress
    error: Exception | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def heard(self) -> str:
        with self.lock:
            return " ".join(t for t in [*self.finals, self.partial] if t).strip()


@dataclass
class Turn:
    event: TurnEnded
    rolling: Rolling
    decided: float  # time.perf_counter() when the listener saw the turn end
    last: Future[Transcript] | None  # the urgent job for what the pieces do not cover
    last_s: float
    last_start: int = 0  # byte offset of the urgent job's audio in the turn
    live: Live | None = None  # streaming engines: the turn's stream, being closed
    closing: Future[None] | None = None
    frames: tuple[int, int] | None = None  # the browser's first and last frame of the turn
