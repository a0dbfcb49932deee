"""The offline spool: durable, ordered, bounded, and never crashed by a bad file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

from agent_probe.collect.common import RawJson
from agent_probe.report.spool import RejectedError, Spool, UnavailableError, encode, is_json_object


def test_replay_is_oldest_first_and_empties_the_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    for n in range(5):
        spool.put({"n": n})
    sent: list[Any] = []
    result = spool.replay(lambda data: sent.append(json.loads(data)["n"]))
    assert sent == [0, 1, 2, 3, 4]
    assert (result.delivered, result.remaining) == (5, 0)
    assert spool.pending() == []


def test_replay_stops_at_first_unavailable_keeping_order(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    for n in range(4):
        spool.put({"n": n})
    sent: list[int] = []

    def send(data: bytes) -> None:
        if json.loads(data)["n"] == 2:
            raise UnavailableError("down")
        sent.append(json.loads(data)["n"])

    result = spool.replay(send)
    assert sent == [0, 1] and result.remaining == 2
    assert [json.loads(p.read_text())["n"] for p in spool.pending()] == [2, 3]


def test_rejected_report_moves_to_rejected_folder_with_reason(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.put({"n": 1})

    def send(_data: bytes) -> None:
        raise RejectedError("HTTP 422: bad snapshot")

    result = spool.replay(send)
    assert result.rejected == 1 and spool.pending() == []
    reasons = list(spool.rejected_dir.glob("*.reason.txt"))
    assert reasons[0].read_text() == "HTTP 422: bad snapshot"
    assert len(list(spool.rejected_dir.glob("*.json"))) == 1


def test_corrupted_file_is_moved_aside_not_fatal(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    spool.put({"n": 1})
    (tmp_path / "00000000000000000001-garbage.json").write_bytes(b"{not json")
    (tmp_path / "00000000000000000002-list.json").write_text("[1, 2]")
    sent: list[Any] = []
    result = spool.replay(sent.append)
    assert sent == [b'{"n":1}'] and result.corrupt == 2
    assert sorted(p.name for p in spool.corrupt_dir.iterdir()) == [
        "00000000000000000001-garbage.json",
        "00000000000000000002-list.json",
    ]


def test_write_is_atomic_a_crash_leaves_no_partial_report(tmp_path: Path) -> None:
    spool = Spool(tmp_path)
    with mock.patch("agent_probe.report.spool.os.replace", side_effect=OSError("power cut")), pytest.raises(OSError):
        spool.put({"n": 1})
    # The half-written temp file is not a *.json, so it is never replayed as a report.
    assert spool.pending() == []
    assert [p.name.startswith(".") and p.name.endswith(".tmp") for p in tmp_path.iterdir()] == [True]


def test_spool_is_bounded_dropping_the_oldest(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_files=3)
    for n in range(5):
        spool.put({"n": n})
    assert [json.loads(p.read_text())["n"] for p in spool.pending()] == [2, 3, 4]


def test_missing_directory_means_nothing_pending(tmp_path: Path) -> None:
    assert Spool(tmp_path / "nope").pending() == []


def test_rejected_folder_is_bounded_too(tmp_path: Path) -> None:
    spool = Spool(tmp_path, max_rejected=2)
    for n in range(4):
        spool.reject({"n": n}, "HTTP 401: token revoked")
    kept = sorted(spool.rejected_dir.glob("*.json"))
    assert [json.loads(p.read_text())["report"]["n"] for p in kept] == [2, 3]


@pytest.mark.parametrize("clock", ["coarse", "stepping_back"], ids=["windows_16ms_tick", "clock_set_back"])
def test_order_does_not_depend_on_the_clock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: str) -> None:
    # Windows' time_ns advances every ~16 ms: ten quick reports share one value. A clock set back
    # (NTP, a dead CMOS battery) gives later reports smaller values.
    ticks = iter(range(10**18, 0, -10**9)) if clock == "stepping_back" else None
    monkeypatch.setattr("agent_probe.report.spool.time.time_ns",
                        (lambda: next(ticks)) if ticks else (lambda: 1_733_000_000_000_000_000))
    spool = Spool(tmp_path)
    for n in range(10):
        spool.put({"n": n})
    sent: list[int] = []
    spool.replay(lambda data: sent.append(json.loads(data)["n"]))
    assert sent == list(range(10))


def test_reports_from_an_older_probe_go_first(tmp_path: Path) -> None:
    (tmp_path / "01733000000000000000-ab12cd34.json").write_text('{"n": "old"}', encoding="utf-8")
    spool = Spool(tmp_path)
    spool.put({"n": "new"})
    sent: list[str] = []
    spool.replay(lambda data: sent.append(json.loads(data)["n"]))
    assert sent == ["old", "new"]


def test_raw_json_is_written_as_it_is_and_replayed_as_on_disk(tmp_path: Path) -> None:
    # The daily inventory arrives from the helper as checked JSON text: spooled and sent without
    # being parsed into objects in the resident probe (RawJson, encode).
    spool = Spool(tmp_path)
    raw = RawJson('{"software":[{"name":"dpkg","version":"1.21"}],"note":"caf\\u00e9"}')
    path = spool.put({"report_id": "r1", "inventory": raw, "alerts": []})
    on_disk = path.read_bytes()
    inventory = {"software": [{"name": "dpkg", "version": "1.21"}], "note": "caf\u00e9"}
    assert json.loads(on_disk) == {"report_id": "r1", "alerts": [], "inventory": inventory}
    assert encode({"inventory": raw}) == b'{"inventory":' + raw.encode() + b"}"  # nothing else: no comma
    assert encode({"n": 1}) == b'{"n":1}'
    sent: list[bytes] = []
    assert spool.replay(sent.append).delivered == 1
    assert sent == [on_disk]
    kept = spool.reject({"report_id": "r2", "inventory": raw}, "HTTP 422")
    assert json.loads(kept.read_bytes())["report"]["inventory"]["software"][0]["name"] == "dpkg"


@pytest.mark.parametrize(("data", "expected"), [
    (b'{"a": [1, {"b": 2}]}', True), (b"{}", True), (b"[{}]", False), (b'"{}"', False), (b"null", False),
])
def test_a_json_object_is_recognised_without_keeping_it(data: bytes, expected: bool) -> None:
    assert is_json_object(data) is expected


@pytest.mark.parametrize("data", [b"{not json", b'{"a": 1} trailing', b"\xff\xfe{", b""])
def test_anything_else_is_not_json(data: bytes) -> None:
    with pytest.raises(ValueError):
        is_json_object(data)

