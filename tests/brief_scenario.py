"""A small programme built through agenda's own commands over months of backdated
commits, for the brief's tests: every kind of change of state happens in the period
(October to December 2026), and a few things happen before it that the brief must not
tell."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import GitRepo

SINCE, UNTIL = "2026-10-01", "2026-12-31"

SETTINGS = """\
[agenda]
name = "Libraries Connect 2026-2027"
language = "en"
start = 2026-06-01
end = 2027-12-31
as_of = 2027-01-05
"""

GOAL_LITERACY = """\
title: Literacy
order: 1
indicators:
  - id: adults-trained
    title: Adults who finished a basic course
    target: 5000
    measurements:
      - {{date: 2026-09-01, value: 640}}
{more}"""


def build(root: Path) -> GitRepo:
    """The repository; its commits from June 2026 to January 2027."""
    g = GitRepo(root)
    (root / "agenda.toml").write_text(SETTINGS)
    (root / "data" / "goals").mkdir(parents=True)
    (root / "data" / "goals" / "literacy.yaml").write_text(GOAL_LITERACY.format(more=""))
    run = g.agenda
    run("new", "goal", "digital", "--title", "Digital inclusion", "-s", "order=2")
    run("new", "group", "steering-board", "--title", "Steering board", "--kind", "werkgroep")
    for rid, title, goal, status, due in (
        ("reading-fund", "Reading promotion fund", "literacy", "planned", "2027-06-30"),
        ("library-app", "Library app", "digital", "active", "2026-11-30"),
        ("volunteer-training", "Volunteer training", "digital", "active", "2027-04-30"),
        ("pilot-schools", "Pilot with schools", "literacy", "active", "2026-12-15"),
        ("print-catalogue", "Printed catalogue", "literacy", "active", "2027-03-31"),
        ("summer-campaign", "Summer reading campaign", "literacy", "active", "2026-09-15"),
        ("outreach-plan", "Outreach plan", "digital", "active", "2027-01-15"),
    ):
        run("new", "action", rid, "--title", title, "--goal", goal, "--status", status,
            "--due", due, "--group", "steering-board")  # fmt: skip
    g.commit("Programme set up", "2026-06-01")
    run("done", "summer-campaign", "--date", "2026-09-10")
    run("update", "summer-campaign", "The campaign reached 40 libraries.", "--date",
        "2026-09-10", "--no-author")  # fmt: skip
    g.commit("Summer campaign finished", "2026-09-10")
    # ---- the period
    run("set", "reading-fund", "status=active")
    g.commit("Reading fund started", "2026-10-05")
    run("set", "library-app", "due=2027-01-31")
    run("update", "library-app", "The supplier needs more time for testing.", "--date",
        "2026-10-10", "--no-author")  # fmt: skip
    g.commit("Library app later", "2026-10-10")
    run("set", "volunteer-training", "status=blocked")
    g.commit("Volunteer training on hold", "2026-10-12")
    run("set", "steering-board", "title=Programme board")
    g.commit("Steering board renamed", "2026-10-15")
    run("set", "reading-fund", "budget={amount: 40000}")
    run("update", "reading-fund", "Grant of €40,000 awarded.", "--date", "2026-10-20",
        "--no-author")  # fmt: skip
    g.commit("Grant", "2026-10-20")
    run("set", "print-catalogue", "status=cancelled")
    g.commit("No printed catalogue", "2026-10-25")
    (root / "data" / "goals" / "literacy.yaml").write_text(
        GOAL_LITERACY.format(more="      - {date: 2026-11-01, value: 1010}\n")
    )
    run("new", "group", "digital-team", "--title", "Digital working group", "--kind",
        "werkgroep", "-s", "started=2026-11-01", "--parent", "steering-board")  # fmt: skip
    g.commit("Measurement; digital working group", "2026-11-01")
    run("set", "volunteer-training", "status=active")
    g.commit("Volunteer training resumed", "2026-11-02")
    run("new", "action", "skills-cafe", "--title", "Digital skills café", "--goal", "digital",
        "--start", "2027-02-01", "--due", "2027-06-30")  # fmt: skip
    g.commit("Skills café planned", "2026-11-05")
    run("set", "library-app", "due=2027-03-31")
    g.commit("Library app later again", "2026-11-15")
    run("done", "pilot-schools", "--date", "2026-11-20")
    g.commit("Pilot finished", "2026-11-20")
    run("set", "outreach-plan", "status=blocked")
    g.commit("Outreach plan waits", "2026-12-01")
    # ---- after the period
    run("update", "reading-fund", "First grants paid out.", "--date", "2027-01-04",
        "--no-author")  # fmt: skip
    g.commit("After the period", "2027-01-04")
    return g


# what the brief of the period must tell, and what it must not
FACTS = [
    "Finished: Pilot with schools (20 November 2026).",
    "## Reading promotion fund",
    "This action started on 5 October 2026.",
    "Grant of €40,000 awarded.",
    "A budget of €40,000 was set aside for this.",
    "On hold for a while: Volunteer training (12 October 2026 – 2 November 2026).",
    "Cancelled: Printed catalogue (25 October 2026).",
    "New on the agenda: Digital skills café (5 November 2026).",
    "## Library app",
    "The supplier needs more time for testing.",
    "The due date moved twice: from 30 November 2026 via 31 January 2027 to 31 March 2027.",
    "Renamed: Programme board (formerly “Steering board”).",
    "one werkgroep started on 1 November 2026: Digital working group.",
    "Adults who finished a basic course (Literacy): 1,010 of 5,000 on 1 November 2026 "
    "(up from 640 on 1 September 2026).",
    "Put on hold: Outreach plan (1 December 2026).",
]
MUST_NOT = [
    "Summer reading campaign",
    "40 libraries",
    "ready in September",
    "First grants paid out",
    "Digital skills café is due",
    "Outreach plan is due",
    "Amount:",
    "The Libraries Connect",
    "Digital skills café; the start is planned for 1 February 2027. This started",
]
