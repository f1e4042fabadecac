from __future__ import annotations

from django import template
from django.utils.html import format_html

from candidates.selectors import CandidateFilters

register = template.Library()


@register.simple_tag
def sort_link(filters: CandidateFilters, key: str, label: str) -> str:
    """A column header that sorts by ``key`` and toggles direction on a second click."""
    current = filters.sort
    if current == key:
        target, arrow = f"-{key}", " ↑"
    elif current == f"-{key}":
        target, arrow = key, " ↓"
    else:
        target, arrow = key, ""
    return format_html('<a class="sort-link" href="?{}">{}{}</a>', filters.query_string(sort=target), label, arrow)


@register.simple_tag
def query_with(filters: CandidateFilters, **override: object) -> str:
    return filters.query_string(**override)
