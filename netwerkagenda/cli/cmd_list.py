"""``agenda list KIND``: records that match ``--where`` conditions, as a table, CSV or
JSON. The query itself is :func:`netwerkagenda.views.query.query`.

JSON (``--format json``)::

    {"kind": "goal"|"group"|"action", "fields": [str], "count": int,
     "records": [{field: value, ...}],   # dates as YYYY-MM-DD; list fields as arrays;
                                         # absent values as null
     "sum": {"field": str, "totals": [{"currency": str|null, "total": number,
             "count": int}]}}            # with --sum only; money per currency
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netwerkagenda.cli.blocks import display
from netwerkagenda.cli.common import RepoOption, TodayOption
from netwerkagenda.cli.completion import complete_folder

if TYPE_CHECKING:
    import datetime as dt

    from netwerkagenda.cli.blocks import Table
    from netwerkagenda.views.query import Condition, Total

FORMATS = ("text", "plain", "markdown", "csv", "json")


def pair_where(where: list[str], extra: list[str]) -> list[tuple[str, ...]]:
    """Join ``--where FIELD OP VALUE`` back together: the shell form gives the option
    one token (``FIELD``) and leaves ``OP VALUE`` as extra arguments, in order."""
    from netwerkagenda.errors import UsageError
    from netwerkagenda.views.query import is_condition

    rest = list(extra)
    out: list[tuple[str, ...]] = []
    for w in where:
        if is_condition(w) or not rest:
            out.append((w,))
        elif len(rest) >= 2:
            out.append((w, rest.pop(0), rest.pop(0)))
        else:
            out.append((w, rest.pop(0)))
    if rest:
        raise UsageError(
            f"unexpected argument{'s' if len(rest) > 1 else ''}: {' '.join(rest)}",
            hint="write --where FIELD OP VALUE, e.g. --where status = active",
        )
    return out


_WHOLE = ("id", "status", "due", "start", "done", "started", "ended", "progress", "order")
_TEXTS = ("title", "summary", "description")


def _table(fields: list[str], rows: list[dict[str, Any]]) -> Table:
    from netwerkagenda.cli.blocks import Table

    widths = tuple(
        None if f == "id" else 40 if f in ("title", "summary", "description") else 24
        for f in fields
    )
    return Table(
        tuple(fields),
        tuple(tuple(display(r[f]) for f in fields) for r in rows),
        wrap=widths,
        nowrap=tuple(i for i, f in enumerate(fields) if f in _WHOLE),
        shorten=tuple(i for i, f in enumerate(fields) if f not in _WHOLE and f not in _TEXTS),
    )


KindArgument = Annotated[
    str,
    typer.Argument(
        metavar="KIND",
        help="goals, groups or actions.",
        show_default=False,
        autocompletion=complete_folder,
    ),
]
ExtraArguments = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[OP VALUE]...",
        help="The operator and value of a '--where FIELD OP VALUE' written as three words.",
        show_default=False,
    ),
]
WhereOption = Annotated[
    list[str] | None,
    typer.Option(
        "--where",
        "-w",
        help="FIELD OP VALUE, all must hold (repeatable). OP: = != < <= > >= ~ "
        "(regex, case-insensitive). Dates as YYYY-MM-DD or today+N; on a list "
        "field '=' means contains. E.g. --where status=active --where 'due<today+30'.",
        show_default=False,
    ),
]
SortOption = Annotated[
    str | None,
    typer.Option(
        "--sort",
        "-s",
        help="Fields to sort by, comma-separated; -FIELD descends.",
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None, typer.Option("--fields", help="Columns, comma-separated.", show_default=False)
]
LimitOption = Annotated[
    int | None, typer.Option("--limit", "-n", help="At most this many.", show_default=False)
]
SumOption = Annotated[
    str | None,
    typer.Option(
        "--sum",
        help="Sum this numeric field over the records listed, printed after them "
        "(money per currency, never across currencies), e.g. --sum budget.amount.",
        metavar="FIELD",
        show_default=False,
    ),
]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="text, plain, markdown, csv or json.")
]


def list_records(
    ctx: typer.Context,
    kind: KindArgument,
    extra: ExtraArguments = None,
    where: WhereOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
    limit: LimitOption = None,
    sum_: SumOption = None,
    today: TodayOption = None,
    fmt: FormatOption = "text",
    repo: RepoOption = None,
) -> None:
    """List goals, groups or actions, filtered and sorted."""
    from netwerkagenda.cli.common import choice, open_repo, open_settings, parse_day
    from netwerkagenda.views.query import fields_for, kind_of, query, rows, sum_field

    choice(fmt, FORMATS, "--format")
    k = kind_of(kind)
    pairs = pair_where(where or [], extra or [])
    columns = fields_for(k, fields)
    day = parse_day(today, "--today")
    root, settings = open_settings(ctx, repo)
    # parsed before loading, so a bad query fails fast (ids are checked in query())
    conditions = _conditions(k, pairs, settings.today(day), settings.group_kinds)
    repository = open_repo(ctx, str(root))
    if sum_ is not None:
        sum_field([], k, sum_)  # a field that cannot be summed fails before loading
    found = query(repository, k, where=conditions, sort=sort, limit=limit, today=day)
    data = rows(found, columns)
    totals = sum_field(found, k, sum_) if sum_ is not None else None
    lang = repository.settings.language
    if fmt == "json":
        _print_json(k, columns, data, sum_, totals)
    elif fmt == "csv":
        _print_csv(columns, data, sum_, totals)
    elif not data:
        print(f"no {k}s match", file=sys.stderr)
        if totals is not None:
            print(sum_line(sum_ or "", totals, k, lang))
    else:
        line = sum_line(sum_ or "", totals, k, lang) if totals is not None else None
        _print_table(fmt, columns, data, line)


def _conditions(
    kind: str, pairs: list[tuple[str, ...]], day: dt.date, group_kinds: tuple[str, ...]
) -> list[Condition]:
    """The ``--where`` conditions, parsed once."""
    from netwerkagenda.views.query import parse_condition

    return [
        parse_condition(kind, c if len(c) > 1 else c[0], today=day, group_kinds=group_kinds)
        for c in pairs
    ]


def _print_json(
    kind: str,
    columns: list[str],
    data: list[dict[str, Any]],
    sum_: str | None,
    totals: list[Total] | None,
) -> None:
    from netwerkagenda.cli.output import json_text

    doc: dict[str, Any] = {"kind": kind, "fields": columns, "count": len(data), "records": data}
    if totals is not None:
        doc["sum"] = {
            "field": sum_,
            "totals": [
                {"currency": t.currency, "total": t.total, "count": t.count} for t in totals
            ],
        }
    print(json_text(doc))


def _print_csv(
    columns: list[str], data: list[dict[str, Any]], sum_: str | None, totals: list[Total] | None
) -> None:
    import csv

    from netwerkagenda.safetext import csv_cell

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for r in data:  # no cell a spreadsheet would take for a formula
        writer.writerow([csv_cell(display(r[f])) for f in columns])
    for t in totals or ():
        writer.writerow([f"sum {sum_}", t.currency or "", _plain_number(t.total), str(t.count)])


def _print_table(
    fmt: str, columns: list[str], data: list[dict[str, Any]], total_line: str | None
) -> None:
    """The records as a table (text, markdown or plain), the sum line after it."""
    from netwerkagenda.cli import blocks

    table = _table(columns, data)
    if fmt == "text":
        blocks.render_rich([table], sys.stdout)
    elif fmt == "markdown":
        print(blocks.render_markdown([table]))
    else:
        print(blocks.render_plain([table]).lstrip("\n"))
    if total_line is not None:
        print(f"\n{blocks._md(total_line)}" if fmt == "markdown" else total_line)


def _plain_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def sum_line(field: str, totals: list[Total], kind: str, lang: str) -> str:
    """``Sum of budget.amount: € 40.000 (3 actions)``; several currencies side by side,
    saying they were not added up."""
    from netwerkagenda.i18n import format_money, format_number, kind_label, words

    w = words(lang, "list")
    parts = []
    for t in totals:
        noun = (
            kind_label(kind, lang) if t.count == 1 else words(lang, "kinds_plural").get(kind, kind)
        )
        figure = (
            format_money(t.total, t.currency, lang) if t.currency else format_number(t.total, lang)
        )
        parts.append(f"{figure} ({t.count} {noun})")
    text = " · ".join(parts) or w["no_values"]
    if len(totals) > 1:
        text += f" — {w['mixed']}"
    return w["sum"].format(field=field, text=text)


def register(app: typer.Typer) -> None:
    app.command("list")(list_records)
