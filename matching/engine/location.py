"""City, work format and salary: the constraints a person states about the job.

A resume's stated refusals ("переезд не рассматриваю", "только удалённо", "B2B contract
only") are read from its text; the vacancy's format and city come from the posting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .inputs import CandidateProfile, Salary, VacancyRequirements
from .skills import norm

_REFUSES_RELOCATION = re.compile(
    r"не\s+готов\w*\s+к\s+переезд|переезд\w*[^.]{0,60}?не\s+рассматрива|без\s+переезда|"
    r"not\s+(?:willing|open|ready|planning)\s+to\s+(?:relocate|move)|no\s+relocation|relocation\s*[:—-]\s*no|"
    r"do\s+not\s+plan\s+to\s+(?:return|relocate|move)|переезд\w*\s*[:—-]\s*(?:нет|невозможен|не\s+рассматрива|не\s+готов)|"
    r"relocation\s*[:—-]\s*(?:not|no)\b|(?:won't|will\s+not|cannot|can't)\s+relocate",
    re.IGNORECASE,
)
_READY_TO_RELOCATE = re.compile(
    r"(?<!не\s)готов\w*\s+к\s+переезд|рассматриваю\s+переезд|переезд\w*\s*[:—-]\s*(?:да|возможен|готов)|"
    r"open\s+to\s+relocat|willing\s+to\s+relocate|ready\s+to\s+relocate|relocation\s*[:—-]\s*(?:yes|possible)",
    re.IGNORECASE,
)
_REMOTE_ONLY = re.compile(
    r"только\s+(?:полностью\s+)?удал[её]нн?\w*|(?:рассматриваю|ищу)\s+только\s+(?:полностью\s+)?удал|"
    r"(?:офисный|гибридный)\s+(?:или\s+(?:офисный|гибридный)\s+)?формат\w*\s+не\s+рассматрива|"
    r"remote\s+only|only\s+remote|fully\s+remote\s+only|contract\s+only|"
    r"(?:open|looking)\s+(?:to|for)\s+(?:fully\s+)?remote\s+(?:roles?\s+|work\s+|positions?\s+)?only|"
    r"(?:office|hybrid)\s+(?:or\s+hybrid\s+)?(?:is\s+)?not\s+(?:an\s+option|considered)",
    re.IGNORECASE,
)
# Will come to an office some days but not every day: fits hybrid and remote, not office.
_NO_FULL_OFFICE = re.compile(
    r"(?:полн\w*\s+)?офисн\w*\s+(?:график|формат|режим)\w*\s+не\s+рассматрива|только\s+гибрид|"
    r"в\s+офис\w*[^.\n]{0,40}?не\s+(?:более|чаще)\s+\d|не\s+(?:более|чаще)\s+\d\s+(?:раз|дн)\w*[^.\n]{0,20}?офис|"
    r"hybrid\s+only|full[- ]time\s+office\s+(?:is\s+)?not\s+(?:an\s+option|considered)",
    re.IGNORECASE,
)
_OFFICE_ONLY = re.compile(
    r"только\s+(?:в\s+)?офис|удал[её]нн\w*\s+(?:работу\s+)?не\s+рассматрива|office\s+only", re.IGNORECASE
)

# Cities and countries outside Russia that resumes of Russian-speaking candidates name
# most often. Used only when a posting requires working from Russia.
_ABROAD = re.compile(
    r"тбилиси|tbilisi|батуми|batumi|ереван|yerevan|алматы|almaty|астана|astana|минск|minsk|ташкент|tashkent|"
    r"бишкек|bishkek|баку|baku|лимас+ол|limassol|никосия|nicosia|кипр|cyprus|белград|belgrade|сербия|serbia|"
    r"стамбул|istanbul|анталья|antalya|турция|turkey|дубай|dubai|оаэ|uae|берлин|berlin|германия|germany|"
    r"варшава|warsaw|польша|poland|лиссабон|lisbon|португалия|portugal|рига|riga|вильнюс|vilnius|таллин|tallinn|"
    r"грузия|georgia|армения|armenia|казахстан|kazakhstan|узбекистан|uzbekistan|кыргызстан|kyrgyzstan|"
    r"черногория|montenegro|будва|budva|подгорица|podgorica|бангкок|bangkok|пхукет|phuket|таиланд|thailand|"
    r"бали|bali|индонезия|indonesia|израиль|israel|тель-авив|tel aviv|лондон|london|амстердам|amsterdam|"
    r"прага|prague|чехия|czech|финляндия|finland|хельсинки|helsinki|испания|spain|барселона|barcelona|"
    r"нидерланды|netherlands|сша|usa|канада|canada|киев|kyiv|kiev|украина|ukraine|беларусь|belarus",
    re.IGNORECASE,
)


# Places within daily commuting distance of the two largest cities: living there is not
# a relocation.
_METRO_AREAS: dict[str, tuple[str, ...]] = {
    "москва": (
        "зеленоград",
        "химки",
        "мытищи",
        "балашиха",
        "королев",
        "люберцы",
        "красногорск",
        "одинцово",
        "долгопрудный",
        "реутов",
        "лобня",
        "домодедово",
        "видное",
        "пушкино",
        "щелково",
        "котельники",
        "дзержинский",
        "лыткарино",
        "подольск",
        "жуковский",
        "раменское",
        "электросталь",
        "ивантеевка",
        "фрязино",
        "московская область",
    ),
    "санкт-петербург": (
        "пушкин",
        "колпино",
        "всеволожск",
        "кудрово",
        "мурино",
        "гатчина",
        "сестрорецк",
        "петергоф",
        "кронштадт",
        "красное село",
        "ленинградская область",
    ),
}
_CITY_ALIASES = {
    "мск": "москва",
    "moscow": "москва",
    "спб": "санкт-петербург",
    "питер": "санкт-петербург",
    "санкт петербург": "санкт-петербург",
    "saint petersburg": "санкт-петербург",
    "st. petersburg": "санкт-петербург",
    "st petersburg": "санкт-петербург",
    "нск": "новосибирск",
    "екб": "екатеринбург",
    "ekaterinburg": "екатеринбург",
    "yekaterinburg": "екатеринбург",
    "kazan": "казань",
    "novosibirsk": "новосибирск",
}


def _city(name: str) -> str:
    key = norm(name).strip().split(",")[0].strip()
    return _CITY_ALIASES.get(key, key)


def commute_distance(home: str, office: str) -> bool:
    """Same city, or a satellite town of the office's city."""
    h, o = _city(home), _city(office)
    return bool(h) and (h == o or h in _METRO_AREAS.get(o, ()))


