"""The retention policy: candidates with no active application for RETENTION_DAYS are
erased unless they consented to the talent pool; a second run changes nothing."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from candidates import services
from candidates.models import Application, Candidate, ConsentRecord, Resume
from candidates.pipeline import Stage
from privacy.consents import consent_give, consent_withdraw
from privacy.models import ConsentPurpose, ErasureRecord
from privacy.retention import retention_due, retention_run
from tests import factories as f
from tests.privacy_setup import PDF, media_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path, monkeypatch):
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.RETENTION_DAYS = 365


def _age(candidate: Candidate, days: int = 400) -> Candidate:
    old = timezone.now() - timedelta(days=days)
    Candidate.objects.filter(pk=candidate.pk).update(updated_at=old)
    Application.objects.filter(candidate=candidate).update(updated_at=old)
    Resume.objects.filter(candidate=candidate).update(created_at=old)
    return candidate


def _pool(candidate: Candidate) -> None:
    consent_give(candidate=candidate, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source="t")


def test_retention_erases_the_forgotten_keeps_the_pool_and_is_idempotent(settings) -> None:
    forgotten = f.candidate(full_name="Забытый Без Откликов")
    services.candidate_attach_resume_file(candidate=forgotten, path=PDF, queue=False)
    _age(forgotten)
    rejected = f.application(stage=Stage.INVITED).candidate
    services.application_move_to_stage(
        application_id=rejected.applications.get().pk, to_stage=Stage.REJECTED, system_reason="тест"
    )
    _age(rejected)
    in_pool = f.application().candidate
    services.application_move_to_stage(
        application_id=in_pool.applications.get().pk, to_stage=Stage.REJECTED, system_reason="тест"
    )
    _pool(in_pool)
    _age(in_pool)
    left_pool = f.candidate()
    _pool(left_pool)
    consent_withdraw(
        candidate=left_pool, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source="t"
    )
    _age(left_pool)
    active = _age(f.application(stage=Stage.INTERVIEWING).candidate)
    recent = f.candidate()
    fresh_resume = _age(f.candidate())
    services.candidate_attach_resume_file(candidate=fresh_resume, path=PDF, queue=False)

    assert set(retention_due().values_list("pk", flat=True)) == {forgotten.pk, rejected.pk, left_pool.pk}
    assert retention_run() == 3
    kept = set(Candidate.objects.values_list("pk", flat=True))
    assert kept == {in_pool.pk, active.pk, recent.pk, fresh_resume.pk}
    records = ErasureRecord.objects.filter(reason="retention")
    assert set(records.values_list("candidate_ref", flat=True)) == {forgotten.pk, rejected.pk, left_pool.pk}
    assert all(r.channel == "system" and r.executed_by is None for r in records)
    assert not any("Забытый" in str(r.rows) for r in records)
    assert len(media_files(settings.MEDIA_ROOT)) == 1  # only the fresh resume is left

    assert retention_run() == 0  # idempotent
    assert ErasureRecord.objects.count() == 3

    # A year later the talent-pool candidate is still kept; the scheduled task runs daily.
    # (The schedule is read from the migration: a flushed test database has no rows.)
    tasks = importlib.import_module("privacy.migrations.0002_seed_documents_and_schedules").TASKS
    assert tasks["privacy.tasks.retention_policy_run"]["schedule_type"] == Schedule.DAILY
    _age(in_pool, days=800)
    async_task("privacy.tasks.retention_policy_run")
    assert Candidate.objects.filter(pk=in_pool.pk).exists()
    # A shorter period picks up people the longer one kept.
    settings.RETENTION_DAYS = 30
    assert set(retention_due().values_list("pk", flat=True)) == set()
    Candidate.objects.filter(pk=recent.pk).update(updated_at=timezone.now() - timedelta(days=31))
    assert set(retention_due().values_list("pk", flat=True)) == {recent.pk}


def test_a_talent_pool_consent_past_its_term_no_longer_keeps_the_candidate(settings) -> None:
    settings.TALENT_POOL_CONSENT_DAYS = 730
    long_ago = timezone.now() - timedelta(days=800)
    expired = _age(f.candidate(full_name="Давний Резервист"))
    _pool(expired)
    ConsentRecord.objects.filter(candidate=expired).update(created_at=long_ago)
    busy = _age(f.application(stage=Stage.INTERVIEWING).candidate)  # expired consent, but in a hiring process
    _pool(busy)
    ConsentRecord.objects.filter(candidate=busy).update(created_at=long_ago)
    kept = _age(f.candidate())
    _pool(kept)  # given today: within the term
    assert set(retention_due().values_list("pk", flat=True)) == {expired.pk}
    assert retention_run() == 1
    assert not Candidate.objects.filter(pk=expired.pk).exists()
    assert Candidate.objects.filter(pk__in=[busy.pk, kept.pk]).count() == 2
    # The busy candidate's consent is recorded as ended by its term (he is out of the pool).
    last = ConsentRecord.objects.filter(candidate=busy).latest("created_at")
    assert (last.granted, last.source) == (False, "term_expired")
    assert ConsentRecord.objects.filter(candidate=kept).latest("created_at").granted
    assert retention_run() == 0 and ConsentRecord.objects.filter(candidate=busy).count() == 2
