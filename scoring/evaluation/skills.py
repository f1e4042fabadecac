"""A small skill/term dictionary for the offline evaluator: canonical name -> patterns.

Used to tie a must-have requirement to what was said, and to count technical vocabulary.
Kept deliberately small and generic (kinds of technology, not any vacancy's list).
This is not a second synonym dictionary: canonical skill names and their spellings live
in ``candidates.intake.skills`` (matching uses that one too). These are the topics and
spoken cues that show a skill in an interview answer ("EXPLAIN", «индексы» for
PostgreSQL; «хуки» for React). Intake's spellings are deliberately not merged in: in
speech several of them are ordinary words ("next", "rest", "node") and would invent
evidence. Patterns are lowercase regexes matched against lowercased text.
"""

from __future__ import annotations

import re
from functools import cache

SKILLS: dict[str, tuple[str, ...]] = {
    # languages
    "python": (r"python", r"питон\w*", r"пайтон\w*"),
    "go": (r"\bgo\b(?!\s+(?:to|on|back|through|over|ahead|with|for)\b)", r"golang", r"goroutine\w*", r"горутин\w*"),
    "java": (r"\bjava\b(?!script)", r"\bjvm\b", r"spring"),
    "kotlin": (r"kotlin",),
    "javascript": (r"javascript", r"\bjs\b", r"\bes6\b"),
    "typescript": (r"typescript", r"\bts\b", r"тайпскрипт\w*"),
    "node.js": (r"node\.?js", r"\bnode\b", r"express\.?js", r"nestjs", r"\bnpm\b"),
    "php": (r"\bphp\b", r"laravel", r"symfony"),
    "c#": (r"c#", r"\.net\b", r"dotnet"),
    "c++": (r"c\+\+",),
    "rust": (r"\brust\b",),
    "sql": (
        r"\bsql\b",
        r"select\b",
        r"\bjoin\w*",
        r"group by",
        r"оконн\w+ функц\w*",
        r"window function\w*",
        r"row_number",
        r"\brank\b",
        r"order by",
        r"\bhaving\b",
        r"\bcount\b",
    ),
    # frameworks and libraries
    "django": (r"django", r"джанго"),
    "fastapi": (r"fastapi",),
    "flask": (r"flask",),
    "asyncio": (r"asyncio", r"\basync\b", r"await", r"event loop", r"асинхрон\w*", r"корутин\w*", r"coroutine\w*"),
    "react": (r"react", r"реакт\w*", r"\bhooks?\b", r"хук\w*", r"use(?:state|effect|memo|callback|context|reducer)"),
    "vue": (r"\bvue\b",),
    "angular": (r"angular",),
    "next.js": (r"next\.?js",),
    "state management": (r"redux", r"zustand", r"mobx", r"usestate", r"context", r"контекст\w*", r"состояни\w+"),
    "css": (
        r"\bcss\b",
        r"scss",
        r"sass",
        r"flexbox",
        r"\bgrid\b",
        r"media[- ]?query",
        r"медиа-?запрос\w*",
        r"вёрстк\w*",
        r"верстк\w*",
        r"адаптив\w*",
        r"responsive",
    ),
    "rest api": (
        r"\brest\b",
        r"\bapi\b",
        r"\bhttp\b",
        r"requests",
        r"httpx",
        r"fetch",
        r"axios",
        r"эндпоинт\w*",
        r"endpoint\w*",
    ),
    "grpc": (r"grpc", r"protobuf", r"\bproto\b"),
    "pandas": (r"pandas", r"dataframe", r"groupby", r"numpy"),
    "testing": (r"pytest", r"unittest", r"\bjest\b", r"testing library", r"тест\w*", r"\btests?\b"),
    "celery": (r"celery",),
    # data stores and infrastructure
    "postgresql": (r"postgres\w*", r"постгре\w*", r"\bpg\w*\b", r"explain", r"индекс\w*", r"\bindex\w*"),
    "mysql": (r"mysql",),
    "redis": (r"redis",),
    "clickhouse": (r"clickhouse",),
    "kafka": (r"kafka", r"кафк\w*"),
    "rabbitmq": (r"rabbit\w*",),
    "docker": (r"docker\w*", r"докер\w*", r"контейнер\w*", r"container\w*"),
    "kubernetes": (
        r"kubernetes",
        r"\bk8s\b",
        r"kubectl",
        r"helm",
        r"кубер\w*",
        r"minikube",
        r"\bpods?\b",
        r"liveness",
        r"readiness",
    ),
    "terraform": (r"terraform",),
    "ansible": (r"ansible",),
    "linux": (r"linux", r"линукс\w*", r"bash", r"systemd"),
    "ci/cd": (r"\bci\b", r"\bcd\b", r"pipeline", r"gitlab", r"github actions", r"jenkins"),
    "git": (
        r"\bgit\b",
        r"гит\b",
        r"\bветк\w*",
        r"branch\w*",
        r"merge",
        r"rebase",
        r"pull request",
        r"\bpr\b",
        r"мастер",
        r"\bmaster\b",
        r"\bmain\b",
    ),
    "observability": (
        r"prometheus",
        r"grafana",
        r"opentelemetry",
        r"трейсинг\w*",
        r"tracing",
        r"алерт\w*",
        r"alert\w*",
    ),
    "message queues": (r"kafka", r"rabbit\w*", r"очеред\w*", r"queue\w*", r"nats"),
    "high load": (r"rps", r"highload", r"high-load", r"нагрузк\w*", r"requests per second", r"запросов в секунду"),
    # data and product analytics
    "a/b testing": (
        r"a/b",
        r"\bab[- ]тест\w*",
        r"а/б",
        r"p-?value",
        r"значимост\w*",
        r"significan\w*",
        r"мощност\w*",
        r"выборк\w*",
        r"гипотез\w*",
    ),
    "product metrics": (
        r"retention",
        r"ретеншн",
        r"конверси\w*",
        r"conversion",
        r"\bltv\b",
        r"\barpu\b",
        r"\bdau\b",
        r"\bmau\b",
        r"воронк\w*",
        r"funnel",
        r"когорт\w*",
        r"cohort\w*",
    ),
    "statistics": (r"статистик\w*", r"доверительн\w*", r"bootstrap", r"бутстрап\w*", r"дисперси\w*", r"confidence"),
    "bi": (r"tableau", r"superset", r"datalens", r"power bi", r"дашборд\w*", r"dashboard\w*", r"\bbi\b"),
    "data structures": (
        r"структур\w* данных",
        r"data structure\w*",
        r"спис\w+",
        r"кортеж\w*",
        r"словар\w*",
        r"множеств\w*",
        r"\blist\b",
        r"\btuple\b",
        r"\bdict\w*",
        r"\bset\b",
        r"хэш\w*",
        r"хеш\w*",
        r"\bhash\w*",
        r"сложност\w*",
        r"o\(1\)",
        r"o\(n\)",
    ),
    # management and soft skills
    "scrum": (
        r"scrum",
        r"скрам\w*",
        r"спринт\w*",
        r"sprint\w*",
        r"бэклог\w*",
        r"backlog",
        r"kanban",
        r"канбан\w*",
        r"ретро\w*",
        r"стендап\w*",
        r"планёрк\w*",
        r"планерк\w*",
        r"daily",
        r"product owner",
    ),
    "jira": (r"jira", r"джир\w*", r"confluence", r"конфлюенс\w*", r"youtrack"),
    "project management": (
        r"проект(?:ы|ов|ам|ами|ах|а|е|у|ом)?\b",
        r"\bprojects?\b",
        r"срок\w*",
        r"дедлайн\w*",
        r"deadline\w*",
        r"план\w*",
        r"бюджет\w*",
        r"budget\w*",
        r"релиз\w*",
        r"release\w*",
    ),
    "risk management": (r"риск\w*", r"risk\w*"),
    "stakeholders": (
        r"заказчик\w*",
        r"стейкхолдер\w*",
        r"stakeholder\w*",
        r"клиент\w*",
        r"client\w*",
        r"customer\w*",
        r"продакт\w*",
        r"product manager\w*",
    ),
    "code review": (r"code review", r"ревью\w*", r"review\w*", r"ревьюи\w*", r"пул-?реквест\w*"),
    "mentoring": (
        r"ментор\w*",
        r"mentor\w*",
        r"джун\w*",
        r"junior\w*",
        r"один на один",
        r"1:1",
        r"one-on-one",
        r"обучал\w*",
        r"наставни\w*",
    ),
    "team leadership": (
        r"руковод\w+ (?:команд|групп|отдел)\w*",
        r"(?:команд|групп)\w* (?:я )?(?:никогда не )?руковод\w*",
        r"тимлид\w*",
        r"team ?lead\w*",
        r"\bled (?:a|the) team",
        r"managed (?:a|the) team",
    ),
    "english": (r"english", r"английск\w*"),
    "fintech": (r"финтех\w*", r"fintech", r"платёж\w*", r"платеж\w*", r"payment\w*", r"банк\w*"),
    "e-commerce": (r"e-?commerce", r"интернет-магазин\w*", r"маркетплейс\w*", r"marketplace\w*"),
}


@cache
def _compiled(name: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in SKILLS[name]))


def skill_pattern(name: str) -> re.Pattern[str]:
    return _compiled(name)


def skills_in(text: str) -> set[str]:
    """Canonical skills whose patterns occur in ``text``."""
    low = text.lower()
    return {name for name in SKILLS if _compiled(name).search(low)}


def requirement_skills(requirement: str) -> set[str]:
    """Skills a requirement names. Only the requirement's own words count, so the
    broad management patterns are matched on their first (most specific) pattern too."""
    return skills_in(requirement)
