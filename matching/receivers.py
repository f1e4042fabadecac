"""Matching follows changes (connected in ``MatchingConfig.ready``): a parsed resume
re-embeds and re-scores its candidate; a saved vacancy and a new application are scored.
The work runs after commit in django-q2 tasks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from candidates import signals as candidate_signals
from candidates.models import Application
from matching import services
from vacancies.models import Vacancy


def resume_parsed_rematch(sender: Any, resume_id: int, **kwargs: Any) -> None:
    services.on_resume_parsed(resume_id)


# Vacancies are saved by several forms and the admin, and applications are created by
# several services, so Django's own post_save catches every path; it fires inside the
# transaction, hence the on_commit.
def vacancy_saved_rematch(sender: Any, instance: Vacancy, **kwargs: Any) -> None:
    # Embedding columns are written with .update() (no signal); other saves may change the text.
    transaction.on_commit(lambda: services.on_vacancy_saved(instance.pk))


def application_saved_score(sender: Any, instance: Application, created: bool = False, **kwargs: Any) -> None:
    if created and instance.match_score is None:
        transaction.on_commit(lambda: services.on_application_created(instance.pk))


def connect() -> None:
    candidate_signals.resume_parsed.connect(resume_parsed_rematch, dispatch_uid="matching.resume_parsed")
    post_save.connect(vacancy_saved_rematch, sender=Vacancy, dispatch_uid="matching.vacancy_saved")
    post_save.connect(application_saved_score, sender=Application, dispatch_uid="matching.application_saved")
