"""A connection blip loses no speech and doubles none.

The browser numbers its microphone frames and keeps every frame the server has not
acknowledged. The server acknowledges a frame only when what it carried is settled:
silence between turns (a second old: it may yet be the pre-roll of a turn), or a turn
whose answer is saved. After a reconnect the browser sends the kept frames again; the
new session first learns from the saved answers which frames are already in them
(``committed``) and drops those, so a resent answer is recognised once, and an answer
cut in the middle arrives whole, as one answer.

A session whose socket closes still finishes the turns that had ended (their audio was
complete): they are recognised and saved with no one to send to. Only the turn in
progress is dropped, because its frames are still in the browser. A new session of the
same interview waits for that (``wait_drained``) before it reads what is committed."""

from __future__ import annotations

import asyncio
import logging
from bisect import bisect_right
from collections.abc import Awaitable

from interviews.speech.base import SAMPLE_RATE

log = logging.getLogger(__name__)

FRAME_HEADER = 4  # little-endian uint32 frame number before the PCM of each frame
IDLE_ACK_DELAY_S = 1.0  # silence this old is no longer a possible pre-roll
PRE_ROLL_S = 0.3  # kept before a turn's detected start (the detector's pre-roll, and some)
_KEEP_MARKS = 40_000  # ≈13 minutes of 20 ms frames; a turn is at most 2 minutes


def split_frame(message: bytes) -> tuple[int, bytes]:
    """(frame number, PCM) of a numbered binary frame."""
    return int.from_bytes(message[:FRAME_HEADER], "little"), message[FRAME_HEADER:]


class AudioLedger:
    """Frame numbers against the session's stream time, and what may be acknowledged."""

    def __init__(self, committed: int = -1, stream: str = "") -> None:
        self.stream = stream  # the page's microphone stream the numbers belong to
        self.committed = committed  # frames up to this one are in saved answers
        self.last = committed  # the newest frame taken
        self.acked = committed  # the newest frame acknowledged to the browser
        self._offsets: list[int] = []  # stream sample where each taken frame starts
        self._seqs: list[int] = []
        self._samples = 0

    def accept(self, seq: int, n_samples: int) -> bool:
        """Take frame ``seq`` unless it was taken (or saved) already."""
        if seq <= self.last:
            return False
        self._offsets.append(self._samples)
        self._seqs.append(seq)
        self._samples += n_samples
        self.last = seq
        if len(self._seqs) > _KEEP_MARKS:
            del self._offsets[: _KEEP_MARKS // 2], self._seqs[: _KEEP_MARKS // 2]
        return True

    def seq_at(self, seconds: float) -> int:
        """The frame that holds stream time ``seconds``."""
        if not self._seqs:
            return self.last
        i = bisect_right(self._offsets, int(max(0.0, seconds) * SAMPLE_RATE)) - 1
        return self._seqs[max(0, i)]

    def turn_frames(self, start_s: float, end_s: float) -> tuple[int, int]:
        return self.seq_at(start_s - PRE_ROLL_S), self.seq_at(end_s)

    def settle(self, seq: int) -> int | None:
        """Frames up to ``seq`` are settled: the number to acknowledge, if it is new."""
        if seq <= self.acked:
            return None
        self.acked = seq
        return seq


_draining: dict[object, asyncio.Task[None]] = {}


def drain_in_background(key: object, closing: Awaitable[None]) -> asyncio.Task[None]:
    """Run a closing session's last work; a new session of ``key`` waits for it."""
    task = asyncio.ensure_future(closing)
    _draining[key] = task
    task.add_done_callback(lambda done: _draining.pop(key, None) if _draining.get(key) is done else None)
    return task


async def wait_drained(key: object, timeout: float = 30.0) -> None:
    task = _draining.get(key)
    if task is None:
        return
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout)
    except TimeoutError:
        log.warning("the previous voice session is still finishing its turns after %.0f s", timeout)
