"""«Слепой просмотр»: a per-session switch that hides what could bias people comparing
candidates (name, photo, age/birth date, gender, marital status, citizenship).

The CRM keeps none of those as fields except the name, and the resume text is not shown
on comparison pages; so comparison pages show «Кандидат №N» instead of the name while
the switch is on. The flag lives in the session (per person, survives page loads)."""

from __future__ import annotations

from typing import Any

SESSION_KEY = "blind_review"


def is_blind(request: Any) -> bool:
    session = getattr(request, "session", None)
    return bool(session and session.get(SESSION_KEY))


def blind_set(request: Any, *, on: bool) -> None:
    request.session[SESSION_KEY] = bool(on)
