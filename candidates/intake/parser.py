"""Offline resume parser: visible text → ``Profile`` with rules, dictionaries, natasha
and phonenumbers. No network, no keys.

The text is cut into sections by their headings (Russian and English, hh.ru export
labels included); contacts come from the whole document, jobs from the experience
section (date ranges anchor each job; title and company are found around them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers

from candidates.intake import names, skills
from candidates.intake.dictionaries import DEGREES, LEVEL_WORDS, ORG_MARKERS, TITLE_WORDS, find_cities, language_code
from candidates.intake.schema import Education, Job, LanguageSkill, NameParts, Profile, Salary

SECTION_WORDS: dict[str, list[str]] = {
    "experience": [
        "опыт работы",
        "опыт",
        "experience",
        "work experience",
        "professional experience",
        "employment history",
        "employment",
        "трудовая деятельность",
        "места работы",
        "карьера",
        "career",
        "work history",
        "опыт работы и достижения",
    ],
    "education": ["образование", "education", "основное образование", "высшее образование", "academic background"],
    "courses": [
        "курсы",
        "курсы и сертификаты",
        "сертификаты",
        "certifications",
        "certificates",
        "courses",
        "courses & certificates",
        "courses and certificates",
        "повышение квалификации, курсы",
        "повышение квалификации",
        "дополнительное образование",
        "тренинги",
        "training",
        "сертификаты и курсы",
        "certificates & courses",
        "licenses & certifications",
    ],
    "skills": [
        "навыки",
        "ключевые навыки",
        "профессиональные навыки",
        "skills",
        "key skills",
        "technical skills",
        "технологии",
        "стек",
        "стек технологий",
        "tech stack",
        "компетенции",
        "hard skills",
        "технические навыки",
        "core skills",
        "инструменты",
        "tools",
        "skills & tools",
    ],
    "languages": ["языки", "знание языков", "languages", "иностранные языки", "language skills", "владение языками"],
    "about": [
        "о себе",
        "обо мне",
        "summary",
        "profile",
        "about",
        "about me",
        "цель",
        "дополнительная информация",
        "личные качества",
        "professional summary",
        "objective",
        "soft skills",
        "хобби",
        "interests",
        "гражданство, время в пути до работы",
        "специализации",
    ],
    "contacts": ["контакты", "contact", "contacts", "контактная информация", "contact information"],
    "position": ["желаемая должность и зарплата", "желаемая должность"],
    "ignore": ["ключевые навыки и инструменты"],
}
_HEADINGS = {word: section for section, words in SECTION_WORDS.items() for word in words}

MONTHS = {
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
DATE_TOKEN = (
    r"(?:(?:0?[1-9]|1[0-2])[./](?:19|20)\d{2}|(?:19|20)\d{2}[-./](?:0[1-9]|1[0-2])(?!\d)"
    r"|[A-Za-zА-Яа-яЁё]{3,}\.?\s+(?:19|20)\d{2}|(?:19|20)\d{2})"
)
PRESENT = (
    r"(?:по\s+)?(?:настоящее\s+время|наст\.?\s*время|н\.\s?в\.?|сейчас|текущее\s+время|present|current|now|today"
    r"|till\s+now|to\s+date|currently)"
)
DATE_RANGE = re.compile(
    rf"(?:\b[сc]\s+)?(?P<start>{DATE_TOKEN})\s*(?:г\.|года|гг\.)?\s*(?:[-–—]+|\bпо\b|\bto\b|\buntil\b)\s*"
    rf"(?P<end>{PRESENT}|{DATE_TOKEN})\s*(?:г\.|года)?",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[•▪·●◦○■□➢✓✔►▸]|[*\-–—]\s)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
TELEGRAM = [
    re.compile(r"(?:https?://)?t\.me/([A-Za-z0-9_]{4,32})", re.IGNORECASE),
    re.compile(
        r"(?:telegram|телеграм|телеграмм|tg)\s*(?:[:—–\-]|\s)\s*@?([A-Za-z][A-Za-z0-9_]{3,31})\b", re.IGNORECASE
    ),
    re.compile(r"(?<![\w.@])@([A-Za-z][A-Za-z0-9_]{3,31})\b(?!\.[a-z])"),
]
SALARY = re.compile(
    r"(?P<from>от\s*|from\s*)?(?P<cur1>[$€])?\s*(?P<amount>\d{1,3}(?:[ \u00a0.,]?\d{3})+|\d+\s*(?:тыс\.?|k))\s*"
    r"(?P<cur>₽|руб(?:\.|лей|ля)?|р\.|rub|RUB|\$|usd|USD|€|eur|EUR)?",
    re.IGNORECASE,
)
SALARY_LABEL = re.compile(r"(зарплат|доход|ожидани|salary|compensation|expected pay|оклад|вознагражд)", re.IGNORECASE)
CITY_LABEL = re.compile(
    r"(город проживания|город|проживает|проживаю|location|city|место жительства|адрес|локация|based in|\bг\.)"
    r"\s*[:|—–-]?\s*",
    re.IGNORECASE,
)
DURATION = re.compile(r"^\d+\s*(год|года|лет|мес|year|month)", re.IGNORECASE)


@dataclass
class Sections:
    header: list[str] = field(default_factory=list)
    by_name: dict[str, list[str]] = field(default_factory=dict)
    order: list[tuple[str, int]] = field(default_factory=list)  # (section, line index) for every line


def _heading_key(line: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[#*_=:|]+", " ", line)).strip().lower().replace("ё", "е")


def detect_heading(line: str) -> tuple[str, str] | None:
    """(section, rest of line) when ``line`` starts a section."""
    stripped = line.strip()
    if not stripped or len(stripped) > 200:
        return None
    key = _heading_key(stripped)
    if key in _HEADINGS and len(stripped) < 60:
        return _HEADINGS[key], ""
    # "Опыт работы — 6 лет 2 месяца" (hh.ru), "Experience (7 years)"
    m = re.match(r"^(опыт работы|work experience|experience)\s*[—–(\-:]\s*\d", key)
    if m:
        return "experience", ""
    # Inline label and content: "Навыки\tPython FastAPI", "Навыки | 1С:ЗУП", "Languages: English — B2".
    m = re.match(r"^([^\t|:]{3,40}?)\s*(?:\t|\s\|\s|:\s)\s*(.+)$", stripped)
    if m:
        label = _heading_key(m.group(1))
        section = _HEADINGS.get(label)
        rest = m.group(2).strip()
        if section == "languages" and not language_code(re.split(r"[\s—–-]", rest)[0]):
            return None
        if section in {"skills", "languages", "position"}:
            return section, rest
    return None


def split_sections(lines: list[str]) -> Sections:
    result = Sections()
    current = "header"
    for index, line in enumerate(lines):
        heading = detect_heading(line)
        if heading:
            current, rest = heading
            if current == "ignore":
                current = "about"
            result.order.append((current, index))
            if rest:
                result.by_name.setdefault(current, []).append(rest)
            else:
                result.by_name.setdefault(current, [])
            continue
        result.order.append((current, index))
        if current == "header":
            result.header.append(line)
        else:
            result.by_name.setdefault(current, []).append(line)
    return result


# --- contacts ------------------------------------------------------------------------------


def find_email(text: str) -> str | None:
    m = EMAIL.search(text)
    return m.group().lower().rstrip(".") if m else None


def find_phone(text: str) -> str | None:
    for match in phonenumbers.PhoneNumberMatcher(text, "RU", leniency=phonenumbers.Leniency.VALID):
        number = match.number
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def find_telegram(text: str) -> str | None:
    without_emails = EMAIL.sub(" ", text)
    for pattern in TELEGRAM:
        m = pattern.search(without_emails)
        if m:
            return "@" + m.group(1).lower()
    return None


# --- dates and experience --------------------------------------------------------------------


def parse_month(token: str, *, end: bool = False) -> tuple[int, int] | None:
    token = token.strip().lower().rstrip(".")
    m = re.fullmatch(r"(\d{1,2})[./]((?:19|20)\d{2})", token)
    if m:
        return int(m.group(2)), int(m.group(1))
    m = re.fullmatch(r"((?:19|20)\d{2})[-./](\d{2})", token)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.fullmatch(r"([a-zа-яё]+)\.?\s+((?:19|20)\d{2})", token)
    if m:
        month = MONTHS.get(m.group(1)[:3])
        return (int(m.group(2)), month) if month else None
    m = re.fullmatch(r"(?:19|20)\d{2}", token)
    if m:
        return int(token), 12 if end else 1
    return None


def months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


def total_months(jobs: list[Job], as_of: tuple[int, int]) -> int | None:
    """Union of job intervals, both ends inclusive, open end = ``as_of`` (corpus convention)."""
    covered: set[int] = set()
    for job in jobs:
        if not job.start:
            continue
        sy, sm = map(int, job.start.split("-"))
        ey, em = map(int, job.end.split("-")) if job.end else as_of
        start, stop = sy * 12 + sm - 1, ey * 12 + em - 1
        if stop < start or stop - start > 600:
            continue
        covered.update(range(start, stop + 1))
    return len(covered) if covered else None


def stated_experience(text: str) -> int | None:
    """hh.ru's own total ("Опыт работы — 6 лет 2 месяца"), used only when no job dates parse."""
    m = re.search(r"опыт работы\s*[—–-]\s*(?:(\d+)\s*(?:год|года|лет))?\s*(?:(\d+)\s*месяц)?", text, re.I)
    if not m or not (m.group(1) or m.group(2)):
        return None
    return int(m.group(1) or 0) * 12 + int(m.group(2) or 0)


