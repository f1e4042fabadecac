"""What the candidates table's bulk bar and saved filters need (one read per page)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language

from candidates.models import RejectionReason, SavedFilter, Tag
from candidates.pipeline import BOARD_ORDER, Stage
from candidates.selectors import CandidateFilters


@dataclass
class BulkContext:
    filters_query: str
    stages: list[tuple[str, str]]
    reasons: list[tuple[int, str]]
    tags: list[str]
    saved: list[SavedFilter]


def bulk_context(user: Any, filters: CandidateFilters) -> BulkContext:
    language = (get_language() or "ru")[:2]
    return BulkContext(
        filters_query=filters.query_string(),
        stages=[(s.value, str(s.label)) for s in BOARD_ORDER if s != Stage.REJECTED],
        reasons=[(r.pk, r.label(language)) for r in RejectionReason.objects.filter(is_active=True)],
        tags=list(Tag.objects.values_list("name", flat=True)),
        saved=list(SavedFilter.objects.filter(user=user)),
    )
