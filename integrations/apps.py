from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "integrations"
    verbose_name = _("Интеграции (API)")

    def ready(self) -> None:
        from integrations import receivers

        receivers.connect()
