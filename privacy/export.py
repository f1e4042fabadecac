"""Export of one candidate's data (152-ФЗ art. 14: the person's right to his data):
one JSON document with every row stored about him and the original files, as a ZIP
streamed to the browser without being built in memory or on disk first.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from candidates.models import Candidate
from privacy.collect import personal_data
from privacy.models import AccessLogEntry

FORMAT = "hrcrm-personal-data/1"
# Internal machinery, not information about the person: full-text index, the embedding
# vector (384 numbers derived from the resume) and the hash of his link's secret token.
OMITTED_FIELDS = frozenset({"search_vector", "embedding", "embedding_hash", "token_hash"})
READ_CHUNK = 64 * 1024


@dataclass(frozen=True)
class ExportBundle:
    filename: str
    document_name: str
    document: bytes
    files: list[tuple[str, str]]  # (name in the archive, name in storage)


def _assemble_recordings(candidate: Candidate) -> None:
    """Recordings are joined from their parts on first view; join them for the export."""
    from interviews.models import Recording
    from interviews.recording import recording_assemble

    for recording in Recording.objects.filter(interview__application__candidate=candidate, chunks__gt=0):
        if not recording.file or recording.assembled_chunks != recording.chunks:
            recording_assemble(recording_id=recording.pk)


def _serialize(model: type[models.Model], objs: list[models.Model]) -> list[dict[str, object]]:
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in OMITTED_FIELDS]
    return [{"id": row["pk"], **row["fields"]} for row in serializers.serialize("python", objs, fields=fields)]


def candidate_export_bundle(*, candidate: Candidate) -> ExportBundle:
    """Read everything now (the stream afterwards touches only the storage)."""
    _assemble_recordings(candidate)
    data = personal_data(candidate)
    files: list[tuple[str, str]] = []
    for obj, file_field, name in data.files():
        label = getattr(obj, "original_name", "") or os.path.basename(name)
        files.append((f"files/{obj._meta.model_name}/{obj.pk}-{file_field.name}-{label}", name))
    access = AccessLogEntry.objects.filter(candidate_ref=candidate.pk).select_related("user").order_by("created_at")
    document = {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "candidate_id": candidate.pk,
        "data": {
            model._meta.label_lower: _serialize(model, objs)
            for model, objs in sorted(data.rows.items(), key=lambda item: item[0]._meta.label_lower)
        },
        "access_log": [
            {
                "when": entry.created_at,
                "who": entry.user.get_username() if entry.user else None,
                "action": entry.action,
                "object": entry.object_ref,
            }
            for entry in access
        ],
        "files": [arcname for arcname, _ in files],
        "omitted_fields": sorted(OMITTED_FIELDS),
    }
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    return ExportBundle(
        filename=f"candidate-{candidate.pk}.zip",
        document_name=f"candidate-{candidate.pk}.json",
        document=body,
        files=files,
    )


class _Sink:
    """A write-only file for ZipFile: it collects what was written until drained.
    Having no ``seek``, it makes ZipFile write streaming (data-descriptor) entries."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def zip_stream(bundle: ExportBundle) -> Iterator[bytes]:
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(bundle.document_name, bundle.document)
        yield sink.drain()
        for arcname, name in bundle.files:
            if not default_storage.exists(name):
                continue  # a row whose file was lost; the JSON still lists it
            with default_storage.open(name, "rb") as source, archive.open(arcname, "w", force_zip64=True) as target:
                while chunk := source.read(READ_CHUNK):
                    target.write(chunk)
                    yield sink.drain()
    yield sink.drain()


async def zip_stream_async(bundle: ExportBundle) -> AsyncIterator[bytes]:
    """The same stream for the ASGI server, which would otherwise read a synchronous
    iterator into memory whole before sending it."""
    chunks = zip_stream(bundle)
    while True:
        chunk = await sync_to_async(next, thread_sensitive=False)(chunks, None)
        if chunk is None:
            return
        if chunk:
            yield chunk
