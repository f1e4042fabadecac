from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "candidates"
    verbose_name = _("Кандидаты")

    def ready(self) -> None:
        from candidates import receivers

        receivers.connect()
