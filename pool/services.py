"""Writes of the warm pool: a role family's general-interview campaign, and the verified
skill profile an evaluation leaves on the candidate."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from hrcrm.text import fold_words
from pool.models import EvidenceLevel, RoleFamily, SkillEvidence
from scoring.models import Evaluation
from vacancies.forms import VacancyForm, format_requirements

# A requirement the evaluation names "Django / FastAPI" (alternatives) matches either.
_ALTERNATIVES = re.compile(r"\s*(?:/|\||\bили\b|\bor\b)\s*", re.IGNORECASE)


def skill_key(name: str) -> str:
    return fold_words(name)[:120]


def skill_keys(name: str) -> set[str]:
    """The key of ``name`` and of each of its alternatives."""
    parts = [p for p in _ALTERNATIVES.split(name) if p.strip()]
    return {skill_key(name)} | {skill_key(p) for p in parts}


@transaction.atomic
def role_family_create(
    *, name: str, core_skills: list[str], actor: AbstractBaseUser | None, language: str = "ru"
) -> RoleFamily:
    """A general interview for a role family: its campaign record is checked by the
    vacancy form like any vacancy (the core skills are its must-haves), then the open link
    is made from the campaign's page as for any vacancy."""
    form = VacancyForm(
        {
            "title": name,
            "description": "Общее интервью для кадрового резерва: ключевые навыки семейства и опыт из резюме."
            if language == "ru"
            else "General interview for the talent pool: the family's core skills and the resume's experience.",
            "must_have_text": format_requirements(core_skills),
            "work_format": "office",
            "currency": "RUB",
            "language": language,
            "interview_minutes": 20,
            "min_experience_years": 0,
        },
        user=actor,
    )
    if not form.is_valid():
        raise ValueError(form.errors.as_text())
    vacancy = form.save()
    return RoleFamily.objects.create(name=name, core_skills=core_skills, vacancy=vacancy)


def _quote(item: dict[str, Any]) -> str:
    for evidence in item.get("evidence") or []:
        if evidence.get("quote"):
            return str(evidence["quote"])[:1000]
    return ""


@transaction.atomic
def skill_profile_update(*, evaluation_id: int) -> list[SkillEvidence]:
    """Record what the evaluation found for each requirement (confirmed with a quote, or
    not confirmed), then the resume's other skills as claimed. The latest interview has
    the last word on a skill; a claim never overrides what an interview said."""
    evaluation = Evaluation.objects.select_related("application__candidate").filter(pk=evaluation_id).first()
    if evaluation is None:
        return []
    candidate = evaluation.application.candidate
    when = evaluation.created_at
    touched: list[SkillEvidence] = []
    for item in (evaluation.result or {}).get("requirements") or []:
        name = str(item.get("requirement") or "").strip()
        status = item.get("status")
        quote = _quote(item)
        if not name:
            continue
        if status in ("confirmed", "partly") and quote:
            level = EvidenceLevel.CONFIRMED
        elif status in ("not_confirmed", "partly"):
            level = EvidenceLevel.NOT_CONFIRMED
        else:
            continue  # not assessed: the interview said nothing about it
        row, _ = SkillEvidence.objects.update_or_create(
            candidate=candidate,
            key=skill_key(name),
            defaults={
                "skill": name[:120],
                "level": level,
                "quote": quote,
                "evaluation": evaluation,
                "observed_at": when,
            },
        )
        touched.append(row)
    known = set(SkillEvidence.objects.filter(candidate=candidate).values_list("key", flat=True))
    for skill in candidate.skills:
        if skill_key(skill) not in known:
            touched.append(
                SkillEvidence.objects.create(
                    candidate=candidate,
                    key=skill_key(skill),
                    skill=skill[:120],
                    level=EvidenceLevel.CLAIMED,
                    observed_at=timezone.now(),
                )
            )
            known.add(skill_key(skill))
    return touched
