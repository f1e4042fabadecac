"""Delete AI audit rows past the retention period (default AI_AUDIT_RETENTION_DAYS=180,
i.e. at least the six months record-keeping asks for). Run daily (cron or a schedule)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hrcrm.ai.audit import audit_prune


class Command(BaseCommand):
    help = "Delete AI audit log rows older than --days (default AI_AUDIT_RETENTION_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args: object, days: int | None = None, **options: object) -> None:
        keep = days if days is not None else int(settings.AI_AUDIT_RETENTION_DAYS)
        if keep < 1:
            raise CommandError("--days must be at least 1")
        deleted = audit_prune(days=keep)
        self.stdout.write(f"deleted {deleted} AI audit rows older than {keep} days")
