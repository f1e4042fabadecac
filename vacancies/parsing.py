"""Vacancy file → ``Vacancy`` draft for the vacancy form (a person reviews it before saving)
and for ``manage.py parse_vacancy``. Extraction, hidden-text flags and the isolated child
are intake's (``candidates.intake.process``); the reading of a posting is here.

Postings follow a familiar shape: title, company blurb, labelled facts (city, format,
salary, employment), then sections (responsibilities, requirements, nice to have,
conditions). Skills come from the shared synonym dictionary; "A или B" in one
requirement becomes a list of alternatives.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from candidates.intake import skills
from candidates.intake.dictionaries import TITLE_WORDS, find_cities
from candidates.intake.errors import ErrorCode, IntakeError
from candidates.intake.extract import extract_bytes
from candidates.intake.jobs import company_like
from candidates.intake.parser import resume_language
from candidates.intake.process import (
    Outcome,
    build_flags,
    failed_outcome,
    limits_from_settings,
    read_file,
    run_isolated,
)
from candidates.intake.schema import Vacancy

log = logging.getLogger(__name__)

SECTIONS = {
    "responsibilities": r"(обязанности|должностные обязанности|основные обязанности|чем предстоит заниматься|"
    r"что предстоит делать|задачи|основные задачи|ваши задачи|твои задачи|что нужно делать|что нужно будет делать|"
    r"(?:чем|что)\s+(?:(?:тебе|вам|ты|вы)\s+)?(?:предстоит|будешь|будете|нужно будет)\s+(?:заниматься|делать)|"
    r"какие задачи|обязанности исполнителя|функционал(?: ролі| роли)?|"
    r"функциональные обязанности|круг задач|ключевые задачи|what you will do|responsibilities|key responsibilities|"
    r"your responsibilities|your tasks|what you'll do|what you(?:'ll| will) be doing|the role|your role|"
    r"in this role(?:,)? you will|job description|duties)",
    "requirements": r"(требования|обязательные требования|мы ждём|мы ждем|что мы ожидаем|ожидаем от вас|"
    r"наши ожидания|requirements|must have|what we expect|you have|"
    r"требования к (?:кандидату|соискателю|вам|тебе)|наши требования|основные требования|ключевые требования|"
    r"(?:что )?(?:для нас|нам) важно|кого мы ищем|кого ищем|мы ищем|"
    r"(?:что )?мы жд[её]м от (?:кандидата|вас|тебя)|что мы ожидаем от (?:кандидата|вас|тебя)|"
    r"(?:ты нам подходишь|вы нам подходите|нам подходит|мы ждём тебя|мы ждем тебя|мы ждём вас|мы ждем вас),? если|"
    r"необходимые (?:навыки|знания)|что нужно (?:знать|уметь)|что необходимо|"
    r"what we(?:'re| are) looking for|who we(?:'re| are) looking for|who you are|about you|you are|"
    r"requirements for (?:the )?candidate|qualifications|required skills|key requirements|your profile|"
    r"what you(?:'ll)? (?:need|bring)|we expect|you will need|требуется|необходимо|ожидания|"
    r"наши пожелания|что важно|профессиональные требования|требования к опыту|квалификационные требования|"
    r"мы ожидаем|ожидаем|must-have|must haves?|minimum qualifications|skills(?: and experience)?|обязательно|"
    r"очікування від кандидата|вимоги|необходимые знания(?: и (?:опыт|навыки))?|необходимый опыт|"
    r"(?:будем рады|ждём|ждем|ищем)[^:]{0,40}?,?\s+если\s+(?:вы|ты)|"
    r"(?:что|кого)\s+мы\s+ищем|что\s+(?:нужно|необходимо|важно)\s+(?:знать|уметь|иметь)|what you need to have)",
    "nice": r"(будет плюсом|будет преимуществом|плюсом будет|желательно|nice to have|bonus points|"
    r"преимуществом будет|дополнительно|будет большим плюсом|приветствуется|"
    r"(?:будет )?(?:здорово|хорошо|круто),? если|nice-to-have|would be a plus|bonus|it's a plus)",
    "conditions": r"(условия|условия работы|мы предлагаем|предлагаем|we offer|что мы предлагаем|что мы даём|"
    r"что мы даем|что мы готовы предложить|what we offer|benefits|perks|компенсация и льготы|бонусы)",
    # A blurb after the lists is nobody's requirement.
    "about": r"(о компании|о нас|кто мы|about us|about the company|who we are)",
}
_SECTION_RE = {
    name: re.compile(rf"^\s*(?:[#•▪·*\-–—]+\s*)?{pattern}\s*[:.!…]?\s*$", re.IGNORECASE)
    for name, pattern in SECTIONS.items()
}
# «Обязанности: вести учёт, готовить отчёты» — the heading and its first item on one line.
_INLINE_SECTION_RE = {
    name: re.compile(rf"^\s*(?:[#•▪·*\-–—]+\s*)?{pattern}\s*:\s*(?P<rest>\S.*)$", re.IGNORECASE)
    for name, pattern in SECTIONS.items()
}
SENIORITY = [
    (r"\b(lead|тимлид|team lead|руководител\w*|head of|ведущий)\b", "lead"),
    (r"\b(senior|старший|сеньор)\b", "senior"),
    (r"\b(middle\+?|мидл)\b", "middle"),
    (r"\b(junior|младший|джуниор|стажёр|стажер|intern)\b", "junior"),
]


NICE_INLINE = re.compile(
    r"^(?:будет\s+(?:большим\s+)?плюсом|плюсом будет|желательно|приветствуется|преимуществом будет|"
    r"будет преимуществом|nice to have|a plus|bonus)|(?:будет\s+(?:большим\s+)?плюсом|is a plus|would be a plus)\W*$",
    re.IGNORECASE,
)


def _sections(lines: list[str]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {"head": []}
    current = "head"
    for line in lines:
        stripped = line.strip()
        name = next((n for n, rx in _SECTION_RE.items() if rx.match(stripped)), None)
        if name:
            current = name
            result.setdefault(name, [])
            continue
        inline = next(((n, m) for n, rx in _INLINE_SECTION_RE.items() if (m := rx.match(stripped))), None)
        if inline and len(stripped) < 400:
            current = inline[0]
            # Items listed after the colon («Требования: Python, SQL; опыт от 3 лет»).
            result.setdefault(current, []).extend(f"• {p.strip()}" for p in re.split(r";\s*", inline[1]["rest"]))
            continue
        result.setdefault(current, []).append(stripped)
    return result


def _items(lines: list[str]) -> list[str]:
    """Bulleted items; a wrapped bullet continues until the next bullet."""
    items: list[str] = []
    for line in lines:
        if not line:
            continue
        text = re.sub(r"^(?:[•▪·*\-–—]|\d{1,2}[.)])\s*", "", line)
        if re.match(r"^(?:[•▪·*\-–—]|\d{1,2}[.)])\s", line) or not items:
            items.append(text)
        else:
            items[-1] += " " + text
    return [i.strip(" ;.") for i in items if i.strip(" ;.")]


def _skills_in(text: str) -> list[str]:
    return skills.find_in_text(text)


def _requirements(items: list[str]) -> list[str | list[str]]:
    result: list[str | list[str]] = []
    seen: set[str] = set()
    for item in items:
        found = [s for s in _skills_in(item) if s not in seen]
        if not found:
            continue
        seen.update(found)
        if len(found) > 1 and re.search(r"\b(или|либо|or)\b|/", item, re.IGNORECASE):
            result.append(found)
        else:
            result.extend(found)
    return result


_THOUSANDS = r"(?:тыс\.?|тысяч|т\.р\.?|k|к)(?![A-Za-zА-Яа-яЁё])"
_AMOUNT = (
    rf"\d{{1,3}}(?:[ \u00a0\u202f.,’']\d{{3}})+|\d{{4,7}}|\d{{1,4}}(?:[.,]\d)?\s*{_THOUSANDS}"
    # «150–250 тыс.», «от 150 до 250 тыс.»: the unit is written once, after the range.
    rf"|\d{{1,4}}(?=\s*(?:[-‐‑‒–—―−]|до|to)\s*\d{{1,4}}(?:[.,]\d)?\s*{_THOUSANDS})"
)
_CURRENCY = r"(?:₽|руб(?:\.|лей|ля)?|р\.|rub\b|rur\b|\$|usd\b|долл\w*|€|eur\b|евро|₸|тенге|kzt\b)"
SALARY_RANGE = re.compile(
    rf"(?:(?P<from_word>от|from|starting at)\s*)?(?P<cur_a>{_CURRENCY})?\s*(?P<low>{_AMOUNT})\s*(?P<cur_b>{_CURRENCY})?"
    rf"(?:\s*(?:[-‐‑‒–—―−]|до|to|по)\s*(?P<cur_c>{_CURRENCY})?\s*(?P<high>{_AMOUNT})\s*(?P<cur_d>{_CURRENCY})?)?",
    re.IGNORECASE,
)
UP_TO = re.compile(
    rf"(?:^|[\s(:])(?:до|up to)\s*(?P<cur_a>{_CURRENCY})?\s*(?P<high>{_AMOUNT})\s*(?P<cur_b>{_CURRENCY})?", re.I
)
SALARY_WORDS = re.compile(
    r"(зарплат|заработн\w* плат|з/п|зп\b|доход|оклад|вознагражд|оплата труда|salary|compensation|pay\b|ставка)", re.I
)


def _amount(text: str) -> int:
    thousands = re.search(r"(тыс|тысяч|т\.р|k|к)", text, re.IGNORECASE)
    number = re.sub(r"(тыс\.?|тысяч|т\.р\.?|k|к)", "", text, flags=re.IGNORECASE).strip()
    if thousands:
        return int(float(number.replace(",", ".").replace(" ", "")) * 1000)
    return int(re.sub(r"\D", "", number))


def _salary_line(text: str) -> str:
    """The line that states the pay: labelled («Зарплата: …»), or an amount with a currency
    or «от … до …» on a line of its own near the top (hh.ru prints no label)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for line in lines:
        if SALARY_WORDS.search(line) and re.search(r"\d", line):
            return line
    for line in lines[:25]:
        if len(line) > 120:
            continue
        m = SALARY_RANGE.search(line)
        if m and (
            any(m.group(g) for g in ("cur_a", "cur_b", "cur_c", "cur_d")) or m.group("from_word") and m.group("high")
        ):
            return line
    return ""


