"""The brief of each scenario of ``tests/scenarios.py``: every fact it names is told with
its subject, no ``must_not`` claim appears, and the exact text is the golden brief in
``tests/golden/`` (read as the programme secretary who sends it)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from netwerkagenda.i18n import format_date, format_money, format_number
from netwerkagenda.records.repository import load_repo
from netwerkagenda.views.brief.sentences import times
from tests import scenarios
from tests.helpers import cli

GOLDEN = Path(__file__).parent / "golden"
NAMES = sorted(scenarios.BUILDERS)


def _units(text: str) -> list[tuple[str, str]]:
    """(heading, text) of each heading's block, and ("", line) for each line."""
    out: list[tuple[str, str]] = []
    heading, body = "", []
    for line in text.splitlines():
        if line.startswith("#"):
            out.append((heading, "\n".join(body)))
            heading, body = line.lstrip("#").strip(), []
        else:
            body.append(line)
            if line.strip():
                out.append(("", line))
    out.append((heading, "\n".join(body)))
    return out


def _told(text: str, title: str, *needles: str) -> bool:
    """Whether some block headed ``title``, or some line naming it, has all needles."""
    for heading, body in _units(text):
        if (heading == title or (not heading and title in body)) and all(
            n in body for n in needles
        ):
            return True
    return False


def _section(text: str, heading: str) -> str:
    parts = text.split(f"## {heading}\n", 1)
    return parts[1].split("\n## ", 1)[0].split("\n---\n", 1)[0] if len(parts) > 1 else ""


WORDS = {
    "en": {
        "started": r"This (action )?(started|has started)|Started: ",
        "finished": r"This (action )?(was|has been) finished|Finished: ",
        "still-blocked": r"on hold since|This (action )?is on hold|Put on hold: ",
        "renamed": r"called|formerly",
        "outlook": "Coming up",
        "steering": "Steering structure",
    },
    "nl": {
        "started": r"van start gegaan|Gestart: ",
        "finished": r"afgerond[.,]|Afgerond: ",
        "still-blocked": r"ligt dit stil|(Dit|Deze actie) ligt|Stilgelegd: ",
        "renamed": r"heette|voorheen",
        "outlook": "Vooruitblik",
        "steering": "Netwerksturing",
    },
}


def _matches(text: str, title: str, pattern: str) -> bool:
    """Whether the block headed ``title``, or the part of a line about it (from the
    list label before it to the closing bracket after it), matches ``pattern``."""
    for heading, body in _units(text):
        if heading == title:
            if re.search(pattern, body):
                return True
        elif not heading and title in body:
            i = body.index(title)
            end = body.find(")", i)
            chunk = body[max(0, i - 40) : end + 1 if end >= 0 else len(body)]
            if re.search(pattern, chunk):
                return True
    return False


def _short(title: str) -> str:
    return title.split(" ", 1)[1] if " " in title else title


