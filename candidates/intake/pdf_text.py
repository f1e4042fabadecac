"""PDF text as a reader sees it (pypdfium2), with what a reader cannot see set apart.

Each character is judged on its own: colour against what is painted under it, size,
position and render mode. Sizes are *effective* sizes: the font size times the scale of
the character's matrix (text matrix × CTM). Many producers (hh.ru exports, Figma, Mac
Quartz) write ``/F1 1 Tf`` and scale the glyphs with the matrix; the raw font size would
make every visible character look like hidden tiny text and would shrink the gap
thresholds so that words break apart («Kotl i n»).
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import Any

from candidates.intake.errors import ErrorCode, IntakeError
from candidates.intake.results import ExtractResult, HiddenSegment, Limits, merge_hidden

TINY_FONT_PT = 4.0
INVISIBLE_RENDER_MODES = {3, 7}  # FPDF_TEXTRENDERMODE_INVISIBLE, _CLIP
# pdfium reports a hyphen it found at the end of a line (a word broken over two lines) as
# U+0002; the word is joined back.
LINE_END_HYPHEN = "\x02"
# A gap wider than this many effective font sizes between two characters on one line is a
# column or table-cell break (written as a tab), not a word space.
COLUMN_GAP = 1.6
# Gaps between advance boxes narrower than this share of the size are kerning, not spaces:
# a space pdfium generated there is dropped; a gap wider than WORD_GAP without a space
# character gets one.
KERNING_GAP = 0.08
WORD_GAP = 0.22


def extract_pdf(data: bytes, limits: Limits) -> ExtractResult:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise IntakeError(ErrorCode.ENCRYPTED_FILE, str(exc))
        raise IntakeError(ErrorCode.CORRUPT_FILE, str(exc))
    try:
        n_pages = len(pdf)
        if n_pages > limits.max_pdf_pages:
            raise IntakeError(ErrorCode.TEXT_TOO_LONG, f"{n_pages} pages")
        visible_parts: list[str] = []
        hidden: list[HiddenSegment] = []
        total = 0
        for index in range(n_pages):
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:
                raise IntakeError(ErrorCode.CORRUPT_FILE, f"page {index}: {exc}")
            try:
                text, page_hidden = _pdf_page_text(page, raw)
            except pdfium.PdfiumError as exc:
                raise IntakeError(ErrorCode.CORRUPT_FILE, f"page {index}: {exc}")
            finally:
                page.close()
            visible_parts.append(text)
            hidden.extend(page_hidden)
            total += len(text)
            if total > limits.max_text_chars:
                raise IntakeError(ErrorCode.TEXT_TOO_LONG, f"> {limits.max_text_chars} chars")
        text = "\n".join(drop_repeated_edges(visible_parts))
        if not re.sub(r"\W", "", text) and not hidden:
            # No text at all: a scan (ink without a text layer) or an empty page.
            if _any_page_has_ink(pdf, min(n_pages, 3)):
                raise IntakeError(ErrorCode.NO_EXTRACTABLE_TEXT)
            raise IntakeError(ErrorCode.BLANK_DOCUMENT)
        hints = _metadata_hints(pdf)
    finally:
        pdf.close()
    return ExtractResult(kind="pdf", text=text, hidden=merge_hidden(hidden), pages=n_pages, hints=hints)


# «Страница 2 из 3», «- 2 -», «2 / 3», «Page 2 of 3»: a page number on a line of its own.
PAGE_NUMBER = re.compile(r"^\W*(?:(?:стр\.?|страница|page|p\.)\s*)?\d{1,3}(?:\s*(?:из|of|/)\s*\d{1,3})?\W*$", re.I)
EDGE_LINES = 3


def drop_repeated_edges(pages: list[str]) -> list[str]:
    """Page headers and footers: a line among the first or last lines of two or more pages
    (digits aside: «Иван Петров — стр. 2») is printed by the layout, not written in the
    resume; it is kept where it first appears and dropped from the other pages, so that it
    does not interrupt a section or pose as an employer. Bare page numbers go everywhere."""
    if len(pages) < 2:
        return [_without_page_numbers(pages[0])] if pages else pages
    split = [page.split("\n") for page in pages]

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line)).strip().lower()

    # The same edge on two pages: a line closing one page and opening the next is the
    # text running on (a company name, a course), not a header.
    seen_on: dict[tuple[str, str], set[int]] = {}
    for number, lines in enumerate(split):
        content = [ln for ln in lines if ln.strip()]
        for edge, part in (("top", content[:EDGE_LINES]), ("bottom", content[EDGE_LINES:][-EDGE_LINES:])):
            for line in part:
                if len(key(line)) >= 3:
                    seen_on.setdefault((edge, key(line)), set()).add(number)
    repeated = {k for (_edge, k), on in seen_on.items() if len(on) >= 2}
    kept_once: set[str] = set()
    out = []
    for lines in split:
        content_index = [i for i, ln in enumerate(lines) if ln.strip()]
        edges = set(content_index[:EDGE_LINES] + content_index[-EDGE_LINES:])
        page_lines = []
        for i, line in enumerate(lines):
            k = key(line)
            if i in edges and k in repeated:
                if k in kept_once:
                    continue
                kept_once.add(k)
            page_lines.append(line)
        out.append(_without_page_numbers("\n".join(page_lines)))
    return out


def _without_page_numbers(page: str) -> str:
    return "\n".join(line for line in page.split("\n") if not PAGE_NUMBER.match(line.strip()) or not line.strip())


def _any_page_has_ink(pdf: Any, pages: int) -> bool:
    """Does a rendered page show anything (a scanned page, drawn letters)? Rendered small
    and grey: a page with ink has a visible share of dark pixels."""
    for index in range(pages):
        page = pdf[index]
        try:
            bitmap = page.render(scale=0.3, grayscale=True)
            pixels = bitmap.to_numpy()
        finally:
            page.close()
        if pixels.size and float((pixels < 200).mean()) > 0.002:
            return True
    return False


def _metadata_hints(pdf: Any) -> dict[str, str]:
    import pypdfium2 as pdfium

    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        return {}  # metadata is only a hint; a broken info dictionary is not an error
    hints = {key.lower(): str(value)[:200] for key, value in meta.items() if key in {"Title", "Author", "Subject"}}
    # «D:20190512…»: when the PDF was made; the later of creation and modification.
    dates = [
        m.group(1) + "-" + m.group(2)
        for key in ("CreationDate", "ModDate")
        if (m := re.match(r"D?:?((?:19|20)\d{2})(0[1-9]|1[0-2])", str(meta.get(key, ""))))
    ]
    if dates:
        hints["date"] = max(dates)
    return hints


# A background is a simple shape: a rectangle, a band, a rounded card or tag (up to a few
# dozen segments); a word drawn as outlines has hundreds.
MAX_BACKGROUND_SEGMENTS = 40


def _pdf_backgrounds(page: Any, raw: Any) -> list[tuple[float, float, float, float, tuple[int, int, int] | None]]:
    """Filled shapes on the page (sidebars, header bands): light text on them is visible."""
    rects: list[tuple[float, float, float, float, tuple[int, int, int] | None]] = []
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in page.get_objects(max_depth=2):
        if obj.type != raw.FPDF_PAGEOBJ_PATH and obj.type != raw.FPDF_PAGEOBJ_IMAGE:
            continue
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) < 30:
            continue
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            # An image under text: treat as a dark background (we cannot see its pixels cheaply).
            rects.append((left, bottom, right, top, None))
            continue
        raw.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
        if not fill.value:
            continue
        if raw.FPDFPath_CountSegments(obj.raw) > MAX_BACKGROUND_SEGMENTS:
            # Letters drawn as outlines (some design tools export the text twice: as shapes
            # and as a text layer on top) are the same ink as the text, not a background.
            continue
        raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a)
        if a.value < 60 or min(r.value, g.value, b.value) > 245:
            continue
        rects.append((left, bottom, right, top, (r.value, g.value, b.value)))
    return rects


class _PageChars:
    """Per-character readings from one text page, with reusable ctypes buffers."""

    def __init__(self, textpage: Any, raw: Any) -> None:
        self.textpage, self.raw = textpage, raw
        self.matrix = raw.FS_MATRIX()
        self.loose = raw.FS_RECTF()
        self.left, self.right, self.bottom, self.top = (ctypes.c_double() for _ in range(4))

    def char(self, i: int) -> str:
        """The character, with a UTF-16 surrogate pair (emoji, rare CJK) read as one."""
        code = self.raw.FPDFText_GetUnicode(self.textpage, i)
        if 0xD800 <= code <= 0xDBFF:
            low = self.raw.FPDFText_GetUnicode(self.textpage, i + 1)
            if 0xDC00 <= low <= 0xDFFF:
                return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
            return ""
        if 0xDC00 <= code <= 0xDFFF:
            return ""  # the second half of a pair already read, or a lone half
        return chr(code) if code else ""

    def size(self, i: int) -> float:
        """Effective size in points: the font size scaled by the character's matrix."""
        size = float(self.raw.FPDFText_GetFontSize(self.textpage, i))
        if self.raw.FPDFText_GetMatrix(self.textpage, i, self.matrix):
            m = self.matrix
            scale = math.sqrt(abs(m.a * m.d - m.b * m.c))
            if scale > 0:
                size *= scale
        return size

    def box(self, i: int) -> tuple[float, float, float, float]:
        """The glyph's ink box (left, right, bottom, top): what the reader sees."""
        self.raw.FPDFText_GetCharBox(self.textpage, i, self.left, self.right, self.bottom, self.top)
        return self.left.value, self.right.value, self.bottom.value, self.top.value

    def advance(self, i: int, ink: tuple[float, float, float, float]) -> tuple[float, float]:
        """(left, right) of the glyph's advance box, for word gaps: ink boxes of «l» and «i»
        leave gaps inside a word that the advance boxes do not."""
        if self.raw.FPDFText_GetLooseCharBox(self.textpage, i, self.loose):
            return self.loose.left, self.loose.right
        return ink[0], ink[1]


