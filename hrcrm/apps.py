from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrcrmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hrcrm"
    verbose_name = _("Система")

    def ready(self) -> None:
        from hrcrm.logs import connect_task_signals

        # Tasks carry the ids of the request or interview that queued them into their logs.
        connect_task_signals()
