"""Offline resume parser: visible text → ``Profile`` with rules, dictionaries, natasha
and phonenumbers. No network, no keys.

The text is cut into sections by their headings; contacts come from the whole document,
jobs from the experience section (``jobs``), skills, languages, education and courses
from theirs (``blocks``).
"""

from __future__ import annotations

import re

import phonenumbers

from candidates.intake import names
from candidates.intake.blocks import parse_courses, parse_education, parse_languages, parse_skills
from candidates.intake.dates import month_of_word
from candidates.intake.dictionaries import FOREIGN_COUNTRIES, find_cities
from candidates.intake.jobs import company_like, is_location, parse_jobs, stated_experience, total_months
from candidates.intake.schema import Job, NameParts, Profile, Salary
from candidates.intake.sections import Sections, clean_line, detect_heading, split_sections

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
SALARY_LABEL = re.compile(
    r"(зарплат|доход|ожидани|salary|compensation|expected pay|оклад|вознагражд|(?:желаем|ожидаем)\w*\s+оплат\w*)",
    re.IGNORECASE,
)
CITY_LABEL = re.compile(
    r"(город проживания|город|проживает|проживаю|проживание|место проживания|место жительства|местоположение"
    r"|местонахождение|location|city|адрес|локация|based in|\bг\.)"
    r"\s*[:|—–-]?\s*",
    re.IGNORECASE,
)
# "Местоположение: Хайфа, Израиль": a place the city list does not know, named with its country.
PLACE_ABROAD = re.compile(
    r"([A-ZА-ЯЁ][A-Za-zА-Яа-яЁё'’-]+(?:[ -][A-ZА-ЯЁ][A-Za-zА-Яа-яЁё'’-]+)?)"
    rf"\s*,\s*{FOREIGN_COUNTRIES.pattern}(?![\w-])",
    re.IGNORECASE,
)

# --- contacts ------------------------------------------------------------------------------


# Addresses written to fool harvesters: «ivan at mail dot ru», «ivan [at] mail [dot] ru»,
# «ivan(собака)mail(точка)ru», «ivan @ mail . ru».
_AT = r"(?:\s*[\[(<{]\s*(?:at|собака)\s*[\])>}]\s*|\s+(?:at|собака)\s+|\s+@\s*|\s*@\s+)"
_DOT = r"(?:\s*[\[(<{]\s*(?:dot|точка)\s*[\])>}]\s*|\s+(?:dot|точка)\s+|\s*\.\s*)"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.@])([A-Za-z0-9][A-Za-z0-9._%+-]*){_AT}([A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*){_DOT}([A-Za-z]{{2,10}})\b",
    re.IGNORECASE,
)


def find_email(text: str) -> str | None:
    m = EMAIL.search(text)
    if m:
        return m.group().lower().rstrip(".")
    for m in OBFUSCATED_EMAIL.finditer(text):
        tail = m.group(0)[len(m.group(1)) :]
        if not re.search(r"@|[\[(<{]|\b(?:dot|точка)\b", tail, re.IGNORECASE):
            continue  # «worked at yandex.ru» is a sentence: a spelled «at» needs a spelled «dot»
        domain = re.sub(_DOT, ".", m.group(2), flags=re.IGNORECASE)
        return f"{m.group(1)}@{domain}.{m.group(3)}".lower()
    return None


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


# --- header fields ---------------------------------------------------------------------------


