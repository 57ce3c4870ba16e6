"""How far the reader is inside one large file: rows read of the sheet's total, told to whoever asked
(the upload wizard's progress bar, the CLI's status line). A million-row sheet takes many seconds to read,
and a bar that only moves between files says nothing meanwhile.

The listener is set for a block of code (a context variable: each Streamlit session's script thread has
its own), so the readers need no extra parameter and report nothing when nobody listens."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

EVERY_ROWS = 20_000  # rows between two reports (a report costs a redraw of the bar)

Listener = Callable[[str, int, int], None]  # (sheet, rows read, rows in all)
_listener: ContextVar[Listener | None] = ContextVar("read_progress_listener", default=None)


@contextlib.contextmanager
def reporting(listener: Listener) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def listening() -> bool:
    return _listener.get() is not None


def rows_read(sheet: str, done: int, total: int) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(sheet, done, max(total, done))


def counted(rows: Iterator, sheet: str, total: int) -> Iterator:
    """`rows`, reporting every EVERY_ROWS rows and at the end."""
    done = 0
    for done, row in enumerate(rows, start=1):
        if done % EVERY_ROWS == 0:
            rows_read(sheet, done, total)
        yield row
    rows_read(sheet, done, done)
