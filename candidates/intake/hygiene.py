"""Text hygiene between extraction and parsing: what reaches the parser, the matcher and
the embedding model is valid Unicode a person could read.

- UTF-16 surrogate halves (an emoji split in two by a PDF library) are joined into one
  character, a lone half is dropped: a lone half cannot even be encoded as UTF-8.
- Control characters inside words («experi\\x02ence») are removed.
- Mojibake, Cyrillic text whose bytes were read in a Latin code page («Àíòîí Ãðîìîâ» is
  cp1251 read as Latin-1; KOI8-R read so looks like «áÎÔÏÎ»), is decoded back; text that
  stays unreadable after that is refused by the caller with a clear message.
"""

from __future__ import annotations

import re

# C0 and C1 control characters except tab and line breaks.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Letters of the Latin-1 supplement (À..ÿ without × and ÷): a Cyrillic byte read as Latin-1.
LATIN1_LETTER = re.compile("[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
# The upper half of a single-byte code page as Latin-1 shows it: what a Cyrillic byte becomes.
HIGH_HALF = re.compile("[\u0080-\u00ff]")
LETTER = re.compile(r"[^\W\d_]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
# Characters no resume text is made of: private-use glyph codes (a PDF font without a
# Unicode map), the replacement character, and Latin-1 letters left over from mojibake.
ODD = re.compile("[\ue000-\uf8ff\ufffd]")
_CP1252_BYTE = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252_BYTE[bytes([_byte]).decode("cp1252")] = _byte
    except UnicodeDecodeError:
        pass


def join_surrogates(text: str) -> str:
    """Pairs of UTF-16 halves become the character they encode; lone halves are dropped."""
    if not re.search("[\ud800-\udfff]", text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def _as_bytes(text: str) -> bytes | None:
    """The bytes a Latin-1/cp1252 reader turned into ``text``, or None if it was not that."""
    out = bytearray()
    for ch in text:
        code = ord(ch)
        if code < 256:
            out.append(code)
        elif ch in _CP1252_BYTE:
            out.append(_CP1252_BYTE[ch])
        else:
            return None
    return bytes(out)


def _russian_score(text: str) -> float:
    """How much ``text`` reads like ordinary Cyrillic prose: Cyrillic letters, mostly
    lower case (a wrong KOI8-R/cp1251 guess swaps the cases)."""
    lower = len(re.findall("[а-яё]", text))
    upper = len(re.findall("[А-ЯЁ]", text))
    return float(lower - upper) if lower or upper else -1e9


def _mojibake_line(line: str) -> bool:
    """Cyrillic bytes read as Latin-1 turn whole words into Latin-1 letters («Àíòîí»);
    a French or German word has one or two of them («Société», «Zürich»)."""
    if CYRILLIC.search(line) or len(LATIN1_LETTER.findall(line)) < 3:
        return False
    words = [w for w in re.findall(r"\S+", line) if HIGH_HALF.search(w)]
    high = sum(len(HIGH_HALF.findall(w)) for w in words)
    letters = sum(len(LETTER.findall(w)) for w in words)
    return high >= 0.7 * max(letters, 1)


def repair_mojibake(text: str) -> tuple[str, int]:
    """(text with mojibake lines decoded back, number of lines repaired)."""
    lines = text.split("\n")
    repaired = 0
    for index, line in enumerate(lines):
        if not _mojibake_line(line):
            continue
        raw = _as_bytes(line)
        if raw is None:
            continue
        best, best_score = line, -1e9
        for encoding in ("cp1251", "koi8_r"):
            try:
                candidate = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            score = _russian_score(candidate)
            if score > best_score:
                best, best_score = candidate, score
        if best is not line:
            lines[index] = best
            repaired += 1
    return "\n".join(lines), repaired


def remove_controls(text: str) -> str:
    return CONTROL.sub("", text)


# Private-use code points are icon-font glyphs: the Symbol/Wingdings bullets Word writes
# (U+F0B7, U+F0A7, U+F076, U+F0D8, U+F0FC, U+F0A8) are list bullets; the rest (phone,
# mail, location icons) carry no text and become a space.
PUA_BULLETS = re.compile("[\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06c\uf06e\uf075\uf0d2\uf02d\uf0be]")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def replace_private_use(text: str) -> str:
    return PRIVATE_USE.sub(" ", PUA_BULLETS.sub("•", text))


# Letters that look the same in Latin and Cyrillic. A word written mostly in one script
# with a lookalike from the other («Cтатистика» with a Latin C, «Навыĸи» with «ĸ») is
# read in its main script, so headings, skills and names match.
_LAT_TO_CYR = str.maketrans("AaBCcEeHKkMOoPpTXxyĸ", "АаВСсЕеНКкМОоРрТХхук")
_CYR_TO_LAT = str.maketrans("АаВСсЕеНКкМОоРрТХху", "AaBCcEeHKkMOoPpTXxy")
_WORD = re.compile(r"[^\W\d_]+")


def fix_homoglyphs(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        word = match.group()
        cyr = len(CYRILLIC.findall(word))
        lat = len(re.findall("[A-Za-z]", word))
        if "ĸ" in word:
            cyr += word.count("ĸ")
        if cyr and (lat or "ĸ" in word) and cyr >= lat:
            return word.translate(_LAT_TO_CYR)
        if lat and cyr and lat > cyr:
            return word.translate(_CYR_TO_LAT)
        return word

    text = _WORD.sub(fix, text)
    # «С++», «С#»: a Cyrillic С before ++ or # names the programming language.
    return re.sub(r"(?<![^\W\d_])[СсCc](?=\+\+|#)", "C", text)


def clean(text: str) -> str:
    """All of the above, in the order that keeps the bytes mojibake repair needs."""
    text = join_surrogates(text)
    text, _ = repair_mojibake(text)
    return fix_homoglyphs(remove_controls(text))


def unreadable_share(text: str) -> float:
    """Share of letter-like characters that no reader could read (after repair)."""
    letters = len(LETTER.findall(text))
    odd = len(ODD.findall(text)) + len(LATIN1_LETTER.findall(text))
    total = letters + len(ODD.findall(text))
    return odd / total if total else 0.0
