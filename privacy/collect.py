"""Everything stored about one candidate, found through Django's model graph.

Erasure and export both start here, so a model added later with a foreign key to the
candidate (or to anything of his: applications, interviews, resumes…) is deleted and
exported without anyone remembering to list it. Rows that point at him only by id or
inside JSON (the AI audit log, the admin's change log) are found by ``_loose_rows``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models import Q
from django.db.models.deletion import Collector

from candidates.models import Candidate
from hrcrm.models import AIAuditLog


@dataclass
class PersonalData:
    """The candidate's rows by model (what deleting him cascades to), plus loose rows."""

    candidate: Candidate
    rows: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def ids(self, label: str) -> list[int]:
        return [obj.pk for model, objs in self.rows.items() if model._meta.label_lower == label for obj in objs]

    def files(self) -> Iterator[tuple[models.Model, models.FileField, str]]:
        """(row, field, storage name) of every stored file among the rows."""
        for model, objs in self.rows.items():
            file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
            for obj in objs:
                for file_field in file_fields:
                    name = getattr(obj, file_field.attname).name
                    if name:
                        yield obj, file_field, name


def personal_data(candidate: Candidate) -> PersonalData:
    """Rows that deleting ``candidate`` removes, as Django's deletion collector sees them
    (``fast_deletes`` are querysets the collector would delete in bulk; read them too)."""
    collector = Collector(using=router.db_for_write(Candidate), origin=candidate)
    collector.collect([candidate])
    # A row reached by two paths (an evaluation: via its interview and its application)
    # is collected twice; keep one per primary key.
    rows: dict[type[models.Model], dict[object, models.Model]] = {}
    for model, instances in collector.data.items():
        rows.setdefault(model, {}).update((o.pk, o) for o in instances)
    for queryset in collector.fast_deletes:
        rows.setdefault(queryset.model, {}).update((o.pk, o) for o in queryset)
    return PersonalData(
        candidate=candidate,
        rows={m: sorted(objs.values(), key=lambda o: o.pk) for m, objs in rows.items() if objs},
    )


def ai_audit_rows(data: PersonalData) -> models.QuerySet[AIAuditLog]:
    """AI calls about the person: their ``input_refs`` name his candidate, resumes,
    applications or interviews; decisions are named in ``decision_ref``."""
    query = Q(input_refs__candidate_id=data.candidate.pk)
    for key, label in (
        ("resume_id", "candidates.resume"),
        ("application_id", "candidates.application"),
        ("interview_id", "interviews.interview"),
        ("evaluation_id", "scoring.evaluation"),
    ):
        ids = data.ids(label)
        if ids:
            query |= Q(**{f"input_refs__{key}__in": ids})
    decisions = [f"scoring.Decision:{pk}" for pk in data.ids("scoring.decision")]
    if decisions:
        query |= Q(decision_ref__in=decisions)
    return AIAuditLog.objects.filter(query)


def admin_log_rows(data: PersonalData) -> models.QuerySet[LogEntry]:
    """The admin's change log keeps ``str(obj)`` of edited rows — for a candidate, his name."""
    query = Q(pk__in=[])
    for model, objs in data.rows.items():
        content_type = ContentType.objects.get_for_model(model)
        query |= Q(content_type=content_type, object_id__in=[str(o.pk) for o in objs])
    return LogEntry.objects.filter(query)
