"""Jobs and experience: date ranges anchor each job; title and company are found on the
lines around them (before, on the same line, or after, as layouts differ)."""

from __future__ import annotations

import re

from candidates.intake.dates import DATE_RANGE, DATE_TOKEN, PRESENT, SINCE, parse_month, range_months
from candidates.intake.dictionaries import ORG_MARKERS, TITLE_WORDS, find_cities
from candidates.intake.schema import Job
from candidates.intake.sections import clean_line, detect_heading, is_bullet

DURATION = re.compile(r"^\d+\s*(год|года|лет|мес|year|month)", re.IGNORECASE)


# --- dates and experience --------------------------------------------------------------------


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
        # Nobody has worked past the day the resume was written: a year-only end («2018–2020»
        # read as December 2020) in a resume of March 2020 counts to March.
        stop = min(stop, as_of[0] * 12 + as_of[1] - 1)
        if stop < start or stop - start > 600:
            continue
        covered.update(range(start, stop + 1))
    return len(covered) if covered else None


def stated_experience(text: str) -> int | None:
    """hh.ru's own total ("Опыт работы — 6 лет 2 месяца"), used only when no job dates parse."""
    m = re.search(r"опыт работы\s*[—–-]\s*(?:(\d+)\s*(?:год|года|лет))?\s*(?:(\d+)\s*месяц)?", text, re.I)
    if not m or not (m.group(1) or m.group(2)):
        # The same total as a heading line: "Опыт работы: 2 года 3 месяца", "Work experience: 5 years".
        m = STATED_TOTAL.search(text)
    if not m or not (m.group(1) or m.group(2)):
        return None
    return int(m.group(1) or 0) * 12 + int(m.group(2) or 0)


STATED_TOTAL = re.compile(
    r"^[ \t#*]*(?:опыт работы|опыт|work experience|total experience|experience)[ \t]*[:—–(-]?[ \t]*"
    r"(?:(\d+)[ \t]*(?:год|года|лет|years?))?[ \t]*(?:и[ \t]+|and[ \t]+|,[ \t]*)?"
    r"(?:(\d+)[ \t]*(?:месяц\w*|мес\.?|months?))?[ \t]*\)?[ \t*]*$",
    re.IGNORECASE | re.MULTILINE,
)


def _fmt(ym: tuple[int, int]) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"


_DASH = "[-‐‑‒–—―−]"
_ENDS_WITH_DATE = re.compile(rf"(?:^|\s)(?:{DATE_TOKEN})\s*(?:г\.)?\s*{_DASH}?\s*$", re.IGNORECASE)
_STARTS_RANGE_END = re.compile(rf"^\s*(?:{_DASH}|{PRESENT}|(?:{DATE_TOKEN})\s*$)", re.IGNORECASE)


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


def title_like(text: str) -> bool:
    return bool(TITLE_WORDS.search(text)) and len(text) <= 100 and not text.endswith(".")


def company_like(text: str) -> bool:
    return bool(ORG_MARKERS.search(text))


def is_location(text: str) -> bool:
    text = text.strip(" ,·|")
    if not text:
        return True
    if re.fullmatch(r"(remote|удал[её]нно|удал[её]нка|office|офис|hybrid|гибрид|on-?site)", text, re.I):
        return True
    cities = find_cities(text)
    return bool(cities) and cities[0][0] <= 1 and len(text) < 60 and not company_like(text)


def _strip_company(text: str) -> str:
    text = clean_line(text)
    # "ООО «ФудМаркет» (сеть магазинов, 600 сотрудников)", "Orbit Games, Moscow"
    text = re.sub(r"\s*\((?![^)]*»)[^)]*\)\s*$", "", text)
    parts = [p.strip() for p in re.split(r",\s+|\s+·\s+", text)]
    while len(parts) > 1 and (is_location(parts[-1]) or re.search(r"\.\w{2,}$", parts[-1])):
        parts.pop()
    # "ООО «Альфа» (дистрибьютор, 300 человек), Пермь": the note goes once the place is gone.
    return re.sub(r"\s*\((?![^)]*»)[^)]*\)\s*$", "", ", ".join(parts)).strip()


