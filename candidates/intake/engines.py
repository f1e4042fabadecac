"""Parsing engines. The offline engine (rules + dictionaries + natasha) always runs, inside
the isolated child; the LLM engine (``llm_engine``) then refines its result in the parent
process, only when the AI provider layer is configured and online.

Why the split: the LLM call is network-bound and writes the AI audit log through the
database connection, which a forked child must never use; the CPU-bound work on the
untrusted file is what needs the memory and time limits.
"""

from __future__ import annotations

from typing import Any, Protocol

from candidates.intake import parser
from candidates.intake.schema import Profile


class Engine(Protocol):
    name: str

    def parse(
        self, text: str, *, as_of: tuple[int, int], hints: list[str] | None = None, document_date: str = ""
    ) -> Profile: ...


class Refiner(Protocol):
    name: str

    def refine(
        self, text: str, rules: Profile, *, as_of: tuple[int, int], refs: dict[str, Any] | None = None
    ) -> Profile | None:
        """The refined profile, or None when the offline ``rules`` result stands."""
        ...


class OfflineEngine:
    name = "offline"

    def parse(
        self, text: str, *, as_of: tuple[int, int], hints: list[str] | None = None, document_date: str = ""
    ) -> Profile:
        return parser.parse_profile(text, as_of=as_of, hints=hints, document_date=document_date)


def get_engine() -> Engine:
    return OfflineEngine()


def get_refiner() -> Refiner | None:
    """The LLM refiner when a cloud provider is configured for parsing (``AI_PROVIDER_PARSING``,
    else ``AI_PROVIDER``), else None."""
    from candidates.intake.llm_engine import LLMEngine

    return LLMEngine.create()
