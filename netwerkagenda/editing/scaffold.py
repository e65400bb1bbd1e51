"""``agenda init``: a new data repository, optionally with the example programme.

The example (the Netwerkagenda 2021-2023) ships inside the package as
``netwerkagenda/example/`` (``agenda.toml`` and ``data/``, force-included by the wheel
build); in a source checkout the project's own root serves.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from netwerkagenda import __version__
from netwerkagenda.errors import AgendaError, UsageError
from netwerkagenda.i18n import words
from netwerkagenda.model import FOLDERS
from netwerkagenda.records.paths import RecordPath
from netwerkagenda.settings import GROUP_KINDS_OF, LANGUAGES, SETTINGS_FILE, parse_settings

PROJECT_URL = "https://github.com/netwerkagenda/agenda"
HOOK_ID = "agenda-validate"
CI_CHOICES = ("github", "gitlab", "none")
HOOK_CHOICES = ("remote", "local")  # pre-commit: this project's hook at a release, or the PATH's


@dataclass
class InitResult:
    root: Path
    created: list[str] = field(default_factory=list)
    git_initialised: bool = False
    commit: str | None = None


def example_source() -> Path:
    """The folder holding the example's ``agenda.toml`` and ``data/``."""
    here = Path(__file__).resolve().parents[1]  # the package
    for candidate in (here / "example", here.parent):
        if (candidate / SETTINGS_FILE).is_file() and (candidate / "data").is_dir():
            return candidate
    raise AgendaError("the example records are not installed with this copy of agenda")


def programme_span(today: dt.date) -> tuple[dt.date, dt.date]:
    """A new programme's first and last day: from the first of this month to the end of
    the year after next (the three calendar years a programme like the Netwerkagenda
    runs), so the end never lies before the start."""
    return today.replace(day=1), dt.date(today.year + 2, 12, 31)


def settings_text(name: str, lang: str, start: dt.date, end: dt.date) -> str:
    t = words(lang, "init")
    kinds = ", ".join(f'"{k}"' for k in GROUP_KINDS_OF[lang])
    return (
        f"{t['settings_head']}\n"
        "[agenda]\n"
        f"name = {json.dumps(name, ensure_ascii=False)}\n"
        f'language = "{lang}"\n'
        f"start = {start.isoformat()}\n"
        f"end = {end.isoformat()}   {t['end']}\n"
        f"{t['format']}\n"
        "\n"
        "[groups]\n"
        f"kinds = [{kinds}]\n"
        "\n"
        "[brief]\n"
        f'title = "{t["brief"]}"\n'
    )


def release_tag() -> str:
    """The tag of the release that wrote a configuration: what its ``rev`` and pip
    references resolve to (``pre-commit autoupdate`` moves them on)."""
    return f"v{__version__}"


def _hook_spec() -> dict[str, str]:
    """This project's hook as its ``.pre-commit-hooks.yaml`` declares it (a test holds
    the two equal), for a local hook that behaves the same."""
    return {
        "name": "agenda validate",
        "entry": "agenda validate",
        "files": r"^(data/.*|agenda\.toml)$",
    }


def precommit_config(lang: str, hook: str = "remote") -> str:
    """The data repository's ``.pre-commit-config.yaml``: this project's hook at the
    release tag that wrote it, or (``hook="local"``) a ``repo: local`` hook that runs
    the ``agenda`` on the PATH."""
    if hook == "local":
        spec = _hook_spec()
        return (
            f"{words(lang, 'init')['precommit_local']}\n"
            "repos:\n"
            "  - repo: local\n"
            "    hooks:\n"
            f"      - id: {HOOK_ID}\n"
            f"        name: {spec['name']}\n"
            f"        entry: {spec['entry']}\n"
            "        language: system\n"
            f"        files: {spec['files']}\n"
            "        require_serial: true\n"
        )
    return (
        f"{words(lang, 'init')['precommit']}\n"
        "repos:\n"
        f"  - repo: {PROJECT_URL}\n"
        f"    rev: {release_tag()}\n"
        "    hooks:\n"
        f"      - id: {HOOK_ID}\n"
    )


def _install_line() -> str:
    return f'pip install "git+{PROJECT_URL}@{release_tag()}"'


SITE_DIR = {"github": "_site", "gitlab": "public"}  # where each host's pages look


