"""Three scenario data repositories, built the way a programme team builds one.

Each ``build_<name>(root)`` runs agenda's own commands (``init``, ``new``, ``set``,
``update``, ``done``, ``mv``, mostly with ``--commit``) in-process through
:func:`tests.helpers.cli`, every one with a backdated ``GIT_AUTHOR_DATE`` and
``GIT_COMMITTER_DATE`` (and ``--date`` for notes and completions), so the history spans
months. What no command does (recording an indicator measurement, a status typed into
the file by hand, a spreadsheet import) is a hand edit in the file's own style,
committed with plain git, backdated too.

The returned :class:`Scenario` says what a correct brief or log of its suggested period
must tell (``facts``) and what would be false (``must_not``). Fact kinds and their
``details``:

================  =========================  ===========================================
kind              subject                    details
================  =========================  ===========================================
added             record id                  date added (commit date)
renamed           old id                     new id
started           action id                  date (planned -> active)
finished          action id                  done date
blocked           action id                  date (-> blocked)
resumed           action id                  date (blocked -> active)
cancelled         action id                  date
deadline-moved    action id                  "OLD -> NEW" (first and last due); ``times``
                                             is how often it moved in the period
group-formed      group id                   started date
group-ended       group id                   ended date
measurement       "goal/indicator"           latest value, target, previous value
budget            action id                  amount, currency
note              record id                  the note's text (a note the brief should
                                             carry, or at least not contradict)
================  =========================  ===========================================

``must_not`` kinds: the same kinds (a claim that would be false, such as ``started`` for
an action whose planned start is after today, or ``finished`` for a cancelled one),
plus ``upcoming`` (the action must not be promised as next or coming up: it is done or
blocked) and ``still-blocked`` (it was blocked, but is active again). Subjects are
always the id the record has at the end (after any rename), except ``renamed``'s.

API: ``build_kilbrook(root)``, ``build_waarden(root)``, ``build_northshire(root)`` build
at ``root`` (which must not exist); ``BUILDERS`` maps the names to them; ``build(name,
root)`` builds once per process and copies (for tests that only read). Each returns a
:class:`Scenario`; ``scenario.brief_args()`` and ``scenario.log_args()`` are the
``agenda brief``/``agenda log`` arguments for its period. A build takes about 2, 2 and
6 s of CPU (wall time on an idle machine), several times that when the machine is busy.

``python -m tests.scenarios OUTDIR`` builds all three into ``OUTDIR/<name>``.
"""

from __future__ import annotations

import atexit
import dataclasses
import datetime as dt
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from netwerkagenda.i18n import month_name
from tests.helpers import Builder, Detail, HistoryError


@dataclass(frozen=True, init=False)
class Fact:
    """One thing a brief or log of the period must tell (or, in ``must_not``, must not)."""

    kind: str
    subject: str
    details: tuple[Detail, ...]
    times: int

    def __init__(self, kind: str, subject: str, *details: Detail, times: int = 1) -> None:
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "details", tuple(details))
        object.__setattr__(self, "times", times)

    def __repr__(self) -> str:
        args = ", ".join(repr(a) for a in (self.kind, self.subject, *self.details))
        return f"Fact({args}{', times=' + str(self.times) if self.times != 1 else ''})"


@dataclass
class Scenario:
    name: str
    root: Path
    language: str  # nl | en: the brief's language
    since: str  # the suggested brief period, ISO dates, both included
    until: str
    today: str  # the repository's today: [agenda] as_of in agenda.toml
    facts: list[Fact] = field(default_factory=list)
    must_not: list[Fact] = field(default_factory=list)
    commits: int = 0
    seconds: float = 0.0  # how long the build took

    def brief_args(self) -> list[str]:
        """The arguments of ``agenda brief`` for the suggested period."""
        return ["brief", "--since", self.since, "--until", self.until, "--lang", self.language]

    def log_args(self) -> list[str]:
        return ["log", "--since", self.since, "--until", self.until]


ScenarioError = HistoryError  # a step of a build failed: the scenario (or agenda) is broken


def _replace(old: str, new: str, count: int = 1) -> Callable[[str], str]:
    def change(text: str) -> str:
        if old not in text:
            raise ScenarioError(f"{old!r} not in the file")
        return text.replace(old, new, count)

    return change


def _settings(**values: str) -> Callable[[str], str]:
    """Edit agenda.toml as written by init: set ``key = value`` lines (TOML literals),
    uncommenting or adding them in their section."""

    def change(text: str) -> str:
        for key, literal in values.items():
            section, name = key.split(".")
            pat = re.compile(rf"^#?\s*{name} = .*$", re.M)
            sec = text.index(f"[{section}]")
            nxt = text.find("\n[", sec + 1)
            nxt = len(text) if nxt < 0 else nxt
            body = text[sec:nxt]
            line = f"{name} = {literal}"
            if pat.search(body):
                body = pat.sub(line, body, count=1)
            else:
                body = body.rstrip("\n") + f"\n{line}\n"
            text = text[:sec] + body + text[nxt:]
        return text

    return change


# -- 1: English, YAML, a city library's literacy programme --------------------------


