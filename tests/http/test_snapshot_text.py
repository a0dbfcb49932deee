"""A probe report's snapshot is stored as the text it came in (shared.db.json_text): parsed once by
json's own scanner, which says where the snapshot's text ends (routes.probe._parse_keeping), and not
encoded again for the column. The values are the same as json.loads gives; anything that is not a
plain UTF-8 JSON object is left to json.loads, errors and all."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text

from shared.auth.permissions import SYSTEM
from shared.db.database import Database
from shared.db.json_text import JsonText, dumps
from shared.http.app import create_app
from shared.http.deps import RateLimits
from shared.http.routes.probe import _parse_keeping
from shared.models import Machine
from shared.services import enrolment
from tests.conftest import PATIENCE
from tests.http.conftest import SECRET, LiveServer
from tests.http.reports import report

REPORT = "/api/v1/probe/report"


@pytest.mark.parametrize("raw", [
    b'{"snapshot": {"a": 1, "b": [1.5, "x"]}, "report_id": "r"}',
    b' \n{ "report_id" : "r" ,\t"snapshot" :{"a":{"b":null}} , "alerts":[] }\r\n',
    b'{"snapshot": {"a": 1}, "snapshot": {"b": "\\u00e9\\ud83d\\ude00", "c": 1e400}}',  # the last one wins
    '{"snapshot": {"naïve": "日本", "n": -0.0, "big": 123456789012345678901234567890}}'.encode(),
    b'{"snap\\u0073hot": {"t": true, "f": false}}',  # an escaped key is the same key
    b'{"report_id": "r", "alerts": [{"k": NaN}]}',  # no snapshot: nothing kept
    b"{}",
])
def test_a_json_object_reads_as_json_loads_reads_it(raw: bytes) -> None:
    kept = _parse_keeping(raw, "snapshot")
    assert kept is not None
    data, snapshot = kept
    assert repr(data) == repr(json.loads(raw))  # repr: NaN != NaN, and -0.0 == 0.0
    expected = json.loads(raw).get("snapshot")
    assert (snapshot is None) == (expected is None)
    if snapshot is not None:
        assert repr(json.loads(snapshot)) == repr(expected) and snapshot == snapshot.strip()


@pytest.mark.parametrize("raw", [
    b"", b"[1, 2]", b'"text"', b"1", b"{", b'{"a": 1', b'{"a" 1}', b'{"a": 1,}', b'{"a": 1} x',
    b'{"a": [1, }', b"{'a': 1}", b'{"a": "\x01"}',  # a control character in a string (strict)
    b'\xef\xbb\xbf{"a": 1}',  # a BOM: json.loads takes it, from bytes
    '{"a": 1}'.encode("utf-16"), b'{"a": "\xff"}', b'{"a": "\xed\xa0\x80"}',  # not UTF-8
])
def test_anything_else_is_left_to_json_loads(raw: bytes) -> None:
    assert _parse_keeping(raw, "snapshot") is None


def test_a_json_text_is_read_only_and_stored_as_its_text() -> None:
    kept = JsonText({"a": 1}, '{ "a" : 1 }')
    with pytest.raises(TypeError):
        kept["b"] = 2
    with pytest.raises(TypeError):
        kept.update(b=2)
    with pytest.raises(TypeError):
        del kept["a"]
    assert kept == {"a": 1} and dict(kept) == {"a": 1}
    for copied in (copy.copy(kept), copy.deepcopy(kept), pickle.loads(pickle.dumps(kept))):
        assert type(copied) is JsonText and copied == kept and copied.text == kept.text
    assert dumps(kept) == '{ "a" : 1 }'
    assert dumps({"a": 1}) == json.dumps({"a": 1})  # every other value as before


def test_the_engine_stores_a_json_text_as_it_is(db: Database) -> None:
    token = enrolment.issue_enrolment_token(db.uow(), SYSTEM)
    machine_id, _token = enrolment.enrol(db.uow(), token, "pc-text", "Linux 6.1", None)
    with db.uow() as uow:
        machine = uow.session.get(Machine, machine_id)
        assert machine is not None
        machine.snapshot = JsonText({"a": [1, 2.5]}, '{"a":[1,2.5]}')
        uow.commit()
    with db.uow() as uow:
        stored = uow.session.execute(text("SELECT snapshot FROM machines WHERE id = :id"), {"id": machine_id})
        assert stored.scalar() in ('{"a":[1,2.5]}', {"a": [1, 2.5]})  # PostgreSQL's driver parses json
        assert uow.session.scalar(select(Machine.snapshot).where(Machine.id == machine_id)) == {"a": [1, 2.5]}


def _stored_snapshot(db: Database, machine_id: int) -> Any:
    with db.uow() as uow:
        return uow.session.execute(text("SELECT snapshot FROM machines WHERE id = :id"), {"id": machine_id}).scalar()


@pytest.mark.parametrize("fast", [True, False])
def test_a_reports_snapshot_is_stored_as_sent(committed_db: Database, fast: bool) -> None:
    """Through the fast path, the snapshot's own text; through the route, encoded as before. The same
    value either way."""
    server = LiveServer(create_app(committed_db, secret=SECRET, limits=RateLimits(), report_fast_path=fast))
    token = enrolment.issue_enrolment_token(committed_db.uow(), SYSTEM)
    machine_id, machine_token = enrolment.enrol(committed_db.uow(), token, "pc-sent", "Linux 6.1", None)
    body = report(full_disk=True)
    sent = json.dumps(body, separators=(",", ":"))  # as the probe encodes it
    snapshot_text = json.dumps(body["snapshot"], separators=(",", ":"))
    assert snapshot_text in sent
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=PATIENCE) as c:
            r = c.post(REPORT, content=sent.encode(), headers={"Authorization": f"Bearer {machine_token}",
                                                               "Content-Type": "application/json"})
        assert r.status_code == 200, r.text
    finally:
        server.stop()
    stored = _stored_snapshot(committed_db, machine_id)
    if isinstance(stored, str):  # SQLite: the text itself
        assert stored == (snapshot_text if fast else json.dumps(body["snapshot"]))
    assert (json.loads(stored) if isinstance(stored, str) else stored) == body["snapshot"]
    with committed_db.uow() as uow:
        assert uow.session.scalar(select(Machine.snapshot).where(Machine.id == machine_id)) == body["snapshot"]
