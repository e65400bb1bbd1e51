"""A record file's text, kept to locate its findings on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from netwerkagenda.findings import KeyPath
from netwerkagenda.records.parsed import Location, Parsed, Request
from netwerkagenda.records.toml_read import parse_toml, toml_places
from netwerkagenda.records.yaml_read import parse_yaml, yaml_locations


class Source:
    """A file's text, kept to locate findings in it on demand.

    The text may be given decoded, or as raw bytes decoded on first use. Locations found
    are remembered in :attr:`locations` (the validation cache stores and restores them,
    so a warm run never parses a file again to say where a finding is); whatever a scan
    builds to find them is dropped as soon as they are found."""

    __slots__ = ("_load", "_raw", "_text", "file", "fmt", "locations")

    def __init__(
        self,
        file: str,
        fmt: str,
        text: str | None = None,
        *,
        raw: bytes | None = None,
        locations: dict[Request, Location] | None = None,
        load: Callable[[], bytes | None] | None = None,
    ) -> None:
        self.file = file
        self.fmt = fmt  # "yaml" or "toml"
        self._text = text
        self._raw = raw if text is None else None
        self._load = load if text is None and raw is None else None  # reads raw when needed
        self.locations: dict[Request, Location] = locations or {}

    @property
    def text(self) -> str | None:
        if self._text is None and self._raw is None and self._load is not None:
            load, self._load = self._load, None
            self._raw = load()
        if self._text is None and self._raw is not None:
            raw, self._raw = self._raw, None
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                self._text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self._text = None
        return self._text

    def locate(self, path: KeyPath, *, key: bool = False) -> Location:
        if not path:
            return (1, 1)
        self.locate_all([(path, key)])
        return self.locations[(path, key)]

    def locate_all(self, requests: Iterable[Request]) -> None:
        """Find the places of these (path, key) requests with one scan of the text, into
        :attr:`locations`."""
        todo = {r for r in requests if r[0] and r not in self.locations}
        if not todo:
            return
        text = self.text
        if not text:
            found = dict.fromkeys(todo, (1, 1))
        elif self.fmt == "yaml":
            found = yaml_locations(text, todo)
        else:
            found = toml_places(text, todo)
        self.locations.update(found)

    def line_text(self, line: int) -> str:
        if not self.text:
            return ""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


PARSERS: dict[str, Callable[[str, str], Parsed]] = {"yaml": parse_yaml, "toml": parse_toml}
