"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib, so `make run` needs no GNU
gettext on the machine (Django's compilemessages calls msgfmt)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile .po translation files to .mo (pure Python)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        locale_dirs = [Path(p) for p in settings.LOCALE_PATHS]
        locale_dirs += [Path(cfg.path) / "locale" for cfg in apps.get_app_configs()]
        project, venv = Path(settings.BASE_DIR).resolve(), Path(sys.prefix).resolve()
        for locale_dir in locale_dirs:
            where = locale_dir.resolve()
            if not where.is_dir() or project not in where.parents or venv in where.parents:
                continue  # third-party apps ship their own compiled catalogues
            for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"Compiled {count} translation file(s).")
