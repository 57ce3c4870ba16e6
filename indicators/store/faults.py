"""What DuckDB's own errors mean for the person at the keyboard. A full disk, a damaged or read-only
database file reach the engine as duckdb.IOException (or a failed COMMIT) with a message in DuckDB's
words; here each becomes a bilingual error with the CLI's exit code — never a stack trace on a terminal
or a raw error page in the dashboard. Every write is one transaction, so whichever of them happens,
nothing of the change was written."""

from __future__ import annotations

import re

import duckdb

from indicators.base.errors import (
    DatabaseDamaged,
    DatabaseReadOnly,
    LearningCityError,
    StorageFailure,
    WriteConflict,
)

FULL = re.compile(r"no space left|file too large|disk (is )?full|quota exceeded|out of disk", re.IGNORECASE)
READ_ONLY = re.compile(r"read-only|read only|permission denied|operation not permitted", re.IGNORECASE)
DAMAGED = re.compile(r"not a valid duckdb database|corrupt|checksum|could not read enough bytes|"
                     r"serialization|unrecognized|incompatible|database file .* version", re.IGNORECASE)
CONFLICT = re.compile(r"constraint violation|conflict on|write-write conflict|duplicate key", re.IGNORECASE)
LAKE_CONFLICT = re.compile(r"transaction conflict", re.IGNORECASE)  # DuckLake: another writer committed first
INVALIDATED = re.compile(r"invalidated|fatal", re.IGNORECASE)


def storage_error(error: BaseException, path: str | None = None) -> LearningCityError | None:
    """The bilingual error a DuckDB error stands for, or None when it is not about the database file."""
    if not isinstance(error, duckdb.Error):
        return None
    text = str(error)
    where = f" {path}" if path else ""
    if LAKE_CONFLICT.search(text):
        return WriteConflict(
            "Other writers kept changing the record at the same moments, so this change was tried again several "
            "times and then given up; nothing of it was written. Try again in a moment.",
            "มีผู้อื่นบันทึกข้อมูลในเวลาเดียวกันต่อเนื่อง จึงลองบันทึกซ้ำหลายครั้งแล้วหยุด และไม่มีส่วนใดถูกบันทึก "
            "กรุณาลองใหม่อีกครั้งในอีกสักครู่", code="lake_write_conflict")
    if DAMAGED.search(text):
        return damaged(path, text)
    if READ_ONLY.search(text):
        return read_only(path)
    if FULL.search(text):
        return StorageFailure(
            f"The disk holding the database{where} is full (or the file reached a size limit), so the change could "
            "not be written — nothing of it was saved. Free some space (or move the database with --db / "
            "LEARNING_CITY_DB) and try again.",
            f"พื้นที่ดิสก์ที่เก็บฐานข้อมูล{where} เต็ม (หรือไฟล์ถึงขนาดที่จำกัด) จึงบันทึกการเปลี่ยนแปลงไม่ได้ และไม่มีส่วนใด"
            "ถูกบันทึก กรุณาเพิ่มพื้นที่ว่าง (หรือย้ายฐานข้อมูลด้วย --db / LEARNING_CITY_DB) แล้วลองใหม่",
            code="disk_full")
    if CONFLICT.search(text):
        return LearningCityError(
            "Another change to the same uploads was saved at the same moment; nothing of this one was written. "
            "Look at the uploads list, then try again if it is still needed.",
            "มีการบันทึกการเปลี่ยนแปลงกับการอัปโหลดเดียวกันในเวลาเดียวกัน จึงไม่ได้บันทึกการเปลี่ยนแปลงนี้ "
            "กรุณาตรวจสอบรายการอัปโหลด แล้วลองใหม่หากยังจำเป็น", code="write_conflict")
    if isinstance(error, duckdb.IOException) or INVALIDATED.search(text):
        return StorageFailure(
            f"The database{where} could not be read or written ({text[:200]}); nothing of the change was saved. "
            "Check the disk, then start the program again.",
            f"อ่านหรือเขียนฐานข้อมูล{where} ไม่ได้ ({text[:200]}) ไม่มีส่วนใดของการเปลี่ยนแปลงถูกบันทึก "
            "กรุณาตรวจสอบดิสก์ แล้วเปิดโปรแกรมใหม่", code="storage_failure")
    return None


def damaged(path: str | None, detail: str) -> DatabaseDamaged:
    where = f" {path}" if path else ""
    return DatabaseDamaged(
        f"The database file{where} is damaged or is not a database ({detail[:160]}). Restore it from a backup "
        "into a new file (python -m indicators restore BACKUP_FOLDER --db NEW_FILE) and point the program at it.",
        f"ไฟล์ฐานข้อมูล{where} เสียหายหรือไม่ใช่ฐานข้อมูล ({detail[:160]}) กรุณากู้คืนจากข้อมูลสำรองลงไฟล์ใหม่ "
        "(python -m indicators restore โฟลเดอร์สำรอง --db ไฟล์ใหม่) แล้วให้โปรแกรมใช้ไฟล์นั้น",
        code="database_damaged")


def read_only(path: str | None) -> DatabaseReadOnly:
    where = f" {path}" if path else ""
    return DatabaseReadOnly(
        f"The database file{where} is read-only here, so nothing can be saved to it (figures can still be read). "
        "Ask whoever manages the computer to make it writable for this program, or use another file with --db.",
        f"ไฟล์ฐานข้อมูล{where} เป็นแบบอ่านอย่างเดียว จึงบันทึกข้อมูลไม่ได้ (ยังดูตัวเลขได้) กรุณาให้ผู้ดูแลเครื่องเปิดสิทธิ์เขียน"
        "ไฟล์ให้โปรแกรมนี้ หรือใช้ไฟล์อื่นด้วย --db", code="database_read_only")
