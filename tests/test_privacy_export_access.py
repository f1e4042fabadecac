"""Export of one candidate (ZIP: JSON + the original files, byte for byte) and the
access log of who opened or downloaded his data."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from privacy.models import AccessAction, AccessLogEntry
from tests.privacy_setup import CHUNKS, DOCX, PDF, SURNAME, full_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_the_export_zip_holds_every_row_and_the_original_files(recruiter_client, recruiter, admin_user) -> None:
    person = full_person(admin_user)
    response = recruiter_client.get(reverse("privacy:export", args=[person.candidate.pk]))
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/zip"
    assert f'filename="candidate-{person.candidate.pk}.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    names = archive.namelist()
    document = json.loads(archive.read(f"candidate-{person.candidate.pk}.json"))
    data = document["data"]
    assert document["candidate_id"] == person.candidate.pk
    assert data["candidates.candidate"][0]["full_name"].endswith(SURNAME)
    assert "embedding" not in data["candidates.candidate"][0] and "search_vector" not in data["candidates.candidate"][0]
    assert {c["purpose"] for c in data["candidates.consentrecord"]} == {"recruiting_interview", "talent_pool"}
    assert len(data["interviews.turn"]) > 5 and data["scoring.evaluation"][0]["result"]["criteria"]
    assert SURNAME in data["candidates.note"][0]["text"]
    assert "token_hash" not in data["vacancies.invitelink"][0]
    assert sorted(document["files"]) == sorted(n for n in names if n.startswith("files/"))

    def member(suffix: str) -> bytes:
        [name] = [n for n in names if n.endswith(suffix)]
        return archive.read(name)

    assert member(PDF.name) == PDF.read_bytes()
    assert member(DOCX.name) == DOCX.read_bytes()
    assert member(".webm") == b"".join(CHUNKS)
    [report] = [n for n in names if n.startswith("files/evaluation/")]
    assert archive.read(report).startswith(b"%PDF-")
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert entry.user == recruiter and entry.candidate_ref == person.candidate.pk


def test_viewing_and_downloading_are_logged_and_admins_see_who(client, recruiter_client, admin_user, settings) -> None:
    person = full_person(admin_user)
    pk = person.candidate.pk
    page = reverse("candidates:detail", args=[pk])
    assert recruiter_client.get(page).status_code == 200
    recruiter_client.get(page, headers={"HX-Request": "true"})  # the page refreshing itself
    recruiter_client.get(page)  # again within the window: one entry
    resume = recruiter_client.get(reverse("candidates:resume_download", args=[pk, person.pdf.pk]))
    assert b"".join(resume.streaming_content) == PDF.read_bytes()
    video = recruiter_client.get(reverse("interviews:recording_file", args=[person.recording.pk]))
    assert b"".join(video.streaming_content) == b"".join(CHUNKS)
    report = recruiter_client.get(reverse("scoring_reports:evaluation_report", args=[person.evaluation.pk]))
    assert report.status_code == 200
    log = list(AccessLogEntry.objects.filter(candidate_ref=pk).order_by("created_at", "pk"))
    assert [(e.user.username, e.action) for e in log] == [
        ("alice", AccessAction.VIEW),
        ("alice", AccessAction.RESUME),
        ("alice", AccessAction.RECORDING),
        ("alice", AccessAction.REPORT),
    ]
    assert log[0].ip_address == "127.0.0.1" and log[1].object_ref == f"resume:{person.pdf.pk}"

    settings.ACCESS_LOG_DEDUPE_SECONDS = 0
    recruiter_client.get(page)
    assert AccessLogEntry.objects.filter(candidate_ref=pk, action=AccessAction.VIEW).count() == 2

    # «Кто смотрел» is for admins only.
    assert "Кто смотрел" not in recruiter_client.get(page).content.decode()
    client.force_login(admin_user)
    html = client.get(page).content.decode()
    assert "Кто смотрел" in html and "Алиса Рекрутер" in html and "Скачал резюме" in html
    journal = client.get(reverse("privacy:access_log"), {"candidate": pk, "action": "recording"}).content.decode()
    assert "<td>Смотрел запись интервью</td>" in journal and "<td>Скачал резюме</td>" not in journal
