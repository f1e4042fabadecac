from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pgvector.django import HnswIndex, VectorField

EMBEDDING_DIMENSIONS = 384  # multilingual-e5-small


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
    status = models.CharField(_("статус"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    opened_at = models.DateTimeField(_("открыта"), default=timezone.now)
    closed_at = models.DateTimeField(_("закрыта"), null=True, blank=True)
    embedding = VectorField(dimensions=EMBEDDING_DIMENSIONS, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("вакансия")
        verbose_name_plural = _("вакансии")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["status", "-opened_at"]),
            HnswIndex(
                name="vacancy_embedding_hnsw",
                fields=["embedding"],
                m=16,
                ef_construction=64,
                opclasses=["vector_cosine_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == VacancyStatus.OPEN
