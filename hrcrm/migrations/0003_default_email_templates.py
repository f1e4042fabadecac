"""Default e-mail texts; admins edit them later. Existing rows are left alone."""

from django.db import migrations

from hrcrm.email_defaults import DEFAULTS


def seed(apps, schema_editor):
    EmailTemplate = apps.get_model("hrcrm", "EmailTemplate")
    for kind, fields in DEFAULTS.items():
        EmailTemplate.objects.get_or_create(kind=kind, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [("hrcrm", "0002_email_templates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
