"""Schedule the sweep that marks idle interviews as abandoned (every 10 minutes)."""

from django.db import migrations

FUNC = "interviews.tasks.abandon_stale_interviews"


def schedule(apps, schema_editor):  # type: ignore[no-untyped-def]
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.get_or_create(
        func=FUNC, defaults={"name": "Прерванные интервью", "schedule_type": "I", "minutes": 10, "repeats": -1}
    )


def unschedule(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("django_q", "Schedule").objects.filter(func=FUNC).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_human_request"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(schedule, unschedule)]
