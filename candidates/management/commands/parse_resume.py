"""``python manage.py parse_resume FILE... --json`` (contract in DESIGN.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from candidates.intake.pipeline import Outcome, parse_file


class Command(BaseCommand):
    help = "Parse resume files (PDF/DOCX/TXT) into profiles; prints a JSON array with --json."
    kind = "resume"
    payload_key = "profile"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="print a JSON array (the default output)")

    def handle(self, *args: Any, **options: Any) -> None:
        results = []
        for name in options["files"]:
            outcome = parse_file(Path(name), kind=self.kind)
            outcome.file = name
            results.append(self.envelope(outcome))
        self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))

    def envelope(self, outcome: Outcome) -> dict[str, Any]:
        data = outcome.as_cli()
        if outcome.ok and self.payload_key != "profile":
            data[self.payload_key] = data.pop("profile")
        return data