def build_kilbrook(root: Path) -> Scenario:
    """Kilbrook City Library's "Kilbrook Reads 2026": English, YAML records, three goals
    with monthly measurements, set up in December 2025, the first half of 2026 told."""
    t0 = time.perf_counter()
    b = Builder(
        root,
        "Europe/Dublin",
        {
            "Tom Okafor": "tom.okafor@kilbrook.example",
            "Priya Shah": "priya.shah@kilbrook.example",
            "Niamh Byrne": "niamh.byrne@kilbrook.example",
        },
    )
    tom, priya, niamh = "Tom Okafor", "Priya Shah", "Niamh Byrne"
    b.init(
        "2025-12-01",
        "en",
        _settings(
            **{
                "agenda.name": '"Kilbrook Reads 2026"',
                "agenda.start": "2026-01-01",
                "agenda.end": "2026-12-31",
                "agenda.as_of": "2026-06-30",
                "groups.kinds": '["board", "team", "working-group"]',
                "brief.title": '"Kilbrook Reads: progress report"',
            }
        ),
        "Start the Kilbrook Reads agenda",
    )

    # December: the plan goes in
    d = "2025-12-02"
    b.new(
        d,
        "goal",
        "early-readers",
        "--title",
        "Every child a reader",
        "--owner",
        "Kilbrook City Library",
        "--summary",
        "More children under 12 read for pleasure and use the library.",
        "-s",
        "order=1",
        "-s",
        "indicators=[{id: cards-under-12, title: Library cards held by children under 12, unit: cards, target: 4000}]",
    )
    b.new(
        d,
        "goal",
        "adult-literacy",
        "--title",
        "Adults who read and write with confidence",
        "--summary",
        "Adults with low literacy find a way in and stay.",
        "-s",
        "order=2",
        "-s",
        "indicators=[{id: learners-enrolled, title: Adult learners enrolled, unit: learners, target: 300}]",
    )
    b.new(
        d,
        "goal",
        "digital-inclusion",
        "--title",
        "Online with confidence",
        "--summary",
        "Every resident can get help with digital services at the library.",
        "-s",
        "order=3",
        "-s",
        "indicators=[{id: help-sessions, title: Digital help sessions given (cumulative), unit: sessions, target: 1200}]",
    )
    d = "2025-12-03"
    b.new(
        d,
        "group",
        "steering-board",
        "--title",
        "Kilbrook Reads steering board",
        "--kind",
        "board",
        "-s",
        "chair=Priya Shah",
        "-s",
        "started=2025-12-01",
        "-s",
        "goals=[early-readers, adult-literacy, digital-inclusion]",
    )
    b.new(
        d,
        "group",
        "schools-team",
        "--title",
        "Schools team",
        "--kind",
        "team",
        "--parent",
        "steering-board",
        "--goal",
        "early-readers",
        "-s",
        "started=2025-12-08",
        "-s",
        "chair=Niamh Byrne",
        who=niamh,
    )
    b.new(
        d,
        "group",
        "adult-learning-team",
        "--title",
        "Adult learning team",
        "--kind",
        "team",
        "--parent",
        "steering-board",
        "--goal",
        "adult-literacy",
        "-s",
        "started=2025-12-08",
    )
    b.new(
        d,
        "group",
        "digital-help-desk",
        "--title",
        "Digital help desk",
        "--kind",
        "team",
        "--parent",
        "steering-board",
        "--goal",
        "digital-inclusion",
        "-s",
        "started=2025-12-08",
    )
    plan = [
        (
            "digital-skills-survey",
            "Survey of residents' digital skills",
            "digital-inclusion",
            "digital-help-desk",
            "2026-01-05",
            "2026-02-27",
            [],
        ),
        (
            "reading-cafes",
            "Reading cafés in four branches",
            "adult-literacy",
            "adult-learning-team",
            "2026-01-12",
            "2026-03-31",
            [],
        ),
        (
            "esol-conversation-groups",
            "ESOL conversation groups",
            "adult-literacy",
            "adult-learning-team",
            "2026-01-19",
            "2026-06-30",
            [],
        ),
        (
            "bookstart-packs",
            "Bookstart packs at health checks",
            "early-readers",
            "schools-team",
            "2026-01-20",
            "2026-12-31",
            [],
        ),
        (
            "school-visits-spring",
            "Class visits for every third class",
            "early-readers",
            "schools-team",
            "2026-02-02",
            "2026-05-29",
            [],
        ),
        (
            "digital-help-points",
            "Digital help points in all branches",
            "digital-inclusion",
            "digital-help-desk",
            "2026-01-14",
            "2026-06-30",
            [],
        ),
        (
            "tablet-lending",
            "Tablet lending scheme",
            "digital-inclusion",
            "digital-help-desk",
            "2026-02-02",
            "2026-04-30",
            ["--set", "depends_on=[digital-help-points]"],
        ),
        (
            "family-literacy-workshops",
            "Family literacy workshops",
            "early-readers",
            "adult-learning-team",
            "2026-03-02",
            "2026-06-26",
            ["--goal", "adult-literacy"],
        ),
        (
            "partner-meetings",
            "Quarterly meetings with adult education partners",
            "adult-literacy",
            "steering-board",
            "2026-01-01",
            "2026-12-31",
            [],
        ),
        (
            "story-walks",
            "Story walks in the parks",
            "early-readers",
            "schools-team",
            "2026-05-04",
            "2026-08-28",
            [],
        ),
        (
            "summer-reading-challenge",
            "Summer Reading Challenge 2026",
            "early-readers",
            "schools-team",
            "2026-07-01",
            "2026-09-15",
            ["--set", "depends_on=[school-visits-spring]"],
        ),
        (
            "homework-club",
            "After-school homework club",
            "early-readers",
            "schools-team",
            "2026-09-07",
            "2026-12-18",
            [],
        ),
    ]
    for n, (rid, title, goal, group, start, due, extra) in enumerate(plan):
        b.new(
            f"2025-12-{4 + n // 3:02d}",
            "action",
            rid,
            "--title",
            title,
            "--goal",
            goal,
            "--group",
            group,
            "--start",
            start,
            "--due",
            due,
            *extra,
            who=priya if n % 2 else tom,
        )
    b.set("2025-12-10", "reading-cafes", "owner=Adult learning team", "progress=0")

    # January
    b.set("2026-01-05", "digital-skills-survey", "status=active")
    b.set("2026-01-12", "reading-cafes", "status=active")
    b.set("2026-01-14", "digital-help-points", "status=active", "progress=10")
    b.set("2026-01-19", "esol-conversation-groups", "status=active")
    b.set("2026-01-20", "bookstart-packs", "status=active", who=niamh)
    b.measure(
        "2026-02-02",
        {
            "early-readers/cards-under-12": 3100,
            "adult-literacy/learners-enrolled": 120,
            "digital-inclusion/help-sessions": 80,
        },
        "2026-01-31",
        "January figures",
        who=tom,
    )
    # February
    b.set("2026-02-02", "school-visits-spring", "status=active", who=niamh)
    b.set("2026-02-02", "tablet-lending", "status=active")
    b.set("2026-02-16", "bookstart-packs", "budget={amount: 40000, currency: EUR}", who=priya)
    b.note("2026-02-16", "bookstart-packs", "Grant of €40,000 awarded.", who=priya)
    b.set("2026-02-23", "digital-help-points", "status=blocked")
    b.note(
        "2026-02-23",
        "digital-help-points",
        "Installation paused: two branches are waiting for the council's network upgrade.",
    )
    b.done(
        "2026-02-27",
        "digital-skills-survey",
        "Survey closed with 1,240 responses; the report goes to the board in March.",
    )
    # March
    b.measure(
        "2026-03-02",
        {
            "early-readers/cards-under-12": 3240,
            "adult-literacy/learners-enrolled": 150,
            "digital-inclusion/help-sessions": 190,
        },
        "2026-02-28",
        "February figures",
    )
    b.new(
        "2026-03-02",
        "group",
        "volunteer-network",
        "--title",
        "Reading volunteer network",
        "--kind",
        "working-group",
        "--parent",
        "adult-learning-team",
        "--goal",
        "adult-literacy",
        "-s",
        "started=2026-03-02",
        who=priya,
    )
    b.new(
        "2026-03-02",
        "action",
        "volunteer-training",
        "--title",
        "Train 30 reading volunteers",
        "--goal",
        "adult-literacy",
        "--group",
        "volunteer-network",
        "--start",
        "2026-03-09",
        "--due",
        "2026-04-30",
        who=priya,
    )
    b.note(
        "2026-03-04",
        "volunteer-network",
        "Twelve volunteers signed up at the first evening.",
        who=priya,
    )
    b.set("2026-03-09", "volunteer-training", "status=active")
    b.set("2026-03-10", "tablet-lending", "due=2026-05-31")
    b.note("2026-03-10", "tablet-lending", "The supplier delayed the delivery of 60 tablets.")
    b.mv("2026-03-16", "esol-conversation-groups", "english-conversation-clubs")
    b.set("2026-03-16", "english-conversation-clubs", "title=English conversation clubs")
    b.done(
        "2026-03-27",
        "reading-cafes",
        "Four reading cafés now meet weekly, with 64 regular visitors.",
    )
    # April
    b.measure(
        "2026-04-01",
        {
            "early-readers/cards-under-12": 3390,
            "adult-literacy/learners-enrolled": 171,
            "digital-inclusion/help-sessions": 320,
        },
        "2026-03-31",
        "March figures",
    )
    b.new(
        "2026-04-07",
        "action",
        "library-app-relaunch",
        "--title",
        "Relaunch of the library app",
        "--goal",
        "digital-inclusion",
        "--group",
        "digital-help-desk",
        "--start",
        "2026-05-04",
        "--due",
        "2026-09-30",
        "-s",
        "depends_on=[digital-skills-survey]",
    )
    b.set("2026-04-08", "family-literacy-workshops", "status=cancelled", who=priya)
    b.note(
        "2026-04-08",
        "family-literacy-workshops",
        "Cancelled: the partner charity withdrew. Its budget goes to the Bookstart packs.",
        who=priya,
    )
    b.mv("2026-04-13", "schools-team", "schools-and-families", who=niamh)
    b.set("2026-04-13", "schools-and-families", "title=Schools and families team", who=niamh)
    b.set("2026-04-14", "digital-help-points", "status=active", "progress=40")
    b.note("2026-04-14", "digital-help-points", "Network upgrade finished; installation resumed.")
    b.note("2026-04-20", "partner-meetings", "Meeting held.")
    b.done(
        "2026-04-24", "volunteer-training", "28 volunteers trained in three sessions.", who=priya
    )
    # May
    b.measure(
        "2026-05-04",
        {
            "early-readers/cards-under-12": 3510,
            "adult-literacy/learners-enrolled": 190,
            "digital-inclusion/help-sessions": 455,
        },
        "2026-04-30",
        "April figures",
    )
    b.set("2026-05-04", "library-app-relaunch", "status=active")
    b.set("2026-05-04", "story-walks", "status=active", who=niamh)
    b.set("2026-05-12", "tablet-lending", "due=2026-07-31")
    b.note("2026-05-12", "tablet-lending", "The second delivery slipped; the scheme opens in July.")
    b.done(
        "2026-05-22", "school-visits-spring", "All 38 third classes visited the library.", who=niamh
    )
    # June
    b.measure(
        "2026-06-01",
        {
            "early-readers/cards-under-12": 3655,
            "adult-literacy/learners-enrolled": 184,
            "digital-inclusion/help-sessions": 600,
        },
        "2026-05-31",
        "May figures",
    )
    b.set("2026-06-03", "story-walks", "status=blocked", who=niamh)
    b.note(
        "2026-06-03",
        "story-walks",
        "The parks department has not yet granted the permit.",
        who=niamh,
    )
    b.note(
        "2026-06-15",
        "english-conversation-clubs",
        "Two new clubs opened, in Northgate and Millbrook.",
    )
    b.measure(
        "2026-06-30",
        {
            "early-readers/cards-under-12": 3800,
            "adult-literacy/learners-enrolled": 176,
            "digital-inclusion/help-sessions": 760,
        },
        "2026-06-30",
        "June figures",
    )

    facts = [
        Fact("finished", "digital-skills-survey", "2026-02-27"),
        Fact("finished", "reading-cafes", "2026-03-27"),
        Fact("finished", "volunteer-training", "2026-04-24"),
        Fact("finished", "school-visits-spring", "2026-05-22"),
        Fact("started", "digital-skills-survey", "2026-01-05"),
        Fact("started", "reading-cafes", "2026-01-12"),
        Fact("started", "digital-help-points", "2026-01-14"),
        Fact("started", "english-conversation-clubs", "2026-01-19"),
        Fact("started", "bookstart-packs", "2026-01-20"),
        Fact("started", "school-visits-spring", "2026-02-02"),
        Fact("started", "tablet-lending", "2026-02-02"),
        Fact("started", "volunteer-training", "2026-03-09"),
        Fact("started", "library-app-relaunch", "2026-05-04"),
        Fact("started", "story-walks", "2026-05-04"),
        Fact("blocked", "digital-help-points", "2026-02-23"),
        Fact("resumed", "digital-help-points", "2026-04-14"),
        Fact("blocked", "story-walks", "2026-06-03"),
        Fact("cancelled", "family-literacy-workshops", "2026-04-08"),
        Fact("deadline-moved", "tablet-lending", "2026-04-30 -> 2026-07-31", times=2),
        Fact("added", "volunteer-network", "2026-03-02"),
        Fact("added", "volunteer-training", "2026-03-02"),
        Fact("added", "library-app-relaunch", "2026-04-07"),
        Fact("renamed", "esol-conversation-groups", "english-conversation-clubs"),
        Fact("renamed", "schools-team", "schools-and-families"),
        Fact("group-formed", "volunteer-network", "2026-03-02"),
        Fact("measurement", "early-readers/cards-under-12", 3800, 4000, 3655),
        Fact("measurement", "adult-literacy/learners-enrolled", 176, 300, 184),
        Fact("measurement", "digital-inclusion/help-sessions", 760, 1200, 600),
        Fact("budget", "bookstart-packs", 40000, "EUR"),
        Fact("note", "bookstart-packs", "Grant of €40,000 awarded."),
        Fact(
            "note",
            "english-conversation-clubs",
            "Two new clubs opened, in Northgate and Millbrook.",
        ),
    ]
    must_not = [
        Fact("started", "summer-reading-challenge"),  # starts 2026-07-01, after today
        Fact("started", "homework-club"),  # starts 2026-09-07
        Fact("finished", "family-literacy-workshops"),  # cancelled
        Fact("finished", "tablet-lending"),  # due moved, still active
        Fact("upcoming", "story-walks"),  # blocked: no promise in the outlook
        Fact("upcoming", "reading-cafes"),  # done
        Fact("upcoming", "school-visits-spring"),  # done
        Fact("still-blocked", "digital-help-points"),  # resumed on 2026-04-14
        Fact("started", "partner-meetings"),  # still planned: a note is not a start
    ]
    return Scenario(
        "kilbrook",
        root,
        "en",
        "2026-01-01",
        "2026-06-30",
        "2026-06-30",
        facts,
        must_not,
        b.count_commits(),
        time.perf_counter() - t0,
    )