@dataclass(frozen=True)
class Preferences:
    refuses_relocation: bool
    ready_to_relocate: bool
    remote_only: bool
    office_only: bool
    abroad: bool
    no_full_office: bool = False


def read_preferences(profile: CandidateProfile) -> Preferences:
    text = profile.text
    return Preferences(
        refuses_relocation=bool(_REFUSES_RELOCATION.search(text)),
        ready_to_relocate=bool(_READY_TO_RELOCATE.search(text)) and not _REFUSES_RELOCATION.search(text),
        remote_only=bool(_REMOTE_ONLY.search(text)),
        office_only=bool(_OFFICE_ONLY.search(text)),
        abroad=_lives_abroad(profile),
        no_full_office=bool(_NO_FULL_OFFICE.search(text)),
    )


def _lives_abroad(profile: CandidateProfile) -> bool:
    """The city, or the header line it was read from ("Porto, Portugal": the country
    says it), or, when no city was parsed, the header itself (name, contacts, where he
    lives). Only the top lines: a job abroad years ago is not where he lives."""
    header = profile.text.splitlines()[:_HEADER_LINES]
    if profile.city:
        city = norm(profile.city)
        lines = [line for line in header if city in norm(line)]
        return bool(_ABROAD.search(profile.city) or any(_ABROAD.search(line) for line in lines))
    return bool(_ABROAD.search("\n".join(header)))


_HEADER_LINES = 10


@dataclass(frozen=True)
class Fit:
    fraction: float
    reason_ru: str
    reason_en: str
    blocker: bool = False  # shown as the reason a strong resume is not on top


