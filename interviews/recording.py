"""The interview's video recording: chunks appended as they arrive, joined on demand.

The browser numbers its chunks from 0 per recording session (a page load); a resent
chunk (after a network error) is recognised by its number and stored once, and a gap
is refused with the number the server expects, so the browser resends from there."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction

from interviews.models import Interview, InterviewStatus, Recording

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
    *, interview: Interview, recording_id: int | None, index: int, data: bytes, mime_type: str
) -> Appended:
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
    return Appended(recording.pk, recording.chunks)


class _Parts(File):
    """The parts read one after another, as one file, for ``storage.save``."""

    def __init__(self, recording: Recording) -> None:
        self._recording = recording
        super().__init__(None, name="recording.webm")

    def chunks(self, chunk_size: int | None = None):  # type: ignore[no-untyped-def,override]
        for index in range(self._recording.chunks):
            with default_storage.open(self._recording.part_name(index), "rb") as part:
                yield part.read()

    @property
    def size(self) -> int:  # type: ignore[override]
        return self._recording.size


def recording_assemble(*, recording_id: int) -> Recording:
    """Join the parts into one file (again only when new parts arrived since)."""
    with transaction.atomic():
        recording = Recording.objects.select_for_update().get(pk=recording_id)
        if recording.file and recording.assembled_chunks == recording.chunks:
            return recording
        old = recording.file.name if recording.file else ""
        ext = "mp4" if recording.mime_type == "video/mp4" else "webm"
        name = f"recordings/interview-{recording.interview_id}-{recording.pk}.{ext}"
        recording.file.save(name, _Parts(recording), save=False)
        recording.assembled_chunks = recording.chunks
        recording.save(update_fields=["file", "assembled_chunks", "updated_at"])
    if old and old != recording.file.name:
        default_storage.delete(old)
    return recording
