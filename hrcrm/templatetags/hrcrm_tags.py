from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def requirement(item: str | list[str]) -> str:
    """A must/nice-to-have item: a skill, or alternatives shown as «A / B»."""
    if isinstance(item, (list, tuple)):
        return " / ".join(str(part) for part in item)
    return str(item)


@register.filter
def among(word: str, words: str) -> bool:
    """``{% if field.name|among:"title description" %}``: whole-word membership (the
    template ``in`` on a string would also match parts of words)."""
    return word in words.split()
