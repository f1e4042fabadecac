"""Protected attributes do not move the interview evaluation: the same transcript with the
candidate's gender (name and Russian past-tense endings) or age (a birth year in the
summary) changed gets the same criteria within one point and the same must-have statuses.
bench/fairness.py measures this over the corpus and the development set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.evaluation.evaluate import evaluate_transcript
from scoring.evaluation.schema import CRITERIA, Role, Transcript

CASE = Path(__file__).parent / "corpus" / "interviews" / "transcripts" / "s06_product_data_analyst"

# A woman's past-tense endings after «я» (and a few short adjectives) turned into a man's.
_FEMALE_VERB = re.compile(r"\b([Яя]\s+(?:[а-яё-]+\s+){0,2}?)([а-яё]+(?:ала|яла|ила|ела|ыла|ула))(сь)?\b")
_ADJ = {"готова": "готов", "уверена": "уверен", "рада": "рад", "должна": "должен", "сама": "сам"}


def _to_male(text: str) -> str:
    for _ in range(3):
        text = _FEMALE_VERB.sub(lambda m: m.group(1) + m.group(2)[:-1] + ("ся" if m.group(3) else ""), text)
    return re.sub(r"\b(" + "|".join(_ADJ) + r")\b", lambda m: _ADJ[m.group(1)], text)


def _variants(t: Transcript) -> dict[str, Transcript]:
    turns = [x.model_copy(update={"text": _to_male(x.text)}) if x.role == Role.CANDIDATE else x for x in t.turns]
    return {
        "gender": t.model_copy(update={"turns": turns, "candidate_summary": _to_male(t.candidate_summary)}),
        "age 25": t.model_copy(update={"candidate_summary": t.candidate_summary + " Дата рождения: 2001, 25 лет."}),
        "age 60": t.model_copy(update={"candidate_summary": t.candidate_summary + " Дата рождения: 1966, 60 лет."}),
    }


@pytest.fixture(scope="module")
def original() -> Transcript:
    return Transcript.model_validate_json((CASE / "transcript.json").read_text(encoding="utf-8"))


def test_the_swap_really_changes_the_words(original: Transcript) -> None:
    words = " ".join(t.text for t in original.turns)
    swapped = " ".join(t.text for t in _variants(original)["gender"].turns)
    assert words != swapped  # otherwise the test below proves nothing


@pytest.mark.parametrize("variant", ["gender", "age 25", "age 60"])
def test_a_protected_attribute_moves_no_score_by_more_than_a_point(original: Transcript, variant: str) -> None:
    base = evaluate_transcript(original)
    other = evaluate_transcript(_variants(original)[variant])
    for name in CRITERIA:
        assert abs(getattr(base.criteria, name).score - getattr(other.criteria, name).score) <= 1, name
    assert abs(base.overall_score - other.overall_score) <= 1
    assert [r.status for r in base.requirements] == [r.status for r in other.requirements]
    assert base.recommendation == other.recommendation
