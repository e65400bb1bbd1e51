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
    from netwerkagenda.cli.blocks import Block, Meters, Table, Title
    from netwerkagenda.views.status import ActionStatus, Dashboard, GoalStatus

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
    from netwerkagenda.cli.blocks import Heading, Para
    from netwerkagenda.i18n import lang_of, words

    lang = lang_of(board.language)
    t = words(lang, "status")
    blocks: list[Block] = [_title(board, t, lang, snapshot)]
    for n, g in enumerate(board.goals, 1):
        blocks.append(Heading(f"{n}. {g.title}"))
        if g.indicators:
            blocks.append(_meters(g, t, lang))
        if not g.actions:
            blocks.append(Para(t["no_actions"], "dim"))
            if g.no_open_action and not board.filters.narrows_actions:
                blocks.append(Para(t["idle"], "bold yellow"))
            continue
        blocks += _progress(g, t, lang)
        blocks += _attention(board, g, t, lang)
        if list_actions:
            blocks.append(_actions_table(g, t, lang))
    if board.groups:
        blocks += _steering(board, t, lang)
    return blocks


def _title(board: Dashboard, t: dict[str, Any], lang: str, snapshot: bool) -> Title:
    """The programme's name over its period, the day, the counts, filters and budget."""
    from netwerkagenda.cli.blocks import Title
    from netwerkagenda.i18n import format_date

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
    return Title(board.name, tuple(meta))


def _meters(g: GoalStatus, t: dict[str, Any], lang: str) -> Meters:
    from netwerkagenda.cli.blocks import Meters
    from netwerkagenda.i18n import format_number

    return Meters(
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


def _progress(g: GoalStatus, t: dict[str, Any], lang: str) -> list[Block]:
    """The goal's bar of actions done, its counts per status and its budget."""
    from netwerkagenda.cli.blocks import Bar, Para
    from netwerkagenda.i18n import status_label
    from netwerkagenda.model import STATUSES

    caption = t["progress"].format(done=g.done, total=g.total, pct=g.percent)
    counts = " · ".join(
        f"{status_label(s, lang)} {g.counts[s]}" for s in STATUSES if g.counts.get(s)
    )
    out: list[Block] = [Bar(g.done, g.total, g.percent, caption), Para(counts)]
    if g.budget:
        out.append(Para(f"{t['budget']}: {money_text(g.budget, t, lang)}"))
    return out


if TYPE_CHECKING:
    # (label, actions, the note after each title, style, whether it needs attention)
    _Listing = tuple[str, list[ActionStatus], Callable[[ActionStatus], str], str, bool]


def _listings(board: Dashboard, g: GoalStatus, t: dict[str, Any], lang: str) -> list[_Listing]:
    """The attention lists of a goal, in the order they are shown."""
    from netwerkagenda.i18n import format_date

    def blocked_for(a: ActionStatus) -> str:
        assert a.blocked_since is not None  # blocked too long: since a known day
        days = _days(a.blocked_days or 0, t)
        return str(
            t["blocked_for"].format(
                date=format_date(a.blocked_since, lang), n=a.blocked_days, days=days
            )
        )

    def waits(a: ActionStatus) -> str:
        return "; ".join(
            t["waits"].format(dep=board.titles.get(d, d), why=t[f"why_{why}"])
            for d, why in a.waiting_on
        )

    def ago(a: ActionStatus) -> str:
        return str(t["ago"].format(n=a.late_start_days, days=_days(a.late_start_days or 0, t)))

    return [
        ("overdue", g.overdue, lambda a: _note(a, t, lang, ""), "bold red", True),
        ("late_start", g.late_start, ago, "bold red", True),
        ("soon", g.soon, lambda a: _note(a, t, lang, ""), "bold yellow", False),
        ("blocked_long", g.blocked_long, blocked_for, "bold red", True),
        ("blocked", g.blocked, lambda a: "", "bold red", True),
        ("waiting", g.waiting, waits, "bold red", True),
        ("stale", g.stale, lambda a: t["stale_note"].format(n=a.stale_days), "bold magenta", True),
    ]


def _attention(board: Dashboard, g: GoalStatus, t: dict[str, Any], lang: str) -> list[Block]:
    """The goal's actions that need attention, list by list; else that all is clear."""
    from netwerkagenda.cli.blocks import Items, Para

    out: list[Block] = []
    attention = False
    for which, listed, note_of, colour, alarming in _listings(board, g, t, lang):
        if listed:
            out.append(Items(t[which], _cap([(a.title, note_of(a)) for a in listed], t), colour))
            attention = attention or alarming
    if g.no_open_action:
        out.append(Para(t["idle"], "bold yellow"))
    elif not attention:
        out.append(Para(t["all_clear"], "green"))
    return out


def _actions_table(g: GoalStatus, t: dict[str, Any], lang: str) -> Table:
    """Every action of the goal: title, status, due date and a note (``--actions``)."""
    from netwerkagenda.cli.blocks import Table
    from netwerkagenda.i18n import status_label

    return Table(
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
            ("", STATUS_STYLES.get(a.status or "", ""), "", "red" if a.overdue_days else "")
            for a in g.actions
        ),
    )