def location_fit(profile: CandidateProfile, vacancy: VacancyRequirements, prefs: Preferences) -> Fit:
    fmt = vacancy.work_format
    if vacancy.residence_country == "RU" and prefs.abroad:
        where_ru, where_en = (f" ({profile.city})", f" ({profile.city})") if profile.city else ("", "")
        return Fit(
            0.15,
            f"живёт за рубежом{where_ru}, а вакансия требует работы из РФ",
            f"lives abroad{where_en}; the job requires working from Russia",
            True,
        )
    if fmt in ("remote", "hybrid_or_remote"):
        if fmt == "remote" and prefs.office_only:
            return Fit(0.4, "хочет только офис, а работа удалённая", "wants office only; the job is remote", True)
        return Fit(1.0, "удалённый формат подходит", "remote format fits")
    same_city = bool(vacancy.city) and commute_distance(profile.city, vacancy.city)
    if not vacancy.city:
        return Fit(1.0, "город не указан в вакансии", "the vacancy names no city")
    if fmt == "office" and prefs.no_full_office and not prefs.remote_only:
        return Fit(
            0.3,
            "готов к офису лишь несколько дней в неделю, а формат — офис",
            "office only some days a week; the job is office-based",
            True,
        )
    if prefs.remote_only:
        where = "" if same_city else f", {profile.city}" if profile.city else ""
        return Fit(
            0.1,
            f"готов только к удалённой работе{where}, а формат — {_FORMAT_RU.get(fmt, fmt)}",
            f"remote only{where}; the job is {fmt}",
            True,
        )
    if same_city:
        if _city(profile.city) != _city(vacancy.city):
            return Fit(0.9, f"{profile.city}, рядом с городом вакансии", f"{profile.city}, within commuting distance")
        return Fit(1.0, f"{profile.city}, совпадает с городом вакансии", f"{profile.city}, same city")
    if not profile.city:
        return Fit(0.6, "город кандидата не указан", "candidate's city unknown")
    if prefs.refuses_relocation:
        return Fit(0.05, f"{profile.city}, переезд не рассматривает", f"{profile.city}, will not relocate", True)
    if prefs.ready_to_relocate:
        return Fit(0.8, f"{profile.city}, готов к переезду", f"{profile.city}, ready to relocate")
    return Fit(
        0.45, f"{profile.city}, а работа в городе {vacancy.city}", f"{profile.city}; the job is in {vacancy.city}"
    )


_FORMAT_RU = {"office": "офис", "hybrid": "гибрид", "remote": "удалённо", "hybrid_or_remote": "гибрид или удалённо"}

_NET_FROM_GROSS = 0.87  # Russian personal income tax 13%


def _as_net(amount: float, net: bool | None) -> float:
    return amount * _NET_FROM_GROSS if net is False else amount


def salary_fit(salary: Salary | None, vacancy: VacancyRequirements) -> Fit:
    if salary is None or (vacancy.salary_from is None and vacancy.salary_to is None):
        return Fit(
            1.0, "зарплата не сравнивается: одна из сторон её не указала", "salary not compared: one side gives none"
        )
    if salary.currency and vacancy.currency and salary.currency.upper() != vacancy.currency.upper():
        return Fit(
            0.8,
            f"ожидания в {salary.currency}, вилка в {vacancy.currency}",
            f"expects {salary.currency}, range in {vacancy.currency}",
        )
    want = _as_net(salary.amount, salary.net)
    top = _as_net(vacancy.salary_to, vacancy.salary_net) if vacancy.salary_to else None
    amount = f"{salary.amount:,}".replace(",", " ")
    if top is None or want <= top * 1.05:
        return Fit(1.0, f"ожидания {amount} в вилке", f"expects {amount}, within range")
    ratio = want / top
    fraction = max(0.0, 1.0 - (ratio - 1.05) / 0.35)
    limit = f"{vacancy.salary_to:,}".replace(",", " ")
    return Fit(
        fraction,
        f"ожидания {amount} выше вилки (до {limit})",
        f"expects {amount}, above the range (up to {limit})",
        fraction < 0.5,
    )
