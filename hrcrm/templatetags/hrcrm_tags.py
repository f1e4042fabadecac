from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def requirement(item: str | list[str]) -> str:
    """A must/nice-to-have item: a skill, or alternatives shown as «A / B»."""
    if isinstance(item, (list, tuple)):
        return " / ".join(str(part) for part in item)
    return str(item)
