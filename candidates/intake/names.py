"""Person names: which line is the name, and which word is the first/last/middle name.

Signals, all generic: a line of 2–3 capitalised words; a known first name (Russian
names in Cyrillic and common Latin transliterations); a patronymic suffix; natasha's
PER tag (its models ship inside the pip package and are loaded once per process).
"""

from __future__ import annotations

import re
from functools import lru_cache

from candidates.intake.dictionaries import TITLE_WORDS

RU_FIRST_NAMES = """
Александр Алексей Анатолий Андрей Антон Аркадий Арсений Артём Артем Артур Богдан Борис Вадим Валентин Валерий
Василий Виктор Виталий Владимир Владислав Всеволод Вячеслав Геннадий Георгий Глеб Григорий Давид Даниил Данил
Денис Дмитрий Евгений Егор Захар Иван Игорь Илья Ильдар Ильнур Кирилл Константин Лев Леонид Макар Максим Марат
Марк Матвей Михаил Никита Николай Олег Павел Пётр Петр Платон Родион Роман Руслан Рустам Савелий Семён Семен
Сергей Станислав Степан Тагир Тимофей Тимур Фёдор Федор Филипп Эдуард Эльдар Юрий Ян Ярослав Ринат Ренат Айдар
Азат Камиль Дамир Эмиль Алина Алиса Алла Анастасия Ангелина Анна Антонина Валентина Валерия Вера Вероника
Виктория Галина Дарья Диана Дарина Ева Евгения Екатерина Елена Елизавета Жанна Зарина Злата Инна Ирина Карина
Кира Кристина Ксения Лариса Лилия Любовь Людмила Маргарита Марина Мария Милана Надежда Наталья Наталия Нина
Оксана Олеся Ольга Полина Регина Светлана Софья София Таисия Тамара Татьяна Ульяна Эльвира Юлия Яна Ярослава
Василиса Снежана Лейла Гульнара Эмилия Камила Асель Динара Лиана Майя Серафима Варвара Арина Алёна Алена
""".split()

LATIN_FIRST_NAMES = """
Alexander Aleksandr Alexandr Alexey Aleksey Alexei Anatoly Andrey Andrei Anton Arkady Arseny Artem Artyom Artur
Arthur Bogdan Boris Vadim Valentin Valery Vasily Viktor Victor Vitaly Vladimir Vladislav Vsevolod Vyacheslav
Gennady Georgy Georgiy Gleb Grigory Grigoriy David Daniil Danil Denis Dmitry Dmitriy Dmitrii Evgeny Evgeniy
Yevgeny Egor Yegor Zakhar Ivan Igor Ilya Ildar Kirill Konstantin Lev Leonid Makar Maxim Maksim Marat Mark Matvey
Mikhail Michael Nikita Nikolay Nikolai Oleg Pavel Petr Pyotr Platon Rodion Roman Ruslan Rustam Savely Semyon
Sergey Sergei Stanislav Stepan Timofey Timur Fedor Fyodor Philipp Filipp Eduard Eldar Yury Yuri Yan Yaroslav
Rinat Renat Kamil Damir Alina Alisa Alla Anastasia Anastasiya Angelina Anna Antonina Valentina Valeria Valeriya
Vera Veronika Victoria Viktoria Galina Daria Darya Diana Darina Eva Evgenia Yevgenia Ekaterina Yekaterina
Katerina Elena Yelena Helen Elizaveta Elizabeth Zhanna Zarina Inna Irina Karina Kira Kristina Christina Ksenia
Kseniya Larisa Liliya Lilia Lyubov Lyudmila Ludmila Margarita Marina Maria Mariya Milana Nadezhda Natalia Natalya
Nina Oksana Olesya Olga Polina Regina Svetlana Sofia Sofya Sophia Taisia Tamara Tatiana Tatyana Ulyana Elvira
Yulia Julia Yuliya Yana Alena Alyona Arina Varvara Vasilisa John James Robert William Richard Thomas Charles
Daniel Matthew Anthony Paul Andrew Joshua Kevin Brian George Edward Peter Sarah Jessica Emily Emma Olivia Sophie
Kate Laura Linda Mary Susan Karen Nancy Lisa Betty Sandra Ashley Amanda Melissa Michelle Rachel Alex
Christopher Steven Jason Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
Gregory Frank Raymond Patrick Jack Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Kyle Walter
Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Austin Lawrence Jesse Dylan Bryan Joe Jordan
Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis Bobby
Philip Johnny Oliver Lucas Liam Mason Leo Max Martin Hans Stefan Lukas Jan Piotr Tomasz Pablo Carlos Luis Miguel
Marco Luca Giovanni Pierre Jean Francois Ahmed Mohammed Mohamed Ali Omar Hassan Arjun Rahul Amit Raj Vikram Wei
Jennifer Elizabeth Barbara Margaret Dorothy Kimberly Donna Carol Deborah Stephanie Rebecca Sharon Cynthia Kathleen
Amy Angela Shirley Anna Brenda Pamela Nicole Samantha Katherine Christine Catherine Debra Janet Carolyn Heather
Maria Julie Joyce Evelyn Joan Victoria Kelly Lauren Martha Andrea Frances Hannah Jacqueline Ann Gloria Teresa
Sara Madison Janice Abigail Alice Judy Grace Rose Beverly Denise Marilyn Amber Danielle Brittany Diana Natalie
Charlotte Chloe Mia Ava Isabella Amelia Ella Lily Zoe Marie Claire Priya Ananya Fatima Aisha Leyla Aigul Dinara
Aizhan Madina Kamila Nurlan Aibek Azamat Bakyt Daniyar Yerlan Askar Timur Farid Rustem Ilnur Airat Aidar Vlad Dima
Sasha Misha Kostya Nastya Katya Masha Dasha Lena Olya Tanya
""".split()

