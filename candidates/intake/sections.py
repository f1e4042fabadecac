"""Sections of a resume: headings (Russian and English, hh.ru export labels included),
bullets and line cleaning shared by the parser modules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from candidates.intake.dictionaries import language_code

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
        # Study and side projects: not work experience, so kept apart from the jobs. A plain
        # "Проекты" heading is left alone, as it often lists projects done at work.
        "обучение",
        "обучение и проекты",
        "проекты и обучение",
        "обучение и курсы",
        "курсы и проекты",
        "самообучение",
        "самообразование",
        "учебные проекты",
        "учебные и pet-проекты",
        "pet-проекты",
        "pet проекты",
        "пет-проекты",
        "пет проекты",
        "личные проекты",
        "собственные проекты",
        "pet projects",
        "pet-projects",
        "side projects",
        "personal projects",
        "study projects",
        "training & projects",
        "courses & projects",
        "courses and projects",
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

_DURATION = (
    r"(?:более|больше|около|свыше|over|about|more than)?\s*\d+(?:[.,]\d)?\+?\s*"
    r"(?:год|года|лет|г\.|мес\.?|месяц|месяца|месяцев|years?|yrs?|months?|mos?)"
)
EXPERIENCE_TOTAL = re.compile(
    rf"(?:опыт работы|общий опыт работы|общий опыт|опыт|work experience|total experience|experience)"
    rf"\s*[—–(\-]?\s*{_DURATION}(?:\s*(?:и|and|,)?\s*{_DURATION})?\s*\)?\.?"
)

# "Образование: УрФУ, 2011, «Менеджмент»" on one line is an entry (a year or a school in it).
_EDUCATION_ENTRY = re.compile(
    r"(?<!\d)(?:19|20)\d{2}(?!\d)|университет|институт|академи|колледж|техникум|училищ|university|college|institute"
    r"|academy|school",
    re.IGNORECASE,
)

BULLET = re.compile(r"^\s*(?:[•▪·●◦○■□➢✓✔►▸]|[*\-–—]\s)")


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
    # "Опыт работы: 2 года 3 месяца", "Опыт работы 7 лет", "Опыт — 7 лет", "Work experience: 5 years"
    # (the key has lost its ':'): the heading and nothing but the total after it.
    if EXPERIENCE_TOTAL.fullmatch(key):
        return "experience", ""
    # Inline label and content: "Навыки\tPython FastAPI", "Навыки | 1С:ЗУП", "Languages: English — B2".
    m = re.match(r"^([^\t|:]{3,40}?)\s*(?:\t|\s\|\s|:\s)\s*(.+)$", stripped)
    if m:
        label = _heading_key(m.group(1))
        section = _HEADINGS.get(label)
        rest = m.group(2).strip()
        if section == "languages" and not language_code(re.split(r"[\s—–-]", rest)[0]):
            return None
        if section == "education" and not _EDUCATION_ENTRY.search(rest):
            return None  # "Образование: высшее" among the header facts is not the section
        if section in {"skills", "languages", "position", "education"}:
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
            if rest and current == "education":
                # "Образование: УрФУ, 2011; MBA, РАНХиГС, 2018": one entry a line.
                result.by_name.setdefault(current, []).extend(p.strip() for p in rest.split("; ") if p.strip())
            elif rest:
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


def is_bullet(line: str) -> bool:
    return bool(BULLET.match(line))


def clean_line(line: str) -> str:
    line = re.sub(r"[#*_`]+", " ", line)
    line = BULLET.sub("", line)
    return re.sub(r"\s+", " ", line).strip(" \t|·,;")
