"""Display names of the teams and categories a fresh installation starts with (services/seed.py).

They are stored in English, as created, so look-ups by name keep working in every language; they
are translated where they are shown. A name an administrator chose is shown as written.
"""

from __future__ import annotations

from functools import cache

from shared.i18n import _

PATH_SEPARATOR = " / "


@cache
def _builtin() -> frozenset[str]:
    from shared.services.seed import CATEGORIES, TEAMS  # seed uses the services; read it lazily

    names = {name for name, _tier, _description in TEAMS}
    names |= set(CATEGORIES) | {child for children in CATEGORIES.values() for child, _words in children}
    return frozenset(names)


def shown_name(name: str) -> str:
    """A team or category name in the active language when it is a built-in one."""
    return _(name) if name in _builtin() else name


def shown_path(path: str) -> str:
    """A category path ("Network / VPN") with each built-in part translated. A built-in name may
    hold the separator itself ("Laptop / PC"): the longest built-in run of parts wins."""
    parts, shown, i = path.split(PATH_SEPARATOR), [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            name = PATH_SEPARATOR.join(parts[i:j])
            if name in _builtin():
                shown.append(_(name))
                i = j
                break
        else:
            shown.append(parts[i])
            i += 1
    return PATH_SEPARATOR.join(shown)