PATRONYMIC = re.compile(r"(ович|евич|ьич|ична|овна|евна|инична|ogly|оглы|кызы)$", re.IGNORECASE)
NAME_WORD = re.compile(
    r"^[A-ZА-ЯЁ](?:['’][A-Z])?[a-zа-яё]+(?:-[A-ZА-ЯЁ][a-zа-яё]+)?$|^[A-ZА-ЯЁ]{2,}(?:-[A-ZА-ЯЁ]{2,})?$"
)
INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.$")
# Where a questionnaire or a form puts the name: «Фамилия, имя, отчество: …», «ФИО | …»,
# «Full name: …», also as a list item («- Имя: …»); the value follows on the line or, in a
# table, on the next line.
NAME_LABEL = re.compile(
    r"^\s*(?:[-–—•·▪●*]\s*)?(?:ф\.?\s*и\.?\s*о\.?|фамилия[,\s]+имя(?:[,\s]+(?:и\s+)?отчество)?|фамилия\s*/\s*имя|full\s+name|name"
    r"|имя|candidate(?:'s)?\s+name|applicant(?:'s)?\s+name|соискатель|кандидат)(?:\s*\(?полностью\)?)?"
    r"\s*(?:[:|\t—–]|\s-\s)\s*(?P<value>.*)$|^\s*(?:[-–—•·▪●*]\s*)?(?:ф\.?\s*и\.?\s*о\.?|фамилия,?\s+имя,?\s+(?:и\s+)?отчество|full\s+name)\s*$",
    re.IGNORECASE,
)
# The name inside a sentence of the introduction: «Hi! My name is Daniel Smith.», «Меня
# зовут Анна Петрова».
NAME_IN_SENTENCE = re.compile(r"\b(?:my\s+name\s+is|меня\s+зовут)\s+(?P<value>[^.,!;:()]+)", re.IGNORECASE)
# The same name split into fields: «Фамилия: Иванов», «Имя: Иван», «Отчество: Иванович».
NAME_FIELDS = {
    "last": re.compile(r"^\s*(?:фамилия|surname|last\s+name|family\s+name)\s*[:|\t]\s*(?P<value>\S+)\s*$", re.I),
    "first": re.compile(r"^\s*(?:имя|first\s+name|given\s+name)\s*[:|\t]\s*(?P<value>\S+)\s*$", re.I),
    "middle": re.compile(r"^\s*(?:отчество|middle\s+name|patronymic)\s*[:|\t]\s*(?P<value>\S+)\s*$", re.I),
}

NOT_NAME_WORDS = {
    w.lower()
    for w in """Резюме Curriculum Vitae Resume CV Контакты Contact Contacts Профиль Profile Опыт Навыки Skills
    Образование Education Языки Languages Москва Junior Middle Senior Lead Developer Engineer Manager Frontend Backend
    Fullstack Python Java React University Университет Институт Группа Group Digital Games Market Online Open Remote
    Telegram Email Phone Телефон Почта Город Desired Position Summary Experience Курсы Сертификаты Personal Data
    Ключевые Обо Мне Дополнительная Информация Toolkit Library Testing Мужчина Женщина Male Female""".split()
}


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    return frozenset(n.lower().replace("ё", "е") for n in RU_FIRST_NAMES + LATIN_FIRST_NAMES)


def is_first_name(word: str) -> bool:
    return word.lower().replace("ё", "е") in _first_names()


