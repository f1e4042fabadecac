"""The production layout's files agree with the code: every service of
deploy/compose.yaml built from our image runs a role the entrypoint knows, every
variable handed to our processes is one the settings read, the proxy reaches every web
process, and the order of start-up (release job before web and workers) holds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


def _compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def _ours(compose: dict) -> dict[str, dict]:
    return {name: s for name, s in compose["services"].items() if s.get("build", {}).get("dockerfile") == "Dockerfile"}


def _entrypoint_roles() -> set[str]:
    script = (DEPLOY / "entrypoint.sh").read_text()
    return set(re.findall(r"^\s+([a-z]+)\)\s*$", script, flags=re.M))


def _variables_read() -> set[str]:
    """Names the project reads from the environment: ``env.str("X", …)`` and friends in
    the settings, ``os.environ[...]``/``getenv`` anywhere in our packages."""
    names: set[str] = set()
    pattern = re.compile(
        r"""(?:env(?:\.\w+)?\(\s*|os\.environ(?:\.get)?[\[(]\s*|getenv\(\s*)["']([A-Z][A-Z0-9_]+)["']"""
    )
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "bench", "var"}:
            continue
        names.update(pattern.findall(path.read_text(errors="replace")))
    return names


def test_every_service_built_from_our_image_runs_a_role_the_entrypoint_knows() -> None:
    roles = _entrypoint_roles()
    assert roles >= {"web", "worker", "migrate"}
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["deploy/entrypoint.sh"]' in dockerfile
    ours = _ours(_compose())
    assert {name for name, s in ours.items() if s["command"] == ["web"]} == {"web-1", "web-2"}
    assert {name for name, s in ours.items() if s["command"] == ["worker"]} == {"worker-1", "worker-2"}
    for name, service in ours.items():
        assert service["command"][0] in roles, name
    result = subprocess.run(["sh", "-n", str(DEPLOY / "entrypoint.sh")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_variable_our_processes_get_is_read_by_the_settings() -> None:
    read = _variables_read()
    compose = _compose()
    for name, service in _ours(compose).items():
        unknown = set(service.get("environment") or {}) - read
        assert not unknown, f"{name} sets {unknown}, which nothing reads"
    # The env file goes to our processes too; the names compose itself substitutes
    # (${VAR} in compose.yaml: passwords for the database and MinIO, the site's domain
    # for the proxy) are the only others allowed in it.
    text = (DEPLOY / "compose.yaml").read_text()
    for_compose = set(re.findall(r"\$\{([A-Z_0-9]+)", text))
    example = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    ]
    unknown = set(example) - read - for_compose
    assert not unknown, f"deploy/env.example sets {unknown}, which nothing reads"
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "S3_BUCKET"} <= set(example)


def test_the_release_job_runs_before_web_and_workers_and_the_proxy_reaches_every_web_process() -> None:
    compose = _compose()
    ours = _ours(compose)
    for name, service in ours.items():
        if name == "migrate":
            assert service["restart"] == "no" and "migrate" not in service["depends_on"]
            continue
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
        assert service["depends_on"]["db"] == {"condition": "service_healthy"}, name
        env = service["environment"]
        assert env["REDIS_URL"].startswith("redis://redis:") and env["DATABASE_URL"].startswith("postgres://")
        assert env["S3_ENDPOINT_URL"] == "http://minio:9000"
    caddy = (DEPLOY / "Caddyfile").read_text()
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddy)
    assert upstreams is not None
    assert set(upstreams.group(1).split()) == {f"{name}:8000" for name, s in ours.items() if s["command"] == ["web"]}
    assert "/health/" in caddy
    for name in ("db", "redis", "minio"):
        assert "healthcheck" in compose["services"][name], name
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in compose["services"]["proxy"]["volumes"]


def test_the_image_leaves_secrets_and_local_state_out() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", "var", "deploy/.env", ".env", ".git"} <= ignored
