from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "scoring"
    verbose_name = _("Оценка")

    def ready(self) -> None:
        from candidates.services import on_stage_change
        from scoring.services import evaluate_on_stage_change

        # An application entering «Оценка» gets its interview evaluated, whoever moved it.
        on_stage_change(evaluate_on_stage_change)
