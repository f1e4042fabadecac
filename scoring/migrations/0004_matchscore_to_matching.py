"""MatchScore now belongs to the matching app (matching/migrations/0001_initial.py keeps
the table); the scoring app forgets it without touching the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("scoring", "0003_match_scores"),
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="MatchScore")],
            database_operations=[],
        ),
    ]
