from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = _("Оценка")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from candidates.intake.services import on_resume_parsed
        from candidates.models import Application
        from candidates.services import on_stage_change
        from scoring import match_services
        from scoring.providers import EvaluationRecommendations
        from scoring.recommendations import register_provider
        from scoring.services import evaluate_on_stage_change
        from vacancies.models import Vacancy

        register_provider(EvaluationRecommendations())
        # An application entering «Оценка» gets its interview evaluated, whoever moved it.
        on_stage_change(evaluate_on_stage_change)
        # Matching follows changes: a parsed resume re-embeds and re-scores its candidate.
        on_resume_parsed(match_services.on_resume_parsed)
        # Vacancies are saved by several forms and the admin, and applications are created
        # by several services; signals catch every path (the work runs after commit in a task).
        post_save.connect(_vacancy_saved, sender=Vacancy, dispatch_uid="scoring-vacancy-saved")
        post_save.connect(_application_saved, sender=Application, dispatch_uid="scoring-application-saved")


def _vacancy_saved(sender, instance, update_fields=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from scoring import match_services

    # Embedding columns are written with .update() (no signal); other saves may change the text.
    transaction.on_commit(lambda: match_services.on_vacancy_saved(instance.pk))


def _application_saved(sender, instance, created=False, **kwargs) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from scoring import match_services

    if created and instance.match_score is None:
        transaction.on_commit(lambda: match_services.on_application_created(instance.pk))
