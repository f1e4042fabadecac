"""Dependencies point one way (ARCHITECTURE.md): a domain module (models, services,
selectors, tasks, engines, receivers...) imports only its own app and apps in lower
layers. Pages and wiring (views, page assemblers, URLs, consumers, forms, admin,
commands, template tags, app configs) compose apps and may read from any app.

Read from the source with ``ast``, imports inside functions included, so an upward
import fails here before it turns into an import cycle at run time."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps in one layer may import each other only when the layer says so
# (candidates and vacancies: an application joins a candidate to a vacancy).
LAYERS: list[tuple[set[str], bool]] = [
    ({"hrcrm"}, False),
    ({"vacancies", "candidates"}, True),
    ({"interviews", "matching"}, False),
    ({"scoring"}, False),
    # Consent, erasure, retention, the access log: below notifications, whose Telegram bot
    # asks a candidate for consent.
    ({"privacy"}, False),
    ({"notifications"}, False),
    # The warm pool: role families' general interviews, verified skills, pool matching.
    ({"analytics", "monitor", "pool"}, False),
    # Another company system's view of the screening: API, keys, webhooks on domain events.
    ({"integrations"}, False),
]
LAYER = {app: n for n, (apps, _) in enumerate(LAYERS) for app in apps}
# The project's top: settings name every app, the URLconf and the ASGI routing mount them.
TOP = {"hrcrm.settings", "hrcrm.urls", "hrcrm.routing", "hrcrm.asgi"}
PRESENTATION = {
    "views",
    "pages",
    "urls",
    "consumers",
    "routing",
    "forms",
    "admin",
    "apps",
    "templatetags",
    "management",
}
# Wiring that lives beside domain modules, by full name: the candidate-link guard is a
# view decorator and the consumer's connect check (requests, responses, the error page),
# and it checks the consent, which privacy owns.
WIRING = {"interviews.access"}
# Known upward imports, each with the reason it is still here. The test fails when one
# disappears, so the list only shrinks.
KNOWN: set[tuple[str, str]] = set()


def _app_of(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in LAYER else None


def _is_presentation(module: str) -> bool:
    if module in WIRING:
        return True
    return any(p in PRESENTATION or p.endswith(("_views", "_urls")) for p in module.split(".")[1:])


def _modules(root: Path) -> list[tuple[str, Path]]:
    found = []
    for app in LAYER:
        for path in sorted((root / app).rglob("*.py")) if (root / app).is_dir() else []:
            if "migrations" not in path.parts:
                module = ".".join(path.relative_to(root).with_suffix("").parts)
                found.append((module.removesuffix(".__init__"), path))
    return found


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
    return names


def upward_imports(root: Path = ROOT) -> dict[tuple[str, str], list[str]]:
    """(importing module, imported app) → where, for every import the layers forbid."""
    found: dict[tuple[str, str], list[str]] = {}
    for module, path in _modules(root):
        own = _app_of(module)
        if own is None or module in TOP or _is_presentation(module):
            continue
        for line, name in _imported_modules(path):
            other = _app_of(name)
            if other is None or other == own:
                continue
            same_layer_ok = LAYER[other] == LAYER[own] and LAYERS[LAYER[own]][1]
            if LAYER[other] >= LAYER[own] and not same_layer_ok:
                found.setdefault((module, other), []).append(f"{path.relative_to(root)}:{line} imports {name}")
    return found


def test_domain_modules_import_only_downwards() -> None:
    found = upward_imports()
    unexpected = {k: v for k, v in found.items() if k not in KNOWN}
    assert unexpected == {}
    assert set(found) == KNOWN, "a known exception is gone: remove it from KNOWN"


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "candidates" / "services.py"
    bad.parent.mkdir()
    bad.write_text("def f():\n    from scoring.services import evaluation_enqueue\n", encoding="utf-8")
    (tmp_path / "candidates" / "views.py").write_text("from scoring import selectors\n", encoding="utf-8")
    assert upward_imports(tmp_path) == {
        ("candidates.services", "scoring"): ["candidates/services.py:2 imports scoring.services"]
    }
