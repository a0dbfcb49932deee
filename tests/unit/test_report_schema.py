"""The server's report validation (pydantic over the probe's TypedDicts): what it refuses, in what words."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from agent_probe.collect.snapshot import collect_snapshot
from shared.services.report_schema import validate_report, validate_snapshot


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    return dict(collect_snapshot())


def broken(good: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(good)
    *parents, leaf = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    if value is KeyError:
        del target[leaf]
    else:
        target[leaf] = value
    return data


def test_valid_snapshot_has_no_problems(good: dict[str, Any]) -> None:
    assert validate_snapshot(good) == []


@pytest.mark.parametrize("data", [None, [], "snapshot", 3])
def test_not_an_object(data: Any) -> None:
    assert validate_snapshot(data) == ["snapshot: expected an object"]


def test_wrong_schema_version(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "schema_version", 2)) == ["schema_version: expected 1, got 2"]


def test_missing_field(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "memory.total", KeyError)) == ["memory.total: missing"]


def test_missing_section(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "cpu", KeyError)) == ["cpu: missing"]


def test_wrong_type(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "memory.total", "lots")) == ["memory.total: expected int, got str"]


def test_bool_is_not_a_number(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "cpu.percent", True)) == ["cpu.percent: expected float, got bool"]


def test_int_accepted_where_float_expected(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "cpu.percent", 3)) == []


def test_nested_list_item_wrong_type(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "disks", [{"mountpoint": 1}]))[0].startswith("disks[0].")


def test_unexpected_field(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "system.secret", "x")) == ["system.secret: unexpected field"]


def test_timestamp_not_utc(good: dict[str, Any]) -> None:
    problems = validate_snapshot(broken(good, "collected_at", "2026-01-01T10:00:00+02:00"))
    assert problems == ["collected_at: timestamp must be in UTC"]


def test_timestamp_garbage(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "system.boot_time", "yesterday")) == [
        "system.boot_time: not an ISO-8601 timestamp"
    ]


def test_battery_may_be_null_but_not_a_string(good: dict[str, Any]) -> None:
    assert validate_snapshot(broken(good, "battery", None)) == []
    assert validate_snapshot(broken(good, "battery", "none")) == ["battery: expected an object"]


def test_overlong_string(good: dict[str, Any]) -> None:
    assert "longer than" in validate_snapshot(broken(good, "system.hostname", "h" * 5000))[0]


def test_report_body(good: dict[str, Any]) -> None:
    alert = {"key": "disk_full:/", "rule": "disk_full", "severity": "warning", "summary": "full", "details": {}}
    assert validate_report({"report_id": "a" * 32, "snapshot": good, "alerts": [alert]}) == []
    problems = validate_report(
        {"report_id": "x", "snapshot": good, "alerts": [{**alert, "severity": "meh"}], "extra": 1}
    )
    assert len(problems) == 3


def test_the_validator_is_derived_from_the_probes_typeddicts() -> None:
    """One definition: every TypedDict of the probe's schema is validated field for field, and a
    field added there is checked with the wire's limits without a second schema."""
    import typing

    from pydantic import TypeAdapter, ValidationError

    from agent_probe.collect import snapshot
    from shared.services import report_schema

    for name, value in vars(snapshot).items():
        if typing.is_typeddict(value):
            assert set(typing.get_type_hints(report_schema._model(value))) == set(typing.get_type_hints(value)), name

    class Added(typing.TypedDict):  # as if the probe gained a new section
        fans: list[str]

    adapter = TypeAdapter(report_schema._model(Added))
    assert adapter.validate_python({"fans": ["cpu"]}) == {"fans": ["cpu"]}
    with pytest.raises(ValidationError):
        adapter.validate_python({"fans": ["x" * 5000]})
    with pytest.raises(ValidationError):
        adapter.validate_python({"fans": [], "extra": 1})


def test_report_id_and_nested_unions_read_plainly(good: dict[str, Any]) -> None:
    body = {"report_id": "r" * 65, "snapshot": broken(good, "battery", {"percent": "x", "power_plugged": None,
                                                                       "seconds_left": None}), "alerts": []}
    assert validate_report(body) == ["report_id: expected a string of 8 to 64 characters",
                                     "battery.percent: expected float, got str"]
