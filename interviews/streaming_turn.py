"""Voice mode with a model: the turn is streamed, and each sentence of its ``say`` is
handed to speech as soon as it is complete and checked, so the candidate hears the first
sentence while the rest is still being written.

The model writes ``{"action": ..., "say": ..., "covered": [...]}``; ``SayReader`` reads
the action and the ``say`` string out of the partial JSON as it arrives. Nothing is said
before the action is known and allowed; every sentence passes the guard before it is
said; a fourth sentence, a refused one, no first sentence within the voice budget, or
an error stops the stream, and the rules' reply follows what was already said. A
barge-in (``cancel``) stops the stream; what was said is what is saved.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from hrcrm.ai import AIError, ChatMessage, extract_json
from hrcrm.ai.config import resilience
from hrcrm.ai.registry import provider_class
from interviews.engine.directed import CoveredPoint, ModelAction, ModelTurn, TurnPolicy, quote_found
from interviews.engine.guard import MAX_SENTENCES, check_reply

_ACTION = re.compile(r'"action"\s*:\s*"([a-z_]+)"')
_SAY = re.compile(r'"say"\s*:\s*"')
_ESCAPES = {"n": "\n", "t": " ", "r": "", '"': '"', "\\": "\\", "/": "/", "b": "", "f": ""}
# A sentence ends at . ! ? … followed by a space (the closing quote of the string ends the last).
_BOUNDARY = re.compile(r"[.!?…]+[»\")]*\s+")


@dataclass
class SayReader:
    """Reads ``action`` and the ``say`` string out of a JSON object while it streams."""

    buffer: str = ""
    action: str | None = None
    say: str = ""
    closed: bool = False
    _say_pos: int | None = None
    _emitted: int = 0

    def feed(self, delta: str) -> None:
        self.buffer += delta
        if self.action is None and (m := _ACTION.search(self.buffer)):
            self.action = m.group(1)
        if self._say_pos is None and (m := _SAY.search(self.buffer)):
            self._say_pos = m.end()
        if self._say_pos is not None and not self.closed:
            self._decode()

    def _decode(self) -> None:
        i, text, buf = self._say_pos or 0, [], self.buffer
        while i < len(buf):
            c = buf[i]
            if c == "\\":
                if i + 1 >= len(buf):
                    break  # the escape continues in the next delta
                esc = buf[i + 1]
                if esc == "u":
                    if i + 6 > len(buf):
                        break
                    text.append(chr(int(buf[i + 2 : i + 6], 16)))
                    i += 6
                    continue
                text.append(_ESCAPES.get(esc, esc))
                i += 2
                continue
            if c == '"':
                self.closed = True
                i += 1
                break
            text.append(c)
            i += 1
        self.say += "".join(text)
        self._say_pos = i

    def sentences(self) -> list[str]:
        """Sentences of ``say`` completed since the last call."""
        rest = self.say[self._emitted :]
        end = 0
        for m in _BOUNDARY.finditer(rest):
            end = m.end()
        if self.closed:
            end = len(rest)
        out = [s.strip() for s in _split(rest[:end]) if s.strip()]
        self._emitted += end
        return out


def _split(text: str) -> list[str]:
    parts, start = [], 0
    for m in _BOUNDARY.finditer(text):
        parts.append(text[start : m.end()])
        start = m.end()
    parts.append(text[start:])
    return parts


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Streamed:
    spoken: list[str] = field(default_factory=list)
    turn: ModelTurn | None = None
    audit_id: int | None = None
    first_sentence_s: float | None = None
    cancelled: bool = False
    action: str | None = None


def stream_turn(
    *,
    name: str,
    system: str,
    version: str,
    message: str,
    policy: TurnPolicy,
    answer: str,
    budget: float,
    on_sentence: Callable[[str], None],
    cancel: threading.Event | None,
    refs: dict[str, object],
) -> Streamed:
    """Stream the model's turn, speaking checked sentences as they complete. Raises
    ``Refused`` (with what was already spoken in ``.streamed``) or AIError."""
    config = replace(resilience(), timeout=budget, max_retries=0)
    provider = provider_class(name)(purpose="interview", config=config)
    stop = threading.Event()  # ours: a refusal, or the caller's barge-in
    late = threading.Event()
    result = Streamed()
    audit_ids: list[int] = []
    started = time.monotonic()
    watchdog = threading.Timer(budget, lambda: (late.set(), stop.set()) if not result.spoken else None)
    watchdog.daemon = True
    watchdog.start()
    reader = SayReader()
    stream = provider.stream(
        system=system,
        messages=[ChatMessage(role="user", content=message)],
        temperature=0.3,
        max_tokens=400,
        prompt_name="interview.turn",
        prompt_version=version,
        purpose="interview",
        refs={**refs, "mode": "voice"},
        cancel=stop,
        audit_ids=audit_ids,
    )
    try:
        for delta in stream:
            if cancel is not None and cancel.is_set():
                result.cancelled = True
                break
            reader.feed(delta)
            if reader.action is not None and reader.action not in policy.allowed:
                raise Refused("action_not_allowed")
            if reader.action is None:
                continue  # nothing is said before the action is known
            for sentence in reader.sentences():
                _say(sentence, result, policy, answer, on_sentence, started)
        if late.is_set() and not result.spoken:
            raise Refused(f"late:first sentence>{budget:g}s")
        if not result.cancelled:
            if reader.action is None:
                raise Refused("bad_json:no action")
            for sentence in reader.sentences():
                _say(sentence, result, policy, answer, on_sentence, started)
            result.turn = _final_turn(reader, result, answer)
    except Refused as refused:
        refused.streamed = result  # type: ignore[attr-defined]
        raise
    finally:
        watchdog.cancel()
        result.action = reader.action
        stop.set()
        stream.close()  # closes the HTTP response; the audit row is written now
        result.audit_id = audit_ids[0] if audit_ids else None
    return result


def _say(
    sentence: str,
    result: Streamed,
    policy: TurnPolicy,
    answer: str,
    on_sentence: Callable[[str], None],
    started: float,
) -> None:
    if len(result.spoken) >= MAX_SENTENCES:
        raise Refused("guard:too_many_sentences")
    problem = check_reply(sentence, language=policy.language, answer=answer)
    if problem:
        raise Refused(f"guard:{problem}")
    if result.first_sentence_s is None:
        result.first_sentence_s = time.monotonic() - started
    result.spoken.append(sentence)
    on_sentence(sentence)


def _final_turn(reader: SayReader, result: Streamed, answer: str) -> ModelTurn:
    """The whole reply as a ModelTurn; its words are what was spoken. Quotes that are not
    in the answer are dropped (they only feed the recruiter's view, and the words are out)."""
    covered = []
    try:
        parsed = extract_json(reader.buffer)
        covered = parsed.get("covered") or [] if isinstance(parsed, dict) else []
    except (ValueError, json.JSONDecodeError):
        covered = []
    turn = ModelTurn(say=" ".join(result.spoken), action=ModelAction(reader.action or "move_on"))
    for item in covered if isinstance(covered, list) else []:
        if isinstance(item, dict) and quote_found(str(item.get("quote", "")), answer):
            turn.covered.append(CoveredPoint(point=str(item.get("point", ""))[:200], quote=str(item["quote"])[:400]))
    return turn


__all__ = ["AIError", "Refused", "SayReader", "Streamed", "stream_turn"]
