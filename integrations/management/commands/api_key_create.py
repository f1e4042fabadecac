"""Create an API key for an integration (making the integration when it is new) and print
the key once: only its hash is stored."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from integrations.keys import api_key_create
from integrations.models import ALL_SCOPES, Integration


class Command(BaseCommand):
    help = "Create an API key for an integration and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("integration", help="Integration name (created when new)")
        parser.add_argument("--user", help="Username the integration acts as (needed for a new integration)")
        parser.add_argument("--name", default="default", help="Name of the key")
        parser.add_argument(
            "--scopes", default=",".join(ALL_SCOPES), help=f"Comma-separated, of: {', '.join(ALL_SCOPES)}"
        )
        parser.add_argument("--rate-limit", type=int, default=120, help="Requests per minute")
        parser.add_argument("--webhook-url", default=None, help="Where events are POSTed (sets the integration's)")

    def handle(self, *args: Any, **options: Any) -> None:
        integration = Integration.objects.filter(name=options["integration"]).first()
        if integration is None:
            if not options["user"]:
                raise CommandError("A new integration needs --user (the staff account it acts as).")
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user «{options['user']}».")
            integration = Integration.objects.create(name=options["integration"], acting_user=user)
            self.stderr.write(f"Integration «{integration.name}» created.")
        if options["webhook_url"] is not None:
            integration.webhook_url = options["webhook_url"]
            integration.save(update_fields=["webhook_url"])
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            issued = api_key_create(
                integration=integration,
                name=options["name"],
                scopes=scopes,
                rate_limit_per_minute=options["rate_limit"],
            )
        except ValueError as exc:
            raise CommandError(str(exc))
        self.stderr.write(f"Scopes: {', '.join(issued.api_key.scopes)}. The key is shown once:")
        self.stdout.write(issued.raw)
        if integration.webhook_url:
            self.stderr.write(f"Webhook secret: {integration.webhook_secret}")
