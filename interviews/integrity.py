"""Integrity signals: what the interview room measured that a person may want to review.

The browser (static/js/interview-integrity.js) reports raw measurements over the
interview socket; this module decides which of them are worth a reviewer's look, stores
them with their time, and explains each in plain words. Nothing here touches a score or
a stage: a signal is a reason to watch the recording, not a conclusion.

What is measured, and why these thresholds:
- away: the room's tab was hidden (another tab, a minimised window) or the window lost
  focus (another window on top) for at least ``AWAY_MIN_SECONDS``; shorter blinks are a
  notification or a mis-click.
- paste: text of at least ``PASTE_MIN_CHARS`` characters pasted into the answer box,
  with how long after the question it came; a pasted e-mail or a word is not a signal.
- fast typing: keystrokes (input events adding one or two characters) over an answer,
  averaged from the first to the last one, faster than ``FAST_TYPING_CHARS_PER_SECOND``.
  Fast typists reach 10–13 characters a second in bursts; 20 over at least
  ``FAST_TYPING_MIN_CHARS`` characters is what a script typing into the box produces.
  Phone keyboards inserting whole words and dictation insert more than two characters at
  once and are not counted as keystrokes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from interviews.models import IntegrityKind, IntegritySignal, Interview, InterviewStatus

AWAY_MIN_SECONDS = 2.0
PASTE_MIN_CHARS = 30
FAST_TYPING_CHARS_PER_SECOND = 20.0
FAST_TYPING_MIN_CHARS = 60
# A page that reports in a loop must not fill the table: beyond this the room's
# reports are dropped (the reviewer already has more than enough to look at).
MAX_SIGNALS_PER_INTERVIEW = 200

# What the browser reports (the socket's "integrity" event, ``kind``).
REPORT_AWAY = "away"  # ms away, hidden: whether the tab was hidden (not only unfocused)
REPORT_PASTE = "paste"  # chars pasted, ms since the last question
REPORT_TYPING = "typing"  # chars typed as keystrokes, ms from the first to the last
REPORTS = (REPORT_AWAY, REPORT_PASTE, REPORT_TYPING)


def enabled() -> bool:
    """The company's setting (INTEGRITY_SIGNALS): off, the room measures nothing."""
    return bool(settings.INTEGRITY_SIGNALS)


@dataclass(frozen=True)
class Report:
    kind: str
    ms: int = 0
    chars: int = 0
    hidden: bool = False


def _signal_from(report: Report) -> tuple[str, dict[str, float | int | bool]] | None:
    """The signal a report amounts to, or None when it is ordinary behaviour."""
    seconds = round(report.ms / 1000, 1)
    if report.kind == REPORT_AWAY and seconds >= AWAY_MIN_SECONDS:
        return IntegrityKind.AWAY, {"seconds": seconds, "hidden": report.hidden}
    if report.kind == REPORT_PASTE and report.chars >= PASTE_MIN_CHARS:
        return IntegrityKind.PASTE, {"chars": report.chars, "after_question": seconds}
    if report.kind == REPORT_TYPING and report.chars >= FAST_TYPING_MIN_CHARS:
        # All keystrokes within one millisecond is no person either.
        rate = report.chars / max(report.ms / 1000, 0.001)
        if rate > FAST_TYPING_CHARS_PER_SECOND:
            return IntegrityKind.FAST_TYPING, {"chars": report.chars, "seconds": seconds}
    return None


def signal_record(interview_id: int, report: Report, *, now: datetime | None = None) -> IntegritySignal | None:
    """Store what ``report`` amounts to for a running interview; None when it is nothing,
    when the setting is off, the interview is not running, or the cap is reached."""
    if not enabled() or report.kind not in REPORTS:
        return None
    found = _signal_from(report)
    if found is None:
        return None
    interview = Interview.objects.filter(pk=interview_id, status=InterviewStatus.IN_PROGRESS).first()
    if interview is None:
        return None
    if IntegritySignal.objects.filter(interview_id=interview_id).count() >= MAX_SIGNALS_PER_INTERVIEW:
        return None
    kind, details = found
    now = now or timezone.now()
    started = interview.started_at or now
    return IntegritySignal.objects.create(
        interview=interview,
        kind=kind,
        at=now,
        at_seconds=max(0.0, (now - started).total_seconds()),
        details=details,
    )


def explain(signal: IntegritySignal) -> str:
    """One sentence a reviewer reads beside the signal (in the active language)."""
    d = signal.details
    if signal.kind == IntegrityKind.AWAY:
        if d.get("hidden"):
            return _(
                "Вкладка с интервью была скрыта %(s)s с: кандидат переключился на другую вкладку или свернул окно."
            ) % {"s": _num(d.get("seconds"))}
        return _(
            "Окно интервью было не в фокусе %(s)s с: кандидат работал в другом окне, страница оставалась видна."
        ) % {"s": _num(d.get("seconds"))}
    if signal.kind == IntegrityKind.PASTE:
        return _(
            "В поле ответа вставлено %(chars)s знаков через %(s)s с после вопроса. "
            "Бывает и честно (заготовка, свой текст), но ответ стоит сверить с записью."
        ) % {"chars": d.get("chars", 0), "s": _num(d.get("after_question"))}
    if signal.kind == IntegrityKind.FAST_TYPING:
        seconds = float(d.get("seconds") or 0)
        rate = d.get("chars", 0) / max(seconds, 0.001)
        return _(
            "Набрано %(chars)s знаков за %(s)s с (%(rate)s в секунду). Быстрые машинистки печатают до 10–13 "
            "знаков в секунду; такая скорость обычно значит, что текст вводила программа."
        ) % {"chars": d.get("chars", 0), "s": _num(seconds), "rate": _num(round(rate))}
    return ""


def _num(value: object) -> str:
    number = float(value or 0)
    return f"{number:.0f}" if number == int(number) else f"{number:.1f}"


@dataclass(frozen=True)
class SignalView:
    kind: str
    label: str
    at: datetime
    at_seconds: float
    explanation: str

    @property
    def clock(self) -> str:
        """Minute:second of the interview, as the recording's player shows it."""
        total = int(self.at_seconds)
        return f"{total // 60}:{total % 60:02d}"


def signal_views(signals: list[IntegritySignal]) -> list[SignalView]:
    """The signals as a reviewer reads them; empty when the setting is off."""
    if not enabled():
        return []
    return [
        SignalView(
            kind=s.kind,
            label=str(s.get_kind_display()),
            at=s.at,
            at_seconds=s.at_seconds,
            explanation=explain(s),
        )
        for s in signals
    ]


def signals_for(interview_id: int) -> list[SignalView]:
    return signal_views(list(IntegritySignal.objects.filter(interview_id=interview_id)))
