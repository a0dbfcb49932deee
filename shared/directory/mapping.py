"""Directory groups -> a role and teams, from the `[directory]` table's group_roles / group_teams."""

from __future__ import annotations

from collections.abc import Iterable

from shared.config import DirectorySettings
from shared.models.enums import Role


def norm_dn(dn: str) -> str:
    """DNs compared the way directories compare them: case and spaces around separators ignored.
    Here, not beside the LDAP client: mapping groups to roles must not load ldap3."""
    return ",".join(part.strip() for part in dn.lower().split(","))


# When groups grant several roles the highest wins, in this order.
RANK = (Role.REQUESTER, Role.L1_AGENT, Role.L2_TECHNICIAN, Role.L3_ENGINEER, Role.SUPERVISOR, Role.ADMIN)


def role_for(groups: Iterable[str], cfg: DirectorySettings) -> Role | None:
    """The highest role the groups grant, else the default role (None: the user may not sign in)."""
    mapping = {norm_dn(dn): Role(role) for dn, role in cfg.group_roles.items()}
    granted = [mapping[g] for g in (norm_dn(g) for g in groups) if g in mapping]
    if granted:
        return max(granted, key=RANK.index)
    return Role(cfg.default_role) if cfg.default_role else None


def teams_for(groups: Iterable[str], cfg: DirectorySettings) -> set[str]:
    mapping = {norm_dn(dn): team for dn, team in cfg.group_teams.items()}
    return {mapping[g] for g in (norm_dn(g) for g in groups) if g in mapping}


def managed_teams(cfg: DirectorySettings) -> set[str]:
    """Teams whose membership the directory decides (the others are managed here)."""
    return set(cfg.group_teams.values())
