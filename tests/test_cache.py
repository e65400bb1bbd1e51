"""The validation cache cannot lie: after any change, a warm run gives exactly the
findings of a cold run."""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import pytest

import netwerkagenda.cache as cache_mod
from netwerkagenda.cache import CACHE_FILE
from netwerkagenda.findings import Finding
from netwerkagenda.records.repository import load_repo
from tests.helpers import cache_dir, cli, make_repo, write

A = "data/actions/leesoffensief.yaml"
BROKEN = {
    # a warning, an error in a TOML file, and a nested location
    A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-01\nupdates:\n  - date: 2021-08-01\n    text: a\n  - date: 2021-07-01\n    text: b\n",
    "data/actions/b.toml": 'title = "b"\ngoals = ["lezen", "schrijven"]\nstatus = "actief"\n',
}


def cold(root: Path) -> list[Finding]:
    return load_repo(root, cache=False).validate()


def warm(root: Path) -> list[Finding]:
    return load_repo(root, cache=True).validate()


def check_same(root: Path) -> list[Finding]:
    expected = cold(root)
    first = warm(root)  # fills the cache
    second = warm(root)  # reads it
    assert first == expected
    assert second == expected
    return expected


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = make_repo(tmp_path / "r", BROKEN)
    check_same(r)
    assert (cache_dir(r) / CACHE_FILE).is_file()
    return r


def test_values_json_cannot_carry_are_read_again(tmp_path: Path) -> None:
    """nan and infinity (orjson would write null) and an integer beyond 64 bits: a warm
    run gives exactly the values and findings of a cold one."""
    r = make_repo(
        tmp_path / "r",
        {
            "data/actions/a.toml": 'title = "a"\ngoals = ["lezen"]\nprogress = nan\n'
            'x-min = -inf\n[budget]\namount = -inf\ncurrency = "EUR"\n',
            "data/actions/b.yaml": "title: b\ngoals: [lezen]\nx-groot: 1180591620717411303424\n"
            "budget:\n  amount: 1180591620717411303424\n",
        },
    )
    expected = check_same(r)
    assert any("-inf" in f.message for f in expected)
    data = {rid: rec.data for rid, rec in load_repo(r).records.items()}
    assert math.isnan(data["a"]["progress"]) and data["a"]["x-min"] == -math.inf
    # a budget that is not finite or has 22 digits is a finding and left out (issue #17)
    assert data["a"]["budget"]["amount"] is None and data["b"]["budget"]["amount"] is None
    amount = data["b"]["x-groot"]
    assert amount == 2**70 and type(amount) is int
    assert cold(r) == expected


