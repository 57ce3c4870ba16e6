"""Who may do what: roles, local accounts with salted scrypt password hashes, and the permission check
every write goes through (indicators/actions.py) — so the rule holds for the pages, the CLI and any script.

Roles, each including the one before: viewer (read; the default, may be public) → researcher (upload,
edit mapping rules, evidence and column mappings) → admin (also roll back uploads, set targets, manage
users). Passwords are never stored or logged; only a per-user random salt and the scrypt hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from indicators.base.errors import LearningCityError, PermissionDenied
from indicators.store.connection import transaction

ROLES = ("viewer", "researcher", "admin")
# The least role each write needs. Reading needs no permission.
NEEDS = {
    "upload": "researcher",
    "edit_mapping": "researcher",
    "edit_evidence": "researcher",
    "edit_column_mapping": "researcher",
    "upload_boundaries": "researcher",
    "edit_chart_notes": "researcher",
    "edit_quality_rules": "researcher",
    "follow_up_quality": "researcher",
    "rollback": "admin",
    "edit_targets": "admin",
    "manage_users": "admin",
}
ACTION_WORDS = {  # for messages
    "upload": ("upload files", "อัปโหลดไฟล์"),
    "edit_mapping": ("edit the mapping rules", "แก้ไขกฎการจัดกลุ่มกิจกรรม"),
    "edit_evidence": ("edit evidence", "แก้ไขหลักฐานเชิงคุณภาพ"),
    "edit_column_mapping": ("save column mappings", "บันทึกการจับคู่คอลัมน์"),
    "upload_boundaries": ("upload boundary files", "อัปโหลดไฟล์ขอบเขตพื้นที่"),
    "edit_chart_notes": ("edit chart notes", "แก้ไขหมายเหตุบนกราฟ"),
    "edit_quality_rules": ("edit validation rules", "แก้ไขกฎตรวจสอบข้อมูล"),
    "follow_up_quality": ("follow up data warnings", "ติดตามคำเตือนข้อมูล"),
    "rollback": ("roll back uploads", "ยกเลิกการอัปโหลด"),
    "edit_targets": ("set targets", "กำหนดค่าเป้าหมาย"),
    "manage_users": ("manage users", "จัดการผู้ใช้"),
}
ROLE_WORDS = {"viewer": "ผู้ชม", "researcher": "นักวิจัย", "admin": "ผู้ดูแลระบบ"}
MIN_PASSWORD_LENGTH = 8
# scrypt cost: n=2**14, r=8 → 16 MiB and ~50 ms per check; slows guessing, fine for a login.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
NAME_PATTERN = re.compile(r"^[\w.@+-]{2,64}$")


@dataclass(frozen=True)
class Actor:
    """Someone doing something: a signed-in user, the CLI operator, or an anonymous viewer."""

    name: str
    role: str = "viewer"
    via: str = "local"  # local | oidc | cli

    def can(self, action: str) -> bool:
        return can(self.role, action)


ANONYMOUS = Actor("anonymous", "viewer", "none")


def can(role: str, action: str) -> bool:
    needed = NEEDS[action]
    return role in ROLES and ROLES.index(role) >= ROLES.index(needed)


def current(con: duckdb.DuckDBPyConnection, actor: Actor) -> Actor:
    """The actor with the role their account has now. A session keeps the Actor it signed in with, but an
    admin may lower or disable the account meanwhile: every write asks the database again. An account that
    is disabled or does not exist is a viewer. The CLI's operator (who can open the file) and the anonymous
    viewer carry no account."""
    if actor.via in ("cli", "none"):
        return actor
    found = con.execute("SELECT role, disabled FROM users WHERE name = ?", [actor.name]).fetchall()
    if not found or found[0][1]:
        return Actor(actor.name, "viewer", actor.via)
    return Actor(actor.name, found[0][0], actor.via)


def is_disabled(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM users WHERE name = ? AND disabled", [name]).fetchall()[0][0])


def require(con: duckdb.DuckDBPyConnection, actor: Actor, action: str) -> Actor:
    """The actor as the database knows them now (see `current`), if they may do `action`; else raise
    PermissionDenied (TH/EN, naming the role needed). Call it inside the write's transaction, so the role
    cannot change between the check and the write."""
    now = current(con, actor)
    if now.can(action):
        return now
    needed = NEEDS[action]
    english, thai = ACTION_WORDS[action]
    if now.via in ("local", "oidc") and is_disabled(con, now.name):
        raise PermissionDenied(
            f"The account {now.name} has been disabled by an admin, so it may not {english}; nothing was saved.",
            f"บัญชี {now.name} ถูกผู้ดูแลระบบระงับแล้ว จึงไม่มีสิทธิ์{thai} ไม่มีการบันทึกใด ๆ", code="permission_denied")
    raise PermissionDenied(
        f"{now.name} ({now.role}) may not {english}: it needs the {needed} role.",
        f"{now.name} ({ROLE_WORDS.get(now.role, now.role)}) ไม่มีสิทธิ์{thai} ต้องมีบทบาท{ROLE_WORDS[needed]}",
        code="permission_denied",
    )


def hash_password(password: str, salt: bytes | None = None) -> tuple[bytes, bytes]:
    salt = salt or secrets.token_bytes(16)
    return salt, hashlib.scrypt(password.encode("utf-8"), salt=salt, **SCRYPT)


def _check_new_user(name: str, role: str, password: str) -> None:
    if not NAME_PATTERN.match(name):
        raise LearningCityError(
            f"User name {name!r}: use 2–64 letters, digits or . @ + - _",
            f"ชื่อผู้ใช้ {name!r}: ใช้ตัวอักษร ตัวเลข หรือ . @ + - _ ยาว 2–64 ตัว", code="bad_user_name")
    if role not in ROLES:
        raise LearningCityError(f"Role must be one of {', '.join(ROLES)}.",
                                f"บทบาทต้องเป็นหนึ่งใน {', '.join(ROLES)}", code="bad_role")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise LearningCityError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.",
                                f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD_LENGTH} ตัวอักษร", code="weak_password")


def add_user(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str, email: str | None = None,
             created_by: str | None = None) -> None:
    """Create an account, or replace the role and password of an existing one."""
    _check_new_user(name, role, password)
    salt, digest = hash_password(password)
    with transaction(con):  # replaced as a delete and an insert: a lake has no key to replace by
        con.execute("DELETE FROM users WHERE name = ?", [name]).fetchall()
        con.execute(
            "INSERT INTO users (name, role, salt, password_hash, email, created_at, created_by, disabled) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, FALSE)", [name, role, salt, digest, email, datetime.now(), created_by]
        ).fetchall()


def set_role(con: duckdb.DuckDBPyConnection, name: str, role: str) -> None:
    if role not in ROLES:
        raise LearningCityError(f"Role must be one of {', '.join(ROLES)}.",
                                f"บทบาทต้องเป็นหนึ่งใน {', '.join(ROLES)}", code="bad_role")
    con.execute("UPDATE users SET role = ? WHERE name = ?", [role, name]).fetchall()


def disable_user(con: duckdb.DuckDBPyConnection, name: str) -> None:
    con.execute("UPDATE users SET disabled = TRUE WHERE name = ?", [name]).fetchall()


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str) -> Actor | None:
    """The actor for a correct name and password, else None (no hint which of the two was wrong)."""
    found = con.execute("SELECT role, salt, password_hash FROM users WHERE name = ? AND NOT disabled",
                        [name]).fetchall()
    if not found:
        hash_password(password)  # same work either way, so timing does not tell which names exist
        return None
    role, salt, digest = found[0]
    _, attempt = hash_password(password, bytes(salt))
    return Actor(name, role, "local") if hmac.compare_digest(attempt, bytes(digest)) else None


def actor_for_email(con: duckdb.DuckDBPyConnection, email: str | None, name: str | None = None) -> Actor:
    """A single-sign-on user: the role of the account registered with that e-mail, else viewer."""
    if email:
        found = con.execute("SELECT name, role FROM users WHERE lower(email) = lower(?) AND NOT disabled",
                            [email]).fetchall()
        if found:
            return Actor(found[0][0], found[0][1], "oidc")
    return Actor(name or email or "anonymous", "viewer", "oidc")


def has_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("SELECT count(*) FROM users WHERE NOT disabled").fetchall()[0][0] > 0


def list_users(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Accounts without their secrets."""
    return con.execute("SELECT name, role, email, created_at, created_by, disabled FROM users ORDER BY name").df()
