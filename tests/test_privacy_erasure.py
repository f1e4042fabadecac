"""Erasure removes a person everywhere: every row that points at him (found through
Django's model graph, so a model added later is covered too), every file of his in
storage, AI audit and admin log rows, and leaves an ErasureRecord without personal data.
Only the roles allowed may erase or export."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.db import models
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from hrcrm.models import AIAuditLog
from privacy.erasure import erasure_request_create
from privacy.models import AccessLogEntry, ErasureChannel, ErasureReason, ErasureRecord, ErasureRequest, ErasureStatus
from tests.privacy_setup import EMAIL, SURNAME, bystander, full_person, media_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


Refs = list[tuple[type[models.Model], models.Field, set[object]]]


def rows_pointing_at(candidate: Candidate) -> tuple[Refs, dict[type[models.Model], set[object]]]:
    """Walk every model's foreign keys from the candidate outwards: (model, fk field,
    ids it may point at) for each reference, and the rows reached, by model."""
    reached: dict[type[models.Model], set[object]] = defaultdict(set)
    reached[Candidate].add(candidate.pk)
    refs: Refs = []
    changed = True
    seen: set[tuple[type[models.Model], str]] = set()
    while changed:
        changed = False
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target not in reached or (model, field.name) in seen and not reached[target]:
                    continue
                ids = set(reached[target])
                found = set(model.objects.filter(**{f"{field.attname}__in": ids}).values_list("pk", flat=True))
                seen.add((model, field.name))
                if not found <= reached[model]:
                    reached[model] |= found
                    changed = True
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in reached:
                refs.append((model, field, set(reached[field.related_model])))
    return refs, reached


def text_mentions(needle: str) -> list[str]:
    """Every text-like column of every table that still contains ``needle``."""
    hits = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField, models.JSONField)):
                rows = model.objects.annotate(_t=Cast(field.name, TextField())).filter(_t__icontains=needle)
                if rows.exists():
                    hits.append(f"{model._meta.label}.{field.name}")
    return hits


def test_erase_now_leaves_no_row_no_file_and_a_record(client, admin_user, settings) -> None:
    person = full_person(admin_user)
    mine = media_files(settings.MEDIA_ROOT)
    other = bystander()
    other_files = media_files(settings.MEDIA_ROOT) - mine
    assert other_files
    client.force_login(admin_user)
    assert client.get(reverse("candidates:detail", args=[person.candidate.pk])).status_code == 200
    erasure_request_create(candidate=person.candidate, reason=ErasureReason.REQUEST, channel=ErasureChannel.STAFF)
    refs, reached = rows_pointing_at(person.candidate)
    covered = {m._meta.label for m, ids in reached.items() if ids}
    assert {
        "candidates.Candidate",
        "candidates.ConsentRecord",
        "candidates.Resume",
        "candidates.Application",
        "candidates.StageChange",
        "candidates.Note",
        "interviews.Interview",
        "interviews.Turn",
        "interviews.Recording",
        "scoring.Evaluation",
        "scoring.Decision",
        "matching.MatchScore",
        "vacancies.InviteLink",
        "privacy.ErasureRequest",
    } <= covered
    # two resumes, two recording parts, the joined recording, the PDF report
    assert len(mine) == 6, mine
    assert text_mentions(SURNAME) and text_mentions(EMAIL)

    response = client.post(reverse("privacy:erase_now", args=[person.candidate.pk]), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("candidates:list")

    for model, field, ids in refs:
        assert not model.objects.filter(**{f"{field.attname}__in": ids}).exists(), f"{model._meta.label}.{field.name}"
    assert media_files(settings.MEDIA_ROOT) == other_files
    assert text_mentions(SURNAME) == [] and text_mentions(EMAIL) == []
    assert text_mentions("+79990001122") == []
    assert not AIAuditLog.objects.filter(input_refs__candidate_id=person.candidate.pk).exists()
    assert not LogEntry.objects.filter(object_id=str(person.candidate.pk), object_repr__contains=SURNAME).exists()
    # The bystander is untouched.
    assert Candidate.objects.filter(pk=other.pk).exists()
    assert AIAuditLog.objects.filter(input_refs__candidate_id=other.pk).exists()

    record = ErasureRecord.objects.get(candidate_ref=person.candidate.pk)
    assert record.executed_by == admin_user and record.files == 6
    assert record.rows["candidates.Candidate"] == 1 and record.rows["interviews.Turn"] > 5
    assert record.rows["candidates.Resume"] == 2 and record.rows["hrcrm.AIAuditLog"] == 3
    request = ErasureRequest.objects.get(candidate_ref=person.candidate.pk)
    assert request.status == ErasureStatus.DONE and request.record == record and request.candidate is None
    # The access log keeps who looked, by internal id only.
    assert AccessLogEntry.objects.filter(candidate_ref=person.candidate.pk, user=admin_user).exists()
    page = client.get(reverse("privacy:access_log")).content.decode()
    assert f"№ {person.candidate.pk}" in page and "Запрос на удаление" in page


def test_delete_now_needs_the_confirmation_box(client, admin_user) -> None:
    person = full_person(admin_user)
    client.force_login(admin_user)
    response = client.post(reverse("privacy:erase_now", args=[person.candidate.pk]), follow=True)
    assert "Подтвердите удаление" in response.content.decode()
    assert Candidate.objects.filter(pk=person.candidate.pk).exists()


@pytest.mark.parametrize(
    ("who", "export", "request_erasure", "erase_now", "log"),
    [
        ("recruiter", 200, 302, 403, 403),
        ("manager", 403, 403, 403, 403),
        ("admin_user", 200, 302, 302, 200),
        ("outsider", 403, 403, 403, 403),
    ],
)
def test_only_allowed_roles_export_and_erase(client, request, who, export, request_erasure, erase_now, log) -> None:
    from tests import factories as f

    user = request.getfixturevalue(who)
    client.force_login(user)
    candidate = f.candidate()
    if who == "manager":  # his own vacancy's candidate: the role, not the scope, refuses
        f.application(cand=candidate, vac=f.vacancy(hiring_manager=user))
    assert client.get(reverse("privacy:export", args=[candidate.pk])).status_code == export
    assert client.post(reverse("privacy:erasure_request", args=[candidate.pk])).status_code == request_erasure
    assert ErasureRequest.objects.filter(candidate=candidate).exists() == (request_erasure == 302)
    status = client.post(reverse("privacy:erase_now", args=[candidate.pk]), {"confirm": "on"}).status_code
    assert status == erase_now
    assert Candidate.objects.filter(pk=candidate.pk).exists() == (erase_now != 302)
    assert client.get(reverse("privacy:access_log")).status_code == log


def test_anonymous_visitors_are_sent_to_login(client) -> None:
    from tests import factories as f

    candidate = f.candidate()
    for url in (reverse("privacy:export", args=[candidate.pk]), reverse("privacy:access_log")):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_staff_request_is_due_after_the_term_and_idempotent(recruiter_client, recruiter, settings) -> None:
    from tests import factories as f

    settings.ERASURE_TERM_DAYS = 30
    candidate = f.candidate()
    response = recruiter_client.post(reverse("privacy:erasure_request", args=[candidate.pk]), follow=True)
    assert "Данные будут удалены не позднее" in response.content.decode()
    recruiter_client.post(reverse("privacy:erasure_request", args=[candidate.pk]))
    request = ErasureRequest.objects.get(candidate=candidate)
    assert request.requested_by == recruiter and request.reason == ErasureReason.REQUEST
    assert abs((request.due_at - timezone.now()).total_seconds() - 30 * 86400) < 60


def test_a_staff_request_can_be_cancelled_and_is_then_never_carried_out(
    recruiter_client, recruiter, admin_client
) -> None:
    from privacy.erasure import erasure_run_due
    from tests import factories as f

    candidate = f.candidate()
    recruiter_client.post(reverse("privacy:erasure_request", args=[candidate.pk]))
    erasure = ErasureRequest.objects.get(candidate=candidate)
    page = recruiter_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "data-erasure-cancel" in page

    response = recruiter_client.post(reverse("privacy:erasure_cancel", args=[candidate.pk, erasure.pk]), follow=True)
    assert "Запрос на удаление отменён" in response.content.decode()
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.CANCELLED and erasure.cancelled_by == recruiter
    assert "data-erasure-pending" not in response.content.decode()

    assert erasure_run_due(now=timezone.now() + timedelta(days=365)) == 0
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    log = admin_client.get(reverse("privacy:access_log")).content.decode()
    assert "data-erasure-cancelled" in log and recruiter.username in log

    # Cancelling again changes nothing and says why.
    again = recruiter_client.post(reverse("privacy:erasure_cancel", args=[candidate.pk, erasure.pk]), follow=True)
    assert "Этот запрос нельзя отменить" in again.content.decode()


def test_a_withdrawal_of_consent_cannot_be_cancelled_by_staff(admin_client) -> None:
    from tests import factories as f

    candidate = f.candidate()
    erasure = erasure_request_create(
        candidate=candidate, reason=ErasureReason.WITHDRAWAL, channel=ErasureChannel.PUBLIC_PAGE
    )
    page = admin_client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert "data-erasure-pending" in page and "data-erasure-cancel" not in page
    response = admin_client.post(reverse("privacy:erasure_cancel", args=[candidate.pk, erasure.pk]), follow=True)
    assert "Этот запрос нельзя отменить" in response.content.decode()
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.PENDING


def test_managers_cannot_cancel_an_erasure_request(client, manager) -> None:
    from tests import factories as f

    candidate = f.candidate()
    f.application(cand=candidate, vac=f.vacancy(hiring_manager=manager))  # in his scope
    erasure = erasure_request_create(candidate=candidate, reason=ErasureReason.REQUEST, channel=ErasureChannel.STAFF)
    client.force_login(manager)
    assert client.post(reverse("privacy:erasure_cancel", args=[candidate.pk, erasure.pk])).status_code == 403
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.PENDING
