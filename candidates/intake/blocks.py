"""Skills, languages, education and courses from their sections."""

from __future__ import annotations

import re

from candidates.intake import skills
from candidates.intake.dictionaries import DEGREES, LEVEL_WORDS, find_cities, language_code
from candidates.intake.schema import Education, LanguageSkill
from candidates.intake.sections import clean_line, is_bullet

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
    # Tabs stay: a layout's columns (hh.ru's skill tags) are item boundaries; so does a
    # comma that ends a wrapped line (the list goes on below).
    text_lines = [
        "\t".join(p for p in (clean_line(part) for part in ln.split("\t")) if p)
        + ("," if ln.rstrip().endswith(",") and clean_line(ln) else "")
        if not ln.lstrip().startswith(("•", "▪"))
        else ln.strip()
        for ln in lines
    ]
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
        elif joined and joined[-1].rstrip().endswith((",", " /")):
            joined[-1] = joined[-1] + " " + line
        else:
            joined.append(line if "\t" in raw else line)
    for line in joined:
        if len(line) > 300:
            continue
        if _is_spoken_language(line):
            continue  # «Английский: C1» among the skills
        spoken = SPOKEN_LANGUAGES.match(line)
        line = SUB_LABEL.sub("", line)  # «Языки программирования: Python, C++», «Backend: Java»
        if spoken:
            rest = re.sub(r"^\s*[|:\t]?\s*", "", line[spoken.end() :] if line.startswith(spoken.group()) else line)
            if _is_spoken_language(_split_items(rest)[0] if _split_items(rest) else ""):
                continue  # «Языки: Английский — C1» in a skills block; «Languages | Go, Python» stays
            line = rest
        cells = [c.strip() for c in re.split(r"\s\|\s", line)]
        if len(cells) == 2 and "," in cells[1] and "," not in cells[0] and not skills.lookup(cells[0]):
            line = cells[1]  # "Cloud & IaC | AWS, GCP, Terraform": a group label, then the skills
        # «Jira / Agile Scrum», «Redux / Vuex»: a slash between spaces separates items (an
        # unspaced one stays inside a name: «CI/CD», «UI/UX»).
        line = LEVEL_SUFFIX.sub("", line) if "," not in line and "\t" not in line else line
        items = _split_items(re.sub(r"\s+/\s+", ";", line.rstrip(" /")))
        if len(items) == 1 and "," not in line and len(line.split()) > 3 and "\t" not in line:
            # hh.ru tag lines: words separated by spaces only; a sentence is not a tag line.
            if _SENTENCE_START.match(line) or line.rstrip().endswith("."):
                named = skills.find_in_text(line)
                written.extend([line] if named else [])
                canonical.extend(named)
                continue
            found = [x for x in skills.tokens_to_skills(line) if skills.lookup(x) or not junk_skill(x)]
            written.extend(found)
            canonical.extend(skills.canonicalise(x)[0] if skills.canonicalise(x) else x for x in found)
            continue
        for item in _expand_long_groups(items):
            item = re.sub(r"^(?:[•▪·*\-–—]\s*|\d{1,2}[.)]\s+)", "", item).strip()
            if not item or len(item) > 70 or item.endswith(":"):
                continue
            if _is_spoken_language(item):
                continue
            item = SUB_LABEL.sub("", item)
            item = LEVEL_SUFFIX.sub("", item)  # «Figma - intermediate», «Photoshop — уверенно»
            names_found = skills.canonicalise(item)
            if names_found and not skills.lookup(names_found[0]):
                known = _known_tail(item)
                if known:
                    written.append(item)
                    canonical.extend(known)
                    continue
                if junk_skill(item):
                    # A sentence in the skills block («Знание верстки с помощью HTML и CSS»,
                    # «5 лет опыта с 'Git'»): the known skills it names, nothing else.
                    named = skills.find_in_text(item)
                    if named:
                        written.append(item)
                        canonical.extend(named)
                    continue
            if names_found:
                written.append(item)
                canonical.extend(names_found)
    return list(dict.fromkeys(canonical)), list(dict.fromkeys(written))


