"""The key that signs backups. A backup's manifest lists each file's SHA-256, but anyone who can edit the
files can edit the manifest and hash them again (activities × 100 would restore cleanly). So the manifest
is signed with HMAC-SHA256 under a secret key kept outside every backup: a manifest changed without the
key — or signed by another installation — is refused on restore.

The key is a file: --key FILE, else $LEARNING_CITY_BACKUP_KEY, else data/backup.key beside the program.
It is made (32 random bytes, readable by its owner only) by the first backup, never written into a backup
folder, and is needed to restore: keep a copy of it apart from the backups, as you would a password."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

from indicators.base.errors import LearningCityError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_KEY_PATH = PROJECT_ROOT / "data" / "backup.key"
ALGORITHM = "HMAC-SHA256"


def key_path(path: str | Path | None = None) -> Path:
    return Path(path or os.environ.get("LEARNING_CITY_BACKUP_KEY") or DEFAULT_KEY_PATH)


def load_key(path: str | Path | None = None, create: bool = False) -> tuple[bytes, Path]:
    """The signing key and where it lives; made when `create` and it does not exist yet."""
    where = key_path(path)
    if not where.exists():
        if not create:
            raise LearningCityError(
                f"The backup key {where} is not here, so no backup can be checked. Pass the key file that signed "
                "the backup with --key FILE (or $LEARNING_CITY_BACKUP_KEY).",
                f"ไม่พบกุญแจสำรองข้อมูล {where} จึงตรวจข้อมูลสำรองไม่ได้ กรุณาระบุไฟล์กุญแจที่ใช้ลงนามข้อมูลสำรองด้วย "
                "--key ไฟล์ (หรือ $LEARNING_CITY_BACKUP_KEY)", code="no_backup_key")
        where.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(where, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    text = where.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise LearningCityError(f"The backup key {where} is not a key (expected at least 32 hexadecimal digits).",
                                f"ไฟล์ {where} ไม่ใช่กุญแจสำรองข้อมูล (ต้องเป็นเลขฐานสิบหกอย่างน้อย 32 หลัก)",
                                code="no_backup_key")
    return key, where


def key_id(key: bytes) -> str:
    """Names the key in a manifest without revealing it: which key signed this backup."""
    return hashlib.sha256(b"learning-city backup key id" + key).hexdigest()[:16]


def _signed_text(manifest: dict) -> bytes:
    unsigned = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def sign(manifest: dict, key: bytes) -> dict:
    digest = hmac.new(key, _signed_text(manifest), hashlib.sha256).hexdigest()
    return {**manifest, "signature": {"algorithm": ALGORITHM, "key_id": key_id(key), "value": digest}}


def signature_problem(manifest: dict, key: bytes) -> tuple[str, str] | None:
    """Why the manifest's signature does not hold under `key` (English, Thai), or None when it does."""
    signature = manifest.get("signature")
    if not isinstance(signature, dict) or signature.get("algorithm") != ALGORITHM:
        return ("the manifest is not signed (made by an older version, or its signature was removed)",
                "manifest ไม่มีลายเซ็น (สร้างโดยโปรแกรมรุ่นเก่า หรือลายเซ็นถูกลบออก)")
    if signature.get("key_id") != key_id(key):
        return ("it was signed with another key than this one (another installation, or the wrong --key)",
                "ลงนามด้วยกุญแจอื่น (จากเครื่องอื่น หรือระบุ --key ผิดไฟล์)")
    expected = hmac.new(key, _signed_text(manifest), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, str(signature.get("value", ""))):
        return ("the manifest was changed after it was signed", "manifest ถูกแก้ไขหลังจากลงนาม")
    return None
