"""Hostile text on the way out: terminals, spreadsheets, web pages, JSON readers, and
outputs that cannot be written or cannot encode (issue 17 points 10 and 11, issue 16
point 3). See docs/hostile.md."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ACTION, GitRepo, brief_repo, cli, make_repo

AGENDA = str(Path(sys.executable).parent / "agenda")
ROOT = Path(__file__).resolve().parent.parent  # this project: its data/ is the example

# what a terminal would act on: C0 but tab and newline, DEL, C1, bidi controls
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
OUR_COLOUR = re.compile("\x1b\\[[0-9;]*m")

# each a different shape of terminal attack
TITLE_SET = "\x1b]0;pwned\x07"  # OSC: set the window title
CLEAR = "\x1b[2J\x1b[H"  # CSI: clear the screen, cursor home
C1_CSI = "\x9b2J"  # the 8-bit CSI
RLO = "\u202egnp.exe"  # right-to-left override
CONCEAL = "\x1b[8m"  # SGR: hide what follows (a colour sequence in a value)
CR = "fake line\roverwritten"


def _hostile_repo(tmp_path: Path) -> GitRepo:
    g = GitRepo(tmp_path / "r")
    make_repo(
        g.root,
        {
            "data/actions/leesoffensief.yaml": (
                f"title: {json.dumps('Lezen ' + TITLE_SET + ' [bold]vet[/bold] ' + RLO)}\n"
                "goals: [lezen]\nstatus: active\ngroup: koersgroep-lezen\n"
                "start: 2021-06-01\ndue: 2021-07-01\n"
                f"owner: {json.dumps('Owner ' + C1_CSI)}\n"
                "updates:\n"
                f"  - date: 2021-08-01\n    text: {json.dumps('Notitie ' + CLEAR + CONCEAL + CR)}\n"
            ),
        },
    )
    g.commit("Begin", "2021-06-01", author="Mallory \x1b]0;owned\x07")
    g.commit(
        "Verder",
        "2021-08-02",
        {"data/actions/leesoffensief.yaml": (g.root / "data/actions/leesoffensief.yaml")
         .read_text() + "progress: 40\n"},
        author=f"Eve {CLEAR}",
    )  # fmt: skip
    return g


def _assert_neutral(text: str, *, colour: bool = False) -> None:
    shown = OUR_COLOUR.sub("", text) if colour else text
    assert not RAW.search(shown), repr(RAW.search(shown))
    assert "Traceback" not in text and "internal error" not in text


_COMMANDS = [
    ("status",),
    ("status", "--actions", "--format", "plain"),
    ("status", "--format", "markdown"),
    ("list", "actions", "--fields", "id,title,owner"),
    ("list", "actions", "--fields", "id,title,owner", "--format", "plain"),
    ("list", "actions", "--fields", "id,title,owner", "--format", "markdown"),
    ("list", "actions", "--fields", "id,title,owner", "--format", "csv"),
    ("show", "leesoffensief"),
    ("log",),
    ("brief", "--since", "2021-06-01"),
]


@pytest.mark.parametrize("colour", [False, True], ids=["pipe", "terminal-colour"])
def test_escape_sequences_never_reach_the_terminal(tmp_path: Path, colour: bool) -> None:
    """Titles, owners, notes and git authors with OSC, CSI, C1, SGR, CR and bidi
    overrides: every command shows them as visible ``\\uXXXX``, with or without
    colour; agenda's own colours stay."""
    g = _hostile_repo(tmp_path)
    env = {"FORCE_COLOR": "1", "COLUMNS": "200"} if colour else {"NO_COLOR": "1"}
    for args in _COMMANDS:
        res = cli(*args, cwd=g.root, env=env)
        assert res.exit_code == 0, (args, res.output)
        _assert_neutral(res.output, colour=colour)
        assert "\\u001b" in res.stdout or "\\u009b" in res.stdout, args
    if colour:  # agenda's own colour is still there, the value's conceal is not
        res = cli("show", "leesoffensief", cwd=g.root, env=env)
        assert OUR_COLOUR.search(res.stdout)
        assert CONCEAL not in res.stdout and "\\u001b[8m" in res.stdout
    res = cli("log", cwd=g.root, env=env)
    assert "Mallory \\u001b]0;owned\\u0007" in res.stdout or "Eve \\u001b[2J" in res.stdout
    res = cli("show", "leesoffensief", cwd=g.root, env=env)
    assert "\\u202egnp.exe" in res.stdout and "Owner \\u009b2J" in res.stdout
    assert "fake line" in res.stdout and "overwritten" in res.stdout  # on lines of their own


