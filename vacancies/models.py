from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pgvector.django import VectorField

from hrcrm.vectors import hnsw_indexes


class Seniority(models.TextChoices):
    INTERN = "intern", _("Стажёр")
    JUNIOR = "junior", _("Junior")
    MIDDLE = "middle", _("Middle")
    SENIOR = "senior", _("Senior")
    LEAD = "lead", _("Lead")


class WorkFormat(models.TextChoices):
    OFFICE = "office", _("Офис")
    HYBRID = "hybrid", _("Гибрид")
    REMOTE = "remote", _("Удалённо")
    HYBRID_OR_REMOTE = "hybrid_or_remote", _("Гибрид или удалённо")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Открыта")
    CLOSED = "closed", _("Закрыта")


class Vacancy(models.Model):
    """A position to fill.

    ``must_have`` and ``nice_to_have`` are lists whose items are a skill name or a list
    of alternatives ("any one of"), the same shape as the corpus ``truth.json``.
    """

    title = models.CharField(_("название"), max_length=200)
    company = models.CharField(_("компания"), max_length=200, blank=True)
    department = models.CharField(_("отдел"), max_length=200, blank=True)
    description = models.TextField(_("описание"), blank=True)
    responsibilities = models.TextField(_("обязанности"), blank=True)
    must_have = models.JSONField(_("обязательные навыки"), default=list, blank=True)
    nice_to_have = models.JSONField(_("желательные навыки"), default=list, blank=True)
    min_experience_years = models.DecimalField(_("минимальный опыт, лет"), max_digits=4, decimal_places=1, default=0)
    seniority = models.CharField(_("уровень"), max_length=16, choices=Seniority.choices, blank=True)
    city = models.CharField(_("город"), max_length=100, blank=True)
    work_format = models.CharField(
        _("формат работы"), max_length=20, choices=WorkFormat.choices, default=WorkFormat.OFFICE
    )
    salary_from = models.PositiveIntegerField(_("зарплата от"), null=True, blank=True)
    salary_to = models.PositiveIntegerField(_("зарплата до"), null=True, blank=True)
    currency = models.CharField(_("валюта"), max_length=3, default="RUB")
    language = models.CharField(_("язык"), max_length=2, default="ru")
    interview_minutes = models.PositiveSmallIntegerField(_("длительность интервью, мин"), default=25)
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("нанимающий менеджер"),
        on_delete=models.PROTECT,
        related_name="managed_vacancies",
        null=True,
        blank=True,
    )
    # Other hiring managers who see and act on this vacancy's candidates (an admin
    # shares it; see candidates/scope.py).
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("доступ у менеджеров"),
        related_name="shared_vacancies",
        blank=True,
    )
    status = models.CharField(_("статус"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    opened_at = models.DateTimeField(_("открыта"), default=timezone.now)
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    # Any size (hrcrm/vectors.py): the model that made it is named beside it.
    embedding = VectorField(null=True, blank=True, editable=False)
    # Which model made ``embedding`` (and its size): vectors of different models are never
    # compared; ``hrcrm.ai.embeddings.is_current`` says when to re-embed. ``embedding_hash``
    # is the hash of the embedded text, so an unchanged text is not embedded again.
    embedding_model = models.CharField(max_length=200, blank=True, editable=False)
    embedding_dimensions = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    embedding_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("вакансия")
        verbose_name_plural = _("вакансии")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["status", "-opened_at"]),
            *hnsw_indexes("vacancy"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == VacancyStatus.OPEN


# --- Invite links ---------------------------------------------------------------------


class LinkPurpose(models.TextChoices):
    INTERVIEW = "interview", _("Личная ссылка на интервью")
    VACANCY = "vacancy", _("Открытая ссылка на вакансию")


DEFAULT_LINK_DAYS = 7


def default_link_expiry() -> datetime:
    return timezone.now() + timedelta(days=DEFAULT_LINK_DAYS)


class InviteLink(models.Model):
    """A link given to a candidate. Only the SHA-256 of the token is stored, so a
    database leak does not hand out working links; the token itself is shown once,
    at creation (and kept in the creator's page only as long as it is on screen).

    ``purpose`` decides what the link opens: ``interview`` links belong to one
    application, ``vacancy`` links are open and create a candidate on use.
    """

    purpose = models.CharField(_("назначение"), max_length=12, choices=LinkPurpose.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="invite_links")
    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="invite_links", null=True, blank=True
    )
    expires_at = models.DateTimeField(_("действует до"), default=default_link_expiry)
    revoked_at = models.DateTimeField(_("отозвана"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("последнее открытие"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("открытий"), default=0)

    class Meta:
        verbose_name = _("ссылка-приглашение")
        verbose_name_plural = _("ссылки-приглашения")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose="vacancy", application__isnull=True)
                | models.Q(purpose="interview", application__isnull=False),
                name="invite_link_purpose_matches_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class AttemptKind(models.TextChoices):
    FAILURE = "failure", _("неудачная ссылка")
    REGISTRATION = "registration", _("самозапись")


class LinkAttempt(models.Model):
    """A counted attempt from one address: a failed token lookup (slows down guessing) or
    a self-registration through an open link (no candidates in bulk). Counted apart, so
    one never blocks the other. Rows older than the window are deleted as new ones
    arrive, so the table stays small."""

    ip_address = models.GenericIPAddressField()
    kind = models.CharField(max_length=16, choices=AttemptKind.choices, default=AttemptKind.FAILURE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "created_at"])]

    def __str__(self) -> str:
        return f"{self.ip_address} {self.created_at:%Y-%m-%d %H:%M}"