def _steering(board: Dashboard, t: dict[str, Any], lang: str) -> list[Block]:
    """The groups as a tree: since when each works, its actions and budget."""
    from netwerkagenda.cli.blocks import Heading, Table

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
    table = Table(
        headers,
        tuple(r[:n] for r in rows),
        styles=tuple(x[:n] for x in styles),
        nowrap=tuple(range(n)),
    )
    return [Heading(t["steering"]), table]


GoalOption = Annotated[
    str | None,
    typer.Option(
        "--goal", help="Only this goal (an id).", show_default=False, autocompletion=complete_goal
    ),
]
GroupOption = Annotated[
    str | None,
    typer.Option(
        "--group",
        help="Only actions of this group (an id).",
        show_default=False,
        autocompletion=complete_group,
    ),
]
OwnerOption = Annotated[
    str | None, typer.Option("--owner", help="Only actions with this owner.", show_default=False)
]
StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        help="Only actions with this status (repeat, or separate with commas).",
        show_default=False,
        autocompletion=complete_status,
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The repository as it was then, from git: a date, a relative phrase "
        "('3 months ago') or a revision (tag, branch, sha).",
        metavar="DATE|REV",
        show_default=False,
    ),
]
ActionsOption = Annotated[
    bool, typer.Option("--actions", "-a", help="Also list every action per goal.")
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="text, plain, markdown or json.")]


def status(
    ctx: typer.Context,
    goal: GoalOption = None,
    group: GroupOption = None,
    owner: OwnerOption = None,
    status_: StatusOption = None,
    today: TodayOption = None,
    as_of: AsOfOption = None,
    actions: ActionsOption = False,
    fmt: FormatOption = "text",
    repo: RepoOption = None,
) -> None:
    """Where the programme stands: per goal progress, overdue, due soon, blocked and
    stale actions; the groups and what they are responsible for."""
    from netwerkagenda.cli.common import choice, open_repo, open_store, parse_day
    from netwerkagenda.views.status import Filters, dashboard

    choice(fmt, FORMATS, "--format")
    day = parse_day(today, "--today")
    statuses = tuple(s.strip() for v in status_ or () for s in v.split(",") if s.strip())
    repository = open_repo(ctx, repo)
    if as_of is not None:
        from netwerkagenda.history.timeline import repository_as_of

        store = open_store(ctx, repository.root)
        # '--as-of "1 month ago"' counts back from --today, else as_of or the clock
        repository, then = repository_as_of(repository, as_of, store, today=repository.today(day))
        day = day or then
    from netwerkagenda.history.since import blocked_since

    since = blocked_since(repository, repository.today(day), open_store(ctx, repository.root))
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
