"""The interview's video recording: chunks stored as they arrive, joined at the end.

The browser numbers its chunks from 0 per recording session (a page load); a resent
chunk (after a network error) is recognised by its number and stored once, and a gap
is refused with the number the server expects, so the browser resends from there.

Object storage (S3, Yandex Object Storage, MinIO) cannot append to an object, so each
chunk is an object of its own (``recordings/parts/<interview>/<recording>/000042.part``):
a dropped connection or a closed tab keeps everything uploaded. The joined file is made
when the browser says the recording ended (a task) and again on a staff view if parts
came since: the parts are read one after another as one stream, which the S3 backend
uploads as a multipart upload (8 MB parts), so a long recording never sits in memory."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

from interviews.models import Interview, InterviewStatus, Recording
from interviews.modes import interview_mode_refresh

MAX_CHUNK_BYTES = 16 * 1024 * 1024
ALLOWED_MIME = ("video/webm", "audio/webm", "video/mp4")


class RecordingError(Exception):
    pass


@dataclass(frozen=True)
class Appended:
    recording_id: int
    next_index: int
    duplicate: bool = False


def recording_append(
    *, interview: Interview, recording_id: int | None, index: int, data: bytes, mime_type: str, last: bool = False
) -> Appended:
    """Store chunk ``index``; ``last`` (the browser stopped recording) queues the join."""
    if not data or len(data) > MAX_CHUNK_BYTES:
        raise RecordingError("bad chunk size")
    base_mime = mime_type.split(";")[0].strip()
    if base_mime not in ALLOWED_MIME:
        raise RecordingError("unsupported media type")
    with transaction.atomic():
        if recording_id is None:
            if index != 0:
                raise RecordingError("a new recording starts at chunk 0")
            if interview.status not in (InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS):
                raise RecordingError("the interview is over")
            recording = Recording.objects.create(interview=interview, mime_type=base_mime)
        else:
            recording = Recording.objects.select_for_update().filter(pk=recording_id, interview=interview).first()
            if recording is None:
                raise RecordingError("unknown recording")
        if index < recording.chunks:
            return Appended(recording.pk, recording.chunks, duplicate=True)
        if index > recording.chunks:
            return Appended(recording.pk, recording.chunks)  # a gap: resend from next_index
        name = default_storage.save(recording.part_name(index), ContentFile(data))
        if name != recording.part_name(index):
            # The storage renamed it (a stale part from a rolled-back attempt): keep one.
            default_storage.delete(recording.part_name(index))
            default_storage.delete(name)
            default_storage.save(recording.part_name(index), ContentFile(data))
        recording.chunks += 1
        recording.size += len(data)
        recording.save(update_fields=["chunks", "size", "updated_at"])
        if recording.chunks == 1 and base_mime.startswith("video/"):
            # The camera is on: a voice interview becomes «Голос и видео».
            interview_mode_refresh(interview_id=interview.pk)
        if last:
            pk = recording.pk
            transaction.on_commit(lambda: _queue_assemble(pk))
    return Appended(recording.pk, recording.chunks)


def _queue_assemble(recording_id: int) -> None:
    from django_q.tasks import async_task

    async_task("interviews.tasks.assemble_recording", recording_id, task_name=f"recording-{recording_id}")


class _PartsReader(io.RawIOBase):
    """The parts read one after another, as one unseekable stream."""

    def __init__(self, recording: Recording) -> None:
        self._names = [recording.part_name(i) for i in range(recording.chunks)]
        self._current: io.BufferedIOBase | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def,override]
        while True:
            if self._current is None:
                if not self._names:
                    return 0
                self._current = default_storage.open(self._names.pop(0), "rb")
            data = self._current.read(len(buffer))
            if data:
                buffer[: len(data)] = data
                return len(data)
            self._current.close()
            self._current = None

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
        super().close()


def _parts(recording: Recording) -> File:
    stream = io.BufferedReader(_PartsReader(recording), buffer_size=1 << 20)
    return File(stream, name="recording.webm")


def recording_assemble(*, recording_id: int) -> Recording:
    """Join the parts into one file (again only when new parts arrived since)."""
    with transaction.atomic():
        recording = Recording.objects.select_for_update().get(pk=recording_id)
        if recording.file and recording.assembled_chunks == recording.chunks:
            return recording
        old = recording.file.name if recording.file else ""
        ext = "mp4" if recording.mime_type == "video/mp4" else "webm"
        name = f"interview-{recording.interview_id}-{recording.pk}.{ext}"  # under upload_to
        with _parts(recording) as joined:
            recording.file.save(name, joined, save=False)
        recording.assembled_chunks = recording.chunks
        recording.save(update_fields=["file", "assembled_chunks", "updated_at"])
    if old and old != recording.file.name:
        default_storage.delete(old)
    return recording
