from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    INVITATION = "invitation", _("Приглашение на интервью")
    DECISION_ACCEPT = "decision_accept", _("Решение: приглашение на следующий этап")
    DECISION_REJECT = "decision_reject", _("Решение: отказ")


class EmailTemplate(models.Model):
    """An e-mail sent to candidates, editable in the admin, in Russian and English.

    Subjects and bodies are Django template text with a small fixed context
    (``candidate_name``, ``vacancy_title``, ``company``, ``link``, ``expires_at``,
    ``comment``, ``sender_name``); see ``hrcrm.emails``.
    """

    kind = models.CharField(_("вид"), max_length=20, choices=EmailKind.choices, unique=True)
    subject_ru = models.CharField(_("тема (рус.)"), max_length=200)
    body_ru = models.TextField(_("текст (рус.)"))
    subject_en = models.CharField(_("тема (англ.)"), max_length=200)
    body_en = models.TextField(_("текст (англ.)"))
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        verbose_name = _("шаблон письма")
        verbose_name_plural = _("шаблоны писем")

    def __str__(self) -> str:
        return self.get_kind_display()
