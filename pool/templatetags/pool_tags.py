"""«Кандидаты из резерва» on the vacancy page: ``{% pool_matches_for vacancy as pool %}``."""

from __future__ import annotations

from django import template

from pool.selectors import PoolMatch, pool_matches
from vacancies.models import Vacancy

register = template.Library()


@register.simple_tag
def pool_matches_for(vacancy: Vacancy) -> list[PoolMatch]:
    return pool_matches(vacancy)