# -- 2: Dutch, TOML (and some YAML), a regional library network ----------------------

_OVERLEG_WELZIJN = """\
# Overleg met de welzijnspartners in de regio (Sociom, Welzijn De Waarden).
# Handmatig aangemaakt door Sanne; zie het verslag op de teamsite.
title = "Overleg met welzijnspartners"
goals = ["basisvaardigheden"]
status = "active"
group = "regio-overleg"
owner = "Bibliotheek De Waarden"
start = 2025-09-01
due = 2026-12-31   # loopt het hele programma door
"""


def build_waarden(root: Path) -> Scenario:
    """Bibliotheeknetwerk De Waarden's "Lezen en Meedoen": Dutch, TOML with some YAML
    files, September 2025 to March 2026; the suggested period is the second letter
    (December to March), the first was tagged ``brief/2025-11-30``."""
    t0 = time.perf_counter()
    sanne, joost, fatima = "Sanne de Vries", "Joost Brouwer", "Fatima El Amrani"
    b = Builder(
        root,
        "Europe/Amsterdam",
        {
            sanne: "sanne@dewaarden.example",
            joost: "joost@dewaarden.example",
            fatima: "fatima@dewaarden.example",
        },
    )
    b.init(
        "2025-09-01",
        "nl",
        _settings(
            **{
                "agenda.name": '"Lezen en Meedoen 2025-2026"',
                "agenda.start": "2025-09-01",
                "agenda.end": "2026-12-31",
                "agenda.format": '"toml"',
                "agenda.as_of": "2026-03-13",
                "brief.title": '"Voortgangsbericht Lezen en Meedoen"',
            }
        ),
        "Agenda voor Lezen en Meedoen aangemaakt",
    )
    d = "2025-09-01"
    b.new(
        d,
        "goal",
        "leesbevordering",
        "-f",
        "yaml",
        "--title",
        "Meer kinderen lezen met plezier",
        "--owner",
        "Bibliotheeknetwerk De Waarden",
        "-s",
        "order=1",
        "--summary",
        "Kinderen van 0 tot 12 lezen vaker en met meer plezier.",
        "-s",
        "indicators=[{id: voorleesbereik, title: Kinderen bereikt met voorleesactiviteiten, unit: kinderen, target: 2500}]",
    )
    b.new(
        d,
        "goal",
        "basisvaardigheden",
        "-f",
        "yaml",
        "--title",
        "Volwassenen versterken hun basisvaardigheden",
        "-s",
        "order=2",
        "--summary",
        "Laaggeletterde volwassenen vinden de weg naar het taalhuis.",
        "-s",
        "indicators=[{id: taalhuis-deelnemers, title: Deelnemers aan het taalhuis, unit: deelnemers, target: 400}]",
    )
    b.new(
        d,
        "goal",
        "digitaal-meedoen",
        "--title",
        "Iedereen kan digitaal meedoen",
        "-s",
        "order=3",
        "--summary",
        "Inwoners krijgen in elke vestiging hulp bij de digitale overheid.",
        "-s",
        "indicators=[{id: ido-vragen, title: Beantwoorde vragen bij het IDO (cumulatief), unit: vragen, target: 3000}]",
    )
    b.new(
        d,
        "group",
        "regio-overleg",
        "--title",
        "Regio-overleg directeuren",
        "--kind",
        "netwerkoverleg",
        "-s",
        "chair=Joost Brouwer",
        "-s",
        "started=2025-09-01",
        "-s",
        "goals=[leesbevordering, basisvaardigheden, digitaal-meedoen]",
        who=joost,
    )
    d = "2025-09-15"
    b.new(
        d,
        "group",
        "koersgroep-lezen",
        "--title",
        "Koersgroep lezen",
        "--kind",
        "koersgroep",
        "--parent",
        "regio-overleg",
        "--goal",
        "leesbevordering",
        "-s",
        "started=2025-09-15",
    )
    b.new(
        d,
        "group",
        "koersgroep-basisvaardigheden",
        "--title",
        "Koersgroep basisvaardigheden",
        "--kind",
        "koersgroep",
        "--parent",
        "regio-overleg",
        "--goal",
        "basisvaardigheden",
        "--goal",
        "digitaal-meedoen",
        "-s",
        "started=2025-09-15",
        who=fatima,
    )
    b.new(
        "2025-09-22",
        "group",
        "werkgroep-ido",
        "--title",
        "Werkgroep IDO",
        "--kind",
        "werkgroep",
        "--parent",
        "koersgroep-basisvaardigheden",
        "--goal",
        "digitaal-meedoen",
        "-s",
        "started=2025-09-22",
        who=fatima,
    )
    b.new(
        "2025-10-06",
        "group",
        "werkgroep-collectie",
        "-f",
        "yaml",
        "--title",
        "Werkgroep collectie",
        "--kind",
        "werkgroep",
        "--parent",
        "koersgroep-lezen",
        "--goal",
        "leesbevordering",
        "-s",
        "started=2025-10-06",
        "-s",
        "members=[Bibliotheek Tiel, Bibliotheek Culemborg, Bibliotheek Zaltbommel]",
    )
    plan = [
        (
            "2025-09-15",
            "boekstart-consultatiebureaus",
            "BoekStart op alle consultatiebureaus",
            "leesbevordering",
            "koersgroep-lezen",
            "2025-09-15",
            "2026-03-31",
            [],
        ),
        (
            "2025-09-15",
            "voorleesexpress",
            "VoorleesExpress in vier gemeenten",
            "leesbevordering",
            "koersgroep-lezen",
            "2025-10-01",
            "2026-06-30",
            [],
        ),
        (
            "2025-09-15",
            "bibliotheek-op-school-vo",
            "Bibliotheek op school in het vo",
            "leesbevordering",
            "koersgroep-lezen",
            "2026-01-05",
            "2026-07-10",
            ["-f", "yaml"],
        ),
        (
            "2025-09-16",
            "leesclubs-vmbo",
            "Leesclubs op het vmbo",
            "leesbevordering",
            "koersgroep-lezen",
            "2025-10-13",
            "2026-06-30",
            ["-f", "yaml"],
        ),
        (
            "2025-09-16",
            "taalhuizen-herinrichting",
            "Herinrichting van de taalhuizen",
            "basisvaardigheden",
            "koersgroep-basisvaardigheden",
            "2025-10-01",
            "2026-05-31",
            [],
        ),
        (
            "2025-09-22",
            "ido-spreekuren",
            "IDO-spreekuren in alle vestigingen",
            "digitaal-meedoen",
            "werkgroep-ido",
            "2025-09-22",
            "2025-12-31",
            [],
        ),
        (
            "2025-09-22",
            "klik-en-tik",
            "Cursussen Klik & Tik",
            "digitaal-meedoen",
            "werkgroep-ido",
            "2026-01-12",
            "2026-06-30",
            [],
        ),
        (
            "2025-10-06",
            "meertalige-prentenboeken",
            "Meertalige prentenboekencollectie",
            "leesbevordering",
            "werkgroep-collectie",
            "2025-10-06",
            "2025-12-31",
            [],
        ),
        (
            "2025-10-06",
            "popup-winkelcentrum",
            "Pop-upbibliotheek in winkelcentrum De Brink",
            "leesbevordering",
            "koersgroep-lezen",
            "2026-03-02",
            "2026-09-30",
            [],
        ),
        (
            "2025-10-06",
            "zomerlezen-2026",
            "Zomerlezen 2026",
            "leesbevordering",
            "koersgroep-lezen",
            "2026-06-01",
            "2026-08-31",
            ["-s", "depends_on=[voorleesexpress]"],
        ),
        (
            "2025-10-13",
            "leeszaal-app",
            "Digitale leeszaal-app",
            "digitaal-meedoen",
            "koersgroep-basisvaardigheden",
            "2025-11-03",
            "2026-04-30",
            [],
        ),
        (
            "2025-10-13",
            "taalcafes",
            "Taalcafés in vijf vestigingen",
            "basisvaardigheden",
            "koersgroep-basisvaardigheden",
            "2025-10-20",
            "2026-03-31",
            [],
        ),
        (
            "2025-10-13",
            "vrijwilligerstraining",
            "Training taalvrijwilligers",
            "basisvaardigheden",
            "koersgroep-basisvaardigheden",
            "2025-11-03",
            "2025-12-19",
            [],
        ),
        (
            "2025-10-20",
            "nulmeting-leesgedrag",
            "Nulmeting leesgedrag basisschoolleerlingen",
            "leesbevordering",
            "koersgroep-lezen",
            "2025-11-17",
            "2026-01-31",
            [],
        ),
    ]
    for n, (day, rid, title, goal, group, start, due, extra) in enumerate(plan):
        b.new(
            day,
            "action",
            rid,
            "--title",
            title,
            "--goal",
            goal,
            "--group",
            group,
            "--start",
            start,
            "--due",
            due,
            *extra,
            who=(sanne, fatima, joost)[n % 3],
        )
    b.write(
        "2025-09-02",
        {"data/actions/overleg-welzijn.toml": _OVERLEG_WELZIJN},
        "Overleg welzijn toegevoegd",
        who=sanne,
    )

    def monthly(day: str, on: str, lees: int, taal: int, ido: int, who: str = sanne) -> None:
        month = dt.date.fromisoformat(on).month
        b.measure(
            day,
            {
                "leesbevordering/voorleesbereik": lees,
                "basisvaardigheden/taalhuis-deelnemers": taal,
                "digitaal-meedoen/ido-vragen": ido,
            },
            on,
            f"Cijfers {month_name(month, 'nl')}",
            who=who,
        )

    # before the period: September to November
    b.set("2025-09-15", "boekstart-consultatiebureaus", "status=active")
    b.set("2025-09-22", "ido-spreekuren", "status=active", who=fatima)
    b.set("2025-10-01", "voorleesexpress", "status=active")
    b.set("2025-10-01", "taalhuizen-herinrichting", "status=active", who=fatima)
    b.set("2025-10-06", "meertalige-prentenboeken", "status=active")
    monthly("2025-10-02", "2025-09-30", 820, 212, 260)
    b.set("2025-10-13", "leesclubs-vmbo", "status=active")
    b.set("2025-10-20", "taalcafes", "status=active", who=fatima)
    b.note(
        "2025-10-27",
        "regio-overleg",
        "We hebben de werkwijze van de koersgroepen vastgesteld.",
        who=joost,
    )
    b.set("2025-11-03", "leeszaal-app", "status=active", who=joost)
    b.set("2025-11-03", "vrijwilligerstraining", "status=active", who=fatima)
    monthly("2025-11-04", "2025-10-31", 1010, 236, 610)
    b.set("2025-11-10", "taalhuizen-herinrichting", "status=blocked", who=fatima)
    b.note(
        "2025-11-10",
        "taalhuizen-herinrichting",
        "We wachten op het besluit van de gemeente over de huisvesting.",
        who=fatima,
    )
    b.set("2025-11-17", "nulmeting-leesgedrag", "status=active")
    b.done(
        "2025-11-28",
        "ido-spreekuren",
        "In alle zeven vestigingen houden we nu een IDO-spreekuur.",
        who=fatima,
    )
    brief = root.parent / f".{root.name}-brief-2025-11-30.md"
    b.agenda(
        "2025-11-30",
        "brief",
        "--since",
        "2025-09-01",
        "--until",
        "2025-11-30",
        "--tag",
        "-o",
        str(brief),
        commit=False,
    )
    brief.unlink()

    # the period: December to 13 March
    monthly("2025-12-02", "2025-11-30", 1240, 251, 980)
    b.note("2025-12-08", "voorleesexpress", "We zijn gestart met 24 gezinnen.")
    b.done(
        "2025-12-12",
        "vrijwilligerstraining",
        "We hebben 22 taalvrijwilligers getraind.",
        who=fatima,
    )
    b.set("2025-12-15", "meertalige-prentenboeken", "due=2026-02-28")
    b.note(
        "2025-12-15",
        "meertalige-prentenboeken",
        "De levering van de Arabische en Turkse titels loopt vertraging op.",
    )
    monthly("2026-01-05", "2025-12-31", 1390, 244, 1290, who=joost)
    b.set("2026-01-06", "bibliotheek-op-school-vo", "status=active")
    b.new(
        "2026-01-12",
        "group",
        "werkgroep-taal-en-werk",
        "--title",
        "Werkgroep taal en werk",
        "--kind",
        "werkgroep",
        "--parent",
        "koersgroep-basisvaardigheden",
        "--goal",
        "basisvaardigheden",
        "-s",
        "started=2026-01-12",
        "-s",
        "chair=Fatima El Amrani",
        who=fatima,
    )
    b.new(
        "2026-01-12",
        "action",
        "taal-en-werk-pilot",
        "--title",
        "Pilot taal op de werkvloer",
        "--goal",
        "basisvaardigheden",
        "--group",
        "werkgroep-taal-en-werk",
        "--start",
        "2026-02-02",
        "--due",
        "2026-06-30",
        who=fatima,
    )
    b.edit(
        "2026-01-14",
        "data/actions/klik-en-tik.toml",
        _replace('status = "planned"', 'status = "active"'),
        "cursussen lopen",
        who=fatima,
    )
    b.set("2026-01-19", "taalhuizen-herinrichting", "status=active", who=fatima)
    b.note(
        "2026-01-19",
        "taalhuizen-herinrichting",
        "De gemeente heeft ingestemd; we gaan verder met de verbouwing.",
        who=fatima,
    )
    b.note(
        "2026-01-27", "voorleesexpress", "Subsidie van de provincie toegekend: € 25.000.", who=joost
    )
    b.set("2026-01-27", "voorleesexpress", "budget={amount: 25000, currency: EUR}", who=joost)
    b.done(
        "2026-01-30",
        "nulmeting-leesgedrag",
        "De nulmeting is klaar: 41% van de leerlingen leest wekelijks voor zijn plezier.",
    )
    b.note(
        "2026-01-30",
        "werkgroep-ido",
        "We heffen de werkgroep op; de spreekuren lopen voortaan via de vestigingen.",
        who=fatima,
    )
    b.set("2026-01-30", "werkgroep-ido", "ended=2026-01-30", who=fatima)
    b.set("2026-01-30", "klik-en-tik", "group=koersgroep-basisvaardigheden", who=fatima)
    b.mv("2026-02-02", "leesclubs-vmbo", "leesclubs-jongeren")
    b.set("2026-02-02", "leesclubs-jongeren", "title=Leesclubs voor jongeren")
    b.set("2026-02-02", "taal-en-werk-pilot", "status=active", who=fatima)
    monthly("2026-02-03", "2026-01-31", 1610, 229, 1660)
    b.set("2026-02-09", "popup-winkelcentrum", "status=cancelled")
    b.note(
        "2026-02-09",
        "popup-winkelcentrum",
        "We stoppen hiermee: het winkelcentrum gaat deze zomer dicht voor sloop.",
    )
    b.note("2026-02-11", "overleg-welzijn", "Overleg gevoerd.")
    b.done(
        "2026-02-20",
        "boekstart-consultatiebureaus",
        "We hebben de laatste drie consultatiebureaus aangesloten; BoekStart is nu in de hele regio.",
    )
    b.set("2026-02-23", "meertalige-prentenboeken", "due=2026-04-30")
    b.note(
        "2026-02-23", "meertalige-prentenboeken", "We hebben de bestelling opnieuw moeten plaatsen."
    )
    b.set("2026-03-02", "leeszaal-app", "status=blocked", who=joost)
    b.note(
        "2026-03-02",
        "leeszaal-app",
        "De leverancier kan de koppeling met het bibliotheeksysteem nog niet leveren.",
        who=joost,
    )
    monthly("2026-03-03", "2026-02-28", 1835, 218, 2050)
    b.done(
        "2026-03-06",
        "taalcafes",
        "De vijf taalcafés draaien; gemiddeld komen er elf deelnemers per keer.",
        who=fatima,
    )

    facts = [
        Fact("finished", "vrijwilligerstraining", "2025-12-12"),
        Fact("finished", "nulmeting-leesgedrag", "2026-01-30"),
        Fact("finished", "boekstart-consultatiebureaus", "2026-02-20"),
        Fact("finished", "taalcafes", "2026-03-06"),
        Fact("started", "bibliotheek-op-school-vo", "2026-01-06"),
        Fact("started", "klik-en-tik", "2026-01-14"),  # by hand, no note
        Fact("started", "taal-en-werk-pilot", "2026-02-02"),
        Fact("resumed", "taalhuizen-herinrichting", "2026-01-19"),
        Fact("blocked", "leeszaal-app", "2026-03-02"),
        Fact("cancelled", "popup-winkelcentrum", "2026-02-09"),
        Fact("deadline-moved", "meertalige-prentenboeken", "2025-12-31 -> 2026-04-30", times=2),
        Fact("added", "werkgroep-taal-en-werk", "2026-01-12"),
        Fact("added", "taal-en-werk-pilot", "2026-01-12"),
        Fact("renamed", "leesclubs-vmbo", "leesclubs-jongeren"),
        Fact("group-formed", "werkgroep-taal-en-werk", "2026-01-12"),
        Fact("group-ended", "werkgroep-ido", "2026-01-30"),
        Fact("measurement", "leesbevordering/voorleesbereik", 1835, 2500, 1610),
        Fact("measurement", "basisvaardigheden/taalhuis-deelnemers", 218, 400, 229),
        Fact("measurement", "digitaal-meedoen/ido-vragen", 2050, 3000, 1660),
        Fact("budget", "voorleesexpress", 25000, "EUR"),
        Fact("note", "voorleesexpress", "Subsidie van de provincie toegekend: € 25.000."),
        Fact("note", "voorleesexpress", "We zijn gestart met 24 gezinnen."),
    ]
    must_not = [
        Fact("started", "zomerlezen-2026"),  # starts 2026-06-01
        Fact("started", "popup-winkelcentrum"),  # planned start 2026-03-02 passed, but cancelled
        Fact("finished", "ido-spreekuren"),  # finished 2025-11-28, before the period
        Fact("started", "leesclubs-jongeren"),  # started 2025-10-13, before the period
        Fact("still-blocked", "taalhuizen-herinrichting"),  # resumed 2026-01-19
        Fact("finished", "popup-winkelcentrum"),  # cancelled
        Fact("finished", "meertalige-prentenboeken"),  # due moved twice, still active
        Fact("upcoming", "leeszaal-app"),  # blocked
        Fact("upcoming", "boekstart-consultatiebureaus"),  # done
        Fact("upcoming", "taalcafes"),  # done
        Fact("group-formed", "werkgroep-collectie"),  # formed 2025-10-06, before the period
    ]
    return Scenario(
        "waarden",
        root,
        "nl",
        "2025-12-01",
        "2026-03-13",
        "2026-03-13",
        facts,
        must_not,
        b.count_commits(),
        time.perf_counter() - t0,
    )


