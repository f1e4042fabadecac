from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "candidates"
    verbose_name = _("Кандидаты")

    def ready(self) -> None:
        # Intake processes every stored resume, whichever page stored it.
        from candidates.intake.services import resume_enqueue
        from candidates.services import on_resume_stored

        on_resume_stored(resume_enqueue)
