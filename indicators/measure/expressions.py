"""The only SQL an indicator definition may hold. `aggregate` and `where` come from YAML that a city
edits, and they are pasted into DuckDB statements — where `read_text('/etc/hostname')`, `getenv(…)` or a
query of the users table would run as well as `sum(value)`. So each is parsed first, and only what an
indicator needs gets through:

* aggregate — arithmetic (+ - * /, numbers, brackets) over calls of sum, count, avg, min, max, median,
  each over the columns of the indicator's own table (`count(*)`, `count(DISTINCT partner)` too);
* where — the columns of the data tables, text and number literals, comparisons, AND/OR/NOT, IN, IS
  [NOT] NULL, BETWEEN, LIKE, a few plain functions (coalesce, lower, upper, abs, round), and
  `EXISTS (SELECT 1 FROM v_<table> alias WHERE …)` over the live views, as the shipped definitions use.

Anything else — another function, another table, a second statement, a comment — is refused with the
indicator's code before any SQL runs. A token allow-list, not a full SQL grammar: it cannot express an
unsafe statement because it cannot name anything unsafe."""

from __future__ import annotations

import re
from functools import lru_cache

from indicators.config import SQL_DIR

DATA_TABLES = ("activities", "participation", "outcomes", "statistics")
AGGREGATES = frozenset({"sum", "count", "avg", "min", "max", "median"})
PLAIN_FUNCTIONS = frozenset({"coalesce", "lower", "upper", "abs", "round"})
KEYWORDS = frozenset({"and", "or", "not", "in", "is", "null", "true", "false", "between", "like", "exists",
                      "select", "from", "where", "distinct"})
VIEWS = frozenset(f"v_{table}" for table in DATA_TABLES)
TOKEN = re.compile(r"""\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<text>'(?:[^']|'')*')|(?P<name>[A-Za-z_][A-Za-z0-9_]*)
                       |(?P<operator><>|!=|<=|>=|[-+*/=<>(),.]))""", re.VERBOSE)


class UnsafeExpression(ValueError):
    """What in an expression is not allowed (English, Thai)."""

    def __init__(self, english: str, thai: str):
        super().__init__(english)
        self.english, self.thai = english, thai


@lru_cache(maxsize=1)
def table_columns() -> dict[str, frozenset[str]]:
    """The columns of each data table, read from its definition in config/sql/schema.sql."""
    schema = (SQL_DIR / "schema.sql").read_text(encoding="utf-8")
    found = {}
    for table in DATA_TABLES:
        body = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \((.*?)\n\);", schema, re.S).group(1)
        added = re.findall(rf"^ALTER TABLE {table} ADD COLUMN IF NOT EXISTS ([a-z_]+)", schema, re.M)
        found[table] = frozenset(re.findall(r"^\s+([a-z_]+)\s+[A-Z]", body, re.M)) | frozenset(added)
    return found


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, token) pairs; anything that is no token at all (;, --, quotes left open) is refused."""
    found, position = [], 0
    text = text.rstrip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            bad = text[position:].strip()[:20]
            raise UnsafeExpression(f"'{bad}' is not allowed here", f"ใช้ '{bad}' ในนิพจน์นี้ไม่ได้")
        kind = match.lastgroup
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def _refuse(word: str) -> UnsafeExpression:
    return UnsafeExpression(f"'{word}' is not allowed here", f"ใช้ '{word}' ในนิพจน์นี้ไม่ได้")


class _Aggregate:
    """Recursive descent over: expression := term (+|- term)*; term := factor (*|/ factor)*;
    factor := number | (expression) | -factor | AGGREGATE( [DISTINCT] column-expression | * )."""

    def __init__(self, parts: list[tuple[str, str]], columns: frozenset[str]):
        self.parts, self.position, self.columns = parts, 0, columns

    def peek(self) -> tuple[str, str]:
        return self.parts[self.position] if self.position < len(self.parts) else ("end", "")

    def take(self, token: str | None = None) -> tuple[str, str]:
        found = self.peek()
        if token is not None and found[1].lower() != token:
            raise _refuse(found[1] or "(end)")
        self.position += 1
        return found

    def expression(self, inside_call: bool = False) -> None:
        self.term(inside_call)
        while self.peek()[1] in ("+", "-"):
            self.take()
            self.term(inside_call)

    def term(self, inside_call: bool) -> None:
        self.factor(inside_call)
        while self.peek()[1] in ("*", "/"):
            self.take()
            self.factor(inside_call)

    def factor(self, inside_call: bool) -> None:
        kind, token = self.take()
        if kind == "number":
            return
        if token == "-":
            return self.factor(inside_call)
        if token == "(":
            self.expression(inside_call)
            self.take(")")
            return
        if kind == "name" and inside_call and token.lower() in self.columns:
            return
        if kind == "name" and not inside_call and token.lower() in AGGREGATES:
            self.take("(")
            if self.peek()[1] == "*" and token.lower() == "count":
                self.take()
            else:
                if self.peek()[1].lower() == "distinct":
                    self.take()
                self.expression(inside_call=True)
            self.take(")")
            return
        raise _refuse(token or "(end)")


def check_aggregate(text: str, table: str) -> None:
    """Raise UnsafeExpression unless `text` is arithmetic over aggregates of `table`'s columns."""
    parts = tokens(text)
    if not parts:
        raise UnsafeExpression("it is empty", "ว่างเปล่า")
    parser = _Aggregate(parts, table_columns()[table])
    parser.expression()
    if parser.position != len(parts):
        raise _refuse(parts[parser.position][1])
    if not any(kind == "name" and token.lower() in AGGREGATES for kind, token in parts):
        raise UnsafeExpression("it aggregates nothing (use e.g. sum(value))", "ไม่มีการรวมค่า (ใช้เช่น sum(value))")


def check_where(text: str) -> None:
    """Raise UnsafeExpression unless every name in `text` is a column, a keyword, a plain function, a
    live view or the alias given to one right after it (`FROM v_outcomes c`)."""
    columns = frozenset().union(*table_columns().values())
    parts = tokens(text)
    aliases = {"t"}
    for index, (kind, token) in enumerate(parts):
        if kind != "name":
            continue
        word = token.lower()
        calls = index + 1 < len(parts) and parts[index + 1][1] == "("
        previous = parts[index - 1][1].lower() if index else ""
        if calls:  # a keyword before a bracket ("AND (", "IN (SELECT (a, b)") calls no function
            if word not in PLAIN_FUNCTIONS and word not in KEYWORDS:
                raise _refuse(token)
        elif word in VIEWS:
            if previous != "from":
                raise _refuse(token)
        elif previous in VIEWS:
            aliases.add(word)
        elif word not in columns and word not in KEYWORDS and word not in aliases:
            raise _refuse(token)
