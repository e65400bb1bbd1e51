"""``agenda status``: where the programme stands, as a dashboard.

The computation is :func:`netwerkagenda.views.status.dashboard`; this module only turns its
result into blocks (see :mod:`.blocks`) or JSON. :func:`status_blocks` is reusable by
any command that has a :class:`~netwerkagenda.views.status.Dashboard` (e.g. ``--as-of``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netwerkagenda.cli.common import RepoOption, TodayOption
from netwerkagenda.cli.completion import complete_goal, complete_group, complete_status

if TYPE_CHECKING:
    from netwerkagenda.cli.blocks import Block
    from netwerkagenda.views.status import ActionStatus, Dashboard

FORMATS = ("text", "plain", "markdown", "json")

MAX_ITEMS = 10  # per attention list and per group in the text views (JSON has them all)

STATUS_STYLES = {
    "planned": "blue",
    "active": "yellow",
    "done": "green",
    "blocked": "bold red",
    "cancelled": "dim",
}


def money_text(money: dict[str, float], t: dict[str, Any], lang: str, say: bool = True) -> str:
    """``€ 40.000``; more currencies side by side, never added up, and (with ``say``)
    saying so."""
    from netwerkagenda.i18n import format_money

    parts = [format_money(money[c], c, lang) for c in sorted(money, key=lambda c: (c != "EUR", c))]
    text = " · ".join(parts)
    return f"{text} ({t['mixed']})" if len(parts) > 1 and say else text


def _tree(groups: list[Any]) -> list[str]:
    """The prefix that draws each group's place in the tree: ``├─ ``, ``│  └─ ``."""
    out = []
    for i, g in enumerate(groups):
        parts = []
        for level in range(1, g.depth + 1):
            # is there a later sibling at this level before the tree climbs above it?
            later = False
            for h in groups[i + 1 :]:
                if h.depth < level:
                    break
                if h.depth == level:
                    later = True
                    break
            if level == g.depth:
                parts.append("├─ " if later else "└─ ")
            else:
                parts.append("│  " if later else "   ")
        out.append("".join(parts))
    return out


TREE_WIDTH = 36  # the steering table's first column: the tree and the group's name


def _tree_cell(prefix: str, title: str) -> str:
    """The group's name after its tree prefix, wrapped under itself, the tree's lines
    going on beside the wrapped lines."""
    import textwrap

    go_on = prefix.replace("├─ ", "│  ").replace("└─ ", "   ")
    lines = textwrap.wrap(
        title,
        max(12, TREE_WIDTH - len(prefix)),
        break_on_hyphens=False,
    ) or [""]
    return "\n".join([prefix + lines[0], *(go_on + line for line in lines[1:])])


def _days(n: int, t: dict[str, str]) -> str:
    return t["day"] if n == 1 else t["days"]


def _note(a: ActionStatus, t: dict[str, str], lang: str, blocked: str) -> str:
    from netwerkagenda.i18n import format_date

    if a.overdue_days is not None:
        return t["late"].format(n=a.overdue_days, days=_days(a.overdue_days, t))
    if a.due_in_days is not None and a.due is not None:
        if a.due_in_days == 0:
            return t["today"]
        return t["in_days"].format(
            n=a.due_in_days, days=_days(a.due_in_days, t), date=format_date(a.due, lang)
        )
    if a.status == "blocked":
        return blocked
    if a.stale_days is not None:
        return t["stale_note"].format(n=a.stale_days)
    return ""


def _cap(items: list[tuple[str, str]], t: dict[str, str]) -> tuple[tuple[str, str], ...]:
    if len(items) <= MAX_ITEMS:
        return tuple(items)
    return (*items[: MAX_ITEMS - 1], (f"… {t['more'].format(n=len(items) - MAX_ITEMS + 1)}", ""))


