"""Inspect or stop the embedded PostgreSQL (it keeps running between commands)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hrcrm import embedded_db


class Command(BaseCommand):
    help = "status | stop | uri: manage the embedded PostgreSQL server."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["status", "stop", "uri"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if settings.DATABASE_URL:
            raise CommandError("DATABASE_URL is set: the embedded server is not in use.")
        db = settings.DATABASES["default"]
        if action == "status":
            self.stdout.write(f"running: data={settings.EMBEDDED_PGDATA} socket={db['HOST']} db={db['NAME']}")
        elif action == "uri":
            self.stdout.write(f"postgresql://{db['USER']}@/{db['NAME']}?host={db['HOST']}")
        elif action == "stop":
            stopped = embedded_db.stop(settings.EMBEDDED_PGDATA)
            self.stdout.write("stopped" if stopped else "was not running")
