"""Text extraction from PDF, DOCX and TXT with hostile-file guards.

Everything a person would not see (white or background-coloured text, tiny fonts,
text outside the page, invisible render mode, DOCX hidden runs, zero-width and Unicode
"tag" characters) is separated from the visible text: ``ExtractResult.text`` holds only
what a reader sees; ``hidden`` keeps the rest for the recruiter's flag panel. Nothing
downstream (parser, LLM, matcher) ever receives the hidden part.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from candidates.intake import hygiene
from candidates.intake.errors import ErrorCode, IntakeError
from candidates.intake.pdf_text import extract_pdf
from candidates.intake.results import ExtractResult, HiddenSegment, Limits, merge_hidden

__all__ = ["ExtractResult", "HiddenSegment", "Limits", "extract_bytes", "extract_file", "sniff"]


# --- type sniffing -------------------------------------------------------------------

SUPPORTED = {".pdf", ".docx", ".txt"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """The real type from magic bytes: pdf, docx, zip, ole, encrypted_ole, image, text, binary."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return "zip"
    if data.startswith(OLE_MAGIC):
        # Password-protected Office files are OLE containers holding "EncryptedPackage".
        if "EncryptedPackage".encode("utf-16-le") in data[:65536] or b"EncryptedPackage" in data[:65536]:
            return "encrypted_ole"
        return "ole"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        return "binary"
    return "text"


def extract_bytes(data: bytes, filename: str, limits: Limits | None = None) -> ExtractResult:
    """Extract visible text (and hidden text separately) or raise ``IntakeError``."""
    limits = limits or Limits()
    ext = Path(filename).suffix.lower()
    if len(data) == 0:
        raise IntakeError(ErrorCode.EMPTY_FILE)
    if len(data) > limits.max_bytes:
        raise IntakeError(ErrorCode.FILE_TOO_LARGE, f"{len(data)} > {limits.max_bytes}")
    if ext not in SUPPORTED:
        raise IntakeError(ErrorCode.UNSUPPORTED_FORMAT, ext or "no extension")
    real = sniff(data)
    if real == "encrypted_ole" and ext == ".docx":
        raise IntakeError(ErrorCode.ENCRYPTED_FILE, "password-protected Office document")
    expected = {".pdf": "pdf", ".docx": "zip", ".txt": "text"}[ext]
    if real != expected:
        # The extension lies (e.g. a DOCX renamed to .pdf): refuse rather than guess, so the
        # recruiter learns the file is not what it claims to be.
        raise IntakeError(ErrorCode.INVALID_FILE_FORMAT, f"extension {ext}, content {real}")
    if ext == ".pdf":
        result = extract_pdf(data, limits)
    elif ext == ".docx":
        result = extract_docx(data, limits)
    else:
        result = extract_txt(data, limits)
    # Surrogate halves first: Unicode tag characters (smuggled text) are outside the BMP too.
    result.text = hygiene.join_surrogates(result.text)
    result.text = _strip_invisible_chars(result)
    result.text = hygiene.clean(result.text)
    if hygiene.unreadable_share(result.text) > 0.3:
        raise IntakeError(ErrorCode.UNREADABLE_TEXT)
    result.text = normalise_text(hygiene.replace_private_use(result.text))
    if len(result.text) > limits.max_text_chars:
        raise IntakeError(ErrorCode.TEXT_TOO_LONG, f"{len(result.text)} chars")
    if len(re.sub(r"\W", "", result.text)) < 20:
        raise IntakeError(ErrorCode.NO_EXTRACTABLE_TEXT)
    return result


def extract_file(path: Path, limits: Limits | None = None) -> ExtractResult:
    limits = limits or Limits()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise IntakeError(ErrorCode.FILE_TOO_LARGE, f"{size} > {limits.max_bytes}")
    return extract_bytes(path.read_bytes(), path.name, limits)


# --- invisible characters --------------------------------------------------------------

ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\u206a-\u206f\ufeff\u00ad\u180e]")
TAG_CHARS = re.compile("[\U000e0000-\U000e007f]+")


