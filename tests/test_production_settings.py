"""Production refuses unsafe settings: the built-in or a short SECRET_KEY with DEBUG
off, no key at all with SECURE_COOKIES; the documented production settings pass
`check --deploy` with no warning; the Content-Security-Policy is sent; logins lock out
after repeated wrong passwords; passwords like the user name are refused."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hrcrm.security import content_security_policy

ROOT = Path(__file__).resolve().parents[1]
# The production settings the README documents (besides the database and Redis).
PRODUCTION = {
    "DEBUG": "false",
    "SECURE_COOKIES": "true",
    "BEHIND_PROXY": "true",
    "TRUSTED_PROXY_HOPS": "1",
    "ALLOWED_HOSTS": "hr.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://hr.example.com",
}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "SECURE_COOKIES", "HRCRM_TESTING"}}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"DEBUG": "false", "SECRET_KEY": "dev-insecure-change-me-in-production"}, "published"),
        ({"DEBUG": "false", "SECRET_KEY": "short-but-secret-1234"}, "shorter than 50"),
        ({"DEBUG": "false", "SECURE_COOKIES": "true"}, "must be set"),
    ],
)
def test_startup_is_refused_with_an_unsafe_secret_key(env: dict[str, str], says: str) -> None:
    result = _run(["-c", "import hrcrm.settings"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and says in result.stderr


def test_check_deploy_is_clean_in_the_documented_production_settings() -> None:
    key = secrets.token_urlsafe(64)
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], SECRET_KEY=key, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_the_content_security_policy_is_sent_when_on(client: Client, settings) -> None:
    assert "Content-Security-Policy" not in client.get(reverse("login")).headers  # local default: off
    settings.CONTENT_SECURITY_POLICY = content_security_policy()
    policy = client.get(reverse("login")).headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe-eval" not in policy


@pytest.mark.django_db
def test_a_login_locks_out_after_repeated_wrong_passwords(client: Client, recruiter: User, settings) -> None:
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(url, {"username": "alice", "password": "wrong"}).status_code == 200
    assert client.post(url, {"username": "alice", "password": "wrong"}).status_code == 429
    locked = client.post(url, {"username": "alice", "password": "pw-alice"})
    assert locked.status_code == 429 and "Вход временно закрыт" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # The same person from another address is not locked out by this one's failures.
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(url, {"username": "alice", "password": "pw-alice"}).status_code == 302


@pytest.mark.django_db
def test_a_password_like_the_user_name_is_refused() -> None:
    user = User(username="recruiter", first_name="Recruiter")
    with pytest.raises(ValidationError):
        validate_password("recruiter", user=user)
    with pytest.raises(ValidationError):
        validate_password("recruiter1", user=user)
    validate_password("клён-фонарь-2026-весна", user=user)
