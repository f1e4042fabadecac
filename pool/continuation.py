"""A continuation interview: a pool candidate invited to a vacancy is asked only what his
general interview did not confirm.

The vacancy's usual plan is built by the interview engine (``plan_for``) and saved for the
pending interview through ``interview_save_plan`` (the same service a recruiter's plan
edit uses) without the must-have topics he already confirmed recently; the case, the
remaining and unconfirmed must-haves and his own questions stay. Evidence older than
``POOL_EVIDENCE_MAX_DAYS`` is asked again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from candidates.models import Candidate
from interviews.conduct import interview_for_application, interview_save_plan, plan_for
from interviews.engine.plan import TopicKind
from pool.models import EvidenceLevel, SkillEvidence
from pool.services import skill_keys
from vacancies import services as vacancy_services
from vacancies.models import Vacancy

DEFAULT_EVIDENCE_MAX_DAYS = 180
MIN_BUDGET_SECONDS = 8 * 60


def evidence_max_days() -> int:
    return int(getattr(settings, "POOL_EVIDENCE_MAX_DAYS", DEFAULT_EVIDENCE_MAX_DAYS))


@dataclass(frozen=True)
class Continuation:
    invitation: vacancy_services.Invitation
    skipped: list[str]  # requirements not asked again, confirmed earlier
    asked: list[str]  # requirements the short interview covers


def continuation_invite(
    *, candidate: Candidate, vacancy: Vacancy, actor: AbstractBaseUser | None, days: int = 7, send_email: bool = False
) -> Continuation:
    invitation = vacancy_services.application_invite(
        candidate=candidate, vacancy=vacancy, actor=actor, days=days, send_email=send_email
    )
    interview = interview_for_application(application_id=invitation.application.pk)
    plan = plan_for(interview)
    since = timezone.now() - timedelta(days=evidence_max_days())
    confirmed: set[str] = set()
    for skill in SkillEvidence.objects.filter(
        candidate=candidate, level=EvidenceLevel.CONFIRMED, observed_at__gte=since
    ).values_list("skill", flat=True):
        confirmed |= skill_keys(skill)
    kept, skipped, asked = [], [], []
    for topic in plan.topics:
        is_requirement = topic.kind in (TopicKind.MUST_HAVE, TopicKind.GAP) and topic.requirement
        if is_requirement and skill_keys(str(topic.requirement)) & confirmed:
            skipped.append(str(topic.requirement))
            continue
        if is_requirement:
            asked.append(str(topic.requirement))
        kept.append(topic)
    if skipped:
        share = len(kept) / max(1, len(plan.topics))
        plan = plan.model_copy(
            update={"topics": kept, "budget_seconds": max(MIN_BUDGET_SECONDS, int(plan.budget_seconds * share))}
        )
        interview_save_plan(interview_id=interview.pk, plan=plan)
    return Continuation(invitation=invitation, skipped=skipped, asked=asked)
