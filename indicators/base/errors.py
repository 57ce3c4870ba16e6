"""Problems and errors that carry their message in English and Thai.

Researchers read these messages, often in Thai, so every error names where it happened
(file, sheet, the row number as Excel shows it, the column header as written) and why.
The UI and the CLI pick the language; the engine always fills both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error: blocks the upload) or worth knowing (warning, info) in an input."""

    severity: Severity
    code: str
    message_en: str
    message_th: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # 1-based, as Excel numbers it
    column: str | None = None  # header as written in the file
    value: str | None = None

    def message(self, lang: str = "en") -> str:
        return self.message_th if lang == "th" else self.message_en

    def location(self, lang: str = "en") -> str:
        parts = []
        labels = {"en": ("file", "sheet", "row", "column"), "th": ("ไฟล์", "ชีต", "แถว", "คอลัมน์")}[
            "th" if lang == "th" else "en"
        ]
        for label, part in zip(labels, (self.file, self.sheet, self.row, self.column)):
            if part not in (None, ""):
                parts.append(f"{label} {part}")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        return asdict(self)


class LearningCityError(Exception):
    """Base error with a user-facing message in both languages."""

    exit_code = 1

    def __init__(self, message_en: str, message_th: str, code: str = "error"):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_th = message_th
        self.code = code

    def message(self, lang: str = "en") -> str:
        return self.message_th if lang == "th" else self.message_en

    def __reduce__(self):  # picklable, so errors cross process boundaries (benchmarks, worker pools)
        return (_rebuild_error, (type(self), self.message_en, self.message_th, self.code))


def _rebuild_error(kind: type, message_en: str, message_th: str, code: str) -> LearningCityError:
    error = LearningCityError.__new__(kind)
    LearningCityError.__init__(error, message_en, message_th, code)
    return error


class ReadError(LearningCityError):
    """The file cannot be read at all (damaged, wrong type, encrypted, too large)."""

    exit_code = 2


class ValidationRefused(LearningCityError):
    """The file was read but its content has errors; nothing was written."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(
            f"Upload refused: {len(errors)} error(s); nothing was written.",
            f"ไม่รับไฟล์: พบข้อผิดพลาด {len(errors)} รายการ ไม่มีการบันทึกข้อมูลใด ๆ",
            code="validation_refused",
        )
        self.problems = problems


class DatabaseBusy(LearningCityError):
    """Another process holds the database file read-write."""

    exit_code = 3


class PermissionDenied(LearningCityError):
    """The signed-in role may not do this (a viewer uploading, a researcher rolling back)."""

    exit_code = 4


class DatabaseDamaged(LearningCityError):
    """The database file is damaged or is no database: it cannot be read (like an unreadable input)."""

    exit_code = 2


class DatabaseReadOnly(LearningCityError):
    """The database file may be read but not written here (file permissions, a read-only disk)."""

    exit_code = 4


class WriteConflict(LearningCityError):
    """Another writer changed the same record at the same moment; nothing of this change was written.
    On a lake the change is tried again (store/connection.py retrying) before this reaches anyone."""

    exit_code = 3


class StorageFailure(LearningCityError):
    """Writing the database failed (disk full, a file-size limit, an I/O error); nothing was written."""

    exit_code = 5
