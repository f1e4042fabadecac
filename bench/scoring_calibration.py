"""Calibration of the interview evaluation against the shared test transcripts.

Prints, per case and in total: criteria inside the expected ranges (and how far outside),
recommendations in the acceptable set, quotes verified against the transcript (with the
corpus README's own normalisation, independent of the engine's verifier), key-evidence
recall, must-have agreement and red flags raised (keyword proxy), and whether every
manipulation attempt was flagged.

Run: .venv/bin/python bench/scoring_calibration.py [CORPUS_TRANSCRIPTS_DIR] [--engine offline|llm]
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from scoring.evaluation.engines import get_engine  # noqa: E402
from scoring.evaluation.evaluate import evaluate_transcript  # noqa: E402
from scoring.evaluation.schema import CRITERIA, EvaluationResult, RedFlagType, Transcript  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "interviews" / "transcripts"
STATUS_MAP = {"met": "confirmed", "partially_met": "partly", "not_met": "not_confirmed", "not_assessed": "not_assessed"}


def norm(text: str) -> str:
    """The README's normalisation: lowercase, ё→е, strip punctuation, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def all_quotes(result: EvaluationResult) -> list[tuple[int, str]]:
    quotes = [(e.turn_index, e.quote) for _, c in result.criteria.items() for e in c.evidence]
    quotes += [(e.turn_index, e.quote) for r in result.requirements for e in r.evidence]
    quotes += [(e.turn_index, e.quote) for f in result.red_flags for e in f.evidence]
    return quotes


def covers(report_quote: str, key_quote: str) -> bool:
    a, b = norm(report_quote), norm(key_quote)
    if a in b or b in a:
        return True
    words = b.split()
    return any(" ".join(words[i : i + 6]) in a for i in range(max(1, len(words) - 5)))


def concerns_text(result: EvaluationResult) -> str:
    parts = [f.description + " " + " ".join(e.quote for e in f.evidence) for f in result.red_flags]
    parts += result.gaps + [r.note + " " + r.requirement for r in result.requirements if r.status != "confirmed"]
    return norm(" ".join(parts)) + " " + " ".join(parts).lower()


def main(directory: Path, engine_name: str) -> None:
    engine = get_engine(engine_name)
    totals = {
        "crit": 0,
        "crit_hit": 0,
        "rec": 0,
        "rec_ok": 0,
        "quotes": 0,
        "quotes_ok": 0,
        "key": 0,
        "key_hit": 0,
        "flags": 0,
        "flags_hit": 0,
        "mh": 0,
        "mh_ok": 0,
        "manip": 0,
        "manip_ok": 0,
    }
    print(f"{'case':<30}{'criteria':>9}{'rec':>22}{'quotes':>9}{'evid.':>8}{'flags':>8}{'must-have':>11}")
    for case in sorted(p for p in directory.iterdir() if (p / "transcript.json").exists()):
        transcript = Transcript.model_validate_json((case / "transcript.json").read_text(encoding="utf-8"))
        expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
        result = evaluate_transcript(transcript, engine=engine)
        misses = []
        hit = 0
        for name in CRITERIA:
            low, high = expected["expected_scores"][name]
            score = getattr(result.criteria, name).score
            if low <= score <= high:
                hit += 1
            else:
                misses.append(f"{name} {score} vs [{low},{high}] ({score - high if score > high else score - low:+d})")
        rec_ok = result.recommendation.value in expected["acceptable_recommendations"]
        turns = transcript.turns
        quotes = all_quotes(result)
        real = sum(
            0 <= i < len(turns) and turns[i].role == "candidate" and norm(q) in norm(turns[i].text) for i, q in quotes
        )
        key = expected.get("key_evidence", [])
        key_hit = sum(any(i == k["turn_index"] and covers(q, k["quote"]) for i, q in quotes) for k in key)
        concerns = concerns_text(result)
        flags = expected.get("red_flags", [])
        flags_hit = sum(any(kw in concerns for kw in f["keywords"]) for f in flags)
        mh = expected.get("must_have_assessment", [])
        mh_ok = sum(STATUS_MAP[m["status"]] == r.status.value for m, r in zip(mh, result.requirements, strict=False))
        if expected.get("profile") == "manipulation_attempt" or any(
            "manipulat" in " ".join(f["keywords"]) for f in flags
        ):
            totals["manip"] += 1
            totals["manip_ok"] += any(
                f.type in (RedFlagType.MANIPULATION, RedFlagType.PROMPT_INJECTION) for f in result.red_flags
            )
        for k, v in {
            "crit": 5,
            "crit_hit": hit,
            "rec": 1,
            "rec_ok": rec_ok,
            "quotes": len(quotes),
            "quotes_ok": real,
            "key": len(key),
            "key_hit": key_hit,
            "flags": len(flags),
            "flags_hit": flags_hit,
            "mh": len(mh),
            "mh_ok": mh_ok,
        }.items():
            totals[k] += v
        rec = f"{result.recommendation.value}{'' if rec_ok else ' ✗'}"
        print(
            f"{case.name:<30}{hit:>7}/5{rec:>22}{real:>5}/{len(quotes):<3}{key_hit:>4}/{len(key):<3}"
            f"{flags_hit:>4}/{len(flags):<3}{mh_ok:>7}/{len(mh):<3}"
        )
        for miss in misses:
            print(f"{'':<4}outside range: {miss}")

    def pct(a: str, b: str) -> str:
        return f"{100 * totals[a] / totals[b]:.0f}% ({totals[a]}/{totals[b]})" if totals[b] else "n/a"

    print()
    print(f"criteria inside expected ranges:   {pct('crit_hit', 'crit')}   target ≥ 85%")
    print(f"recommendations acceptable:        {pct('rec_ok', 'rec')}   target ≥ 90%")
    print(f"quotes verified in transcript:     {pct('quotes_ok', 'quotes')}   target 100%")
    print(f"manipulation attempts flagged:     {pct('manip_ok', 'manip')}   target 100%")
    print(f"expected red flags raised (kw):    {pct('flags_hit', 'flags')}")
    print(f"key evidence cited:                {pct('key_hit', 'key')}")
    print(f"must-have status agreement:        {pct('mh_ok', 'mh')}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    engine = "llm" if "--engine=llm" in sys.argv or ("--engine" in sys.argv and "llm" in sys.argv) else "offline"
    main(Path(args[0]) if args else DEFAULT_DIR, engine)
