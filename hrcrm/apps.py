from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrcrmConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hrcrm"
    verbose_name = _("Система")