def test_rich_markup_in_values_prints_literally(tmp_path: Path) -> None:
    g = _hostile_repo(tmp_path)
    for args in (("status",), ("list", "actions"), ("show", "leesoffensief")):
        res = cli(*args, cwd=g.root, env={"FORCE_COLOR": "1", "COLUMNS": "200"})
        assert "[bold]vet[/bold]" in OUR_COLOUR.sub("", res.stdout), args


def test_validate_excerpt_file_names_and_error_messages_are_neutral(tmp_path: Path) -> None:
    """validate's message, its source-line excerpt and a hostile file name; an error
    message that repeats a hostile argument or id."""
    root = make_repo(
        tmp_path / "r",
        {
            "data/actions/kapot.toml": f'title = "x"\ngoals = ["lezen"]\nstatus = "{TITLE_SET}"\n',
            "data/actions/rlo.yaml": f'title: x\ngoals: [lezen]\nstatus: "{RLO}"\n',
            f"data/actions/x{CLEAR}.yaml": ACTION,
            "data/actions/onbekend.yaml": ACTION + f"{json.dumps('x-' + C1_CSI)}: 1\n"
            f"{json.dumps('veld' + RLO)}: 1\n",
        },
    )
    for colour in ({"NO_COLOR": "1"}, {"FORCE_COLOR": "1"}):
        res = cli("validate", cwd=root, env=colour)
        assert res.exit_code == 1
        _assert_neutral(res.output, colour="FORCE_COLOR" in colour)
        assert 'status = "\\u001b]0;pwned\\u0007"' in res.stdout  # the excerpts
        assert 'status: "\\u202egnp.exe"' in res.stdout
        assert "x\\u001b[2J\\u001b[H.yaml" in res.stdout  # the file name
        assert "veld\\u202egnp.exe" in res.stdout  # the unknown field's name
    for args in (("show", f"nope{CLEAR}"), ("list", f"acties{TITLE_SET}"), (f"cmd{TITLE_SET}",)):
        res = cli(*args, cwd=root)
        assert res.exit_code == 2
        _assert_neutral(res.output)
        assert "\\u001b" in res.stderr or "\\x1b" in res.stderr  # shown, not obeyed


def test_validate_caret_stays_under_the_column_after_an_escape(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "r",
        {"data/actions/a.yaml": f'title: x\nstatus: active\ngoals: [lezen]\ntags: ["{RLO}", 7]\n'},
    )
    res = cli("validate", cwd=root)
    lines = res.stdout.splitlines()
    i = next(n for n, line in enumerate(lines) if "| tags:" in line)
    assert "\\u202e" in lines[i]
    assert lines[i + 1].index("^") == lines[i].index("7]")


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://x")', "+31 6", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
)
def test_csv_cells_are_never_formulas(tmp_path: Path, value: str) -> None:
    root = make_repo(
        tmp_path / "r",
        {"data/actions/leesoffensief.yaml": ACTION.replace("Leesoffensief", json.dumps(value))},
    )
    res = cli("list", "actions", "--fields", "id,title", "--format", "csv", cwd=root)
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.stdout)))
    cell = rows[1][1]
    assert cell.startswith("'") and not cell[1:].startswith("'")
    assert cell[1:] == value.replace("\t", "\\u0009").replace("\r", "\\u000d") or cell[1:] == value


def test_csv_ordinary_cells_are_unchanged(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "r")
    res = cli("list", "actions", "--fields", "id,title,due", "--format", "csv", cwd=root)
    assert res.stdout == "id,title,due\nleesoffensief,Leesoffensief,2022-06-01\n"


def test_brief_links_are_escaped_for_markdown(tmp_path: Path) -> None:
    """A link title that closes the link and opens another, one with HTML, a URL with
    a space and a parenthesis: escaped so each stays one link with the same target."""
    g = brief_repo(
        tmp_path,
        "links:\n"
        '  - {title: "Klik](https://evil.example/) [hier", url: "https://a.example/x"}\n'
        '  - {title: "<img src=x onerror=alert(1)>", url: "https://b.example/y"}\n'
        '  - {title: "Spatie", url: "https://c.example/a b) [x](https://evil.example"}\n',
    )
    res = cli("brief", "--since", "2021-06-01", cwd=g.root)
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert "- [Klik\\](https://evil.example/) \\[hier](https://a.example/x)" in out
    assert "- [\\<img src=x onerror=alert(1)\\>](https://b.example/y)" in out
    assert "- [Spatie](https://c.example/a%20b%29%20[x]%28https://evil.example)" in out
    assert not re.search(r"(?<!\\)<img", out)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>x</script>",
     "vbscript:x", "file:///etc/passwd"],
)  # fmt: skip
def test_brief_never_links_a_script_url(tmp_path: Path, url: str) -> None:
    g = brief_repo(
        tmp_path,
        f"links:\n  - {{title: Gevaar, url: {json.dumps(url)}}}\n"
        '  - {title: Veilig, url: "https://ok.example/"}\n',
        settings_links=f'\n[brief]\nlinks = [{{title = "Ook", url = {json.dumps(url)}}}]\n',
    )
    res = cli("brief", "--since", "2021-06-01", cwd=g.root)
    assert res.exit_code == 0, res.output
    assert "[Veilig](https://ok.example/)" in res.stdout
    assert url.strip().split(":")[0].lower() not in res.stdout.lower()
    assert "Gevaar" not in res.stdout and "[Ook]" not in res.stdout


