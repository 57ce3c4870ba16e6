"""README and the data dictionary stay true to the code: every problem code is in README's problem
table, every column of every table is in docs/data-dictionary.md."""

from __future__ import annotations

import re

import duckdb
import pytest
from conftest import PROJECT

from indicators.base.messages import MESSAGES
from indicators.store import migrate

README = (PROJECT / "README.md").read_text(encoding="utf-8")
DICTIONARY = (PROJECT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")


def problem_table() -> str:
    start = README.index("## Problems")
    return README[start:README.index("\n## ", start + 1)]


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_problem_code_is_in_readmes_table(code):
    rows = [line for line in problem_table().splitlines() if line.startswith("| `")]
    assert any(f"`{code}`" in row for row in rows), f"{code} is missing from README's problem table"


def test_readmes_table_names_no_code_that_does_not_exist():
    named = set(re.findall(r"`([a-z_]+)`", "\n".join(
        line.split("|")[1] for line in problem_table().splitlines() if line.startswith("| `"))))
    assert named <= set(MESSAGES)


def tables_and_columns() -> dict[str, list[str]]:
    con = duckdb.connect()
    migrate(con)
    rows = con.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN "
                       "(SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE') "
                       "ORDER BY table_name, ordinal_position").fetchall()
    found: dict[str, list[str]] = {}
    for table, column in rows:
        found.setdefault(table, []).append(column)
    return found


def section(table: str) -> str:
    """The part of the dictionary under the heading that names the table ("## uploads — …", "## a and b")."""
    for match in re.finditer(r"^## (.+)$", DICTIONARY, flags=re.M):
        if re.search(rf"(?<![\w`]){re.escape(table)}(?![\w`])", match.group(1).split(" — ")[0]):
            end = DICTIONARY.find("\n## ", match.end())
            return DICTIONARY[match.end():end if end != -1 else None]
    return ""


def test_the_dictionary_covers_every_table():
    tables = tables_and_columns()
    assert {"uploads", "activities", "participation", "statistics", "users", "audit_log"} <= set(tables)
    assert [t for t in tables if not section(t)] == []


def test_the_dictionary_names_every_column():
    shared = re.search(r"Every data row carries (.+?)\.", DICTIONARY, flags=re.S).group(1)
    missing = []
    for table, columns in tables_and_columns().items():
        text = section(table) + (shared if table in ("activities", "participation", "outcomes", "statistics",
                                                     "activity_areas", "problems") else "")
        missing += [f"{table}.{c}" for c in columns if not re.search(rf"(?<![\w]){re.escape(c)}(?![\w])", text)]
    assert missing == []
