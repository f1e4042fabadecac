from __future__ import annotations

from django import template
from django.utils.html import format_html

from candidates.selectors import CandidateFilters

register = template.Library()


@register.simple_tag
def sort_link(filters: CandidateFilters, key: str, label: str, descending_first: bool = False) -> str:
    """A column header that sorts by ``key`` and toggles direction on a second click
    (a score starts with the highest: ``descending_first``)."""
    current = filters.sort
    if current == key:
        target, arrow = f"-{key}", " ↑"
    elif current == f"-{key}":
        target, arrow = key, " ↓"
    else:
        target, arrow = (f"-{key}" if descending_first else key), ""
    return format_html('<a class="sort-link" href="?{}">{}{}</a>', filters.query_string(sort=target), label, arrow)


@register.simple_tag
def query_with(filters: CandidateFilters, **override: object) -> str:
    return filters.query_string(**override)
