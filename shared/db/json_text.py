"""JSON objects stored as the text they arrived in, not encoded again.

A probe report's snapshot is parsed (and validated) from the request's JSON, then stored whole in
`machines.snapshot`. Encoding it again for the column (`json.dumps`, SQLAlchemy's default
serializer) cost ~14 % of the server's instructions a report (callgrind, bench/http_bench.py's
reports: processes, network counters, floats). `JsonText` is the parsed object together with its
text as received; the engines' JSON serializer (`dumps`, shared.db.engine) writes that text as it
is. Every other value is encoded as before.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn


class JsonText(dict[str, Any]):
    """A JSON object and the exact text it was parsed from (any spacing; the same value). Read-only:
    a changed object would be stored with its old text, so a change must start from `dict(x)`."""

    __slots__ = ("text",)

    def __init__(self, value: dict[str, Any], text: str) -> None:
        super().__init__(value)
        self.text = text

    def _read_only(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError("a JsonText is stored as the text it came in; change a dict(...) copy instead")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def copy(self) -> JsonText:
        return self  # read-only: a copy would be the same

    def __reduce__(self) -> tuple[type[JsonText], tuple[dict[str, Any], str]]:
        return JsonText, (dict(self), self.text)  # copy.deepcopy and pickle rebuild it whole, not item by item


def dumps(value: Any) -> str:
    """The engines' JSON serializer: a JsonText's own text, anything else `json.dumps` (SQLAlchemy's
    default)."""
    if type(value) is JsonText:
        return value.text
    return json.dumps(value)
