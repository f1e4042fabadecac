"""Error codes of the intake, each with a Russian message (English through gettext)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    EMPTY_FILE = "empty_file"
    INVALID_FILE_FORMAT = "invalid_file_format"
    NO_EXTRACTABLE_TEXT = "no_extractable_text"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TOO_LARGE_UNCOMPRESSED = "file_too_large_uncompressed"
    ENCRYPTED_FILE = "encrypted_file"
    CORRUPT_FILE = "corrupt_file"
    TEXT_TOO_LONG = "text_too_long"
    UNSUPPORTED_FORMAT = "unsupported_format"
    TIMEOUT = "timeout"
    OUT_OF_MEMORY = "out_of_memory"
    BLANK_DOCUMENT = "blank_document"
    UNREADABLE_TEXT = "unreadable_text"
    NOT_A_RESUME = "not_a_resume"
    PARSE_FAILED = "parse_failed"


MESSAGES = {
    ErrorCode.EMPTY_FILE: _("Файл пустой (0 байт)."),
    ErrorCode.INVALID_FILE_FORMAT: _("Содержимое файла не соответствует его расширению или файл повреждён."),
    ErrorCode.NO_EXTRACTABLE_TEXT: _(
        "В файле нет текстового слоя (скан или картинка). Распознавание изображений не поддерживается."
    ),
    ErrorCode.FILE_TOO_LARGE: _("Файл больше допустимого размера."),
    ErrorCode.FILE_TOO_LARGE_UNCOMPRESSED: _(
        "Архив документа в распакованном виде слишком велик или содержит слишком много частей (похоже на zip-бомбу)."
    ),
    ErrorCode.ENCRYPTED_FILE: _("Файл защищён паролем, прочитать его нельзя."),
    ErrorCode.CORRUPT_FILE: _("Файл повреждён и не читается."),
    ErrorCode.TEXT_TOO_LONG: _("Текст в файле слишком длинный для резюме."),
    ErrorCode.UNSUPPORTED_FORMAT: _("Формат не поддерживается: загрузите PDF, DOCX или TXT."),
    ErrorCode.TIMEOUT: _("Разбор файла занял слишком много времени и был остановлен."),
    ErrorCode.OUT_OF_MEMORY: _("Разбор файла потребовал слишком много памяти и был остановлен."),
    ErrorCode.BLANK_DOCUMENT: _("В документе нет ни текста, ни изображений: страницы пустые."),
    ErrorCode.UNREADABLE_TEXT: _(
        "Текст не читается: буквы в файле записаны в неизвестной кодировке. Сохраните резюме заново в PDF или DOCX."
    ),
    ErrorCode.PARSE_FAILED: _(
        "Текст извлечён, но разобрать его не удалось. Файл сохранён; заполните профиль кандидата вручную."
    ),
    ErrorCode.NOT_A_RESUME: _(
        "Это не похоже на резюме: в тексте нет ни имени, ни контактов, ни разделов об опыте работы или образовании."
    ),
}


class IntakeError(Exception):
    """A file the intake refuses; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: ErrorCode, detail: str = "") -> None:
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}" if detail else str(code))

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])
