"""``helpdesk-probe``: the entry point, lean for the resident `run`.

`helpdesk-probe run [--interval SECONDS]` is the process that stays on every user's machine for
weeks (the systemd unit runs exactly that), so this module takes it without argparse, logging or
typing: 0.4, 1.1 and 0.5 MB of RSS the probe would otherwise hold for its whole life (budget 20 MB,
bench/probe_footprint.py). Every other command line, `run` with anything else (`-v`, `--help`,
a malformed interval, an abbreviation), goes to the full argparse command line in agent_probe/cli.py,
so errors and help read exactly as before.

User mistakes end with a one-line message and a non-zero exit, never a traceback: the people
running this are admins deploying to many machines, reading logs, not Python developers.
"""

from __future__ import annotations

import sys
import time

from agent_probe import plog

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from agent_probe.report.client import ProbeClient
    from agent_probe.report.spool import Spool

log = plog.getLogger("agent_probe")

EXIT_USAGE = 2
EXIT_FAILURE = 1
EXIT_UNAVAILABLE = 69  # sysexits EX_UNAVAILABLE: the server could not be reached, report spooled


class UserError(Exception):
    """A mistake the user can fix; printed without a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 3 and args[:2] == ["snapshot", "--for-report"]:
        return run_worker(args[2])
    interval = resident_interval(args)
    if interval is None:
        from agent_probe.cli import main as cli_main

        return cli_main(args)
    return run_resident(interval)


def resident_interval(args: list[str]) -> float | None:
    """The interval of `run`, `run --interval N` or `run --interval=N`; None for any other command
    line, which the full command line parses (and explains when it is wrong)."""
    if not args or args[0] != "run":
        return None
    if len(args) == 1:
        return 900.0  # cli.py's default for `run --interval`
    if len(args) == 2 and args[1].startswith("--interval="):
        text = args[1].partition("=")[2]
    elif len(args) == 3 and args[1] == "--interval":
        text = args[2]
    else:
        return None
    try:
        return float(text)  # what argparse's type=float does with it
    except ValueError:
        return None


def run_resident(interval: float) -> int:
    """`helpdesk-probe run`: as cli.py's cmd_run and error handling, with warnings to stderr."""
    safe_streams()
    plog.to_stderr(plog.WARNING)  # what cli.py's logging.basicConfig does without -v
    try:
        if interval < 0:
            from agent_probe.i18n import _

            raise UserError(_("--interval must not be negative"), EXIT_USAGE)
        from agent_probe.platform_paths import probe_home

        client, spool = reporting()
        run_loop(client, spool, interval, home=probe_home())
    except UserError as exc:
        print(f"helpdesk-probe: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    return 0


def run_worker(home: str) -> int:
    """`helpdesk-probe snapshot --for-report HOME`, the snapshot worker the resident starts every
    cycle (collect/worker.py): as lean as `run`, since it starts every 15 minutes on every machine
    (argparse and logging are a fifth of its CPU). cli.py takes the same command too."""
    safe_streams()
    plog.to_stderr(plog.WARNING)
    from pathlib import Path

    from agent_probe.collect import worker

    sys.stdout.write(worker.answer(Path(home)))
    return 0


def safe_streams() -> None:
    """Never crash on printing: a Windows console or pipe in cp1252/cp850 cannot encode every path
    or name; what it cannot encode is shown escaped (the gate's JSON is ASCII anyway)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # io.TextIOWrapper's; None when there is no console
        if reconfigure is not None:
            try:  # noqa: SIM105 (contextlib is one more import for the resident process)
                reconfigure(errors="backslashreplace")
            except (ValueError, AttributeError):  # io.UnsupportedOperation is a ValueError
                pass


def run_loop(
    client: ProbeClient,
    spool: Spool,
    interval: float,
    *,
    max_cycles: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_cycle: Callable[[int], None] | None = None,
    home: Path | None = None,
) -> None:
    """The resident loop. Nothing accumulates between cycles, so memory stays flat (see bench).
    With `home`, each snapshot comes from a worker process and this one never imports psutil
    (collect/worker.py). Measured and not kept: glibc's malloc_trim after each cycle (through
    ctypes) returned 0.2 MB and ctypes cost as much (bench/probe_footprint.py, 22.27 MB with it,
    22.19 MB without)."""
    from agent_probe.report.cycle import run_cycle

    cycle = 0
    while max_cycles is None or cycle < max_cycles:
        started = time.monotonic()
        try:
            result = run_cycle(client, spool, home=home)  # with `home`: the daily inventory when due
            log.info("report %s (%d alerts)", result.outcome, result.alerts)
        except Exception:  # one bad cycle (disk full, OS quirk) must not stop the resident probe
            log.exception("report cycle failed")
        cycle += 1
        if on_cycle is not None:
            on_cycle(cycle)
        sleep(max(0.0, interval - (time.monotonic() - started)))


def reporting() -> tuple[ProbeClient, Spool]:
    from agent_probe.i18n import _
    from agent_probe.platform_paths import ensure_dir, probe_home, spool_dir, state_file
    from agent_probe.report.enrol import EnrolmentError, load_state
    from agent_probe.report.spool import Spool

    home = probe_home()
    try:
        state = load_state(state_file(home))
    except EnrolmentError as exc:
        raise UserError(str(exc)) from None
    if state is None:
        raise UserError(_("This machine is not enrolled yet: run `helpdesk-probe enrol --server URL --token T`"))
    client = make_client(state.server_url, token=state.machine_token, ca_file=state.ca_file)
    return client, Spool(ensure_dir(spool_dir(home)))


def make_client(server: str, *, token: str | None, ca_file: str | None) -> ProbeClient:
    from agent_probe.report.client import ProbeClient

    try:
        return ProbeClient(server, token=token, ca_file=ca_file)
    except (ValueError, OSError) as exc:  # bad URL, unreadable CA file
        raise UserError(str(exc), EXIT_USAGE) from None


if __name__ == "__main__":
    sys.exit(main())