# -- 3: a larger mixed one: English, YAML and TOML in many styles, a year -----------

# (id, title, goal, group, fate, added during the year)
_NORTHSHIRE_ACTIONS: list[tuple[str, str, str, str, str, bool]] = [
    (
        "baby-rhyme-time",
        "Baby rhyme time in every branch",
        "reading",
        "reading-team",
        "done",
        False,
    ),
    (
        "reading-friends-phone",
        "Reading friends by phone",
        "reading",
        "reading-team",
        "active",
        False,
    ),
    (
        "chatterbooks-clubs",
        "Chatterbooks clubs for 8-12s",
        "reading",
        "reading-team",
        "done",
        False,
    ),
    (
        "summer-reading-2025",
        "Summer Reading Challenge 2025",
        "reading",
        "reading-team",
        "done",
        False,
    ),
    (
        "dyslexia-collection",
        "Dyslexia-friendly collection",
        "reading",
        "reading-team",
        "moved2",
        False,
    ),
    (
        "author-visits",
        "Author visits to secondary schools",
        "reading",
        "reading-team",
        "cancelled",
        False,
    ),
    (
        "reading-well",
        "Reading Well books on prescription",
        "reading",
        "reading-team",
        "budget",
        False,
    ),
    (
        "storytime-outreach",
        "Storytime outreach at family hubs",
        "reading",
        "reading-team",
        "blocked-resumed",
        False,
    ),
    (
        "quick-reads-prison",
        "Quick Reads in the prison library",
        "reading",
        "reading-team",
        "late",
        False,
    ),
    (
        "home-library-review",
        "Review of the home library service",
        "reading",
        "reading-team",
        "done",
        False,
    ),
    (
        "digital-champions",
        "Digital champions in twelve branches",
        "digital-skills",
        "digital-team",
        "active",
        False,
    ),
    ("device-loans", "Laptop and dongle loans", "digital-skills", "digital-team", "done", False),
    ("coding-clubs", "Coding clubs for teens", "digital-skills", "digital-team", "active", False),
    (
        "online-safety",
        "Online safety sessions for older people",
        "digital-skills",
        "digital-team",
        "done",
        False,
    ),
    (
        "public-wifi-upgrade",
        "Public Wi-Fi upgrade",
        "digital-skills",
        "digital-team",
        "blocked",
        False,
    ),
    (
        "council-services-help",
        "Help with online council services",
        "digital-skills",
        "digital-team",
        "moved1",
        False,
    ),
    (
        "makerspace-eastgate",
        "Makerspace at Eastgate",
        "digital-skills",
        "digital-team",
        "budget-moved",
        False,
    ),
    (
        "staff-skills-audit",
        "Digital skills audit of staff",
        "digital-skills",
        "digital-team",
        "done",
        False,
    ),
    (
        "ai-tools-workshops",
        "Workshops on AI tools",
        "digital-skills",
        "ai-literacy-pilot",
        "active",
        True,
    ),
    ("sim-card-bank", "Data SIM bank", "digital-skills", "digital-team", "cancelled", False),
    ("job-clubs", "Job clubs in three towns", "work-and-skills", "work-team", "active", False),
    (
        "cv-surgeries",
        "CV surgeries with the careers service",
        "work-and-skills",
        "work-team",
        "done",
        False,
    ),
    (
        "esol-pathways",
        "ESOL pathways with the college",
        "work-and-skills",
        "work-team",
        "blocked-resumed",
        False,
    ),
    ("business-hub", "Start-up business hub", "work-and-skills", "work-team", "future", True),
    ("everyday-maths", "Everyday maths courses", "work-and-skills", "work-team", "moved2", False),
    (
        "volunteer-pathways",
        "Volunteering as a route to work",
        "work-and-skills",
        "volunteer-forum",
        "active",
        True,
    ),
    ("skills-fair-2025", "Skills fair October 2025", "work-and-skills", "work-team", "done", False),
    (
        "careers-podcast",
        "Careers podcast for young adults",
        "work-and-skills",
        "work-team",
        "future",
        False,
    ),
    (
        "green-skills-talks",
        "Green skills talk series",
        "work-and-skills",
        "work-team",
        "done",
        True,
    ),
    (
        "employer-agreements",
        "Employer partnership agreements",
        "work-and-skills",
        "work-team",
        "late",
        False,
    ),
    ("homework-help", "Homework help after school", "young-people", "youth-team", "active", False),
    ("teen-advisory-panel", "Teen advisory panel", "young-people", "youth-team", "done", False),
    ("exam-study-spaces", "Study spaces at exam time", "young-people", "youth-team", "done", False),
    ("youth-zine", "Youth zine workshop", "young-people", "youth-team", "cancelled", False),
    ("gaming-nights", "Gaming nights", "young-people", "youth-team", "active", True),
    (
        "work-experience",
        "Work experience placements",
        "young-people",
        "youth-team",
        "future",
        False,
    ),
    (
        "care-leavers-offer",
        "Library offer for care leavers",
        "young-people",
        "youth-team",
        "blocked",
        True,
    ),
    (
        "mobile-library-schools",
        "Mobile library at rural schools",
        "young-people",
        "mobile-library-pilot",
        "done",
        False,
    ),
    (
        "mobile-library-villages",
        "Mobile library village stops",
        "reading",
        "mobile-library-pilot",
        "cancelled",
        False,
    ),
    (
        "shelf-help",
        "Shelf help: books on mental health",
        "young-people",
        "youth-team",
        "active",
        False,
    ),
    (
        "holiday-activities",
        "Holiday activity and food programme",
        "young-people",
        "youth-team",
        "done",
        True,
    ),
    (
        "library-ambassadors",
        "Young library ambassadors",
        "young-people",
        "youth-team",
        "future",
        True,
    ),
]

