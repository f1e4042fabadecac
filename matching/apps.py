from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "matching"
    verbose_name = _("Подбор")

    def ready(self) -> None:
        from matching import receivers

        receivers.connect()
