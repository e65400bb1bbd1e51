"""A tiny document model for terminal reports, rendered three ways: ``text`` (rich:
colour on a terminal only, fits the terminal's width), ``plain`` and ``markdown``
(tabulate). Commands build a list of blocks once; the renderers below present it.
rich and tabulate are imported only inside the renderers."""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RTable
    from rich.text import Text

WIDTH = 80  # plain and markdown are laid out for 80 columns


def display(value: Any) -> str:
    """A field value as table text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    if isinstance(value, dict):
        if "title" in value:
            return display(value["title"])
        if "amount" in value:
            return f"{display(value['amount'])} {value.get('currency', 'EUR')}"
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


@dataclass(frozen=True)
class Title:
    text: str
    lines: tuple[str, ...] = ()  # meta lines under the title


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Bar:
    done: int
    total: int
    percent: int
    caption: str


@dataclass(frozen=True)
class Para:
    text: str
    style: str = ""  # rich style for text output ("dim", "green", ...)


@dataclass(frozen=True)
class Items:
    """A labelled list: ``label`` then items of (text, note)."""

    label: str
    items: tuple[tuple[str, str], ...]
    style: str = ""


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    wrap: tuple[int | None, ...] = ()  # plain: maximum width per column
    styles: tuple[tuple[str, ...], ...] = field(default=())  # text: per row, per cell
    nowrap: tuple[int, ...] = ()  # text: columns never wrapped (ids)
    shorten: tuple[int, ...] = ()  # text: columns shortened, or left out, when narrow


@dataclass(frozen=True)
class Meters:
    """Indicators: per row a title, the latest value and the target (as text), the
    share reached (a bar in text and plain, a number everywhere) and a sparkline."""

    headers: tuple[str, str, str, str, str]  # title, value, target, reached, trend
    rows: tuple[tuple[str, str, str, int | None, str], ...]


Block = Title | Heading | Bar | Para | Items | Table | Meters

METER = 10  # width of an indicator's bar


def meter(percent: int | None, full: str, empty: str) -> str:
    """``██░░░░░░░░  20%``: the share reached, the bar full at 100% (and beyond)."""
    if percent is None:
        return "–"
    filled = max(0, min(METER, round(METER * percent / 100)))
    return f"{full * filled}{empty * (METER - filled)} {percent:>3}%"


# --------------------------------------------------------------------------- text (rich)


def _width(cell: str) -> int:
    """The width of a cell: its longest line."""
    return max(len(line) for line in cell.split("\n"))


def render_rich(blocks: Sequence[Block], stream: TextIO | None = None) -> None:
    """Print with rich: colours only on a terminal (and never with NO_COLOR)."""
    from rich.console import Console

    from netwerkagenda.cli.style import use_colour

    out = stream or sys.stdout
    colour = use_colour(out)  # a terminal, not NO_COLOR, or FORCE_COLOR
    console = Console(
        file=out,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        force_terminal=colour,
        color_system="auto" if colour else None,
    )
    with console.capture() as captured:
        _rich_blocks(console, [_cleaned(b) for b in blocks])
    # rich pads lines to the width; trailing blanks only get in the way in a pipe
    text = _TRAILING.sub(r"\1", captured.get())
    out.write(text)
    out.flush()


def _cleaned(b: Block) -> Block:
    """``b`` with its texts cleaned (:func:`netwerkagenda.safetext.clean`): rich colours
    them, and the output layer keeps colour sequences on a coloured stream. (rich reads
    no markup in them either: they become ``Text``, never markup strings.)"""
    from dataclasses import replace

    from netwerkagenda.safetext import clean as c

    if isinstance(b, Title):
        return replace(b, text=c(b.text), lines=tuple(map(c, b.lines)))
    if isinstance(b, Heading | Para):
        return replace(b, text=c(b.text))
    if isinstance(b, Bar):
        return replace(b, caption=c(b.caption))
    if isinstance(b, Items):
        return replace(b, label=c(b.label), items=tuple((c(t), c(n)) for t, n in b.items))
    if isinstance(b, Meters):
        return replace(b, rows=tuple((c(t), c(v), c(g), p, c(tr)) for t, v, g, p, tr in b.rows))
    return replace(b, rows=tuple(tuple(map(c, row)) for row in b.rows))


_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def _rich_blocks(console: Console, blocks: Sequence[Block]) -> None:
    """Print ``blocks`` with rich; a run of :class:`Items` shares one grid."""
    from rich.text import Text

    first = True
    pending: list[Items] = []
    for b in blocks:
        if isinstance(b, Items):
            pending.append(b)
            continue
        _rich_items(console, pending)
        pending = []
        if isinstance(b, Title):
            console.print(Text(b.text, style="bold"))
            for line in b.lines:
                console.print(Text(line, style="dim"))
        elif isinstance(b, Heading):
            if not first:
                console.print()
            if b.level <= 2:
                console.rule(Text(b.text, style="bold cyan"), align="left", style="cyan")
            else:
                console.print(Text(b.text, style="bold"))
        elif isinstance(b, Bar):
            console.print(_rich_bar(b))
        elif isinstance(b, Para):
            console.print(Text(b.text, style=b.style or ""))
        elif isinstance(b, Meters):
            console.print(_rich_meters(b))
        elif isinstance(b, Table):
            _rich_table(console, b)
        first = False
    _rich_items(console, pending)


def _rich_items(console: Console, pending: list[Items]) -> None:
    """Labelled lists side by side in one grid: the label once, then the items."""
    from rich.table import Table as RTable
    from rich.text import Text

    if not pending:
        return
    grid = RTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for b in pending:
        for i, (text, note) in enumerate(b.items):
            cell = Text(text)
            if note:
                cell.append(f" ({note})", style="dim")
            grid.add_row(Text(b.label if i == 0 else "", style=b.style or "bold"), cell)
    console.print(grid)


def _rich_bar(b: Bar) -> Text:
    from rich.text import Text

    width = 24
    filled = round(width * b.done / b.total) if b.total else 0
    bar = Text()
    bar.append("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f"  {b.caption}")
    return bar


def _rich_meters(b: Meters) -> RTable:
    """The indicators: title, latest value, target, a bar of the share reached, trend."""
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text

    t = RTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    t.add_column(b.headers[0], overflow="fold", ratio=1, min_width=16)
    for h in b.headers[1:3]:
        t.add_column(h, justify="right", no_wrap=True)
    t.add_column(b.headers[3], no_wrap=True)
    t.add_column(b.headers[4], no_wrap=True)
    for title, value, target, percent, spark in b.rows:
        bar = Text()
        if percent is None:
            bar.append("–", style="dim")
        else:
            filled = max(0, min(METER, round(METER * percent / 100)))
            bar.append("█" * filled, style="green")
            bar.append("░" * (METER - filled), style="dim")
            bar.append(f" {percent:>3}%")
        t.add_row(Text(title), Text(value), Text(target), bar, Text(spark, style="cyan"))
    return t


def _rich_table(console: Console, b: Table) -> None:
    """A table fitted to the console: columns that do not fit are left out, and said so."""
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text

    t = RTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    shown, left_out = _fit_columns(b, console.width)
    room = _text_room(b, shown, console.width)
    for c, h in enumerate(b.headers):
        if c not in shown:
            continue
        wide = c < len(b.wrap) and (b.wrap[c] or 0) >= 30
        if c in b.nowrap:  # ids, statuses, dates: whole or not at all
            longest = max((_width(row[c]) for row in b.rows), default=0)
            t.add_column(h, no_wrap=True, min_width=max(len(h), longest))
        elif c in b.shorten:  # names and references: shortened, not broken up
            t.add_column(h, no_wrap=True, overflow="ellipsis", max_width=18)
        else:  # texts take the room that is left, wrapped
            t.add_column(
                h, overflow="fold", min_width=room if wide else None, ratio=1 if wide else None
            )
    for r, row in enumerate(b.rows):
        styles = b.styles[r] if r < len(b.styles) else ()
        t.add_row(
            *(
                Text(cell, style=styles[c] if c < len(styles) else "")
                for c, cell in enumerate(row)
                if c in shown
            )
        )
    console.print(t)
    if left_out:
        console.print(
            Text(f"({', '.join(left_out)} left out at this width; see --fields)", style="dim")
        )


# --------------------------------------------------------------------------- plain


def _is_text(b: Table, c: int) -> bool:
    return c < len(b.wrap) and (b.wrap[c] or 0) >= 30 and c not in b.nowrap


def _text_room(b: Table, shown: set[int], width: int) -> int:
    """The least width of a wrapped text column: 18, or what the whole columns leave."""
    whole = sum(
        max([len(b.headers[c]), *(_width(row[c]) for row in b.rows)])
        for c in shown
        if c in b.nowrap
    )
    texts = sum(1 for c in shown if _is_text(b, c)) or 1
    left = width - whole - 3 * (len(shown) - 1) - 18 * sum(1 for c in shown if c in b.shorten)
    return max(8, min(18, left // texts))


def _fit_columns(b: Table, width: int) -> tuple[set[int], list[str]]:
    """The columns that fit ``width``: ids, dates and statuses whole, a wrapped text
    column at least 18 wide, shortened names at most 18; those are left out from the
    right until the rest fits (rich would otherwise drop whatever it likes, the sort key
    included)."""

    def need(c: int) -> int:
        longest = max([len(b.headers[c]), *(_width(row[c]) for row in b.rows)])
        if c in b.nowrap:
            return longest
        if c < len(b.wrap) and (b.wrap[c] or 0) >= 30:
            return 18
        return min(longest, 18)

    shown = list(range(len(b.headers)))
    others = [c for c in shown if c in b.shorten]
    left_out: list[str] = []
    while sum(need(c) for c in shown) + 3 * (len(shown) - 1) > width and others:
        c = others.pop()
        shown.remove(c)
        left_out.insert(0, b.headers[c])
    return set(shown), left_out


def _wrap(text: str, indent: str = "", first: str = "") -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [first.rstrip()]


def render_plain(blocks: Sequence[Block]) -> str:
    from tabulate import tabulate

    out: list[str] = []
    for b in blocks:
        if isinstance(b, Title):
            out.append(b.text)
            out.extend(b.lines)
        elif isinstance(b, Heading):
            if out:
                out.append("")
            out.append(b.text)
            out.append(("=" if b.level <= 2 else "-") * min(len(b.text), WIDTH))
        elif isinstance(b, Bar):
            width = 24
            filled = round(width * b.done / b.total) if b.total else 0
            out.append(f"[{'#' * filled}{'.' * (width - filled)}] {b.caption}")
        elif isinstance(b, Para):
            out.extend(_wrap(b.text))
        elif isinstance(b, Meters):
            out.append("")
            out.append(
                tabulate(
                    [(t, v, g, meter(p, "#", "."), sp) for t, v, g, p, sp in b.rows],
                    headers=list(b.headers),
                    tablefmt="simple",
                    maxcolwidths=[34, None, None, None, None],
                    colalign=("left", "right", "right", "left", "left"),
                    disable_numparse=True,
                )
            )
        elif isinstance(b, Items):
            label = f"{b.label}: "
            for text, note in b.items:
                item = f"{text} ({note})" if note else text
                out.extend(_wrap(item, " " * 2, f"{label}" if label.strip() else "  "))
                label = "  "
        elif isinstance(b, Table):
            if not b.rows:
                continue
            out.append("")
            out.append(
                tabulate(
                    list(b.rows),
                    headers=list(b.headers),
                    tablefmt="simple",
                    maxcolwidths=list(b.wrap) if b.wrap else None,
                    disable_numparse=True,
                )
            )
    return "\n".join(out)


# --------------------------------------------------------------------------- markdown


def _md(text: str) -> str:
    """Escape what would change the meaning of inline Markdown."""
    for ch in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(ch, "\\" + ch)
    return text


def render_markdown(blocks: Sequence[Block]) -> str:
    from tabulate import tabulate

    out: list[str] = []
    for b in blocks:
        if isinstance(b, Title):
            out.append(f"# {_md(b.text)}")
            if b.lines:
                out.append("")
                out.extend(f"{_md(line)}  " for line in b.lines)
                out[-1] = out[-1].rstrip()
        elif isinstance(b, Heading):
            out.append("")
            out.append(f"{'#' * max(2, b.level)} {_md(b.text)}")
        elif isinstance(b, Bar):
            out.append("")
            out.append(f"**{_md(b.caption)}**")
        elif isinstance(b, Para):
            out.append("")
            out.append(_md(b.text))
        elif isinstance(b, Meters):
            out.append("")
            out.append(
                tabulate(
                    [
                        (_md(t), v, g, "–" if p is None else f"{p}%", sp)
                        for t, v, g, p, sp in b.rows
                    ],
                    headers=[_md(h) for h in b.headers],
                    tablefmt="github",
                    colalign=("left", "right", "right", "right", "left"),
                    disable_numparse=True,
                )
            )
        elif isinstance(b, Items):
            out.append("")
            out.append(f"{_md(b.label)}:")
            out.append("")
            for text, note in b.items:
                out.append(f"- {_md(text)}" + (f" ({_md(note)})" if note else ""))
        elif isinstance(b, Table):
            if not b.rows:
                continue
            out.append("")
            out.append(
                tabulate(
                    [[_md(c) for c in row] for row in b.rows],
                    headers=[_md(h) for h in b.headers],
                    tablefmt="github",
                    disable_numparse=True,
                )
            )
    return "\n".join(out).strip("\n")
