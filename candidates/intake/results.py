"""What extraction returns, shared by the format readers (``extract``, ``pdf_text``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_text_chars: int = 300_000
    max_pdf_pages: int = 60
    # Zip-bomb guard for DOCX, checked from the ZIP directory before anything is inflated.
    max_uncompressed_bytes: int = 60 * 1024 * 1024
    max_zip_entries: int = 2_000
    max_zip_ratio: int = 200


@dataclass
class HiddenSegment:
    text: str
    reason: str  # white_text, tiny_font, off_page, invisible_render, vanish, zero_width, tag_chars

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass
class ExtractResult:
    kind: str  # pdf | docx | txt
    text: str
    hidden: list[HiddenSegment] = field(default_factory=list)
    pages: int = 0
    encoding: str = ""
    zero_width_chars: int = 0
    # Text the document carries outside its body: DOCX page headers/footers and document
    # properties, PDF metadata. Only hints (the person's name), never parsed as the resume.
    hints: dict[str, str] = field(default_factory=dict)


def merge_hidden(segments: list[HiddenSegment]) -> list[HiddenSegment]:
    merged: list[HiddenSegment] = []
    for seg in segments:
        text = re.sub(r"\s+", " ", seg.text).strip()
        if not text:
            continue
        if merged and merged[-1].reason == seg.reason:
            merged[-1].text += " " + text
        else:
            merged.append(HiddenSegment(text, seg.reason))
    return merged
