"""One spoken answer's recognition, put together from the pieces it was recognised in:
the text (with a mark where speech could not be read), where those stretches are, and
how sure the recogniser was. Saved with the answer (``Turn.meta["recognition"]``) so the
recruiter, the evaluation and the transcript page can tell a heard answer from a
guessed one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override

from interviews.speech.base import Transcript

# Below this the words are more guess than hearing: the evaluation gives such an
# answer less weight and the staff page says so (bench/stt_accuracy.py: answers
# recognised this unsurely had a word error rate around one half).
LOW_CONFIDENCE = 0.5


def recognition_of(turn: Any) -> dict[str, Any]:
    """The recognition record saved with a spoken answer ({} for a typed one): engine,
    confidence (0–1 or None), unclear stretches, low — read by the staff pages and the
    evaluation."""
    meta = getattr(turn, "meta", None) or {}
    value = meta.get("recognition")
    return value if isinstance(value, dict) else {}


def unclear_mark(language: str) -> str:
    with override(language):
        return _("[неразборчиво]")


@dataclass(frozen=True)
class Recognition:
    text: str
    unclear: tuple[tuple[float, float], ...] = ()  # seconds from the start of the answer
    confidence: float | None = None
    engine: str = ""
    understood: bool = True  # some words were read (False: only unclear stretches, or nothing)

    @property
    def low(self) -> bool:
        return bool(self.unclear) or (self.confidence is not None and self.confidence < LOW_CONFIDENCE)

    def meta(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "confidence": self.confidence,
            "unclear": [list(span) for span in self.unclear],
            "low": self.low,
        }


def combine(parts: list[tuple[float, Transcript]], *, language: str, engine: str = "") -> Recognition:
    """The answer from its pieces in order: (offset of the piece in the answer, in
    seconds; its transcript). Unclear stretches become one mark each in the text (two
    next to each other, one mark); confidence is the mean of the pieces' weighted by
    their length, an unclear stretch counting as zero."""
    mark = unclear_mark(language)
    words: list[str] = []
    spans: list[tuple[float, float]] = []
    weighted = 0.0
    total = 0.0
    known = False
    for offset, result in parts:
        for start, end in result.unclear:
            spans.append((round(offset + start, 2), round(offset + end, 2)))
            total += end - start
            # An engine that marked the stretch in its text (in its place) needs no
            # other mark; otherwise it goes before the piece's words.
            if mark not in result.text and (not words or words[-1] != mark):
                words.append(mark)
        if result.text:
            words.append(result.text)
        if result.confidence is not None and result.text:
            # A piece's length is not known here beyond its unclear part; its words
            # count in proportion to their number (≈ their duration).
            weight = max(1.0, len(result.text.split()) * 0.4)
            weighted += weight * result.confidence
            total += weight
            known = True
    confidence = round(weighted / total, 3) if known and total else (0.0 if spans else None)
    return Recognition(
        text=" ".join(words).strip(),
        unclear=tuple(spans),
        confidence=confidence,
        engine=engine,
        understood=any(result.text.replace(mark, "").strip() for _, result in parts),
    )
