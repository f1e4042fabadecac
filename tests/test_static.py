"""`make run` collects static files with the production storage (hashed names, compressed
copies). Tests serve them from the finders instead, so this checks the production path:
every file it post-processes must resolve its references (e.g. a vendored script's
source map) or `make run` stops before the server starts."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.test import override_settings


def test_collectstatic_with_the_production_storage_succeeds(tmp_path: Path) -> None:
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=str(tmp_path)):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    hashed = list((tmp_path / "js").glob("app.*.js"))
    assert hashed and any(p.with_name(p.name + ".gz").exists() for p in hashed)
