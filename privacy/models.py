"""Personal data under 152-ФЗ: consent documents, erasure requests and their records,
and the log of who opened a candidate's personal data.

Nothing here but ``ErasureRequest.candidate`` points at a candidate by a foreign key:
the records must outlive the person they are about, so they keep only his internal id
(``candidate_ref``), never his name or contacts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import PROCESSING_CONSENT


class ConsentPurpose(models.TextChoices):
    # The stored value predates this app (ConsentRecord rows already use it).
    PROCESSING = PROCESSING_CONSENT, _("Обработка персональных данных для подбора")
    TALENT_POOL = "talent_pool", _("Кадровый резерв")


class ConsentDocument(models.Model):
    """One published version of a consent text. A change of wording is a new row with a
    new version; the newest published one is what candidates see and sign, and each
    ``candidates.ConsentRecord`` keeps the version and text it was given for."""

    purpose = models.CharField(_("цель"), max_length=64, choices=ConsentPurpose.choices)
    version = models.CharField(_("версия"), max_length=32)
    text_ru = models.TextField(_("текст (рус.)"))
    text_en = models.TextField(_("текст (англ.)"))
    published_at = models.DateTimeField(_("опубликован"), default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("текст согласия")
        verbose_name_plural = _("тексты согласий")
        ordering = ["purpose", "-published_at"]
        constraints = [models.UniqueConstraint(fields=["purpose", "version"], name="one_consent_version_per_purpose")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"

    def text_for(self, language: str | None) -> str:
        return self.text_en if (language or "").startswith("en") and self.text_en else self.text_ru


class ErasureReason(models.TextChoices):
    WITHDRAWAL = "withdrawal", _("Отзыв согласия")
    REQUEST = "request", _("Запрос на удаление")
    RETENTION = "retention", _("Истёк срок хранения")


class ErasureChannel(models.TextChoices):
    PUBLIC_PAGE = "public_page", _("Кандидат по своей ссылке")
    STAFF = "staff", _("Сотрудник по обращению кандидата")
    SYSTEM = "system", _("Система (срок хранения)")


class ErasureStatus(models.TextChoices):
    PENDING = "pending", _("Ожидает удаления")
    DONE = "done", _("Выполнено")
    CANCELLED = "cancelled", _("Отменено")


class ErasureRequest(models.Model):
    """A request to delete one candidate's personal data, due by ``due_at`` (at most
    ERASURE_TERM_DAYS after it was made). The scheduled task runs due requests; an admin
    may run one at once. After the run ``candidate`` is null and ``record`` says what went."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.SET_NULL, null=True, blank=True, related_name="erasure_requests"
    )
    candidate_ref = models.PositiveBigIntegerField(_("№ кандидата"), db_index=True)
    reason = models.CharField(_("основание"), max_length=16, choices=ErasureReason.choices)
    channel = models.CharField(_("канал"), max_length=16, choices=ErasureChannel.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запросил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("когда запрошено"), default=timezone.now)
    due_at = models.DateTimeField(_("удалить не позднее"), db_index=True)
    status = models.CharField(
        _("статус"), max_length=16, choices=ErasureStatus.choices, default=ErasureStatus.PENDING, db_index=True
    )
    executed_at = models.DateTimeField(_("выполнено"), null=True, blank=True)
    # A request the candidate took back (he wrote again, it was recorded by mistake):
    # who cancelled it and when. Only a staff-recorded request can be; a withdrawal of
    # consent stands until the candidate consents again.
    cancelled_at = models.DateTimeField(_("отменено"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто отменил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    record = models.OneToOneField(
        "ErasureRecord", on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )

    class Meta:
        verbose_name = _("запрос на удаление данных")
        verbose_name_plural = _("запросы на удаление данных")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.candidate_ref} · {self.get_status_display()}"

    @property
    def cancellable(self) -> bool:
        return self.status == ErasureStatus.PENDING and self.reason == ErasureReason.REQUEST


class ErasureRecord(models.Model):
    """Proof that a candidate's data were deleted, without any of the data: his internal
    id, when, on whose request, and how many rows and files went, per kind."""

    candidate_ref = models.PositiveBigIntegerField(_("№ кандидата"), db_index=True)
    reason = models.CharField(_("основание"), max_length=16, choices=ErasureReason.choices)
    channel = models.CharField(_("канал"), max_length=16, choices=ErasureChannel.choices)
    requested_at = models.DateTimeField(_("когда запрошено"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто запросил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    executed_at = models.DateTimeField(_("когда удалено"), default=timezone.now, db_index=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто удалил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Пусто — плановая задача"),
    )
    rows = models.JSONField(_("удалено строк"), default=dict)
    files = models.PositiveIntegerField(_("удалено файлов"), default=0)

    class Meta:
        verbose_name = _("запись об удалении данных")
        verbose_name_plural = _("записи об удалении данных")
        ordering = ["-executed_at"]

    def __str__(self) -> str:
        return f"{self.candidate_ref} · {self.executed_at:%Y-%m-%d %H:%M}"

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class AccessAction(models.TextChoices):
    VIEW = "view", _("Открыл карточку")
    RESUME = "resume", _("Скачал резюме")
    RECORDING = "recording", _("Смотрел запись интервью")
    REPORT = "report", _("Скачал PDF-отчёт")
    EXPORT = "export", _("Выгрузил все данные")
    STOP = "stop", _("Остановил интервью")


class AccessLogEntry(models.Model):
    """Who opened or downloaded a candidate's personal data, when and from where.

    Kept after the candidate is erased (it names him only by internal id): it is the
    operator's record of access, the thing a regulator asks for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("сотрудник"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    candidate_ref = models.PositiveBigIntegerField(_("№ кандидата"))
    action = models.CharField(_("действие"), max_length=12, choices=AccessAction.choices)
    object_ref = models.CharField(_("объект"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    created_at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("доступ к персональным данным")
        verbose_name_plural = _("журнал доступа к персональным данным")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["candidate_ref", "-created_at"], name="access_log_candidate_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.candidate_ref}"