def status_blocks(
    board: Dashboard, *, list_actions: bool = False, snapshot: bool = True
) -> list[Block]:
    """The dashboard as blocks: header, one section per goal, the steering structure.
    ``snapshot``: the day is the repository as it was ("As of", from ``--as-of`` or
    ``[agenda] as_of``), else the day it is seen on ("Today", ``--today`` or the clock)."""
    from netwerkagenda.cli.blocks import Bar, Heading, Items, Meters, Para, Table, Title
    from netwerkagenda.i18n import format_date, format_number, lang_of, status_label, words
    from netwerkagenda.model import STATUSES

    lang = lang_of(board.language)
    t = words(lang, "status")
    meta: list[str] = []
    if board.start and board.end:
        period = f"{format_date(board.start, lang)} – {format_date(board.end, lang)}"
        meta.append(f"{t['period']}: {period}")
    elif board.start or board.end:  # an open end: "vanaf ..." / "tot en met ..."
        word = t["from"] if board.start else t["until"]
        day = board.start or board.end
        assert day is not None
        meta.append(f"{t['period']}: {word} {format_date(day, lang)}")
    meta.append(f"{t['as_of' if snapshot else 'on_day']}: {format_date(board.today, lang)}")
    meta.append(
        t["records"].format(
            n=board.records,
            goals=board.counts.get("goal", 0),
            groups=board.counts.get("group", 0),
            actions=board.counts.get("action", 0),
        )
    )
    f = board.filters
    what = [
        x
        for x in (
            f.goal and f"--goal {f.goal}",
            f.group and f"--group {f.group}",
            f.owner and f"--owner {f.owner}",
            f.status and f"--status {','.join(f.status)}",
        )
        if x
    ]
    if what:
        meta.append(t["filtered"].format(what=" ".join(what)))
    if board.budget:
        meta.append(f"{t['budget']}: {money_text(board.budget, t, lang)}")
    blocks: list[Block] = [Title(board.name, tuple(meta))]

    for n, g in enumerate(board.goals, 1):
        blocks.append(Heading(f"{n}. {g.title}"))
        if g.indicators:
            blocks.append(
                Meters(
                    (t["indicator"], t["latest"], t["target"], t["reached"], t["trend"]),
                    tuple(
                        (
                            i.title,
                            format_number(i.latest.value, lang) if i.latest else "–",
                            format_number(i.target, lang) if i.target is not None else "–",
                            i.percent,
                            i.sparkline(),
                        )
                        for i in g.indicators
                    ),
                )
            )
        if not g.actions:
            blocks.append(Para(t["no_actions"], "dim"))
            if g.no_open_action and not board.filters.narrows_actions:
                blocks.append(Para(t["idle"], "bold yellow"))
            continue
        blocks.append(
            Bar(
                g.done,
                g.total,
                g.percent,
                t["progress"].format(done=g.done, total=g.total, pct=g.percent),
            )
        )
        counts = " · ".join(
            f"{status_label(s, lang)} {g.counts[s]}" for s in STATUSES if g.counts.get(s)
        )
        blocks.append(Para(counts))
        if g.budget:
            blocks.append(Para(f"{t['budget']}: {money_text(g.budget, t, lang)}"))
        # (label, actions, the note after each title, style, whether it needs attention)
        lists: list[tuple[str, list[Any], Callable[[Any], str], str, bool]] = [
            ("overdue", g.overdue, lambda a: _note(a, t, lang, ""), "bold red", True),
            (
                "late_start",
                g.late_start,
                lambda a: t["ago"].format(
                    n=a.late_start_days, days=_days(a.late_start_days or 0, t)
                ),
                "bold red",
                True,
            ),
            ("soon", g.soon, lambda a: _note(a, t, lang, ""), "bold yellow", False),
            (
                "blocked_long",
                g.blocked_long,
                lambda a: t["blocked_for"].format(
                    date=format_date(a.blocked_since, lang),
                    n=a.blocked_days,
                    days=_days(a.blocked_days or 0, t),
                ),
                "bold red",
                True,
            ),
            ("blocked", g.blocked, lambda a: "", "bold red", True),
            (
                "waiting",
                g.waiting,
                lambda a: "; ".join(
                    t["waits"].format(dep=board.titles.get(d, d), why=t[f"why_{why}"])
                    for d, why in a.waiting_on
                ),
                "bold red",
                True,
            ),
            (
                "stale",
                g.stale,
                lambda a: t["stale_note"].format(n=a.stale_days),
                "bold magenta",
                True,
            ),
        ]
        attention = False
        for which, listed, note_of, colour, alarming in lists:
            if listed:
                items = _cap([(a.title, note_of(a)) for a in listed], t)
                blocks.append(Items(t[which], items, colour))
                attention = attention or alarming
        if g.no_open_action:
            blocks.append(Para(t["idle"], "bold yellow"))
        elif not attention:
            blocks.append(Para(t["all_clear"], "green"))
        if list_actions:
            blocks.append(
                Table(
                    (t["action"], t["status"], t["due"], t["note"]),
                    tuple(
                        (
                            a.title,
                            status_label(a.status, lang),
                            a.due.isoformat() if a.due else "",
                            _note(a, t, lang, status_label("blocked", lang)),
                        )
                        for a in g.actions
                    ),
                    wrap=(28, 13, 10, 22),
                    styles=tuple(
                        (
                            "",
                            STATUS_STYLES.get(a.status or "", ""),
                            "",
                            "red" if a.overdue_days else "",
                        )
                        for a in g.actions
                    ),
                )
            )

    if board.groups:
        blocks.append(Heading(t["steering"]))
        rows = []
        styles = []
        for grp, prefix in zip(board.groups, _tree(board.groups), strict=True):
            if grp.has_started and grp.started:
                since = grp.started.isoformat()
            elif grp.ended and grp.started and grp.ended < board.today:
                since = t["ended"].format(date=grp.ended.isoformat())
            elif grp.started:
                since = t["starts"].format(date=grp.started.isoformat())
            else:
                since = t["not_started"]
            acts = str(len(grp.actions)) if grp.actions else "–"
            money = money_text(dict(grp.budget), t, lang, say=False) if grp.budget else ""
            rows.append((_tree_cell(prefix, grp.title), since, acts, money))
            styles.append(("", "" if grp.has_started else "yellow", "", ""))
        n = 4 if any(g.budget for g in board.groups) else 3  # no money column without money
        headers = (t["group"], t["since"], t["actions"], t["budget"])[:n]
        blocks.append(
            Table(
                headers,
                tuple(r[:n] for r in rows),
                styles=tuple(x[:n] for x in styles),
                nowrap=tuple(range(n)),
            )
        )
    return blocks


