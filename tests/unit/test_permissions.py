import pytest

from shared.auth.passwords import hash_password, verify_password
from shared.auth.permissions import PERMISSION_LABELS, ROLE_PERMISSIONS, Actor, Permission, can, require
from shared.errors import PermissionDenied
from shared.i18n import set_language
from shared.models.enums import Role


def actor(role: Role) -> Actor:
    return Actor(id=1, username="u", full_name="U", role=role)


def test_every_role_has_a_row() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_admin_has_everything() -> None:
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.L1_AGENT, Role.SUPERVISOR])
def test_only_l2_and_up_run_diagnostics(role: Role) -> None:
    assert not can(actor(role), Permission.DIAGNOSTIC_RUN)


@pytest.mark.parametrize("role", [Role.L2_TECHNICIAN, Role.L3_ENGINEER, Role.ADMIN])
def test_technicians_run_diagnostics(role: Role) -> None:
    assert can(actor(role), Permission.DIAGNOSTIC_RUN)


def test_requesters_cannot_see_all_tickets() -> None:
    with pytest.raises(PermissionDenied, match=r"\(Requester\) may not do this: see all tickets"):
        require(actor(Role.REQUESTER), Permission.TICKET_VIEW_ALL)


def test_a_refusal_names_role_and_permission_in_the_readers_language() -> None:
    set_language("id")
    try:
        with pytest.raises(PermissionDenied) as refused:
            require(actor(Role.REQUESTER), Permission.TICKET_ESCALATE)
    finally:
        set_language("en")
    message = str(refused.value)
    assert "(Pemohon)" in message and "mengeskalasi tiket" in message
    assert "requester" not in message and "ticket:escalate" not in message


def test_every_permission_has_a_label() -> None:
    assert set(PERMISSION_LABELS) == set(Permission)


def test_l1_cannot_override_priority_but_supervisor_can() -> None:
    assert not can(actor(Role.L1_AGENT), Permission.PRIORITY_OVERRIDE)
    assert can(actor(Role.SUPERVISOR), Permission.PRIORITY_OVERRIDE)


def test_passwords_are_argon2_hashed() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "wrong horse")
    assert not verify_password(None, "anything")
    assert not verify_password("not-a-hash", "anything")


def test_production_hashes_keep_argon2_cffis_recommended_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite makes hashing cheap through HELPDESK_ARGON2_*; without them nothing is weakened."""
    import argon2

    from shared.auth.passwords import hasher_for
    from shared.config import Settings

    for name in ("TIME_COST", "MEMORY_KIB", "PARALLELISM"):
        monkeypatch.delenv(f"HELPDESK_ARGON2_{name}", raising=False)
    hasher = hasher_for(Settings())
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        argon2.DEFAULT_TIME_COST, argon2.DEFAULT_MEMORY_COST, argon2.DEFAULT_PARALLELISM)
    with pytest.raises(ValueError, match="8 KiB per lane"):
        Settings(argon2_memory_kib=16, argon2_parallelism=4)
