"""Vacancy file → ``Vacancy`` draft for the vacancy form (a person reviews it before saving)."""

from __future__ import annotations

from candidates.intake.schema import Vacancy


def parse_vacancy_text(text: str) -> Vacancy:
    return Vacancy()