def _start_titles(s: scenarios.Scenario) -> dict[str, str]:
    """The records' titles when the period began (the last commit before it)."""
    import subprocess

    from netwerkagenda.history.states import repository_at

    rev = subprocess.run(
        ["git", "rev-list", "-1", f"--before={s.since}T00:00:00", "HEAD"],
        cwd=s.root, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not rev:
        return {}
    return {rid: r.title for rid, r in repository_at(s.root, rev).records.items()}


def _day(value: object, lang: str) -> str:
    return format_date(dt.date.fromisoformat(str(value)), lang)


def check(s: scenarios.Scenario, text: str) -> list[str]:
    """What the brief misses of the scenario's facts, and the must-nots it says."""
    lang, w = s.language, WORDS[s.language]
    repo = load_repo(s.root)

    def title(rid: str) -> str:
        rec = repo.get(rid)
        return rec.title if rec is not None else rid

    start = _start_titles(s)
    part = _section(text, w["steering"])
    wrong: list[str] = []
    for f in s.facts:
        t = title(f.subject)
        d = f.details
        is_group = repo.get(f.subject) is not None and repo.get(f.subject).kind == "group"  # type: ignore[union-attr]
        if f.kind == "renamed" and start.get(f.subject) == title(str(d[0])):
            continue  # an id renamed, the title kept: nothing a reader sees changed
        if f.kind in ("added", "group-formed", "group-ended") and is_group:
            # a group told in the steering part with its day
            ok = t.lower() in part.lower() or _short(t).lower() in part.lower()
            ok = ok and _day(d[0], lang) in part
        elif f.kind in ("added", "started", "finished", "blocked", "resumed", "cancelled"):
            needles = (
                [_day(d[0], lang)]
                if f.kind != "resumed" or _told(text, t, _day(d[0], lang))
                else []
            )
            ok = _told(text, t, *needles)
        elif f.kind == "deadline-moved":
            old, new = (x.strip() for x in str(d[0]).split("->"))
            extra = [times(f.times, lang)] if f.times > 1 else []
            ok = _told(text, t, _day(old, lang), _day(new, lang), *extra)
        elif f.kind == "renamed":
            ok = _matches(text, title(str(d[0])), w["renamed"])
        elif f.kind == "measurement":
            numbers = [format_number(float(x), lang) for x in d]
            ok = any(all(n in line for n in numbers) for _, line in _units(text))
        elif f.kind == "budget":
            ok = _told(text, t, format_money(float(d[0]), str(d[1]), lang))
        elif f.kind == "note":
            ok = " ".join(str(d[0]).split()) in text
        else:
            raise AssertionError(f"unknown fact kind {f.kind}")
        if not ok:
            wrong.append(f"not told: {f!r} ({t})")
    for f in s.must_not:
        t = title(f.subject)
        if f.kind == "upcoming":
            bad = t in _section(text, w["outlook"])
        elif f.kind == "group-formed":
            bad = any(
                line.startswith("- ") and _short(t).lower() in line.lower()
                for line in part.splitlines()
            )
        else:
            bad = _matches(text, t, w[f.kind])
        if bad:
            wrong.append(f"must not: {f!r} ({t})")
    return wrong


@pytest.fixture(scope="module", params=NAMES)
def scenario(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> scenarios.Scenario:
    name = request.param
    return scenarios.build(name, tmp_path_factory.mktemp(name) / name)


def _brief(s: scenarios.Scenario) -> str:
    r = cli(*s.brief_args(), cwd=s.root)
    assert r.exit_code == 0, r.output
    return r.stdout


def test_every_fact_told_and_no_false_claim(scenario: scenarios.Scenario) -> None:
    wrong = check(scenario, _brief(scenario))
    assert not wrong, "\n".join(wrong)


def without_shas(text: str) -> str:
    """The brief with the closing line's commit shas as ``{sha}``: they change whenever
    a command writes its files or commit messages a little differently."""
    return re.sub(r"(?<= )[0-9a-f]{7}(?= \()", "{sha}", text)


def test_golden_brief(scenario: scenarios.Scenario) -> None:
    text = without_shas(_brief(scenario))
    golden = GOLDEN / f"brief-{scenario.name}.{scenario.language}.md"
    if os.environ.get("AGENDA_GOLDEN") == "update":  # after a deliberate change of wording
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_opening_lists_every_finished_action_and_no_goal_is_news(
    scenario: scenarios.Scenario,
) -> None:
    """The summary a director reads names every action finished in the period, never a
    few of them; a goal is a section, not "new on the agenda"."""
    text = _brief(scenario)
    repo = load_repo(scenario.root)
    opening = text.split("\n## ", 1)[0]
    done = [repo.get(f.subject) for f in scenario.facts if f.kind == "finished"]
    titles = [r.title for r in done if r is not None and r.kind == "action"]
    missing = [t for t in titles if t not in opening]
    assert not missing, missing
    for line in text.splitlines():
        if line.startswith(("New on the agenda:", "Nieuw op de agenda:")):
            assert not any(g.title in line for g in repo.goals), line
