"""Vacancy file → ``Vacancy`` draft for the vacancy form (a person reviews it before saving)
and for ``manage.py parse_vacancy``. Extraction, hidden-text flags and the isolated child
are intake's (``candidates.intake.process``); the reading of a posting is here.

Postings follow a familiar shape: title, company blurb, labelled facts (city, format,
salary, employment), then sections (responsibilities, requirements, nice to have,
conditions). Skills come from the shared synonym dictionary; "A или B" in one
requirement becomes a list of alternatives.
"""

from __future__ import annotations

import re
from pathlib import Path

from candidates.intake import skills
from candidates.intake.dictionaries import find_cities
from candidates.intake.errors import IntakeError
from candidates.intake.extract import extract_bytes
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

SECTIONS = {
    "responsibilities": r"(обязанности|чем предстоит заниматься|что предстоит делать|задачи|что нужно делать|"
    r"what you will do|responsibilities|your tasks|what you'll do)",
    "requirements": r"(требования|обязательные требования|мы ждём|мы ждем|что мы ожидаем|ожидаем от вас|"
    r"наши ожидания|requirements|must have|what we expect|you have|"
    r"требования к (?:кандидату|соискателю|вам|тебе)|наши требования|основные требования|ключевые требования|"
    r"(?:что )?(?:для нас|нам) важно|кого мы ищем|кого ищем|мы ищем|"
    r"(?:что )?мы жд[её]м от (?:кандидата|вас|тебя)|что мы ожидаем от (?:кандидата|вас|тебя)|"
    r"(?:ты нам подходишь|вы нам подходите|нам подходит|мы ждём тебя|мы ждем тебя|мы ждём вас|мы ждем вас),? если|"
    r"необходимые (?:навыки|знания)|что нужно (?:знать|уметь)|что необходимо|"
    r"what we(?:'re| are) looking for|who we(?:'re| are) looking for|who you are|about you|you are|"
    r"requirements for (?:the )?candidate|qualifications|required skills|key requirements|your profile|"
    r"what you(?:'ll)? (?:need|bring)|we expect|you will need)",
    "nice": r"(будет плюсом|будет преимуществом|плюсом будет|желательно|nice to have|bonus points|"
    r"преимуществом будет|дополнительно|будет большим плюсом|приветствуется|"
    r"(?:будет )?(?:здорово|хорошо|круто),? если|nice-to-have|would be a plus|bonus|it's a plus)",
    "conditions": r"(условия|мы предлагаем|we offer|что мы предлагаем|what we offer|benefits)",
    # A blurb after the lists is nobody's requirement.
    "about": r"(о компании|о нас|кто мы|about us|about the company|who we are)",
}
_SECTION_RE = {
    name: re.compile(rf"^\s*(?:#+\s*)?{pattern}\s*[:.!…]?\s*$", re.IGNORECASE) for name, pattern in SECTIONS.items()
}
SENIORITY = [
    (r"\b(lead|тимлид|team lead|руководител\w*|head of|ведущий)\b", "lead"),
    (r"\b(senior|старший|сеньор)\b", "senior"),
    (r"\b(middle\+?|мидл)\b", "middle"),
    (r"\b(junior|младший|джуниор|стажёр|стажер|intern)\b", "junior"),
]


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


def _salary(text: str) -> tuple[int | None, int | None, str | None, bool | None]:
    line = next(
        (ln for ln in text.split("\n") if re.search(r"(зарплат|заработная плата|доход|salary|compensation)", ln, re.I)),
        "",
    )
    if not line:
        return None, None, None, None
    head = re.split(r"\(|;|—\s*средн", line)[0]
    numbers = [int(re.sub(r"\D", "", n)) for n in re.findall(r"\d{1,3}(?:[ \u00a0,.]\d{3})+|\d{4,}", head)]
    numbers = [n for n in numbers if n >= 1000]
    low = high = None
    if re.search(r"\bот\b|\bfrom\b", head, re.I) and not re.search(r"\bдо\b|–|—|-|\bto\b", head.split("от")[-1]):
        low = numbers[0] if numbers else None
    elif len(numbers) >= 2:
        low, high = numbers[0], numbers[1]
    elif numbers:
        if re.search(r"\bдо\b|\bup to\b", head, re.I):
            high = numbers[0]
        else:
            low = numbers[0]
    currency = "USD" if re.search(r"\$|usd", head, re.I) else "EUR" if re.search(r"€|eur", head, re.I) else "RUB"
    net = (
        True
        if re.search(r"на руки|net\b|чистыми", line, re.I)
        else False
        if re.search(r"gross|до вычета", line, re.I)
        else None
    )
    return low, high, currency if numbers else None, net


def _work_format(text: str) -> tuple[str | None, bool | None]:
    line = " ".join(
        ln
        for ln in text.split("\n")[:15]
        if re.search(r"(формат|format|location|график|место работы|удал|remote|гибрид|hybrid)", ln, re.I)
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
    non_empty = [ln for ln in lines if ln.strip()]
    title = re.sub(r"^(вакансия|vacancy|position)\s*:\s*", "", non_empty[0].strip(), flags=re.I) if non_empty else None
    if title and len(non_empty) > 1 and re.search(r"[+,(:]$", title):
        title = f"{title} {non_empty[1].strip()}"  # a title wrapped over two lines in a PDF
    sections = _sections(lines)
    work_format, remote = _work_format(text)
    min_years = _min_experience("\n".join(sections.get("requirements", []))) or _min_experience(text)
    salary_from, salary_to, currency, net = _salary(text)
    must = _requirements(_items(sections.get("requirements", [])))
    nice = _requirements(_items(sections.get("nice", [])))
    must_names = {n for x in must for n in ([x] if isinstance(x, str) else x)}
    nice = [x for x in nice if (x if isinstance(x, str) else x[0]) not in must_names or isinstance(x, list)]
    return Vacancy(
        title=title,
        language=resume_language(text),
        responsibilities=_items(sections.get("responsibilities", [])),
        must_have=must,
        nice_to_have=nice,
        min_experience_years=min_years,
        seniority=_seniority(title or "", min_years),  # type: ignore[arg-type]
        location=_location(text, work_format),
        remote=remote,
        work_format=work_format,  # type: ignore[arg-type]
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
    data = read_file(path)
    if isinstance(data, Outcome):
        return data
    return parse_vacancy_bytes(data, path.name)


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
