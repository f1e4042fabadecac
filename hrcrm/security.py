"""Security settings that need a little code: the secret key refused when unsafe, and
the Content-Security-Policy. Imported by the settings module (nothing from Django's
app registry here)."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

KEY_FILE = Path(__file__).resolve().parent.parent / "var" / "secret_key"
MIN_KEY_LENGTH = 50  # what Django's own deploy check asks for
# Keys that were ever written in this repository or its documentation, and Django's
# generated-for-development prefix: never accepted without DEBUG.
KNOWN_KEYS = frozenset({"dev-insecure-change-me-in-production", "build", "change-me", "secret"})


def _unsafe(key: str) -> str:
    if key in KNOWN_KEYS or key.startswith("django-insecure"):
        return "is a key published with the code"
    if len(key) < MIN_KEY_LENGTH or len(set(key)) < 5:
        return f"is shorter than {MIN_KEY_LENGTH} characters or too repetitive"
    return ""


def _installation_key() -> str:
    """A random key made on first use and kept in var/secret_key (readable by the owner)."""
    if KEY_FILE.exists():
        return KEY_FILE.read_text().strip()
    KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    KEY_FILE.touch(mode=0o600)
    KEY_FILE.write_text(key)
    return key


def secret_key(configured: str, *, debug: bool, testing: bool, production: bool) -> str:
    """The SECRET_KEY to use, or ImproperlyConfigured when it is unsafe.

    With DEBUG off a configured key must be long and not one published with the code.
    Unset: in production (SECURE_COOKIES) the app refuses to start; otherwise (a local
    demo, the tests) a per-installation random key is used.
    """
    if configured:
        problem = "" if debug else _unsafe(configured)
        if problem:
            raise ImproperlyConfigured(
                f"SECRET_KEY {problem}; set a random one, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
            )
        return configured
    if production and not (debug or testing):
        raise ImproperlyConfigured("SECRET_KEY must be set when SECURE_COOKIES is on (production)")
    return _installation_key()


def content_security_policy() -> dict[str, Any]:
    """django-csp 4 settings. Scripts and styles come from our static files only (no CDN);
    style attributes stay allowed (templates set widths of bars); the interview room
    needs the same-origin WebSocket (covered by 'self'), blob: media for its recorder
    and camera preview, and an AudioWorklet module from our static files."""
    from csp.constants import NONE, SELF

    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF, "'unsafe-inline'"],
            "img-src": [SELF, "data:", "blob:"],
            "media-src": [SELF, "blob:"],
            "font-src": [SELF],
            "connect-src": [SELF],
            "worker-src": [SELF, "blob:"],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }
