"""``python manage.py parse_resume FILE... --json`` (contract in DESIGN.md)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from candidates.intake.errors import MESSAGES, ErrorCode
from candidates.intake.process import Outcome, parse_file

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Parse resume files (PDF/DOCX/TXT) into profiles; prints a JSON array with --json."
    payload_key = "profile"

    def parse(self, path: Path) -> Outcome:
        return parse_file(path)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="print a JSON array (the default output)")

    def handle(self, *args: Any, **options: Any) -> None:
        results = []
        for name in options["files"]:
            try:
                outcome = self.parse(Path(name))
            except Exception:
                # The CLI contract is "never a traceback": a parser bug on one file is logged
                # and reported as an unreadable file; the other files are still parsed.
                log.exception("parsing %s failed", name)
                outcome = Outcome(
                    file=name,
                    ok=False,
                    error_code=str(ErrorCode.CORRUPT_FILE),
                    error_message=str(MESSAGES[ErrorCode.CORRUPT_FILE]),
                )
            outcome.file = name
            results.append(self.envelope(outcome))
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))

    def envelope(self, outcome: Outcome) -> dict[str, Any]:
        data = outcome.as_cli()
        if outcome.ok and self.payload_key != "profile":
            data[self.payload_key] = data.pop("profile")
        return data