_NORTHSHIRE_GOALS = {
    "data/goals/reading.yaml": """\
# Goal 1 of the Skills for Life plan (board paper 2025/03)
title: Reading for everyone
summary: "More people of every age read, and the library is where they start."
owner: Northshire Libraries
order: 1
indicators:
  - id: children-members
    title: Active members under 16
    unit: members
    target: 15000
    measurements:
      - date: 2025-02-28
        value: 11200
  - id: reading-well-loans
    title: Reading Well loans
    unit: loans
    target: 5000
tags: [reading, "core offer"]
""",
    "data/goals/digital-skills.toml": """\
# Goal 2: digital inclusion. Figures come from the help desk log.
title = "Digital skills for all"
summary = 'Nobody in Northshire is left offline for want of help.'
order = 2
tags = ["digital"]

[[indicators]]
id = "people-helped"
title = "People helped with digital skills (cumulative)"
unit = "people"
target = 6000
""",
    "data/goals/work-and-skills.yaml": """\
title: Work and skills
summary: >-
  The library helps adults into work, training
  and volunteering.
order: 3
indicators:
  - id: into-work
    title: People into work or training after library support
    target: 250
""",
    "data/goals/young-people.toml": """\
title = "Young people thrive"
summary = "Teenagers use the library to study, meet and make things."
order = 4

[[indicators]]
id = "young-members"
title = "Active members aged 12-18"
unit = "members"
target = 4000

[[indicators.measurements]]
date = 2025-02-28
value = 2600
""",
}

