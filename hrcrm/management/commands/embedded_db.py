"""Inspect, start or stop the embedded PostgreSQL (it keeps running between commands).

``status`` and ``stop`` never start it; ``start`` and ``uri`` do (a connection string is
asked for to connect)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hrcrm import embedded_db


class Command(BaseCommand):
    help = "status | start | stop | uri: manage the embedded PostgreSQL server."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["status", "start", "stop", "uri"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if settings.DATABASE_URL:
            raise CommandError("DATABASE_URL is set: the embedded server is not in use.")
        pgdata = settings.EMBEDDED_PGDATA
        name = settings.DATABASES["default"]["NAME"]
        if action == "status":
            state = "running" if embedded_db.is_running(pgdata) else "stopped"
            self.stdout.write(f"{state}: data={pgdata} db={name}")
        elif action == "stop":
            stopped = embedded_db.stop(pgdata)
            self.stdout.write("stopped" if stopped else "was not running")
        else:
            server = embedded_db.attach(pgdata)
            if action == "start":
                self.stdout.write(f"running: data={pgdata} socket={server.socket_dir} db={name}")
            else:
                self.stdout.write(f"postgresql://{server.user}@/{name}?host={server.socket_dir}")