def _salary(text: str) -> tuple[int | None, int | None, str | None, bool | None]:
    """«от 150 000 до 250 000 руб.», «150–250 тыс. ₽», «до 300 000 ₽ на руки», «$3,000–4,500»,
    «от 120к», «Зарплата: 200 000»: (from, to, currency, net)."""
    line = _salary_line(text)
    if not line:
        return None, None, None, None
    label = SALARY_WORDS.search(line)
    head = re.split(r"\(|;|—\s*средн", line[label.end() :] if label else line)[0]
    low = high = None
    currency_text = ""
    for m in SALARY_RANGE.finditer(head):
        amount_low = _amount(m.group("low"))
        amount_high = _amount(m.group("high")) if m.group("high") else None
        if amount_low < 1000 and not (amount_high and amount_high >= 1000):
            continue
        if amount_high and amount_low < 1000 and re.search(r"тыс|k|к", m.group("high"), re.I):
            amount_low *= 1000  # «150–250 тыс.»: the unit is written once, after the range
        currency_text = "".join(m.group(g) or "" for g in ("cur_a", "cur_b", "cur_c", "cur_d"))
        before = head[: m.start()]
        if amount_high:
            low, high = amount_low, amount_high
        elif re.search(r"(?:^|\s)(?:до|up to)\s*$", before, re.I) or (
            not m.group("from_word") and UP_TO.search(head[max(0, m.start() - 8) : m.end()])
        ):
            high = amount_low
        else:
            low = amount_low
        break
    if low is None and high is None:
        return None, None, None, None
    cur = (currency_text or head).lower()
    currency = (
        "USD"
        if re.search(r"\$|usd|долл", cur)
        else "EUR"
        if re.search(r"€|eur|евро", cur)
        else "KZT"
        if re.search(r"₸|тенге|kzt", cur)
        else "RUB"
    )
    net = (
        True
        if re.search(r"на руки|net\b|чистыми|после вычета", line, re.I)
        else False
        if re.search(r"gross|до вычета|до уплаты|до налог|брутто", line, re.I)
        else None
    )
    return low, high, currency, net


