"""Parsing engines. The offline engine (rules + dictionaries + natasha) always runs, inside
the isolated child; the LLM engine (``llm_engine``) then refines its result in the parent
process, only when the AI provider layer is configured and online.

Why the split: the LLM call is network-bound and writes the AI audit log through the
database connection, which a forked child must never use; the CPU-bound work on the
untrusted file is what needs the memory and time limits.
"""

from __future__ import annotations

import logging
from typing import Protocol

from candidates.intake import parser
from candidates.intake.schema import Profile

log = logging.getLogger(__name__)


class Engine(Protocol):
    name: str

    def parse(self, text: str, *, as_of: tuple[int, int]) -> Profile: ...


class Refiner(Protocol):
    name: str

    def refine(self, text: str, rules: Profile, *, as_of: tuple[int, int]) -> Profile: ...


class OfflineEngine:
    name = "offline"

    def parse(self, text: str, *, as_of: tuple[int, int]) -> Profile:
        return parser.parse_profile(text, as_of=as_of)


def get_engine() -> Engine:
    return OfflineEngine()


def get_refiner() -> Refiner | None:
    """The LLM refiner when a cloud provider is configured for parsing, else None."""
    from django.conf import settings

    if getattr(settings, "AI_PROVIDER", "offline") == "offline":
        return None
    try:
        from candidates.intake.llm_engine import LLMEngine
    except ImportError as exc:
        # Without the provider layer (hrcrm.ai) the offline result stands.
        log.warning("LLM engine unavailable, using the offline parser: %s", exc)
        return None
    return LLMEngine.create()
