"""``python manage.py parse_vacancy FILE... --json`` → ``{"file", "ok", "vacancy", "flags"}``."""

from __future__ import annotations

from candidates.management.commands.parse_resume import Command as ParseResume


class Command(ParseResume):
    help = "Parse vacancy files (PDF/DOCX/TXT) into vacancy drafts; prints a JSON array."
    kind = "vacancy"
    payload_key = "vacancy"
