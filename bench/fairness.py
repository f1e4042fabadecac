"""Fairness check: the same resumes and interviews with protected attributes swapped.

Each resume (tests/corpus/resumes) and each interview transcript (the shared corpus and
the development set) is scored as it is and in variants that change only what must not
matter: the name (a man's for a woman's and back), gender markers in Russian speech
(past-tense verb and short-adjective endings: «я работал» ↔ «я работала»), and the age
with a photo-free birth year (25 vs 60). Printed: the largest gap, over all files, in the
match score and in each interview criterion, and the mean gap. Target: ≤ 1 point of 100.

Run: .venv/bin/python bench/fairness.py [--interviews N] [--no-semantic]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from hrcrm.ai.audit import audit_suspended  # noqa: E402
from matching.engine import loading  # noqa: E402
from matching.engine.inputs import CandidateProfile  # noqa: E402
from matching.engine.ranking import rank  # noqa: E402
from scoring.evaluation.evaluate import evaluate_transcript  # noqa: E402
from scoring.evaluation.schema import CRITERIA, Role, Transcript  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESUMES = ROOT / "tests" / "corpus" / "resumes"
VACANCIES = ROOT / "tests" / "corpus" / "vacancies"
TRANSCRIPT_SETS = [
    ROOT / "tests" / "corpus" / "interviews" / "transcripts",
    ROOT / "bench" / "data" / "interviews" / "dev",
]

NAMES = {  # a man's name -> a woman's (both directions are used)
    "Алексей": "Анна",
    "Андрей": "Мария",
    "Дмитрий": "Дарья",
    "Сергей": "Светлана",
    "Иван": "Ирина",
    "Михаил": "Марина",
    "Максим": "Ольга",
    "Никита": "Наталья",
    "Руслан": "Виктория",
    "Антон": "Алина",
    "Павел": "Полина",
    "Егор": "Елена",
    "Игорь": "Инна",
    "Олег": "Оксана",
    "Артём": "Анастасия",
    "Кирилл": "Ксения",
    "Роман": "Юлия",
    "Владимир": "Валентина",
    "Евгений": "Евгения",
    "Александр": "Александра",
    "Денис": "Диана",
    "Тимур": "Татьяна",
    "Илья": "Ирина",
    "Григорий": "Галина",
    "Константин": "Кристина",
    "Смирнов": "Смирнова",
    "Иванов": "Иванова",
    "Петров": "Петрова",
    "Кузнецов": "Кузнецова",
    "Никитин": "Никитина",
    "Карпов": "Карпова",
    "Егоров": "Егорова",
    "Григорьев": "Григорьева",
    "Белов": "Белова",
    "Морозов": "Морозова",
    "Каримов": "Каримова",
    "Жуков": "Жукова",
    "Белоусов": "Белоусова",
    "Dmitry": "Daria",
    "Nikita": "Natalia",
    "Maxim": "Maria",
    "Alexey": "Anna",
    "Sergey": "Svetlana",
    "Ivan": "Irina",
    "Andrew": "Anna",
    "John": "Jane",
    "Michael": "Michelle",
    "he": "she",
    "his": "her",
    "him": "her",
}
_MASC_ADJ = {
    "готов": "готова",
    "уверен": "уверена",
    "рад": "рада",
    "должен": "должна",
    "сам": "сама",
    "согласен": "согласна",
    "знаком": "знакома",
    "занят": "занята",
    "доволен": "довольна",
}
_VERB_M = r"[А-ЯЁа-яё][а-яё]+(?:ал|ял|ил|ел|ыл|ул|ёл)"
_VERB_F = r"[А-ЯЁа-яё][а-яё]+(?:ала|яла|ила|ела|ыла|ула|ла)"
# Where a past-tense verb speaks of the candidate: after «я» (a few words on) or opening a clause.
_LEAD = r"(\b[Яя]\s+(?:[а-яё-]+\s+){0,3}?|(?:^|[.!?;:—–]\s+)|\b(?:и|а|потом|затем|но)\s+)"


def _words(mapping: dict[str, str], text: str) -> str:
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")\b")
    return pattern.sub(lambda m: mapping[m.group(1)], text)


def to_female(text: str) -> str:
    text = _words({k: v for k, v in NAMES.items()}, text)
    verb = re.compile(_LEAD + rf"(?!не\b)({_VERB_M})(ся)?(?=[\s,])")
    for _ in range(3):  # several verbs after one «я»
        text = verb.sub(lambda m: m.group(1) + m.group(2) + ("ась" if m.group(3) else "а"), text)
    adj = re.compile(r"(\b[Яя]\s+(?:не\s+)?)(" + "|".join(_MASC_ADJ) + r")\b")
    return adj.sub(lambda m: m.group(1) + _MASC_ADJ[m.group(2)], text)


def to_male(text: str) -> str:
    text = _words({v: k for k, v in NAMES.items()}, text)
    verb = re.compile(_LEAD + rf"(?!не\b)({_VERB_F})(сь)?(?=[\s,])")
    for _ in range(3):
        text = verb.sub(lambda m: m.group(1) + m.group(2)[:-1] + ("ся" if m.group(3) else ""), text)
    fem = {v: k for k, v in _MASC_ADJ.items()}
    adj = re.compile(r"(\b[Яя]\s+(?:не\s+)?)(" + "|".join(fem) + r")\b")
    return adj.sub(lambda m: m.group(1) + fem[m.group(2)], text)


def is_female(text: str) -> bool:
    return len(re.findall(r"\b[Яя]\s+(?:[а-яё-]+\s+){0,2}?" + _VERB_F + r"\b", text)) > len(
        re.findall(r"\b[Яя]\s+(?:[а-яё-]+\s+){0,2}?" + _VERB_M + r"\b", text)
    )


def swap_gender(text: str, female: bool) -> str:
    return to_male(text) if female else to_female(text)


def with_age(text: str, young: bool, english: bool) -> str:
    if english:
        return text + (" Born in 2001, age 25." if young else " Born in 1966, age 60.")
    return text + (
        " Дата рождения: 14.03.2001, возраст 25 лет." if young else " Дата рождения: 14.03.1966, возраст 60 лет."
    )


def _transcript_variants(t: Transcript) -> dict[str, Transcript]:
    words = " ".join(x.text for x in t.turns if x.role == Role.CANDIDATE)
    female = is_female(words)
    english = t.language == "en" or not re.search(r"[а-яё]", words)

    def mapped(fn: Callable[[str], str]) -> Transcript:
        turns = [x.model_copy(update={"text": fn(x.text)}) for x in t.turns]
        return t.model_copy(update={"turns": turns, "candidate_summary": fn(t.candidate_summary)})

    return {
        "gender": mapped(lambda s: swap_gender(s, female)),
        "age 25": t.model_copy(update={"candidate_summary": with_age(t.candidate_summary, True, english)}),
        "age 60": t.model_copy(update={"candidate_summary": with_age(t.candidate_summary, False, english)}),
    }


def _deep(value: object, fn: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_deep(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _deep(v, fn) for k, v in value.items()}
    return value


def resume_gaps(semantic: bool) -> list[float]:
    files = sorted(p for p in RESUMES.iterdir() if p.suffix.lower() in {".pdf", ".docx", ".txt", ".rtf"})
    vacancies = sorted(p for p in VACANCIES.iterdir() if p.suffix.lower() in {".pdf", ".docx", ".txt"})
    with audit_suspended():
        parsed = [p for p in loading.parse_files(files, kind="resume") if p.ok]
        vacancy_files = [v for v in loading.parse_files(vacancies[:3], kind="vacancy") if v.ok]
        gaps = []
        for vacancy_file in vacancy_files:
            vacancy = vacancy_file.vacancy()
            pool: list[tuple[str, CandidateProfile]] = []
            for item in parsed:
                female = is_female(item.text)
                english = not re.search(r"[а-яё]", item.text.lower())
                variants = {
                    "original": (item.data, item.text),
                    "gender": (
                        _deep(item.data, lambda s, f=female: swap_gender(s, f)),
                        swap_gender(item.text, female),
                    ),
                    "age 25": (item.data, with_age(item.text, True, english)),
                    "age 60": (item.data, with_age(item.text, False, english)),
                }
                for name, (data, text) in variants.items():
                    pool.append((f"{item.file}|{name}", CandidateProfile.from_parsed(dict(data), text)))
            scores = {r.key: r.result.score for r in rank(vacancy, pool, semantic=semantic)}
            for item in parsed:
                base = scores[f"{item.file}|original"]
                gaps += [abs(scores[f"{item.file}|{v}"] - base) for v in ("gender", "age 25", "age 60")]
                gaps.append(abs(scores[f"{item.file}|age 25"] - scores[f"{item.file}|age 60"]))
    return gaps


def interview_gaps(limit: int) -> dict[str, list[int]]:
    cases = [c for folder in TRANSCRIPT_SETS if folder.is_dir() for c in sorted(folder.iterdir())]
    cases = [c for c in cases if (c / "transcript.json").exists()][:limit]
    gaps: dict[str, list[int]] = {name: [] for name in (*CRITERIA, "overall")}
    for case in cases:
        transcript = Transcript.model_validate_json((case / "transcript.json").read_text(encoding="utf-8"))
        base = evaluate_transcript(transcript)
        results = {name: evaluate_transcript(v) for name, v in _transcript_variants(transcript).items()}
        for name in CRITERIA:
            b = getattr(base.criteria, name).score
            gaps[name] += [abs(getattr(r.criteria, name).score - b) for r in results.values()]
        gaps["overall"] += [abs(r.overall_score - base.overall_score) for r in results.values()]
        changed = [n for n, r in results.items() if r.recommendation != base.recommendation]
        if changed:
            print(f"  recommendation changed in {case.name}: {', '.join(changed)}")
    return gaps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interviews", type=int, default=12, help="how many transcripts (corpus first)")
    parser.add_argument("--no-semantic", action="store_true", help="match without embeddings (faster)")
    args = parser.parse_args()
    resume = resume_gaps(semantic=not args.no_semantic)
    print(f"Resume match score (0-100), {len(resume)} pairs: largest gap {max(resume):.1f}, mean {mean(resume):.2f}")
    interviews = interview_gaps(args.interviews)
    n = len(interviews["overall"])
    print(f"Interview criteria (0-100), {n} variant pairs:")
    for name, values in interviews.items():
        print(f"  {name:<22} largest gap {max(values):>3}, mean {mean(values):.2f}")
    worst = max(max(resume), *(max(v) for v in interviews.values()))
    print(f"Largest gap overall: {worst:.1f} (target ≤ 1)")


if __name__ == "__main__":
    main()
