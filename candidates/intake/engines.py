"""Parsing engines behind one interface: the offline engine always works; the LLM engine
(``llm_engine``) is used only when the AI provider layer is configured and online."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Protocol

from candidates.intake import parser
from candidates.intake.schema import Profile

log = logging.getLogger(__name__)


class Engine(Protocol):
    name: str

    def parse(self, text: str, *, as_of: tuple[int, int]) -> Profile: ...


class OfflineEngine:
    name = "offline"

    def parse(self, text: str, *, as_of: tuple[int, int]) -> Profile:
        return parser.parse_profile(text, as_of=as_of)


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    from django.conf import settings

    if getattr(settings, "AI_PROVIDER", "offline") != "offline":
        try:
            from candidates.intake.llm_engine import LLMEngine

            return LLMEngine.create(fallback=OfflineEngine())  # type: ignore[return-value]
        except ImportError as exc:
            # The provider layer lives on another branch until merge; stay offline until then.
            log.warning("LLM engine unavailable, using the offline parser: %s", exc)
    return OfflineEngine()
