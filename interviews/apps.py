from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"
    verbose_name = _("Интервью")

    def ready(self) -> None:
        from interviews import receivers

        receivers.connect()
        from interviews.speech import checks  # noqa: F401  (registers the speech engine checks)
