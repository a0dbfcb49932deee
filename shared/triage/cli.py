"""`helpdesk triage train` (a new model version from this desk's resolved tickets) and
`helpdesk triage eval` (the same kind of model measured on labelled tickets from a CSV file)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext
from shared.errors import ValidationFailed
from shared.i18n import _
from shared.textwidth import clip, column, pad


def register_cli(sub: Any) -> None:
    p = sub.add_parser("triage", help=_("the learned ticket classifier: train it, measure it"))
    t_sub = p.add_subparsers(dest="triage_command", required=True, metavar="COMMAND")
    tr = t_sub.add_parser("train", help=_("train a new model version from the resolved tickets"))
    tr.add_argument("--chars", action="store_true", help=_("add character n-grams (slower to train)"))
    tr.set_defaults(handler=cmd_train)
    ev = t_sub.add_parser("eval", help=_("measure the classifier on labelled tickets from CSV files"))
    ev.add_argument("--csv", metavar="FILE", help=_("one file, split into training and test tickets"))
    ev.add_argument("--train", metavar="FILE", help=_("the training tickets (with --test)"))
    ev.add_argument("--test", metavar="FILE", help=_("the test tickets (with --train)"))
    ev.add_argument("--text-col", required=True, metavar="C", help=_("the column with the ticket's text"))
    ev.add_argument("--label-col", required=True, metavar="C", help=_("the column with the ticket's category"))
    ev.add_argument("--test-frac", type=float, default=0.2, metavar="F",
                    help=_("share of a --csv file kept for testing (default 0.2)"))
    ev.add_argument("--seed", type=int, default=0, help=_("the split's random seed (default 0)"))
    ev.add_argument("--chars", action="store_true", help=_("add character n-grams (slower to train)"))
    ev.add_argument("--json", action="store_true", help=_("end with one line of JSON"))
    ev.set_defaults(handler=cmd_eval)


def cmd_train(args: argparse.Namespace, ctx: CliContext) -> int:
    from shared.triage import store

    result = store.train(ctx.database().uow(), SYSTEM, chars=args.chars)
    ctx.out.write(result.message + "\n")
    return 0


def cmd_eval(args: argparse.Namespace, ctx: CliContext) -> int:
    from shared.triage.dataset import check_labels, read_csv
    from shared.triage.train import evaluate, split

    if args.csv and (args.train or args.test):
        raise ValidationFailed(_("Give either --csv, or --train and --test, not both."), field="csv")
    if args.csv:
        if not 0 < args.test_frac < 1:
            raise ValidationFailed(_("--test-frac must be between 0 and 1."), field="test_frac")
        data = read_csv(args.csv, args.text_col, args.label_col)
        check_labels(data, args.csv)
        train_x, train_y, test_x, test_y = split(data.texts, data.labels, test_frac=args.test_frac, seed=args.seed)
    elif args.train and args.test:
        train_data = read_csv(args.train, args.text_col, args.label_col)
        check_labels(train_data, args.train)
        test_data = read_csv(args.test, args.text_col, args.label_col)
        train_x, train_y, test_x, test_y = train_data.texts, train_data.labels, test_data.texts, test_data.labels
    else:
        raise ValidationFailed(_("Give --csv FILE, or --train FILE and --test FILE."), field="csv")
    result = evaluate(train_x, train_y, test_x, test_y, chars=args.chars, seed=args.seed)
    out = ctx.out
    out.write(_("Trained on {n_train:,} tickets in {seconds:.1f} s; tested on {n_test:,}.").format(
        n_train=result.n_train, seconds=result.train_seconds, n_test=result.n_test) + "\n")
    out.write(_("Accuracy: {value:.3f}").format(value=result.accuracy) + "\n")
    out.write(_("Macro-F1: {value:.3f}").format(value=result.macro_f1) + "\n")
    out.write(_("Prediction: {ms:.3f} ms per ticket").format(ms=result.predict_ms_per_ticket) + "\n")
    out.write(_("Confusion matrix (rows: true label, columns: predicted):") + "\n")
    _matrix(out, result.labels, result.confusion)
    if args.json:
        out.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
    return 0


def _matrix(out: Any, labels: list[str], rows: list[list[int]]) -> None:
    names = [clip(label, 24) for label in labels]
    first = column(names)
    cells = [max(len(str(v)) for v in [*(r[j] for r in rows), j + 1]) for j in range(len(labels))]
    out.write(pad("", first + 6) + " ".join(pad(str(j + 1), w, right=True) for j, w in enumerate(cells)) + "\n")
    for i, (name, row) in enumerate(zip(names, rows, strict=True)):
        out.write(pad(f"{i + 1:>3}. {name}", first + 6)
                  + " ".join(pad(str(v), w, right=True) for v, w in zip(row, cells, strict=True)) + "\n")
