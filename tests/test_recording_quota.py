"""Recording quotas: a chunk above the size limit, the rate (bytes per minute since the
first chunk) and the interview's total (sized by its time budget by default) are
refused with a clear message for the candidate; nothing past the limit is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews import conduct
from interviews.models import Recording
from interviews.recording import MB, Quota
from tests.test_interview_consumer import _setup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _post(client: Client, token: str, index: int, size: int, recording: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("interviews:recording_upload", args=[token]),
        data=b"\x1a" * size,
        content_type="video/webm",
        headers={"X-Chunk-Index": str(index), "X-Recording-Id": recording},
    )


def test_the_default_total_is_sized_by_the_time_budget(settings) -> None:  # type: ignore[no-untyped-def]
    interview = conduct.interview_for_application(application_id=_setup()["application"].pk)
    short = Quota.for_interview(interview)
    interview.time_budget_minutes = 60
    assert Quota.for_interview(interview).total_bytes > short.total_bytes
    settings.RECORDING_MAX_MB = 50
    assert Quota.for_interview(interview).total_bytes == 50 * MB


def test_a_chunk_too_large_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RECORDING_MAX_CHUNK_MB = 1
    token = _setup()["token"]
    response = _post(Client(), token, 0, MB + 1)
    assert response.status_code == 413 and response.json()["error"] == "chunk_too_large"
    assert "слишком большой" in response.json()["message"]
    assert not Recording.objects.exists()


def test_a_burst_is_slowed_down_and_the_total_stops_the_recording(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RECORDING_MB_PER_MINUTE = 2
    settings.RECORDING_MAX_MB = 5
    token = _setup()["token"]
    client = Client()
    first = _post(client, token, 0, MB)
    rec = str(first.json()["recording"])
    assert _post(client, token, 1, MB // 2, rec).status_code == 200
    burst = _post(client, token, 2, MB, rec)  # 2.5 MB within the first minute
    assert burst.status_code == 429 and burst.json()["error"] == "quota_rate" and int(burst["Retry-After"]) >= 1
    # Minutes later the rate allows it; the total does not allow more than 5 MB.
    Recording.objects.filter(pk=rec).update(created_at=timezone.now() - timedelta(minutes=10))
    assert _post(client, token, 2, MB, rec).status_code == 200
    assert _post(client, token, 3, 2 * MB, rec).status_code == 200
    over = _post(client, token, 4, MB, rec)
    assert over.status_code == 413 and over.json()["error"] == "quota_total"
    assert "предельного размера" in over.json()["message"]
    assert Recording.objects.get(pk=rec).size == int(4.5 * MB)
