"""The warm pool: role families with their general interview, and each candidate's
verified skill profile (what the resume claims, what an interview confirmed with a quote,
what it did not)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleFamily(models.Model):
    """A general interview «в целом» for a role family. Its campaign runs on an ordinary
    vacancy record (``vacancy``), so the open link, the Telegram deep link, self-
    registration, the interview, its evaluation and the report all work unchanged; the
    vacancy's must-haves are the family's core skills."""

    name = models.CharField(_("семейство ролей"), max_length=200, unique=True)
    core_skills = models.JSONField(_("ключевые навыки"), default=list)
    vacancy = models.OneToOneField(
        "vacancies.Vacancy", verbose_name=_("кампания"), on_delete=models.PROTECT, related_name="role_family"
    )
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)

    class Meta:
        verbose_name = _("семейство ролей")
        verbose_name_plural = _("семейства ролей")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EvidenceLevel(models.TextChoices):
    CONFIRMED = "confirmed", _("подтверждён на интервью")
    CLAIMED = "claimed", _("заявлен в резюме")
    NOT_CONFIRMED = "not_confirmed", _("не подтверждён")


class SkillEvidence(models.Model):
    """One skill of a candidate's verified profile, the latest word on it."""

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="skill_evidence")
    skill = models.CharField(_("навык"), max_length=120)
    key = models.CharField(max_length=120, editable=False)  # lower-cased, for matching
    level = models.CharField(_("уровень подтверждения"), max_length=16, choices=EvidenceLevel.choices)
    quote = models.TextField(_("цитата"), blank=True)
    evaluation = models.ForeignKey(
        "scoring.Evaluation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    observed_at = models.DateTimeField(_("дата"))

    class Meta:
        verbose_name = _("подтверждённый навык")
        verbose_name_plural = _("подтверждённые навыки")
        constraints = [models.UniqueConstraint(fields=["candidate", "key"], name="skill_evidence_unique")]
        ordering = ["candidate", "level", "skill"]

    def __str__(self) -> str:
        return f"{self.skill}: {self.get_level_display()}"
