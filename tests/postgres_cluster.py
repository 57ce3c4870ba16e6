"""A throwaway PostgreSQL cluster for the lake's tests and benchmarks: initdb in a temporary folder, started
with pg_ctl on a free loopback port (trust authentication, reachable from this machine only), stopped and
removed at the end. PostgreSQL refuses to run as root, so under root (CI) it runs as the `postgres` system
user that Debian's package creates."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin (newest)."""
    if found := shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(folders[-1]).parent if folders else None


def missing_reason() -> str | None:
    """Why a cluster cannot be started here, or None when it can."""
    if binaries() is None:
        return "PostgreSQL's initdb/pg_ctl are not installed (Debian: apt-get install postgresql)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One running cluster; `target(name)` makes a new database in it and returns the lake's target."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.folder = Path(tempfile.mkdtemp(prefix="learning-city-pg-"))
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.folder / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"), "-w", "start", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                  "-c fsync=off")
        self.databases = 0

    def _run(self, program: str, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / program), *args], check=True, capture_output=True,
                       text=True, timeout=120)

    def dsn(self, database: str) -> str:
        return f"dbname={database} host=127.0.0.1 port={self.port} user=postgres"

    def target(self, name: str | None = None) -> str:
        self.databases += 1
        database = name or f"lake{self.databases}"
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", database)
        return f"ducklake:postgres:{self.dsn(database)}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