def _pdf_page_text(page: Any, raw: Any) -> tuple[str, list[HiddenSegment]]:
    """Visible text of one page, rebuilt char by char so that each char's colour, size,
    position and render mode can be judged; wide gaps become tabs (table cells, tag lists)."""
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        count = raw.FPDFText_CountChars(textpage)
        chars = _PageChars(textpage, raw)
        backgrounds = None
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        out: list[str] = []
        hidden: list[HiddenSegment] = []
        current_hidden: list[str] = []
        current_reason = ""
        prev_right: float | None = None
        prev_adv_right = 0.0
        prev_bottom: float | None = None
        prev_size = 10.0
        pending_space = False
        join_next_line = False
        for i in range(count):
            ch = chars.char(i)
            if ch == LINE_END_HYPHEN:
                join_next_line = True
                continue
            if raw.FPDFText_IsGenerated(textpage, i) or not ch:
                if ch == "\n" and not join_next_line:
                    out.append("\n")
                    prev_right = None
                    pending_space = False
                elif ch == " ":
                    pending_space = True
                continue
            if ch in "\r\n":
                continue
            if join_next_line:
                join_next_line = False
                prev_right = None
            left, right, bottom, top = chars.box(i)
            obj = raw.FPDFText_GetTextObject(textpage, i)
            size = chars.size(i) or prev_size
            reason = ""
            cx, cy = (left + right) / 2, (bottom + top) / 2
            if obj and raw.FPDFTextObj_GetTextRenderMode(obj) in INVISIBLE_RENDER_MODES:
                # An invisible layer over a scanned image is an OCR layer, not a trick.
                if backgrounds is None:
                    backgrounds = _pdf_backgrounds(page, raw)
                if not _over_image(backgrounds, cx, cy):
                    reason = "invisible_render"
            elif not ch.isspace() and size < TINY_FONT_PT:
                reason = "tiny_font"
            elif right < 0 or left > width or top < 0 or bottom > height:
                reason = "off_page"
            else:
                if not raw.FPDFText_GetFillColor(textpage, i, r, g, b, a):
                    r.value = g.value = b.value = 0  # unknown colour space: assume ink
                    a.value = 255
                colour = (r.value, g.value, b.value)
                if a.value < 30:
                    reason = "transparent_text"
                else:
                    if backgrounds is None:
                        backgrounds = _pdf_backgrounds(page, raw)
                    # Only compare with the background when it can matter: light text, or
                    # a page that has coloured shapes at all (sidebars, bands).
                    if min(colour) > 200 or backgrounds:
                        bg = _background_at(backgrounds, cx, cy)
                        # Within 40 of the background per channel: #EEE on white is hidden,
                        # a faint-but-readable #CCC is not. Over an image the background is
                        # unknown, so nothing there is called hidden by its colour.
                        if bg is not None and _near(colour, bg, 40):
                            reason = "white_text" if bg == (255, 255, 255) else "background_colour"
            if reason:
                if current_reason and current_reason != reason and current_hidden:
                    hidden.append(HiddenSegment("".join(current_hidden), current_reason))
                    current_hidden = []
                if pending_space and current_hidden:
                    current_hidden.append(" ")
                current_hidden.append(ch)
                current_reason = reason
                pending_space = False
                continue
            if current_hidden:
                hidden.append(HiddenSegment("".join(current_hidden), current_reason))
                current_hidden, current_reason = [], ""
            if ch == " ":
                pending_space = True
                continue
            line_size = max(size, prev_size) if prev_right is not None else size
            same_line = prev_bottom is not None and abs(bottom - prev_bottom) < line_size * 0.8
            # Columns are judged on ink (what the eye sees as a gutter), word spaces on the
            # advance boxes (ink gaps inside «Kotlin» are not spaces). The advance gap is
            # never wider than the ink gap, so without a space character a narrow ink gap
            # settles it and the advance box is not read.
            ink_gap = left - prev_right if prev_right is not None and same_line else None
            if ink_gap is not None and (pending_space or ink_gap > line_size * WORD_GAP):
                adv_left, adv_right = chars.advance(i, (left, right, bottom, top))
                gap: float | None = adv_left - prev_adv_right
            else:
                adv_left, adv_right = left, right
                gap = ink_gap
            if prev_right is not None and same_line and left - prev_right > line_size * COLUMN_GAP:
                if out and out[-1] not in "\n\t":
                    out.append("\t")
            elif out and out[-1] not in " \n\t" and _space_between(pending_space, gap, line_size):
                out.append(" ")
            pending_space = False
            out.append(ch)
            prev_right, prev_adv_right, prev_bottom, prev_size = right, adv_right, bottom, size
        if current_hidden:
            hidden.append(HiddenSegment("".join(current_hidden), current_reason))
        return "".join(out), hidden
    finally:
        textpage.close()


