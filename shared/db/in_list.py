"""`column IN (:name)` for a list bound at execution, with one statement text whatever its length.

SQLAlchemy's expanding IN renders `IN ($1, $2, … $n)`: a new text for every length of the list.
PostgreSQL then plans each execution afresh, because psycopg prepares a statement (and the server
keeps its plan) only when the same text comes back. Planning is not free: a query on `tickets`,
whose ~60 indexes are mostly partial ones whose predicates the planner must check against the
query's, takes ~5 ms to plan and ~0.04 ms to run (the probe reports' alert-ticket lookup; measured
with EXPLAIN (ANALYZE, SUMMARY) and pg_stat_statements: README.md, Performance, round twelve). PostgreSQL gets
`column = ANY($1)` with the list as one array parameter instead: one text, prepared once per
connection. SQLite keeps the expanding IN: preparing a statement costs it little, and its planner
reads an IN list better than a table-valued function.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class InList(ColumnElement[bool]):
    """`column` is one of the values bound as `name` (a list, given at execution)."""

    type = Boolean()
    _is_implicitly_boolean = True  # a comparison: SQLite's WHERE takes it as it is, without `= 1`
    inherit_cache = True  # the cache key is the column and the name (_traverse_internals)
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement),
                           ("name", InternalTraversal.dp_string)]

    def __init__(self, column: ColumnElement[Any], name: str) -> None:
        self.column, self.name = column, name


def in_list(column: Any, name: str) -> InList:
    """`column IN (:name)` (SQLite) or `column = ANY(:name)` (PostgreSQL); execute with {name: [...]}."""
    return InList(column, name)


@compiles(InList)
def _expanding(element: InList, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(bindparam(element.name, expanding=True)), **kw)


@compiles(InList, "postgresql")
def _any(element: InList, compiler: SQLCompiler, **kw: Any) -> str:
    array = bindparam(element.name, type_=ARRAY(element.column.type))
    return compiler.process(element.column == any_(array), **kw)
