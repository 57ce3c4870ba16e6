"""The second store: a DuckLake — its catalog in PostgreSQL, its data as Parquet files on a shared path —
so that several app servers and CLI imports write to one record at once. The embedded DuckDB file stays
the default; a target written `ducklake:postgres:dbname=… host=… port=… user=…` selects the lake.

The engine talks to both through the same DuckDB connection: DuckDB opens a DuckLake as its main database
(`duckdb.connect('ducklake:…')`, so every cursor sees it too), and the few things that differ — the
extensions, the schema's keys and the upload numbers (store/database.py, store/uploads.py), the
conflict between two writers (store/connection.py) — are decided here and in those modules, nowhere else.

The extensions `ducklake` and `postgres` (which loads as `postgres_scanner`) cannot be downloaded here:
they come from the PyPI packages duckdb-extension-ducklake / duckdb-extension-postgres, built for one DuckDB
release, and are copied once into an extension folder DuckDB loads them from. Where the internet is
reachable DuckDB's own `INSTALL ducklake; INSTALL postgres` puts them in its default folder instead."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from indicators.base.errors import DatabaseBusy, LearningCityError

PREFIX = "ducklake:"
DATA_PATH_VARIABLE = "LEARNING_CITY_DATA_PATH"
EXTENSION_PACKAGES = {"ducklake": ("duckdb_extension_ducklake", "ducklake"),
                      "postgres_scanner": ("duckdb_extension_postgres", "postgres")}
PLATFORM = "linux_amd64"
# What DuckDB says when the catalog holds no lake yet: opened to write (no DATA_PATH given) or to read.
NO_LAKE_YET = re.compile(r"data_path is not set|creating a new DuckLake is explicitly disabled", re.IGNORECASE)


def is_lake_target(target: str | os.PathLike | None) -> bool:
    return str(target or "").startswith(PREFIX)


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection's database is a DuckLake."""
    return con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()"
                       ).fetchall() == [("ducklake",)]


def is_writable_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection's database is a DuckLake opened for writing."""
    return con.execute("SELECT type, readonly FROM duckdb_databases() WHERE database_name = current_database()"
                       ).fetchall() == [("ducklake", False)]


def shown(target: str) -> str:
    """The target as said in messages: the catalog's connection string without a password."""
    return " ".join(part for part in str(target).split() if not part.lower().startswith("password="))


def extension_directory() -> str | None:
    """The folder DuckDB loads the two extensions from: made once from the PyPI packages' binaries
    (copied to a temporary name and renamed, so processes starting together never load half a file).
    None when the packages are not installed: then DuckDB's default folder, filled by an online INSTALL."""
    version = duckdb.__version__
    sources = {}
    for name, (package, file_stem) in EXTENSION_PACKAGES.items():
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        source = Path(list(spec.submodule_search_locations)[0]) / "extensions" / f"v{version}" / f"{file_stem}.duckdb_extension"
        if not source.is_file():
            return None  # the package is built for another DuckDB release
        sources[name] = source
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "learning-city" / "duckdb-extensions"
    try:
        _place(root, version, sources)
    except OSError:  # no writable home (a service account): a folder of this user in the temporary directory
        root = Path(tempfile.gettempdir()) / f"learning-city-duckdb-extensions-{os.getuid()}"
        _place(root, version, sources)
    return str(root)


def _place(root: Path, version: str, sources: dict[str, Path]) -> None:
    folder = root / f"v{version}" / PLATFORM
    folder.mkdir(parents=True, exist_ok=True)
    for name, source in sources.items():
        target = folder / f"{name}.duckdb_extension"
        if target.is_file() and target.stat().st_size == source.stat().st_size:
            continue
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".part") as part:
            shutil.copyfileobj(source.open("rb"), part)
        os.replace(part.name, target)


def _config() -> dict:
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": True}
    if folder := extension_directory():
        config["extension_directory"] = folder
    return config


