"""Sections of a resume: headings (Russian and English, hh.ru export labels included),
bullets and line cleaning shared by the parser modules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from candidates.intake.dates import DATE_RANGE, range_months
from candidates.intake.dictionaries import language_code

SECTION_WORDS: dict[str, list[str]] = {
    "experience": [
        "опыт работы",
        "опыт",
        "работа",
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
        # Blocks that end a skills list but hold nothing the profile reads.
        "достижения",
        "achievements",
        "награды",
        "награды и достижения",
        "достижения и награды",
        "awards",
        "honors and awards",
        "хакатоны",
        "hackathons",
        "публикации",
        "publications",
        "научная деятельность",
        "олимпиады",
        "ссылки",
        "links",
        "портфолио",
        "portfolio",
        "рекомендации",
        "references",
        "волонтерство",
        "волонтёрство",
        "volunteering",
        "volunteer experience",
        "увлечения",
        "hobbies",
        "personal qualities",
        "качества",
        "мои качества",
        "personal skills",
        "гражданство, время в пути до работы",
        "специализации",
    ],
    "contacts": [
        "контакты",
        "contact",
        "contacts",
        "контактная информация",
        "contact information",
        "личная информация",
        "личные данные",
        "personal information",
        "personal details",
    ],
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


# Headings are short phrases built from a small vocabulary: «Навыки и умения», «Языки и
# технологии», «Key Skills & Tools», «Профессиональный опыт». A line made only of one
# section's words (and joining words), with at least one of its core words, is that heading.
_JOINING = {
    "и",
    "&",
    "and",
    "/",
    "my",
    "мои",
    "мой",
    "основные",
    "ключевые",
    "key",
    "core",
    "main",
    "мое",
    "моё",
    "достижения",
    "achievements",
    "награды",
    "сертификаты",
    "certificates",
    "курсы",
    "courses",
}
_VOCABULARY: dict[str, tuple[set[str], re.Pattern[str]]] = {
    "skills": (
        {
            "навыки",
            "навык",
            "умения",
            "скиллы",
            "скилы",
            "skills",
            "skill",
            "технологии",
            "технологий",
            "стек",
            "stack",
            "tech",
            "technologies",
            "technology",
            "tools",
            "инструменты",
            "компетенции",
            "competencies",
            "профессиональные",
            "технические",
            "technical",
            "hard",
            "hard-skills",
            "professional",
            "языки",
            "программирования",
            "programming",
            "languages",
            "знания",
            "knowledge",
            "expertise",
            "технологический",
            "программы",
            "программное",
            "обеспечение",
            "software",
            "владение",
            "пк",
            "компьютерные",
            "computer",
            "специальные",
            "прочие",
            "other",
            "additional",
            "дополнительные",
            "frameworks",
            "фреймворки",
            "технический",
            "стэк",
            "библиотеки",
            "libraries",
            "proficiency",
        },
        re.compile(
            r"навык|умени|скил|skill|технолог|стек|стэк|stack|компетенц|competenc|инструмент|tools|expertise"
            r"|программирован|programming|technolog|proficien"
        ),
    ),
    "experience": (
        {
            "опыт",
            "работы",
            "профессиональный",
            "трудовой",
            "experience",
            "work",
            "professional",
            "relevant",
            "employment",
            "history",
            "career",
            "карьера",
            "места",
            "трудовая",
            "деятельность",
            "рабочий",
            "практический",
            "коммерческий",
            "commercial",
        },
        re.compile(r"опыт|experience|employment|career|карьер|трудов"),
    ),
    "education": (
        {
            "образование",
            "education",
            "высшее",
            "основное",
            "academic",
            "background",
            "учеба",
            "учёба",
            "qualifications",
        },
        re.compile(r"образован|education|учеб|учёб"),
    ),
}


def _composed_heading(key: str) -> str | None:
    words = [w for w in re.split(r"[\s,]+", key) if w]
    if not 1 <= len(words) <= 5:
        return None
    for section, (vocabulary, core) in _VOCABULARY.items():
        if all(w in vocabulary or w in _JOINING for w in words) and any(core.search(w) for w in words):
            return section
    # One qualifier the vocabulary does not know before the section's word: «Engineering
    # Experience», «Industry Experience», «Технологический опыт». Only in a short line
    # of letters that ends with the core word.
    if 2 <= len(words) <= 3 and all(re.fullmatch(r"[a-zа-яё-]+", w) for w in words):
        for section, (vocabulary, core) in _VOCABULARY.items():
            unknown = [w for w in words if w not in vocabulary and w not in _JOINING]
            if len(unknown) == 1 and unknown[0] != words[-1] and core.search(words[-1]):
                return section
    return None


def _joined_headings(key: str) -> str | None:
    """«Awards/Achievements», «Hobbies & Interests»: two headings of one section joined."""
    parts = [p for p in re.split(r"\s*[/&+]\s*", key) if p]
    if len(parts) < 2:
        return None
    sections = {_HEADINGS.get(p) or _composed_heading(p) for p in parts}
    return sections.pop() if len(sections) == 1 and None not in sections else None


def detect_heading(line: str) -> tuple[str, str] | None:
    """(section, rest of line) when ``line`` starts a section."""
    stripped = line.strip()
    if not stripped or len(stripped) > 200:
        return None
    key = _heading_key(stripped)
    if key in _HEADINGS and len(stripped) < 60:
        return _HEADINGS[key], ""
    # A phrase heading stands alone: «Образование: высшее» is a fact with its label.
    composed = None if re.search(r"[:|\t].", stripped) else _composed_heading(key) or _joined_headings(key)
    if composed and len(stripped) < 60:
        return composed, ""
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
        section = _HEADINGS.get(label) or _composed_heading(label)
        rest = m.group(2).strip()
        if section == "languages" and not language_code(re.split(r"[\s—–-]", rest)[0]):
            return None
        if section == "education" and not _EDUCATION_ENTRY.search(rest) and "\t" not in stripped:
            return None  # "Образование: высшее" among the header facts is not the section
        if section in {"skills", "languages", "position", "education"}:
            return section, rest
        if section == "experience" and "\t" in stripped and not EXPERIENCE_TOTAL.match(_heading_key(rest)):
            return section, rest  # a two-column layout: «Опыт работы ⇥ Компания / Должность»
    return None


# Headings that also serve as labels inside a job («Технологии: Python, Django», «Tools»,
# «Достижения:»): inside the experience section they switch nothing while another job's
# dates follow before the next real heading.
PROJECTS = re.compile(r"(?:мои |ключевые |личные |основные )?(?:проекты|projects|key projects|my projects)")
LABEL_LIKE = {"skills", "about", "languages", "contacts"}


def _label_inside_jobs(lines: list[str], index: int, headings: list[tuple[str, str] | None]) -> bool:
    for later in range(index + 1, min(len(lines), index + 16)):
        heading = headings[later]
        if heading and (heading[0] not in LABEL_LIKE or _bare(lines[later], heading)):
            return False
        # The range may be broken over two lines («Октябрь 2019 —» / «Сентябрь 2021»).
        pair = lines[later] + (" " + lines[later + 1] if later + 1 < len(lines) and len(lines[later]) < 40 else "")
        for m in DATE_RANGE.finditer(pair):
            if range_months(m) and not is_bullet(lines[later]):
                return True
    return False


def _bare(line: str, heading: tuple[str, str]) -> bool:
    """A heading on a line of its own without a colon («Skills», «Навыки»): a section of
    the document. A label inside a job is written as one («Технологии:», «Stack: Go»)."""
    return not heading[1] and not line.rstrip().endswith(":")


def split_sections(lines: list[str]) -> Sections:
    result = Sections()
    current = "header"
    headings = [detect_heading(line) for line in lines]
    for index, line in enumerate(lines):
        heading = headings[index]
        if (
            heading
            and current == "experience"
            and heading[0] in LABEL_LIKE
            and not _bare(line, heading)
            and _label_inside_jobs(lines, index, headings)
        ):
            heading = None
        if heading is None and current not in {"experience", "header"} and PROJECTS.fullmatch(_heading_key(line)):
            heading = ("about", "")  # «Проекты» after the skills: the list has ended
        if (
            heading is None
            and current == "experience"
            and PROJECTS.fullmatch(_heading_key(line))
            and not line.rstrip().endswith(":")
            and not _label_inside_jobs(lines, index, headings)
        ):
            # «Projects» after the jobs, with no job dates before the next section: the
            # projects (dated or not) are not jobs.
            heading = ("about", "")
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
    line = re.sub(r"(?<![A-Za-z])#+|[*_`]+", " ", line)  # Markdown marks; «C#», «F#» keep theirs
    line = BULLET.sub("", line)
    return re.sub(r"\s+", " ", line).strip(" \t|·,;")
