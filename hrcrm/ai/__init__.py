"""The AI provider layer: the only door from the domain to LLMs and embeddings.

    from hrcrm.ai import get_provider, ChatMessage, AIError
    provider = get_provider(purpose="interview")
    result = provider.chat(system=..., messages=[ChatMessage("user", ...)], prompt_name=..., ...)

See README section "AI provider layer" for settings, errors and the audit log.
"""

from hrcrm.ai.audit import (
    audit_link_decision,
    audit_prune,
    record_fallback,
    record_rejected,
    record_screening,
    screening_counts,
)
from hrcrm.ai.base import Provider, extract_json
from hrcrm.ai.errors import (
    AIAuthError,
    AIBadOutputError,
    AIBadRequestError,
    AICancelledError,
    AIError,
    AIRateLimitError,
    AIStructuredOutputError,
    AITimeoutError,
    AIUnavailableError,
)
from hrcrm.ai.prompts import render_prompt, untrusted_block
from hrcrm.ai.registry import active_providers, get_provider, health_report
from hrcrm.ai.types import ChatMessage, ChatResult, HealthStatus, StructuredResult, Usage

__all__ = [
    "AIAuthError",
    "AIBadOutputError",
    "AIBadRequestError",
    "AICancelledError",
    "AIError",
    "AIRateLimitError",
    "AIStructuredOutputError",
    "AITimeoutError",
    "AIUnavailableError",
    "ChatMessage",
    "ChatResult",
    "HealthStatus",
    "Provider",
    "StructuredResult",
    "Usage",
    "active_providers",
    "audit_link_decision",
    "audit_prune",
    "extract_json",
    "get_provider",
    "health_report",
    "record_fallback",
    "record_rejected",
    "record_screening",
    "render_prompt",
    "screening_counts",
    "untrusted_block",
]
