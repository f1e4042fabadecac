"""Byte ranges for recordings (RFC 9110 §14): a player asks for the part it needs, so a
reviewer can seek before the whole file has loaded. One range per request (what media
elements send); anything else gets the whole file."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def requested_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) byte of ``bytes=a-b`` / ``bytes=a-`` / ``bytes=-n`` within ``size``;
    None for no or an unsupported header; (-1, -1) for one that cannot be satisfied."""
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":  # the last n bytes
        n = int(last)
        return (max(0, size - n), size - 1) if n and size else (-1, -1)
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else (-1, -1)


def _read(file: IO[bytes], start: int, end: int) -> Iterator[bytes]:
    try:
        file.seek(start)
        left = end - start + 1
        while left > 0:
            data = file.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data
    finally:
        file.close()


def ranged_file_response(request: HttpRequest, file: IO[bytes], *, size: int, content_type: str) -> HttpResponse:
    wanted = requested_range(request.headers.get("Range", ""), size)
    if wanted is None:
        response: HttpResponse = FileResponse(file, content_type=content_type)
    elif wanted == (-1, -1):
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        start, end = wanted
        response = StreamingHttpResponse(_read(file, start, end), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response
