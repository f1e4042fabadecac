from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchScore(models.Model):
    """The explained match score of a candidate's current resume against a vacancy, kept
    so the recommendation panels read one row instead of re-scoring on every view.
    Recomputed by tasks when the resume is parsed or the vacancy is saved; ``result`` is
    ``MatchResult.as_dict`` in both languages ({"ru": ..., "en": ...})."""

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="match_scores")
    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.CASCADE, related_name="match_scores")
    score = models.FloatField(_("соответствие"))
    result = models.JSONField(_("разбор"))
    similarity = models.FloatField(_("косинус эмбеддингов"), null=True, blank=True)
    computed_at = models.DateTimeField(_("рассчитано"), auto_now=True)

    class Meta:
        # The table was created by the scoring app before matching became its own app.
        db_table = "scoring_matchscore"
        verbose_name = _("соответствие вакансии")
        verbose_name_plural = _("соответствия вакансиям")
        constraints = [models.UniqueConstraint(fields=["candidate", "vacancy"], name="one_match_score_per_pair")]
        indexes = [models.Index(fields=["vacancy", "-score"]), models.Index(fields=["candidate", "-score"])]

    def __str__(self) -> str:
        return f"{self.candidate_id} → {self.vacancy_id}: {self.score:.0f}"
