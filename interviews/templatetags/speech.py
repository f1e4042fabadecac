"""How a transcript's spoken answers were recognised, for the staff pages: which were
recognised unsurely or only in part, and whether an offline engine did it (its Russian
word error rate is far above the cloud's: see bench/stt_accuracy.py and the README)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import template

from interviews.models import Speaker
from interviews.speech.recognition import recognition_of

register = template.Library()

OFFLINE_ENGINES = {"whisper", "vosk"}


@dataclass(frozen=True)
class RecognitionSummary:
    spoken: int  # candidate answers that were spoken
    low: int  # of them, recognised unsurely or with unclear stretches
    offline: bool  # an offline engine recognised them


@register.filter
def recognition_summary(turns: Iterable[Any]) -> RecognitionSummary:
    records = [recognition_of(t) for t in turns if getattr(t, "speaker", "") == Speaker.CANDIDATE]
    records = [r for r in records if r]
    return RecognitionSummary(
        spoken=len(records),
        low=sum(1 for r in records if r.get("low")),
        offline=any(r.get("engine") in OFFLINE_ENGINES for r in records),
    )


@register.filter
def recognition(turn: Any) -> dict[str, Any]:
    return recognition_of(turn)


@register.filter
def recorded(interview: Any) -> bool:
    """Some page load of the interview uploaded recording chunks (prefetched rows)."""
    return any(r.chunks for r in interview.recordings.all())


@register.filter
def recording_chapters(interview: Any) -> list[dict[str, Any]]:
    """The joined recording's chapters ({start, title, turn}), [] before it is made."""
    joined = getattr(interview, "joined_recording", None)  # a missing row reads as None
    return list(joined.chapters) if joined is not None else []


@register.filter
def turn_times(interview: Any) -> dict[int, float]:
    """Turn index → second in the joined recording, for the transcript's time links."""
    return {c["turn"]: c["start"] for c in recording_chapters(interview)}


@register.filter
def seek_time(times: dict[int, float], index: int) -> float | None:
    return times.get(index)


@register.filter
def clock(seconds: float | None) -> str:
    """12.5 → "0:12"; 3725 → "1:02:05"."""
    total = int(seconds or 0)
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
