"""How to address a candidate: as people address each other, never surname first.

Russian: first name and patronymic when the patronymic is known («Кирилл Андреевич»),
else the first name («Кирилл»). English: the first name. The full name is stored as the
person or his resume wrote it, in either order («Соколов Кирилл Андреевич», «Kirill
Sokolov»); which word is which comes from the intake's name rules (a dictionary of first
names, patronymic endings). A name made of initials only gets no name at all: a greeting
without a name reads better than «Здравствуйте, Иванов И. И.!».
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

from candidates.intake.names import is_first_name, split_name, title_case

# «И.», «И.И.», «J.»: initials, not a name to address anyone by.
_INITIALS = re.compile(r"^([A-ZА-ЯЁ]\.)+$")

# Common Russian surname endings: when the dictionary knows none of the words, the one
# that does not look like a surname is the first name («Анна-Мария Смирнова»).
_SURNAME = re.compile(r"(ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ых|их|ко|ук|юк)$", re.IGNORECASE)

# «Гусейн оглы», «Алиевна кызы»: the Turkic patronymic is the father's name and a word.
_TURKIC = re.compile(r"^(оглы|кызы|ogly|kyzy)$", re.IGNORECASE)


def address_name(full_name: str, language: str | None = None) -> str:
    """The name to greet the person by, or "" when the stored name gives none."""
    written = full_name.replace(",", " ").split()
    words = [w for w in written if not _INITIALS.match(w)]
    if not words or (len(words) == 1 and len(written) > 1):
        return ""  # nothing, or a surname with initials
    english = (language or get_language() or "ru").startswith("en")
    turkic = next((i for i, w in enumerate(words) if _TURKIC.match(w) and i >= 2), None)
    if turkic is not None:
        # «Мамедов Эльдар Гусейн оглы»: first name before the father's name.
        first, patronymic = title_case(words[turkic - 2]), f"{title_case(words[turkic - 1])} {words[turkic].lower()}"
        return first if english else f"{first} {patronymic}"
    if len(words) == 1:
        return title_case(words[0])  # one word given: what the person wants to be called
    parts = split_name(words[:3])
    first = parts["first"] or ""
    if not _known_first(first) and _SURNAME.search(first):
        others = [title_case(w) for w in words[:3] if title_case(w) not in (first, parts["middle"])]
        plain = [w for w in others if not _SURNAME.search(w)]
        if len(plain) == 1:
            first = plain[0]
    if english or not parts["middle"]:
        return first
    return f"{first} {parts['middle']}"


def _known_first(word: str) -> bool:
    return is_first_name(word) or any(is_first_name(part) for part in word.split("-"))
