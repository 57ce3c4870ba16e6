"""The child process that parses .xls and .xlsb (see calamine.read_isolated): the file's bytes on
standard input, the limits as arguments, a pickled result on standard output.

Run as `python -m indicators.read.isolated MEMORY MAX_ROWS MAX_COLUMNS MAX_CELLS`. The address-space
limit is set before calamine runs, so a file that asks for absurd memory ends this process, not the
dashboard.
"""

from __future__ import annotations

import pickle
import sys


def main(arguments: list[str]) -> int:
    memory, max_rows, max_columns, max_cells = (int(a) for a in arguments[:4])
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):  # not on this system: the parent's timeout still holds
        pass
    data = sys.stdin.buffer.read()
    try:
        from indicators.read.calamine import worksheets

        result = ("ok", *worksheets(data, max_rows, max_columns, max_cells))
    except BaseException as exc:  # everything, a Rust panic included, goes back to the parent as a message
        result = ("error", type(exc).__name__, str(exc)[:300])
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
