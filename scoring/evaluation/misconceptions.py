"""Well-known wrong statements and weak practices that interviewers listen for.

A small, general knowledge base across common interview fields (Python, SQL, statistics,
frontend, Go, infrastructure, Git, project management). The offline engine cannot judge
arbitrary technical truth; it can recognise these classic mistakes, and an LLM engine
covers the rest. Patterns run over one answer, lowercased with ``ё`` folded to ``е``.
``unless`` guards against the correct statement that shares the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scoring.evaluation.schema import Severity


@dataclass(frozen=True)
class Misconception:
    key: str
    pattern: re.Pattern[str]
    ru: str
    en: str
    severity: Severity = Severity.HIGH
    unless: re.Pattern[str] | None = None
    # When set, the subject may be named in the question and the claim made in the
    # answer ("What is the difference between X and Y?" - "The same thing.").
    topic: re.Pattern[str] | None = None


def _m(
    key: str, pattern: str, ru: str, en: str, severity: Severity = Severity.HIGH, unless: str = "", topic: str = ""
) -> Misconception:
    return Misconception(
        key,
        re.compile(pattern),
        ru,
        en,
        severity,
        re.compile(unless) if unless else None,
        re.compile(topic) if topic else None,
    )


LOW, MEDIUM = Severity.LOW, Severity.MEDIUM

KNOWLEDGE_BASE: tuple[Misconception, ...] = (
    # Python
    _m(
        "py_list_immutable",
        r"(?:спис\w*|\blists?\b)[^.?!]{0,40}(?<!из)(?:неизменяем\w*|immutable)",
        "Ошибка: списки в Python изменяемые, а кортежи — неизменяемые (сказано наоборот).",
        "Wrong: Python lists are mutable and tuples immutable (stated the other way round).",
    ),
    _m(
        "py_append_copies",
        r"append[^.?!]{0,60}(?:созда\w*|returns?|возвраща\w*)[^.?!]{0,20}(?:нов\w*|new)\s+(?:спис|list)",
        "Ошибка: list.append меняет список на месте и возвращает None, а не создаёт новый список.",
        "Wrong: list.append mutates the list in place and returns None; it does not create a new list.",
    ),
    _m(
        "py_dict_sorted",
        r"(?:ключ\w*|keys?)[^.?!]{0,30}(?:отсортирован\w*|sorted)",
        "Ошибка: словарь (dict) — хэш-таблица, поиск по ключу O(1) в среднем; ключи не отсортированы.",
        "Wrong: a dict is a hash table with average O(1) lookup; its keys are not sorted.",
        unless=r"sorted\(|не отсортирован|not sorted",
    ),
    _m(
        "py_dict_linear",
        r"(?:одинаков\w*|the same)[^.?!]{0,60}[.…]*[^.?!]{0,40}(?:перебор|linear scan|iterat\w+ over)",
        "Ошибка: проверка наличия ключа в словаре — O(1) в среднем (хэш), в списке — O(n).",
        "Wrong: membership in a dict is O(1) on average (hashing); in a list it is O(n).",
        topic=r"словар\w*|\bdict",
    ),
    _m(
        "py_gil_io",
        r"gil[^.?!]{0,120}(?:даже когда жд\w+|even when (?:they )?wait\w*|даже при (?:ожидани|сетев))",
        "Ошибка: GIL отпускается при блокирующем вводе-выводе, поэтому потоки ускоряют сетевые загрузки.",
        "Wrong: the GIL is released during blocking I/O, so threads do speed up network-bound work.",
    ),
    _m(
        "py_bare_except",
        r"(?:просто|just)\s+except|except[^.?!]{0,25}(?:без ничего|все ошибки|на все|everything|all errors)",
        "Слабая практика: голый except глушит все ошибки, данные теряются незаметно.",
        "Weak practice: a bare except swallows every error, so data is lost silently.",
        MEDIUM,
    ),
    # SQL
    _m(
        "sql_order_by_groups",
        r"order by[^.?!]{0,60}(?:сгруппир\w*|группир\w*|\bgroup(?!\s+by))",
        "Ошибка: ORDER BY только сортирует; для подсчёта по группам нужен GROUP BY.",
        "Wrong: ORDER BY only sorts; counting per group needs GROUP BY.",
        unless=r"group by",
    ),
    _m(
        "sql_rank_same",
        r"одно и то же|одинаков\w*|the same thing|no difference|нет разницы|разные названия",
        "Ошибка: ROW_NUMBER и RANK различаются на равных значениях (RANK повторяет ранг и даёт пропуски).",
        "Wrong: ROW_NUMBER and RANK differ on ties (RANK repeats the rank and leaves gaps).",
        topic=r"row_number[\s\S]{0,40}\brank\b|\brank\b[\s\S]{0,40}row_number",
    ),
    _m(
        "sql_where_having_same",
        r"одно и то же|одинаков\w*|the same thing|no difference|нет разницы",
        "Ошибка: WHERE фильтрует строки до группировки, HAVING — группы после неё.",
        "Wrong: WHERE filters rows before grouping, HAVING filters groups after it.",
        topic=r"where[\s\S]{0,40}having|having[\s\S]{0,40}where",
    ),
    _m(
        "sql_index_always",
        r"(?:индекс\w*|index\w*)[^.?!]{0,50}(?:всегда|always)[^.?!]{0,30}(?:ускоря\w*|быстрее|speed\w*|faster)",
        "Ошибка: индекс не всегда ускоряет — он замедляет запись и бесполезен при низкой селективности.",
        "Wrong: an index does not always help; it slows writes and is useless at low selectivity.",
        MEDIUM,
        unless=r"не всегда|not always",
    ),
    _m(
        "sql_null_equals",
        r"null\s*=\s*null[^.?!]{0,30}(?:true|истин\w*)",
        "Ошибка: NULL = NULL даёт NULL (неизвестно), а не истину; нужен IS NULL.",
        "Wrong: NULL = NULL yields NULL (unknown), not true; use IS NULL.",
    ),
    # Statistics and experiments
    _m(
        "stat_pvalue_probability",
        r"p-?value[\s\S]{0,160}(?:вероятност\w*|probability|chance)[^.?!]{0,80}(?:лучше|better|верн\w*|true)",
        "Ошибка: p-value — не вероятность того, что новый вариант лучше.",
        "Wrong: a p-value is not the probability that the new variant is better.",
    ),
    _m(
        "stat_peeking",
        r"(?:как только|as soon as|once)[^.?!]{0,60}(?:p-?value|значим\w*|significan\w*)"
        r"[^.?!]{0,80}(?:останавлива\w*|stop\w*)",
        "Методическая ошибка: остановка A/B-теста при первом p < 0,05 (подглядывание) завышает ложноположительные "
        "результаты; размер выборки и мощность не планировались.",
        "Method error: stopping an A/B test at the first p < 0.05 (peeking) inflates false positives; "
        "no sample size / power planning.",
    ),
    # Frontend
    _m(
        "react_effect_once",
        r"(?:не передать|не переда\w+|без массива|without (?:the |a )?(?:dependenc\w+|deps|array)|"
        r"omit\w*|no (?:dependenc\w+|deps|array))[\s\S]{0,80}(?:один раз|once|only on mount)",
        "Ошибка: useEffect без массива зависимостей выполняется после каждого рендера, а не один раз.",
        "Wrong: useEffect without a dependency array runs after every render, not once.",
        unless=r"кажд\w+ рендер|every render",
        topic=r"useeffect|эффект|effect",
    ),
    _m(
        "ts_interface_type_same",
        r"одно и то же|the same thing|no difference|нет разницы",
        "Неточно: interface и type в TypeScript похожи, но различаются (слияние объявлений, объединения типов).",
        "Imprecise: TypeScript interface and type are similar but differ (declaration merging, unions).",
        LOW,
        topic=r"interface[\s\S]{0,40}\btype\b|\btype\b[\s\S]{0,40}interface",
    ),
    _m(
        "ts_any_everywhere",
        r"много any|any everywhere|(?:везде|everywhere)[^.?!]{0,20}\bany\b"
        r"|\bany\b[^.?!]{0,30}(?:чтобы не ругал\w*|to silence)",
        "Слабая практика: повсеместный any отключает проверку типов TypeScript.",
        "Weak practice: using any everywhere switches TypeScript's type checking off.",
        MEDIUM,
    ),
    _m(
        "js_strict_equal_same",
        r"одно и то же|одинаков\w*|the same thing|no difference|нет разницы",
        "Ошибка: == приводит типы, === сравнивает без приведения.",
        "Wrong: == coerces types, === compares without coercion.",
        topic=r"===|== и ===|== and ===",
    ),
    # Go
    _m(
        "go_map_safe",
        r"(?:\bmaps?\b|мап\w*)[^.?!]{0,40}(?:потокобезопасн\w*|thread-?safe|safe for concurrent)",
        "Ошибка: обычный map в Go не безопасен для конкурентной записи.",
        "Wrong: a plain Go map is not safe for concurrent writes.",
        unless=r"\bне\b|\bnot\b|isn'?t|aren'?t",
    ),
    _m(
        "go_goroutine_thread",
        r"goroutine\w*[^.?!]{0,30}(?:are|это)\s+(?:just )?(?:os |системн\w+ )(?:threads|поток\w*)",
        "Ошибка: горутины — не потоки ОС, их мультиплексирует планировщик Go.",
        "Wrong: goroutines are not OS threads; the Go scheduler multiplexes them.",
    ),
    # Infrastructure and security
    _m(
        "docker_is_vm",
        r"(?:контейнер\w*|containers?)[^.?!]{0,30}(?:это|is|are)\s+(?:a |an |just )?"
        r"(?:virtual machines?|виртуальн\w+ машин\w*)",
        "Ошибка: контейнер — не виртуальная машина, он использует ядро хоста.",
        "Wrong: a container is not a virtual machine; it shares the host kernel.",
        unless=r"\bне\b|\bnot\b",
    ),
    _m(
        "http_post_idempotent",
        r"\bpost\b[^.?!]{0,30}(?:идемпотент\w*|idempotent)",
        "Ошибка: POST не идемпотентен по определению (в отличие от PUT/DELETE).",
        "Wrong: POST is not idempotent by definition (unlike PUT/DELETE).",
        MEDIUM,
        unless=r"\bне\b|\bnot\b|ключ|key",
    ),
    _m(
        "security_plain_passwords",
        r"\bmd5\b|в открытом виде|открытым текстом|plain ?text|\bsha-?1\b",
        "Ошибка: пароли нельзя хранить открытым текстом или в MD5/SHA-1; нужен медленный хэш с солью (bcrypt, argon2).",
        "Wrong: passwords must not be stored in plain text or MD5/SHA-1; use a slow salted hash (bcrypt, argon2).",
        unless=r"нельзя|never|не храни|don'?t|instead of|вместо|заменил|migrated away",
        topic=r"парол\w*|password\w*",
    ),
    _m(
        "http_get_changes_data",
        r"\bget\b[^.?!]{0,40}(?:delet\w*|удал\w*|измен\w*|modif\w*|chang\w*|update\w*)",
        "Ошибка: GET должен быть безопасным — им нельзя удалять или изменять данные.",
        "Wrong: GET must be safe; it must not delete or change data.",
        unless=r"\bне\b|\bnot\b|never|shouldn'?t|нельзя",
    ),
    _m(
        "git_push_master",
        r"(?:пуш\w*|push\w*|коммит\w*|commit\w*)[^.?!]{0,30}(?:\bв |to |into |directly to )(?:мастер|master|main)\b",
        "Слабая практика: работа без веток и ревью, всё сразу в мастер.",
        "Weak practice: no branches or review, everything pushed straight to master.",
        MEDIUM,
        unless=r"через (?:pr|пул|ревью)|after review|via (?:pr|pull)",
    ),
    _m(
        "perf_bigger_server",
        r"(?:сервер\w*|машин\w*|server|machine|hardware)[^.?!]{0,12}(?:помощнее|мощнее|побольше|bigger|more powerful)",
        "Слабая практика: вместо поиска причины — «взять сервер помощнее».",
        "Weak practice: buying a bigger server instead of finding the cause.",
        MEDIUM,
    ),
    _m(
        "pm_planning_myth",
        r"(?:планирован\w*|planning)[^.?!]{0,40}(?:миф\w*|myth|бесполезн\w*|useless|pointless)",
        "Ошибка для руководителя проектов: планирование названо мифом — нет практики управления сроками.",
        "Wrong for a project manager: planning called a myth, no practice of managing timelines.",
    ),
    _m(
        "pm_positive_thinking",
        r"позитивно мыслить|думать о плохом|think positive",
        "Слабая практика: вместо управления рисками — «позитивное мышление».",
        "Weak practice: 'positive thinking' instead of risk management.",
        MEDIUM,
    ),
    _m(
        "scrum_backlog_everyone",
        r"(?:бэклог\w*|backlog)[\s\S]{0,150}(?:все понемножку|по-разному|everyone a bit|everybody)",
        "Ошибка в Scrum: бэклог формирует и приоритизирует владелец продукта (Product Owner).",
        "Wrong for Scrum: the Product Owner owns and orders the backlog.",
        MEDIUM,
    ),
)


def find_misconceptions(text: str, question: str = "") -> list[tuple[Misconception, int, int]]:
    """Rules that fire on an answer, each with the span of its match in ``text``."""
    low = text.lower().replace("ё", "е")
    context = question.lower().replace("ё", "е") + "\n" + low
    hits = []
    for rule in KNOWLEDGE_BASE:
        if rule.topic is not None and not rule.topic.search(context):
            continue
        match = rule.pattern.search(low)
        if match and not (rule.unless and rule.unless.search(low)):
            hits.append((rule, match.start(), match.end()))
    return hits
