"""`helpdesk triage eval` on any CSV: the figures, a JSON last line, and one readable line (no
traceback) for each mistake a user can make with a file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from shared.errors import ValidationFailed
from tests.cli.conftest import ROOT

Cli = Callable[..., tuple[int, str, str]]
EXAMPLE = str(ROOT / "resources" / "examples" / "triage-tickets.csv")
pytestmark = pytest.mark.usefixtures("committed_db")


def _refused(cli: Cli, *argv: str) -> str:
    code, _out, err = cli("triage", "eval", *argv)
    assert code == ValidationFailed.exit_code, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    return err


def test_eval_split_prints_figures_and_ends_with_json(cli: Cli) -> None:
    code, out, _err = cli("triage", "eval", "--csv", EXAMPLE, "--text-col", "text", "--label-col", "category",
                          "--test-frac", "0.25", "--seed", "1", "--json")
    assert code == 0
    assert "Macro-F1:" in out and "Confusion matrix" in out
    last = json.loads(out.strip().splitlines()[-1])
    assert last["n_train"] + last["n_test"] == 60 and last["n_test"] == 15
    assert last["labels"] == ["Account", "Email", "Hardware", "Network", "Printer"]
    assert sum(map(sum, last["confusion_matrix"])) == 15
    for key in ("accuracy", "macro_f1", "train_seconds", "predict_ms_per_ticket"):
        assert isinstance(last[key], float)


def test_eval_on_separate_train_and_test_files_in_another_encoding(cli: Cli, tmp_path: Path) -> None:
    rows = Path(EXAMPLE).read_text(encoding="utf-8").splitlines()
    train, test = tmp_path / "train.csv", tmp_path / "test.csv"
    train.write_text("\n".join(rows[:45]).replace("text,category", "isi;kategori").replace(",", ";") + "\n",
                     encoding="utf-8")
    test.write_bytes(("isi;kategori\n" + "\n".join(r.replace(",", ";") for r in rows[45:])
                      + "\nImpresora atascada en el café;Printer\n").encode("cp1252"))
    code, out, err = cli("triage", "eval", "--train", str(train), "--test", str(test),
                         "--text-col", "isi", "--label-col", "kategori", "--json")
    assert code == 0, err
    assert json.loads(out.strip().splitlines()[-1])["n_test"] == 17  # 16 example rows and the cp1252 one


def test_missing_column_names_the_columns(cli: Cli) -> None:
    err = _refused(cli, "--csv", EXAMPLE, "--text-col", "body", "--label-col", "category")
    assert "body" in err and "text, category" in err


def test_missing_file(cli: Cli, tmp_path: Path) -> None:
    assert "No file" in _refused(cli, "--csv", str(tmp_path / "nope.csv"), "--text-col", "a", "--label-col", "b")


def test_empty_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "e.csv").write_bytes(b"")
    assert "empty" in _refused(cli, "--csv", str(tmp_path / "e.csv"), "--text-col", "a", "--label-col", "b")


def test_binary_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "b.csv").write_bytes(bytes(range(256)) * 40)
    err = _refused(cli, "--csv", str(tmp_path / "b.csv"), "--text-col", "a", "--label-col", "b")
    assert "encoding" in err or "no column" in err


def test_one_label_only(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text("a,b\nprinter jam,Printer\ntoner empty,Printer\n", encoding="utf-8")
    assert "only one label" in _refused(cli, "--csv", str(tmp_path / "one.csv"), "--text-col", "a", "--label-col", "b")


def test_too_few_to_split(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "few.csv").write_text("a,b\nprinter,P\nvpn,N\nmail,M\n", encoding="utf-8")
    assert "two tickets each" in _refused(cli, "--csv", str(tmp_path / "few.csv"), "--text-col", "a",
                                          "--label-col", "b")


def test_bad_test_fraction_and_mixed_forms(cli: Cli) -> None:
    assert "between 0 and 1" in _refused(cli, "--csv", EXAMPLE, "--text-col", "text", "--label-col", "category",
                                         "--test-frac", "1.5")
    assert "not both" in _refused(cli, "--csv", EXAMPLE, "--train", EXAMPLE, "--text-col", "text",
                                  "--label-col", "category")
    assert "--train FILE and --test FILE" in _refused(cli, "--train", EXAMPLE, "--text-col", "text",
                                                      "--label-col", "category")


def test_train_command_says_when_there_is_too_little(cli: Cli) -> None:
    code, out, _err = cli("triage", "train")
    assert code == 0 and "keyword rules" in out