TITLE_LABEL = re.compile(
    r"^(?:вакансия|vacancy|position|job title|title|role|роль|должность|позиция|посада|название вакансии"
    r"|открытая вакансия)"
    r"\s*[:—–|-]\s*(?P<value>.+)$",
    re.IGNORECASE,
)
HIRING = re.compile(
    r"^(?:мы\s+)?(?:ищем|ищу|требуется|требуются|приглашаем|открыта вакансия|в поисках|we(?:'re| are)\s+hiring"
    r"|we(?:'re| are)\s+looking\s+for|hiring|looking\s+for)\s*:?\s+(?:в\s+команду\s+|an?\s+)?(?P<value>.+)$",
    re.IGNORECASE,
)
FACT_LABEL = re.compile(
    r"^(?:компания|company|город|city|location|локация|адрес|зарплата|salary|доход|опыт|experience|занятость|"
    r"employment|график|schedule|формат|format|контакты|contacts|дата|date|hh\.ru|уровень дохода|требуемый опыт)"
    r"\b.*$",
    re.IGNORECASE,
)


def _title(lines: list[str]) -> str | None:
    """The posting's title: labelled («Должность: …», «Вакансия: …»), else the first line
    near the top that reads as a job (a job word), else the first line that is not a fact
    label, a salary, a heading, a company or a city; «Ищем …», «We're hiring …» trimmed."""
    for line in lines[:20]:
        m = TITLE_LABEL.match(LEADING_SYMBOLS.sub("", line))
        if m and len(m.group("value")) <= 120:
            # «Посада-роль: …», «Должность / роль: …»: a label of two words, both labels.
            value = TITLE_LABEL.match(m.group("value").lstrip("-/ "))
            return _clean_title(value.group("value") if value else m.group("value"))
    for line in lines[:20]:
        # «…проводит набор на должность «Начинающий программист (Junior Developer)»»: the
        # title named in quotes after «на должность / на позицию / for the position of».
        quoted = re.search(
            r"(?:на\s+(?:должность|позицию|вакансию)|for\s+the\s+(?:position|role)\s+of)\s+[«\"“](?P<value>[^»\"”]{3,100})[»\"”]",
            line,
            re.IGNORECASE,
        )
        if quoted:
            return _clean_title(quoted.group("value"))
    # The title stands in the head, before the first section heading.
    head: list[str] = []
    for line in lines[:12]:
        if any(rx.match(line) for rx in _SECTION_RE.values()) or any(
            rx.match(line) for rx in _INLINE_SECTION_RE.values()
        ):
            break
        head.append(line)
    hiring = next((ln for ln in head if HIRING.match(LEADING_SYMBOLS.sub("", ln)) and len(ln) <= 120), None)
    if hiring:
        return _clean_title(LEADING_SYMBOLS.sub("", hiring))
    top = [ln for ln in head[:8] if _title_candidate(ln)]
    chosen = next((ln for ln in top if TITLE_WORDS.search(ln)), top[0] if top else None)
    if chosen is None:
        return None  # no line reads as a title: better none than a sentence from the text
    index = lines.index(chosen)
    if index + 1 < len(lines) and re.search(r"[+,(:]$", chosen):
        chosen = f"{chosen} {lines[index + 1]}"  # a title wrapped over two lines in a PDF
    return _clean_title(chosen)


