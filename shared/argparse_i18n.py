"""argparse's own words ("usage:", "the following arguments are required", "invalid choice", the
-h help line) in the user's language.

argparse looks its messages up with the `gettext` and `ngettext` it imported from the gettext
module, i.e. in gettext's global domain, whose language only the environment can choose. We point
those two names at our catalogue instead, so `--language id` and the settings apply to argparse
as to every other message. The messages are listed below so that extraction puts them in our
catalogue (Python 3.11–3.13 wording).
"""

from __future__ import annotations

import argparse

from shared.i18n import N_, _, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_(" (default: %(default)s)"),
    N_("%(heading)s:"),
)


def _plural_messages() -> None:
    """Never called: marks argparse's plural messages for extraction."""
    ngettext("expected %s argument", "expected %s arguments", 1)


def route_argparse_messages() -> None:
    """Make argparse translate through our catalogue (idempotent)."""
    setattr(argparse, "_", _)  # noqa: B010  (argparse declares no such public name to assign)
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
