"""``manage.py rank --vacancy FILE --resumes DIR [--json]``: score resumes against a vacancy.

Read-only: files are parsed in memory and nothing is written to the database or to
the user's folders. Output contract (DESIGN.md): an array sorted best first of
``{"file", "score", "breakdown", "explanation"}``; files that fail to parse follow as
``{"file", "ok": false, "error": {"code", "message"}}``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hrcrm.ai.audit import audit_suspended
from matching.engine import loading
from matching.engine.inputs import CandidateProfile
from matching.engine.ranking import rank

log = logging.getLogger(__name__)

# What a resume folder may hold; other files (notes, truth.json) are not resumes.
RESUME_SUFFIXES = {".pdf", ".docx", ".doc", ".txt", ".rtf", ".odt"}


class Command(BaseCommand):
    help = "Rank resumes in a folder against a vacancy file (read-only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--vacancy", required=True, type=Path, help="vacancy file (pdf, docx, txt)")
        parser.add_argument("--resumes", required=True, type=Path, help="folder with resume files")
        parser.add_argument("--json", action="store_true", help="print JSON (the CLI contract)")
        parser.add_argument("--lang", choices=["ru", "en"], default="ru", help="language of explanations")
        parser.add_argument("--no-semantic", action="store_true", help="skip embeddings (faster, less precise)")

    def handle(self, *args: Any, **options: Any) -> None:
        vacancy_path: Path = options["vacancy"]
        folder: Path = options["resumes"]
        if not vacancy_path.is_file():
            raise CommandError(f"Vacancy file not found: {vacancy_path}")
        if not folder.is_dir():
            raise CommandError(f"Resume folder not found: {folder}")
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in RESUME_SUFFIXES)
        with audit_suspended():  # read-only: not even an AI audit row
            try:
                [vacancy_file] = loading.parse_files([vacancy_path], kind="vacancy")
                parsed = loading.parse_files(files, kind="resume")
            except loading.ParserMissing as exc:
                raise CommandError(str(exc))
            if not vacancy_file.ok:
                raise CommandError(
                    f"Vacancy could not be parsed: {vacancy_file.error_code} {vacancy_file.error_message}"
                )
            rows = rank_parsed(vacancy_file, parsed, lang=options["lang"], semantic=not options["no_semantic"])
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self._print_table(rows)

    def _print_table(self, rows: list[dict[str, Any]]) -> None:
        for n, row in enumerate(rows, 1):
            if row.get("ok", True):
                self.stdout.write(f"{n:>3}. {row['score']:5.1f}  {row['file']}\n       {row['explanation']}")
            else:
                self.stdout.write(f"  —  {row['file']}: {row['error']['code']} {row['error']['message']}")


def rank_parsed(
    vacancy: loading.ParsedFile, resumes: list[loading.ParsedFile], *, lang: str = "ru", semantic: bool = True
) -> list[dict[str, Any]]:
    """Ranked rows (best first) followed by the files that failed to parse or to score.

    One file never breaks the batch: a profile that cannot be turned into matching input,
    or a text the embedding model refuses, becomes that file's error row."""
    requirements = vacancy.vacancy()
    failed: list[dict[str, Any]] = [_error_row(r.file, r.error_code, r.error_message) for r in resumes if not r.ok]
    good: list[tuple[loading.ParsedFile, CandidateProfile]] = []
    for r in resumes:
        if not r.ok:
            continue
        try:
            good.append((r, r.candidate()))
        except Exception:
            log.exception("rank: %s cannot be read as a candidate", r.file)
            failed.append(_error_row(r.file, "ranking_failed", RANKING_FAILED))
    try:
        ranked = rank(requirements, [(r.file, c) for r, c in good], semantic=semantic)
    except Exception:
        # Something in the batch broke the shared step (the embedding model takes all texts
        # at once): score the files one by one, so only the file at fault is left out.
        log.exception("rank: the batch failed, scoring file by file")
        ranked = []
        for r, c in good:
            try:
                ranked.extend(rank(requirements, [(r.file, c)], semantic=semantic))
            except Exception:
                log.exception("rank: %s cannot be scored", r.file)
                failed.append(_error_row(r.file, "ranking_failed", RANKING_FAILED))
        ranked.sort(key=lambda item: -item.result.score)
    flags = {r.file: r.flags for r, _ in good}
    rows: list[dict[str, Any]] = [
        {
            "file": item.key,
            "ok": True,
            "score": item.result.score,
            "breakdown": item.result.breakdown(lang),
            "explanation": item.result.summary(lang),
            "skills": item.result.skills_report(lang),
            "flags": {"injection": bool(flags[item.key].get("injection"))},
        }
        for item in ranked
    ]
    return rows + failed


RANKING_FAILED = "Резюме разобрано, но оценить его не удалось. / The resume was parsed but could not be scored."


def _error_row(file: str, code: str, message: str) -> dict[str, Any]:
    return {"file": file, "ok": False, "error": {"code": code, "message": message}}
