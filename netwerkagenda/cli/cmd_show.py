"""``agenda show ID``: one record, its references both ways, its updates as a timeline.

:func:`show_lines` renders a :class:`~netwerkagenda.views.show.RecordView` and, after it,
the record's git history (:func:`~netwerkagenda.views.show.record_history`).

JSON (``--format json``)::

    {"id": id, "kind": "goal"|"group"|"action", "file": path, "title": str,
     "fields": {field: value},                       # as in the file; dates YYYY-MM-DD
     "references": [{"field": str, "id": id, "title": str|null, "kind": str|null}],
     "referenced_by": {relation: [{"field", "id", "title", "kind"}]},
     "timeline": [{"date": date, "text": str, "author": str|null}]}
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netwerkagenda.cli.common import RepoOption
from netwerkagenda.cli.completion import complete_id

if TYPE_CHECKING:
    from netwerkagenda.cli.style import Style
    from netwerkagenda.records.repository import Repository
    from netwerkagenda.views.show import RecordHistory, RecordView

FORMATS = ("text", "json")

_SKIP = {"title", "updates", "description", "indicators"}

RECENT = 5  # the events shown; 'agenda log ID' tells them all


def _value(v: Any) -> str:
    from netwerkagenda.cli.blocks import display

    if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
        return "; ".join(display(x) for x in v)
    return display(v.isoformat() if hasattr(v, "isoformat") else v)


def show_lines(
    repository: Repository, view: RecordView, st: Style, width: int | None = None
) -> list[str]:
    """The record as text lines: title, fields, references both ways, timeline, then
    its git history."""
    from netwerkagenda.i18n import (
        format_amount,
        format_date,
        kind_label,
        lang_of,
        status_label,
        words,
    )
    from netwerkagenda.model import finite, ref_fields
    from netwerkagenda.safetext import clean as c  # the values between the styles
    from netwerkagenda.views.show import record_history

    lang = lang_of(repository.settings.language)
    t = words(lang, "show")
    rec = view.record
    out = [f"{st.bold(rec.title)}  {st.dim(f'{kind_label(rec.kind, lang)} {rec.id}')}"]
    out.append(st.dim(rec.file))
    out.append("")
    refs = ref_fields(rec.kind)
    names = [k for k in view.fields if k not in _SKIP and k not in refs and k != "id"]
    width = max((len(k) for k in names), default=0)
    for k in names:
        v = view.fields[k]
        if k == "status" and isinstance(v, str):
            label = status_label(v, lang)
            text = label if label == v else f"{label} ({v})"
        elif k == "budget" and isinstance(v, dict) and finite(v.get("amount")) is not None:
            text = format_amount(v["amount"], str(v.get("currency") or "EUR"), lang)
        else:
            text = _value(v)
        out.append(f"{st.cyan(k.ljust(width))}  {c(text)}")
    desc = rec.text("description")
    if desc:
        out.append("")
        if width is None:  # as written
            out.extend(f"  {c(line)}".rstrip() for line in desc.strip().splitlines())
        else:  # each paragraph reflowed to the width (the printer wraps it)
            for n, para in enumerate(p for p in desc.strip().split("\n\n") if p.strip()):
                out += [""] * (n > 0) + [f"  {c(' '.join(para.split()))}"]
    out += reference_lines(view, st, t)
    if view.timeline:
        out += ["", st.bold(t["timeline"])]
        for u in view.timeline:
            who = f" ({u.author})" if u.author else ""
            first, *rest = u.text.splitlines() or [""]
            out.append(f"  {st.cyan(format_date(u.date, lang))}{c(who)}: {c(first)}")
            out.extend(c(f"      {line}") for line in rest)
    if rec.kind == "goal":
        out += indicator_lines(rec, st, lang, t)
    history = record_history(repository, rec)
    if history is not None:
        heading, lines = history_lines(rec.id, history, lang)
        out += ["", st.bold(heading), *map(c, lines)]
    return out


def reference_lines(view: RecordView, st: Style, t: dict[str, Any]) -> list[str]:
    """What the record refers to, and the records that refer to it, by relation."""
    from netwerkagenda.safetext import clean as c

    out: list[str] = []
    if view.refs:
        out += ["", st.bold(t["refs"])]
        for r in view.refs:
            title = c(r.title) if r.title is not None else st.red(f"({t['missing']})")
            out.append(f"  {st.cyan(r.field)}: {c(r.id)}  {title}")
    if view.backrefs:
        out += ["", st.bold(t["back"])]
        for relation, items in view.backrefs.items():
            out.append(f"  {st.cyan(t.get(relation, relation))} ({len(items)})")
            out.extend(c(f"    {r.id}  {r.title}") for r in items)
    return out


def history_lines(rid: str, history: RecordHistory, lang: str) -> tuple[str, list[str]]:
    """The history's heading and lines: the last change, by whom, and the recent events."""
    from netwerkagenda.history.changes import describe
    from netwerkagenda.i18n import words

    w = words(lang, "history")
    heading, last = w["heading"], w["last_change"]
    c = history.last
    lines = ["  " + last.format(date=c.day, author=c.author, sha=c.short, message=c.message)]
    for e in history.events[:RECENT]:
        sha = e.commit.short if e.commit else "-------"
        who = f"  ({e.author})" if e.author else ""
        lines.append(f"  {e.date.isoformat()}  {sha}  {describe(e, lang, full=True)}{who}")
    if len(history.events) > RECENT:
        lines.append(f"  … agenda log {rid}")
    return heading, lines


