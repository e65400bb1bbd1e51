"""``agenda site``: the static dashboard, checked as files (strict HTML5, links, escaping,
the same figures as ``agenda status``) and in a real headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from netwerkagenda.i18n import status_label
from tests.conftest import PROJECT_ROOT
from tests.helpers import cli, git

HOSTILE = '<script>window.pwned = 1</script> & "Lezen" <b>'
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _run(root: Path, date: str, *args: str) -> None:
    stamp = f"{date}T10:00:00+00:00"
    env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    r = cli(*args, cwd=root, env=env)
    assert r.exit_code == 0, (args, r.output)


def _programme(root: Path) -> Path:
    """A programme built the way its secretary builds it: agenda's own commands, each
    committed on its day; one brief tag; a title with markup in it."""
    assert cli("init", str(root), "--lang", "en", "--ci", "none").exit_code == 0
    settings = root / "agenda.toml"
    text = settings.read_text().replace("start = ", "start = 2026-01-01\n# was ")
    text = text.replace("end = ", "end = 2026-12-31\n# was ")
    settings.write_text(text + "\n")
    git(root, "add", "-A")
    git(root, "-c", "user.name=Ann", "commit", "-qm", "start", "--date", "2026-01-02T10:00:00")
    steps: list[tuple[str, ...]] = [
        ("2026-01-05", "new", "goal", "reading", "--title", "Everyone reads", "--commit"),
        ("2026-01-05", "new", "goal", "digital", "--title", HOSTILE, "--commit"),
        (
            "2026-01-06",
            "new",
            "group",
            "board",
            "--title",
            "Board",
            "--kind",
            "steering-group",
            "--started",
            "2026-01-06",
            "--commit",
        ),
        (
            "2026-01-06",
            "new",
            "group",
            "circle",
            "--title",
            "Reading circle",
            "--kind",
            "working-group",
            "--parent",
            "board",
            "--goal",
            "reading",
            "--commit",
        ),
        (
            "2026-01-07",
            "new",
            "action",
            "cafes",
            "--title",
            "Reading cafés",
            "--goal",
            "reading",
            "--group",
            "circle",
            "--start",
            "2026-02-01",
            "--due",
            "2026-05-01",
            "--commit",
        ),
        (
            "2026-01-07",
            "new",
            "action",
            "courses",
            "--title",
            "Basic courses",
            "--goal",
            "digital",
            "--goal",
            "reading",
            "--start",
            "2026-01-15",
            "--due",
            "2026-03-01",
            "--commit",
        ),
        (
            "2026-01-08",
            "new",
            "action",
            "portal",
            "--title",
            "Portal",
            "--goal",
            "digital",
            "--due",
            "2026-02-01",
            "--status",
            "active",
            "--commit",
        ),
        (
            "2026-01-09",
            "new",
            "action",
            "signage",
            "--title",
            "Signage",
            "--goal",
            "reading",
            "--start",
            "2026-03-01",
            "--due",
            "2026-09-01",
            "-s",
            "depends_on=[portal]",
            "--commit",
        ),
        (
            "2026-02-01",
            "set",
            "cafes",
            "status=active",
            "--note",
            "Started in two branches.",
            "--date",
            "2026-02-01",
            "--commit",
        ),
        (
            "2026-02-20",
            "set",
            "cafes",
            "due=2026-06-01",
            "--note",
            "Moved: venue late.",
            "--date",
            "2026-02-20",
            "--commit",
        ),
        ("2026-03-01", "done", "courses", "--date", "2026-03-01", "--commit"),
        ("2026-03-10", "set", "portal", "status=blocked", "--commit"),
    ]
    for date, *args in steps:
        _run(root, date, *args)
    git(root, "tag", "brief/2026-03-31")
    _run(
        root,
        "2026-04-02",
        "update",
        "cafes",
        "A <b>bold</b> claim & more.",
        "--date",
        "2026-04-02",
        "--commit",
    )
    text = settings.read_text() + "as_of = 2026-04-15\n"
    text = text.replace("[agenda]\n", "[agenda]\nas_of = 2026-04-15\n").rsplit("as_of", 1)[0]
    settings.write_text(text)
    return root


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _programme(tmp_path_factory.mktemp("site") / "programme")


@pytest.fixture(scope="module")
def built(programme: Path) -> Path:
    out = programme.parent / "public"
    r = cli("site", "--output", str(out), cwd=programme)
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("embedded") / "site"
    r = cli("site", "--output", str(out), "--repo", str(PROJECT_ROOT))
    assert r.exit_code == 0, r.output
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("which", ["built", "embedded"])
def test_every_page_is_strict_html5_and_every_link_resolves(
    which: str, request: pytest.FixtureRequest
) -> None:
    import html5lib

    site: Path = request.getfixturevalue(which)
    pages = _pages(site)
    assert len(pages) >= 10
    parsed: dict[Path, _Links] = {}
    for page in pages:
        data = page.read_bytes()
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)
        p = _Links()
        p.feed(data.decode("utf-8"))
        parsed[page] = p
    checked = 0
    for page, p in parsed.items():
        for link in p.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                continue
            assert not parts.scheme, (page, link)  # no javascript:, data:, file:
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {link}"
            assert site.resolve() in target.parents
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parsed[target].ids, (page, link)
            checked += 1
    assert checked > 100


def test_stable_urls_and_lang(built: Path, programme: Path) -> None:
    for rid in ("cafes", "courses", "portal"):
        assert (built / "actions" / f"{rid}.html").is_file()
    assert (built / "goals/reading.html").is_file() and (built / "groups/board.html").is_file()
    assert b'<html lang="en">' in (built / "index.html").read_bytes()


def test_record_text_is_escaped_everywhere(built: Path) -> None:
    for page in _pages(built):
        html = page.read_text()
        assert "<script>window" not in html and "<b>bold" not in html, page
    goal = (built / "goals/digital.html").read_text()
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt; &amp; &#34;Lezen&#34; &lt;b&gt;" in goal


def test_the_programme_page_tells_the_figures_of_status(built: Path, programme: Path) -> None:
    board = json.loads(cli("status", "--format", "json", cwd=programme).stdout)
    index = (built / "index.html").read_text()
    for g in board["goals"]:
        assert f"{g['done']} of {g['total']} actions done ({g['percent']}%)" in index
    statuses: dict[str, str] = {}
    for g in board["goals"]:
        for a in g["actions"]:
            statuses[a["id"]] = a["status"]
    for status in ("done", "active", "planned", "blocked"):
        n = sum(1 for s in statuses.values() if s == status)
        label = status_label(status, "en")
        assert f'<div class="count s-{status}"><dt>{label}</dt><dd>{n}</dd></div>' in index
    # what needs attention: the blocked and the overdue action
    attention = index.split('id="attention"')[1].split('id="goals"')[0]
    assert "actions/portal.html" in attention and "days late" in attention
    # what status warns of, the site tells too: a late start, waiting on a blocked action
    assert "Should have started (1)" in attention and "should have started 45 days ago" in attention
    assert "Waiting on another action (1)" in attention
    assert 'waits for <a href="actions/portal.html">portal</a> (blocked)' in attention
    status = cli("status", cwd=programme).stdout
    assert "should have started 45 days ago" in status


def test_timeline_marks_moved_deadlines_and_done_days(built: Path) -> None:
    html = (built / "timeline.html").read_text()
    assert "deadline moved from 2026-05-01" in html
    assert "done 2026-03-01" in html
    assert html.count('class="done-mark"') >= 2  # by goal and by group


def test_record_page_has_references_both_ways_notes_and_history(built: Path) -> None:
    html = (built / "actions/cafes.html").read_text()
    assert 'href="../groups/circle.html"' in html and 'href="../goals/reading.html"' in html
    assert "Moved: venue late." in html
    history = html.split('id="history"')[1]
    # the same facts as 'agenda log cafes', newest first
    assert history.index("due: 2026-05-01 → 2026-06-01") < history.index("started (status: planned")
    assert "A &lt;b&gt;bold&lt;/b&gt; claim &amp; more." in history
    board = (built / "groups/board.html").read_text()
    assert 'href="../groups/circle.html"' in board  # its subgroup


def test_briefs_and_atom_feed(built: Path) -> None:
    index = (built / "briefs/index.html").read_text()
    assert 'href="2026-03-31.html"' in index
    brief = (built / "briefs/2026-03-31.html").read_text()
    assert "<h1>" in brief and "Reading cafés" in brief
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((built / "feed.xml").read_bytes())
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 1
    content = entries[0].find("a:content", ns)
    assert content is not None and content.get("type") == "html" and "<h1>" in (content.text or "")


def test_same_input_same_bytes(programme: Path, built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert cli("site", "-o", str(again), cwd=programme).exit_code == 0
    first = {p.relative_to(built): p.read_bytes() for p in built.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_output_folder_rules(programme: Path, tmp_path: Path) -> None:
    for target in (programme, programme / "data", programme / "data/goals"):
        r = cli("site", "-o", str(target), cwd=programme)
        assert r.exit_code == 2 and "cannot be written" in r.stderr, target
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    r = cli("site", "-o", str(foreign), cwd=programme)
    assert r.exit_code == 2 and "not made by 'agenda site'" in r.stderr
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]
    own = tmp_path / "own"
    assert cli("site", "-o", str(own), cwd=programme).exit_code == 0
    (own / "actions/gone.html").write_text("an earlier build's page")
    assert cli("site", "-o", str(own), cwd=programme).exit_code == 0
    assert not (own / "actions/gone.html").exists()
    r = cli("site", "--base-url", "javascript:alert(1)", "-o", str(own), cwd=programme)
    assert r.exit_code == 2 and "http://" in r.stderr


def test_as_of_and_dutch(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "then"
    r = cli("site", "-o", str(out), "--as-of", "2026-02-10", "--lang", "nl", cwd=programme)
    assert r.exit_code == 0, r.output
    index = (out / "index.html").read_text()
    assert '<html lang="nl">' in index and "Stand van 10 februari 2026" in index
    assert not (out / "briefs/2026-03-31.html").exists()  # not tagged yet on that day
    cafes = (out / "actions/cafes.html").read_text()
    assert "venue late" not in cafes


# --------------------------------------------------------------------------- browser


def _browser() -> Any:
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is a test dependency; not installed")
    return sync_playwright


@pytest.fixture(scope="module")
def chromium() -> Any:
    sync_playwright = _browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def _open(browser: Any, url: str, width: int) -> tuple[Any, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def test_every_page_opens_without_errors_in_chromium(chromium: Any, built: Path) -> None:
    for path in _pages(built):
        page, errors = _open(chromium, path.as_uri(), 1280)
        assert errors == [], (path, errors)
        assert page.evaluate("window.pwned") is None
        page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_programme_page_reads_on_a_phone_and_a_desktop(
    chromium: Any, embedded: Path, tmp_path: Path, width: int
) -> None:
    page, errors = _open(chromium, (embedded / "index.html").as_uri(), width)
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot = tmp_path / f"programme-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    target = os.environ.get("AGENDA_SITE_SCREENSHOT")
    if target and width == 1280:  # the README's picture: AGENDA_SITE_SCREENSHOT=docs/...
        page.screenshot(path=target, full_page=False)
    board = json.loads(cli("status", "--format", "json", "--repo", str(PROJECT_ROOT)).stdout)
    text = page.inner_text("main")
    for g in board["goals"]:
        assert f"{g['done']} van {g['total']} acties afgerond ({g['percent']}%)" in text
    page.close()


def test_hostile_title_is_shown_as_text(chromium: Any, built: Path) -> None:
    page, errors = _open(chromium, (built / "goals/digital.html").as_uri(), 1280)
    assert page.inner_text("h1").startswith("<script>window.pwned = 1</script>")
    assert page.evaluate("window.pwned") is None and errors == []
    page.close()


def test_keyboard_skip_link_and_filter(chromium: Any, built: Path) -> None:
    page, errors = _open(chromium, (built / "actions.html").as_uri(), 1280)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.is_visible("#filter")
    page.fill("#filter", "cafés")
    visible = page.locator("#actions-table tbody tr:visible")
    assert visible.count() == 1 and "Reading cafés" in visible.inner_text()
    assert errors == []
    page.close()


# --------------------------------------------------------------------------- publishing


@pytest.mark.parametrize(
    ("ci", "rel"), [("github", ".github/workflows/agenda.yml"), ("gitlab", ".gitlab-ci.yml")]
)
def test_init_ci_publishes_the_site_and_its_commands_run_as_written(
    tmp_path: Path, ci: str, rel: str
) -> None:
    import shlex

    import yaml

    root = tmp_path / "agenda"
    assert cli("init", str(root), "--example", "--ci", ci).exit_code == 0
    doc = yaml.safe_load((root / rel).read_text())
    if ci == "github":
        job = doc["jobs"]["site"]
        assert job["permissions"]["pages"] == "write"
        uses = [s.get("uses", "") for s in job["steps"]]
        assert "actions/deploy-pages@v4" in uses and "actions/upload-pages-artifact@v3" in uses
        commands = [s["run"] for j in doc["jobs"].values() for s in j["steps"] if "run" in s]
        published = next(
            s["with"]["path"] for s in job["steps"] if "upload-pages" in s.get("uses", "")
        )
    else:
        assert doc["pages"]["artifacts"]["paths"] == ["public"]
        commands = doc["agenda-validate"]["script"] + doc["pages"]["script"]
        published = "public"
    ran = 0
    for line in commands:
        args = shlex.split(line)
        if args[0] != "agenda":
            continue
        r = cli(*args[1:], cwd=root)
        assert r.exit_code == 0, (line, r.output)
        ran += 1
    assert ran == 2
    assert (root / published / "index.html").is_file()
