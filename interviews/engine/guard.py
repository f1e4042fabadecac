"""Protected matters the interviewer never asks about (labour law, 152-ФЗ, fairness):
age, family and children, pregnancy, religion, health, nationality, ethnicity,
political views, sexual orientation. Every question the engine produces passes here."""

from __future__ import annotations

import re

PROTECTED = re.compile(
    r"возраст|сколько вам лет|год рождения|замуж|женат|семейн\w* положени|дет(и|ей)\b|ребён|беремен|декрет|"
    r"религи|вероисповед|верующ|здоровь|инвалид|болезн|национальн|гражданств|этническ|политическ\w* взгляд|"
    r"ориентаци|\bage\b|how old|married|children|kids|pregnan|religio|health|disabilit|nationality|ethnic|citizenship|"
    r"sexual orientation|political view",
    re.IGNORECASE,
)


class ProtectedTopicError(ValueError):
    """A question touching a protected matter was about to be asked."""


def assert_allowed(question: str) -> str:
    match = PROTECTED.search(question)
    if match:
        raise ProtectedTopicError(f"Protected matter in a question: {match.group(0)!r}")
    return question