def _expand_long_groups(items: list[str]) -> list[str]:
    """«1. Python (Jupyter, pandas, numpy, …)» too long for one skill: the head and each
    item in the parentheses."""
    out: list[str] = []
    for item in items:
        m = re.fullmatch(r"(.*?)\((.*)\)?\s*", item.strip(), re.DOTALL)
        if len(item) > 70 and m and "," in m.group(2):
            out.extend(x for x in [m.group(1), *_split_items(m.group(2).rstrip(")"))] if x.strip())
        else:
            out.append(item)
    return out


# A proficiency after the skill: «Photoshop - proficient», «Figma – intermediate», «1С — базовый».
LEVEL_SUFFIX = re.compile(
    r"\s*[-–—]\s+(?:proficient|intermediate|beginner|advanced|basic|expert|fluent|good|strong"
    r"|базов\w*|продвинут\w*|средн\w*|уверенн\w*|начальн\w*|эксперт\w*|отличн\w*|хорош\w*)"
    r"(?:\s+(?:знани\w*|уровень|уровня|level|knowledge))?\.?$",
    re.IGNORECASE,
)
# A group label before the skills of a line: «Языки программирования: …», «Backend: …»,
# «Инструменты и DevOps: …» (a few words and a colon at the start).
SUB_LABEL = re.compile(r"^\s*[A-Za-zА-Яа-яЁё][\w .&/+-]{0,40}?:\s+(?=\S)")
SPOKEN_LANGUAGES = re.compile(r"^\s*(?:spoken\s+)?(?:языки|languages|иностранные языки|foreign languages)\b", re.I)


def _is_spoken_language(item: str) -> bool:
    """«Английский: C1», «Russian: native», «English (B2)»: a language with its level."""
    first = re.split(r"[\s:—–(,-]", item.strip(), maxsplit=1)[0]
    return bool(language_code(first)) and (parse_level(item) is not None or len(item.split()) == 1)


_LEAD_WORDS = re.compile(
    r"^(?:experience\s+(?:with|in)|knowledge\s+of|знание|знания|опыт(?:\s+работы)?\s+с|работа\s+с|работа\s+в|"
    r"уверенн\w+\s+(?:работа|знание|навык\w*)(?:\s+(?:с|использования))?|навык\w*\s+(?:работы\s+с|использования)|"
    r"владение|умение\s+работать\s+(?:с|в)|basic|advanced|proficient\s+in)\s+",
    re.IGNORECASE,
)


def _known_tail(item: str) -> list[str]:
    """Known skills an unknown item ends with: «Experience with Git», «Знание spring»,
    «OS Linux», «Tools vim» (a layout column label before the skill), «C++ Python Bash»
    (a tag row without commas)."""
    text = _LEAD_WORDS.sub("", item.strip())
    if text != item.strip():
        found = skills.canonicalise(text)
        if found and skills.lookup(found[0]):
            return found
    words = text.split()
    tokens = skills.tokens_to_skills(text)
    if len(tokens) >= 2 and all(skills.lookup(t) for t in tokens):
        return [skills.lookup(t) for t in tokens]  # type: ignore[misc]
    for start in range(1, min(len(words), 3)):
        tail = " ".join(words[start:])
        known = skills.lookup(tail)
        if known and not any(skills.lookup(w) for w in words[:start]):
            return [known]
    return []