def _fmt(ym: tuple[int, int]) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"


_ENDS_WITH_DATE = re.compile(rf"(?:^|\s)(?:{DATE_TOKEN})\s*(?:г\.)?\s*[-–—]?\s*$", re.IGNORECASE)
_STARTS_RANGE_END = re.compile(rf"^\s*(?:[-–—]|{PRESENT}|(?:{DATE_TOKEN})\s*$)", re.IGNORECASE)


def _join_broken_dates(lines: list[str]) -> list[str]:
    """hh.ru and table layouts break "Сентябрь 2023 —" / "настоящее время" over lines."""
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        if (
            prev
            and not is_bullet(prev)
            and len(prev) < 60
            and (
                (_ENDS_WITH_DATE.search(prev) and _STARTS_RANGE_END.match(line) and not DATE_RANGE.search(prev))
                or (
                    re.search(r"(настоящее|по|наст\.)\s*$", prev, re.I)
                    and re.match(r"\s*(время|настоящее)", line, re.I)
                )
            )
        ):
            out[-1] = prev.rstrip() + " " + line.strip()
        else:
            out.append(line)
    return out


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))


def _clean(line: str) -> str:
    line = re.sub(r"[#*_`]+", " ", line)
    line = BULLET.sub("", line)
    return re.sub(r"\s+", " ", line).strip(" \t|·,;")


