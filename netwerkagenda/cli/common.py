"""Small helpers shared by the command modules: repository lookup and option parsing."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from netwerkagenda.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from netwerkagenda.cache import Store
    from netwerkagenda.history.when import When
    from netwerkagenda.records.repository import Repository
    from netwerkagenda.settings import Settings


RepoOption = Annotated[
    str | None,
    typer.Option(
        "--repo",
        envvar="AGENDA_REPO",
        metavar="PATH",
        help="The data repository (default: the nearest folder upwards with agenda.toml).",
        show_default=False,
    ),
]


TodayOption = Annotated[
    str | None,
    typer.Option(
        "--today",
        metavar="DATE",
        help="The reference date, YYYY-MM-DD: what is overdue, due soon or stale, and what "
        "'today' means (default: [agenda] as_of, else the clock).",
        show_default=False,
    ),
]


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Start: a date (2021-06-16), a relative phrase ('4 weeks ago', 'yesterday'), "
        "a git revision (tag, branch, sha; the period starts after it) or 'last' (the newest "
        "brief tag).",
        show_default=False,
    ),
]
UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="End (included): a date, a relative phrase, a git revision or 'last'.",
        show_default=False,
    ),
]


def repo_option(ctx: typer.Context, repo: str | None = None) -> str | None:
    """The command's ``--repo``, else the one given before the command."""
    if repo is not None:
        return repo
    obj: dict[str, Any] = ctx.find_root().obj or {}
    value = obj.get("repo")
    return value if isinstance(value, str) else None


def _unfreeze_on_close(ctx: typer.Context) -> None:
    """The repository the command loads lives until the command ends: it is loaded
    frozen out of the cyclic collector's sight (``load_repo(kept=True)``), so that the
    collections the command's later allocations set off do not walk its tens of
    thousands of objects again and again (0.08-0.1 s of a warm validate or status at
    10,000 records). They are trees, freed by reference counting as before; objects made
    later are collected as usual; all are handed back when the command ends."""
    import gc

    if not ctx.meta.get("agenda.frozen"):
        ctx.meta["agenda.frozen"] = True
        ctx.call_on_close(gc.unfreeze)


def open_repo(
    ctx: typer.Context,
    repo: str | None = None,
    *,
    cache: bool = True,
    notes: bool = True,
    strict_settings: bool = True,
) -> Repository:
    """The repository the command works on (``--repo``, ``$AGENDA_REPO`` or found); with
    ``notes``, a note on stderr when record files could not be read (they are left out).
    An ``agenda.toml`` that cannot be read stops the command (exit 2) unless
    ``strict_settings`` is off (validate reports it as a finding)."""
    import sys

    from netwerkagenda.records.repository import load_repo
    from netwerkagenda.settings import find_root

    root = find_root(repo_option(ctx, repo))
    store = open_store(ctx, root) if cache else None
    _unfreeze_on_close(ctx)
    loaded = load_repo(root, cache=store, strict_settings=strict_settings, kept=True)
    from netwerkagenda.editing.atomic import interrupted

    if interrupted(loaded.root):
        print(
            "note: an edit of several files was interrupted (.agenda-journal): some files "
            "may be changed and others not; the next edit (e.g. 'agenda set', 'agenda "
            "update') finishes it",
            file=sys.stderr,
        )
    if notes and loaded.unreadable:
        ids = sorted(loaded.unreadable)
        print(
            f"note: {len(ids)} record file{'s' if len(ids) != 1 else ''} could not be read "
            f"and {'are' if len(ids) != 1 else 'is'} left out ({', '.join(ids[:5])}"
            f"{', ...' if len(ids) > 5 else ''}); 'agenda validate' says why",
            file=sys.stderr,
        )
    return loaded


def open_store(ctx: typer.Context, root: Path) -> Store | None:
    """The caches of the repository at ``root`` for this command (``None`` when caching
    is off), opened once; what the command learnt is saved when it ends."""
    from netwerkagenda.cache import Store

    key = f"agenda.store:{root}"
    if key not in ctx.meta:
        store = ctx.meta[key] = Store.open(root)
        if store is not None:
            ctx.call_on_close(store.close)
    found: Store | None = ctx.meta[key]
    return found


def open_settings(ctx: typer.Context, repo: str | None = None) -> tuple[Path, Settings]:
    """The repository's root and settings, its records not read yet: a history command
    starts git on the range first, and loads the records (:func:`open_repo` with the
    root) while git works."""
    from netwerkagenda.settings import find_root, load_settings

    root = find_root(repo_option(ctx, repo))
    return root, load_settings(root, strict=True)[0]


def end_day(root: Path) -> Callable[[When], dt.date | None]:
    """The day a period's ``--until`` revision or ``last`` names, looked up in git
    (for :func:`~netwerkagenda.history.when.parse_period`, only when a relative
    ``--since`` needs it); ``None`` where git cannot say, and the period's own lookup
    then reports why."""

    def day(when: When) -> dt.date | None:
        from netwerkagenda.git import Git, GitError
        from netwerkagenda.history.timeline import latest_brief_tag
        from netwerkagenda.history.when import AtRevision, LastBrief

        g = Git.open(root)
        if g is None or g.head() is None:
            return None
        try:
            if isinstance(when, AtRevision):
                sha = g.resolve(when.rev)
                return g.commit(sha).day if sha is not None else None
            if isinstance(when, LastBrief):
                tag = latest_brief_tag(g)
                return tag[2] if tag is not None else None
        except GitError:
            return None
        return None

    return day


def parse_day(value: str | None, option: str) -> dt.date | None:
    """An option's ISO date (``--today 2021-09-20``)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option}: {value!r} is not a date", hint="write it as YYYY-MM-DD"
        ) from None


def choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        from netwerkagenda.suggest import did_you_mean

        raise UsageError(
            f"{option} must be one of {', '.join(allowed)}, not {value!r}",
            hint=did_you_mean(value, allowed),
        )
    return value
