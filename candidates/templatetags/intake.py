from __future__ import annotations

from django import template

from candidates.intake.labels import HIDDEN_REASONS

register = template.Library()


@register.filter
def hidden_reason(code: str) -> str:
    """A hidden-text reason code in words ("tiny_font" → "шрифт меньше 4 pt")."""
    return str(HIDDEN_REASONS.get(code, code))