def find_name(lines: list[str], sections: Sections, hints: list[str] | None = None) -> tuple[list[str] | None, int]:
    """The person's name: after a field label («Фамилия, имя, отчество», «Full name»), else
    the best name-like line near the top (Cyrillic or Latin, possibly followed by a
    headline: «Priya Raman | Data Analyst»), else the document's hints. Never an
    organisation (a legal form, quotes), a city or a job title."""
    labelled = names.labelled_name(lines)
    if labelled:
        index = next((i for i, ln in enumerate(lines) if labelled[0] in ln), -1)
        return labelled, index
    hinted = names.name_from_hints(hints or [])
    best: tuple[int, int, list[str]] | None = None
    section_of = dict((i, s) for s, i in sections.order)
    first_lines = [i for i, ln in enumerate(lines) if ln.strip()][:3]
    for index, line in enumerate(lines[:80]):
        if section_of.get(index) == "experience" or company_like(line):
            continue
        heading = detect_heading(line)
        if heading and not heading[1]:
            continue  # «About Me», «Контакты»: a section heading is never the person
        key_value = re.match(r"^(?:ФИО|Name|Full name|Имя)\s*(?:\||:)\s*(.+)$", line.strip(), re.IGNORECASE)
        key_value = key_value or names.NAME_IN_SENTENCE.search(line)
        candidate = key_value.group(1).strip() if key_value else line
        if index < 10 and re.fullmatch(r"[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё-]+", line.strip()) and index + 1 < len(lines):
            # A name set in large type over two lines: «ANDREY» / «SOLODOV», «Анастасия» /
            # «Шолохова, 20 лет.»; two capitalised Latin words heading the page need no
            # first-name list (the lists know few non-Russian names).
            following = re.split(r"[,;|·•\t]", lines[index + 1].strip())[0].strip()
            pair = f"{line.strip()} {following}"
            if re.fullmatch(r"[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё-]+", following) and (
                any(names.is_first_name(w) for w in pair.split())
                or (index in first_lines and re.fullmatch(r"[A-Z-]{2,} [A-Z-]{2,}", pair))
            ):
                candidate = pair
        words = names.name_words(candidate)
        if not words and not key_value:
            # A headline or contacts after the name on the same line, or a token that is
            # not a word at all («Кисель Владислав GMT+3», «Анна Петрова (25 лет)»).
            head = re.split(r"\s+[|·•—–-]\s+|\t|,\s+", line.strip())[0]
            head = re.sub(r"(?:\s+\S*\d\S*)+$", "", head)
            words = names.name_words(head) if head != line.strip() else None
        if not words and not key_value:
            # Two columns read as one line: the name, then the other column's heading
            # («Прошкина Ирина Личная информация», «Афонин Михаил Контакты»).
            parts = line.split()
            for cut in range(len(parts) - 1, 1, -1):
                tail = detect_heading(" ".join(parts[cut:]))
                if tail and not tail[1]:
                    words = names.name_words(" ".join(parts[:cut]))
                    break
        if not words or find_cities(" ".join(words)):
            continue
        score = names.name_score(words, line) + (3 if key_value else 0) + (1 if index < 5 else 0)
        if section_of.get(index) == "header":
            score += 1
        if index in first_lines and not re.search("[А-Яа-яЁё]", line):
            score += 1  # a Latin name heads an English CV; the name lists know few of them
        if hinted and {w.lower() for w in hinted} <= {w.lower() for w in words}:
            score += 3  # the same name in the document's properties or its file name
        if score < 2:
            continue
        if best is None or score > best[0]:
            best = (score, index, words)
    if best:
        return best[2], best[1]
    return (hinted, -1) if hinted else (None, -1)


# Labels that name where the person lives (not «Адрес», «г.», which also stand in job rows).
RESIDENCE_LABEL = re.compile(
    r"^\W*(?:город проживания|город|проживает|проживаю|проживание|место проживания|место жительства|"
    r"местоположение|местонахождение|location|city|based in|локация)\s*[:|—–-]\s*"
    r"(?P<place>[A-ZА-ЯЁ][A-Za-zА-Яа-яЁё'’-]+(?:[ -][A-ZА-ЯЁ][A-Za-zА-Яа-яЁё'’-]+)?)\s*(?:[,;(|]|$)",
    re.IGNORECASE,
)
LIVES_IN = re.compile(
    r"\b(?:проживаю|живу|нахожусь|проживает|живет|живёт|i live|i am based|i'm based|based|located|living)\s+(?:в|во|in)\s+",
    re.IGNORECASE,
)
# Where a job or a school was is not where the person lives.
PLACE_OF_WORK = {"experience", "education", "courses"}