def title_like(text: str) -> bool:
    return bool(TITLE_WORDS.search(text)) and len(text) <= 100 and not text.endswith(".")


def company_like(text: str) -> bool:
    return bool(ORG_MARKERS.search(text))


def _is_location(text: str) -> bool:
    text = text.strip(" ,·|")
    if not text:
        return True
    if re.fullmatch(r"(remote|удал[её]нно|удал[её]нка|office|офис|hybrid|гибрид|on-?site)", text, re.I):
        return True
    cities = find_cities(text)
    return bool(cities) and cities[0][0] <= 1 and len(text) < 60 and not company_like(text)


def _strip_company(text: str) -> str:
    text = _clean(text)
    # "ООО «ФудМаркет» (сеть магазинов, 600 сотрудников)", "Orbit Games, Moscow"
    text = re.sub(r"\s*\((?![^)]*»)[^)]*\)\s*$", "", text)
    parts = [p.strip() for p in re.split(r",\s+|\s+·\s+", text)]
    while len(parts) > 1 and (_is_location(parts[-1]) or re.search(r"\.\w{2,}$", parts[-1])):
        parts.pop()
    return ", ".join(parts).strip()


def _strip_title(text: str) -> str:
    text = _clean(text)
    parts = [p.strip() for p in re.split(r"\s+·\s+", text)]
    return parts[0]


PAIR_SEPARATORS = [" | ", "\t", " — ", " – ", " - ", ", ", " @ ", " at "]


def split_title_company(line: str) -> tuple[str, str] | None:
    text = _clean(line) if "\t" not in line else line.strip()
    for sep in PAIR_SEPARATORS:
        start = 0
        while True:
            pos = text.find(sep, start)
            if pos < 0:
                break
            left, right = text[:pos].strip(), text[pos + len(sep) :].strip()
            start = pos + 1
            if not left or not right:
                continue
            if title_like(left) and not company_like(left) and not _is_location(right):
                if company_like(right) or not title_like(right):
                    return _strip_title(left), _strip_company(right)
            if title_like(right) and not company_like(right) and not _is_location(left):
                if company_like(left) or not title_like(left):
                    return _strip_title(right), _strip_company(left)
    return None