def indicator_lines(rec: Any, st: Style, lang: str, t: dict[str, Any]) -> list[str]:
    """A goal's indicators, each with its measurements as a table (all of them, also
    those dated after today: this is the record as written)."""
    import datetime as dt

    from netwerkagenda.i18n import format_number
    from netwerkagenda.safetext import clean
    from netwerkagenda.views.status import indicators_of

    indicators = indicators_of(rec, dt.date.max)
    if not indicators:
        return []
    out = ["", st.bold(t["indicators"])]
    for ind in indicators:
        goal = ""
        if ind.target is not None:
            goal = f"{t['target']} {format_number(ind.target, lang)}"
            goal += f" {ind.unit}" if ind.unit else ""
        elif ind.unit:
            goal = ind.unit
        out.append(
            f"  {st.cyan(ind.id)}  {clean(ind.title)}" + (f" ({clean(goal)})" if goal else "")
        )
        if not ind.measurements:
            out.append(f"    {st.dim(t['no_measurements'])}")
            continue
        rows = [(t["col_date"], t["col_value"], t["col_change"], t["col_reached"], t["col_note"])]
        prev: float | None = None
        for m in ind.measurements:
            change = ""
            if prev is not None:
                delta = m.value - prev
                change = ("+" if delta > 0 else "±" if delta == 0 else "−") + format_number(
                    abs(delta), lang
                )
            reached = (
                f"{int(100 * m.value / ind.target + 0.5)}%" if ind.target and ind.target > 0 else ""
            )
            note = " ".join((m.note or "").split())
            rows.append((m.date.isoformat(), format_number(m.value, lang), change, reached, note))
            prev = m.value
        widths = [max(len(r[c]) for r in rows) for c in range(5)]
        for n, r in enumerate(rows):
            cells = [r[0].ljust(widths[0]), *(r[c].rjust(widths[c]) for c in (1, 2, 3)), r[4]]
            line = "    " + "  ".join(cells).rstrip()
            out.append(st.dim(line) if n == 0 else clean(line))
    return out


def show_json(view: RecordView) -> dict[str, Any]:
    from netwerkagenda.model import json_value

    rec = view.record

    def ref(r: Any) -> dict[str, Any]:
        return {"field": r.field, "id": r.id, "title": r.title, "kind": r.kind}

    return {
        "id": rec.id,
        "kind": rec.kind,
        "file": rec.file,
        "title": rec.title,
        "fields": json_value(view.fields),
        "references": [ref(r) for r in view.refs],
        "referenced_by": {k: [ref(r) for r in v] for k, v in view.backrefs.items()},
        "timeline": [
            {"date": u.date.isoformat(), "text": u.text, "author": u.author} for u in view.timeline
        ],
        **json_value(view.extra),
    }


def show(
    ctx: typer.Context,
    rid: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The record's id.", show_default=False, autocompletion=complete_id
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    repo: RepoOption = None,
) -> None:
    """One record: every field, its references both ways, its updates."""
    from netwerkagenda.cli.common import choice, open_repo
    from netwerkagenda.cli.style import Style
    from netwerkagenda.views.query import UnknownId
    from netwerkagenda.views.show import record_view, renamed_to

    choice(fmt, FORMATS, "--format")
    repository = open_repo(ctx, repo)
    try:
        view = record_view(repository, rid)
    except UnknownId:
        moved = renamed_to(repository, rid) if rid not in repository.unreadable else None
        if moved is None:
            raise
        raise UnknownId(
            f"no record with id {rid!r}: it was renamed to {moved[0]!r} on {moved[1].isoformat()}",
            hint=f"'agenda show {moved[0]}' shows it, with its history before the rename",
        ) from None
    if fmt == "json":
        from netwerkagenda.cli.output import json_text

        print(json_text(show_json(view)))
    else:
        from netwerkagenda.cli.wrap import fit, output_width

        width = output_width()
        lines = show_lines(repository, view, Style.for_stream(sys.stdout), width)
        print("\n".join(part for line in lines for part in fit(line, width)))


def register(app: typer.Typer) -> None:
    app.command("show")(show)