def find_city(
    lines: list[str], header_end: int, section_of: dict[int, str] | None = None
) -> tuple[str | None, str | None]:
    section_of = section_of or {}
    for line in lines[:120]:
        m = CITY_LABEL.search(line)
        if m and (m.start() == 0 or line[: m.start()].strip(" -–—•*#") == "" or "|" in line[: m.start()]):
            rest = line[m.end() :]
            found = find_cities(rest)
            if found:
                return found[0][1], _as_written_city(rest, found[0])
            place = PLACE_ABROAD.match(rest.strip())
            if (
                place
                and not m.group(1).lower().startswith(("адрес", "г."))
                and place.group(1)[:1].isupper()
                and not is_location(place.group(1))
            ):
                return place.group(1), _as_written_city(rest.strip(), (0, "", ""))
            labelled = RESIDENCE_LABEL.match(line)
            if labelled:
                place = labelled.group("place")
                if not company_like(place) and not is_location(place) and len(place) <= 30:
                    # «Проживает: Кызыл»: a labelled place the city list does not know.
                    return place, place
    for line in lines:
        # «Проживаю в Москве», «I live in Berlin»: said in a sentence.
        lives = LIVES_IN.search(line)
        if lives:
            found = find_cities(line[lives.end() : lives.end() + 40])
            if found and found[0][0] <= 1:
                return found[0][1], found[0][2]
    for index, line in enumerate(lines[: max(header_end, 12)]):
        if section_of.get(index) in PLACE_OF_WORK:
            continue
        found = find_cities(line)
        moving = re.search(r"(переезд|relocat|командиров|готов[аы]? к|рассматриваю)", line, re.I)
        if moving and found and moving.start() < found[0][0]:
            continue
        if found and (len(line) < 60 or re.search(r"[@+|·]|\d{3}", line)) and not company_like(line):
            return found[0][1], _as_written_city(line, found[0])
    for index, line in enumerate(lines):
        if section_of.get(index) in PLACE_OF_WORK:
            continue
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
            # The salary is on the title's line or on a line of its own right under it.
            return clean_line(text), position_lines[: position_lines.index(line) + 2]
    for line in lines[:40]:
        m = re.match(
            r"^\s*(?:желаемая должность|должность|position|desired position|позиция)\s*[:|]\s*(.+)$", line, re.I
        )
        if m:
            return clean_line(m.group(1)), [line]
    if name_index >= 0:
        for line in lines[name_index + 1 : name_index + 4]:
            text = clean_line(line)
            if not text:
                continue
            if CONTACT_LINE.search(text) or detect_heading(text):
                break
            first = re.split(r"\s\|\s|\s·\s|\t", text)[0].strip()
            if first and not is_location(first) and len(first) <= 120:
                return first, []
            break
    return None, []


def resume_language(text: str) -> str:
    cyr = len(re.findall(r"[А-Яа-яЁё]", text))
    lat = len(re.findall(r"[A-Za-z]", text))
    return "ru" if cyr >= 0.35 * max(cyr + lat, 1) else "en"


# --- the whole profile ----------------------------------------------------------------------


# Sections whose dates are never jobs (studies, courses, lists; projects, achievements and
# the rest of the «about» blocks).
NOT_JOBS = {"education", "courses", "skills", "languages", "about"}


SCHOOL = re.compile(
    r"(университет|институт|академи|колледж|техникум|училищ|школ|лицей|гимнази|university|college|institute|academy"
    r"|school)",
    re.IGNORECASE,
)


def _jobs_without_heading(lines: list[str], sections: Sections) -> list[Job]:
    """No experience heading at all: jobs are read from the lines outside education, courses
    and lists, and kept only when a job title or an organisation (not a school: study years
    without their heading look the same) was found next to the dates."""
    section_of = dict((i, s) for s, i in sections.order)
    rest = [line if section_of.get(i) not in NOT_JOBS else "" for i, line in enumerate(lines)]
    return [
        job
        for job in parse_jobs(rest)
        if job.title or (job.company and company_like(job.company) and not SCHOOL.search(job.company))
    ]


