from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    ACCEPT = "accept", _("Принять")
    REJECT = "reject", _("Отказать")


class Decision(models.Model):
    """A person's final decision on an application, stored next to what the AI
    recommended at that moment (if anything), so agreement can be measured later.
    Append-only: re-opening and deciding again adds a new row."""

    application = models.ForeignKey("candidates.Application", on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("решение"), max_length=8, choices=Outcome.choices)
    comment = models.TextField(_("комментарий"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто решил"), on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("когда"), auto_now_add=True)
    # The AI's recommendation when the person decided (null: there was none yet).
    ai_recommendation = models.CharField(
        _("рекомендация ИИ"), max_length=8, choices=Outcome.choices, blank=True, null=True
    )
    ai_summary = models.TextField(_("резюме ИИ"), blank=True)
    agreed_with_ai = models.BooleanField(_("согласие с ИИ"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("письмо отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("решение")
        verbose_name_plural = _("решения")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.application_id}"