_NORTHSHIRE_GROUPS = {
    "data/groups/consortium-board.toml": """\
title = "Northshire Libraries consortium board"
kind = "board"
chair = "Grace Liu"
members = [
  "Northshire County Council",
  "Eastgate Town Council",
  "Northshire College",
]
started = 2025-01-15
goals = ["reading", "digital-skills", "work-and-skills", "young-people"]
""",
    "data/groups/reading-team.yaml": """\
title: Reading team
kind: programme-team
parent: consortium-board
goals: [reading]
chair: Owen Pryce
started: 2025-03-01
""",
    "data/groups/digital-team.yaml": """\
title: "Digital team"
kind: 'programme-team'
parent: consortium-board
goals:
  - digital-skills
started: 2025-03-01
""",
    "data/groups/work-team.toml": """\
title = "Work and skills team"
kind = "programme-team"
parent = "consortium-board"
goals = ["work-and-skills"]
started = 2025-03-01
""",
    "data/groups/youth-team.yaml": """\
title: Youth team
kind: programme-team
parent: consortium-board
goals: [young-people]
started: 2025-03-01  # first meeting
""",
    "data/groups/mobile-library-pilot.toml": """\
title = "Mobile library pilot"
kind = "pilot"
parent = "consortium-board"
goals = ["reading", "young-people"]
started = 2025-03-10
summary = "A year's trial of a mobile library in the rural north."
""",
}


def _weekday(d: dt.date) -> dt.date:
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def _action_file(
    n: int, rid: str, title: str, goal: str, group: str, start: dt.date, due: dt.date, owner: str
) -> tuple[str, str]:
    """An imported action in one of four hand-written styles."""
    style = n % 4
    if style == 0:
        return f"data/actions/{rid}.yaml", (
            f"# Imported from the 2025 planning sheet, row {n + 2}\n"
            f"title: {title}\n"
            f"goals:\n  - {goal}\n"
            f"status: planned\n"
            f"group: {group}\n"
            f"owner: {owner}\n"
            f"start: {start}\n"
            f"due: {due}\n"
        )
    if style == 1:
        return f"data/actions/{rid}.yaml", (
            f'title: "{title}"\n'
            f"goals: ['{goal}']\n"
            f"status: 'planned'   # from the sheet\n"
            f'group: "{group}"\n'
            f"start: {start}\n"
            f"due: {due}\n"
            f"description: |\n"
            f"  Part of the Skills for Life plan.\n"
            f"  Lead: {owner}.\n"
            f"tags: [imported]\n"
            f"updates:\n"
            f"  - date: 2025-03-10\n"
            f"    author: Grace Liu\n"
            f"    text: >-\n"
            f"      Agreed at the planning day;\n"
            f"      the team will set a timetable.\n"
        )
    if style == 2:
        return f"data/actions/{rid}.toml", (
            f"# {title}: imported from the 2025 planning sheet\n"
            f"title = '{title}'\n"
            f'goals = [\n  "{goal}",\n]\n'
            f'status = "planned"\n'
            f'group = "{group}"  # responsible team\n'
            f'owner = "{owner}"\n'
            f"start = {start}\n"
            f"due = {due}\n"
            f'description = """\n'
            f"Imported with the rest of the plan.\n"
            f'Dates are the sheet\'s."""\n'
        )
    return f"data/actions/{rid}.toml", (
        f'title = "{title}"\n'
        f'goals = ["{goal}"]\n'
        f'status = "planned"\n'
        f'group = "{group}"\n'
        f"start = {start}\n"
        f"due = {due}\n"
    )


