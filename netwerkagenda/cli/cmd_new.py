"""``agenda new KIND ID``: a new record file, fields from options or prompts."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.completion import complete_kind
from netwerkagenda.cli.editing import CommitOption, DryRunOption, TodayOption

_Opt = Annotated[str | None, typer.Option(show_default=False)]


def new(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            help="goal, group or action.", show_default=False, autocompletion=complete_kind
        ),
    ],
    rid: Annotated[
        str, typer.Argument(metavar="ID", help="The new record's id.", show_default=False)
    ],
    title: Annotated[str | None, typer.Option(help="Title (required).", show_default=False)] = None,
    goal: Annotated[
        list[str] | None,
        typer.Option("--goal", help="A goal it serves (repeatable).", show_default=False),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Action status (default: planned).", show_default=False),
    ] = None,
    group: Annotated[
        str | None, typer.Option(help="Responsible group (actions).", show_default=False)
    ] = None,
    group_kind: Annotated[
        str | None,
        typer.Option("--kind", help="Kind of group (groups; required).", show_default=False),
    ] = None,
    parent: Annotated[
        str | None, typer.Option(help="Parent group (groups).", show_default=False)
    ] = None,
    owner: Annotated[
        str | None, typer.Option(help="Organisation or person (actions).", show_default=False)
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            help="Start date (actions; for a group the same as --started).", show_default=False
        ),
    ] = None,
    due: Annotated[str | None, typer.Option(help="Due date (actions).", show_default=False)] = None,
    started: Annotated[
        str | None, typer.Option(help="The day the group started (groups).", show_default=False)
    ] = None,
    ended: Annotated[
        str | None, typer.Option(help="The day the group ended (groups).", show_default=False)
    ] = None,
    summary: Annotated[str | None, typer.Option(help="One line.", show_default=False)] = None,
    fields: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            metavar="FIELD=VALUE",
            help="Any other field (repeatable), as for 'agenda set'.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="yaml or toml (default: [agenda] format in agenda.toml, else yaml).",
            show_default=False,
        ),
    ] = None,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            help="Ask for missing required fields (default: when on a terminal).",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRunOption = False,
    commit: CommitOption = False,
    today: TodayOption = None,
    repo: RepoOption = None,
) -> int:
    """Create a record. Missing required fields are asked for on a terminal."""
    from netwerkagenda.cli.common import choice
    from netwerkagenda.cli.editing import edit_today, run_edit
    from netwerkagenda.editing.edit import parse_kind, plan_new
    from netwerkagenda.errors import UsageError

    ref = edit_today(today)
    k = parse_kind(kind)
    if k == "group" and start is not None:
        if started is not None:
            raise UsageError("--start and --started both give a group's start: give one")
        start, started = None, start
    if fmt is not None:
        choice(fmt, ("yaml", "toml"), "--format")
    given: dict[str, Any] = {
        "title": title,
        "goals": goal or None,
        "status": status,
        "group": group,
        "kind": group_kind,
        "parent": parent,
        "owner": owner,
        "start": start,
        "due": due,
        "started": started,
        "ended": ended,
        "summary": summary,
    }
    values = _values(k, given, fields or [])
    _complete(k, values, sys.stdin.isatty() if interactive is None else interactive)
    return run_edit(ctx, repo, plan_new(k, rid, values, fmt), dry_run, commit, ref)


_FLAGS = {"goals": "--goal", "kind": "--kind"}  # the options not named as their field


def _flag(name: str) -> str:
    return _FLAGS.get(name, "--" + name)


def _values(kind: str, given: dict[str, Any], assignments: list[str]) -> dict[str, Any]:
    """The new record's fields from its options and ``--set FIELD=VALUE``, typed."""
    from netwerkagenda.editing.edit import an, coerce, field_of, parse_assignment
    from netwerkagenda.errors import UsageError

    values: dict[str, Any] = {}
    for name, raw in given.items():
        if raw is None:
            continue
        try:
            f = field_of(kind, name)
        except UsageError:
            raise UsageError(f"{_flag(name)} does not apply to {an(kind)}") from None
        values[name] = coerce(f.type, raw, _flag(name))
    for text in assignments:
        a = parse_assignment(text)
        if a.op != "=":
            raise UsageError(f"--set {text}: use FIELD=VALUE when creating a record")
        values[a.field] = coerce(field_of(kind, a.field).type, a.value, a.field)
    if kind == "action" and not values.get("status"):
        values["status"] = "planned"
    return values


def _complete(kind: str, values: dict[str, Any], ask: bool) -> None:
    """Ask for the required fields still missing (with ``ask``); an error for those
    that stay missing."""
    from netwerkagenda.editing.edit import an, coerce, field_of, missing_required
    from netwerkagenda.errors import UsageError

    missing = missing_required(kind, values)
    if missing and ask:
        for name in missing:
            f = field_of(kind, name)
            label = f"{name} ({f.description})" if f.description else name
            if name == "goals":
                label += ", separated by commas"
            answer: str = typer.prompt(label)
            raw_value: Any = (
                [s.strip() for s in answer.split(",") if s.strip()] if name == "goals" else answer
            )
            values[name] = coerce(f.type, raw_value, name)
        missing = missing_required(kind, values)
    if missing:
        opts = ", ".join(_flag(n) for n in missing)
        raise UsageError(
            f"{an(kind).capitalize()} needs {', '.join(missing)}",
            hint=f"give {opts}, or run it on a terminal to be asked",
        )


def register(app: typer.Typer) -> None:
    app.command("new")(new)
