"""The pgvector extension (needed by the embedding columns of later migrations) and
the role groups. Both idempotent."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

ROLE_GROUPS = ["Recruiter", "Hiring manager", "Admin"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]
    operations = [
        CreateExtension("vector"),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