def _title_candidate(line: str) -> bool:
    if len(line) > 90 or re.fullmatch(r"(?:вакансия|vacancy|job|position|резюме)\W*", line, re.I):
        return False
    if line[:1].islower() or (line.endswith(".") and len(line.split()) > 3) or len(line.split()) > 10:
        return False  # a sentence or its continuation, not a title
    if FACT_LABEL.match(line) or re.match(r"^\s*(?:[•▪·*\-–—]|\d{1,2}[.)])\s", line):
        return False
    label = re.match(r"^([^:]*):(?!\w)", line)
    if label and not TITLE_WORDS.search(label.group(1)):
        return False  # «Какие задачи: …» is a label with its value, «Чем заниматься:» a heading
    pay = SALARY_RANGE.search(line) if re.search(r"\d{3}", line) else None
    if pay and len(re.sub(r"[^A-Za-zА-Яа-яЁё]", "", line[: pay.start()])) < 3:
        return False  # a salary line, not a title with its salary after it
    if any(rx.match(line) for rx in _SECTION_RE.values()) or re.search(r"@|https?://|www\.", line):
        return False
    if company_like(line) and not TITLE_WORDS.search(line):
        return False
    found = find_cities(line)
    return not (found and len(line) < len(found[0][2]) + 25 and not TITLE_WORDS.search(line))