def connect(target: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the lake as DuckDB's main database. A catalog that holds no lake yet gets one, its data under
    $LEARNING_CITY_DATA_PATH (read there once: afterwards the catalog knows where its files are)."""
    try:
        return duckdb.connect(target, read_only=read_only, config=_config())
    except duckdb.Error as error:
        if not NO_LAKE_YET.search(str(error)):
            raise _meaning(error, target) from error
    _create(target)
    try:
        return duckdb.connect(target, read_only=read_only, config=_config())
    except duckdb.Error as error:
        raise _meaning(error, target) from error


def _create(target: str) -> None:
    data_path = os.environ.get(DATA_PATH_VARIABLE)
    if not data_path:
        raise LearningCityError(
            f"The catalog {shown(target)} holds no learning-city lake yet. Say where its Parquet files go with "
            f"{DATA_PATH_VARIABLE}=FOLDER/ (a folder every app server sees at the same path, or s3://bucket/prefix/).",
            f"แค็ตตาล็อก {shown(target)} ยังไม่มีคลังข้อมูล กรุณาระบุที่เก็บไฟล์ Parquet ด้วย {DATA_PATH_VARIABLE}=โฟลเดอร์/ "
            "(โฟลเดอร์ที่ทุกเซิร์ฟเวอร์เห็นที่ตำแหน่งเดียวกัน หรือ s3://bucket/prefix/)", code="lake_data_path")
    if "://" not in data_path:
        Path(data_path).mkdir(parents=True, exist_ok=True)
        data_path = str(Path(data_path).resolve()) + os.sep
    setup = duckdb.connect(config=_config())
    try:
        setup.execute(f"ATTACH '{target.replace(chr(39), chr(39) * 2)}' AS new_lake (DATA_PATH ?)",
                      [data_path]).fetchall()
    except duckdb.Error as error:
        if "already exists" not in str(error):  # another process created it at the same moment: use that one
            raise _meaning(error, target) from error
    finally:
        setup.close()


def _meaning(error: duckdb.Error, target: str) -> LearningCityError:
    text = str(error)
    if "unable to connect to postgres" in text.lower() or "connection to server" in text.lower():
        return DatabaseBusy(
            f"The lake's catalog {shown(target)} cannot be reached (PostgreSQL is not running there, or refuses "
            f"this user): {text.splitlines()[-1][:200]}",
            f"เชื่อมต่อแค็ตตาล็อกของคลังข้อมูล {shown(target)} ไม่ได้ (PostgreSQL ไม่ได้ทำงานที่นั่น หรือไม่อนุญาตผู้ใช้นี้): "
            f"{text.splitlines()[-1][:200]}", code="lake_unreachable")
    if "extension" in text.lower():
        return LearningCityError(
            "DuckDB's ducklake and postgres extensions are not available: install the packages "
            f"duckdb-extension-ducklake and duckdb-extension-postgres for DuckDB {duckdb.__version__} "
            "(pip install -r requirements.txt -c constraints.txt), or, where the internet is reachable, "
            "run INSTALL ducklake; INSTALL postgres; in DuckDB once.",
            "ไม่พบส่วนขยาย ducklake และ postgres ของ DuckDB กรุณาติดตั้งแพ็กเกจ duckdb-extension-ducklake และ "
            f"duckdb-extension-postgres สำหรับ DuckDB {duckdb.__version__} (pip install -r requirements.txt -c "
            "constraints.txt) หรือเมื่อต่ออินเทอร์เน็ตได้ ให้สั่ง INSTALL ducklake; INSTALL postgres; ใน DuckDB หนึ่งครั้ง",
            code="lake_extensions")
    return LearningCityError(f"The lake {shown(target)} could not be opened: {text[:300]}",
                             f"เปิดคลังข้อมูล {shown(target)} ไม่ได้: {text[:300]}", code="lake_unopenable")


def schema_text(sql: str) -> str:
    """A schema file as a DuckLake takes it: DuckLake has no keys and no sequences (the keys' work is
    done by the writers' conflict, store/connection.py; upload numbers by store/uploads.py)."""
    sql = re.sub(r"^CREATE SEQUENCE[^;]*;", "", sql, flags=re.MULTILINE)
    sql = re.sub(r",\s*PRIMARY KEY \([^)]*\)", "", sql)
    return re.sub(r" PRIMARY KEY", "", sql)


# The write turn: writers of one lake queue on a lock file in its data folder instead of colliding.
# Correctness does not rest on it — the write serial (store/connection.py) makes any two overlapping writes
# conflict, and the later one runs again — but without it, writers that collide redo their work again and
# again (8 processes on 2 cores: 0.14 uploads a second instead of 0.5). Object storage has no such file:
# there the writers only retry. Taken under the process's write lock, so its depth needs no lock of its own.
_TURN = {"depth": 0, "file": None}
_DATA_FOLDERS: dict[str, Path | None] = {}
TURN_FILE = ".learning-city-write-turn.lock"


@contextlib.contextmanager
def write_turn(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    if _TURN["depth"] == 0:
        _TURN["file"] = _take_turn(con)
    _TURN["depth"] += 1
    try:
        yield
    finally:
        _TURN["depth"] -= 1
        if _TURN["depth"] == 0 and _TURN["file"] is not None:
            _TURN["file"].close()  # closing the file gives the turn up (so does the process dying)
            _TURN["file"] = None


def _take_turn(con: duckdb.DuckDBPyConnection):
    folder = _data_folder(con)
    if folder is None:
        return None
    try:
        handle = (folder / TURN_FILE).open("a+b")
    except OSError:  # a data folder this process may read but not write: it will not write anyway
        return None
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _data_folder(con: duckdb.DuckDBPyConnection) -> Path | None:
    name = con.execute("SELECT current_database()").fetchall()[0][0]
    if name not in _DATA_FOLDERS:
        path = con.execute("SELECT value FROM ducklake_options(current_database()) WHERE option_name = 'data_path'"
                           ).fetchall()
        _DATA_FOLDERS[name] = Path(path[0][0]) if path and "://" not in path[0][0] else None
    return _DATA_FOLDERS[name]
