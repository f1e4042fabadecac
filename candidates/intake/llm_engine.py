"""LLM parsing engine through the AI provider layer (YandexGPT / GigaChat).

Imported by ``engines.get_refiner`` and used only when the provider configured for
parsing (``AI_PROVIDER_PARSING``, else ``AI_PROVIDER``) is a cloud one; it runs in the
worker process (never in the forked parsing child: the provider writes the AI audit log
through the database).
Rules run first; the LLM fills what rules cannot read well (jobs, education, skills in
free layouts); contacts found by rules always win, and a contact only the model reports
is kept only when it is really in the text. The resume text reaching the LLM is already
free of hidden text and of sentences flagged as instructions, and it is passed as a
delimited untrusted block. Tests: ``tests/test_intake_llm.py`` (real SDKs, local fakes).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from candidates.intake import skills
from candidates.intake.dictionaries import find_cities
from candidates.intake.jobs import total_months
from candidates.intake.parser import find_email, find_phone, find_telegram
from candidates.intake.schema import Job, Profile
from hrcrm.ai import AIError, ChatMessage, Provider, get_provider, record_fallback, render_prompt, untrusted_block

log = logging.getLogger(__name__)

PROMPT_NAME = "intake.resume_parse"  # candidates/prompts/intake.resume_parse.txt; its hash is the version
YM = re.compile(r"^(19|20)\d{2}-(0[1-9]|1[0-2])$")


class LLMEngine:
    name = "llm"

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.name = f"llm:{provider.name}"

    @classmethod
    def create(cls) -> LLMEngine | None:
        """The LLM engine, or None when the provider configured for parsing is offline."""
        provider = get_provider(purpose="parsing")
        return None if provider.is_offline else cls(provider)

    def refine(
        self, text: str, rules: Profile, *, as_of: tuple[int, int], refs: dict[str, Any] | None = None
    ) -> Profile | None:
        """``rules`` (the offline result) merged with the LLM's reading of ``text``, or
        None when the provider failed and the offline result stands (fallback recorded).
        ``refs`` are ids for the audit log (e.g. ``resume_id``), never personal text."""
        policy, _ = render_prompt("ai.data_policy")
        system, version = render_prompt(PROMPT_NAME, data_policy=policy)
        try:
            reply = self.provider.structured(
                system=system,
                messages=[ChatMessage(role="user", content=untrusted_block("resume", text))],
                schema=Profile,
                max_tokens=3000,
                prompt_name=PROMPT_NAME,
                prompt_version=version,
                purpose="parsing",
                refs={**(refs or {}), "as_of": f"{as_of[0]:04d}-{as_of[1]:02d}", "chars": len(text)},
            )
        except AIError as exc:
            # The offline result stands; the audit log marks the call as answered by rules.
            record_fallback(exc, fallback_to="rules")
            log.warning("LLM resume parsing failed, keeping the offline result: %s", exc)
            return None
        return merge(rules, reply.value, as_of=as_of, text=text)


def _valid_jobs(jobs: list[Job]) -> list[Job]:
    valid = [j for j in jobs if j.start and YM.match(j.start) and (j.end is None or YM.match(j.end))]
    return sorted(valid, key=lambda j: j.start or "", reverse=True)


_CONTACT_FINDERS = {"email": find_email, "phone": find_phone, "telegram": find_telegram}


def _contact_in_text(field: str, value: str | None, text: str) -> str | None:
    """A contact only the model reported, normalised by the rules' own finder, and kept
    only when the text really holds it: a model must not invent a way to reach someone."""
    if not value:
        return None
    found = _CONTACT_FINDERS[field](value if field != "telegram" else f"tg: {value.lstrip('@')}")
    if not found:
        return None
    if field == "phone":
        digits = re.sub(r"\D", "", text)
        national = found.removeprefix("+7") if found.startswith("+7") else found.lstrip("+")
        return found if national in digits else None
    needle = found.lstrip("@").lower()
    return found if needle in text.lower() else None


def merge(rules: Profile, llm: Profile, *, as_of: tuple[int, int], text: str) -> Profile:
    """Contacts and dictionary facts from rules win; the LLM fills the gaps and structure."""
    merged = llm.model_copy(deep=True)
    for field in ("email", "phone", "telegram"):
        rule_value = getattr(rules, field)
        setattr(merged, field, rule_value or _contact_in_text(field, getattr(llm, field), text))
    if rules.full_name:
        merged.full_name, merged.name_parts = rules.full_name, rules.name_parts
    if rules.city:
        merged.city, merged.city_as_written = rules.city, rules.city_as_written
    elif merged.city:
        found = find_cities(merged.city)
        merged.city = found[0][1] if found else merged.city
    jobs = _valid_jobs(merged.jobs)
    if len(jobs) < len(rules.jobs):
        jobs = rules.jobs
    merged.jobs = jobs
    merged.total_experience_months = total_months(jobs, as_of)
    if jobs:
        merged.last_company, merged.last_title = jobs[0].company, jobs[0].title
    canonical: list[str] = []
    for item in [*rules.skills, *llm.skills]:
        canonical.extend(skills.canonicalise(item))
    merged.skills = list(dict.fromkeys(canonical))
    merged.language = rules.language
    return merged
