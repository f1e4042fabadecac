"""Files → typed matching inputs, through the intake parser.

Matching never parses resumes itself: ``parse_files`` is the single seam to intake
(``candidates.intake``). Until intake is on this branch the import fails and callers
get ``ParserMissing`` with a clear message instead of a home-grown parser.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .inputs import CandidateProfile, VacancyRequirements

log = logging.getLogger(__name__)
PARSE_FAILED = "Файл не удалось разобрать. / The file could not be parsed."


class ParserMissing(RuntimeError):
    """The intake parser (candidates.intake) is not installed in this build."""


@dataclass(frozen=True)
class ParsedFile:
    file: str
    ok: bool
    data: dict[str, Any] = field(default_factory=dict)  # resume profile or vacancy fields
    text: str = ""  # extracted visible text (injected instructions removed by intake)
    flags: dict[str, Any] = field(default_factory=dict)
    error_code: str = ""
    error_message: str = ""

    def candidate(self) -> CandidateProfile:
        return CandidateProfile.from_parsed(self.data, self.text)

    def vacancy(self) -> VacancyRequirements:
        return VacancyRequirements.from_parsed(self.data, self.text)


def _intake_parser(kind: str) -> Callable[..., Any]:
    try:
        from candidates.intake.process import parse_file
        from vacancies.parsing import parse_vacancy_file
    except ImportError as exc:
        raise ParserMissing(
            "Парсер резюме (candidates.intake) недоступен в этой сборке: ранжирование файлов "
            "работает после подключения модуля разбора резюме. / The resume parser "
            "(candidates.intake) is not available in this build."
        ) from exc
    return parse_vacancy_file if kind == "vacancy" else parse_file


def parse_files(paths: Iterable[Path], *, kind: str = "resume") -> list[ParsedFile]:
    """Parse each file with intake; ``kind`` is "resume" or "vacancy". Never raises per file."""
    parse_file = _intake_parser(kind)
    out = []
    for path in paths:
        try:
            outcome = parse_file(Path(path))
        except Exception:
            # Intake reports a file's failure as an outcome; anything that still escapes is
            # this file's error row, never the end of the batch.
            log.exception("parsing %s failed", path)
            out.append(
                ParsedFile(file=Path(path).name, ok=False, error_code="parse_failed", error_message=PARSE_FAILED)
            )
            continue
        out.append(
            ParsedFile(
                file=Path(path).name,
                ok=bool(outcome.ok),
                data=dict(outcome.profile or {}),
                text=outcome.text or "",
                flags=dict(outcome.flags or {}),
                error_code=outcome.error_code or "",
                error_message=outcome.error_message or "",
            )
        )
    return out