def status(
    ctx: typer.Context,
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            help="Only this goal (an id).",
            show_default=False,
            autocompletion=complete_goal,
        ),
    ] = None,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="Only actions of this group (an id).",
            show_default=False,
            autocompletion=complete_group,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only actions with this owner.", show_default=False),
    ] = None,
    status_: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help="Only actions with this status (repeat, or separate with commas).",
            show_default=False,
            autocompletion=complete_status,
        ),
    ] = None,
    today: TodayOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The repository as it was then, from git: a date, a relative phrase "
            "('3 months ago') or a revision (tag, branch, sha).",
            metavar="DATE|REV",
            show_default=False,
        ),
    ] = None,
    actions: Annotated[
        bool, typer.Option("--actions", "-a", help="Also list every action per goal.")
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, plain, markdown or json.")
    ] = "text",
    repo: RepoOption = None,
) -> None:
    """Where the programme stands: per goal progress, overdue, due soon, blocked and
    stale actions; the groups and what they are responsible for."""
    from netwerkagenda.cli.common import choice, open_repo, parse_day
    from netwerkagenda.views.status import Filters, dashboard

    choice(fmt, FORMATS, "--format")
    day = parse_day(today, "--today")
    statuses = tuple(s.strip() for v in status_ or () for s in v.split(",") if s.strip())
    repository = open_repo(ctx, repo)
    if as_of is not None:
        from netwerkagenda.history.timeline import repository_as_of

        repository, then = repository_as_of(repository, as_of)
        day = day or then
    from netwerkagenda.history.since import blocked_since

    since = blocked_since(repository, repository.today(day))
    board = dashboard(repository, day, Filters(goal, group, owner, statuses), since)
    snapshot = today is None and (as_of is not None or repository.settings.as_of is not None)
    print_board(board, fmt, list_actions=actions, snapshot=snapshot)


def print_board(
    board: Dashboard, fmt: str, *, list_actions: bool = False, snapshot: bool = True
) -> None:
    """Print a dashboard in ``fmt`` (text, plain, markdown or json) to stdout."""
    if fmt == "json":
        from netwerkagenda.cli.output import json_text
        from netwerkagenda.views.status import as_json

        print(json_text(as_json(board)))
        return
    from netwerkagenda.cli import blocks

    doc = status_blocks(board, list_actions=list_actions, snapshot=snapshot)
    if fmt == "text":
        blocks.render_rich(doc, sys.stdout)
    elif fmt == "markdown":
        print(blocks.render_markdown(doc))
    else:
        print(blocks.render_plain(doc))


def register(app: typer.Typer) -> None:
    app.command("status", short_help="Where every goal stands: progress, late, next, groups.")(
        status
    )
