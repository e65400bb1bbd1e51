"""Charts as inline SVG that read without JavaScript: every mark has a text
equivalent (a ``<title>`` and a visible label), so colour is never the only signal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape


def _f(x: float) -> str:
    """A coordinate with at most one decimal: the same bytes for the same input."""
    s = f"{x:.1f}"
    return s[:-2] if s.endswith(".0") else s


def indicator_chart(
    points: list[tuple[dt.date, float]],
    target: float | None,
    label: str,
    fmt: Callable[[float], str],
    target_word: str,
) -> Markup:
    """Measurements over time as a line, with the target as a dashed line."""
    w, h, pad_l, pad_r, pad_t, pad_b = 320, 120, 8, 8, 16, 20
    values = [v for _, v in points]
    top = max([*values, target or 0, 1.0]) * 1.1
    days = [d.toordinal() for d, _ in points]
    first, last = (min(days), max(days)) if days else (0, 1)
    span = max(last - first, 1)

    def x(day: int) -> float:
        if len(points) == 1:
            return pad_l + (w - pad_l - pad_r) / 2
        return pad_l + (day - first) / span * (w - pad_l - pad_r)

    def y(v: float) -> float:
        return pad_t + (1 - v / top) * (h - pad_t - pad_b)

    out = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-label="{escape(label)}">',
        f"<title>{escape(label)}</title>",
        f'<line class="axis" x1="{pad_l}" y1="{_f(y(0))}" x2="{w - pad_r}" y2="{_f(y(0))}"/>',
    ]
    if target is not None:
        ty = _f(y(target))
        out.append(
            f'<line class="target" x1="{pad_l}" y1="{ty}" x2="{w - pad_r}" y2="{ty}"/>'
            f'<text class="target-label" x="{w - pad_r}" y="{_f(y(target) - 4)}" '
            f'text-anchor="end">{escape(target_word)} {escape(fmt(target))}</text>'
        )
    if len(points) > 1:
        line = " ".join(f"{_f(x(d))},{_f(y(v))}" for d, v in zip(days, values, strict=True))
        out.append(f'<polyline class="line" points="{line}"/>')
    for (day, value), d in zip(points, days, strict=True):
        out.append(
            f'<circle class="point" cx="{_f(x(d))}" cy="{_f(y(value))}" r="3">'
            f"<title>{day.isoformat()}: {escape(fmt(value))}</title></circle>"
        )
    if points:
        out.append(
            f'<text class="axis-label" x="{pad_l}" y="{h - 4}">{points[0][0].isoformat()}</text>'
        )
        if len(points) > 1:
            out.append(
                f'<text class="axis-label" x="{w - pad_r}" y="{h - 4}" text-anchor="end">'
                f"{points[-1][0].isoformat()}</text>"
            )
    out.append("</svg>")
    return Markup("".join(out))


@dataclass
class Row:
    """One action on the timeline."""

    id: str
    title: str
    status: str  # the label, in words
    status_key: str  # planned, active, ... (a CSS class; the label carries the meaning)
    href: str
    start: dt.date | None
    due: dt.date | None
    done: dt.date | None
    moved_from: list[dt.date] = field(default_factory=list)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    d = dt.date(first.year, first.month, 1)
    while d <= last:
        out.append(d)
        d = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


_LABEL_W, _WIDTH, _ROW_H, _HEAD = 300, 1000, 24, 28  # the timeline's geometry


def timeline_chart(
    rows: list[Row],
    first: dt.date,
    last: dt.date,
    today: dt.date,
    words: dict[str, str],
    month_names: Sequence[str],
) -> Markup:
    """A Gantt chart: each action from its start to its due date (or the day it was
    done), a diamond on the done day, a tick at every earlier deadline, today's line."""
    w, head = _WIDTH, _HEAD
    h = head + _ROW_H * len(rows) + 8
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        day = min(max(day, first), last)
        return _LABEL_W + (day - first).days / span * (w - _LABEL_W - 10)

    out = [
        f'<svg class="timeline" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-labelledby="tl-title">',
        f'<title id="tl-title">{escape(words["timeline"])}</title>',
    ]
    out += _month_axis(_months(first, last), x, h, month_names)
    for i, r in enumerate(rows):
        out += _timeline_row(r, _HEAD + i * _ROW_H, x, words)
    tx = _f(x(today))
    out.append(f'<line class="today" x1="{tx}" y1="{head - 6}" x2="{tx}" y2="{h}"/>')
    out.append(
        f'<text class="today-label" x="{tx}" y="{h - 2}" text-anchor="middle">'
        f"{escape(words['today'])}</text>"
    )
    out.append("</svg>")
    return Markup("".join(out))


def _month_axis(
    months: list[dt.date], x: Callable[[dt.date], float], h: int, month_names: Sequence[str]
) -> list[str]:
    """A grid line at every month, labelled at most twelve times."""
    out = []
    step = max(1, len(months) // 12)
    for i, m in enumerate(months):
        mx = _f(x(m))
        out.append(f'<line class="grid" x1="{mx}" y1="{_HEAD - 6}" x2="{mx}" y2="{h}"/>')
        if i % step == 0:
            name = f"{month_names[m.month - 1][:3]} {m.year % 100:02d}"
            out.append(f'<text class="axis-label" x="{mx}" y="{_HEAD - 10}">{escape(name)}</text>')
    return out


def _timeline_row(
    r: Row, top: int, x: Callable[[dt.date], float], words: dict[str, str]
) -> list[str]:
    """One action's row: its label, bar, moved deadlines and done mark, as a link."""
    row_h = _ROW_H
    mid = top + row_h / 2
    end = r.done or r.due
    begin = r.start or (end if end else None)
    parts = [r.title, r.status]
    if r.start:
        parts.append(f"{words['start']} {r.start.isoformat()}")
    if r.due:
        parts.append(f"{words['due']} {r.due.isoformat()}")
    if r.done:
        parts.append(f"{words['done']} {r.done.isoformat()}")
    parts += [words["moved"].format(old=d.isoformat()) for d in r.moved_from]
    out = [f'<a href="{escape(r.href)}"><g class="row {escape(r.status_key)}">']
    out.append(f"<title>{escape(' · '.join(parts))}</title>")
    text = r.title if len(r.title) <= 34 else r.title[:33] + "…"
    out.append(
        f'<text class="row-label" x="4" y="{_f(mid + 4)}">{escape(text)} '
        f'<tspan class="status-text">({escape(r.status)})</tspan></text>'
    )
    if begin is not None and end is not None:
        x0, x1 = x(begin), x(max(end, begin))
        out.append(
            f'<rect class="bar" x="{_f(x0)}" y="{_f(top + 6)}" '
            f'width="{_f(max(x1 - x0, 3))}" height="{row_h - 12}" rx="2"/>'
        )
    for old in r.moved_from:
        ox = _f(x(old))
        out.append(
            f'<line class="moved" x1="{ox}" y1="{_f(top + 3)}" x2="{ox}" '
            f'y2="{_f(top + row_h - 3)}"/>'
        )
    if r.done is not None:
        dx, dy = x(r.done), mid
        out.append(f'<path class="done-mark" d="M{_f(dx)} {_f(dy - 6)} l6 6 l-6 6 l-6 -6 z"/>')
    out.append("</g></a>")
    return out
