"""One call per file: extract → flag hidden text and injections → parse. Used by the
CLI, the benchmark and the queue task alike.

``run_isolated`` runs a stage in a forked child with an address-space limit and a
wall-clock timeout, so a hostile file can neither exhaust the worker's memory nor stall
it; the parent only ever receives a small JSON document back. The queue task runs
extraction and rule parsing as two isolated stages (so the page can show "extracting"
then "parsing"); the optional LLM refinement runs in the worker itself.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings

from candidates.intake import injection, names
from candidates.intake.errors import MESSAGES, ErrorCode, IntakeError
from candidates.intake.extract import ExtractResult, Limits, extract_bytes
from candidates.intake.parser import looks_like_resume
from candidates.intake.schema import Flags, HiddenText, InjectionMatch, Profile

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    file: str
    ok: bool
    profile: dict[str, Any] | None = None
    flags: dict[str, Any] | None = None
    error_code: str = ""
    error_message: str = ""
    text: str = ""  # visible text with injected instructions removed (what downstream sees)
    engine: str = ""
    # Where else the person's name may be written: page footers, document properties, the
    # file name (in that order); only for finding the name.
    hints: list[str] = field(default_factory=list)
    document_date: str = ""  # "YYYY-MM" from the file's properties: when it was written

    def as_cli(self) -> dict[str, Any]:
        if self.ok:
            return {"file": self.file, "ok": True, "profile": self.profile, "flags": self.flags}
        return {"file": self.file, "ok": False, "error": {"code": self.error_code, "message": self.error_message}}

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)


def limits_from_settings() -> Limits:
    return Limits(
        max_bytes=settings.RESUME_MAX_BYTES,
        max_text_chars=getattr(settings, "INTAKE_MAX_TEXT_CHARS", Limits.max_text_chars),
        max_uncompressed_bytes=getattr(settings, "INTAKE_MAX_UNCOMPRESSED_BYTES", Limits.max_uncompressed_bytes),
        max_zip_entries=getattr(settings, "INTAKE_MAX_ZIP_ENTRIES", Limits.max_zip_entries),
    )


def as_of() -> tuple[int, int]:
    """The month open-ended jobs run to: INTAKE_AS_OF ("YYYY-MM") or the current month."""
    value = getattr(settings, "INTAKE_AS_OF", "") or time.strftime("%Y-%m")
    year, month = value.split("-")
    return int(year), int(month)


def build_flags(extracted: ExtractResult) -> tuple[Flags, str]:
    flags = Flags(
        hidden_text=bool(extracted.hidden),
        hidden_segments=[HiddenText(text=s.text[:2000], reason=s.reason) for s in extracted.hidden],
        zero_width_chars=extracted.zero_width_chars,
    )
    for segment in extracted.hidden:
        for sentence in injection.find_injections(segment.text):
            flags.injection_matches.append(InjectionMatch(text=sentence[:500], where="hidden"))
    for sentence in injection.find_injections(extracted.text):
        flags.injection_matches.append(InjectionMatch(text=sentence[:500], where="visible"))
    flags.injection = bool(flags.injection_matches)
    clean = injection.remove_injections(extracted.text) if flags.injection else extracted.text
    return flags, clean


def failed_outcome(name: str, code: ErrorCode, detail: str = "") -> Outcome:
    if detail:
        log.info("intake refused %s: %s (%s)", name, code, detail)
    return Outcome(file=name, ok=False, error_code=str(code), error_message=str(MESSAGES[code]))


def extract_stage(data: bytes, name: str) -> Outcome:
    """Extraction and flags: visible text without hidden text and flagged instructions."""
    try:
        extracted = extract_bytes(data, name, limits_from_settings())
    except IntakeError as exc:
        return failed_outcome(name, exc.code, exc.detail)
    flags, clean = build_flags(extracted)
    hints = [extracted.hints[key] for key in ("footer", "author", "title") if extracted.hints.get(key)]
    return Outcome(
        file=name,
        ok=True,
        flags=flags.model_dump(mode="json"),
        text=clean,
        hints=[*hints, Path(name).stem],
        document_date=extracted.hints.get("date", ""),
    )


def parse_stage(outcome: Outcome) -> Outcome:
    """The offline profile of an extracted text."""
    from candidates.intake.engines import get_engine

    if not outcome.ok:
        return outcome
    engine = get_engine()
    profile: Profile = engine.parse(
        outcome.text, as_of=as_of(), hints=outcome.hints, document_date=outcome.document_date
    )
    if not looks_like_resume(outcome.text, profile):
        return failed_outcome(outcome.file, ErrorCode.NOT_A_RESUME, "no name, contacts, career or education")
    outcome.profile = profile.model_dump(mode="json")
    outcome.engine = engine.name
    return outcome


def parse_resume_bytes(data: bytes, name: str) -> Outcome:
    """Extraction, flags and the offline profile in one call (CLI, benchmarks)."""
    return parse_stage(extract_stage(data, name))


def refine_outcome(outcome: Outcome, *, refs: dict[str, Any] | None = None) -> Outcome:
    """Let the LLM engine (if configured) refine an offline profile; runs in the caller's
    process. The text it sees is the visible text with flagged instructions removed.
    ``engine`` names what produced the stored profile: the LLM, or ``offline`` when the
    provider failed and the rules' result stands. ``refs``: ids for the AI audit log."""
    from candidates.intake.engines import get_refiner

    if not outcome.ok or outcome.profile is None:
        return outcome
    refiner = get_refiner()
    if refiner is None:
        return outcome
    rules = Profile.model_validate(outcome.profile)
    refined = refiner.refine(outcome.text, rules, as_of=as_of(), refs=refs)
    if refined is not None:
        outcome.profile = refined.model_dump(mode="json")
        outcome.engine = refiner.name
    return outcome


