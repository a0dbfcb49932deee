"""Labelled tickets from a CSV file, for `helpdesk triage eval`: any encoding (detected with
charset-normalizer when the file is not UTF-8), any delimiter the csv sniffer recognises, and a
readable message, never a traceback, for every mistake a user can make with a file."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from shared.errors import ValidationFailed
from shared.i18n import _

MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class Labelled:
    texts: list[str]
    labels: list[str]
    skipped: int  # rows without text or label


def decode(data: bytes, name: str) -> str:
    """The file's text: UTF-8 (with or without BOM) when it is, else the detected encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValidationFailed(_("{file} is not text in any encoding that can be recognised.").format(file=name),
                               field="csv")
    return str(best)


def read_csv(path: str, text_col: str, label_col: str) -> Labelled:
    """The (text, label) pairs of a CSV file with a header row naming the two columns."""
    file = Path(path)
    try:
        if file.stat().st_size > MAX_BYTES:
            raise ValidationFailed(_("{file} is larger than {limit} MB.").format(file=path, limit=MAX_BYTES >> 20),
                                   field="csv")
        data = file.read_bytes()
    except FileNotFoundError:
        raise ValidationFailed(_("No file {file}.").format(file=path), field="csv") from None
    except IsADirectoryError:
        raise ValidationFailed(_("{file} is a folder, not a CSV file.").format(file=path), field="csv") from None
    except OSError as exc:
        raise ValidationFailed(_("Cannot read {file}: {error}").format(file=path, error=exc.strerror or exc),
                               field="csv") from None
    text = decode(data, path)
    if not text.strip():
        raise ValidationFailed(_("{file} is empty.").format(file=path), field="csv")
    csv.field_size_limit(16 * 1024 * 1024)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip() for h in next(reader)]
        missing = [c for c in (text_col, label_col) if c not in header]
        if missing:
            raise ValidationFailed(_("{file} has no column {column}; its columns are: {columns}.").format(
                file=path, column=", ".join(missing), columns=", ".join(header)), field="column")
        ti, li = header.index(text_col), header.index(label_col)
        texts, labels, skipped = [], [], 0
        for row in reader:
            if not row:
                continue
            t = row[ti].strip() if ti < len(row) else ""
            label = row[li].strip() if li < len(row) else ""
            if t and label:
                texts.append(t)
                labels.append(label)
            else:
                skipped += 1
    except csv.Error as exc:
        raise ValidationFailed(_("{file} is not a readable CSV file: {error}").format(file=path, error=exc),
                               field="csv") from None
    if not texts:
        raise ValidationFailed(_("{file} has no row with both a text and a label.").format(file=path), field="csv")
    return Labelled(texts, labels, skipped)


def check_labels(data: Labelled, path: str) -> None:
    if len(set(data.labels)) < 2:
        raise ValidationFailed(_("{file} has only one label ({label}); a classifier needs at least two.").format(
            file=path, label=data.labels[0]), field="label")
