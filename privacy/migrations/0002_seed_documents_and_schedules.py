"""Publish the built-in consent texts as the first versions and schedule the erasure
(hourly) and retention (daily) tasks."""

from django.db import migrations

TASKS = {
    "privacy.tasks.erasure_requests_run": {"name": "Удаление данных по запросам", "schedule_type": "H"},
    "privacy.tasks.retention_policy_run": {"name": "Срок хранения данных кандидатов", "schedule_type": "D"},
}


def forward(apps, schema_editor):
    from privacy.consents import DEFAULT_TEXTS, DEFAULT_VERSION

    ConsentDocument = apps.get_model("privacy", "ConsentDocument")
    for purpose, (text_ru, text_en) in DEFAULT_TEXTS.items():
        ConsentDocument.objects.get_or_create(
            purpose=str(purpose), version=DEFAULT_VERSION, defaults={"text_ru": text_ru, "text_en": text_en}
        )
    Schedule = apps.get_model("django_q", "Schedule")
    for func, fields in TASKS.items():
        Schedule.objects.get_or_create(func=func, defaults={**fields, "repeats": -1})


def backward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func__in=list(TASKS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(forward, backward)]
