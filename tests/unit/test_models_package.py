"""shared.models imports each of its modules when one of its names is first asked for: a process
builds only the tables it uses, and `load_all()` builds every one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Table

import shared.models
from shared.db.base import Base

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def test_every_mapped_class_and_table_of_the_package_is_named_by_it() -> None:
    """A model module or class missing from `_MODULE_OF` would be neither importable from
    shared.models nor found by its name: every mapper and table after load_all() is one of its names."""
    shared.models.load_all()
    named = {getattr(shared.models, name) for name in shared.models.__all__}
    mapped = {m.class_ for m in Base.registry.mappers}
    assert mapped <= named
    tables = {t.name for t in named if isinstance(t, Table)} | {c.__table__.name for c in mapped}
    assert set(Base.metadata.tables) == tables


@pytest.mark.parametrize("name", sorted(shared.models.__all__))
def test_each_name_is_defined_by_the_module_it_is_mapped_to(name: str) -> None:
    value = getattr(shared.models, name)
    module = f"shared.models.{shared.models._MODULE_OF[name]}"
    assert getattr(sys.modules[module], name) is value
    assert name in dir(shared.models)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="Tiket"):
        shared.models.Tiket  # noqa: B018
    with pytest.raises(ImportError):
        from shared.models import Tiket  # noqa: F401


def test_a_name_imports_its_module_and_what_it_refers_to_only() -> None:
    """Naming the tickets builds the tickets' tables and those they refer to (the users' and the
    machines'), not the incidents', the machines' history or the reports'; load_all() then adds
    every other one."""
    out = _run("""
import json, sys
from shared.db.base import Base
from shared.models import Ticket, load_all
from sqlalchemy.orm import configure_mappers
configure_mappers()
print(json.dumps(sorted(m for m in sys.modules if m.startswith("shared.models."))))
print(json.dumps(sorted(Base.metadata.tables)))
load_all()
configure_mappers()
print(len(Base.metadata.tables))
""").splitlines()
    assert json.loads(out[0]) == ["shared.models.enums", "shared.models.machines", "shared.models.tickets",
                                  "shared.models.users"]
    assert json.loads(out[1]) == ["categories", "classification_rules", "enrolment_tokens", "machines",
                                  "probe_reports", "team_members", "teams", "ticket_links", "tickets", "users"]
    shared.models.load_all()
    assert int(out[2]) == len(Base.metadata.tables)


def test_the_enums_and_permissions_do_without_sqlalchemy_and_the_models() -> None:
    """What the desktop needs of the core's vocabulary (roles, statuses, permissions) loads no
    mapped class and no SQLAlchemy: importing shared.models.enums runs the package's __init__,
    which used to import every model."""
    out = _run("""
import sys
import shared.auth.permissions, shared.models.enums
print(sorted(m for m in sys.modules if m.startswith(("sqlalchemy", "shared.models.", "shared.db"))))
""")
    assert out == "['shared.models.enums']"


_EACH_ALONE = """
import os, pkgutil, sys
import sqlalchemy.orm
import shared.models

failed = []
for info in pkgutil.iter_modules(shared.models.__path__):
    pid = os.fork()
    if pid == 0:  # a child with SQLAlchemy and no model: this module, then every mapper configured
        try:  # and every foreign key's table found (a flush sorts the tables by them)
            __import__(f"shared.models.{info.name}")
            sqlalchemy.orm.configure_mappers()
            from shared.db.base import Base
            for table in Base.metadata.sorted_tables:
                for key in table.foreign_keys:
                    key.column
        except BaseException as exc:
            print(info.name, repr(exc), flush=True)
            os._exit(1)
        os._exit(0)
    if os.waitpid(pid, 0)[1] != 0:
        failed.append(info.name)
print("FAILED", sorted(failed))
"""


@pytest.mark.posix_only
def test_each_model_module_configures_on_its_own() -> None:
    """A module whose relationships or foreign keys name another module's class or table imports
    that module itself (as the tickets import the users and the machines): with modules loaded on
    first use, no mapper and no flush may rely on another module having been imported by someone
    else. A flush of a ticket in a process that had not loaded the machines' table failed with
    NoReferencedTableError."""
    out = _run(_EACH_ALONE)
    assert out.splitlines()[-1] == "FAILED []", out
