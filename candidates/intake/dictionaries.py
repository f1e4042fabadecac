"""Small dictionaries the offline parser needs: cities, languages and levels, degrees,
job-title words and organisation markers."""

from __future__ import annotations

import re
from functools import lru_cache

# Canonical Russian name → other spellings (English, short forms). Russian cities by
# population plus cities Russian-speaking candidates often relocate to.
CITIES: dict[str, list[str]] = {
    "Москва": ["moscow", "мск", "moskva"],
    "Санкт-Петербург": [
        "saint petersburg",
        "st. petersburg",
        "st petersburg",
        "спб",
        "петербург",
        "питер",
        "санкт петербург",
        "sankt-peterburg",
        "saint-petersburg",
    ],
    "Новосибирск": ["novosibirsk", "нск"],
    "Екатеринбург": ["yekaterinburg", "ekaterinburg", "екб"],
    "Казань": ["kazan"],
    "Нижний Новгород": ["nizhny novgorod", "nizhniy novgorod", "н. новгород", "нижний"],
    "Челябинск": ["chelyabinsk"],
    "Красноярск": ["krasnoyarsk"],
    "Самара": ["samara"],
    "Уфа": ["ufa"],
    "Ростов-на-Дону": ["rostov-on-don", "rostov on don", "ростов"],
    "Омск": ["omsk"],
    "Краснодар": ["krasnodar"],
    "Воронеж": ["voronezh"],
    "Пермь": ["perm"],
    "Волгоград": ["volgograd"],
    "Саратов": ["saratov"],
    "Тюмень": ["tyumen"],
    "Тольятти": ["tolyatti", "togliatti"],
    "Ижевск": ["izhevsk"],
    "Барнаул": ["barnaul"],
    "Ульяновск": ["ulyanovsk"],
    "Иркутск": ["irkutsk"],
    "Хабаровск": ["khabarovsk"],
    "Махачкала": ["makhachkala"],
    "Ярославль": ["yaroslavl"],
    "Владивосток": ["vladivostok"],
    "Оренбург": ["orenburg"],
    "Томск": ["tomsk"],
    "Кемерово": ["kemerovo"],
    "Новокузнецк": ["novokuznetsk"],
    "Рязань": ["ryazan"],
    "Набережные Челны": ["naberezhnye chelny"],
    "Астрахань": ["astrakhan"],
    "Пенза": ["penza"],
    "Киров": ["kirov"],
    "Липецк": ["lipetsk"],
    "Чебоксары": ["cheboksary"],
    "Балашиха": ["balashikha"],
    "Калининград": ["kaliningrad"],
    "Тула": ["tula"],
    "Курск": ["kursk"],
    "Севастополь": ["sevastopol"],
    "Симферополь": ["simferopol"],
    "Сочи": ["sochi"],
    "Ставрополь": ["stavropol"],
    "Улан-Удэ": ["ulan-ude"],
    "Тверь": ["tver"],
    "Магнитогорск": ["magnitogorsk"],
    "Иваново": ["ivanovo"],
    "Брянск": ["bryansk"],
    "Белгород": ["belgorod"],
    "Сургут": ["surgut"],
    "Владимир": ["vladimir"],
    "Архангельск": ["arkhangelsk"],
    "Чита": ["chita"],
    "Калуга": ["kaluga"],
    "Смоленск": ["smolensk"],
    "Волжский": ["volzhsky"],
    "Курган": ["kurgan"],
    "Орёл": ["орел", "oryol", "orel"],
    "Череповец": ["cherepovets"],
    "Вологда": ["vologda"],
    "Саранск": ["saransk"],
    "Мурманск": ["murmansk"],
    "Якутск": ["yakutsk"],
    "Тамбов": ["tambov"],
    "Грозный": ["grozny"],
    "Стерлитамак": ["sterlitamak"],
    "Кострома": ["kostroma"],
    "Петрозаводск": ["petrozavodsk"],
    "Нижневартовск": ["nizhnevartovsk"],
    "Йошкар-Ола": ["yoshkar-ola"],
    "Новороссийск": ["novorossiysk"],
    "Сыктывкар": ["syktyvkar"],
    "Нальчик": ["nalchik"],
    "Таганрог": ["taganrog"],
    "Великий Новгород": ["veliky novgorod"],
    "Псков": ["pskov"],
    "Химки": ["khimki"],
    "Подольск": ["podolsk"],
    "Мытищи": ["mytishchi"],
    "Королёв": ["королев", "korolev"],
    "Люберцы": ["lyubertsy"],
    "Красногорск": ["krasnogorsk"],
    "Одинцово": ["odintsovo"],
    "Зеленоград": ["zelenograd"],
    "Долгопрудный": ["dolgoprudny"],
    "Реутов": ["reutov"],
    "Электросталь": ["elektrostal"],
    "Коломна": ["kolomna"],
    "Обнинск": ["obninsk"],
    "Дубна": ["dubna"],
    "Иннополис": ["innopolis"],
    "Пятигорск": ["pyatigorsk"],
    "Южно-Сахалинск": ["yuzhno-sakhalinsk"],
    "Минск": ["minsk"],
    "Алматы": ["almaty", "алма-ата"],
    "Астана": ["astana"],
    "Ташкент": ["tashkent"],
    "Бишкек": ["bishkek"],
    "Ереван": ["yerevan"],
    "Тбилиси": ["tbilisi"],
    "Баку": ["baku"],
    "Белград": ["belgrade"],
    "Лимасол": ["limassol", "лимассол"],
    "Никосия": ["nicosia"],
    "Стамбул": ["istanbul"],
    "Анталья": ["antalya"],
    "Дубай": ["dubai"],
    "Батуми": ["batumi"],
    "Рига": ["riga"],
    "Вильнюс": ["vilnius"],
    "Таллин": ["tallinn"],
    "Берлин": ["berlin"],
    "Лондон": ["london"],
    "Амстердам": ["amsterdam"],
    "Варшава": ["warsaw"],
    "Прага": ["prague"],
    "Киев": ["kyiv", "kiev"],
    "Бангкок": ["bangkok"],
    "Лиссабон": ["lisbon"],
    "Подгорица": ["podgorica"],
    "Будва": ["budva"],
    "Пхукет": ["phuket"],
    "Бали": ["bali"],
    "Тель-Авив": ["tel aviv", "tel-aviv"],
    "Хельсинки": ["helsinki"],
    "Барселона": ["barcelona"],
    "Мадрид": ["madrid"],
    "Париж": ["paris"],
    "Рим": ["rome"],
    "Милан": ["milan"],
    "Мюнхен": ["munich", "münchen"],
    "Вена": ["vienna", "wien"],
    "Цюрих": ["zurich", "zürich"],
    "Дублин": ["dublin"],
    "Стокгольм": ["stockholm"],
    "Нью-Йорк": ["new york", "nyc"],
    "Сан-Франциско": ["san francisco"],
    "Лос-Анджелес": ["los angeles"],
    "Торонто": ["toronto"],
    "Ванкувер": ["vancouver"],
    "Сидней": ["sydney"],
    "Мельбурн": ["melbourne"],
    "Сингапур": ["singapore"],
    "Гонконг": ["hong kong"],
    "Гомель": ["gomel", "homel"],
    "Брест": ["brest"],
    "Гродно": ["grodno", "hrodna"],
    "Витебск": ["vitebsk"],
    "Могилёв": ["mogilev", "могилев"],
    "Харьков": ["kharkiv", "kharkov"],
    "Одесса": ["odesa", "odessa"],
    "Львов": ["lviv"],
    "Днепр": ["dnipro"],
}

