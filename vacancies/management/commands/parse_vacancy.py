"""``python manage.py parse_vacancy FILE... --json`` → ``{"file", "ok", "vacancy", "flags"}``."""

from __future__ import annotations

from pathlib import Path

from candidates.intake.process import Outcome
from candidates.management.commands.parse_resume import Command as ParseResume
from vacancies.parsing import parse_vacancy_file


class Command(ParseResume):
    help = "Parse vacancy files (PDF/DOCX/TXT) into vacancy drafts; prints a JSON array."
    payload_key = "vacancy"

    def parse(self, path: Path) -> Outcome:
        return parse_vacancy_file(path)
