"""Recordings on S3-compatible storage (django-storages' S3 backend, boto3) against a
local S3 server (moto in server mode, real HTTP on 127.0.0.1): chunks uploaded through
the room's endpoint are objects of their own as they come, the last chunk queues the
join, and the joined object holds exactly the bytes sent (a multipart upload when it
is large); an upload that stops half-way keeps every chunk that arrived."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import boto3
import pytest
from django.test import Client
from django.urls import reverse

from interviews.models import JoinedRecording, Recording
from interviews.recording import recording_assemble
from tests.test_interview_consumer import _setup

pytestmark = pytest.mark.django_db
BUCKET = "hrcrm-recordings"
WEBM = "video/webm;codecs=vp8,opus"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_url, settings, monkeypatch):  # type: ignore[no-untyped-def]
    """The settings ``S3_*`` env variables produce (hrcrm/settings.py), on the local server."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)  # the join task runs at once
    client = boto3.client(
        "s3", endpoint_url=s3_url, region_name="ru-central1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ru-central1"})
    settings.AWS_STORAGE_BUCKET_NAME = BUCKET
    settings.AWS_S3_ENDPOINT_URL = s3_url
    settings.AWS_S3_REGION_NAME = "ru-central1"
    settings.AWS_ACCESS_KEY_ID = "test"
    settings.AWS_SECRET_ACCESS_KEY = "test"
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_AUTH = True
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    yield client
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for obj in listed:
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _post(client: Client, token: str, index: int, data: bytes, recording: str = "", last: bool = False) -> dict:
    response = client.post(
        reverse("interviews:recording_upload", args=[token]),
        data=data,
        content_type=WEBM,
        headers={"X-Chunk-Index": str(index), "X-Recording-Id": recording, "X-Recording-Last": "1" if last else "0"},
    )
    assert response.status_code == 200, response.content
    return response.json()


def _keys(s3) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


def test_chunks_become_objects_and_the_last_one_joins_them(s3, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    token = _setup()["token"]
    browser = Client()
    # 3 MB chunks (~50 s of video each): 12 MB joined, over boto3's 8 MB multipart threshold.
    chunks = [bytes([65 + i]) * (3 * 1024 * 1024) for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        rec = str(_post(browser, token, 0, b"\x1aE\xdf\xa3" + chunks[0])["recording"])
        for i, chunk in enumerate(chunks[1:-1], start=1):
            assert _post(browser, token, i, chunk, rec)["next"] == i + 1
        assert _post(browser, token, 3, chunks[3], rec, last=True)["next"] == 4
    # The last chunk queued the interview's join; these bytes hold no media to join.
    assert not JoinedRecording.objects.exists()
    # The segment's own file (served per page load) is one multipart upload of its parts.
    recording = recording_assemble(recording_id=int(rec))
    assert recording.assembled_chunks == 4
    key = f"recordings/interview-{recording.interview_id}-{recording.pk}.webm"
    assert recording.file.name == key
    head = s3.head_object(Bucket=BUCKET, Key=key)
    assert head["ETag"].strip('"').endswith("-2")  # a multipart upload of two parts
    stored = _keys(s3)
    assert stored[key] == b"\x1aE\xdf\xa3" + b"".join(chunks)
    parts = sorted(k for k in stored if k.startswith(f"recordings/parts/{recording.interview_id}/{recording.pk}/"))
    assert len(parts) == 4 and stored[parts[1]] == chunks[1]


def test_a_dropped_upload_keeps_its_chunks_and_staff_get_them_joined(s3, recruiter_client) -> None:  # type: ignore[no-untyped-def]
    token = _setup()["token"]
    browser = Client()
    rec = str(_post(browser, token, 0, b"\x1aE\xdf\xa3header+cluster0")["recording"])
    assert _post(browser, token, 1, b"cluster1", rec)["next"] == 2
    # The tab closes here: no last chunk, no join; what arrived is in the bucket.
    recording = Recording.objects.get(pk=rec)
    stored = _keys(s3)
    prefix = f"recordings/parts/{recording.interview_id}/{recording.pk}/"
    assert {k: v for k, v in stored.items() if k.startswith(prefix)} == {
        f"{prefix}000000.part": b"\x1aE\xdf\xa3header+cluster0",
        f"{prefix}000001.part": b"cluster1",
    }
    assert not recording.file
    response = recruiter_client.get(reverse("interviews:recording_file", args=[recording.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x1aE\xdf\xa3header+cluster0cluster1"
    key = f"recordings/interview-{recording.interview_id}-{recording.pk}.webm"
    assert _keys(s3)[key] == b"\x1aE\xdf\xa3header+cluster0cluster1"