def _strip_invisible_chars(result: ExtractResult) -> str:
    text = result.text
    # Unicode tag characters smuggle ASCII that no reader sees; decode it for the flag.
    for match in TAG_CHARS.finditer(text):
        decoded = "".join(chr(ord(ch) - 0xE0000) for ch in match.group() if 0xE0020 <= ord(ch) <= 0xE007E)
        if decoded.strip():
            result.hidden.append(HiddenSegment(decoded.strip(), "tag_chars"))
    text = TAG_CHARS.sub("", text)
    result.zero_width_chars += len(ZERO_WIDTH.findall(text))
    return ZERO_WIDTH.sub("", text)


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    # Typographic ligatures (ﬁ, ﬂ, ﬀ, ﬃ, ﬄ, ﬅ, ﬆ) are two or three letters: «tensorﬂow».
    text = re.sub("[\ufb00-\ufb06]", lambda m: unicodedata.normalize("NFKC", m.group()), text)
    lines = [re.sub(r" *\t[ \t]*", "\t", re.sub(r"[ \f\v]+", " ", line)).strip(" \t") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- DOCX ------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"


def _check_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError) as exc:
        raise IntakeError(ErrorCode.CORRUPT_FILE, repr(exc))
    if len(infos) > limits.max_zip_entries:
        raise IntakeError(ErrorCode.FILE_TOO_LARGE_UNCOMPRESSED, f"{len(infos)} entries")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise IntakeError(ErrorCode.FILE_TOO_LARGE_UNCOMPRESSED, f"{total} bytes uncompressed")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > limits.max_zip_ratio * max(info.compress_size, 1):
            raise IntakeError(ErrorCode.FILE_TOO_LARGE_UNCOMPRESSED, f"{info.filename} ratio")
        if info.flag_bits & 0x1:
            raise IntakeError(ErrorCode.ENCRYPTED_FILE, info.filename)
    names = {info.filename for info in infos}
    if "word/document.xml" not in names:
        raise IntakeError(ErrorCode.INVALID_FILE_FORMAT, "zip without word/document.xml")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str, limits: Limits) -> bytes | None:
    try:
        with archive.open(name) as fh:
            # Read at most the declared budget: a lying ZIP directory cannot inflate more.
            data = fh.read(limits.max_uncompressed_bytes + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        # zipfile reports damage through many types (bad CRC, bad deflate stream,
        # unsupported compression, encrypted member): all mean "cannot be read".
        raise IntakeError(ErrorCode.CORRUPT_FILE, repr(exc))
    if len(data) > limits.max_uncompressed_bytes:
        raise IntakeError(ErrorCode.FILE_TOO_LARGE_UNCOMPRESSED, name)
    return data


def _xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise IntakeError(ErrorCode.CORRUPT_FILE, str(exc))


def _on(el: etree._Element | None, tag: str) -> bool:
    """A boolean run property (w:vanish, w:b...) that is present and not switched off."""
    if el is None:
        return False
    prop = el.find(W + tag)
    if prop is None:
        return False
    return prop.get(W + "val", "true") not in {"0", "false", "off"}


class _DocxStyles:
    def __init__(self, root: etree._Element | None) -> None:
        self.hidden: set[str] = set()
        self.names: dict[str, str] = {}
        if root is None:
            return
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId", "")
            name = style.find(W + "name")
            self.names[sid] = name.get(W + "val", sid) if name is not None else sid
            if _on(style.find(W + "rPr"), "vanish"):
                self.hidden.add(sid)


def _run_hidden_reason(run: etree._Element, styles: _DocxStyles) -> str:
    rpr = run.find(W + "rPr")
    if rpr is None:
        return ""
    if _on(rpr, "vanish") or _on(rpr, "specVanish") or _on(rpr, "webHidden"):
        return "vanish"
    rstyle = rpr.find(W + "rStyle")
    if rstyle is not None and rstyle.get(W + "val") in styles.hidden:
        return "vanish"
    size = rpr.find(W + "sz")
    if size is not None and (size.get(W + "val") or "").isdigit() and int(size.get(W + "val")) < 8:
        return "tiny_font"  # half-points: < 4 pt
    color = rpr.find(W + "color")
    shading = rpr.find(W + "shd")
    highlight = rpr.find(W + "highlight")
    has_background = (
        shading is not None and (shading.get(W + "fill") or "auto").lower() not in {"auto", "ffffff"}
    ) or (highlight is not None and highlight.get(W + "val") not in {None, "none", "white"})
    if color is not None and not has_background:
        value = (color.get(W + "val") or "").lower()
        if re.fullmatch(r"[0-9a-f]{6}", value):
            rgb = (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
            if min(rgb) >= 235:
                return "white_text"
    return ""


def _paragraph_text(p: etree._Element, styles: _DocxStyles, hidden: list[HiddenSegment]) -> str:
    ppr = p.find(W + "pPr")
    pstyle = ppr.find(W + "pStyle") if ppr is not None else None
    para_hidden = pstyle is not None and pstyle.get(W + "val") in styles.hidden
    parts: list[str] = []
    for run in p.iter(W + "r"):
        reason = "vanish" if para_hidden else _run_hidden_reason(run, styles)
        chunk: list[str] = []
        for node in run:
            if node.tag == W + "t":
                chunk.append(node.text or "")
            elif node.tag == W + "tab":
                chunk.append("\t")
            elif node.tag in (W + "br", W + "cr"):
                chunk.append("\n")
        text = "".join(chunk)
        if not text:
            continue
        if reason:
            hidden.append(HiddenSegment(text, reason))
        else:
            parts.append(text)
    text = "".join(parts)
    style = styles.names.get(pstyle.get(W + "val"), "") if pstyle is not None else ""
    numbered = ppr is not None and ppr.find(W + "numPr") is not None
    if text.strip() and (numbered or style.lower().startswith("list")):
        text = "• " + text
    return text


def _docx_blocks(body: etree._Element, styles: _DocxStyles, hidden: list[HiddenSegment]) -> list[str]:
    lines: list[str] = []
    for block in body:
        if block.tag == W + "p":
            lines.append(_paragraph_text(block, styles, hidden))
        elif block.tag == W + "tbl":
            lines.extend(_docx_table(block, styles, hidden))
        elif block.tag == W + "sdt":
            content = block.find(W + "sdtContent")
            if content is not None:
                lines.extend(_docx_blocks(content, styles, hidden))
    return lines


def _docx_table(tbl: etree._Element, styles: _DocxStyles, hidden: list[HiddenSegment]) -> list[str]:
    """A row of one-line cells becomes one ``a | b`` line (key-value tables); a row with
    multi-paragraph cells becomes the cells' lines in order (layout tables)."""
    lines: list[str] = []
    for row in tbl.iter(W + "tr"):
        cells: list[list[str]] = []
        for tc in row.iter(W + "tc"):
            cell_lines = [ln for ln in _docx_blocks(tc, styles, hidden) if ln.strip()]
            if cell_lines:
                cells.append(cell_lines)
        if not cells:
            continue
        if all(len(c) == 1 for c in cells):
            lines.append(" | ".join(c[0] for c in cells))
        else:
            for c in cells:
                lines.extend(c)
        lines.append("")
    return lines


def extract_docx(data: bytes, limits: Limits) -> ExtractResult:
    archive = _check_zip(data, limits)
    with archive:
        document = _read_member(archive, "word/document.xml", limits)
        styles_xml = _read_member(archive, "word/styles.xml", limits)
        parts = sorted(n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        page_parts = [(name, _read_member(archive, name, limits)) for name in parts]
        core = _read_member(archive, "docProps/core.xml", limits)
    styles = _DocxStyles(_xml(styles_xml) if styles_xml else None)
    root = _xml(document or b"")
    body = root.find(W + "body")
    if body is None:
        raise IntakeError(ErrorCode.CORRUPT_FILE, "no w:body")
    hidden: list[HiddenSegment] = []
    lines: list[str] = []
    footer_lines: list[str] = []
    # Page headers open the text (a name or contacts printed on every page); footers are
    # kept only as hints. Word stores up to three variants (first, even, default pages),
    # usually with the same text: each line is taken once.
    for name, part in page_parts:
        if not part:
            continue
        target = lines if "header" in name else footer_lines
        for line in _docx_part_lines(_xml(part), styles, hidden):
            if not line.strip() or line not in target:
                target.append(line)
    lines.extend(_docx_part_lines(body, styles, hidden))
    hints = {"footer": "\n".join(ln for ln in footer_lines if ln.strip())[:500]}
    hints.update(_docx_properties(core))
    return ExtractResult(
        kind="docx",
        text="\n".join(lines),
        hidden=merge_hidden(hidden),
        pages=0,
        hints={k: v for k, v in hints.items() if v},
    )


def _docx_part_lines(part: etree._Element, styles: _DocxStyles, hidden: list[HiddenSegment]) -> list[str]:
    # Text boxes (sidebars in designer templates, names in page headers) hold whole
    # paragraphs inside a run; Word also stores each box twice (mc:Choice and a VML
    # mc:Fallback). Drop the fallback copy, lift the boxes out and read them as blocks of
    # their own, before the rest of the part.
    lines: list[str] = []
    for fallback in list(part.iter(MC + "Fallback")):
        fallback.getparent().remove(fallback)
    for box in list(part.iter(W + "txbxContent")):
        box.getparent().remove(box)
        lines.extend(_docx_blocks(box, styles, hidden))
        lines.append("")
    lines.extend(_docx_blocks(part, styles, hidden))
    return lines


DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"


def _docx_properties(core: bytes | None) -> dict[str, str]:
    """The document's author and title (docProps/core.xml): hints for the person's name."""
    if not core:
        return {}
    try:
        root = _xml(core)
    except IntakeError:
        return {}  # damaged properties are not a damaged resume
    found = {"author": root.find(DC + "creator"), "title": root.find(DC + "title")}
    hints = {key: (el.text or "").strip()[:200] for key, el in found.items() if el is not None and el.text}
    dates = [
        m.group(1) + "-" + m.group(2)
        for el in (root.find(DCTERMS + "created"), root.find(DCTERMS + "modified"))
        if el is not None and (m := re.match(r"((?:19|20)\d{2})-(0[1-9]|1[0-2])", el.text or ""))
    ]
    if dates:
        hints["date"] = max(dates)
    return hints


# --- TXT -------------------------------------------------------------------------------


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode plain text: BOMs first, then strict UTF-8, then charset detection (cp1251,
    KOI8-R, ...); returns (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["cp1251", "koi8_r", "cp866", "mac_cyrillic", "latin_1"]).best()
    encoding = best.encoding if best is not None else "cp1251"
    return data.decode(encoding, errors="replace"), encoding


def extract_txt(data: bytes, limits: Limits) -> ExtractResult:
    if len(data) > limits.max_text_chars * 4:
        raise IntakeError(ErrorCode.TEXT_TOO_LONG, f"{len(data)} bytes of text")
    text, encoding = decode_text(data)
    if "\x00" in text:
        raise IntakeError(ErrorCode.INVALID_FILE_FORMAT, "binary content in a .txt file")
    return ExtractResult(kind="txt", text=_markup_to_text(text), encoding=encoding)


def _markup_to_text(text: str) -> str:
    """Plain-text resumes are often Markdown with bits of HTML: line breaks written as
    «<br/>», images, links and table rulers. The text a reader sees is kept."""
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^)]+)\)", r"\1 (\2)", text)  # links: text and address
    text = re.sub(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$", "", text)  # | --- | :--- |
    return re.sub(r"(?m)^[ \t]*\|(?:[ \t]*\|)*[ \t]*|[ \t]*\|[ \t]*$", "", text)  # outer table pipes