def build_northshire(root: Path) -> Scenario:
    """Northshire Libraries' "Skills for Life 2025-26": English, 42 actions in YAML and
    TOML of four hand-written styles (imported from a spreadsheet) and agenda's own,
    about 170 commits from April 2025 to March 2026; the suggested period is the whole
    year."""
    t0 = time.perf_counter()
    people = {
        "Grace Liu": "grace.liu@northshire.example",
        "Owen Pryce": "owen.pryce@northshire.example",
        "Amara Nwosu": "amara.nwosu@northshire.example",
        "Dev Patel": "dev.patel@northshire.example",
    }
    names = list(people)
    b = Builder(root, "Europe/London", people)
    b.init(
        "2025-03-03",
        "en",
        _settings(
            **{
                "agenda.name": '"Skills for Life 2025-26"',
                "agenda.start": "2025-04-01",
                "agenda.end": "2026-03-31",
                "agenda.as_of": "2026-03-31",
                "groups.kinds": '["board", "programme-team", "working-group", "pilot"]',
                "brief.title": '"Skills for Life: progress report"',
            }
        ),
        "New agenda for Skills for Life",
    )
    b.write(
        "2025-03-14", {**_NORTHSHIRE_GOALS, **_NORTHSHIRE_GROUPS}, "Goals and teams from the plan"
    )

    rng = random.Random(20250401)
    first, last = dt.date(2025, 4, 1), dt.date(2026, 3, 27)
    today = dt.date(2026, 3, 31)
    facts: list[Fact] = []
    must_not: list[Fact] = []
    # (day, order, step): the year's work, run in date order at the end
    steps: list[tuple[dt.date, int, Callable[[], None]]] = []
    seq = iter(range(10**6))

    def at(day: dt.date, step: Callable[[], None]) -> None:
        steps.append((day, next(seq), step))

    def day_(d: dt.date) -> str:
        return d.isoformat()

    imported: dict[str, str] = {}
    final_id = {"reading-friends-phone": "reading-friends", "cv-surgeries": "cv-clinics"}
    renames = {"reading-friends-phone": dt.date(2025, 8, 4), "cv-surgeries": dt.date(2025, 6, 16)}
    owners = ["Eastgate Library", "Northshire Libraries", "Millford Library", "Northshire College"]
    for n, (rid, title, goal, group, fate, added) in enumerate(_NORTHSHIRE_ACTIONS):
        who = names[n % 4]
        fid = final_id.get(rid, rid)

        # the file as it stands when the step runs: before or after a rename
        def cur(r: str = rid, f: str = fid) -> str:
            here = root / "data" / "actions"
            return f if (here / f"{f}.yaml").exists() or (here / f"{f}.toml").exists() else r

        if added:
            add = _weekday(first + dt.timedelta(days=rng.randint(30, 280)))
            formed = {
                "ai-literacy-pilot": dt.date(2025, 10, 6),
                "volunteer-forum": dt.date(2025, 6, 2),
            }
            if group in formed:
                add = max(add, _weekday(formed[group] + dt.timedelta(days=1)))
            start = _weekday(add + dt.timedelta(days=rng.randint(7, 30)))
        else:
            add = None
            start = _weekday(first + dt.timedelta(days=rng.randint(6, 200)))
        if fate == "future":
            start = _weekday(dt.date(2026, 4, 13) + dt.timedelta(days=rng.randint(0, 50)))
            if add is not None and add > today - dt.timedelta(days=20):
                add = _weekday(today - dt.timedelta(days=40))
        if fate == "late":
            start = _weekday(dt.date(2025, 11, 3) + dt.timedelta(days=rng.randint(0, 90)))
        due = start + dt.timedelta(days=rng.randint(120, 300))
        if fate == "done":
            finish = min(_weekday(start + dt.timedelta(days=rng.randint(40, 200))), last)
            due = finish + dt.timedelta(days=rng.randint(-10, 40))
        group_now = group
        if group == "youth-team":
            group_now = group if start < dt.date(2025, 9, 8) else "young-people-team"
        if added:
            assert add is not None
            args = [
                "--title",
                title,
                "--goal",
                goal,
                "--group",
                group,
                "--start",
                day_(start),
                "--due",
                day_(due),
            ]
            fmt = ["-f", "toml"] if n % 2 else []
            at(
                add,
                lambda rid=rid, args=args, fmt=fmt, who=who, add=add, g=group: b.new(
                    day_(add),
                    "action",
                    rid,
                    *fmt,
                    *[
                        (
                            "young-people-team"
                            if a == "youth-team" and add >= dt.date(2025, 9, 8)
                            else a
                        )
                        for a in args
                    ],
                    who=who,
                ),
            )
            facts.append(Fact("added", fid, day_(add)))
        else:
            rel, text = _action_file(n, rid, title, goal, group, start, due, owners[n % 4])
            imported[rel] = text
        del group_now

        def status(
            d: dt.date,
            to: str,
            note: str | None = None,
            who: str = who,
            hand: bool = False,
            cur: Callable[[], str] = cur,
        ) -> None:
            def step() -> None:
                rid_now = cur()
                if hand:
                    rel = next(
                        p
                        for p in (f"data/actions/{rid_now}.yaml", f"data/actions/{rid_now}.toml")
                        if (root / p).exists()
                    )
                    b.edit(day_(d), rel, _status_by_hand(to), f"{rid_now}: {to}", who=who)
                else:
                    b.set(day_(d), rid_now, f"status={to}", who=who)
                if note:
                    b.note(day_(d), rid_now, note, who=who)

            at(d, step)

        def note(d: dt.date, text: str, who: str = who, cur: Callable[[], str] = cur) -> None:
            at(d, lambda: b.note(day_(d), cur(), text, who=who))

        def between(a: dt.date, z: dt.date) -> dt.date:
            return _weekday(a + dt.timedelta(days=rng.randint(1, max(1, (z - a).days - 3))))

        # this action's own notes: no note twice on one record
        progress = rng.sample(_PROGRESS_NOTES, len(_PROGRESS_NOTES))
        delays = rng.sample(_DELAY_NOTES, len(_DELAY_NOTES))
        if fate not in ("future", "late", "cancelled"):
            status(start, "active", hand=n % 5 == 0)
            facts.append(Fact("started", fid, day_(start)))
        if fate == "done":
            if (finish - start).days > 20:
                note(between(start, finish), progress.pop())
            text = rng.choice(_DONE_NOTES)
            at(finish, lambda d=finish, t=text, w=who, c=cur: b.done(day_(d), c(), t, who=w))
            facts.append(Fact("finished", fid, day_(finish)))
            must_not.append(Fact("upcoming", fid))
        elif fate in ("active", "budget", "budget-moved"):
            d = start
            for _ in range(rng.randint(1, 3)):
                d = _weekday(d + dt.timedelta(days=rng.randint(20, 70)))
                if d <= last:
                    note(d, progress.pop())
            if fate.startswith("budget"):
                g = _weekday(start + dt.timedelta(days=rng.randint(10, 40)))
                amount = rng.choice([8000, 12500, 25000, 40000])
                at(
                    g,
                    lambda g=g, a=amount, c=cur: b.set(
                        day_(g), c(), f"budget={{amount: {a}, currency: EUR}}"
                    ),
                )
                note(g, f"Funding of €{amount:,} confirmed by the council.")
                facts.append(Fact("budget", fid, amount, "EUR"))
            if fate == "budget-moved":
                m = _weekday(due - dt.timedelta(days=rng.randint(10, 20)))
                if m > last:
                    m = last
                new_due = due + dt.timedelta(days=rng.randint(60, 90))
                at(m, lambda m=m, nd=new_due, c=cur: b.set(day_(m), c(), f"due={nd}"))
                note(m, "The fit-out contractor is late; opening moves.")
                facts.append(Fact("deadline-moved", fid, f"{due} -> {new_due}"))
            must_not.append(Fact("finished", fid))
        elif fate in ("moved1", "moved2"):
            dues = [due]
            moves = 1 if fate == "moved1" else 2
            for k in range(moves):
                m = _weekday(dues[-1] - dt.timedelta(days=rng.randint(10, 20)))
                m = min(m, last - dt.timedelta(days=5 * (moves - k - 1)))
                nd = dues[-1] + dt.timedelta(days=rng.randint(45, 90))
                hand = fate == "moved2" and k == 0 and n % 2 == 0
                if hand:
                    at(
                        m,
                        lambda m=m, old=dues[-1], nd=nd, c=cur, w=who: _due_by_hand(
                            b, root, day_(m), c(), old, nd, w
                        ),
                    )
                else:
                    at(m, lambda m=m, nd=nd, c=cur, w=who: b.set(day_(m), c(), f"due={nd}", who=w))
                note(m, delays.pop())
                dues.append(nd)
            facts.append(Fact("deadline-moved", fid, f"{dues[0]} -> {dues[-1]}", times=moves))
            must_not.append(Fact("finished", fid))
        elif fate == "blocked-resumed":
            blk = _weekday(start + dt.timedelta(days=rng.randint(30, 60)))
            res = min(_weekday(blk + dt.timedelta(days=rng.randint(30, 70))), last)
            status(blk, "blocked", rng.choice(_BLOCK_NOTES))
            status(res, "active", "The hold-up is cleared; work has resumed.")
            facts += [Fact("blocked", fid, day_(blk)), Fact("resumed", fid, day_(res))]
            must_not.append(Fact("still-blocked", fid))
        elif fate == "blocked":
            blk = min(_weekday(start + dt.timedelta(days=rng.randint(30, 90))), last)
            status(blk, "blocked", rng.choice(_BLOCK_NOTES))
            facts.append(Fact("blocked", fid, day_(blk)))
            must_not += [Fact("upcoming", fid), Fact("finished", fid)]
        elif fate == "cancelled":
            c = min(_weekday(start + dt.timedelta(days=rng.randint(-20, 60))), last)
            if c < first:
                c = _weekday(first + dt.timedelta(days=3))
            if rid == "mobile-library-villages":
                c = dt.date(2025, 12, 19)
            status(c, "cancelled", rng.choice(_CANCEL_NOTES))
            facts.append(Fact("cancelled", fid, day_(c)))
            must_not.append(Fact("finished", fid))
        elif fate == "future":
            must_not.append(Fact("started", fid))
        elif fate == "late":
            note(_weekday(start + dt.timedelta(days=rng.randint(5, 20))), "Meeting held.")
            must_not.append(Fact("started", fid))

    b.write(
        "2025-03-17", imported, "Import the action plan from the planning sheet", who="Grace Liu"
    )

    # groups: one formed in June, one in October, a pilot ended, a team renamed
    at(
        dt.date(2025, 6, 2),
        lambda: b.new(
            "2025-06-02",
            "group",
            "volunteer-forum",
            "--title",
            "Volunteer forum",
            "--kind",
            "working-group",
            "--parent",
            "work-team",
            "--goal",
            "work-and-skills",
            "-s",
            "started=2025-06-02",
            who="Dev Patel",
        ),
    )
    facts += [
        Fact("group-formed", "volunteer-forum", "2025-06-02"),
        Fact("added", "volunteer-forum", "2025-06-02"),
    ]
    at(
        dt.date(2025, 10, 6),
        lambda: b.new(
            "2025-10-06",
            "group",
            "ai-literacy-pilot",
            "--title",
            "AI literacy pilot",
            "--kind",
            "pilot",
            "--parent",
            "digital-team",
            "--goal",
            "digital-skills",
            "-s",
            "started=2025-10-06",
            "-f",
            "toml",
            who="Amara Nwosu",
        ),
    )
    facts += [
        Fact("group-formed", "ai-literacy-pilot", "2025-10-06"),
        Fact("added", "ai-literacy-pilot", "2025-10-06"),
    ]
    at(
        dt.date(2025, 9, 8),
        lambda: b.mv("2025-09-08", "youth-team", "young-people-team", who="Amara Nwosu"),
    )
    at(
        dt.date(2025, 9, 8),
        lambda: b.set(
            "2025-09-08", "young-people-team", "title=Young people team", who="Amara Nwosu"
        ),
    )
    facts.append(Fact("renamed", "youth-team", "young-people-team"))
    at(
        dt.date(2025, 12, 19),
        lambda: b.note(
            "2025-12-19",
            "mobile-library-pilot",
            "The pilot ends: the schools route continues from the branch budget,\n"
            "the village stops do not.",
            who="Grace Liu",
        ),
    )
    at(
        dt.date(2025, 12, 19),
        lambda: b.set("2025-12-19", "mobile-library-pilot", "ended=2025-12-19", who="Grace Liu"),
    )
    facts.append(Fact("group-ended", "mobile-library-pilot", "2025-12-19"))
    for old, d in renames.items():
        new = final_id[old]
        at(d, lambda old=old, new=new, d=d: b.mv(day_(d), old, new, who="Owen Pryce"))
        facts.append(Fact("renamed", old, new))
    for d, text in [
        (dt.date(2025, 4, 28), "The board approved the year plan and the budget."),
        (
            dt.date(2025, 7, 21),
            "Quarterly review: most actions on track;\nWi-Fi and ESOL need attention.",
        ),
        (dt.date(2025, 10, 20), "Meeting held."),
        (dt.date(2026, 1, 26), "The board asked for a plan for 2026-27 by May."),
    ]:
        at(d, lambda d=d, text=text: b.note(day_(d), "consortium-board", text, who="Grace Liu"))

    # measurements: monthly for one indicator, quarterly for the rest
    members = [11350, 11600, 11820, 12010, 11890, 12150, 12420, 12700, 12880, 13050, 13240, 13400]
    quarterly = {
        "reading/reading-well-loans": [1100, 2300, 3350, 4420],
        "digital-skills/people-helped": [900, 1950, 3100, 4300],
        "work-and-skills/into-work": [31, 70, 118, 160],
        "young-people/young-members": [2680, 2790, 2900, 2840],
    }
    for k, value in enumerate(members):
        month = 4 + k  # April 2025 is month 4
        month_end = dt.date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        month_end = (month_end.replace(day=28) + dt.timedelta(days=4)).replace(
            day=1
        ) - dt.timedelta(days=1)
        values: dict[str, Detail] = {"reading/children-members": value}
        if k % 3 == 2:
            values |= {key: series[k // 3] for key, series in quarterly.items()}
        when = min(_weekday(month_end + dt.timedelta(days=2)), today)
        label = month_end.strftime("%B %Y") + (" and the quarter" if k % 3 == 2 else "")
        at(
            when,
            lambda when=when, v=values, me=month_end, label=label: b.measure(
                day_(when), v, day_(me), f"Figures for {label}", who="Dev Patel"
            ),
        )
    facts.append(Fact("measurement", "reading/children-members", members[-1], 15000, members[-2]))
    for key, series in quarterly.items():
        target = {
            "reading/reading-well-loans": 5000,
            "digital-skills/people-helped": 6000,
            "work-and-skills/into-work": 250,
            "young-people/young-members": 4000,
        }[key]
        facts.append(Fact("measurement", key, series[-1], target, series[-2]))

    for _day, _n, step in sorted(steps, key=lambda s: (s[0], s[1])):
        step()
    must_not.append(Fact("group-formed", "reading-team"))  # formed 2025-03-01, before the period
    return Scenario(
        "northshire",
        root,
        "en",
        "2025-04-01",
        "2026-03-31",
        "2026-03-31",
        facts,
        must_not,
        b.count_commits(),
        time.perf_counter() - t0,
    )


_PROGRESS_NOTES = [
    "First sessions held; turnout better than expected.",
    "Halfway: sessions run in all planned branches.",
    "Partners confirmed; the timetable is published.",
    "Feedback from participants is good; we keep the format.",
    "Staff trained.\n\nMaterials are in every branch from next week.",
    "Numbers are steady at about twenty a week.",
    "A second venue joined in the autumn.",
    "Evening sessions added after requests from working parents.",
    "Leaflets out in all branches and at the job centre.",
]
_DONE_NOTES = [
    "Finished; the evaluation report goes to the board.",
    "Completed. Final figures in the quarterly report.",
    "All sessions delivered; 140 participants in total.",
    "Done: the last branch went live this week.",
]
_DELAY_NOTES = [
    "The supplier cannot deliver before the new date.",
    "Staff shortages; the deadline moves.",
    "Waiting for the partner's sign-off; new date agreed.",
]
_BLOCK_NOTES = [
    "On hold: the building work has not started.",
    "Blocked until the data-sharing agreement is signed.",
    "Waiting for the council's decision on funding.",
]
_CANCEL_NOTES = [
    "Cancelled: the partner withdrew.",
    "Dropped after the budget review.",
    "Stopped: too few sign-ups to continue.",
]


def _status_by_hand(to: str) -> Callable[[str], str]:
    """Change the ``status`` line by hand, keeping its quoting and comment."""

    def change(text: str) -> str:
        pat = re.compile(r"^(status\s*[:=]\s*)(['\"]?)(\w+)(['\"]?)", re.M)
        if not pat.search(text):
            raise ScenarioError("no status line")
        return pat.sub(lambda m: f"{m.group(1)}{m.group(2)}{to}{m.group(4)}", text, count=1)

    return change


def _due_by_hand(
    b: Builder, root: Path, day: str, rid: str, old: dt.date, new: dt.date, who: str
) -> None:
    rel = next(
        p for p in (f"data/actions/{rid}.yaml", f"data/actions/{rid}.toml") if (root / p).exists()
    )
    b.edit(
        day,
        rel,
        _replace(
            f"due = {old}" if rel.endswith(".toml") else f"due: {old}",
            f"due = {new}" if rel.endswith(".toml") else f"due: {new}",
        ),
        f"{rid}: new deadline {new}",
        who=who,
    )


BUILDERS: dict[str, Callable[[Path], Scenario]] = {
    "kilbrook": build_kilbrook,
    "waarden": build_waarden,
    "northshire": build_northshire,
}

_BUILT: dict[str, Scenario] = {}


def build(name: str, root: Path) -> Scenario:
    """Scenario ``name`` at ``root``: built once per process (in a temporary folder,
    removed at exit), then copied with its git history; the copy has no
    ``.agenda-cache``. Use this in tests that only read the repository: a build runs some
    150-250 commands (2-10 s on an idle machine, several times that under load)."""
    if name not in _BUILT:
        base = Path(tempfile.mkdtemp(prefix=f"agenda-scenario-{name}-"))
        atexit.register(shutil.rmtree, base, True)
        _BUILT[name] = BUILDERS[name](base / name)
    s = _BUILT[name]
    shutil.copytree(s.root, root, symlinks=True, ignore=shutil.ignore_patterns(".agenda-cache"))
    return dataclasses.replace(s, root=root, facts=list(s.facts), must_not=list(s.must_not))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.scenarios OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    # a build of its own: no global or system git configuration (an empty file of
    # our own rather than /dev/null, which a stray atomic write can replace)
    empty = tempfile.NamedTemporaryFile(prefix="agenda-gitconfig-", delete=False)  # noqa: SIM115
    empty.close()
    os.environ["GIT_CONFIG_GLOBAL"] = empty.name
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    for name, build in BUILDERS.items():
        dest = out / name
        if dest.exists():
            shutil.rmtree(dest)
        s = build(dest)
        print(
            f"{name}: {dest}  {s.commits} commits in {s.seconds:.1f} s; "
            f"agenda {' '.join(s.brief_args())}; {len(s.facts)} facts, "
            f"{len(s.must_not)} must-nots"
        )
    os.unlink(empty.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