LEADING_SYMBOLS = re.compile(r"^[^\w«\"(]+")


def _clean_title(text: str) -> str:
    hiring = HIRING.match(text)
    if hiring:
        text = hiring.group("value")
    # «Playable ads developer (реклама для мобильных игр)»: a note, not part of the title;
    # «PHP-разработчик (middle)» keeps its level.
    text = text.rstrip(" .!")
    text = re.sub(r"\s*\((?:[^()]*\s){2,}[^()]*\)\s*$", "", text)
    text = re.sub(r"\s+(?:в|to)\s+(?:нашу\s+|our\s+)?(?:команду|team)\b.*$", "", text, flags=re.IGNORECASE)
    text = text.rstrip(" .!")
    text = text[:1].upper() + text[1:]
    text = re.sub(r"\s*[(,|—–-]?\s*(?:от|до|from)?\s*\d[\d\s]{3,}.*$", "", text)  # a salary after the title
    return text.strip(" «»\"'.:!|—–-")


def _work_format(text: str) -> tuple[str | None, bool | None]:
    all_lines = text.split("\n")
    # A labelled format anywhere («формат работы гибрид» among the conditions) wins over
    # the words near the top.
    labelled = [ln for ln in all_lines if re.search(r"(формат работы|work format|workplace type|work style)", ln, re.I)]
    line = " ".join(
        labelled
        or [
            ln
            for ln in all_lines[:15]
            if re.search(r"(формат|format|location|график|место работы|удал|remote|гибрид|hybrid)", ln, re.I)
        ]
    ).lower()
    hybrid = bool(re.search(r"гибрид|hybrid", line))
    remote = bool(re.search(r"удал[её]нн|remote", line))
    office = bool(re.search(r"офис|office|on-?site", line))
    if hybrid and remote and re.search(r"(гибрид\w*|hybrid)\s+(или|or)\s+(удал|remote)", line):
        return "hybrid_or_remote", True
    if hybrid:
        return "hybrid", False
    if remote:
        return "remote", True
    if office:
        return "office", False
    return None, None


def _location(text: str, work_format: str | None) -> str | None:
    for line in text.split("\n")[:15]:
        if re.search(r"^(город|место работы|location|офис|city)\s*:", line, re.I):
            found = find_cities(line)
            if found:
                return found[0][1]
    if work_format == "remote":
        return None
    found = find_cities("\n".join(text.split("\n")[:8]))
    return found[0][1] if found else None


def _min_experience(text: str) -> float | None:
    patterns = [
        r"опыт[^.;\n]{0,80}?от\s+(\d+(?:[.,]\d)?)\s*(?:лет|года|год)",
        r"от\s+(\d+(?:[.,]\d)?)\s*(?:лет|года|год)[^.;\n]{0,40}опыт",
        r"опыт[^.;\n]{0,60}?не менее\s+(\d+(?:[.,]\d)?)\s*(?:лет|года|год)",
        r"(\d+(?:[.,]\d)?)\+?\s*(?:years|yrs)",
        r"опыт[^.;\n]{0,60}?(\d+(?:[.,]\d)?)\+\s*(?:лет|года)",
        r"(?:^|[•\-—]\s*)от\s+(\d+(?:[.,]\d)?)\s*(?:лет|года|год)\b",
        r"(\d+(?:[.,]\d)?)\+?\s*(?:роки|років|рік)\s+досвід",  # Ukrainian: «3+ роки досвіду»
        r"досвід[^.;\n]{0,60}?від\s+(\d+(?:[.,]\d)?)\s*(?:роки|років|рік)",
    ]
    for pattern in patterns:
        m = re.search(pattern, text, re.IGNORECASE | re.MULTILINE)
        if m:
            value = float(m.group(1).replace(",", "."))
            return int(value) if value.is_integer() else value
    return None