def _strip_title(text: str) -> str:
    text = clean_line(text)
    parts = [p.strip() for p in re.split(r"\s+·\s+", text)]
    return parts[0]


PAIR_SEPARATORS = [" | ", "\t", " — ", " – ", " - ", ", ", " @ ", " at "]


def _inside_brackets(left: str) -> bool:
    return left.count("(") > left.count(")") or left.count("«") > left.count("»") or left.count('"') % 2 == 1


def split_title_company(line: str) -> tuple[str, str] | None:
    text = clean_line(line) if "\t" not in line else line.strip()
    for sep in PAIR_SEPARATORS:
        start = 0
        while True:
            pos = text.find(sep, start)
            if pos < 0:
                break
            left, right = text[:pos].strip(), text[pos + len(sep) :].strip()
            start = pos + 1
            if not left or not right or _inside_brackets(left):
                continue  # "Менеджер (металлопрокат, метизы)" is one title
            if title_like(left) and not company_like(left) and not is_location(right):
                if company_like(right) or not title_like(right):
                    return _strip_title(left), _strip_company(right)
            if title_like(right) and not company_like(right) and not is_location(left):
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


# "(курсы и практика)", "(обучение)", "(training)" right after the dates: a study period.
STUDY_NOTE = re.compile(
    r"\s*[(\[][^)\]]*?(?<![\w-])(?:курс|обучени|уч[её]б|переподготовк|повышени\w* квалификации|training|course"
    r"|bootcamp|studies|study)",
    re.IGNORECASE,
)


ONE_MONTH_CELL = re.compile(r"\t(?P<start>[A-Za-zА-Яа-яЁё]{3,9}\.?\s+(?:19|20)\d{2})(?P<end>)\s*$")


def _starts_row(line: str, m: re.Match[str]) -> bool:
    """Bare years that open a row ("2014 — 2019 · ООО «Альфа» · Менеджер") date a job even
    on a long line; in running text ("в 2014–2019 годах …") they do not."""
    # «2016–2016 Ведущий разработчик, Aero, Москва/Таганрог.»: a capitalised title right
    # after years that open the line is a row too; «2014–2019 годах я …» is not.
    rest = line[m.end("end") :]
    return not line[: m.start()].strip(" \t•*#") and bool(re.match(r"\s*[·|,—–-]\s|\t|\s+[A-ZА-ЯЁ«\"]", rest))


def _only_dates(line: str) -> bool:
    """A list item that is nothing but a date range («– May 2018 - July 2021»): the dates of
    a job written as a list (title, company, dates as items), not an achievement."""
    text = clean_line(line)
    m = DATE_RANGE.search(text)
    return bool(m) and not text[: m.start()].strip(" ,;()") and not text[m.end() :].strip(" ,;.()")


