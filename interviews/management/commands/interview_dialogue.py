"""``python manage.py interview_dialogue --vacancy FILE [--resume FILE] --answers ANSWERS.json
[--language ru] --json`` → ``{"turns": [{"role", "text", "source", "action"}], "finished"}``
(contract in DESIGN.md). A bad file gives ``{"ok": false, "error": {"code", "message", "file"}}``
and exit status 1; never a traceback."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from interviews.dialogue import DialogueInputError, load_answers, load_resume, load_vacancy, run_dialogue

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run a throw-away chat interview (vacancy file, optional resume, the candidate's messages "
        "from a JSON list) through the live services and print the transcript as JSON."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--vacancy", required=True, help="vacancy: PDF/DOCX/TXT posting or a JSON object")
        parser.add_argument("--resume", help="resume: PDF/DOCX/TXT or a parsed-profile JSON object")
        parser.add_argument("--answers", required=True, help="JSON list of the candidate's messages, in order")
        parser.add_argument("--language", choices=("ru", "en"), help="interview language (default: the vacancy's)")
        parser.add_argument("--json", action="store_true", help="print JSON (the default output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            vacancy = load_vacancy(Path(options["vacancy"]))
            profile = load_resume(Path(options["resume"])) if options.get("resume") else None
            answers = load_answers(Path(options["answers"]))
            result = run_dialogue(vacancy=vacancy, profile=profile, answers=answers, language=options.get("language"))
        except DialogueInputError as exc:
            self._fail(exc.code, exc.message, exc.file)
            return
        except Exception as exc:
            # The contract is "never a traceback": log it for the operator, say it briefly.
            log.exception("interview_dialogue failed")
            self._fail("internal_error", f"{type(exc).__name__}: {exc}"[:300], "")
            return
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))

    def _fail(self, code: str, message: str, file: str) -> None:
        self.stdout.write(
            json.dumps(
                {"ok": False, "error": {"code": code, "message": str(message), "file": file}}, ensure_ascii=False
            )
        )
        raise SystemExit(1)
