from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = _("Подбор")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from candidates.intake.services import on_resume_parsed
        from candidates.models import Application
        from matching import services
        from vacancies.models import Vacancy

        # Matching follows changes: a parsed resume re-embeds and re-scores its candidate.
        on_resume_parsed(services.on_resume_parsed)
        # Vacancies are saved by several forms and the admin, and applications are created
        # by several services; signals catch every path (the work runs after commit in a task).
        post_save.connect(_vacancy_saved, sender=Vacancy, dispatch_uid="matching-vacancy-saved")
        post_save.connect(_application_saved, sender=Application, dispatch_uid="matching-application-saved")


def _vacancy_saved(sender, instance, update_fields=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from matching import services

    # Embedding columns are written with .update() (no signal); other saves may change the text.
    transaction.on_commit(lambda: services.on_vacancy_saved(instance.pk))


def _application_saved(sender, instance, created=False, **kwargs) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from matching import services

    if created and instance.match_score is None:
        transaction.on_commit(lambda: services.on_application_created(instance.pk))
