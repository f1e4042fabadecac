from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pool"
    verbose_name = _("Кадровый резерв")

    def ready(self) -> None:
        from pool import receivers

        receivers.connect()
