"""``python manage.py score_interview TRANSCRIPT.json --json``: evaluate one transcript
file (the corpus ``transcript.json`` shape) and print the evaluation.

Never a traceback: bad input prints ``{"ok": false, "error": {"code", "message"}}`` and
exits with status 1. The offline engine is used unless ``--engine llm`` is given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from pydantic import ValidationError

from scoring.evaluation.engines import EngineUnavailable, get_engine
from scoring.evaluation.evaluate import EngineFailed, evaluate_transcript
from scoring.evaluation.schema import Transcript
from scoring.evaluation.texts import CRITERION_LABELS


class InputError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def load_transcript(path: Path) -> Transcript:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("not_found", f"File not found: {path}")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("unreadable", f"Cannot read {path}: {exc}")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError("invalid_json", f"Not valid JSON: {exc}")
    try:
        return Transcript.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors()[:5])
        raise InputError("invalid_transcript", f"Not a transcript: {problems}")


class Command(BaseCommand):
    help = "Evaluate an interview transcript (JSON) on five criteria with evidence and a recommendation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("transcript", help="transcript.json: {vacancy, candidate_summary, turns}")
        parser.add_argument("--json", action="store_true", help="print the evaluation as JSON")
        parser.add_argument("--engine", choices=["offline", "llm"], default="offline")
        parser.add_argument("--runs", type=int, default=1, help="LLM runs to combine (spread per criterion)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            transcript = load_transcript(Path(options["transcript"]))
            result = evaluate_transcript(transcript, engine=get_engine(options["engine"]), runs=options["runs"])
        except InputError as exc:
            self._fail(exc.code, exc.message)
        except EngineUnavailable as exc:
            self._fail("engine_unavailable", str(exc))
        except EngineFailed as exc:
            self._fail("engine_failed", str(exc))
        if options["json"]:
            self.stdout.write(json.dumps(result.cli_dict(), ensure_ascii=False, indent=2))
            return
        labels = CRITERION_LABELS["en" if result.language == "en" else "ru"]
        for name, criterion in result.criteria.items():
            self.stdout.write(f"{labels[name]:<28}{criterion.score:>4}")
        self.stdout.write(f"{'→ ' + result.recommendation.value:<28}{result.overall_score:>4}")
        self.stdout.write(result.summary)

    def _fail(self, code: str, message: str) -> None:
        self.stdout.write(json.dumps({"ok": False, "error": {"code": code, "message": message}}, ensure_ascii=False))
        raise SystemExit(1)