def _balanced_company(lines: list[str], index: int) -> tuple[str, int]:
    """A company name broken over lines inside «…» is joined back."""
    text = lines[index]
    while text.count("«") > text.count("»") and index + 1 < len(lines):
        index += 1
        text = text + " " + lines[index].strip()
    return text, index


def parse_jobs(lines: list[str]) -> list[Job]:
    lines = [ln for ln in _join_broken_dates(lines)]
    anchors: list[tuple[int, re.Match[str], tuple[int, int], tuple[int, int] | None]] = []
    for index, line in enumerate(lines):
        if is_bullet(line):
            continue  # "план за 2024–2025 гг." in an achievement is not a job
        for m in DATE_RANGE.finditer(line):
            if re.fullmatch(r"\d{4}", m.group("start").strip()) and len(line) - len(m.group()) > 60:
                continue
            start = parse_month(m.group("start"))
            end_text = m.group("end")
            is_open = re.fullmatch(PRESENT, end_text.strip(), re.IGNORECASE) is not None
            end = None if is_open else parse_month(end_text, end=True)
            if start and (is_open or end):
                anchors.append((index, m, start, end))
                break
    # "Header first" layouts put title/company on the lines right above the dates; those
    # lines belong to that job, never to the previous job's tail.
    header_lines: list[list[str]] = []
    claimed: set[int] = set()
    for k, (index, _m, _s, _e) in enumerate(anchors):
        previous_limit = anchors[k - 1][0] if k else -1
        found: list[tuple[int, str]] = []
        prev = index - 1
        while prev > previous_limit and not lines[prev].strip():
            prev -= 1
        while prev > previous_limit and len(found) < 2 and _header_line_ok(lines[prev].strip()):
            found.append((prev, lines[prev].strip()))
            prev -= 1
        if any(title_like(x) or company_like(x) or split_title_company(x) for _, x in found):
            claimed.update(i for i, _ in found)
        else:
            found = []
        texts = [x for _, x in found]
        if len(texts) == 2 and (texts[0][:1] in '«"' or texts[0][:1].islower() or ORG_TAIL.search(texts[1])):
            texts = [f"{texts[1]} {texts[0]}"]  # one header wrapped over two lines
        header_lines.append(texts)
    jobs: list[Job] = []
    for k, (index, match, start, end) in enumerate(anchors):
        next_index = anchors[k + 1][0] if k + 1 < len(anchors) else len(lines)
        line = lines[index]
        before_text = line[: match.start()].strip(" \t·|,#*")
        after_text = line[match.end() :].strip()
        candidates: list[str] = []
        if before_text and not DURATION.match(before_text):
            candidates.append(before_text)
        if after_text:
            # "04.2022 – н.в. · Москва": what follows the date on its line is usually a place;
            # a tab-separated cell, though, is the next table column (company).
            after_text = after_text.split(" · ")[0] if not after_text.startswith("\t") else after_text
            after_text = after_text.strip(" \t·|,")
            if after_text and not _is_location(after_text) and not DURATION.match(after_text):
                candidates.append(after_text)
        candidates = [*header_lines[k], *candidates]
        after_lines: list[str] = []
        i = index + 1
        seen_title = False
        while i < next_index:
            raw = lines[i].strip()
            if not raw or i in claimed:
                i += 1
                continue
            if is_bullet(raw):
                if seen_title or (after_lines and any(title_like(x) for x in after_lines)):
                    break
                i += 1
                continue
            if i == next_index - 1 and k + 1 < len(anchors) and candidates and anchors[k + 1][1].start() == 0:
                # The line right before the next date belongs to the next job in "header first" layouts.
                pass
            text, i = _balanced_company(lines, i)
            while i + 1 < next_index and lines[i + 1].strip()[:1].islower() and not is_bullet(lines[i + 1]):
                i += 1  # a title wrapped inside a table cell: "Инженер технической" / "поддержки L2"
                text = f"{text} {lines[i].strip()}"
            if not DURATION.match(text) and not _is_location(text):
                after_lines.append(text)
                if title_like(text) and not company_like(text):
                    seen_title = True
            i += 1
            if len(after_lines) >= 6:
                break
        job = _job_from_candidates(candidates, after_lines)
        bullets = [_clean(x) for x in lines[index + 1 : next_index] if is_bullet(x)]
        job.description = "\n".join(b for b in bullets if b)[:3000]
        job.start = _fmt(start)
        job.end = _fmt(end) if end else None
        jobs.append(job)
    jobs.sort(key=lambda j: (j.start or "", j.end or "9999"), reverse=True)
    return jobs


