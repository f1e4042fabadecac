"""Date ranges in resumes as a small grammar.

    range  := ["с"] start [unit] separator end [unit]
    start  := date | month-name            («апрель – июнь 2024»: the year comes from the end)
    end    := date | present
    date   := dd.mm.yyyy | dd.mm.yy | mm.yyyy | mm/yyyy | yyyy-mm | month-name yyyy | yyyy | mm.yy
    separator := any dash | «по» | «до» | to | until | till
    present := «по настоящее время», «н.в.», «по сегодняшний день», «в настоящем», «текущий
               момент», present, pres., till date, now, ... (any case, with or without «по»)
    unit   := «г.», «года», «год», «гг.»

Month names are matched by their stem, so every case form («январь», «января», «январе»)
and English (full, abbreviated, with or without a dot) read the same way.
"""

from __future__ import annotations

import re

MONTH_STEMS = {
    "янв": 1,
    "фев": 2,
    "мар": 3,
    "апр": 4,
    "май": 5,
    "мая": 5,
    "мае": 5,
    "июн": 6,
    "июл": 7,
    "авг": 8,
    "сен": 9,
    "окт": 10,
    "ноя": 11,
    "дек": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH_WORD = (
    r"(?<![^\W\d_])(?:январ\w*|янв|феврал\w*|фев|март\w*|мар|апрел\w*|апр|ма[йяе]|июн[ьяе]\w*|июн|июл[ьяе]\w*|июл|август\w*|авг"
    r"|сентябр\w*|сент?|октябр\w*|окт|ноябр\w*|ноя|декабр\w*|дек"
    r"|january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept?|october|oct"
    r"|november|nov|december|dec)(?![^\W\d_])\.?"
)
YEAR = r"(?:19|20)\d{2}"
DATE_TOKEN = (
    rf"(?:(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:{YEAR}|\d{{2}})(?!\d)"  # 15.03.2024, 15.03.24
    rf"|(?:0?[1-9]|1[0-2])[./]{YEAR}(?!\d)"  # 03.2024, 3/2024
    rf"|{YEAR}[-./](?:0[1-9]|1[0-2])(?!\d)"  # 2024-03
    rf"|{MONTH_WORD},?\s*{YEAR}"  # март 2024, Mar. 2024, March, 2024
    rf"|(?:0[1-9]|1[0-2])[./]\d{{2}}(?![\d.])"  # 03.24 (checked below: only with a like end)
    rf"|{YEAR})"
)
PRESENT = (
    r"(?:(?:по|до|в|на|to|till|until|up\s+to)\s+)?"
    r"(?:(?:настоящ|сегодняшн|текущ|нынешн)\w*\s+(?:время|времени|момент|момента|день|дня|дату|дата)"
    r"|настоящ(?:ее|ий|ем|его|ему)\b|наст\.?\s*(?:время|вр\.?)|н\.\s?в\.?|н/в|нв\b|сейчас|сегодня|сей\s+день"
    r"|до\s+сих\s+пор|present|pres\.|current(?:ly)?|now|today|date|ongoing|till\s+(?:now|date))"
)
UNIT = r"(?:\s*(?:г\.|гг\.|года|год|г\b))?"
SEPARATOR = r"(?:[-‐‑‒–—―−~]+|\bпо\b|\bдо\b|\bto\b|\buntil\b|\btill\b)"
DATE_RANGE = re.compile(
    rf"(?:\b[сc]\s+)?(?P<start>{DATE_TOKEN}|{MONTH_WORD}(?=\s*{SEPARATOR}\s*{MONTH_WORD}\s*,?\s*{YEAR})){UNIT}\s*"
    rf"{SEPARATOR}\s*(?P<end>{PRESENT}|{DATE_TOKEN}){UNIT}",
    re.IGNORECASE,
)
TWO_DIGIT_MONTH_YEAR = re.compile(r"(0[1-9]|1[0-2])[./](\d{2})")


def _year(text: str) -> int:
    value = int(text)
    if value >= 100:
        return value
    # Two-digit years: resumes date work from the 1970s on, never from the future.
    return 2000 + value if value <= 40 else 1900 + value


def month_of_word(word: str) -> int | None:
    return MONTH_STEMS.get(word.strip(" .,").lower()[:3])


def parse_month(token: str, *, end: bool = False) -> tuple[int, int] | None:
    """(year, month) of one date token; a bare year is its January (start) or December (end)."""
    token = token.strip().lower().rstrip(".")
    m = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})", token)
    if m:
        return _year(m.group(3)), int(m.group(2))
    m = re.fullmatch(r"(\d{1,2})[./]((?:19|20)\d{2})", token)
    if m:
        return int(m.group(2)), int(m.group(1))
    m = re.fullmatch(r"((?:19|20)\d{2})[-./](\d{2})", token)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = TWO_DIGIT_MONTH_YEAR.fullmatch(token)
    if m:
        return _year(m.group(2)), int(m.group(1))
    m = re.fullmatch(r"([a-zа-яё]+)\.?,?\s*((?:19|20)\d{2})", token)
    if m:
        month = month_of_word(m.group(1))
        return (int(m.group(2)), month) if month else None
    if re.fullmatch(r"(?:19|20)\d{2}", token):
        return int(token), 12 if end else 1
    return None


def is_present(text: str) -> bool:
    return re.fullmatch(PRESENT, text.strip(), re.IGNORECASE) is not None


def range_months(match: re.Match[str]) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    """(start, end) of a ``DATE_RANGE`` match; end None = up to now; None = not a range."""
    start_text, end_text = match.group("start"), match.group("end")
    open_end = is_present(end_text)
    end = None if open_end else parse_month(end_text, end=True)
    if not open_end and end is None:
        return None
    short_start = TWO_DIGIT_MONTH_YEAR.fullmatch(start_text.strip())
    if short_start and not (open_end or TWO_DIGIT_MONTH_YEAR.fullmatch(end_text.strip())):
        return None  # "10.15" next to a full date is a version number, not a month
    start = parse_month(start_text)
    if start is None and end is not None:
        month = month_of_word(start_text)
        if month is None:
            return None
        # «апрель – июнь 2024»: the start shares the end's year (the year before when the
        # start month comes later than the end month: «ноябрь – февраль 2024»).
        start = (end[0] if month <= end[1] else end[0] - 1, month)
    if start is None:
        return None
    if end is not None and end < start:
        return None
    return start, end


# «Ведущий инженер, АО «Марс» (с 2002 г.)», «Developer at X since 2019»: a start with no end
# is a job that runs to now. Only closed by a bracket, a comma or the line's end, so that
# «с 2010 года работаю …» in prose is left alone.
SINCE = re.compile(
    rf"(?:\(\s*|\b)(?:с|since|from)\s+(?P<start>{DATE_TOKEN}){UNIT}(?P<end>)\s*(?=\)|,?\s*\.?\s*$)",
    re.IGNORECASE,
)
