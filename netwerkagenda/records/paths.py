"""Where a record lives: ``data/<folder>/<id>.<ext>``, parsed in this one place.

A record file is exactly three path parts: ``data``, a kind folder (``goals``,
``groups``, ``actions``) and a name whose extension is ``.yaml``, ``.yml`` or
``.toml`` (lower case, as :func:`os.path.splitext` splits it). The id is the name's
stem as written: it is not checked here, so a file with a bad id is still a record
file, and loading it reports ``invalid-id``. A name starting with a dot parses too
(``.x.yaml`` has the id ``.x``); :attr:`RecordPath.hidden` tells it, for the callers
that skip hidden files (the working tree's walk, completion, the example data).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from netwerkagenda.model import FOLDER_OF, FOLDERS

DATA_DIR = "data"
FORMATS = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}  # extension -> format


@dataclass(frozen=True, slots=True)
class RecordPath:
    """A record file's place: its kind, its id and its extension."""

    kind: str  # "goal", "group" or "action"
    id: str  # the file name's stem, as written
    ext: str  # ".yaml", ".yml" or ".toml"

    @staticmethod
    def parse(rel: str) -> RecordPath | None:
        """The record path ``rel`` (relative to the repository root, ``/``-separated)
        names, or ``None`` when it names no record file."""
        return _parse(rel)

    @property
    def folder(self) -> str:
        return FOLDER_OF[self.kind]

    @property
    def format(self) -> str:
        """``"yaml"`` or ``"toml"``."""
        return FORMATS[self.ext]

    @property
    def name(self) -> str:
        return self.id + self.ext

    @property
    def rel(self) -> str:
        """The path back, relative to the repository root."""
        return f"{DATA_DIR}/{FOLDER_OF[self.kind]}/{self.id}{self.ext}"

    @property
    def hidden(self) -> bool:
        return self.id.startswith(".")


# The history walk asks for the same few thousand paths again and again.
@lru_cache(maxsize=65_536)
def _parse(rel: str) -> RecordPath | None:
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != DATA_DIR:
        return None
    kind = FOLDERS.get(parts[1])
    if kind is None:
        return None
    name = parts[2]
    for ext in FORMATS:  # os.path.splitext's split, without its general case
        if name.endswith(ext):
            stem = name[: -len(ext)]
            # splitext splits at the last dot only after a character that is not one
            return RecordPath(kind, stem, ext) if stem.strip(".") else None
    return None


__all__ = ["DATA_DIR", "FORMATS", "RecordPath"]