def title_case(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


@lru_cache(maxsize=1)
def _natasha() -> tuple[object, object]:
    # Loaded once per process (~0.5 s); the models ship inside the pip packages.
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def natasha_person(line: str) -> bool:
    from natasha import Doc

    segmenter, tagger = _natasha()
    doc = Doc(line)
    doc.segment(segmenter)  # type: ignore[arg-type]
    doc.tag_ner(tagger)  # type: ignore[arg-type]
    return any(span.type == "PER" and len(span.text) >= len(line) - 2 for span in doc.spans)


def warm_up() -> None:
    """Load natasha before forking workers so children share the loaded model."""
    natasha_person("Иванов Иван Иванович")


def name_words(line: str) -> list[str] | None:
    """The words of ``line`` if it looks like a person's name, else None."""
    cleaned = re.sub(r"[#*_]+", " ", line).strip()
    cleaned = re.sub(r"^(ФИО|Name|Имя)\s*[:|]\s*", "", cleaned, flags=re.IGNORECASE)
    # «John A. Smith», «Иванов И. И.»: initials are part of the line, not of the name.
    words = [w for w in cleaned.replace(",", " ").split() if not INITIAL.match(w)]
    if not 2 <= len(words) <= 4:
        return None
    if not all(NAME_WORD.match(w) for w in words):
        return None
    if any(w.lower() in NOT_NAME_WORDS for w in words):
        return None
    cyr = [bool(re.search("[А-Яа-яЁё]", w)) for w in words]
    if any(cyr) and not all(cyr):
        return None
    return words


def name_score(words: list[str], line: str) -> int:
    score = 0
    if any(is_first_name(w) for w in words):
        score += 3
    if any(PATRONYMIC.search(w) for w in words):
        score += 2
    if re.search("[А-Яа-яЁё]", line) and natasha_person(" ".join(title_case(w) for w in words)):
        score += 2
    if len(words) == 4:
        score -= 2
    if any(TITLE_WORDS.match(w) for w in words):
        score -= 3  # "Product Designer", "Senior Developer": a headline, not a person
    return score


def labelled_name(lines: list[str]) -> list[str] | None:
    """A name written after a field label, or split into «Фамилия/Имя/Отчество» fields."""
    fields: dict[str, str] = {}
    for index, line in enumerate(lines[:80]):
        m = NAME_LABEL.match(line)
        if m:
            value = (m.groupdict().get("value") or "").strip(" |\t:")
            if not value:
                value = next((ln.strip() for ln in lines[index + 1 : index + 3] if ln.strip()), "")
            words = name_words(re.split(r"\s+[|·•—–]\s+|\t", value)[0])
            if words and not any(TITLE_WORDS.match(w) for w in words):
                return words
        for part, pattern in NAME_FIELDS.items():
            field = pattern.match(line)
            if field and NAME_WORD.match(field.group("value")):
                fields.setdefault(part, field.group("value"))
    if "last" in fields and "first" in fields:
        return [fields["last"], fields["first"], *([fields["middle"]] if "middle" in fields else [])]
    return None


def name_from_hints(hints: list[str]) -> list[str] | None:
    """A name from what the document carries besides its body (a page footer, the
    document's author or title, the file name), tried in that order: accepted only with
    a known first name or a patronymic, so «Admin», «Microsoft Office User» or
    «Резюме_менеджер» never become a person."""
    for hint in hints:
        tokens = [t for t in re.split(r"[\s_.,()\[\]+-]+", hint) if t]
        for size in (3, 2, 4):
            for start in range(0, max(len(tokens) - size + 1, 0)):
                words = name_words(" ".join(tokens[start : start + size]))
                if not words or any(TITLE_WORDS.match(w) for w in words):
                    continue
                if any(is_first_name(w) for w in words) or any(PATRONYMIC.search(w) for w in words):
                    return words
    return None


def split_name(words: list[str]) -> dict[str, str | None]:
    """last/first/middle, whatever the order the person wrote them in."""
    words = [title_case(w) for w in words]
    middle_index = next((i for i, w in enumerate(words) if PATRONYMIC.search(w)), None)
    first_index = next((i for i, w in enumerate(words) if is_first_name(w) and i != middle_index), None)
    middle = words[middle_index] if middle_index is not None else None
    rest = [i for i in range(len(words)) if i != middle_index]
    if first_index is None:
        # Russian documents usually write "Фамилия Имя [Отчество]"; with a patronymic
        # the first name stands right before it.
        if middle_index is not None and middle_index > 0:
            first_index = middle_index - 1
        else:
            first_index = rest[1] if len(rest) > 1 and re.search("[А-Яа-яЁё]", words[0]) else rest[0]
    last_candidates = [i for i in rest if i != first_index]
    last = words[last_candidates[0]] if last_candidates else None
    return {"last": last, "first": words[first_index], "middle": middle}
