"""`helpdesk report`: service-desk KPIs for a period, as aligned text or CSV."""

from __future__ import annotations

import argparse
import csv
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from shared.auth.permissions import SYSTEM
from shared.cli_support import CliContext
from shared.errors import ValidationFailed
from shared.i18n import N_, _
from shared.textwidth import clip, column, pad
from shared.timefmt import fmt_duration, fmt_number, fmt_percent, local_zone

# Reports reach back a period's length before --from and a day past --to: far-off dates would
# overflow Python's dates (year 1 to 9999) once moved to UTC.
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(2999, 12, 31)

# metrics.AGE_BUCKETS names, as the text report shows them (the CSV keeps the names).
AGE_LABELS = {"< 1d": N_("< 1 day"), "1–3d": N_("1–3 days"), "3–7d": N_("3–7 days"), "7–30d": N_("7–30 days"),
              "> 30d": N_("> 30 days")}


def report_date(value: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{value}' is not a date like 2026-01-31").format(value=value)) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(_("'{value}' is out of range: use a day from {first} to {last}").format(
            value=value, first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()))
    return day


def cmd_report(args: argparse.Namespace, ctx: CliContext) -> int:
    tz = local_zone(ctx.settings.timezone)
    today = datetime.now(tz).date()
    end_day = args.to or today
    start_day = args.from_ or end_day - timedelta(days=29)
    if end_day < start_day:
        raise ValidationFailed(_("--to must not be before --from."), field="to")
    start = datetime.combine(start_day, time(), tz).astimezone(UTC)
    end = datetime.combine(end_day + timedelta(days=1), time(), tz).astimezone(UTC)
    tz_name = getattr(tz, "key", None) or "UTC"
    from shared.services import metrics  # the report's code loads for a report, not for every command

    r = metrics.report(ctx.database().uow(), SYSTEM, start, end, timezone=tz_name)
    rows: list[tuple[str, str]] = [
        (_("Period"), f"{start_day.isoformat()} … {end_day.isoformat()}"),
        (_("Tickets created"), str(r.created)),
        (_("Tickets resolved"), str(r.resolved)),
        (_("Open backlog (now)"), str(r.open_backlog)),
        (_("First contact resolution"), fmt_percent(r.fcr_rate)),
        (_("First response time, mean"), fmt_duration(r.first_response_mean_s)),
        (_("First response time, median"), fmt_duration(r.first_response_median_s)),
        (_("Resolution time, mean"), fmt_duration(r.resolution_mean_s)),
        (_("Resolution time, median"), fmt_duration(r.resolution_median_s)),
        (_("SLA compliance"), fmt_percent(r.sla_compliance)),
        (_("CSAT average (1–5)"), fmt_number(r.csat_average, 2)),
        (_("CSAT responses"), str(r.csat_responses)),
    ]
    if args.csv:
        # "\n": the stream itself turns it into "\r\n" on Windows; csv's default "\r\n" became "\r\r\n" there.
        writer = csv.writer(ctx.out, lineterminator="\n")
        writer.writerow(["metric", "value"])
        raw: list[tuple[str, Any]] = [
            ("created", r.created), ("resolved", r.resolved), ("open_backlog", r.open_backlog),
            ("fcr_rate", r.fcr_rate), ("first_response_mean_s", r.first_response_mean_s),
            ("first_response_median_s", r.first_response_median_s), ("resolution_mean_s", r.resolution_mean_s),
            ("resolution_median_s", r.resolution_median_s), ("sla_compliance", r.sla_compliance),
            ("csat_average", r.csat_average), ("csat_responses", r.csat_responses)]
        raw += [(f"created_on:{d.isoformat()}", n) for d, n in r.per_day]
        raw += [(f"backlog_age:{name}", n) for name, n in r.backlog_by_age]
        raw += [(f"backlog_tier:L{tier}", n) for tier, n in r.backlog_by_tier]
        raw += [(f"category:{c.category}", c.count) for c in r.top_categories]
        for key, value in raw:
            writer.writerow([key, "" if value is None else value])
        return 0
    width = column(k for k, _v in rows) + 2
    for key, value in rows:
        ctx.out.write(pad(key, width) + value + "\n")
    ctx.out.write("\n" + _("Tickets per week") + "\n")
    for monday, n in r.per_week:
        ctx.out.write(f"  {monday.isoformat()}  {n:>5}  {'▇' * min(n, 60)}\n")
    ctx.out.write("\n" + _("Open backlog by age") + "\n")
    ages = [(_(AGE_LABELS[name]) if name in AGE_LABELS else name, n) for name, n in r.backlog_by_age]
    age_width = column(name for name, _n in ages)
    for name, n in ages:
        ctx.out.write(f"  {pad(name, age_width)}{n:>6}\n")
    ctx.out.write("\n" + _("Top categories (change against the previous period)") + "\n")
    for c in r.top_categories:
        ctx.out.write(f"  {pad(clip(c.category, 32), 32)}{c.count:>5}  ({c.change:+d})\n")
    return 0


def cmd_rebuild_aggregates(_args: argparse.Namespace, ctx: CliContext) -> int:
    from shared.services import report_aggregates

    rows = report_aggregates.rebuild_aggregates(ctx.database().uow(), SYSTEM)
    ctx.out.write(_("Report aggregates rebuilt from the tickets: {rows} day rows.").format(
        rows=fmt_number(rows)) + "\n")
    return 0
