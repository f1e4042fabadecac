"""MatchScore moves from the scoring app to matching: the table (``scoring_matchscore``),
its indexes and constraint stay as they are; only Django's state and the content type
(with its permissions) change owner."""

import django.db.models.deletion
from django.db import migrations, models


def _content_type_to_matching(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="matching", model="matchscore").exists():
        ContentType.objects.filter(app_label="scoring", model="matchscore").update(app_label="matching")


def _content_type_to_scoring(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="scoring", model="matchscore").exists():
        ContentType.objects.filter(app_label="matching", model="matchscore").update(app_label="scoring")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("candidates", "0002_embedding_model"),
        ("vacancies", "0003_embedding_model"),
        ("scoring", "0003_match_scores"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="MatchScore",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("score", models.FloatField(verbose_name="соответствие")),
                        ("result", models.JSONField(verbose_name="разбор")),
                        ("similarity", models.FloatField(blank=True, null=True, verbose_name="косинус эмбеддингов")),
                        ("computed_at", models.DateTimeField(auto_now=True, verbose_name="рассчитано")),
                        (
                            "candidate",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="match_scores",
                                to="candidates.candidate",
                            ),
                        ),
                        (
                            "vacancy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="match_scores",
                                to="vacancies.vacancy",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "scoring_matchscore",
                        "verbose_name": "соответствие вакансии",
                        "verbose_name_plural": "соответствия вакансиям",
                        "indexes": [
                            models.Index(fields=["vacancy", "-score"], name="scoring_mat_vacancy_0aeb0f_idx"),
                            models.Index(fields=["candidate", "-score"], name="scoring_mat_candida_0f131d_idx"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("candidate", "vacancy"), name="one_match_score_per_pair")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(_content_type_to_matching, _content_type_to_scoring),
    ]