JOB_LABEL = re.compile(
    r"^\s*(?P<label>компания|организация|место работы|работодатель|company|employer|organization|"
    r"должность|позиция|position|title|role)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)


ORG_TAIL = re.compile(r"(?:^|[\s,])(ООО|ОАО|ЗАО|ПАО|АО|ИП|LLC|Ltd|Inc)\s*$")


def _header_line_ok(line: str) -> bool:
    return bool(
        line
        and re.search(r"[A-Za-zА-Яа-яЁё]", line)
        and not is_bullet(line)
        and not line.endswith((",", ";", ":"))
        and not (line.endswith(".") and not company_like(line))
        and len(line) <= 100
        and not line[:1].islower()
        and detect_heading(line) is None
        and not re.search(r"\b(период|dates|period)\b", line, re.I)
        and not DATE_RANGE.search(line)
    )


def _job_from_candidates(candidates: list[str], after_lines: list[str]) -> Job:
    labelled: dict[str, str] = {}
    for line in candidates + after_lines:
        m = JOB_LABEL.match(_clean(line))
        if m:
            kind = "title" if re.match(r"(должн|позиц|position|title|role)", m.group("label"), re.I) else "company"
            labelled.setdefault(kind, m.group("value").strip())
    if labelled:
        return Job(
            title=_strip_title(labelled["title"]) if "title" in labelled else None,
            company=_strip_company(labelled["company"]) if "company" in labelled else None,
        )
    for line in candidates + after_lines[:2]:
        pair = split_title_company(line)
        if pair:
            return Job(title=pair[0], company=pair[1])
    pool = candidates + after_lines
    title = next((x for x in pool if title_like(_clean(x)) and not company_like(x)), None)
    company = next((x for x in pool if company_like(x) and x != title), None)
    if company is None:
        company = next(
            (
                x
                for x in pool
                if x != title and not title_like(_clean(x)) and len(_clean(x)) < 80 and not x.endswith(".")
            ),
            None,
        )
    return Job(
        title=_strip_title(title) if title else None,
        company=_strip_company(company) if company else None,
    )


# --- skills, languages, education, courses ----------------------------------------------------


def _split_items(text: str) -> list[str]:
    items, depth, current = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if depth == 0 and ch in ",;|•▪\t·":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [i.strip(" .") for i in items if i.strip(" .")]


def parse_skills(lines: list[str]) -> tuple[list[str], list[str]]:
    canonical: list[str] = []
    written: list[str] = []
    text_lines = [_clean(ln) if not ln.lstrip().startswith(("•", "▪")) else ln.strip() for ln in lines]
    # Wrapped comma lists: a line ending without a separator continues on the next one.
    joined: list[str] = []
    for raw, line in zip(lines, text_lines, strict=True):
        if not line:
            continue
        if (
            joined
            and not is_bullet(raw)
            and "\t" not in raw
            and re.search(r"[,;]\s*$|\w$", joined[-1])
            and ("," in joined[-1] and not joined[-1].rstrip().endswith(",") and line[:1].islower())
        ):
            joined[-1] = joined[-1] + " " + line
        elif joined and joined[-1].rstrip().endswith(","):
            joined[-1] = joined[-1] + " " + line
        else:
            joined.append(line if "\t" in raw else line)
    for line in joined:
        if len(line) > 300:
            continue
        cells = [c.strip() for c in re.split(r"\s\|\s", line)]
        if len(cells) == 2 and "," in cells[1] and "," not in cells[0] and not skills.lookup(cells[0]):
            line = cells[1]  # "Cloud & IaC | AWS, GCP, Terraform": a group label, then the skills
        items = _split_items(line)
        if len(items) == 1 and "," not in line and len(line.split()) > 3 and "\t" not in line:
            # hh.ru tag lines: words separated by spaces only.
            found = skills.tokens_to_skills(line)
            written.extend(found)
            canonical.extend(skills.canonicalise(x)[0] if skills.canonicalise(x) else x for x in found)
            continue
        for item in items:
            item = re.sub(r"^(?:[•▪·*\-–—]\s*)", "", item).strip()
            if not item or len(item) > 70 or item.endswith(":"):
                continue
            names_found = skills.canonicalise(item)
            if names_found:
                written.append(item)
                canonical.extend(names_found)
    return list(dict.fromkeys(canonical)), list(dict.fromkeys(written))


def parse_level(text: str) -> str | None:
    m = re.search(r"\b([ABCАВС][12])\b", text)
    if m:
        return m.group(1).translate(str.maketrans("АВС", "ABC")).upper()
    lowered = text.lower()
    for word, level in LEVEL_WORDS:
        if word in lowered:
            return level
    return None


def parse_languages(lines: list[str]) -> list[LanguageSkill]:
    result: list[LanguageSkill] = []
    for raw in lines:
        line = _clean(raw)
        if not line:
            continue
        first = re.split(r"[\s—–\-:(,]", line, maxsplit=1)[0]
        code = language_code(first)
        if code is None and result:
            result[-1].as_written = (result[-1].as_written + " " + line).strip()
            if result[-1].level is None:
                result[-1].level = parse_level(line)
            continue
        if code is None:
            continue
        if any(x.language == code for x in result):
            continue
        result.append(LanguageSkill(language=code, level=parse_level(line), as_written=line))
    return result


YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
INSTITUTION = re.compile(
    r"(университет|институт|академи|колледж|техникум|училищ|школа|university|institute|college|academy|school|"
    r"мгту|мгу|спбгу|вшэ|мфти|итмо|мифи|рэу|мирэа|ранхигс|урфу|нгу|кфу)",
    re.IGNORECASE,
)


def _degree(text: str) -> str | None:
    lowered = " " + text.lower() + " "
    for word, code in DEGREES:
        if word in lowered:
            return code
    return None


def _education_entry(block: list[str], degree_hint: str | None) -> Education:
    """One entry from its lines: "МГТУ им. Баумана, бакалавр, «ИВТ», 2017" on one line, or
    hh.ru's "2022 ⇥ Университет …" / "…, Город" / "Факультет, Специальность" over several."""
    text = " ".join(_clean(x).replace("\t", " ") for x in block)
    years = [int(y) for y in YEAR.findall(text)]
    degree = _degree(text) or degree_hint
    field_m = re.search(r"«([^»]+)»", text)
    first = YEAR.sub("", _clean(block[0]).replace("\t", " ")).strip(" ,—-|")
    institution_lines = [first] if first else []
    rest = block[1:]
    if not first and rest:
        institution_lines, rest = [_clean(rest[0])], rest[1:]
    # A wrapped institution name continues until the line that ends with its city or degree.
    if rest and institution_lines and not re.search(r"(,|\))\s*$", institution_lines[-1]):
        nxt = _clean(rest[0])
        if nxt[:1].islower() or find_cities(nxt) or _degree(nxt) or INSTITUTION.search(nxt):
            institution_lines.append(nxt)
            rest = rest[1:]
    institution = " ".join(institution_lines)
    parts = [p.strip() for p in re.split(r",\s+|\s\|\s", institution) if p.strip()]
    kept = [p for p in parts if not _degree(p) and not re.fullmatch(r"«[^»]+»|(?:19|20)\d{2}", p)]
    while len(kept) > 1 and (find_cities(kept[-1]) and len(kept[-1]) < 30):
        kept.pop()
    institution = ", ".join(kept).strip(" ,—-") or None
    field = field_m.group(1) if field_m else (" ".join(_clean(x) for x in rest).strip() or None)
    return Education(institution=institution, degree=degree, year=max(years) if years else None, field=field)


def parse_education(lines: list[str]) -> list[Education]:
    entries: list[Education] = []
    degree_hint: str | None = None
    block: list[str] = []
    hint_for_block: str | None = None

    def flush() -> None:
        if block and any(INSTITUTION.search(x) or YEAR.search(x) for x in block):
            entries.append(_education_entry(block, hint_for_block))

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            block, hint_for_block = [], None
            continue
        cleaned = _clean(line)
        if re.fullmatch(r"(учебное заведение|institution).*", cleaned, re.I):
            continue
        degree = _degree(cleaned)
        if degree and len(cleaned) < 30 and not INSTITUTION.search(cleaned) and not YEAR.search(cleaned):
            degree_hint = degree  # hh.ru: "Высшее" / "Бакалавр" above the entries
            continue
        block_has_year = YEAR.search(" ".join(block)) is not None
        only_year = re.fullmatch(r"(?:19|20)\d{2}", cleaned) is not None
        # A new entry starts at a leading year (hh.ru) or at a second dated line; a lone
        # year under an undated entry is that entry's year wrapped to the next line.
        starts_entry = bool(YEAR.search(cleaned)) and (
            block_has_year or (bool(re.match(r"^(?:19|20)\d{2}\b", cleaned)) and not (only_year and block))
        )
        year_only_block = len(block) == 1 and re.fullmatch(r"(?:19|20)\d{2}", _clean(block[0])) is not None
        if (
            block
            and not year_only_block
            and INSTITUTION.search(cleaned)
            and re.search(r"(?:19|20)\d{2}\W*$", _clean(block[-1]))
        ):
            starts_entry = True  # the previous entry ended with its year
        if starts_entry and block:
            flush()
            block = []
        if not block:
            hint_for_block = degree_hint
        block.append(line)
    flush()
    return entries


def parse_courses(lines: list[str]) -> list[str]:
    courses: list[str] = []
    expect_provider = False
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        m = re.match(r"^((?:19|20)\d{2})\s*\t?\s*(.+)$", _clean(line) if "\t" not in line else line)
        if m:
            courses.append(_clean(m.group(2)))
            expect_provider = True
            continue
        text = _clean(line)
        if " — " in text or " - " in text or " – " in text:
            name = re.split(r"\s[—–-]\s", text)[0]
            courses.append(name.strip())
            expect_provider = False
        elif " | " in text:
            cells = [c.strip() for c in text.split(" | ")]
            non_year = [c for c in cells if not YEAR.fullmatch(c)]
            if non_year:
                courses.append(non_year[0])
        elif expect_provider:
            expect_provider = False
        else:
            courses.append(re.sub(r",?\s*(?:19|20)\d{2}\s*$", "", text).strip())
    return [c for c in dict.fromkeys(courses) if c]


# --- header fields ---------------------------------------------------------------------------


def find_name(lines: list[str], sections: Sections) -> tuple[list[str] | None, int]:
    best: tuple[int, int, list[str]] | None = None
    section_of = dict((i, s) for s, i in sections.order)
    for index, line in enumerate(lines[:80]):
        if section_of.get(index) == "experience":
            continue
        key_value = re.match(r"^(?:ФИО|Name|Full name|Имя)\s*(?:\||:)\s*(.+)$", line.strip(), re.IGNORECASE)
        words = names.name_words(key_value.group(1) if key_value else line)
        if not words:
            continue
        score = names.name_score(words, line) + (3 if key_value else 0) + (1 if index < 5 else 0)
        if section_of.get(index) == "header":
            score += 1
        if score < 2:
            continue
        if best is None or score > best[0]:
            best = (score, index, words)
    return (best[2], best[1]) if best else (None, -1)


def find_city(lines: list[str], header_end: int) -> tuple[str | None, str | None]:
    for line in lines[:120]:
        m = CITY_LABEL.search(line)
        if m and (m.start() == 0 or line[: m.start()].strip(" -–—•*#") == "" or "|" in line[: m.start()]):
            rest = line[m.end() :]
            found = find_cities(rest)
            if found:
                return found[0][1], _as_written_city(rest, found[0])
    for _index, line in enumerate(lines[: max(header_end, 12)]):
        found = find_cities(line)
        moving = re.search(r"(переезд|relocat|командиров|готов[аы]? к|рассматриваю)", line, re.I)
        if moving and found and moving.start() < found[0][0]:
            continue
        if found and (len(line) < 60 or re.search(r"[@+|·]|\d{3}", line)) and not company_like(line):
            return found[0][1], _as_written_city(line, found[0])
    for line in lines:
        found = find_cities(line)
        if found and len(line.strip()) <= len(found[0][2]) + 16 and not company_like(line):
            return found[0][1], _as_written_city(line, found[0])
    return None, None


def _as_written_city(text: str, found: tuple[int, str, str]) -> str:
    tail = text[found[0] :]
    return re.split(r"\s*[|·•;]\s*|\s{2,}|\t", tail)[0].strip(" ,")


def find_salary(lines: list[str], position_lines: list[str]) -> Salary | None:
    candidates = list(position_lines) + [ln for ln in lines[:60] if SALARY_LABEL.search(ln)]
    for line in candidates:
        text = line.replace("\u00a0", " ")
        label = SALARY_LABEL.search(text)
        scope = text[label.end() :] if label else text
        for m in SALARY.finditer(scope):
            currency = m.group("cur") or m.group("cur1")
            amount_text = m.group("amount")
            if not currency and not re.search(r"тыс|k", amount_text, re.I):
                continue
            digits = re.sub(r"\D", "", amount_text)
            if not digits:
                continue
            amount = int(digits) * (1000 if re.search(r"тыс|k", amount_text, re.I) else 1)
            if amount < 1000:
                continue
            tail = scope[m.end() : m.end() + 40]
            net = None
            if re.match(r"\s*(на руки|net|чистыми|после вычета)", tail, re.I):
                net = True
                tail_match = re.match(r"\s*(на руки|net|чистыми|после вычета[^,;]*)", tail, re.I)
                as_written = scope[m.start() : m.end()] + (tail_match.group(0) if tail_match else "")
            elif re.match(r"\s*(gross|до вычета|до налогов|брутто)", tail, re.I):
                net = False
                tail_match = re.match(r"\s*(gross|до вычета[^,;]*|до налогов|брутто)", tail, re.I)
                as_written = scope[m.start() : m.end()] + (tail_match.group(0) if tail_match else "")
            else:
                as_written = scope[m.start() : m.end()]
            cur = (currency or "₽").lower()
            code = "USD" if cur in {"$", "usd"} else "EUR" if cur in {"€", "eur"} else "RUB"
            return Salary(amount=amount, currency=code, net=net, as_written=as_written.strip())
    return None


CONTACT_LINE = re.compile(
    r"(@|\+7|\b8[\s(-]\d{3}|телефон|phone|e-?mail|почта|telegram|tg:|мужчина|женщина|родил)", re.I
)


def find_position(lines: list[str], name_index: int, sections: Sections) -> tuple[str | None, list[str]]:
    position_lines = sections.by_name.get("position", [])
    for line in position_lines:
        text = line.strip()
        if not text or text.startswith(("Специализаци", "Занятость", "График", "—")):
            continue
        text = re.split(r"\t|\s\|\s", text)[0]
        text = re.sub(r"\s*\d[\d\s]*\s*(₽|руб|rub|\$|€).*$", "", text, flags=re.I).strip()
        if text:
            return _clean(text), [line]
    for line in lines[:40]:
        m = re.match(
            r"^\s*(?:желаемая должность|должность|position|desired position|позиция)\s*[:|]\s*(.+)$", line, re.I
        )
        if m:
            return _clean(m.group(1)), [line]
    if name_index >= 0:
        for line in lines[name_index + 1 : name_index + 4]:
            text = _clean(line)
            if not text:
                continue
            if CONTACT_LINE.search(text) or detect_heading(text):
                break
            first = re.split(r"\s\|\s|\s·\s|\t", text)[0].strip()
            if first and not _is_location(first) and len(first) <= 120:
                return first, []
            break
    return None, []


def resume_language(text: str) -> str:
    cyr = len(re.findall(r"[А-Яа-яЁё]", text))
    lat = len(re.findall(r"[A-Za-z]", text))
    return "ru" if cyr >= 0.35 * max(cyr + lat, 1) else "en"


# --- the whole profile ----------------------------------------------------------------------


HH_FOOTER = re.compile(r"•\s*Резюме обновлено|Резюме обновлено \d", re.IGNORECASE)


def parse_profile(text: str, *, as_of: tuple[int, int]) -> Profile:
    # hh.ru repeats "Фамилия Имя • Резюме обновлено …" on every page; it interrupts sections.
    lines = [ln for ln in text.split("\n") if not HH_FOOTER.search(ln)]
    text = "\n".join(lines)
    sections = split_sections(lines)
    header_end = next((i for s, i in sections.order if s not in {"header", "contacts"}), len(lines))
    words, name_index = find_name(lines, sections)
    profile = Profile(language=resume_language(text))
    if words:
        profile.full_name = " ".join(names.title_case(w) for w in words)
        profile.name_parts = NameParts(**names.split_name(words))
    profile.email = find_email(text)
    profile.phone = find_phone(text)
    profile.telegram = find_telegram(text)
    profile.city, profile.city_as_written = find_city(lines, header_end)
    profile.desired_position, position_lines = find_position(lines, name_index, sections)
    profile.desired_salary = find_salary(lines, position_lines)
    jobs = parse_jobs(sections.by_name.get("experience", []))
    profile.jobs = jobs
    profile.total_experience_months = total_months(jobs, as_of) or stated_experience(text)
    if jobs:
        latest = max(jobs, key=lambda j: j.start or "")
        profile.last_company, profile.last_title = latest.company, latest.title
    profile.skills, profile.skills_as_written = parse_skills(sections.by_name.get("skills", []))
    profile.languages = parse_languages(sections.by_name.get("languages", []))
    profile.education = parse_education(sections.by_name.get("education", []))
    profile.courses = parse_courses(sections.by_name.get("courses", []))
    return profile