UPDATED = re.compile(
    r"(?:резюме обновлено|обновлено|дата создания|дата обновления|(?:last\s+)?updated\s*(?::|on)|created\s*(?::|on))\s*:?\s*"
    r"(?:(?P<day>\d{1,2})[\s.\-/]+)?(?P<month>[A-Za-zА-Яа-яЁё]+|\d{1,2})[\s.\-/,]+(?P<year>(?:19|20)\d{2})",
    re.IGNORECASE,
)


def _document_month(text: str, jobs: list[Job], as_of: tuple[int, int], document_date: str) -> tuple[int, int]:
    """The month a current job («по настоящее время») is counted to: the month the resume
    was written (its «Резюме обновлено …» line, else the file's own date) when that is
    earlier than ``as_of`` — «until now» in a 2019 resume means until 2019. A date before
    the latest job's start is a wrong date and is ignored."""
    written: tuple[int, int] | None = None
    m = UPDATED.search(text)
    if m:
        month = int(m.group("month")) if m.group("month").isdigit() else month_of_word(m.group("month"))
        if month and 1 <= month <= 12:
            written = (int(m.group("year")), month)
    if written is None and re.fullmatch(r"(?:19|20)\d{2}-\d{2}", document_date):
        written = (int(document_date[:4]), int(document_date[5:]))
    latest_start = max((tuple(map(int, j.start.split("-"))) for j in jobs if j.start), default=None)
    if written is None or written >= as_of or (latest_start is not None and written < latest_start):
        return as_of
    return written


HH_FOOTER = re.compile(r"•\s*Резюме обновлено|Резюме обновлено \d", re.IGNORECASE)


def parse_profile(
    text: str, *, as_of: tuple[int, int], hints: list[str] | None = None, document_date: str = ""
) -> Profile:
    """``hints``: text from outside the document's body (page footers, document
    properties, the file name), used only to find the person's name. ``document_date``
    ("YYYY-MM", from the file's properties): when the resume was written."""
    # hh.ru repeats "Фамилия Имя • Резюме обновлено …" on every page; it interrupts sections.
    lines = [ln for ln in text.split("\n") if not HH_FOOTER.search(ln)]
    text = "\n".join(lines)
    sections = split_sections(lines)
    header_end = next((i for s, i in sections.order if s not in {"header", "contacts"}), len(lines))
    words, name_index = find_name(lines, sections, hints)
    profile = Profile(language=resume_language(text))
    if words:
        profile.full_name = " ".join(names.title_case(w) for w in words)
        profile.name_parts = NameParts(**names.split_name(words))
    profile.email = find_email(text)
    profile.phone = find_phone(text)
    profile.telegram = find_telegram(text)
    section_of = {i: section for section, i in sections.order}
    profile.city, profile.city_as_written = find_city(lines, header_end, section_of)
    profile.desired_position, position_lines = find_position(lines, name_index, sections)
    profile.desired_salary = find_salary(lines, position_lines)
    if "experience" in sections.by_name:
        jobs = parse_jobs(sections.by_name["experience"])
    else:
        jobs = _jobs_without_heading(lines, sections)
    profile.jobs = jobs
    counted_to = _document_month(text, jobs, as_of, document_date)
    profile.total_experience_months = total_months(jobs, counted_to) or stated_experience(text)
    if jobs:
        latest = max(jobs, key=lambda j: j.start or "")
        profile.last_company, profile.last_title = latest.company, latest.title
    profile.skills, profile.skills_as_written = parse_skills(sections.by_name.get("skills", []))
    profile.languages = parse_languages(sections.by_name.get("languages", []))
    profile.education = parse_education(sections.by_name.get("education", []))
    profile.courses = parse_courses(sections.by_name.get("courses", []))
    return profile


def looks_like_resume(text: str, profile: Profile) -> bool:
    """A resume is about a person: it names someone, gives a way to reach them, or has a
    career or education section. A course catalogue, a price list or an article has none
    of these, and parsing it would only invent a candidate."""
    if profile.full_name or profile.email or profile.phone or profile.telegram:
        return True
    headings = {section for section, _ in split_sections(text.split("\n")).order}
    return bool(headings & {"experience", "education"})