def _seniority(title: str, min_years: float | None) -> str | None:
    for pattern, level in SENIORITY:
        if re.search(pattern, title, re.IGNORECASE):
            return level
    if min_years is None:
        return None
    return "senior" if min_years >= 5 else "middle" if min_years >= 1 else "junior"


def _employment(text: str) -> str | None:
    m = re.search(r"(занятость|employment|тип занятости)\s*:\s*([^\n]+)", text, re.I)
    value = m.group(2).lower() if m else text.lower()
    if re.search(r"частичн|part-?time", value):
        return "part-time"
    if re.search(r"проектн|project|contract", value) and m:
        return "project"
    # Postings that do not say otherwise are full-time (the usual case in the market).
    return "full-time"


def parse_vacancy_text(text: str) -> Vacancy:
    lines = text.split("\n")
    title = _title([ln.strip() for ln in lines if ln.strip()])
    sections = _sections(lines)
    work_format, remote = _work_format(text)
    min_years = _min_experience("\n".join(sections.get("requirements", []))) or _min_experience(text)
    salary_from, salary_to, currency, net = _salary(text)
    # «Будет плюсом знание …» inside the requirements list is a nice-to-have.
    required = _items(sections.get("requirements", []))
    must = _requirements([i for i in required if not NICE_INLINE.search(i)])
    nice = _requirements(_items(sections.get("nice", [])) + [i for i in required if NICE_INLINE.search(i)])
    must_names = {n for x in must for n in ([x] if isinstance(x, str) else x)}
    nice = [x for x in nice if (x if isinstance(x, str) else x[0]) not in must_names or isinstance(x, list)]
    return Vacancy(
        title=title,
        language=resume_language(text),
        responsibilities=_items(sections.get("responsibilities", [])),
        must_have=must,
        nice_to_have=nice,
        min_experience_years=min_years,
        seniority=_seniority(title or "", min_years),
        location=_location(text, work_format),
        remote=remote,
        work_format=work_format,
        salary_from=salary_from,
        salary_to=salary_to,
        currency=currency,
        salary_net=net,
        employment=_employment(text),
    )


def parse_vacancy_bytes(data: bytes, name: str) -> Outcome:
    try:
        extracted = extract_bytes(data, name, limits_from_settings())
    except IntakeError as exc:
        return failed_outcome(name, exc.code, exc.detail)
    flags, clean = build_flags(extracted)
    vacancy = parse_vacancy_text(clean)
    return Outcome(
        file=name,
        ok=True,
        profile=vacancy.model_dump(mode="json"),
        flags=flags.model_dump(mode="json"),
        text=clean,
        engine="offline",
    )


def parse_vacancy_file(path: Path) -> Outcome:
    """A vacancy file in process; never raises (see ``candidates.intake.process.parse_file``)."""
    data = read_file(path)
    if isinstance(data, Outcome):
        return data
    try:
        return parse_vacancy_bytes(data, path.name)
    except Exception:
        log.exception("vacancy parsing failed on %s", path.name)
        return failed_outcome(path.name, ErrorCode.PARSE_FAILED)


def vacancy_form_initial(data: bytes, filename: str) -> tuple[dict[str, object], str]:
    """For the vacancy form: (initial field values named like ``vacancies.Vacancy``, error
    message). The caller shows the draft for review; nothing is saved here."""
    # The file comes from a web form: parse it in a forked child under the same memory and
    # time limits as resumes, so a hostile file cannot stall or exhaust the web process.
    outcome = run_isolated(parse_vacancy_bytes, data, filename, name=filename)
    if not outcome.ok or outcome.profile is None:
        return {}, outcome.error_message
    v = Vacancy.model_validate(outcome.profile)
    initial: dict[str, object] = {
        "title": v.title or "",
        "responsibilities": "\n".join(v.responsibilities),
        "must_have": v.must_have,
        "nice_to_have": v.nice_to_have,
        "min_experience_years": v.min_experience_years or 0,
        "seniority": v.seniority or "",
        "city": v.location or "",
        "work_format": v.work_format or "",
        "salary_from": v.salary_from,
        "salary_to": v.salary_to,
        "currency": v.currency or "RUB",
        "language": v.language or "ru",
        "description": outcome.text,
    }
    return initial, ""