def github_workflow() -> str:
    """Validate on every push and pull request; on a push to the default branch, build
    the site and publish it with GitHub Pages (Settings → Pages → Source: GitHub
    Actions)."""
    return (
        "# Validates the agenda's records on every push and pull request, and publishes\n"
        "# the web dashboard (agenda site) with GitHub Pages from the default branch.\n"
        "name: agenda\n"
        "on: [push, pull_request]\n"
        "jobs:\n"
        "  validate:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        f"      - run: {_install_line()}\n"
        "      - run: agenda validate --format github\n"
        "  site:\n"
        "    needs: validate\n"
        "    if: github.event_name == 'push' && github.ref_name == "
        "github.event.repository.default_branch\n"
        "    runs-on: ubuntu-latest\n"
        "    permissions:\n"
        "      contents: read\n"
        "      pages: write\n"
        "      id-token: write\n"
        "    environment:\n"
        "      name: github-pages\n"
        "      url: ${{ steps.deployment.outputs.page_url }}\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "        with:\n"
        "          fetch-depth: 0  # the history and brief tags the site tells\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.12"\n'
        f"      - run: {_install_line()}\n"
        f"      - run: agenda site --output {SITE_DIR['github']}\n"
        "      - uses: actions/configure-pages@v5\n"
        "      - uses: actions/upload-pages-artifact@v3\n"
        "        with:\n"
        f"          path: {SITE_DIR['github']}\n"
        "      - id: deployment\n"
        "        uses: actions/deploy-pages@v4\n"
    )


def gitlab_ci() -> str:
    """Validate on every push; on the default branch, build the site into ``public/``,
    which GitLab Pages publishes."""
    return (
        "# Validates the agenda's records on every push, and publishes the web dashboard\n"
        "# (agenda site) with GitLab Pages from the default branch.\n"
        "agenda-validate:\n"
        "  image: python:3.12\n"
        "  script:\n"
        f"    - {_install_line()}\n"
        "    - agenda validate\n"
        "pages:\n"
        "  image: python:3.12\n"
        "  variables:\n"
        '    GIT_DEPTH: "0"  # the history and brief tags the site tells\n'
        "  script:\n"
        f"    - {_install_line()}\n"
        f"    - agenda site --output {SITE_DIR['gitlab']}\n"
        "  artifacts:\n"
        "    paths:\n"
        f"      - {SITE_DIR['gitlab']}\n"
        "  rules:\n"
        "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n"
    )


def vscode_settings() -> str:
    schemas = {
        f"./schema/{kind}.schema.json": [f"data/{folder}/*.yaml", f"data/{folder}/*.yml"]
        for folder, kind in FOLDERS.items()
    }
    return json.dumps({"yaml.schemas": schemas}, indent=2) + "\n"


