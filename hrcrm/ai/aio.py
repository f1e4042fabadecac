"""Async twins of the provider methods, for Channels consumers and other async code."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hrcrm.ai.types import ChatResult, StructuredResult


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


_DONE = object()


class AsyncProviderMixin:
    """Async twins for Channels consumers: the blocking SDK call (and the audit write,
    which needs the sync ORM) run in a worker thread, never on the event loop."""

    async def achat(self, **kwargs: Any) -> ChatResult:
        return await asyncio.to_thread(self.chat, **kwargs)  # type: ignore[attr-defined]

    async def astructured(self, **kwargs: Any) -> StructuredResult[Any]:
        return await asyncio.to_thread(self.structured, **kwargs)  # type: ignore[attr-defined]

    async def aembed(self, texts: Sequence[str], **kwargs: Any) -> list[list[float]]:
        return await asyncio.to_thread(self.embed, texts, **kwargs)  # type: ignore[attr-defined]

    async def astream(self, *, cancel: threading.Event | None = None, **kwargs: Any) -> AsyncIterator[str]:
        """Yield deltas as they arrive. Leaving the loop early (break, task cancelled)
        sets ``cancel``, which stops the worker thread at its next chunk."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[object] = asyncio.Queue()
        cancel = cancel or threading.Event()

        def put(item: object) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop closed under us: nobody is listening any more
                cancel.set()

        def pump() -> None:
            try:
                for token in self.stream(cancel=cancel, **kwargs):  # type: ignore[attr-defined]
                    put(token)
            except BaseException as error:
                put(_Failure(error))
            finally:
                put(_DONE)

        worker = loop.run_in_executor(None, pump)
        try:
            while (item := await queue.get()) is not _DONE:
                if isinstance(item, _Failure):
                    raise item.error
                yield item  # type: ignore[misc]
        finally:
            cancel.set()
            if worker.done():
                await worker
