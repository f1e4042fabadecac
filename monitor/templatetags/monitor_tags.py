"""What each background task does, in words: the monitor lists tasks by their dotted
names (what an engineer searches the code for) and by this label (what an admin reads)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

TASK_LABELS = {
    "candidates.intake.tasks.resume_process": _("Разбор резюме"),
    "integrations.tasks.webhook_deliver": _("Отправка вебхука"),
    "interviews.tasks.abandon_stale_interviews": _("Закрытие брошенных интервью"),
    "interviews.tasks.assemble_recording": _("Сборка записи интервью"),
    "interviews.tasks.prepare_plan": _("Подготовка плана интервью"),
    "matching.tasks.application_score_task": _("Оценка соответствия отклика"),
    "matching.tasks.candidate_matching_task": _("Подбор вакансий кандидату"),
    "matching.tasks.vacancy_matching_task": _("Подбор кандидатов на вакансию"),
    "notifications.tasks.telegram_send_task": _("Сообщение в Telegram"),
    "privacy.tasks.erasure_requests_run": _("Удаление данных по запросам"),
    "privacy.tasks.retention_policy_run": _("Удаление данных по сроку хранения"),
    "scoring.tasks.evaluate_interview_task": _("Оценка интервью"),
    "scoring.tasks.render_report_task": _("PDF-отчёт об интервью"),
    "vacancies.tasks.invitation_reminders_task": _("Напоминания о приглашениях"),
}


@register.filter
def task_label(func: object) -> str:
    """«Оценка интервью» for ``scoring.tasks.evaluate_interview_task``; an unknown task
    keeps its name."""
    return str(TASK_LABELS.get(str(func), func))
