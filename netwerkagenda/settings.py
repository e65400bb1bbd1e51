"""``agenda.toml``: repository discovery and one frozen :class:`Settings`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netwerkagenda.errors import AgendaError, RepositoryNotFound
from netwerkagenda.findings import Problem, error
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

# section -> key -> (type, description); the single source for checks and docs
SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], str]]] = {
    "agenda": {
        "name": (str, "the programme's name"),
        "language": (str, "nl or en: labels, dates and the built-in brief template"),
        "start": (dt.date, "first day of the programme"),
        "end": (dt.date, "last day of the programme"),
        "as_of": (dt.date, "treat this date as today (for a snapshot of a past state)"),
        "format": (str, "yaml or toml: the format of records made by 'agenda new'"),
    },
    "groups": {"kinds": (list, "the vocabulary of group kinds")},
    "brief": {
        "title": (str, "title of the brief"),
        "links": (list, "links for the 'more information' section: [{title, url}]"),
    },
    "status": {
        "stale_days": (int, "an active action with no update for this many days is stale"),
        "soon_days": (int, "actions due within this many days are 'soon'"),
        "blocked_days": (int, "an action blocked for more than this many days is reported"),
    },
    "validate": {"max_file_size": (int, "largest record file read, in bytes")},
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
    from netwerkagenda.records.files import decode, parse_toml

    file = SETTINGS_FILE
    digest = hashlib.sha1(raw).hexdigest()
    text, problems = decode(raw, file)
    if text is None:
        return Settings(digest=digest), problems
    parsed = parse_toml(text, file)
    problems += parsed.problems
    data: dict[str, Any] = parsed.data or {}
    values: dict[str, Any] = {}
    for section, body in data.items():
        if section not in SCHEMA:
            problems.append(
                error(
                    "unknown-setting",
                    file,
                    f"unknown section [{section}]",
                    (section,),
                    did_you_mean(section, SCHEMA),
                    key=True,
                )
            )
            continue
        if not isinstance(body, dict):
            problems.append(error("wrong-type", file, f"[{section}] must be a table", (section,)))
            continue
        for key, value in body.items():
            spec = SCHEMA[section].get(key)
            if spec is None:
                problems.append(
                    error(
                        "unknown-setting",
                        file,
                        f"unknown setting '{key}' in [{section}]",
                        (section, key),
                        did_you_mean(key, SCHEMA[section]),
                        key=True,
                    )
                )
                continue
            typ = spec[0]
            bad_type = (
                not isinstance(value, typ)
                or isinstance(value, bool)
                or (typ is dt.date and isinstance(value, dt.datetime))
            )
            if bad_type:
                name = typ.__name__ if isinstance(typ, type) else "value"
                problems.append(
                    error(
                        "wrong-type",
                        file,
                        f"[{section}] {key} must be a {'date' if typ is dt.date else name}",
                        (section, key),
                    )
                )
                continue
            values[f"{section}.{key}"] = value
    settings = Settings(digest=digest)
    kw: dict[str, Any] = {}
    for key, attr in (
        ("agenda.name", "name"),
        ("agenda.start", "start"),
        ("agenda.end", "end"),
        ("agenda.as_of", "as_of"),
        ("brief.title", "brief_title"),
        ("status.stale_days", "stale_days"),
        ("status.soon_days", "soon_days"),
        ("status.blocked_days", "blocked_days"),
        ("validate.max_file_size", "max_file_size"),
    ):
        if key in values:
            kw[attr] = values[key]
    lang = values.get("agenda.language")
    if lang is not None:
        if lang in LANGUAGES:
            kw["language"] = lang
        else:
            problems.append(
                error(
                    "invalid-value",
                    file,
                    f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}",
                    ("agenda", "language"),
                )
            )
    fmt = values.get("agenda.format")
    if fmt is not None:
        if fmt in ("yaml", "toml"):
            kw["record_format"] = fmt
        else:
            problems.append(
                error("invalid-value", file, "format must be yaml or toml", ("agenda", "format"))
            )
    kinds = values.get("groups.kinds")
    if kinds is not None:
        if all(isinstance(k, str) for k in kinds) and kinds:
            kw["group_kinds"] = tuple(kinds)
        else:
            problems.append(
                error(
                    "wrong-type",
                    file,
                    "[groups] kinds must be a non-empty list of strings",
                    ("groups", "kinds"),
                )
            )
    links = values.get("brief.links")
    if links is not None:
        pairs = []
        for i, link in enumerate(links):
            if (
                isinstance(link, dict)
                and isinstance(link.get("title"), str)
                and isinstance(link.get("url"), str)
            ):
                pairs.append((link["title"], link["url"]))
            else:
                problems.append(
                    error(
                        "wrong-type",
                        file,
                        "a brief link is {title, url}",
                        ("brief", "links", i),
                    )
                )
        kw["brief_links"] = tuple(pairs)
    for attr in ("stale_days", "soon_days", "blocked_days", "max_file_size"):
        if attr in kw and kw[attr] < 0:
            problems.append(error("out-of-range", file, f"{attr} must not be negative", (attr,)))
            del kw[attr]
    start, end = kw.get("start"), kw.get("end")
    if start and end and start > end:
        problems.append(
            error("date-order", file, "[agenda] start is after end", ("agenda", "start"))
        )
    if kw:
        from dataclasses import replace

        settings = replace(settings, **kw)
    return settings, problems


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
