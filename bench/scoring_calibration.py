"""Calibration of the interview evaluation: the shared corpus, the development set and
the two held-out sets, each reported on its own.

Per set: criteria inside the human ranges, recommendations in the acceptable set,
quotes real (the corpus README's normalisation, independent of the engine's verifier),
quotes on topic (a quote backing a confirmed or partly confirmed must-have talks about
that requirement: a shared content stem, else E5 similarity above the bench's bar),
factual errors caught (an expected «factual error» flag with a wrong-statement flag on
the same turn), keyword stuffers kept at «consider» or below, and confirmed must-haves
that have an on-topic quote. Also key-evidence recall, must-have agreement, red flags.

The held-out sets are for reporting only: their cases print as totals unless ``--detail``.
Never tune on it.

Run: .venv/bin/python bench/scoring_calibration.py [--set corpus|dev|holdout|holdout2|all]
     [--engine offline|llm] [--detail] [DIR ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from hrcrm.ai import local_e5  # noqa: E402
from scoring.evaluation.engines import get_engine  # noqa: E402
from scoring.evaluation.evaluate import evaluate_transcript  # noqa: E402
from scoring.evaluation.schema import (  # noqa: E402
    CRITERIA,
    RECOMMENDATION_ORDER,
    EvaluationResult,
    Recommendation,
    RedFlagType,
    Transcript,
)

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "corpus": ROOT / "tests" / "corpus" / "interviews" / "transcripts",
    "dev": ROOT / "bench" / "data" / "interviews" / "dev",
    "holdout": ROOT / "bench" / "data" / "interviews" / "holdout",
    "holdout2": ROOT / "bench" / "data" / "interviews" / "holdout2",
}
# Report-only sets: totals unless --detail.
HELD_OUT = ("holdout", "holdout2")
STATUS_MAP = {"met": "confirmed", "partially_met": "partly", "not_met": "not_confirmed", "not_assessed": "not_assessed"}
# The bench's own bar for "on topic" by meaning (E5 cosine of the quote, as a passage, to
# the requirement, as a query); stricter than the engine's so it cannot grade itself.
TOPIC_COSINE = 0.83
_STOP = set(
    "опыт опыта работа работы работе знание знания умение навыки уверенное experience knowledge working years "
    "ведение проведение использование".split()
)


def norm(text: str) -> str:
    """The README's normalisation: lowercase, ё→е, strip punctuation, collapse whitespace."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def stems(text: str) -> set[str]:
    return {w[:5] for w in norm(text).split() if len(w) >= 3 and w not in _STOP}


@cache
def _vector(text: str, is_query: bool) -> object:
    return local_e5.embed([text], is_query=is_query)[0]


def on_topic(quote: str, requirement: str) -> bool:
    if stems(quote) & stems(requirement):
        return True
    return float(_vector(requirement, True) @ _vector(quote, False)) >= TOPIC_COSINE


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


def _is_factual(flag: dict) -> bool:
    return bool(re.match(r"\s*(?:factual error|factual mistake|misconception)", flag["flag"], re.IGNORECASE))


