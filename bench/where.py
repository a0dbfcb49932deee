"""The database a bench script reads: `--db FILE` (SQLite, made by bench/run.py) or `--url URL`."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_database_options(parser: argparse.ArgumentParser, *, sqlite_help: str) -> None:
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", type=Path, help=sqlite_help)
    where.add_argument("--url", help="a database URL (PostgreSQL)")


def database_url(args: argparse.Namespace) -> str:
    return str(args.url) if args.url else f"sqlite:///{args.db.as_posix()}"
