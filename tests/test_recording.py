"""The room's video recording over HTTP: chunks uploaded by the interview token are
stored as they come (a resent chunk once, a gap refused with the expected number), and
staff get one joined file; no other token or anonymous user can touch it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import Recording
from tests.test_interview_consumer import _setup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


WEBM = "video/webm;codecs=vp8,opus"


def _post(client: Client, token: str, index: int, data: bytes, recording: str = "") -> dict:
    response = client.post(
        reverse("interviews:recording_upload", args=[token]),
        data=data,
        content_type=WEBM,
        headers={"X-Chunk-Index": str(index), "X-Recording-Id": recording},
    )
    return {"status": response.status_code, **response.json()}


def test_chunks_append_once_in_order_and_join_for_staff(recruiter_client) -> None:  # type: ignore[no-untyped-def]
    token = _setup()["token"]
    anonymous = Client()
    first = _post(anonymous, token, 0, b"\x1aE\xdf\xa3header+cluster0")
    assert first["status"] == 200 and first["next"] == 1
    rec = str(first["recording"])
    assert _post(anonymous, token, 1, b"cluster1", rec)["next"] == 2
    assert _post(anonymous, token, 1, b"cluster1", rec)["next"] == 2  # resent after a timeout
    assert _post(anonymous, token, 3, b"cluster3", rec)["next"] == 2  # gap: resend from 2
    assert _post(anonymous, token, 2, b"cluster2", rec)["next"] == 3
    recording = Recording.objects.get(pk=rec)
    assert recording.chunks == 3 and recording.size == len(b"\x1aE\xdf\xa3header+cluster0cluster1cluster2")

    url = reverse("interviews:recording_file", args=[recording.pk])
    assert anonymous.get(url).status_code in (302, 403)
    response = recruiter_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "video/webm"
    assert b"".join(response.streaming_content) == b"\x1aE\xdf\xa3header+cluster0cluster1cluster2"
    # Seeking: byte ranges (206 with Content-Range), the last bytes, and one past the end.
    whole = b"\x1aE\xdf\xa3header+cluster0cluster1cluster2"
    part = recruiter_client.get(url, HTTP_RANGE="bytes=4-9")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 4-9/{len(whole)}"
    assert b"".join(part.streaming_content) == whole[4:10] and part["Accept-Ranges"] == "bytes"
    assert b"".join(recruiter_client.get(url, HTTP_RANGE="bytes=-8").streaming_content) == whole[-8:]
    assert b"".join(recruiter_client.get(url, HTTP_RANGE="bytes=20-").streaming_content) == whole[20:]
    assert recruiter_client.get(url, HTTP_RANGE=f"bytes={len(whole)}-").status_code == 416
    # New parts after the join are picked up by the next request.
    assert _post(anonymous, token, 3, b"cluster3", rec)["next"] == 4
    assert b"".join(recruiter_client.get(url).streaming_content).endswith(b"cluster2cluster3")
    # The candidate page plays the interview's one joined recording (tests/test_recording_join.py).
    page = recruiter_client.get(reverse("candidates:detail", args=[recording.interview.application.candidate_id]))
    assert reverse("interviews:joined_recording", args=[recording.interview_id]) in page.content.decode()


def test_other_tokens_and_bad_chunks_are_refused() -> None:
    mine = _setup()["token"]
    other = _setup(name="Иванов Иван")["token"]
    client = Client()
    rec = str(_post(client, mine, 0, b"\x1aE\xdf\xa3data")["recording"])
    assert _post(client, other, 1, b"steal", rec)["status"] == 400  # not his recording
    assert _post(client, "no-such-token", 0, b"x")["status"] == 403
    response = client.post(
        reverse("interviews:recording_upload", args=[mine]),
        data=b"<html>",
        content_type="text/html",
        headers={"X-Chunk-Index": "0"},
    )
    assert response.status_code == 400
    assert Recording.objects.get(pk=rec).chunks == 1
