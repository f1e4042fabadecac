from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Уведомления")

    def ready(self) -> None:
        from candidates.services import on_stage_change
        from interviews.conduct import on_interview_abandoned
        from notifications import services
        from scoring.services import on_evaluation_ready

        # Each hook runs after its transaction commits and only queues messages; the
        # sending itself happens in django-q2 tasks.
        on_evaluation_ready(services.notify_evaluation_ready)
        on_stage_change(services.notify_on_stage_change)
        on_interview_abandoned(services.notify_interview_abandoned)
