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
