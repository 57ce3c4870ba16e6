"""Signing in with a local account, throttled in the database — per account and per client address —
so that neither a reload, a new browser session nor a restart of the app resets the count.

An account is locked after MAX_FAILURES_PER_ACCOUNT failed attempts within LOCK_MINUTES since its last
successful sign-in (the right person signing in clears it); a client address after
MAX_FAILURES_PER_CLIENT failures within LOCK_MINUTES, whatever names it tried (guessing across
accounts). A lock ends when enough failures have aged out of the window. Attempts made while locked are
recorded but not counted, so a lock cannot be stretched forever; the moment a lock begins is written to
the audit log. The password is never stored or logged, only the attempt's time, account, address and
outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from indicators.store import audit
from indicators.store.accounts import Actor, authenticate
from indicators.store.connection import retried, transaction

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_CLIENT = 20
LOCK_MINUTES = 15


@dataclass(frozen=True)
class SignInResult:
    actor: Actor | None
    locked_until: datetime | None = None
    locked: str | None = None  # "account" or "client" when a lock refused the attempt
    account: str = ""

    def message(self, lang: str = "en") -> str:
        if self.actor is not None:
            return ""
        if self.locked_until is None:
            return "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" if lang == "th" else "Wrong user name or password."
        until = f"{self.locked_until:%H:%M}"
        if self.locked == "client":
            return (f"มีการลงชื่อเข้าใช้ผิดจากเครื่องนี้หลายครั้งเกินไป จึงล็อกการลงชื่อเข้าใช้จากเครื่องนี้ไว้จนถึง {until} น."
                    if lang == "th" else
                    f"Too many failed sign-ins from this computer's address: signing in from it is locked until {until}.")
        return (f"ลงชื่อเข้าใช้บัญชี {self.account} ผิดหลายครั้งเกินไป จึงล็อกบัญชีไว้จนถึง {until} น. "
                "(หรือให้ผู้ดูแลระบบตั้งรหัสผ่านใหม่)"
                if lang == "th" else
                f"Too many failed sign-ins for the account {self.account}: it is locked until {until} (or ask an "
                "admin to reset the password).")


@retried
def sign_in(con: duckdb.DuckDBPyConnection, name: str, password: str, client: str | None = None,
            now: datetime | None = None) -> SignInResult:
    """The actor for a correct name and password, unless the account or the client address is locked."""
    now = now or datetime.now()
    client = client or "unknown"
    with transaction(con):
        locked = _lock(con, name, client, now)
        if locked:
            _record(con, now, name, client, "locked")
            return SignInResult(None, locked[1], locked[0], name)
        actor = authenticate(con, name, password)
        _record(con, now, name, client, "ok" if actor else "failed")
        if actor is not None:
            return SignInResult(actor)
        if begun := _lock(con, name, client, now):
            audit.record(con, Actor(name, "viewer", "local"), "sign_in_locked", None,
                         name if begun[0] == "account" else f"client {client}",
                         {"client": client, "locked": begun[0], "until": begun[1].isoformat(timespec="seconds")})
        return SignInResult(None)


def _record(con, now: datetime, name: str, client: str, outcome: str) -> None:
    con.execute("INSERT INTO sign_in_attempts VALUES (?, ?, ?, ?)", [now, name, client, outcome]).fetchall()


def _lock(con, name: str, client: str, now: datetime) -> tuple[str, datetime] | None:
    """("account" | "client", locked until) if either is locked at `now`."""
    since = now - timedelta(minutes=LOCK_MINUTES)
    account = [at for (at,) in con.execute(
        "SELECT attempted_at FROM sign_in_attempts WHERE account = $name AND outcome = 'failed' "
        "AND attempted_at > $since AND attempted_at > coalesce((SELECT max(attempted_at) FROM sign_in_attempts "
        "WHERE account = $name AND outcome = 'ok'), $since) ORDER BY attempted_at DESC",
        {"name": name, "since": since}).fetchall()]
    if len(account) >= MAX_FAILURES_PER_ACCOUNT:
        return "account", account[MAX_FAILURES_PER_ACCOUNT - 1] + timedelta(minutes=LOCK_MINUTES)
    address = [at for (at,) in con.execute(
        "SELECT attempted_at FROM sign_in_attempts WHERE client = ? AND outcome = 'failed' AND attempted_at > ? "
        "ORDER BY attempted_at DESC", [client, since]).fetchall()]
    if len(address) >= MAX_FAILURES_PER_CLIENT:
        return "client", address[MAX_FAILURES_PER_CLIENT - 1] + timedelta(minutes=LOCK_MINUTES)
    return None
