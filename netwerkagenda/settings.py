"""``agenda.toml``: repository discovery and one frozen :class:`Settings`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from netwerkagenda.errors import AgendaError, RepositoryNotFound
from netwerkagenda.findings import KeyPath, Problem, error
from netwerkagenda.suggest import did_you_mean

SETTINGS_FILE = "agenda.toml"
DEFAULT_GROUP_KINDS = (
    "netwerkoverleg",
    "koersgroep",
    "reflectiegroep",
    "kernteam",
    "fieldlab",
    "werkgroep",
)
# the vocabulary 'agenda init --lang en' writes: the same roles in English words
ENGLISH_GROUP_KINDS = (
    "steering-group",
    "strategy-group",
    "sounding-board",
    "core-team",
    "fieldlab",
    "working-group",
)
GROUP_KINDS_OF = {"nl": DEFAULT_GROUP_KINDS, "en": ENGLISH_GROUP_KINDS}
LANGUAGES = ("nl", "en")

Issue = tuple[str, str, KeyPath]  # (code, message, key path) of a bad value
Check = Callable[[Any], tuple[Any, list[Issue]]]  # a typed value -> (its setting or _BAD, issues)
_BAD = object()  # a checked value that gives no setting


@dataclass(frozen=True)
class Setting:
    """One key of ``agenda.toml``: its TOML type, what it means, the :class:`Settings`
    attribute it sets and the check of its value beyond the type."""

    type: type
    help: str
    attr: str
    check: Check | None = None


def _one_of(key: str, allowed: tuple[str, ...], message: str) -> Check:
    def check(value: Any) -> tuple[Any, list[Issue]]:
        if value in allowed:
            return value, []
        return _BAD, [("invalid-value", message.format(value=value), ("agenda", key))]

    return check


def _group_kinds(value: Any) -> tuple[Any, list[Issue]]:
    if value and all(isinstance(k, str) for k in value):
        return tuple(value), []
    return _BAD, [
        ("wrong-type", "[groups] kinds must be a non-empty list of strings", ("groups", "kinds"))
    ]


def _links(value: Any) -> tuple[Any, list[Issue]]:
    pairs: list[tuple[str, str]] = []
    issues: list[Issue] = []
    for i, link in enumerate(value):
        if (
            isinstance(link, dict)
            and isinstance(link.get("title"), str)
            and isinstance(link.get("url"), str)
        ):
            pairs.append((link["title"], link["url"]))
        else:
            issues.append(("wrong-type", "a brief link is {title, url}", ("brief", "links", i)))
    return tuple(pairs), issues


def _not_negative(attr: str) -> Check:
    def check(value: Any) -> tuple[Any, list[Issue]]:
        if value < 0:
            return _BAD, [("out-of-range", f"{attr} must not be negative", (attr,))]
        return value, []

    return check


# section -> key -> Setting; the single source for reading and checking agenda.toml.
# Values are checked in this order (so their problems come in it too).
SCHEMA: dict[str, dict[str, Setting]] = {
    "agenda": {
        "name": Setting(str, "the programme's name", "name"),
        "language": Setting(
            str,
            "nl or en: labels, dates and the built-in brief template",
            "language",
            _one_of(
                "language",
                LANGUAGES,
                "language must be one of " + ", ".join(LANGUAGES) + ", not {value!r}",
            ),
        ),
        "start": Setting(dt.date, "first day of the programme", "start"),
        "end": Setting(dt.date, "last day of the programme", "end"),
        "as_of": Setting(
            dt.date, "treat this date as today (for a snapshot of a past state)", "as_of"
        ),
        "format": Setting(
            str,
            "yaml or toml: the format of records made by 'agenda new'",
            "record_format",
            _one_of("format", ("yaml", "toml"), "format must be yaml or toml"),
        ),
    },
    "groups": {
        "kinds": Setting(list, "the vocabulary of group kinds", "group_kinds", _group_kinds)
    },
    "brief": {
        "title": Setting(str, "title of the brief", "brief_title"),
        "links": Setting(
            list, "links for the 'more information' section: [{title, url}]", "brief_links", _links
        ),
    },
    "status": {
        "stale_days": Setting(
            int,
            "an active action with no update for this many days is stale",
            "stale_days",
            _not_negative("stale_days"),
        ),
        "soon_days": Setting(
            int,
            "actions due within this many days are 'soon'",
            "soon_days",
            _not_negative("soon_days"),
        ),
        "blocked_days": Setting(
            int,
            "an action blocked for more than this many days is reported",
            "blocked_days",
            _not_negative("blocked_days"),
        ),
    },
    "validate": {
        "max_file_size": Setting(
            int,
            "largest record file read, in bytes",
            "max_file_size",
            _not_negative("max_file_size"),
        )
    },
}


@dataclass(frozen=True)
class Settings:
    name: str = "Agenda"
    language: str = "nl"
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    record_format: str = "yaml"
    group_kinds: tuple[str, ...] = DEFAULT_GROUP_KINDS
    brief_title: str | None = None
    brief_links: tuple[tuple[str, str], ...] = ()
    stale_days: int = 60
    soon_days: int = 30
    blocked_days: int = 30
    max_file_size: int = 1_000_000
    digest: str = field(default="", compare=False)

    def today(self, override: dt.date | None = None) -> dt.date:
        """The reference date: ``--today``, else ``[agenda] as_of``, else the clock."""
        return override or self.as_of or dt.date.today()


def find_root(repo: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """The data repository's root: ``repo`` (or ``$AGENDA_REPO``), else the nearest
    folder upwards from ``cwd`` holding ``agenda.toml``."""
    explicit = repo if repo is not None else os.environ.get("AGENDA_REPO") or None
    if explicit is not None:
        root = Path(explicit).expanduser().resolve()
        if not (root / SETTINGS_FILE).is_file():
            raise RepositoryNotFound(
                f"{root} is not an agenda repository (no {SETTINGS_FILE})",
                hint="create one with 'agenda init'",
            )
        return root
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise RepositoryNotFound(
        f"no {SETTINGS_FILE} found in {here} or any folder above it",
        hint="run inside a data repository, pass --repo PATH, or create one with 'agenda init'",
    )


def parse_settings(raw: bytes) -> tuple[Settings, list[Problem]]:
    """Settings from the bytes of ``agenda.toml``, with problems for bad entries."""
    from netwerkagenda.records.parsed import decode
    from netwerkagenda.records.toml_read import parse_toml

    digest = hashlib.sha1(raw).hexdigest()
    text, problems = decode(raw, SETTINGS_FILE)
    if text is None:
        return Settings(digest=digest), problems
    parsed = parse_toml(text, SETTINGS_FILE)
    problems += parsed.problems
    kw = _checked(_typed_values(parsed.data or {}, problems), problems)
    start, end = kw.get("start"), kw.get("end")
    if start and end and start > end:
        problems.append(
            error("date-order", SETTINGS_FILE, "[agenda] start is after end", ("agenda", "start"))
        )
    return replace(Settings(digest=digest), **kw), problems


def _typed_values(data: dict[str, Any], problems: list[Problem]) -> dict[tuple[str, str], Any]:
    """The known settings of the right TOML type, by (section, key); a problem for each
    unknown section or key and each value of the wrong type."""
    file = SETTINGS_FILE
    values: dict[tuple[str, str], Any] = {}
    for section, body in data.items():
        if section not in SCHEMA:
            hint = did_you_mean(section, SCHEMA)
            msg = f"unknown section [{section}]"
            problems.append(error("unknown-setting", file, msg, (section,), hint, key=True))
            continue
        if not isinstance(body, dict):
            problems.append(error("wrong-type", file, f"[{section}] must be a table", (section,)))
            continue
        for key, value in body.items():
            setting = SCHEMA[section].get(key)
            if setting is None:
                hint = did_you_mean(key, SCHEMA[section])
                msg = f"unknown setting '{key}' in [{section}]"
                problems.append(error("unknown-setting", file, msg, (section, key), hint, key=True))
            elif _wrong_type(value, setting.type):
                name = "date" if setting.type is dt.date else setting.type.__name__
                msg = f"[{section}] {key} must be a {name}"
                problems.append(error("wrong-type", file, msg, (section, key)))
            else:
                values[section, key] = value
    return values


def _wrong_type(value: Any, typ: type) -> bool:
    # TOML booleans are ints to Python, and datetimes are dates
    return (
        not isinstance(value, typ)
        or isinstance(value, bool)
        or (typ is dt.date and isinstance(value, dt.datetime))
    )


def _checked(values: dict[tuple[str, str], Any], problems: list[Problem]) -> dict[str, Any]:
    """:class:`Settings` attributes from the typed values, each through its check."""
    kw: dict[str, Any] = {}
    for section, keys in SCHEMA.items():
        for key, setting in keys.items():
            if (section, key) not in values:
                continue
            value = values[section, key]
            if setting.check is not None:
                value, issues = setting.check(value)
                problems += [error(c, SETTINGS_FILE, m, path) for c, m, path in issues]
            if value is not _BAD:
                kw[setting.attr] = value
    return kw


# problems that leave nothing of the settings to go on with
UNREADABLE = frozenset(
    {"toml-syntax", "duplicate-key", "too-deep", "encoding", "binary", "symlink"}
)


class SettingsUnreadable(AgendaError):
    """``agenda.toml`` cannot be read (a syntax error, not UTF-8, a link out): every
    command but ``validate`` stops with exit 2 rather than go on with default settings."""


def unreadable(problems: list[Problem]) -> Problem | None:
    """The problem that makes ``agenda.toml`` unreadable, if any."""
    for p in problems:
        if p.file == SETTINGS_FILE and p.code in UNREADABLE:
            return p
    return None


def require_readable(problems: list[Problem]) -> None:
    """Raise :class:`SettingsUnreadable` (``agenda.toml:LINE: ...``) when the settings
    could not be read."""
    p = unreadable(problems)
    if p is None:
        return
    raise SettingsUnreadable(
        f"{SETTINGS_FILE}:{p.line or 1}: the settings could not be read: {p.message}",
        hint=f"fix {SETTINGS_FILE} ('agenda validate' shows the problem); "
        "agenda does not go on with default settings",
    )


def read_settings(root: Path) -> tuple[bytes | None, Problem | None]:
    """The bytes of ``agenda.toml`` (through :mod:`netwerkagenda.confine`: never a link
    out of the repository), or the problem that it cannot be read."""
    from netwerkagenda import confine

    try:
        return confine.read_bytes(root, SETTINGS_FILE), None
    except confine.OutsideRepository:
        return None, error(
            "symlink",
            SETTINGS_FILE,
            "agenda.toml is a symbolic link out of the repository (or a loop); not read",
        )
    except OSError as exc:
        raise RepositoryNotFound(f"cannot read {root / SETTINGS_FILE}: {exc.strerror}") from exc


def load_settings(root: Path, *, strict: bool = False) -> tuple[Settings, list[Problem]]:
    """The settings and their problems; with ``strict``, :class:`SettingsUnreadable`
    when ``agenda.toml`` cannot be read at all."""
    raw, problem = read_settings(root)
    if raw is None:
        problems = [problem] if problem is not None else []
        settings: Settings = Settings()
    else:
        settings, problems = parse_settings(raw)
    if strict:
        require_readable(problems)
    return settings, problems
