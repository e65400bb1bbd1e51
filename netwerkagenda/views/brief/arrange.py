"""Layer 5 of the brief: the letter's parts. :func:`arrange` puts each item in one
place: the opening summary, a section (in full, in a line, or in a list by fact), or
the groups' part."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from netwerkagenda.views.brief.facts import FACT_KINDS, Fact, Measurement
from netwerkagenda.views.brief.items import Item, is_lead

if TYPE_CHECKING:
    from netwerkagenda.model import Record

HANDFUL = 6  # more items told in full than this: sections by goal
FULL_PER_SECTION = 8  # in a goal's section, the items told in full; the rest in a line


@dataclass
class Section:
    """A part of the letter: a goal (``kind`` ``goal``, its ``id`` and ``title``), the
    actions for every goal (``network``), those for no known goal (``other``), or in a
    short letter all items (``items``). ``full``: items told in a paragraph of their
    own; ``lines``: items told in one line; ``tail``: items with one fact and no notes,
    listed by the kind of fact; ``measurements``: the goal's indicator figures."""

    kind: str
    id: str | None = None
    title: str | None = None
    full: list[Item] = field(default_factory=list)
    lines: list[Item] = field(default_factory=list)
    tail: list[tuple[str, list[tuple[Item, Fact]]]] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.full or self.lines or self.tail or self.measurements)


def tail_of(items: list[Item]) -> list[tuple[str, list[tuple[Item, Fact]]]]:
    """Items with one fact and no notes, by the kind of fact (most important first)."""
    by_kind: dict[str, list[tuple[Item, Fact]]] = {}
    for it in items:
        f = it.facts[0]
        # on hold and resumed in the period is listed apart from still on hold
        over = f.until is not None or f.new == "over"
        key = "blocked-until" if f.kind == "blocked" and over else f.kind
        by_kind.setdefault(key, []).append((it, f))
    kinds = list(FACT_KINDS)
    kinds.insert(kinds.index("blocked") + 1, "blocked-until")
    order = {k: i for i, k in enumerate(kinds)}
    return [
        (k, sorted(v, key=lambda p: (p[1].date or dt.date.min, p[0].title.lower(), p[0].id)))
        for k, v in sorted(by_kind.items(), key=lambda kv: order.get(kv[0], 99))
    ]


def _theme(item: Item, goal_ids: list[str]) -> str:
    gs = [g for g in item.record.ids("goals") if g in goal_ids]
    if len(goal_ids) > 1 and set(gs) == set(goal_ids):
        return "*network"
    return gs[0] if gs else "*other"


@dataclass
class Letter:
    """The letter's parts: the ``lead`` items the opening summary tells, the
    ``sections``, the groups' part (``steering``: groups formed, and the other group
    items), and whether the sections are by goal."""

    lead: list[Item]
    sections: list[Section]
    formed: list[Item]
    steering: Section
    by_goal: bool


def arrange(
    items: list[Item],
    goals: list[Record],
    measurements: list[Measurement],
    handful: int = HANDFUL,
) -> Letter:
    """Put each item in one place: the opening summary, a section (in full, in a line,
    or in a list by fact), or the groups' part. Up to ``handful`` items told in full
    the letter is one run of sections; beyond that there is a section per goal."""
    groups = [it for it in items if it.kind == "group"]
    others = sorted((it for it in items if it.kind != "group"), key=Item.sort_key)
    # each item's place in that order: the sorts below need not make the keys again
    place = {id(it): i for i, it in enumerate(others)}
    formed = [it for it in groups if any(f.kind == "formed" for f in it.facts)]
    steering = _steering(groups, formed)
    leads = {id(it) for it in others if is_lead(it)}
    lead = [it for it in others if id(it) in leads]
    rest = [it for it in others if id(it) not in leads]
    told_full = [it for it in rest if it.story or len(it.facts) > 1]
    tail = [it for it in rest if not it.story and len(it.facts) == 1]
    if len(told_full) <= handful:
        section = _one_run(told_full, tail, goals, measurements, place)
        return Letter(lead, [section] if section else [], formed, steering, False)
    sections = _by_goal(lead, rest, told_full, tail, goals, measurements, place)
    return Letter([], sections, formed, steering, True)


def _steering(groups: list[Item], formed: list[Item]) -> Section:
    """The groups' part: the news of groups that were not formed in the period, and the
    other facts of those that were."""
    rest_groups = [it for it in groups if not any(f.kind == "formed" for f in it.facts)]
    steering = Section(
        "steering",
        full=[it for it in rest_groups if it.story],
        tail=tail_of([it for it in rest_groups if not it.story and it.facts]),
    )
    steering.tail += [
        (k, v)
        for k, v in tail_of(
            [Item(it.ends, [f], [], []) for it in formed for f in it.facts if f.kind != "formed"]
        )
    ]
    return steering


def _one_run(
    told_full: list[Item],
    tail: list[Item],
    goals: list[Record],
    measurements: list[Measurement],
    place: dict[int, int],
) -> Section:
    """A short letter: one run of sections, a goal's items together (in the goals'
    order; within a goal, by ``place``: each item's place by :meth:`Item.sort_key`)."""
    goal_order = {g.id: i for i, g in enumerate(goals)}

    def by_goal(it: Item) -> tuple[Any, ...]:
        mine = [goal_order[g] for g in it.record.ids("goals") if g in goal_order]
        return (min(mine, default=len(goal_order)), place[id(it)])

    told_full.sort(key=by_goal)
    return Section("items", full=told_full, tail=tail_of(tail), measurements=measurements)


def _by_goal(
    lead: list[Item],
    rest: list[Item],
    told_full: list[Item],
    tail: list[Item],
    goals: list[Record],
    measurements: list[Measurement],
    place: dict[int, int],
) -> list[Section]:
    """A long letter: a section per goal, then those for every goal and for none (each
    in the items' ``place``: by :meth:`Item.sort_key`)."""

    def placed(it: Item) -> int:
        return place[id(it)]

    full_ids = {it.id for it in told_full}
    lead_ids = {it.id for it in lead}
    tail_ids = {it.id for it in tail}
    goal_ids = [g.id for g in goals]
    by_key: dict[str, list[Item]] = {}
    for it in [*lead, *rest]:
        by_key.setdefault(_theme(it, goal_ids), []).append(it)
    sections = []
    titles = {g.id: g.title for g in goals}
    for key in [*goal_ids, "*network", "*other"]:
        mine = sorted(by_key.get(key, []), key=placed)
        full = [it for it in mine if it.id in full_ids]
        lines = [it for it in mine if it.id in lead_ids] + full[FULL_PER_SECTION:]
        s = Section(
            "goal" if key in titles else key[1:],
            key if key in titles else None,
            titles.get(key),
            full[:FULL_PER_SECTION],
            sorted(lines, key=placed),
            tail_of([it for it in mine if it.id in tail_ids]),
            [m for m in measurements if m.goal == key],
        )
        if s:
            sections.append(s)
    return sections