def test_json_and_orjson_read_each_others_files(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """json is the fallback where orjson is missing: the same findings, and a cache file
    either of them wrote is read whole by the other."""
    import orjson

    path = cache_dir(root) / CACHE_FILE
    expected = cold(root)
    path.unlink()
    with monkeypatch.context() as m:
        m.setattr(cache_mod, "_orjson", None)
        assert warm(root) == expected  # json writes the cache
        assert warm(root) == expected  # and reads it
    by_json = path.read_bytes()
    assert len(orjson.loads(by_json)["entries"]) == 4
    path.unlink()
    assert warm(root) == expected  # orjson writes it
    by_orjson = path.read_bytes()
    assert json.loads(by_orjson) == orjson.loads(by_json)
    with monkeypatch.context() as m:
        m.setattr(cache_mod, "_orjson", None)
        assert warm(root) == expected  # json reads orjson's file


def test_cache_is_used_and_ignored_by_git(root: Path) -> None:
    doc = json.loads((cache_dir(root) / CACHE_FILE).read_text())
    assert len(doc["entries"]) == 4
    # the user's own cache folder, nothing in the repository, readable by the user only
    assert not (root / ".agenda-cache").exists()
    assert cache_dir(root).parent.stat().st_mode & 0o777 == 0o700
    # locations found once are stored, so a warm run needs no parser to place findings
    assert any(e["loc"] for e in doc["entries"].values())


def test_edit(root: Path) -> None:
    write(root, {A: "title: x\ngoals: [lezen]\nstatus: active\ndue: 2021-09-02\n"})
    found = check_same(root)
    assert [f.message for f in found if f.file == A] == [
        "due 2021-09-02, 18 days ago, and still active"
    ]


def test_edit_keeping_the_same_size_and_mtime(root: Path) -> None:
    p = root / A
    st = p.stat()
    p.write_text(p.read_text().replace("2021-09-01", "2021-09-03"))
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    found = check_same(root)
    assert "due 2021-09-03, 17 days ago, and still active" in [f.message for f in found]


def test_rename(root: Path) -> None:
    (root / A).rename(root / "data/actions/hernoemd.yaml")
    found = check_same(root)
    assert {f.file for f in found} >= {"data/actions/hernoemd.yaml"}
    assert A not in {f.file for f in found}


def test_delete(root: Path) -> None:
    (root / "data/actions/b.toml").unlink()
    found = check_same(root)
    assert "data/actions/b.toml" not in {f.file for f in found}


def test_touch_without_change(root: Path) -> None:
    before = cold(root)
    os.utime(root / A)
    assert check_same(root) == before


def test_corrupt_cache_is_ignored_and_rebuilt(root: Path) -> None:
    path = cache_dir(root) / CACHE_FILE
    expected = cold(root)
    for garbage in (b"", b"{not json", b"\xff\xfe\x00", b'{"stamp": 1}', b"[]"):
        path.write_bytes(garbage)
        assert warm(root) == expected
        assert json.loads(path.read_text())["entries"]


def test_tampered_entry_is_dropped(root: Path) -> None:
    path = cache_dir(root) / CACHE_FILE
    doc = json.loads(path.read_text())
    for entry in doc["entries"].values():
        entry["problems"] = "nonsense"
        entry["dates"] = [["x", "d"]]
    path.write_text(json.dumps(doc))
    assert warm(root) == cold(root)


def test_version_change_invalidates(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = cache_dir(root) / CACHE_FILE
    doc = json.loads(path.read_text())
    # a cache written by another version that would hide every finding
    for entry in doc["entries"].values():
        entry["problems"] = []
    path.write_text(json.dumps(doc))
    monkeypatch.setattr(cache_mod, "__version__", "9.9.9")
    assert warm(root) == cold(root)
    assert json.loads(path.read_text())["stamp"].startswith("9.9.9/")


def test_settings_change_invalidates(root: Path) -> None:
    write(
        root,
        {
            "agenda.toml": '[agenda]\nname = "x"\nas_of = 2021-09-20\n[groups]\nkinds = ["werkgroep"]\n'
        },
    )
    found = check_same(root)
    assert ("invalid-value", "data/groups/koersgroep-lezen.toml") in {
        (f.code, f.file) for f in found
    }


def test_no_cache_option_and_environment(tmp_path: Path) -> None:
    r = make_repo(tmp_path / "r")
    assert cli("validate", "--repo", str(r), "--no-cache").exit_code == 0
    assert not cache_dir(r).exists()
    assert cli("validate", "--repo", str(r), env={"AGENDA_CACHE": "0"}).exit_code == 0
    assert not cache_dir(r).exists()
    assert cli("validate", "--repo", str(r)).exit_code == 0
    assert (cache_dir(r) / CACHE_FILE).exists()


def test_cli_output_identical_warm_and_cold(root: Path) -> None:
    cold_out = cli("validate", "--repo", str(root), "--no-cache")
    warm_out = cli("validate", "--repo", str(root))
    assert warm_out.stdout == cold_out.stdout
    assert warm_out.exit_code == cold_out.exit_code == 1


def test_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    r = make_repo(tmp_path / "r")
    cache_dir(r).parent.mkdir(parents=True)
    cache_dir(r).write_text("a file where the cache folder would be")
    result = cli("validate", "--repo", str(r))
    assert result.exit_code == 0
    assert result.stderr == ""


def test_writes_behind_are_done_when_the_block_ends(tmp_path: Path) -> None:
    """A forked process does the cache writes collected by the time write_behind_now()
    is called; later ones, and all of them when that process fails, are done here; and
    every one is done when the block is left."""
    parent = os.getpid()
    by_writer, after, failing = tmp_path / "writer", tmp_path / "after", tmp_path / "failing"

    def write_pid(path: Path) -> None:
        if os.getpid() != parent:
            time.sleep(0.2)  # the block must wait for a writer that takes its time
        path.write_text(str(os.getpid()))

    def fails_in_a_child() -> None:
        if os.getpid() != parent:
            raise OSError("the writer fails")
        write_pid(failing)

    with cache_mod.writing_behind():
        cache_mod.later(lambda: write_pid(by_writer))
        assert not by_writer.exists()  # collected, not done
        cache_mod.write_behind_now()
        cache_mod.later(lambda: write_pid(after))
        assert not after.exists()
    assert int(by_writer.read_text()) != parent
    assert int(after.read_text()) == parent

    with cache_mod.writing_behind():
        cache_mod.later(fails_in_a_child)
        cache_mod.write_behind_now()
    assert int(failing.read_text()) == parent

    # outside a block a write is done at once
    cache_mod.later(lambda: write_pid(tmp_path / "now"))
    assert int((tmp_path / "now").read_text()) == parent