def _space_between(pending_space: bool, gap: float | None, size: float) -> bool:
    """A word space from the glyph boxes: a space character (written or generated by
    pdfium) counts unless the glyphs actually touch; a wide gap without one counts too."""
    if gap is None:
        return pending_space
    if gap < -size:
        return True  # a jump back to the left on the same line: a new run, never one word
    if pending_space:
        return gap > size * KERNING_GAP
    return gap > size * WORD_GAP


def _near(c1: tuple[int, int, int], c2: tuple[int, int, int], tolerance: int) -> bool:
    return max(abs(x - y) for x, y in zip(c1, c2, strict=True)) <= tolerance


def _background_at(rects: list[Any], x: float, y: float) -> tuple[int, int, int] | None:
    # The last drawn shape under the point wins (content-stream order = paint order);
    # an image is "unknown, assume visible" (None): its pixels are not read, and a title
    # set over a picture or a word-art band is dark or light text alike.
    colour: tuple[int, int, int] | None = (255, 255, 255)
    for left, bottom, right, top, fill in rects:
        if left <= x <= right and bottom <= y <= top:
            colour = fill
    return colour


def _over_image(rects: list[Any], x: float, y: float) -> bool:
    return any(fill is None and left <= x <= right and bottom <= y <= top for left, bottom, right, top, fill in rects)