# What a skills list carries besides skills: levels, sentences, contacts, dates, headings.
_LEVEL_ONLY = re.compile(
    r"^(?:базов\w*|продвинут\w*|уверенн\w*|средн\w*|высок\w*|отличн\w*|хорош\w*|начальн\w*|опытн\w*|свободн\w*"
    r"|basic|advanced|intermediate|expert|proficient|fluent|beginner|good|excellent|native|родной"
    r"|уровень|level|знание|владение|опыт|experience|и\s+др\.?|etc\.?|и\s+т\.?\s?д\.?|другие|other)"
    r"(?:\s+(?:уровень|level|пользователь|user|знание|владение))?$",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(
    r"^(?:я|умею|умение|знаю|владею|работал\w*|работаю|имею|опыт|могу|готов\w*|быстро|легко|i|i'm|able|can|have"
    r"|experienced|working|worked)\b",
    re.IGNORECASE,
)


def junk_skill(item: str) -> bool:
    """An unknown item of a skills list that is not a skill: a level, a sentence, a
    contact, a date, a bare number, a heading-like phrase."""
    text = item.strip(" .;:")
    words = text.split()
    if not text or len(words) > 5 or len(text) < 2:
        return True
    if _LEVEL_ONLY.match(text) or _SENTENCE_START.match(text):
        return True
    if len(words) >= 3 and _LEAD_WORDS.match(text + " ") and not skills.find_in_text(text):
        return True  # «Знание верстки с помощью»: the words before a skill, without the skill
    if re.search(r"@|https?://|www\.|\+?\d[\d\s()-]{8,}", text) or re.fullmatch(r"[\d\s.,%/+-]+", text):
        return True
    if item.strip().endswith(".") and len(words) > 2:
        return True
    lowered = [w.lower().strip("«»\"“”'()") for w in words]
    if lowered[-1] in _DANGLING or (len(words) == 1 and lowered[0] in _DANGLING | _MONTHS):
        return True  # a line cut mid-phrase («Работа с макетами в»), a lone «and», a month
    letters = re.sub(r"[^A-Za-zА-Яа-яЁё]", "", text)
    long_word = any(len(re.sub(r"[^A-Za-zА-Яа-яЁё]", "", w)) >= 6 for w in words)
    if len(words) >= 2 and long_word and letters.isupper():  # acronyms («PCI DSS») stay
        return True  # «WEB DEVELOPER», «"ZETTA SOFT" COMPANY»: a heading or a job row in capitals
    # Three or more words all in lower case read as a phrase ("работа в команде"), not a name.
    return len(words) >= 3 and all(w[:1].islower() for w in words)


_DANGLING = {
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "для",
    "по",
    "к",
    "от",
    "из",
    "о",
    "об",
    "а",
    "но",
    "или",
    "также",
    "как",
    "and",
    "or",
    "with",
    "in",
    "of",
    "for",
    "to",
    "the",
    "a",
    "an",
    "on",
    "at",
    "by",
    "using",
    "as",
}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
}


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
        line = clean_line(raw)
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
    text = " ".join(clean_line(x).replace("\t", " ") for x in block)
    years = [int(y) for y in YEAR.findall(text)]
    degree = _degree(text) or degree_hint
    field_m = re.search(r"«([^»]+)»", text)
    first = YEAR.sub("", clean_line(block[0]).replace("\t", " ")).strip(" ,—-|")
    institution_lines = [first] if first else []
    rest = block[1:]
    if not first and rest:
        institution_lines, rest = [clean_line(rest[0])], rest[1:]
    # A wrapped institution name continues until the line that ends with its city or degree.
    if rest and institution_lines and not re.search(r"(,|\))\s*$", institution_lines[-1]):
        nxt = clean_line(rest[0])
        if nxt[:1].islower() or find_cities(nxt) or _degree(nxt) or INSTITUTION.search(nxt):
            institution_lines.append(nxt)
            rest = rest[1:]
    institution = " ".join(institution_lines)
    parts = [p.strip() for p in re.split(r",\s+|\s\|\s", institution) if p.strip()]
    kept = [p for p in parts if not _degree(p) and not re.fullmatch(r"«[^»]+»|(?:19|20)\d{2}", p)]
    while len(kept) > 1 and (find_cities(kept[-1]) and len(kept[-1]) < 30):
        kept.pop()
    institution = ", ".join(kept).strip(" ,—-") or None
    field = field_m.group(1) if field_m else (" ".join(clean_line(x) for x in rest).strip() or None)
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
        cleaned = clean_line(line)
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
        year_only_block = len(block) == 1 and re.fullmatch(r"(?:19|20)\d{2}", clean_line(block[0])) is not None
        if (
            block
            and not year_only_block
            and INSTITUTION.search(cleaned)
            and re.search(r"(?:19|20)\d{2}\W*$", clean_line(block[-1]))
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
        m = re.match(r"^((?:19|20)\d{2})\s*\t?\s*(.+)$", clean_line(line) if "\t" not in line else line)
        if m:
            courses.append(clean_line(m.group(2)))
            expect_provider = True
            continue
        text = clean_line(line)
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
