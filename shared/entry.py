"""The `helpdesk` command's entry point: `shared.cli`, or, in an install of the probe alone
(`pip install helpdesk` without the [server] extra), one line saying how to get it.

Standard library only: it must import where nothing but the probe's dependencies is installed.
"""

from __future__ import annotations

import sys

# What the [server] extra brings that shared.config and shared.cli import first (pyproject.toml).
SERVER_PACKAGES = frozenset({"pydantic", "pydantic_settings", "sqlalchemy", "alembic", "babel", "platformdirs",
                             "keyring", "argon2", "fastapi", "httpx", "paramiko", "charset_normalizer", "icalendar",
                             "ldap3", "pyotp", "segno", "tzdata", "uvicorn"})


def _require(name: str) -> None:
    """Fail as an import of `name` would where it is not installed, without importing it."""
    from importlib.util import find_spec

    if find_spec(name) is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def main() -> int:
    try:
        import shared.config  # noqa: F401  (the settings: what every command loads first)
        from shared.cli import main as cli_main

        # The settings import pydantic only for a value their own checks do not vouch for (a start
        # does without its ~100 ms), so it is looked for here, not imported.
        _require("pydantic")
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0].lower() not in SERVER_PACKAGES:
            raise
        from shared.i18n import _

        print(_("helpdesk: this install holds the probe only (helpdesk-probe). For the helpdesk itself: "
                "pip install 'helpdesk[server]', or 'helpdesk[desktop]' for the console and tray"), file=sys.stderr)
        return 2
    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