def read_file(path: Path) -> bytes | Outcome:
    """The file's bytes, or the failed outcome (too large, unreadable)."""
    try:
        size = path.stat().st_size
        if size > settings.RESUME_MAX_BYTES:
            return failed_outcome(path.name, ErrorCode.FILE_TOO_LARGE, str(size))
        return path.read_bytes()
    except OSError as exc:
        return failed_outcome(path.name, ErrorCode.CORRUPT_FILE, str(exc))


def parse_file(path: Path) -> Outcome:
    """A resume file (vacancy files: ``vacancies.parsing.parse_vacancy_file``), in process
    (CLI, ``rank``, benchmarks). Never raises: whatever goes wrong with this file is this
    file's error outcome, so a batch goes on with the next one."""
    data = read_file(path)
    if isinstance(data, Outcome):
        return data
    try:
        return refine_outcome(parse_resume_bytes(data, path.name))
    except Exception:
        # The boundary of one untrusted file (as in ``run_isolated``): logged with its
        # traceback for the engineers, reported to the caller as this file's failure.
        log.exception("intake failed on %s", path.name)
        return failed_outcome(path.name, ErrorCode.PARSE_FAILED)


WARM_UP_TEXT = """Иванов Иван Иванович
Python-разработчик
Москва · +7 (900) 000-00-00 · ivan@example.com · Telegram: @ivanov
Опыт работы
Python-разработчик, ООО «Пример»
01.2020 — н.в.
Навыки
Python, Postgres
Языки
Английский — B2
"""


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Parse a tiny resume once in this process: natasha, phone metadata and the big
    regexes load here, so forked children inherit them (otherwise ~0.4 s per file)."""
    names.warm_up()
    parse_resume_bytes(WARM_UP_TEXT.encode(), "warm-up.txt")


def _vm_size() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def parse_bytes_isolated(data: bytes, name: str) -> Outcome:
    """``parse_resume_bytes`` in one isolated child (see ``run_isolated``)."""
    return run_isolated(parse_resume_bytes, data, name, name=name)


def extract_isolated(data: bytes, name: str) -> Outcome:
    return run_isolated(extract_stage, data, name, name=name)


def parse_isolated(outcome: Outcome) -> Outcome:
    return run_isolated(parse_stage, outcome, name=outcome.file)


def run_isolated(func: Callable[..., Outcome], *args: Any, name: str) -> Outcome:
    """``func(*args)`` in a forked child under RLIMIT_AS and a timeout.

    Fork (not spawn) so the child starts with natasha and Django already loaded; the child
    never touches the database and leaves with ``os._exit`` so no parent state is flushed.
    """
    timeout = getattr(settings, "INTAKE_PARSE_TIMEOUT", 60)
    memory = getattr(settings, "INTAKE_PARSE_MEMORY_BYTES", 1024 * 1024 * 1024)
    warm_up()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            os.close(read_fd)
            limit = _vm_size() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            try:
                outcome = func(*args)
            except MemoryError:
                outcome = failed_outcome(name, ErrorCode.OUT_OF_MEMORY)
            except Exception as exc:
                # The boundary of an untrusted file: any library failure becomes a refusal.
                outcome = failed_outcome(name, ErrorCode.CORRUPT_FILE, repr(exc))
            payload = outcome.as_json().encode()
            with os.fdopen(write_fd, "wb") as fh:
                fh.write(payload)
        except BaseException:
            # Nothing may escape a forked child (it would run the parent's code paths).
            # Logging is not fork-safe (its locks may be held by another parent thread):
            # the traceback goes straight to stderr, and the parent reports the failure
            # from the exit status.
            code = 1
            os.write(2, f"resume parser child {os.getpid()} failed:\n{traceback.format_exc()}".encode())
        finally:
            os._exit(code)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    timed_out = False
    with os.fdopen(read_fd, "rb") as fh:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([fh], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fh.fileno(), 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return failed_outcome(name, ErrorCode.TIMEOUT)
    if not chunks:
        # Killed by the kernel (memory limit hit inside C code) or crashed in a C library.
        code = ErrorCode.OUT_OF_MEMORY if os.WIFSIGNALED(status) else ErrorCode.CORRUPT_FILE
        return failed_outcome(name, code, f"child status {status}")
    return Outcome(**json.loads(b"".join(chunks)))