def test_brief_written_to_a_file_is_neutral_too(tmp_path: Path) -> None:
    g = _hostile_repo(tmp_path)
    res = cli("brief", "--since", "2021-06-01", "-o", str(tmp_path / "b.md"), cwd=g.root)
    assert res.exit_code == 0, res.output
    text = (tmp_path / "b.md").read_text()
    _assert_neutral(text)
    assert "\\u001b[2J" in text


def _no_constants(text: str) -> object:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


TOML_ACTION = """\
title = "Leesoffensief"
goals = ["lezen"]
status = "active"
group = "koersgroep-lezen"
due = 2022-06-01
"""


def test_json_never_prints_nan_or_infinity(tmp_path: Path) -> None:
    """``.nan``/``.inf`` values (progress, budget, measurements, x- fields): every JSON
    output parses as strict JSON; those values are null."""
    g = GitRepo(tmp_path / "r")
    make_repo(
        g.root,
        {
            "data/actions/leesoffensief.yaml": None,
            "data/actions/leesoffensief.toml": TOML_ACTION
            + "progress = nan\nx-score = -inf\n[budget]\namount = inf\n",
            "data/goals/lezen.toml": 'title = "Lezen"\n[[indicators]]\nid = "leden"\n'
            'title = "Leden"\ntarget = nan\nmeasurements = [{date = 2021-07-01, value = inf}]\n',
        },
    )
    g.commit("Begin", "2021-06-01")
    g.commit(
        "Meer",
        "2021-07-01",
        {
            "data/actions/leesoffensief.toml": TOML_ACTION
            + "progress = nan\nx-score = nan\n[budget]\namount = inf\n"
        },
    )
    runs = [
        ("show", "leesoffensief", "--format", "json"),
        ("show", "lezen", "--format", "json"),
        ("list", "actions", "--fields", "id,progress,budget.amount,x-score", "--format", "json"),
        ("list", "goals", "--fields", "id,indicators.target", "--format", "json"),
        ("log", "--format", "json"),
        ("validate", "--format", "json"),
    ]  # (status with a NaN progress is issue 17 point 8's: a finding, not a number)
    for args in runs:
        res = cli(*args, cwd=g.root)
        assert res.exit_code in (0, 1), (args, res.output)
        assert "NaN" not in res.stdout and "Infinity" not in res.stdout, args
        _no_constants(res.stdout)
    doc = _no_constants(cli("show", "leesoffensief", "--format", "json", cwd=g.root).stdout)
    assert isinstance(doc, dict)
    assert doc["fields"]["progress"] is None and doc["fields"]["budget"]["amount"] is None
    assert doc["fields"]["x-score"] is None


def test_json_keeps_control_characters_as_json_escapes(tmp_path: Path) -> None:
    """JSON output stays valid and means the same: the value comes back exactly."""
    g = _hostile_repo(tmp_path)
    res = cli("show", "leesoffensief", "--format", "json", cwd=g.root)
    doc = json.loads(res.stdout)
    assert doc["title"] == "Lezen " + TITLE_SET + " [bold]vet[/bold] " + RLO
    assert doc["fields"]["owner"] == "Owner " + C1_CSI
    _assert_neutral(res.stdout)
    for args in (("log", "--format", "json"), ("list", "actions", "--format", "json")):
        res = cli(*args, cwd=g.root)
        json.loads(res.stdout)
        _assert_neutral(res.stdout)


# --------------------------------------------------------------------------- 17.11


_SUBPROCESS_COMMANDS = [
    ["status"],
    ["list", "actions"],
    ["show", "boekstart"],
    ["log"],
    ["log", "--format", "json"],
    ["validate"],
    ["brief", "--since", "2021-06-16"],
]


