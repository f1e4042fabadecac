from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as SchemaError

from scoring.evaluation.schema import EvaluationResult


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
    # The person decided with no evaluation to lean on and said so explicitly (the
    # comment holds the reason): told apart from decisions taken against the AI.
    without_ai = models.BooleanField(_("решено без оценки ИИ"), default=False)
    email_sent_at = models.DateTimeField(_("письмо отправлено"), null=True, blank=True)

    class Meta:
        verbose_name = _("решение")
        verbose_name_plural = _("решения")
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} · {self.application_id}"


class RecommendationChoice(models.TextChoices):
    STRONGLY_RECOMMEND = "strongly_recommend", _("Настоятельно рекомендовать")
    RECOMMEND = "recommend", _("Рекомендовать")
    CONSIDER = "consider", _("Рассмотреть")
    REJECT = "reject", _("Отказать")


def report_upload_to(instance: Evaluation, filename: str) -> str:
    return f"reports/evaluations/{instance.application_id}/{filename}"


class Evaluation(models.Model):
    """The AI's evaluation of one interview.

    Re-running keeps history: a new row becomes current and the previous one stays for
    audit with ``is_current=False`` (at most one current row per interview). ``result``
    holds ``EvaluationResult`` as JSON and is validated by that schema on write
    (``scoring.services.evaluation_run``) and on read (``parsed``). The recommendation is
    advice; the hiring manager's decision is recorded by the pipeline, not here.
    """

    interview = models.ForeignKey("interviews.Interview", on_delete=models.CASCADE, related_name="evaluations")
    # Denormalised from the interview so the candidate page and decision screen need no join.
    application = models.ForeignKey("candidates.Application", on_delete=models.CASCADE, related_name="evaluations")
    is_current = models.BooleanField(_("актуальная"), default=True)
    result = models.JSONField(_("результат"))
    recommendation = models.CharField(_("рекомендация ИИ"), max_length=20, choices=RecommendationChoice.choices)
    overall_score = models.PositiveSmallIntegerField(_("итог"))
    integrity_violation = models.BooleanField(_("попытка манипуляции"), default=False)
    engine = models.CharField(_("движок"), max_length=40)
    provider = models.CharField(_("провайдер"), max_length=40)
    model_name = models.CharField(_("модель"), max_length=80)
    prompt_version = models.CharField(_("версия промпта"), max_length=40)
    runs = models.PositiveSmallIntegerField(_("прогонов"), default=1)
    spread = models.JSONField(_("разброс по критериям"), default=dict, blank=True)
    dropped_quotes = models.PositiveSmallIntegerField(_("отброшено цитат"), default=0)
    report = models.FileField(_("PDF-отчёт"), upload_to=report_upload_to, max_length=300, blank=True)
    report_generated_at = models.DateTimeField(_("отчёт создан"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("оценка интервью")
        verbose_name_plural = _("оценки интервью")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["interview"], condition=Q(is_current=True), name="one_current_evaluation")
        ]
        indexes = [models.Index(fields=["application", "is_current"])]

    def __str__(self) -> str:
        return f"{self.interview} · {self.get_recommendation_display()}"

    @property
    def parsed(self) -> EvaluationResult:
        return EvaluationResult.model_validate(self.result)

    def clean(self) -> None:
        try:
            EvaluationResult.model_validate(self.result)
        except SchemaError as exc:
            raise ValidationError({"result": str(exc)})


class OfferStatus(models.TextChoices):
    SENT = "sent", _("Оффер отправлен")
    ACCEPTED = "accepted", _("Оффер принят")
    DECLINED = "declined", _("Оффер отклонён")


class OfferEvent(models.Model):
    """What happened after «принято»: the offer sent, accepted (with the start date) or
    declined (with the reason). Append-only; the latest row is the offer's state, and
    earlier ones stay as its history."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="offer_events")
    status = models.CharField(_("исход"), max_length=10, choices=OfferStatus.choices)
    start_date = models.DateField(_("дата выхода"), null=True, blank=True)
    note = models.TextField(_("комментарий"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто записал"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("исход оффера")
        verbose_name_plural = _("исходы офферов")
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} · {self.decision_id}"


# ``ScoreOverride.criterion`` for the recommendation itself rather than one criterion.
RECOMMENDATION = "recommendation"


class ScoreOverride(models.Model):
    """A person's correction of one AI criterion score or of the recommendation, with a
    note. The AI's value stays in the evaluation; this row stands beside it (the latest
    per criterion is shown) and is never edited: it is the record of who disagreed
    with the AI, when and why."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="overrides")
    criterion = models.CharField(_("критерий"), max_length=40)
    ai_value = models.CharField(_("значение ИИ"), max_length=20)
    value = models.CharField(_("значение человека"), max_length=20)
    note = models.TextField(_("обоснование"))
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("кто исправил"), on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("исправление оценки ИИ")
        verbose_name_plural = _("исправления оценок ИИ")
        ordering = ["-overridden_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.ai_value} → {self.value}"
