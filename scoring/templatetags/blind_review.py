"""``{% blind_review as blind %}`` and ``{{ candidate|person_name:blind }}`` for comparison
pages (see ``scoring.blind``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from scoring.blind import is_blind

register = template.Library()


@register.simple_tag(takes_context=True)
def blind_review(context: template.Context) -> bool:
    return is_blind(context.get("request"))


@register.filter
def person_name(candidate: Any, blind: bool = False) -> str:
    """The candidate's name, or «Кандидат №N» in blind review. Accepts a Candidate or a
    recommendation item (``candidate_id`` / ``full_name``)."""
    pk = getattr(candidate, "candidate_id", None) or getattr(candidate, "pk", None)
    if blind:
        return _("Кандидат №%(id)s") % {"id": pk}
    return getattr(candidate, "full_name", "") or ""
