"""`helpdesk admin checklist …`: SOP checklist templates per category and ticket type."""

from __future__ import annotations

import argparse
from typing import Any

from shared.admin_cli.common import actor
from shared.cli_support import CliContext, record_id
from shared.i18n import _
from shared.services import checklists
from shared.services.checklists import StepSpec


def _required(text: str) -> StepSpec:
    return StepSpec(text, True)


def _optional(text: str) -> StepSpec:
    return StepSpec(text, False)


def register(sub: Any) -> None:
    p = sub.add_parser("checklist", help=_("SOP checklists per category and ticket type"))
    c = p.add_subparsers(dest="checklist_command", required=True, metavar="COMMAND")
    c.add_parser("list", help=_("every checklist with its steps")).set_defaults(handler=cmd_list)
    for name, help_text in (("add", _("add a checklist")), ("edit", _("replace a checklist's name and steps"))):
        pa = c.add_parser(name, help=help_text)
        if name == "edit":
            pa.add_argument("id", type=record_id)
        pa.add_argument("--category", required=True, help=_("path like 'Network / VPN', or a unique name"))
        pa.add_argument("--type", dest="ticket_type", default="",
                        help=_("only tickets of this type (incident, service_request, question, complaint)"))
        pa.add_argument("--name", required=True)
        # Both append to one list, so required and optional steps keep the order they were given in.
        pa.add_argument("--step", dest="steps", action="append", type=_required, default=[],
                        help=_("a required step (repeatable, in order)"))
        pa.add_argument("--optional-step", dest="steps", action="append", type=_optional,
                        help=_("an optional step (repeatable, in order)"))
        pa.set_defaults(handler=cmd_save)
    cd = c.add_parser("delete", help=_("delete a checklist (tickets keep their steps)"))
    cd.add_argument("id", type=record_id)
    cd.set_defaults(handler=cmd_delete)
    c.add_parser("examples", help=_("add the built-in example checklists")).set_defaults(handler=cmd_examples)


def cmd_list(args: argparse.Namespace, ctx: CliContext) -> int:
    for t in checklists.list_templates(ctx.database().uow(), actor(args, ctx)):
        kind = t.ticket_type or _("every type")
        ctx.out.write(f"#{t.id}  {t.name} — {t.category} ({kind})\n")
        for i, step in enumerate(t.steps, start=1):
            mark = _("required") if step.required else _("optional")
            ctx.out.write(f"    {i}. {step.text}  [{mark}]\n")
    return 0


def cmd_save(args: argparse.Namespace, ctx: CliContext) -> int:
    t = checklists.save_template(ctx.database().uow(), actor(args, ctx), name=args.name, category_id=args.category,
                                 ticket_type=args.ticket_type, steps=args.steps, template_id=getattr(args, "id", None))
    ctx.out.write(_("Saved checklist #{id}: {name} ({n} steps)").format(id=t.id, name=t.name, n=len(t.steps)) + "\n")
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    checklists.delete_template(ctx.database().uow(), actor(args, ctx), args.id)
    ctx.out.write(_("Deleted checklist #{id}.").format(id=args.id) + "\n")
    return 0


def cmd_examples(args: argparse.Namespace, ctx: CliContext) -> int:
    n = checklists.seed_examples(ctx.database().uow(), actor(args, ctx))
    ctx.out.write(_("Added {n} example checklists.").format(n=n) + "\n")
    return 0