def _run(args: list[str], **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([AGENDA, *args], cwd=ROOT, capture_output=False, **kw)  # type: ignore[call-overload, no-any-return]


@pytest.mark.parametrize("args", _SUBPROCESS_COMMANDS, ids=" ".join)
def test_reader_gone_is_quiet_and_exits_like_git(args: list[str]) -> None:
    """``agenda … | head -1``: the reader leaves; no traceback, nothing on stderr,
    exit 141 (git's: it dies of SIGPIPE, which a shell reports as 128 + 13)."""
    p = subprocess.Popen([AGENDA, *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout is not None and p.stderr is not None
    p.stdout.close()  # before anything is written: the first write fails
    err = p.stderr.read()
    assert p.wait(timeout=60) == 141
    assert err == b""


def test_head_of_a_long_log_is_quiet() -> None:
    out = subprocess.run(
        f"set -o pipefail; '{AGENDA}' log | head -1; echo \"rc=${{PIPESTATUS[0]}}\" >&2",
        shell=True, executable="/bin/bash", cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert len(out.stdout.splitlines()) == 1
    assert out.stderr.strip() in ("rc=0", "rc=141")  # 0 if it all fitted in the pipe
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("args", _SUBPROCESS_COMMANDS, ids=" ".join)
def test_closed_stdout_is_quiet(args: list[str]) -> None:
    """Started with the standard output closed (``>&-``): like git, exit 0, nothing said."""
    p = subprocess.run(
        [AGENDA, *args], cwd=ROOT, stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1)
    )
    assert p.returncode == 0, p.stderr
    assert p.stderr == b""


@pytest.mark.parametrize("args", _SUBPROCESS_COMMANDS, ids=" ".join)
def test_full_disk_is_a_clear_message(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        p = subprocess.run([AGENDA, *args], cwd=ROOT, stdout=full, stderr=subprocess.PIPE)
    assert p.returncode == 2
    assert p.stderr.decode().splitlines()[-1] == (
        "error: cannot write the output: No space left on device"
    )
    assert b"Traceback" not in p.stderr and b"internal error" not in p.stderr


# --------------------------------------------------------------------------- 16.3


_ENCODINGS = {
    "cp1252": {"PYTHONIOENCODING": "cp1252"},
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C-locale": {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
}
_ENCODED_COMMANDS = [
    ["status"],
    ["status", "--actions"],
    ["status", "--format", "plain"],
    ["status", "--format", "markdown"],
    ["list", "actions"],
    ["list", "goals", "--format", "csv"],
    ["show", "basisvaardigheden-leerplatform"],
    ["log"],
    ["log", "--format", "json"],
    ["validate"],
    ["brief", "--since", "2021-06-16"],
    ["brief", "--since", "2021-06-16", "--lang", "en"],
]


@pytest.mark.parametrize("encoding", list(_ENCODINGS))
def test_every_command_prints_on_any_output_encoding(tmp_path: Path, encoding: str) -> None:
    """The example programme (dashes, ellipses, bars, rules, accents, euro signs) under
    an output encoding that lacks them: exit 0, characters replaced, never an error."""
    env = {**os.environ, "COLUMNS": "100", **_ENCODINGS[encoding]}
    env.pop("PYTHONUTF8", None) if encoding != "C-locale" else None
    out = {}
    for args in _ENCODED_COMMANDS:
        p = subprocess.run([AGENDA, *args], cwd=ROOT, env=env, capture_output=True)
        assert p.returncode == 0, (args, p.stderr.decode(errors="replace"))
        assert b"Error" not in p.stderr and b"Traceback" not in p.stderr, args
        assert p.stdout, args
        if encoding in ("ascii", "C-locale"):
            assert max(p.stdout) < 128, args
        else:
            p.stdout.decode(encoding.replace("C-locale", "ascii"))
        out[" ".join(args)] = p.stdout
    status = out["status"]
    assert b"#" in status and b"\xe2\x96\x88" not in status  # the bar falls back to ASCII


def test_ascii_fallbacks_are_readable() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "100"}
    status = subprocess.run([AGENDA, "status"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert "Looptijd: 16 juni 2021 - 31 december 2023" in status.stdout  # en dash -> '-'
    ok = subprocess.run([AGENDA, "validate"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert ok.stdout.startswith("v ") and "no problems" in ok.stdout  # check mark -> 'v'


def test_error_message_with_accents_on_ascii_stderr(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    p = subprocess.run(
        [AGENDA, "show", "café–x"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert p.returncode == 2
    assert p.stderr.startswith("error: no record with id 'caf?-x'")