# Countries other than Russia, for "Город, Страна" when the city is not in ``CITIES``.
FOREIGN_COUNTRIES = re.compile(
    r"(?:армения|armenia|грузия|georgia|казахстан|kazakhstan|узбекистан|uzbekistan|кыргызстан|киргизия|kyrgyzstan|"
    r"таджикистан|tajikistan|азербайджан|azerbaijan|беларусь|белоруссия|belarus|молдова|moldova|украина|ukraine|"
    r"сербия|serbia|черногория|montenegro|турция|turkey|türkiye|кипр|cyprus|оаэ|uae|израиль|israel|германия|germany|"
    r"польша|poland|чехия|czechia|czech republic|латвия|latvia|литва|lithuania|эстония|estonia|финляндия|finland|"
    r"португалия|portugal|испания|spain|франция|france|италия|italy|нидерланды|netherlands|великобритания|"
    r"united kingdom|uk|сша|usa|united states|канада|canada|таиланд|thailand|индонезия|indonesia|вьетнам|vietnam|"
    r"болгария|bulgaria|греция|greece|австрия|austria|швейцария|switzerland|аргентина|argentina|монголия|mongolia)",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip(" .,")


def _case_forms(name: str) -> list[str]:
    """Russian case forms of a one-word city name, so «живу в Москве», «из Казани»,
    «в Новосибирске» find the city. Built by the regular endings; irregular ones
    («Орёл» → «Орле») are simply not found this way."""
    if " " in name or len(name) < 4 or not re.search("[а-яё]$", name):
        return []
    stem = name[:-1]
    if name.endswith("а"):
        return [stem + e for e in ("ы", "и", "е", "у", "ой")]
    if name.endswith("ь"):
        return [stem + e for e in ("и", "ью")]
    if name.endswith("й"):
        return [stem + e for e in ("я", "е", "ю")]
    if name[-1] in "оеиуыэюя":
        return []  # Сочи, Пермь aside: names on a vowel do not decline
    return [name + e for e in ("а", "е", "у", "ом")]


@lru_cache(maxsize=1)
def _city_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for canonical, aliases in CITIES.items():
        for alias in [canonical, *aliases]:
            index[_norm(alias)] = canonical
    for canonical in CITIES:
        for form in _case_forms(_norm(canonical)):
            index.setdefault(form, canonical)
    return index


@lru_cache(maxsize=1)
def _city_pattern() -> re.Pattern[str]:
    aliases = sorted(_city_index(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])", re.IGNORECASE)


def find_cities(text: str) -> list[tuple[int, str, str]]:
    """(position, canonical, as_written) for every city name in ``text``."""
    lowered = text.lower().replace("ё", "е")
    return [
        (m.start(), _city_index()[_norm(m.group(1))], text[m.start() : m.end()])
        for m in _city_pattern().finditer(lowered)
    ]


LANGUAGES: dict[str, list[str]] = {
    "ru": ["русский", "russian", "русский язык"],
    "en": ["английский", "english", "английский язык", "англ"],
    "de": ["немецкий", "german", "deutsch"],
    "fr": ["французский", "french"],
    "es": ["испанский", "spanish"],
    "it": ["итальянский", "italian"],
    "pt": ["португальский", "portuguese"],
    "zh": ["китайский", "chinese", "mandarin"],
    "ja": ["японский", "japanese"],
    "ko": ["корейский", "korean"],
    "tr": ["турецкий", "turkish"],
    "ar": ["арабский", "arabic"],
    "tt": ["татарский", "tatar"],
    "ba": ["башкирский", "bashkir"],
    "uk": ["украинский", "ukrainian"],
    "be": ["белорусский", "belarusian"],
    "kk": ["казахский", "kazakh"],
    "uz": ["узбекский", "uzbek"],
    "hy": ["армянский", "armenian"],
    "ka": ["грузинский", "georgian"],
    "az": ["азербайджанский", "azerbaijani"],
    "el": ["греческий", "greek"],
    "pl": ["польский", "polish"],
    "cs": ["чешский", "czech"],
    "sr": ["сербский", "serbian"],
    "fi": ["финский", "finnish"],
    "sv": ["шведский", "swedish"],
    "nl": ["нидерландский", "голландский", "dutch"],
    "he": ["иврит", "hebrew"],
    "hi": ["хинди", "hindi"],
}


@lru_cache(maxsize=1)
def _language_index() -> dict[str, str]:
    return {alias: code for code, aliases in LANGUAGES.items() for alias in aliases}


def language_code(word: str) -> str | None:
    word = _norm(word)
    index = _language_index()
    if word in index:
        return index[word]
    first = word.split(" ")[0] if word else ""
    return index.get(first)


# Level words → CEFR, checked in this order (longer phrases first).
LEVEL_WORDS: list[tuple[str, str]] = [
    ("upper-intermediate", "B2"),
    ("upper intermediate", "B2"),
    ("pre-intermediate", "A2"),
    ("pre intermediate", "A2"),
    ("средне-продвинутый", "B2"),
    ("выше среднего", "B2"),
    ("intermediate", "B1"),
    ("elementary", "A2"),
    ("beginner", "A1"),
    ("advanced", "C1"),
    ("proficiency", "C2"),
    ("proficient", "C2"),
    ("fluent", "C1"),
    ("свободно", "C1"),
    ("свободное владение", "C1"),
    ("продвинутый", "C1"),
    ("средний", "B1"),
    ("элементарный", "A2"),
    ("базовый", "A2"),
    ("базовые знания", "A2"),
    ("начальный", "A1"),
    ("родной", "native"),
    ("native", "native"),
    ("носитель", "native"),
]

DEGREES: list[tuple[str, str]] = [
    ("неоконченное высшее", "incomplete_higher"),
    ("незаконченное высшее", "incomplete_higher"),
    ("incomplete higher", "incomplete_higher"),
    ("среднее специальное", "secondary_vocational"),
    ("среднее профессиональное", "secondary_vocational"),
    ("колледж", "secondary_vocational"),
    ("техникум", "secondary_vocational"),
    ("бакалавр", "bachelor"),
    ("bachelor", "bachelor"),
    ("b.sc", "bachelor"),
    ("bsc", "bachelor"),
    ("b.a.", "bachelor"),
    ("ba ", "bachelor"),
    ("магистр", "master"),
    ("магистратура", "master"),
    ("master", "master"),
    ("m.sc", "master"),
    ("msc", "master"),
    ("mba", "master"),
    ("специалист", "specialist"),
    ("специалитет", "specialist"),
    ("specialist", "specialist"),
    ("кандидат наук", "phd"),
    ("аспирантура", "phd"),
    ("phd", "phd"),
    ("ph.d", "phd"),
    ("к.т.н", "phd"),
    ("к.э.н", "phd"),
    ("высшее", "higher"),
]

# Words that make a line look like a job title (ru/en, lower-case stems).
TITLE_WORDS = re.compile(
    r"(разработчик|программист|инженер|engineer|developer|manager|менеджер|руководител|head of|lead\b|лид\b|"
    r"аналитик|analyst|тестировщик|тестированию|специалист|specialist|бухгалтер|accountant|консультант|consultant|"
    r"директор|director|designer|дизайнер|администратор|administrator|architect|архитектор|scientist|"
    r"стажёр|стажер|intern|оператор|operator|продавец|логист|экспедитор|рекрутер|recruiter|hr-|hr |hrbp|"
    r"генералист|кладовщик|водитель|юрист|lawyer|маркетолог|marketer|officer|assistant|ассистент|помощник|"
    r"devops|sre\b|qa\b|sdet|cto\b|ceo\b|cfo\b|team lead|тимлид|teamlead|product|project|owner|"
    r"начальник|заместитель|координатор|coordinator|супервайзер|supervisor|верстальщик|преподаватель|teacher|"
    r"врач|медсестра|экономист|economist|секретарь|кассир|товаровед|технолог\b|механик|мастер|эксперт|expert|"
    r"фрилансер|freelance|consultant|контент|копирайтер|редактор|editor|writer|партнёр|partner|founder|основатель|"
    r"инспектор\b|бариста\b|курьер\b|официант\b|повар\b)",
    re.IGNORECASE,
)

ORG_MARKERS = re.compile(
    r"(?<![\w])(ООО|ОАО|ЗАО|ПАО|АО|НАО|ИП|ГК|ФГУП|ГУП|МУП|ФГБУ|ГБУ|НКО|АНО|LLC|Ltd\.?|Inc\.?|GmbH|Corp\.?|"
    r"Company|Group|Банк|Bank|агентство|компания|холдинг|корпорация|студия|фирма|завод|фабрика|"
    r"университет|институт)(?![\w])|[«\"]",
    re.IGNORECASE,
)
