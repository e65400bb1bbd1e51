"""``agenda log [ID]``: the semantic change history, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from netwerkagenda.cli.common import RepoOption, SinceOption, TodayOption, UntilOption
from netwerkagenda.cli.completion import complete_id

if TYPE_CHECKING:
    from netwerkagenda.history.changes import Event
    from netwerkagenda.history.timeline import Period
    from netwerkagenda.records.repository import Repository

FORMATS = ("text", "json")


def log(
    ctx: typer.Context,
    record: Annotated[
        str | None,
        typer.Argument(
            help="Only this record's history.", show_default=False, autocompletion=complete_id
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    today: TodayOption = None,
    repo: RepoOption = None,
) -> None:
    """What happened, newest first: records added, removed or renamed, started,
    blocked, resumed, done, due dates moved, update notes, measurements, budgets; from
    git commits and the dates in the records. Nothing dated after today is told."""
    from netwerkagenda.cli.common import (
        choice,
        end_day,
        open_repo,
        open_settings,
        open_store,
        parse_day,
    )
    from netwerkagenda.errors import UsageError
    from netwerkagenda.history.timeline import newest_first, resolve_period, timeline
    from netwerkagenda.history.when import parse_period

    choice(fmt, FORMATS, "--format")
    root, settings = open_settings(ctx, repo)
    override = parse_day(today, "--today")
    day = settings.today(override)
    # a relative --since counts back from the period's end (--until), else from today
    s, u = parse_period(since, until, day, end_day(root))
    if u is None and (override or settings.as_of) is not None:
        # a snapshot ([agenda] as_of, --today) has no future: what is dated after it
        # is not history
        from netwerkagenda.history.when import OnDate

        u = OnDate(day)
    # git reads the range while the records load
    period = resolve_period(root, s, u, store=open_store(ctx, root))
    if override is None and until is not None and period.until is not None:
        # a period asked to end later than a snapshot's as_of reaches the commits
        # after it, but never beyond the clock
        import datetime as dt

        day = min(period.until, dt.date.today())
    repository = open_repo(ctx, str(root))
    events = timeline(period, [repository], record, day)
    if record is not None and not events and record not in repository.records:
        from netwerkagenda.suggest import did_you_mean

        raise UsageError(
            f"no record {record!r} (and no history of it)",
            hint=did_you_mean(record, list(repository.records)),
        )
    if record is not None:
        period.notes += _where_it_went(record, events, repository)
    _print_events(period, newest_first(events), fmt, repository.settings.language)


def _where_it_went(record: str, events: list[Event], repository: Repository) -> list[str]:
    """A note for ``agenda log OLD`` after ``agenda mv OLD NEW``."""
    from netwerkagenda.history.changes import renamed_ids

    if record in repository.records:
        return []
    for e in reversed(events):
        ids = renamed_ids(e)
        if ids is not None and ids[0] == record:
            return [
                f"{record} was renamed to {ids[1]} on {e.date.isoformat()}; "
                f"'agenda log {e.record}' shows its whole history"
            ]
    return []


def _print_events(period: Period, events: list[Event], fmt: str, lang: str) -> None:
    """``agenda log``'s output: the events (newest first) as text or JSON."""
    import sys

    from netwerkagenda.history.changes import describe, event_json

    if fmt == "json":
        doc = {
            "since": period.since.isoformat() if period.since else None,
            "until": period.until.isoformat() if period.until else None,
            "commits": len(period.commits),
            "notes": period.notes,
            "events": [event_json(e, lang) for e in events],
        }
        from netwerkagenda.cli.output import json_text

        print(json_text(doc))
        return
    for note in period.notes:
        print(f"note: {note}", file=sys.stderr)
    if not events:
        print("no changes in this period")
        return
    # each event under the id the record had then (after a rename, its old id)
    from netwerkagenda.cli.wrap import hang, output_width

    columns = output_width()
    width = max(len(e.was or e.record) for e in events)
    lines: list[str] = []
    for e in events:
        sha = e.commit.short if e.commit else "-------"
        who = f"  ({e.author})" if e.author else ""
        rid = e.was or e.record
        prefix = f"{e.date.isoformat()}  {sha}  {rid:<{width}}  "
        lines += hang(prefix, describe(e, lang, full=True) + who, columns)
    sys.stdout.write("\n".join(lines) + "\n")  # one write: the output is cleaned per write


def register(app: typer.Typer) -> None:
    app.command("log", short_help="What changed, newest first, from git and the records.")(log)