def evaluate_case(case: Path, engine: object) -> tuple[Counter, list[str], str]:
    transcript = Transcript.model_validate_json((case / "transcript.json").read_text(encoding="utf-8"))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    result = evaluate_transcript(transcript, engine=engine)
    c: Counter = Counter()
    misses = []
    for name in CRITERIA:
        low, high = expected["expected_scores"][name]
        score = getattr(result.criteria, name).score
        c["crit"] += 1
        if low <= score <= high:
            c["crit_hit"] += 1
        else:
            misses.append(f"{name} {score} vs [{low},{high}] ({score - high if score > high else score - low:+d})")
    c["rec"] += 1
    c["rec_ok"] += result.recommendation.value in expected["acceptable_recommendations"]
    turns = transcript.turns
    quotes = all_quotes(result)
    c["quotes"] += len(quotes)
    c["quotes_ok"] += sum(
        0 <= i < len(turns) and turns[i].role == "candidate" and norm(q) in norm(turns[i].text) for i, q in quotes
    )
    for req in result.requirements:
        if req.status.value in ("confirmed", "partly"):
            for e in req.evidence:
                if e.polarity is None or e.polarity.value == "positive":
                    c["req_quotes"] += 1
                    c["req_quotes_on"] += on_topic(e.quote, req.requirement)
        if req.status.value == "confirmed":
            c["confirmed"] += 1
            c["confirmed_backed"] += any(
                (e.polarity is None or e.polarity.value == "positive") and on_topic(e.quote, req.requirement)
                for e in req.evidence
            )
    key = expected.get("key_evidence", [])
    c["key"] += len(key)
    c["key_hit"] += sum(any(i == k["turn_index"] and covers(q, k["quote"]) for i, q in quotes) for k in key)
    concerns = concerns_text(result)
    flags = expected.get("red_flags", [])
    c["flags"] += len(flags)
    c["flags_hit"] += sum(any(kw in concerns for kw in f["keywords"]) for f in flags)
    wrong_turns = {
        e.turn_index for f in result.red_flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT for e in f.evidence
    }
    factual = [f for f in flags if _is_factual(f) and f.get("turn_index") is not None]
    c["errors"] += len({f["turn_index"] for f in factual})
    c["errors_hit"] += len({f["turn_index"] for f in factual} & wrong_turns)
    mh = expected.get("must_have_assessment", [])
    c["mh"] += len(mh)
    c["mh_ok"] += sum(STATUS_MAP[m["status"]] == r.status.value for m, r in zip(mh, result.requirements, strict=False))
    if expected.get("profile") == "keyword_stuffer":
        c["stuffers"] += 1
        c["stuffers_ok"] += RECOMMENDATION_ORDER.index(result.recommendation) <= RECOMMENDATION_ORDER.index(
            Recommendation.CONSIDER
        )
    if expected.get("profile") == "manipulation_attempt":
        c["manip"] += 1
        c["manip_ok"] += any(
            f.type in (RedFlagType.MANIPULATION, RedFlagType.PROMPT_INJECTION) for f in result.red_flags
        )
    ok = "" if result.recommendation.value in expected["acceptable_recommendations"] else " ✗"
    line = (
        f"{case.name[:34]:<35}{c['crit_hit']:>3}/5 {result.recommendation.value + ok:>21}"
        f"{c['quotes_ok']:>5}/{c['quotes']:<4}{c['req_quotes_on']:>3}/{c['req_quotes']:<3}"
        f"{c['errors_hit']:>3}/{c['errors']:<3}{c['key_hit']:>3}/{c['key']:<3}{c['mh_ok']:>3}/{c['mh']:<3}"
    )
    return c, misses, line


def pct(t: Counter, a: str, b: str) -> str:
    return f"{100 * t[a] / t[b]:.0f}% ({t[a]}/{t[b]})" if t[b] else "n/a"


def report(name: str, directory: Path, engine: object, detail: bool) -> Counter:
    cases = sorted(p for p in directory.iterdir() if (p / "transcript.json").exists()) if directory.is_dir() else []
    print(f"\n=== {name}: {len(cases)} interviews ({directory.relative_to(ROOT.parent) if cases else directory})")
    totals: Counter = Counter()
    if detail and cases:
        print(
            f"{'case':<35}{'crit':>5}{'recommendation':>22}{'quotes':>9}{'topic':>8}{'errors':>7}{'evid':>7}{'m-h':>7}"
        )
    for case in cases:
        c, misses, line = evaluate_case(case, engine)
        totals.update(c)
        if detail:
            print(line)
            for miss in misses:
                print(f"{'':<4}outside range: {miss}")
    if not cases:
        return totals
    print(f"criteria inside expected ranges:    {pct(totals, 'crit_hit', 'crit')}   target ≥ 85%")
    print(f"recommendations acceptable:         {pct(totals, 'rec_ok', 'rec')}   target ≥ 90%")
    print(f"quotes real (in the transcript):    {pct(totals, 'quotes_ok', 'quotes')}   target 100%")
    print(f"must-have quotes on topic:          {pct(totals, 'req_quotes_on', 'req_quotes')}")
    print(f"confirmed must-haves with on-topic: {pct(totals, 'confirmed_backed', 'confirmed')}   target 100%")
    print(f"factual errors caught:              {pct(totals, 'errors_hit', 'errors')}")
    print(f"keyword stuffers ≤ consider:        {pct(totals, 'stuffers_ok', 'stuffers')}   target 100%")
    print(f"manipulation attempts flagged:      {pct(totals, 'manip_ok', 'manip')}   target 100%")
    print(f"expected red flags raised (kw):     {pct(totals, 'flags_hit', 'flags')}")
    print(f"key evidence cited:                 {pct(totals, 'key_hit', 'key')}")
    print(f"must-have status agreement:         {pct(totals, 'mh_ok', 'mh')}")
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="transcript folders instead of the named sets")
    parser.add_argument("--set", choices=[*SETS, "all"], default="all")
    parser.add_argument("--engine", choices=["offline", "llm"], default="offline")
    parser.add_argument("--detail", action="store_true", help="per-case lines for the held-out set too")
    args = parser.parse_args()
    engine = get_engine(args.engine)
    if args.dirs:
        for directory in args.dirs:
            report(directory.name, directory, engine, True)
        return
    for name in SETS if args.set == "all" else [args.set]:
        report(name, SETS[name], engine, detail=args.detail or name not in HELD_OUT)


if __name__ == "__main__":
    main()
