"""Versioned prompt templates and the delimiting of untrusted text.

A prompt is a UTF-8 file ``<name>.txt`` (Russian first) in ``hrcrm/ai/prompts/`` or in
an app's own ``prompts/`` folder (``interviews/prompts/interview.followup.txt``), so
each caller keeps its prompts next to its code while the loading rules live here.
Templates use ``string.Template`` syntax (``$name`` / ``${name}``; ``$$`` is a dollar):
JSON examples with braces need no escaping. Lines starting with ``##`` are comments.
The version is a short hash of the file's bytes, so every edit is a new version and
the audit log says exactly which text produced an answer.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from string import Template

PROMPTS_DIR = Path(__file__).resolve().parent


def _search_dirs() -> list[Path]:
    dirs = [PROMPTS_DIR]
    from django.apps import apps

    if apps.ready:
        for app in apps.get_app_configs():
            candidate = Path(app.path) / "prompts"
            if candidate.is_dir() and candidate != PROMPTS_DIR:
                dirs.append(candidate)
    return dirs


def prompt_path(name: str) -> Path:
    if not re.fullmatch(r"[a-z0-9_][a-z0-9_.-]*", name):
        raise ValueError(f"bad prompt name {name!r}")
    for folder in _search_dirs():
        for candidate in (folder / f"{name}.txt", folder / Path(*name.split(".")).with_suffix(".txt")):
            if candidate.is_file():
                return candidate
    raise FileNotFoundError(f"prompt {name!r} not found in {[str(d) for d in _search_dirs()]}")


@lru_cache(maxsize=256)
def _load(path: Path, mtime_ns: int) -> tuple[Template, str]:
    raw = path.read_bytes()
    version = hashlib.sha256(raw).hexdigest()[:12]
    lines = raw.decode("utf-8").lstrip("\ufeff").splitlines()
    body = "\n".join(line for line in lines if not line.startswith("##")).strip("\n")
    return Template(body), version


def prompt_version(name: str) -> str:
    path = prompt_path(name)
    return _load(path, path.stat().st_mtime_ns)[1]


def render_prompt(name: str, /, **ctx: object) -> tuple[str, str]:
    """Render prompt ``name`` with ``ctx``; return ``(text, version_hash)``.

    A missing variable raises KeyError (a silently empty slot would change the prompt).
    Untrusted values must come wrapped by :func:`untrusted_block`.
    """
    path = prompt_path(name)
    template, version = _load(path, path.stat().st_mtime_ns)
    try:
        text = template.substitute({key: str(value) for key, value in ctx.items()})
    except KeyError as exc:
        raise KeyError(f"prompt {name!r} needs variable {exc.args[0]!r}") from None
    return text, version


# --- untrusted text ------------------------------------------------------------------
DATA_TAG = "untrusted_data"
# Zero-width and bidi control characters: stripped so that "</untrusted\u200b_data>"
# cannot slip a closing tag past the check below.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Any tag-like thing naming the delimiter, with spacing/separators/case games.
_TAG_LOOKALIKE = re.compile(r"<\s*/?\s*untrusted[\s_\-.]*data\b[^>]*>?", re.IGNORECASE)
_LABEL = re.compile(r"[^a-z0-9_\-]+")


def neutralise(text: str) -> str:
    """Make ``text`` unable to close or open a data block.

    NFKC folds full-width and compatibility look-alikes (＜／untrusted_data＞) into
    ASCII first, so the tag check sees what a model would read.
    """
    folded = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    return _TAG_LOOKALIKE.sub("[tag removed]", folded)


def untrusted_block(label: str, text: str) -> str:
    """Wrap untrusted ``text`` (a resume, a candidate's answer) as delimited data.

    The system prompts say that anything inside ``<untrusted_data>`` is material to
    analyse, never instructions; this function guarantees the text cannot end the
    block early or forge another one.
    """
    safe_label = _LABEL.sub("_", label.lower()).strip("_") or "data"
    body = neutralise(text)
    return f'<{DATA_TAG} label="{safe_label}">\n{body}\n</{DATA_TAG}>'
