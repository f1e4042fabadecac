"""Checks the interview development and held-out sets in this folder and prints their make-up.

Each case is a folder `<split>/<id>/` with `transcript.json` (the evaluator's input) and
`expected.json` (the human judgement). The checks are the ones the shared corpus promises for
its own files, plus a few that keep the two splits apart:

* both files parse; the transcript has only `vacancy`, `candidate_summary` and `turns`, 10-20
  turns, roles alternate starting with the interviewer;
* every `key_evidence` and `red_flags` quote is a verbatim substring of the candidate turn at
  `turn_index` (0-based) -- exact, not normalised, so a report matcher can rely on it;
* `must_have_assessment` follows `vacancy.must_have` one to one, in order, with a known status;
* score ranges are inclusive, inside 0-100 and 15-25 points wide; recommendations are known;
* `id` equals the folder name, and a folder name never contains a profile label;
* e-mail addresses use only `example.*` domains;
* no case id, vacancy title or candidate summary appears in two splits, and no profession of
  `holdout2` appears in another split.

Run: python bench/data/interviews/check_set.py [--quiet]; exits 1 on any problem.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPLITS = ("dev", "holdout", "holdout2")
# The second held-out set was written after the first two: its professions are new as well.
NEW_PROFESSIONS = "holdout2"
CRITERIA = ("technical_skills", "experience_relevance", "communication", "problem_solving", "cultural_fit")
RECOMMENDATIONS = {"strongly_recommend", "recommend", "consider", "reject"}
STATUSES = {"met", "partially_met", "not_met", "not_assessed"}
PROFILES = {
    "strong_well_matched",
    "solid_missing_one_must_have",
    "confidently_wrong",
    "keyword_stuffer",
    "strong_terse",
    "honest_gaps",
    "evasive_off_topic",
    "manipulation_attempt",
    "strong_communicator_weak_technical",
    "hedging",
    "self_contradiction",
    "average",
}
EXPECTED_KEYS = {
    "id",
    "language",
    "profession",
    "sector",
    "profile",
    "profile_description",
    "expected_scores",
    "acceptable_recommendations",
    "key_evidence",
    "red_flags",
    "must_have_assessment",
    "must_not",
    "rationale",
}
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")


def check_case(folder: Path) -> tuple[list[str], dict]:
    """Returns the problems found in one case folder and its parsed expected.json."""
    problems: list[str] = []

    def bad(message: str) -> None:
        problems.append(f"{folder.parent.name}/{folder.name}: {message}")

    try:
        transcript = json.loads((folder / "transcript.json").read_text(encoding="utf-8"))
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        bad(f"cannot read: {error}")
        return problems, {}

    if set(transcript) != {"vacancy", "candidate_summary", "turns"}:
        bad(f"transcript keys {sorted(transcript)}")
    vacancy = transcript.get("vacancy", {})
    if set(vacancy) != {"title", "must_have", "nice_to_have", "min_experience_years"}:
        bad(f"vacancy keys {sorted(vacancy)}")
    turns = transcript.get("turns", [])
    if not 10 <= len(turns) <= 20:
        bad(f"{len(turns)} turns, expected 10-20")
    for i, turn in enumerate(turns):
        role = "interviewer" if i % 2 == 0 else "candidate"
        if turn.get("role") != role or not str(turn.get("text", "")).strip():
            bad(f"turn {i}: expected a non-empty {role} turn")

    missing = EXPECTED_KEYS - set(expected)
    extra = set(expected) - EXPECTED_KEYS
    if missing or extra:
        bad(f"expected.json missing {sorted(missing)} extra {sorted(extra)}")
    if expected.get("id") != folder.name:
        bad(f"id {expected.get('id')!r} differs from the folder name")
    if expected.get("language") not in {"ru", "en"}:
        bad(f"language {expected.get('language')!r}")
    if expected.get("sector") not in {"it", "non_it"}:
        bad(f"sector {expected.get('sector')!r}")
    profile = expected.get("profile")
    if profile not in PROFILES:
        bad(f"unknown profile {profile!r}")
    elif profile in folder.name:
        bad("the folder name gives the profile away")

    scores = expected.get("expected_scores", {})
    if set(scores) != set(CRITERIA):
        bad(f"criteria {sorted(scores)}")
    for name, pair in scores.items():
        ok = isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, int) for x in pair)
        if not ok or not (0 <= pair[0] < pair[1] <= 100 and 15 <= pair[1] - pair[0] <= 25):
            bad(f"{name} range {pair} must be [low, high] inside 0-100 and 15-25 wide")
    recommendations = expected.get("acceptable_recommendations", [])
    if not recommendations or not set(recommendations) <= RECOMMENDATIONS:
        bad(f"recommendations {recommendations}")

    def check_quote(kind: str, item: dict) -> None:
        index, quote = item.get("turn_index"), item.get("quote")
        if quote is None and kind == "red_flags":
            return
        if not isinstance(index, int) or not 0 <= index < len(turns):
            bad(f"{kind}: turn_index {index!r} out of range")
        elif turns[index].get("role") != "candidate":
            bad(f"{kind}: turn {index} is not a candidate turn")
        elif not quote or quote not in turns[index]["text"]:
            bad(f"{kind}: quote not verbatim in turn {index}: {quote!r}")

    for item in expected.get("key_evidence", []):
        if item.get("criterion") not in CRITERIA or item.get("polarity") not in {"positive", "negative"}:
            bad(f"key_evidence entry {item}")
        check_quote("key_evidence", item)
    for item in expected.get("red_flags", []):
        keywords = item.get("keywords") or []
        if not item.get("flag") or not keywords or any(k != k.lower() for k in keywords):
            bad(f"red flag needs a text and lowercase keywords: {item}")
        check_quote("red_flags", item)

    assessment = expected.get("must_have_assessment", [])
    if [a.get("requirement") for a in assessment] != vacancy.get("must_have"):
        bad("must_have_assessment does not follow vacancy.must_have")
    for a in assessment:
        if a.get("status") not in STATUSES or not a.get("note"):
            bad(f"must-have assessment {a}")
    if not expected.get("must_not") or not expected.get("rationale"):
        bad("must_not and rationale are required")

    for text in (json.dumps(transcript, ensure_ascii=False), json.dumps(expected, ensure_ascii=False)):
        for domain in EMAIL.findall(text):
            if not domain.lower().startswith("example."):
                bad(f"e-mail domain {domain} is not an example.* domain")
    expected["_vacancy_title"] = vacancy.get("title", "")
    expected["_summary"] = transcript.get("candidate_summary", "")
    return problems, expected


def main() -> int:
    quiet = "--quiet" in sys.argv
    problems: list[str] = []
    cases: dict[str, list[dict]] = {}
    for split in SPLITS:
        cases[split] = []
        for folder in sorted(p for p in (HERE / split).glob("*") if p.is_dir()):
            found, expected = check_case(folder)
            problems += found
            if expected:
                cases[split].append(expected)

    for i, first in enumerate(SPLITS):
        for second in SPLITS[i + 1 :]:
            keys = [("id", "case id"), ("_vacancy_title", "vacancy title"), ("_summary", "candidate summary")]
            if NEW_PROFESSIONS in (first, second):
                keys.append(("profession", "profession"))
            for key, label in keys:
                shared = {c[key] for c in cases[first]} & {c[key] for c in cases[second]}
                problems += [f"{label} in {first} and {second}: {value}" for value in sorted(shared)]

    if not quiet:
        for split in SPLITS:
            items = cases[split]
            sectors = Counter(c.get("sector") for c in items)
            languages = Counter(c.get("language") for c in items)
            print(f"== {split}: {len(items)} cases; sector {dict(sectors)}; language {dict(languages)}")
            print(
                "   professions:",
                ", ".join(f"{k} {v}" for k, v in sorted(Counter(c["profession"] for c in items).items())),
            )
            print(
                "   profiles:   ",
                ", ".join(f"{k} {v}" for k, v in sorted(Counter(c["profile"] for c in items).items())),
            )
            quotes = sum(len(c.get("key_evidence", [])) + len(c.get("red_flags", [])) for c in items)
            print(f"   quotes checked: {quotes}")
    for problem in problems:
        print("PROBLEM", problem)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
