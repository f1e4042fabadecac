"""The reminder e-mail's default text, and the hourly sweep that sends reminders for
interview links nobody opened (``INVITE_REMINDER_HOURS``). Existing rows are left alone."""

from django.db import migrations

from hrcrm.email_defaults import DEFAULTS

FUNC = "vacancies.tasks.invitation_reminders_task"
KIND = "invitation_reminder"


def forward(apps, schema_editor):
    apps.get_model("hrcrm", "EmailTemplate").objects.get_or_create(kind=KIND, defaults=DEFAULTS[KIND])
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        func=FUNC,
        defaults={"name": "Напоминания о приглашениях", "schedule_type": "I", "minutes": 60, "repeats": -1},
    )


def backward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hrcrm", "0006_email_log"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(forward, backward)]
