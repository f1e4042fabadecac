"""The one text fold (hrcrm/text.py) and the keys built on it."""

from __future__ import annotations

from hrcrm.text import fold, fold_words
from interviews.engine.analysis import normalise
from matching.engine.skills import norm
from pool.services import skill_key, skill_keys


def test_fold_keeps_the_length_so_offsets_map_back() -> None:
    text = "Ёлка, ЁЖИК и\tещё  Python"
    assert fold(text) == "елка, ежик и\tеще  python" and len(fold(text)) == len(text)


def test_fold_words_collapses_white_space() -> None:
    assert fold_words("  Опыт\u00a0работы \n с  Ёмкостями ") == "опыт работы с емкостями"


def test_the_keys_of_matching_the_interview_and_the_pool_agree() -> None:
    for spelling in ("Счёт-фактура", "СЧЕТ-ФАКТУРА", " счет-фактура "):
        assert skill_key(spelling) == normalise(spelling) == norm(spelling).strip() == "счет-фактура"
    assert norm("1C:Бухгалтерия") == "1с:бухгалтерия"  # Latin C beside a 1 is the Cyrillic product name
    assert skill_keys("Django / FastAPI") == {"django / fastapi", "django", "fastapi"}