def parse_jobs(lines: list[str]) -> list[Job]:
    lines = [ln for ln in _join_broken_dates(lines)]
    anchors: list[tuple[int, re.Match[str], tuple[int, int], tuple[int, int] | None]] = []
    study: set[int] = set()  # "Сентябрь 2023 — Июнь 2024 (курсы)": bounds the job above, is not a job
    for index, line in enumerate(lines):
        if is_bullet(line) and not _only_dates(line):
            continue  # "план за 2024–2025 гг." in an achievement is not a job; "– May 2018 - July 2021" is
        for m in DATE_RANGE.finditer(line):
            if (
                re.fullmatch(r"\d{4}", m.group("start").strip())
                and len(line) - len(m.group()) > 60
                and not _starts_row(line, m)
            ):
                continue
            months = range_months(m)
            if months:
                start, end = months
                anchors.append((index, m, start, end))
                if STUDY_NOTE.match(line[m.end("end") :]):
                    study.add(len(anchors) - 1)
                break
        else:
            since = SINCE.search(line)
            if since and len(line) < 150 and (title_like(line) or company_like(line)):
                start = parse_month(since.group("start"))
                if start:
                    anchors.append((index, since, start, None))
                continue
            # «Компания StatSoft Russia, Москва ⇥ Июль 2023»: a row whose date column holds one
            # month is a job of that month (a practice, a short contract).
            single = ONE_MONTH_CELL.search(line)
            if single and len(line) < 150 and (title_like(line) or company_like(line)):
                month = parse_month(single.group("start"))
                if month:
                    anchors.append((index, single, month, month))
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
        if k not in study and any(title_like(x) or company_like(x) or split_title_company(x) for _, x in found):
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
        if after_text and after_text[:1] in "·|":
            # One-line rows: "2019 — наст. время · ООО «Альфа» · Руководитель отдела",
            # "2021 — сейчас | Компания | Должность": every cell is a candidate.
            cells = [c.strip(" \t·|,") for c in re.split(r"\s+[·|]\s+|\t|^[·|]\s*", after_text)]
            candidates.extend(c for c in cells if c and not is_location(c) and not DURATION.match(c))
        elif after_text:
            # "04.2022 – н.в. · Москва": what follows the date on its line is usually a place;
            # a tab-separated cell, though, is the next table column (company).
            after_text = after_text.split(" · ")[0] if not after_text.startswith("\t") else after_text
            after_text = after_text.strip(" \t·|,")
            if after_text and not is_location(after_text) and not DURATION.match(after_text):
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
            if not DURATION.match(text) and not is_location(text):
                after_lines.append(text)
                if title_like(text) and not company_like(text):
                    seen_title = True
            i += 1
            if len(after_lines) >= 6:
                break
        if k in study:
            continue
        job = _job_from_candidates(candidates, after_lines)
        bullets = [clean_line(x) for x in lines[index + 1 : next_index] if is_bullet(x)]
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
        m = JOB_LABEL.match(clean_line(line))
        if m:
            kind = "title" if re.match(r"(должн|позиц|position|title|role)", m.group("label"), re.I) else "company"
            labelled.setdefault(kind, m.group("value").strip())
    if labelled:
        return Job(
            title=_strip_title(labelled["title"]) if "title" in labelled else None,
            company=_strip_company(labelled["company"]) if "company" in labelled else None,
        )
    pool = candidates + after_lines
    for line in candidates + after_lines[:2]:
        pair = split_title_company(line)
        if pair:
            if not company_like(pair[1]):
                # "Sales Manager, Уральский регион" under "ООО «Альфа», Пермь": the marked
                # organisation is the company, the unmarked tail is not.
                marked = next((x for x in pool if x != line and company_like(x) and not title_like(x)), None)
                if marked:
                    return Job(title=pair[0], company=_strip_company(marked))
            return Job(title=pair[0], company=pair[1])
    title = next((x for x in pool if title_like(clean_line(x)) and not company_like(x)), None)
    company = next((x for x in pool if company_like(x) and x != title), None)
    if company is None:
        company = next(
            (
                x
                for x in pool
                if x != title and not title_like(clean_line(x)) and len(clean_line(x)) < 80 and not x.endswith(".")
            ),
            None,
        )
    if title is None and company is not None:
        pair = _company_then_title(company)
        if pair:
            return Job(title=pair[0], company=pair[1])
    return Job(
        title=_strip_title(title) if title else None,
        company=_strip_company(company) if company else None,
    )


def _company_then_title(line: str) -> tuple[str, str] | None:
    """A row with an organisation and an unknown job word: "МУП «Водоканал», инспектор",
    "Кофейня «Зерно», Пермь — бариста" (also the other way round). Used only when no title
    was found, so a company's description line never replaces a real title."""
    text = clean_line(line)
    for sep in (" — ", " – ", " | ", " - ", ", "):
        start = 0
        while (pos := text.find(sep, start)) >= 0:
            left, right = text[:pos].strip(), text[pos + len(sep) :].strip()
            start = pos + 1
            if not left or not right or _inside_brackets(left):
                continue
            if company_like(left) and _plain_title(right):
                return _strip_title(right), _strip_company(left)
            if company_like(right) and _plain_title(left) and sep != ", ":
                return _strip_title(left), _strip_company(right)
    return None


def _plain_title(text: str) -> bool:
    return (
        0 < len(text) <= 70
        and bool(re.match(r"[A-Za-zА-Яа-яЁё]", text))
        and not text.endswith(".")
        and len(text.split()) <= 7
        and not company_like(text)
        and not is_location(text)
        and not DURATION.match(text)
        and not DATE_RANGE.search(text)
    )