def _example_files(source: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    data = source / "data"
    for folder in FOLDERS:
        d = data / folder
        if not d.is_dir():
            continue
        for p in sorted(d.iterdir()):
            place = RecordPath.parse(f"data/{folder}/{p.name}")
            if place is not None and not place.hidden and p.is_file():
                out[place.rel] = p.read_bytes()
    return out


def _with_language(settings: bytes, lang: str) -> bytes:
    import tomlkit

    doc = tomlkit.parse(settings.decode("utf-8"))
    agenda = doc.get("agenda")
    if agenda is None or agenda.get("language") == lang:
        return settings
    agenda["language"] = lang
    return doc.as_string().encode("utf-8")


@dataclass(frozen=True)
class Programme:
    """What a new repository's ``agenda.toml`` says of its programme; ``None``: the
    folder's name, and :func:`programme_span` of today."""

    name: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


def plan_init(
    root: Path,
    *,
    example: bool,
    lang: str | None,
    ci: str,
    today: dt.date,
    hook: str = "remote",
    programme: Programme = Programme(),
) -> dict[str, bytes]:
    """The files ``agenda init`` writes (path relative to ``root`` -> bytes)."""
    files: dict[str, bytes] = {}
    if example:
        source = example_source()
        raw = (source / SETTINGS_FILE).read_bytes()
        files[SETTINGS_FILE] = _with_language(raw, lang) if lang else raw
        files.update(_example_files(source))
        settings, _ = parse_settings(files[SETTINGS_FILE])
        language = settings.language
    else:
        language = lang or "nl"
        name = programme.name or (
            root.name.replace("-", " ").replace("_", " ").strip().capitalize() or "Agenda"
        )
        first, last = programme_span(programme.start or today)
        start = programme.start or first
        end = programme.end or (last if start <= last else dt.date(start.year + 2, 12, 31))
        files[SETTINGS_FILE] = settings_text(name, language, start, end).encode()
        settings, _ = parse_settings(files[SETTINGS_FILE])
    for folder in FOLDERS:
        if not any(p.startswith(f"data/{folder}/") for p in files):
            files[f"data/{folder}/.gitkeep"] = b""
    files[".pre-commit-config.yaml"] = precommit_config(language, hook).encode()
    if ci == "github":
        files[".github/workflows/agenda.yml"] = github_workflow().encode()
    elif ci == "gitlab":
        files[".gitlab-ci.yml"] = gitlab_ci().encode()
    files[".vscode/settings.json"] = vscode_settings().encode()
    from netwerkagenda.views.json_schema import SCHEMA_DIR, schema_files

    for name, text in schema_files(settings).items():
        files[f"{SCHEMA_DIR}/{name}"] = text.encode()
    return files


def _check_choices(
    example: bool, lang: str | None, ci: str, hook: str, programme: Programme
) -> None:
    """Refuse (exit 2) what ``agenda init`` cannot make, before anything is written."""
    if lang is not None and lang not in LANGUAGES:
        raise UsageError(f"the language must be nl or en, not {lang!r}")
    if ci not in CI_CHOICES:
        raise UsageError(f"the CI must be one of {', '.join(CI_CHOICES)}, not {ci!r}")
    if hook not in HOOK_CHOICES:
        raise UsageError(f"the hook must be one of {', '.join(HOOK_CHOICES)}, not {hook!r}")
    if example and programme != Programme():
        raise UsageError(
            "the example is the Netwerkagenda 2021-2023: its name and dates are its own",
            hint="leave out the name, start and end, or the example",
        )
    if programme.start and programme.end and programme.end < programme.start:
        raise UsageError(
            f"the programme ends ({programme.end.isoformat()}) before it starts "
            f"({programme.start.isoformat()})"
        )
    if programme.name is not None and not programme.name.strip():
        raise UsageError("the programme's name is empty")


def init_repository(
    root: Path,
    *,
    example: bool = False,
    lang: str | None = None,
    ci: str = "github",
    git: bool = True,
    today: dt.date | None = None,
    hook: str = "remote",
    programme: Programme = Programme(),
) -> InitResult:
    """Create a data repository at ``root``. Refuses (exit 2) when ``root`` already
    is one, or when a file it would write exists."""
    from netwerkagenda.git import Git, GitError

    _check_choices(example, lang, ci, hook, programme)
    root = Path(os.path.abspath(root))
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} exists and is not a folder")
    if os.path.lexists(root / SETTINGS_FILE):
        raise UsageError(
            f"{root} already is an agenda repository ({SETTINGS_FILE} exists)",
            hint="nothing was changed; use another folder, or remove it first",
        )
    files = plan_init(
        root,
        example=example,
        lang=lang,
        ci=ci,
        today=today or dt.date.today(),
        hook=hook,
        programme=programme,
    )
    from netwerkagenda import confine

    clash = sorted(p for p in files if os.path.lexists(root / p))  # a dangling link too
    if clash:
        raise UsageError(
            f"{root} already has {', '.join(clash)}",
            hint="nothing was changed; use an empty folder",
        )
    for rel in files:  # a folder that is a link out of the new repository
        confine.check(root, rel)
    result = InitResult(root)
    try:
        for rel, data in files.items():
            # "x": never through a link that appeared meanwhile, never over a file
            with open(confine.writable(root, rel), "xb") as fh:
                fh.write(data)
            result.created.append(rel)
    except OSError as exc:
        raise AgendaError(f"cannot write in {root}: {exc.strerror}") from None
    work_tree = Git.open(root) if git else None
    if git and work_tree is None:
        work_tree = Git.init(root)
        result.git_initialised = True
    if work_tree is not None and example:
        try:
            result.commit = work_tree.commit_paths(["."], "agenda init: the Netwerkagenda example")
        except GitError as exc:
            raise AgendaError(
                f"the repository was created, but the first commit failed: {exc.message}",
                hint="set git's user.name and user.email, then commit the files yourself",
            ) from None
    return result
