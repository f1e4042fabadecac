from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from pgvector.django import VectorField

from candidates.pipeline import Stage
from hrcrm.vectors import hnsw_indexes


class CandidateSource(models.TextChoices):
    UPLOAD = "upload", _("Загрузка резюме")
    HH = "hh", _("Выгрузка hh.ru")
    REFERRAL = "referral", _("Рекомендация")
    SELF_APPLIED = "self_applied", _("Отклик по ссылке")
    TELEGRAM = "telegram", _("Отклик через Telegram")
    OTHER = "other", _("Другое")


class Tag(models.Model):
    """A recruiter's label on candidates («сильный английский», «на осень»)."""

    name = models.CharField(_("название"), max_length=60, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("метка")
        verbose_name_plural = _("метки")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RejectionReason(models.Model):
    """A category of rejection, managed in the admin and counted in analytics."""

    name = models.CharField(_("название"), max_length=120, unique=True)
    name_en = models.CharField(_("название по-английски"), max_length=120, blank=True)
    is_active = models.BooleanField(_("предлагать"), default=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("категория отказа")
        verbose_name_plural = _("категории отказа")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


class SavedFilter(models.Model):
    """A person's named set of candidate-table filters (the query string)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(_("название"), max_length=80)
    query = models.CharField(_("фильтры"), max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("сохранённый фильтр")
        verbose_name_plural = _("сохранённые фильтры")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="one_saved_filter_name_per_user")]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    full_name = models.CharField(_("ФИО"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("телефон"), max_length=20, blank=True, help_text=_("В формате E.164"))
    telegram = models.CharField(_("Telegram"), max_length=64, blank=True)
    city = models.CharField(_("город"), max_length=100, blank=True)
    source = models.CharField(
        _("источник"), max_length=20, choices=CandidateSource.choices, default=CandidateSource.UPLOAD
    )
    # Denormalised from the current resume's parsed profile, for filters and cards.
    desired_position = models.CharField(_("желаемая должность"), max_length=200, blank=True)
    total_experience_months = models.PositiveIntegerField(_("опыт, мес."), null=True, blank=True)
    skills = ArrayField(models.CharField(max_length=80), verbose_name=_("навыки"), default=list, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("метки"), blank=True, related_name="candidates")
    last_company = models.CharField(_("последнее место работы"), max_length=200, blank=True)
    last_title = models.CharField(_("последняя должность"), max_length=200, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # Any size (hrcrm/vectors.py): the model that made it is named beside it.
    embedding = VectorField(null=True, blank=True, editable=False)
    # Which model made ``embedding`` (and its size): vectors of different models are never
    # compared; ``hrcrm.ai.embeddings.is_current`` says when to re-embed. ``embedding_hash``
    # is the hash of the embedded text, so an unchanged text is not embedded again.
    embedding_model = models.CharField(max_length=200, blank=True, editable=False)
    embedding_dimensions = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    embedding_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создан"), auto_now_add=True)
    updated_at = models.DateTimeField(_("обновлён"), auto_now=True)

    class Meta:
        verbose_name = _("кандидат")
        verbose_name_plural = _("кандидаты")
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="candidate_search_gin"),
            GinIndex(fields=["skills"], name="candidate_skills_gin"),
            models.Index(fields=["email"]),
            models.Index(fields=["phone"]),
            *hnsw_indexes("candidate"),
        ]

    def __str__(self) -> str:
        return self.full_name


# ``ConsentRecord.purpose`` of the consent to processing for recruiting (``privacy``'s
# ``ConsentPurpose.PROCESSING``): named here so the CRM core can read it (reminders stop
# once it is withdrawn) without importing privacy.
PROCESSING_CONSENT = "recruiting_interview"

# Where a consent was given (``ConsentRecord.source``), as staff read it.
CONSENT_SOURCES = {
    "interview_link": _("ссылка на интервью"),
    "open_link": _("открытая ссылка вакансии"),
    "telegram": _("Telegram-бот"),
    "privacy_page": _("страница «Мои данные»"),
    "term_expired": _("истёк срок согласия"),
}


class ConsentRecord(models.Model):
    """What a candidate consented to, which text version, when and from where (152-ФЗ).

    Append-only: a withdrawal is a new record with ``granted=False``.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("цель"), max_length=64)
    text_version = models.CharField(_("версия текста"), max_length=32)
    text = models.TextField(_("текст согласия"))
    granted = models.BooleanField(_("дано"), default=True)
    ip_address = models.GenericIPAddressField(_("IP-адрес"), null=True, blank=True)
    user_agent = models.CharField(_("браузер"), max_length=400, blank=True)
    source = models.CharField(_("откуда"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("согласие")
        verbose_name_plural = _("согласия")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.text_version}"

    @property
    def source_display(self) -> str:
        return str(CONSENT_SOURCES.get(self.source, self.source))


class UploadBatch(models.Model):
    """Files uploaded together; the page shows the batch's progress."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("пакет загрузки")
        verbose_name_plural = _("пакеты загрузки")

    def __str__(self) -> str:
        return f"#{self.pk}"


class ResumeStatus(models.TextChoices):
    QUEUED = "queued", _("В очереди")
    EXTRACTING = "extracting", _("Извлечение текста")
    PARSING = "parsing", _("Разбор")
    DONE = "done", _("Готово")
    FAILED = "failed", _("Ошибка")


def resume_upload_to(instance: Resume, filename: str) -> str:
    return f"resumes/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Resume(models.Model):
    """An uploaded resume file and everything intake learned from it.

    ``profile`` holds the parsed profile (validated by the intake schema before it is
    stored); ``flags`` holds hidden-text and injection findings.
    """

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="resumes", null=True, blank=True)
    batch = models.ForeignKey(UploadBatch, on_delete=models.SET_NULL, related_name="resumes", null=True, blank=True)
    file = models.FileField(_("файл"), upload_to=resume_upload_to, max_length=500)
    original_name = models.CharField(_("имя файла"), max_length=255)
    size = models.PositiveIntegerField(_("размер, байт"), default=0)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("статус"), max_length=12, choices=ResumeStatus.choices, default=ResumeStatus.QUEUED)
    error_code = models.CharField(_("код ошибки"), max_length=64, blank=True)
    error_message = models.TextField(_("ошибка"), blank=True)
    extracted_text = models.TextField(_("извлечённый текст"), blank=True)
    language = models.CharField(_("язык"), max_length=2, blank=True)
    profile = models.JSONField(_("разобранный профиль"), null=True, blank=True)
    flags = models.JSONField(_("флаги"), default=dict, blank=True)
    parser_engine = models.CharField(_("движок разбора"), max_length=64, blank=True)
    is_current = models.BooleanField(_("актуальное"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("загружено"), auto_now_add=True)
    processed_at = models.DateTimeField(_("обработано"), null=True, blank=True)

    class Meta:
        verbose_name = _("резюме")
        verbose_name_plural = _("резюме")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationOrigin(models.TextChoices):
    RECOMMENDED = "recommended", _("Рекомендован системой")
    ASSIGNED = "assigned", _("Назначен вручную")
    SELF_APPLIED = "self_applied", _("Откликнулся сам")


class Application(models.Model):
    """A candidate in the pipeline of one vacancy. Stage changes go only through
    ``candidates.services.application_move_to_stage``; never assign ``stage`` directly."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.CASCADE, related_name="applications")
    stage = models.CharField(_("этап"), max_length=20, choices=Stage.choices, default=Stage.INVITED)
    origin = models.CharField(
        _("происхождение"), max_length=20, choices=ApplicationOrigin.choices, default=ApplicationOrigin.ASSIGNED
    )
    rejection_reason = models.TextField(_("причина отказа"), blank=True)
    # The category of a rejection (a managed list), for analytics; the text above says more.
    rejection_category = models.ForeignKey(
        "candidates.RejectionReason",
        verbose_name=_("категория отказа"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    match_score = models.PositiveSmallIntegerField(_("соответствие"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("обновлена"), auto_now=True)
    stage_changed_at = models.DateTimeField(_("этап изменён"), auto_now_add=True)

    class Meta:
        verbose_name = _("отклик")
        verbose_name_plural = _("отклики")
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["candidate", "vacancy"], name="one_application_per_vacancy")]
        indexes = [models.Index(fields=["vacancy", "stage"]), models.Index(fields=["stage", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.vacancy}"


class StageChange(models.Model):
    """Append-only history of an application's stages (who, when, from, to, why)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(_("из этапа"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("в этап"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    system_reason = models.CharField(_("причина (система)"), max_length=200, blank=True)
    comment = models.TextField(_("комментарий"), blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("смена этапа")
        verbose_name_plural = _("история этапов")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"


class Note(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("текст"))
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("заметка")
        verbose_name_plural = _("заметки")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class MergeReason(models.TextChoices):
    EMAIL = "email", _("тот же e-mail")
    PHONE = "phone", _("тот же телефон")
    NAME_BIRTH = "name_birth", _("те же ФИО и дата рождения")
    TEXT = "text", _("почти тот же текст резюме")
    MANUAL = "manual", _("объединены вручную")


class CandidateMerge(models.Model):
    """A person found twice and kept once: a resume uploaded again attached to the
    existing candidate, or a duplicate candidate merged into another by hand. The
    candidates table marks the kept person; ``merged_id`` also redirects work queued for
    a deleted duplicate (``candidate_resolve``)."""

    kept = models.ForeignKey(Candidate, verbose_name=_("оставлен"), on_delete=models.CASCADE, related_name="merges")
    # The duplicate candidate deleted by a manual merge (none for a resume attached at upload).
    merged_id = models.PositiveBigIntegerField(_("№ удалённого дубликата"), null=True, blank=True, db_index=True)
    resume = models.ForeignKey(
        Resume, verbose_name=_("резюме"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("почему"), max_length=12, choices=MergeReason.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("объединение дубликатов")
        verbose_name_plural = _("объединения дубликатов")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kept_id} ← {self.merged_id or self.resume_id} ({self.reason})"
