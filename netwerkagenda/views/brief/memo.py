"""The last brief made for a language, kept in the store with the fingerprint of
everything it was made from: the same inputs give the same bytes, so a repeat is read
back instead of made again.

What the fingerprint covers (:func:`fingerprint`): agenda's version and the size and
time of each of its own source files (code changed in place is other code); the
settings file's digest; the reference day and the clock's; the period (its days, the
commit it ends at and the one it starts after, HEAD); the language; each data file of
the working tree by its git blob id, and the files that could not be read; every file
of the repository's ``templates/`` folder and of the built-in templates, by content;
the template time limit. Not kept: a brief from a template named with ``--template``
(which may include files from any folder), one in a shallow clone or with grafts or
replace refs (whose history can change under the same commits), and one whose
``templates/`` folder holds a symbolic link, something other than files, a folder that
cannot be listed or more than fits a cheap fingerprint. Only a brief
rendered without error is kept, one entry per language: a new brief replaces it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from netwerkagenda.cache import Store
    from netwerkagenda.history.timeline import Period
    from netwerkagenda.history.when import When
    from netwerkagenda.records.repository import Repository

MAX_TEMPLATE_FILES = 200  # a templates/ folder with more files is not fingerprinted
MAX_TEMPLATE_BYTES = 1 << 20  # nor one with a larger file
_SCOPE = "brief"


def _code() -> list[tuple[str, int, int]]:
    """agenda's own source files: name, size, modification time."""
    package = Path(__file__).resolve().parents[2]
    out: list[tuple[str, int, int]] = []
    for folder, _, names in os.walk(package):
        for name in names:
            if name.endswith((".py", ".j2")):
                st = os.stat(os.path.join(folder, name))
                out.append((os.path.join(folder, name), st.st_size, st.st_mtime_ns))
    return sorted(out)


def _templates(folders: list[Path]) -> list[tuple[str, str]] | None:
    """Each file under ``folders`` by content digest; ``None`` when there are too many
    or too large ones, or anything but folders and regular files (a symbolic link may
    name a file that changes elsewhere: such templates are not fingerprinted, and no
    file outside the folders is opened)."""
    out: list[tuple[str, str]] = []
    for base in folders:
        if os.path.islink(base):
            return None
        if not base.is_dir():
            continue
        unlisted: list[OSError] = []
        for folder, dirs, names in os.walk(base, onerror=unlisted.append):
            dirs.sort()
            if any(os.path.islink(os.path.join(folder, d)) for d in dirs):
                return None
            for name in sorted(names):
                path = os.path.join(folder, name)
                try:
                    st = os.lstat(path)
                    if (
                        not stat.S_ISREG(st.st_mode)
                        or st.st_size > MAX_TEMPLATE_BYTES
                        or len(out) >= MAX_TEMPLATE_FILES
                    ):
                        return None
                    with open(path, "rb") as f:
                        digest = hashlib.sha1(f.read(MAX_TEMPLATE_BYTES + 1)).hexdigest()
                except OSError:
                    return None
                out.append((path, digest))
        if unlisted:  # a folder that cannot be listed may still hold a template
            return None
    return out


def _data(repo: Repository) -> list[Any]:
    """The working tree's data files by git blob id, and what could not be read."""
    files = [(rel, repo.blob_of(rel) or "") for rel in repo.files]
    problems = sorted({(p.file, p.code) for p in repo.problems})
    return [files, problems, sorted(repo.unreadable)]


def fingerprint(
    repo: Repository,
    period: Period,
    asked: tuple[When | None, When | None],
    lang: str,
    template: Path | None,
) -> str | None:
    """The key of a brief made from these inputs (``asked``: the period's ends as given,
    ``--since`` and ``--until``), or ``None`` when it is not kept."""
    from netwerkagenda import __version__
    from netwerkagenda.cache import dumps
    from netwerkagenda.views.brief.render import TEMPLATE_DIR, builtin_template_dir

    g = period.git
    if template is not None or g is None or g.shallow or g.rewritten():
        return None
    templates = _templates([repo.root / TEMPLATE_DIR, builtin_template_dir()])
    if templates is None:
        return None
    doc = [
        __version__,
        _code(),
        repo.settings.digest,
        repo.today().isoformat(),
        dt.date.today().isoformat(),  # a period that ends later: cut off at the clock
        [str(d) for d in (period.since, period.until)],
        [repr(w) for w in asked],  # the kind of each end too: a revision is not a date
        [period.base, period.tip, g.head(), g.prefix],
        lang,
        str(repo.root),
        _data(repo),
        templates,
        os.environ.get("AGENDA_TEMPLATE_SECONDS", ""),
    ]
    return hashlib.blake2b(dumps(doc), digest_size=20).hexdigest()


def recall(store: Store | None, lang: str, key: str | None) -> tuple[str, list[str]] | None:
    """The text and notes of the brief kept for ``key``, if it is the one kept."""
    if store is None or key is None:
        return None
    from netwerkagenda.cache import loads

    raw = store.blobs(_SCOPE, [f"last {lang}"]).get(f"last {lang}")
    try:
        doc = loads(raw) if raw is not None else None
        if type(doc) is not dict or doc.get("key") != key:
            return None
        text, notes = doc["text"], doc["notes"]
    except (TypeError, ValueError, KeyError):
        return None
    if type(text) is not str or type(notes) is not list or any(type(n) is not str for n in notes):
        return None
    return text, notes


def keep(store: Store | None, lang: str, key: str | None, text: str, notes: list[str]) -> None:
    """Keep this brief as the last one for ``lang`` (written by the store's ``save``)."""
    if store is None or key is None:
        return
    from netwerkagenda.cache import dumps

    store.put_blob(_SCOPE, f"last {lang}", dumps({"key": key, "text": text, "notes": notes}))
