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
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from interviews.models import Interview, InterviewStatus, Recording, SpokenAudio
from interviews.modes import interview_mode_refresh

ALLOWED_MIME = ("video/webm", "audio/webm", "video/mp4")
MB = 1024 * 1024
MAX_FIRST_ELAPSED_MS = 120_000


class RecordingError(Exception):
    """A chunk refused; ``code`` for the room's script, the message for people."""

    status = 400

    def __init__(self, message: str, *, code: str = "bad_request") -> None:
        super().__init__(message)
        self.code = code


class RecordingQuotaError(RecordingError):
    """A limit reached: the whole recording (the room stops recording and says so), or
    the rate (``retry_after`` seconds: the room waits and sends the chunk again)."""

    def __init__(self, message: str, *, code: str, status: int, retry_after: int = 0) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Quota:
    """The recording limits of one interview (settings RECORDING_*)."""

    chunk_bytes: int
    total_bytes: int
    bytes_per_minute: int

    @classmethod
    def for_interview(cls, interview: Interview) -> Quota:
        """The total is sized by the interview's time budget when not set: the expected
        rate (the room records at about 0.5 Mbit/s, ~4 MB a minute) over the budget plus
        RECORDING_SLACK_MINUTES (late start, pauses, a reconnect)."""
        per_minute = settings.RECORDING_MB_PER_MINUTE * MB
        total = settings.RECORDING_MAX_MB * MB or int(
            settings.RECORDING_EXPECTED_MB_PER_MINUTE
            * MB
            * ((interview.time_budget_minutes or 25) + settings.RECORDING_SLACK_MINUTES)
        )
        return cls(chunk_bytes=settings.RECORDING_MAX_CHUNK_MB * MB, total_bytes=total, bytes_per_minute=per_minute)


def max_chunk_bytes() -> int:
    return settings.RECORDING_MAX_CHUNK_MB * MB


def _check_quota(interview: Interview, size: int, quota: Quota, now: datetime) -> None:
    """Refuse a chunk past the interview's total, or past the rate: the bytes stored
    since the first chunk may not exceed ``bytes_per_minute`` per minute elapsed, plus
    one minute of headroom (a reconnect sends what was queued at once)."""
    used = Recording.objects.filter(interview=interview).aggregate(size=Sum("size"), first=Min("created_at"))
    stored, first = used["size"] or 0, used["first"] or now
    if stored + size > quota.total_bytes:
        raise RecordingQuotaError(
            _("Запись интервью достигла предельного размера и остановлена. Интервью продолжается."),
            code="quota_total",
            status=413,
        )
    minutes = max(0.0, (now - first).total_seconds() / 60)
    allowance = quota.bytes_per_minute * (minutes + 1)
    if stored + size > allowance:
        wait = int(((stored + size) / quota.bytes_per_minute - 1 - minutes) * 60) + 1
        raise RecordingQuotaError(
            _("Запись передаётся слишком быстро; она продолжится через несколько секунд."),
            code="quota_rate",
            status=429,
            retry_after=max(1, wait),
        )


@dataclass(frozen=True)
class Appended:
    recording_id: int
    next_index: int
    duplicate: bool = False


def recording_append(
    *,
    interview: Interview,
    recording_id: int | None,
    index: int,
    data: bytes,
    mime_type: str,
    last: bool = False,
    elapsed_ms: int | None = None,
) -> Appended:
    """Store chunk ``index``; ``last`` (the browser stopped recording) queues the join.
    ``elapsed_ms``: how long the browser's recorder had run when it sent the chunk (the
    first chunk's figure dates the segment on the server's clock). Within the
    interview's ``Quota`` (chunk size, total, rate)."""
    quota = Quota.for_interview(interview)
    if not data:
        raise RecordingError(_("Пустой фрагмент записи."))
    if len(data) > quota.chunk_bytes:
        raise RecordingQuotaError(_("Фрагмент записи слишком большой."), code="chunk_too_large", status=413)
    base_mime = mime_type.split(";")[0].strip()
    if base_mime not in ALLOWED_MIME:
        raise RecordingError(_("Этот формат записи не поддерживается."), code="unsupported_type")
    with transaction.atomic():
        if recording_id is None:
            if index != 0:
                raise RecordingError(_("Новая запись начинается с первого фрагмента."))
            if interview.status not in (InterviewStatus.PENDING, InterviewStatus.IN_PROGRESS):
                raise RecordingError(_("Интервью уже завершено."), code="interview_over")
            # A figure past a few chunks' time is no recorder's first chunk: ignored.
            ran = timedelta(milliseconds=elapsed_ms if elapsed_ms and 0 < elapsed_ms < MAX_FIRST_ELAPSED_MS else 0)
            recording = Recording.objects.create(
                interview=interview, mime_type=base_mime, started_at=timezone.now() - ran
            )
        else:
            recording = Recording.objects.select_for_update().filter(pk=recording_id, interview=interview).first()
            if recording is None:
                raise RecordingError(_("Неизвестная запись."))
        if index < recording.chunks:
            return Appended(recording.pk, recording.chunks, duplicate=True)
        if index > recording.chunks:
            return Appended(recording.pk, recording.chunks)  # a gap: resend from next_index
        _check_quota(interview, len(data), quota, timezone.now())
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
            pk = interview.pk
            transaction.on_commit(lambda: queue_join(pk))
    return Appended(recording.pk, recording.chunks)


def queue_join(interview_id: int) -> None:
    """Make the interview's one joined recording in the background (after the
    recorder's last chunk, and when the interview ends)."""
    from django_q.tasks import async_task

    async_task("interviews.tasks.join_recording", interview_id, task_name=f"recording-join-{interview_id}")


def spoken_audio_save(*, interview_id: int, started_at: datetime, sample_rate: int, pcm: bytes) -> SpokenAudio | None:
    """Keep what the interviewer said aloud (PCM16 mono) for the joined recording."""
    if not pcm or not Interview.objects.filter(pk=interview_id).exists():
        return None
    piece = SpokenAudio(
        interview_id=interview_id,
        started_at=started_at,
        sample_rate=sample_rate,
        duration_ms=round(len(pcm) / 2 / sample_rate * 1000),
    )
    piece.file.save(f"{interview_id}-{int(started_at.timestamp() * 1000)}.pcm", ContentFile(pcm), save=False)
    piece.save()
    return piece


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


def open_parts(recording: Recording) -> File:
    """The recording's parts as one stream, in order (nothing is loaded whole)."""
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
        with open_parts(recording) as joined:
            recording.file.save(name, joined, save=False)
        recording.assembled_chunks = recording.chunks
        recording.save(update_fields=["file", "assembled_chunks", "updated_at"])
    if old and old != recording.file.name:
        default_storage.delete(old)
    return recording
