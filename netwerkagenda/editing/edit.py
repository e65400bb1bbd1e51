"""Edits of records: new, set, update, done, rename.

Every edit runs the same way (:func:`apply_edit`): take the repository's lock, read
every record file, let a *planner* compute the changed files' new text through the
round-trip documents of :mod:`netwerkagenda.editing.roundtrip`, validate the whole repository
as it would be, refuse the edit when it adds an error (:class:`EditRefused`, nothing is
written), else write the files atomically (:mod:`netwerkagenda.editing.atomic`) and optionally
commit them, all before the lock is released.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netwerkagenda.editing.roundtrip import TomlDocument, YamlDocument, field_order, open_document
from netwerkagenda.errors import AgendaError, Input, UsageError
from netwerkagenda.findings import Finding, Problem, Severity
from netwerkagenda.model import (
    FOLDERS,
    ID_RE,
    INDICATOR,
    KINDS,
    RECORD_FIELDS,
    Date,
    Enum,
    Field,
    Int,
    ListOf,
    Number,
    Obj,
    Ref,
    Str,
    Type,
    Url,
    ref_fields,
)
from netwerkagenda.records.paths import RecordPath
from netwerkagenda.records.repository import (
    FileResult,
    Repository,
    build_repository,
    discover,
    load_file,
)
from netwerkagenda.records.source import Source
from netwerkagenda.settings import SETTINGS_FILE, find_root, parse_settings
from netwerkagenda.suggest import did_you_mean

BOM = "\ufeff"


class EditRefused(AgendaError):
    """The edit would add errors to the repository; nothing was written (exit 1)."""

    exit_code = 1

    def __init__(
        self, message: str, findings: list[Finding], sources: dict[str, Source], records: int
    ) -> None:
        super().__init__(message, hint="nothing was written")
        self.findings = findings
        self.sources = sources
        self.records = records


# --------------------------------------------------------------------------- workspace


def _is_record_path(rel: str) -> bool:
    return RecordPath.parse(rel) is not None


def _record_path(rel: str) -> RecordPath:
    """The place of a record file the workspace holds (never anything else)."""
    place = RecordPath.parse(rel)
    if place is None:
        raise ValueError(f"{rel} is not a record file's path")
    return place


class Workspace:
    """The repository's files as read under the lock, and repositories built from
    them, as they are or as they would be after an edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        from netwerkagenda.settings import read_settings, require_readable

        raw, problem = read_settings(root)
        if raw is None:  # a link out of the repository: never edited through
            require_readable([problem] if problem is not None else [])
        self.settings_raw = raw or b""
        self.settings, self.settings_problems = parse_settings(self.settings_raw)
        require_readable(self.settings_problems)
        self.files: dict[str, bytes] = {}
        self.problems: list[Problem] = []
        for rel, raw, problem in discover(root, self.settings.max_file_size):
            if problem is not None:
                self.problems.append(problem)
            elif raw is not None:
                self.files[rel] = raw
        self._results: dict[str, FileResult] = {}
        self.repo = self.repository({})

    def _result(self, rel: str, raw: bytes, changed: bool) -> FileResult:
        if changed:
            return load_file(rel, raw, self.settings)
        hit = self._results.get(rel)
        if hit is None:
            hit = self._results[rel] = load_file(rel, raw, self.settings)
        return hit

    def repository(self, changes: Mapping[str, bytes | None]) -> Repository:
        files = {**self.files}
        for rel, raw in changes.items():
            if raw is None:
                files.pop(rel, None)
            else:
                files[rel] = raw
        results = [self._result(rel, raw, rel in changes) for rel, raw in files.items()]
        repo = build_repository(
            self.root, self.settings, results, [*self.settings_problems, *self.problems]
        )
        text = self.settings_raw.decode("utf-8", "replace")
        repo.sources[SETTINGS_FILE] = Source(SETTINGS_FILE, "toml", text)
        return repo

    # ------------------------------------------------------------------ lookups

    def record_file(self, rid: str) -> str:
        """The file of record ``rid``; a usage error (with a suggestion) if there is
        none, data errors if its file cannot be read as a record."""
        rec = self.repo.get(rid)
        if rec is not None:
            return rec.file
        # a record file that exists but is not a record: unreadable, too large, a link
        # out of the repository, or with errors. Say so, rather than "no such record".
        paths = [*self.files, *(p.file for p in self.problems if _is_record_path(p.file))]
        stems = {_record_path(rel).id: rel for rel in paths}
        if rid in stems:
            rel = stems[rid]
            findings = self.repo.validate(files=[rel])
            raise EditRefused(
                f"{rel} cannot be edited: fix its errors first",
                [f for f in findings if f.severity is Severity.ERROR],
                self.repo.sources,
                len(self.repo.records),
            )
        raise UsageError(
            f"no record with id '{rid}'",
            hint=did_you_mean(rid, self.repo.records) or "list them with 'agenda list'",
        )

    def text(self, rel: str) -> str:
        return self.files[rel].decode("utf-8")


# --------------------------------------------------------------------------- plans


@dataclass
class PlannedWrite:
    """One file a plan writes (or removes): ``before``/``after`` text; ``None`` for
    absent."""

    path: str
    before: str | None
    after: str | None
    old_path: str | None = None  # set when the file is renamed
    # the data ``after`` is meant to hold; the edit is refused unless it reads back so
    intended: Any = None
    verified: bool = False  # ``after`` was read back and found to hold ``intended``


@dataclass
class Plan:
    summary: str  # one line, also the commit message
    changes: list[PlannedWrite] = field(default_factory=list)

    def writes(self) -> dict[str, bytes | None]:
        out: dict[str, bytes | None] = {}
        for c in self.changes:
            if c.old_path and c.old_path != c.path:
                out[c.old_path] = None
            out[c.path] = None if c.after is None else c.after.encode("utf-8")
        return out

    def paths(self) -> list[str]:
        seen: list[str] = []
        for c in self.changes:
            for p in (c.old_path, c.path):
                if p and p not in seen:
                    seen.append(p)
        return seen

    def diff(self) -> str:
        """A unified diff of the plan, paths relative to the repository root."""
        out: list[str] = []
        for c in self.changes:
            old = c.old_path or c.path
            if c.old_path and c.old_path != c.path:
                out.append(f"rename {c.old_path} -> {c.path}\n")
            a = (c.before or "").splitlines(keepends=True)
            b = (c.after or "").splitlines(keepends=True)
            fa = f"a/{old}" if c.before is not None else "/dev/null"
            fb = f"b/{c.path}" if c.after is not None else "/dev/null"
            for line in difflib.unified_diff(a, b, fa, fb):
                out.append(
                    line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                )
        return "".join(out)


@dataclass
class Outcome:
    plan: Plan
    written: bool
    commit: str | None = None
    warnings: list[Finding] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # files an interrupted edit left


Planner = Callable[[Workspace], Plan]


def _finding_key(f: Finding, renamed: Mapping[str, str]) -> tuple[str, str, str]:
    return (f.code, renamed.get(f.file, f.file), f.message)


def added_findings(
    before: list[Finding], after: list[Finding], plan: Plan, severity: Severity = Severity.ERROR
) -> list[Finding]:
    """Findings of ``severity`` in ``after`` that ``before`` did not have (lines may have
    moved)."""
    renamed = {c.old_path: c.path for c in plan.changes if c.old_path}
    known: dict[tuple[str, str, str], int] = {}
    for f in before:
        if f.severity is severity:
            k = _finding_key(f, renamed)
            known[k] = known.get(k, 0) + 1
    out: list[Finding] = []
    for f in after:
        if f.severity is not severity:
            continue
        k = _finding_key(f, {})
        if known.get(k, 0) > 0:
            known[k] -= 1
        else:
            out.append(f)
    return out


def added_errors(before: list[Finding], after: list[Finding], plan: Plan) -> list[Finding]:
    """Errors of ``after`` that ``before`` did not have."""
    return added_findings(before, after, plan, Severity.ERROR)


def apply_edit(
    planner: Planner,
    root: str | os.PathLike[str] | None = None,
    *,
    dry_run: bool = False,
    commit: bool = False,
    today: dt.date | None = None,
) -> Outcome:
    """Plan, validate and (unless ``dry_run``) write an edit under the lock; with
    ``commit``, commit the changed files with the plan's summary as message. The
    warnings the edit brings are judged on ``today`` (``--today``; default:
    ``[agenda] as_of``, else the clock)."""
    from netwerkagenda.editing import atomic
    from netwerkagenda.git import Git

    path = find_root(root)
    git = Git.open(path) if commit and not dry_run else None
    if commit and not dry_run and git is None:
        raise UsageError(
            (Input.COMMIT, f": {path} is not in a git repository"), hint="run 'git init'"
        )
    with atomic.locked(path):
        recovered = atomic.recover(path)  # an edit killed halfway is finished first
        ws = Workspace(path)
        plan = planner(ws)
        writes = plan.writes()
        after_repo = ws.repository(writes)
        today = ws.repo.today(today)
        before = ws.repo.validate(today=today)
        after = after_repo.validate(today=today)
        new_errors = added_errors(before, after, plan)
        if new_errors:
            n = len(new_errors)
            raise EditRefused(
                f"{plan.summary}: refused, it would add {n} error{'s' if n != 1 else ''}",
                new_errors,
                after_repo.sources,
                len(after_repo.records),
            )
        warnings = added_findings(before, after, plan, Severity.WARNING)
        read_back(plan)
        if dry_run or not plan.changes:
            return Outcome(plan, False, warnings=warnings, recovered=recovered)
        atomic.write_files(path, writes)
        sha = git.commit_paths(plan.paths(), f"agenda: {plan.summary}") if git else None
        return Outcome(plan, True, sha, warnings, recovered)


def read_back(plan: Plan) -> None:
    """Refuse the plan (:class:`ReadBackError`) unless every text it would write, read
    again with the full parser, holds the data the edit means it to hold."""
    from netwerkagenda.editing import readback

    for c in plan.changes:
        if c.after is None or c.verified:
            continue
        if c.intended is None:
            data, why = readback.parse_full(c.path, c.after)
            detail = why if data is None else None
        else:
            detail = readback.check(c.path, c.after, c.intended)
        if detail is not None:
            raise readback.ReadBackError(c.path, detail)
        c.verified = True


# --------------------------------------------------------------------------- values


def an(kind: str) -> str:
    """'a goal', 'a group', 'an action'."""
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


@dataclass(frozen=True)
class Assignment:
    """``FIELD=VALUE`` (set; an empty value removes), ``FIELD+=VALUE`` (append to a
    list) or ``FIELD-=VALUE`` (remove from a list)."""

    field: str
    op: str  # "=", "+=", "-="
    value: str


def parse_assignment(text: str) -> Assignment:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(
            f"{text!r} is not FIELD=VALUE", hint="e.g. status=done, due=2022-06-01, tags+=jeugd"
        )
    op = "="
    if name.endswith(("+", "-")):
        op, name = name[-1] + "=", name[:-1]
    return Assignment(name.strip(), op, value.strip())


def field_of(kind: str, name: str) -> Field:
    """The model's field ``name`` of ``kind``; free ``x-`` fields are strings."""
    for f in RECORD_FIELDS[kind]:
        if f.name == name:
            return f
    if name.startswith("x-") and len(name) > 2:
        return Field(name, Str())
    names = [f.name for f in RECORD_FIELDS[kind]]
    head, dot, _ = name.partition(".")
    if dot and head in names:  # 'budget.amount': a part of a mapping field
        raise UsageError(
            f"{an(kind).capitalize()} has no field '{name}'",
            hint=f"set the whole of '{head}', e.g. {_example(kind, head)}",
        )
    raise UsageError(
        f"{an(kind).capitalize()} has no field '{name}'",
        hint=did_you_mean(name, names)
        or f"fields of {an(kind)}: {', '.join(names)}; your own start with 'x-'",
    )


def _example(kind: str, name: str) -> str:
    """An example of setting the mapping field ``name`` whole."""
    f = next(f for f in RECORD_FIELDS[kind] if f.name == name)
    if isinstance(f.type, Obj):
        inner = ", ".join(f"{g.name}: ..." for g in f.type.fields[:3]) or "..."
        return f"{name}={{{inner}}}"
    return f"{name}=..."


def _flow(text: str, what: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        raise UsageError(
            f"{what}: {text!r} cannot be read", hint="write lists as [a, b], mappings as {k: v}"
        ) from None


def coerce(t: Type, value: Any, what: str) -> Any:
    """A value from the command line (a string) or from a flow list/mapping, typed
    by the model: dates, numbers, lists as ``[a, b]``, mappings as ``{k: v}``."""
    if isinstance(t, ListOf):
        if isinstance(value, str):
            value = _flow(value, what) if value.startswith("[") else [value]
        if not isinstance(value, list):
            raise UsageError(f"{what} is a list: write it as [a, b]")
        return [coerce(t.item, v, f"{what}[{i}]") for i, v in enumerate(value)]
    if isinstance(t, Obj):
        if isinstance(value, str):
            value = _flow(value, what)
        if not isinstance(value, dict):
            fields = ", ".join(f"{f.name}: ..." for f in t.fields)
            raise UsageError(f"{what} is a mapping: write it as {{{fields}}}")
        known = t.field_map()
        return {
            str(k): coerce(known[k].type, v, f"{what}.{k}") if k in known else v
            for k, v in value.items()
        }
    if isinstance(t, Date):
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise UsageError(
                f"{what}: {value!r} is not a date", hint="write it as YYYY-MM-DD"
            ) from None
    if isinstance(t, Int | Number):
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        try:
            return int(str(value))
        except ValueError:
            pass
        if isinstance(t, Number):
            try:
                return float(str(value))
            except ValueError:
                pass
        raise UsageError(f"{what}: {value!r} is not a {t.name}")
    if isinstance(t, Str | Url | Enum | Ref):
        if isinstance(value, dt.date):
            return value.isoformat()
        return value if isinstance(value, str) else str(value)
    return value


# --------------------------------------------------------------------------- editing a file


def _split_text(raw: str) -> tuple[str, str, bool]:
    bom = BOM if raw.startswith(BOM) else ""
    body = raw[len(bom) :]
    crlf = "\r\n" in body and "\n" not in body.replace("\r\n", "")
    return bom, body.replace("\r\n", "\n") if crlf else body, crlf


class FileEdit:
    """One record file opened for a round-trip edit. Every change is made twice: to
    the round-trip document (the text) and to :attr:`intended`, the plain data as the
    full parser read it from the file, so that the new text can be read back and
    checked against it (:mod:`netwerkagenda.editing.readback`)."""

    def __init__(self, ws: Workspace, rel: str) -> None:
        from netwerkagenda.editing import readback

        self.rel = rel
        self.before = ws.text(rel)
        place = _record_path(rel)
        self.kind = place.kind
        self.bom, body, self.crlf = _split_text(self.before)
        self.doc: YamlDocument | TomlDocument = open_document(place.format, body)
        self.order = field_order(self.kind)
        data, _ = readback.parse_full(rel, self.before)
        self.intended: dict[str, Any] | None = data if isinstance(data, dict) else None

    def _wrap(self, text: str) -> str:
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return self.bom + text

    def after(self) -> tuple[str, bool]:
        """The new text, and whether it was read back and found to hold the intended
        data: the first of the document's renderings that does, else the first."""
        from netwerkagenda.editing import readback

        texts = [self._wrap(t) for t in self.doc.candidates()]
        if self.intended is not None:
            for text in texts:
                if readback.check(self.rel, text, self.intended) is None:
                    return text, True
        return texts[0], False

    def change(self, new_path: str | None = None) -> PlannedWrite:
        text, verified = self.after()
        return PlannedWrite(
            new_path or self.rel,
            self.before,
            text,
            self.rel if new_path and new_path != self.rel else None,
            intended=self.intended if self.intended is not None else _UNREADABLE,
            verified=verified,
        )

    def set(self, name: str, value: Any) -> None:
        self.doc.set(name, value, self.order)
        if self.intended is not None:
            self.intended[name] = value

    def append(self, name: str, value: Any) -> None:
        self.doc.append(name, value, self.order)
        if self.intended is not None:
            current = self.intended.get(name)
            if isinstance(current, list):
                current.append(value)
            else:
                self.intended[name] = [value]

    def delete(self, name: str) -> None:
        self.doc.delete(name)
        if self.intended is not None:
            self.intended.pop(name, None)

    def remove_item(self, name: str, item: Any) -> int:
        left = self.doc.remove_item(name, item)
        if self.intended is not None:
            current = self.intended.get(name)
            if isinstance(current, list):
                self.intended[name] = [v for v in current if v != item]
        return left

    def insert_item(
        self, path: Sequence[str | int], index: int, item: Any, order: Sequence[str] = ()
    ) -> None:
        """Insert ``item`` at ``index`` of the list at ``path`` (see the documents')
        ``insert_item``)."""
        self.doc.insert_item(path, index, item, order)
        if self.intended is None:
            return
        parent: Any = self.intended
        try:
            for p in path[:-1]:
                parent = parent[p]
        except (KeyError, IndexError, TypeError):
            self.intended = None  # the read-back then refuses: nothing to compare with
            return
        current = parent.get(path[-1]) if isinstance(parent, dict) else None
        if isinstance(current, list):
            current.insert(min(index, len(current)), item)
        elif isinstance(parent, dict):
            parent[path[-1]] = [item]

    def replace_item(self, name: str, old: str, new: str) -> None:
        self.doc.replace_item(name, old, new)
        if self.intended is not None:
            value = self.intended.get(name)
            if isinstance(value, str) and value == old:
                self.intended[name] = new
            elif isinstance(value, list):
                self.intended[name] = [new if v == old else v for v in value]


# a file whose text the full parser does not read as a mapping: nothing can match it
_UNREADABLE: Any = {"\0": "the file as it was does not parse"}


def _describe_value(v: Any) -> str:
    """A value as a commit message shows it: as it would be typed (``[a, b]``,
    ``{amount: 5000}``), never a Python repr."""
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_describe_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_describe_value(x)}" for k, x in v.items()) + "}"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _short_line(text: str, width: int = 60) -> str:
    """``text`` on one line, cut at a word to at most ``width`` characters."""
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line[: width - 3].rsplit(" ", 1)[0] if " " in line[: width - 3] else line[: width - 3]
    return cut + "..."


# --------------------------------------------------------------------------- the edits


def parse_kind(text: str) -> str:
    k = text.lower()
    if k in KINDS:
        return k
    if k in FOLDERS:
        return FOLDERS[k]
    raise UsageError(
        f"unknown kind '{text}': one of {', '.join(KINDS)}", hint=did_you_mean(k, KINDS)
    )


def check_new_id(ws: Workspace, rid: str) -> None:
    if not ID_RE.match(rid):
        from netwerkagenda.records.repository import _slug

        raise UsageError(
            f"'{rid}' is not a valid id: use lower-case letters, digits and dashes "
            "(at most 80, starting with a letter or digit)",
            hint=f"e.g. {_slug(rid)}",
        )
    taken = ws.repo.get(rid)
    stems = {_record_path(rel).id: rel for rel in ws.files}
    if taken is not None or rid in stems:
        n = 2
        while f"{rid}-{n}" in stems or ws.repo.get(f"{rid}-{n}") is not None:
            n += 1
        where = taken.file if taken is not None else stems[rid]
        raise UsageError(
            f"id '{rid}' is already used by {where}",
            hint=f"pick another id, e.g. '{rid}-{n}', or change it with 'agenda set {rid} ...'",
        )


def missing_required(kind: str, values: Mapping[str, Any]) -> list[str]:
    return [
        f.name for f in RECORD_FIELDS[kind] if f.required and (values.get(f.name) in (None, "", []))
    ]


def plan_new(kind: str, rid: str, values: Mapping[str, Any], fmt: str | None = None) -> Planner:
    """A new record file ``data/<folder>/<rid>.<fmt>`` with ``values`` (typed) in the
    model's field order."""

    def planner(ws: Workspace) -> Plan:
        check_new_id(ws, rid)
        missing = missing_required(kind, values)
        if missing:
            raise UsageError(f"{an(kind).capitalize()} needs {', '.join(missing)}")
        f = fmt or ws.settings.record_format
        ext = ".yaml" if f == "yaml" else ".toml"
        rel = RecordPath(kind, rid, ext).rel
        doc = open_document(f, None)
        order = field_order(kind)
        for name in sorted(values, key=lambda n: order.index(n) if n in order else len(order)):
            if values[name] not in (None, [], ""):
                doc.set(name, values[name], order)
        title = values.get("title")
        intended = {k: v for k, v in values.items() if v not in (None, [], "")}
        change = PlannedWrite(rel, None, doc.dump(), intended=intended)
        return Plan(f"new {kind} {rid}: {title}", [change])

    return planner


@dataclass(frozen=True)
class Note:
    """A dated progress note, as ``agenda update`` adds it."""

    text: str
    date: dt.date
    author: str | None = None


def _add_note(fe: FileEdit, note: Note) -> None:
    if "updates" not in {f.name for f in RECORD_FIELDS[fe.kind]}:
        raise UsageError(
            f"{an(fe.kind).capitalize()} has no updates; notes go on actions and groups"
        )
    if not note.text.strip():
        raise UsageError("the note is empty")
    item: dict[str, Any] = {"date": note.date, "text": note.text}
    if note.author:
        item["author"] = note.author
    fe.append("updates", item)


def plan_set(rid: str, assignments: Iterable[Assignment], note: Note | None = None) -> Planner:
    """Change fields of a record: set, remove (``FIELD=``), append (``+=``) or remove
    an item (``-=``); with ``note``, add that progress note in the same edit (one
    file write, one commit)."""
    items = list(assignments)

    def planner(ws: Workspace) -> Plan:
        rel = ws.record_file(rid)
        fe = FileEdit(ws, rel)
        parts = []
        for a in items:
            part = _part_of(fe, a)
            if part is not None:
                parts.append(part)
                continue
            f = field_of(fe.kind, a.field)
            where = f"{a.field}"
            if a.op == "=" and a.value == "":
                if f.required:
                    raise UsageError(
                        f"{a.field} is required for {an(fe.kind)}; it cannot be removed",
                        hint=f"give it a new value: {a.field}=...",
                    )
                fe.delete(a.field)
                parts.append(f"{a.field} removed")
                continue
            if a.op == "=":
                value = coerce(f.type, a.value, where)
                fe.set(a.field, value)
                parts.append(f"{a.field}={_describe_value(value)}")
                continue
            if not isinstance(f.type, ListOf):
                raise UsageError(f"{a.field} is not a list; '{a.op}' works on lists only")
            item = coerce(f.type.item, a.value, where)
            if a.op == "+=":
                from netwerkagenda.editing.roundtrip import to_plain

                current = to_plain(fe.doc.get(a.field))
                if isinstance(current, list) and item in current:
                    raise UsageError(f"{a.field} already holds {_describe_value(item)!r}")
                fe.append(a.field, item)
                parts.append(f"{a.field}+={_describe_value(item)}")
            else:
                from netwerkagenda.editing.roundtrip import to_plain

                current = to_plain(fe.doc.get(a.field))
                if not isinstance(current, list) or item not in current:
                    raise UsageError(f"{a.field} does not hold {_describe_value(item)!r}")
                if fe.remove_item(a.field, item) == 0 and not f.required:
                    fe.delete(a.field)
                parts.append(f"{a.field}-={_describe_value(item)}")
        summary = f"set {rid}: {', '.join(parts)}"
        if note is not None:
            _add_note(fe, note)
            summary += f"; note: {_short_line(note.text)}"
        return Plan(summary, [fe.change()])

    return planner


def _part_of(fe: FileEdit, a: Assignment) -> str | None:
    """``budget.amount=55000``: one field of a mapping field set (or removed, with an
    empty value) and the mapping written back; the summary part, or ``None`` when the
    assignment names no such field."""
    from netwerkagenda.editing.roundtrip import to_plain

    head, dot, sub = a.field.partition(".")
    outer = next((f for f in RECORD_FIELDS[fe.kind] if f.name == head), None) if dot else None
    if outer is None or not isinstance(outer.type, Obj):
        return None
    inner = outer.type.field_map().get(sub)
    if inner is None:
        names = [g.name for g in outer.type.fields]
        raise UsageError(
            f"{head} has no field '{sub}'",
            hint=did_you_mean(sub, names) or f"fields of {head}: {', '.join(names)}",
        )
    if a.op != "=":
        raise UsageError(f"{a.field} is not a list; '{a.op}' works on lists only")
    current = to_plain(fe.doc.get(head))
    if current is None:
        current = {}
    if not isinstance(current, dict):
        raise UsageError(
            f"{head} is not a mapping in {fe.rel}", hint=f"set it whole: {_example(fe.kind, head)}"
        )
    if a.value == "":
        if inner.required:
            raise UsageError(f"{a.field} is required; it cannot be removed")
        current.pop(sub, None)
        fe.set(head, current)
        return f"{a.field} removed"
    current[sub] = coerce(inner.type, a.value, a.field)
    fe.set(head, current)
    return f"{a.field}={_describe_value(current[sub])}"


def plan_update(rid: str, text: str, date: dt.date, author: str | None) -> Planner:
    """Append a dated note to the record's ``updates``."""

    def planner(ws: Workspace) -> Plan:
        rel = ws.record_file(rid)
        fe = FileEdit(ws, rel)
        _add_note(fe, Note(text, date, author))
        return Plan(f"update {rid}: {_short_line(text)}", [fe.change()])

    return planner


def plan_done(rid: str, date: dt.date) -> Planner:
    """Set an action's status to done and its ``done`` date."""

    def planner(ws: Workspace) -> Plan:
        rel = ws.record_file(rid)
        fe = FileEdit(ws, rel)
        if fe.kind != "action":
            raise UsageError(f"'{rid}' is {an(fe.kind)}; only actions are done")
        fe.set("status", "done")
        fe.set("done", date)
        if fe.doc.get("progress") is not None:  # a finished action is 100% done
            fe.set("progress", 100)
        return Plan(f"done {rid} ({date.isoformat()})", [fe.change()])

    return planner


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        return None


def parse_value(text: str) -> int | float:
    """A measured figure from the command line: a whole number or a decimal with a
    point. A comma is refused (``1,010`` is a thousand in English and one in Dutch),
    and so are NaN and infinity."""
    import math

    hint = "write it without thousands separators, with a decimal point: 1010 or 12.5"
    if "," in text or not text.strip():
        raise UsageError(f"VALUE: {text!r} is not a number", hint=hint)
    try:
        value = coerce(Number(), text.strip(), "VALUE")
    except UsageError:
        raise UsageError(f"VALUE: {text!r} is not a number", hint=hint) from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise UsageError(f"VALUE: {text!r} is not a number", hint=hint)
    return value


def plan_measure(
    gid: str,
    indicator: str,
    value: float,
    date: dt.date,
    *,
    explicit_date: bool = False,
    note: str | None = None,
) -> Planner:
    """Add a dated measurement to indicator ``indicator`` of goal ``gid``, keeping the
    measurements sorted by date. A date before the last measurement is refused unless
    the caller chose the date (``explicit_date``); a second measurement on one day is
    refused."""

    def planner(ws: Workspace) -> Plan:
        rel = ws.record_file(gid)
        fe = FileEdit(ws, rel)
        if fe.kind != "goal":
            raise UsageError(f"'{gid}' is {an(fe.kind)}; measurements go on a goal's indicators")
        at, ind = _indicator(fe, gid, indicator, rel)
        items = ind.get("measurements")
        if items is not None and not isinstance(items, list):
            raise UsageError(f"{rel}: indicators[{at}].measurements is not a list; fix it first")
        dated = [(_as_date(m.get("date")), m) for m in items or () if isinstance(m, dict)]
        _check_measurement_day(dated, indicator, date, explicit_date, rel)
        # after every measurement dated before it (undated ones keep their place)
        index = len(items or [])
        for n, m in enumerate(items or []):
            d = _as_date(m.get("date")) if isinstance(m, dict) else None
            if d is not None and d > date:
                index = n
                break
        item: dict[str, Any] = {"date": date, "value": value}
        if note and note.strip():
            item["note"] = note.strip()
        fe.insert_item(
            ("indicators", at, "measurements"), index, item, [f.name for f in INDICATOR.fields]
        )
        before = [m for d, m in dated if d is not None and d < date]
        was = f", was {_describe_value(before[-1].get('value'))}" if before else ""
        target = ind.get("target")
        goal = f", target {_describe_value(target)}" if target is not None else ""
        summary = f"measure {gid} {indicator}: {_describe_value(value)} on {date}{goal}{was}"
        return Plan(summary, [fe.change()])

    return planner


def _indicator(fe: FileEdit, gid: str, indicator: str, rel: str) -> tuple[int, dict[str, Any]]:
    """The position and plain value of goal ``gid``'s indicator ``indicator``."""
    from netwerkagenda.editing.roundtrip import to_plain

    indicators = to_plain(fe.doc.get("indicators"))
    ids = [str(i.get("id")) for i in indicators or () if isinstance(i, dict) and i.get("id")]
    if not isinstance(indicators, list) or not ids:
        raise UsageError(
            f"goal '{gid}' has no indicators",
            hint=f"add one to {rel}: indicators: [{{id: ..., title: ..., target: ...}}]",
        )
    found = [n for n, i in enumerate(indicators) if isinstance(i, dict)]
    at = next((n for n in found if indicators[n].get("id") == indicator), None)
    if at is None:
        raise UsageError(
            f"goal '{gid}' has no indicator '{indicator}'",
            hint=did_you_mean(indicator, ids) or f"its indicators: {', '.join(ids)}",
        )
    return at, indicators[at]


def _check_measurement_day(
    dated: list[tuple[dt.date | None, Any]],
    indicator: str,
    date: dt.date,
    explicit_date: bool,
    rel: str,
) -> None:
    """Refuse a second measurement on one day, and one before the last unless the
    caller chose its date."""
    for d, m in dated:
        if d == date:
            raise UsageError(
                f"{indicator} already has a measurement dated {date.isoformat()} "
                f"(value {_describe_value(m.get('value'))})",
                hint=(f"correct it in {rel}, or give another ", Input.MEASURED_ON),
            )
    days = [d for d, _ in dated if d is not None]
    last = max(days) if days else None
    if last is not None and date < last and not explicit_date:
        raise UsageError(
            f"{date.isoformat()} is before the last measurement of {indicator} "
            f"({last.isoformat()})",
            hint=(
                "give ",
                Input.MEASURED_ON,
                " to add an earlier measurement; it is put in date order",
            ),
        )


def _refuse_unreadable(ws: Workspace, what: str, rid: str) -> None:
    """Refuse an edit that must find every reference to ``rid`` while a record file
    cannot be read: it could hold one, which would be left behind."""
    loaded = {rec.file for rec in ws.repo.records.values()}
    bad = sorted(
        {rel for rel in ws.files if rel not in loaded}
        | {p.file for p in ws.problems if p.code == "unreadable" and _is_record_path(p.file)}
    )
    if not bad:
        return
    findings = [
        f for f in ws.repo.validate(files=bad) if f.severity is Severity.ERROR and f.file in bad
    ]
    n = len(bad)
    names = ", ".join(bad[:5]) + (", ..." if n > 5 else "")
    raise EditRefused(
        f"{what}: refused, {n} record file{'s' if n != 1 else ''} cannot be read and may "
        f"refer to '{rid}' ({names}): fix {'them' if n != 1 else 'it'} first",
        findings,
        ws.repo.sources,
        len(ws.repo.records),
    )


def plan_rename(old: str, new: str) -> Planner:
    """Rename record ``old`` to ``new``: its file (and ``id`` key), and every
    reference to it in other records."""

    def planner(ws: Workspace) -> Plan:
        rel = ws.record_file(old)
        check_new_id(ws, new)
        _refuse_unreadable(ws, f"mv {old} -> {new}", old)
        place = _record_path(rel)
        kind = place.kind
        new_rel = RecordPath(kind, new, place.ext).rel
        edits: dict[str, FileEdit] = {}
        fe = FileEdit(ws, rel)
        if fe.doc.get("id") is not None:
            fe.set("id", new)
        edits[rel] = fe
        for rec in sorted(ws.repo.records.values(), key=lambda r: r.file):
            for name_, target in ref_fields(rec.kind).items():
                if target != kind or old not in rec.ids(name_):
                    continue
                e = edits.get(rec.file) or FileEdit(ws, rec.file)
                edits[rec.file] = e
                e.replace_item(name_, old, new)
        changes = [fe.change(new_rel)]
        changes += [e.change() for r, e in sorted(edits.items()) if r != rel]
        n = len(changes) - 1
        refs = f" ({n} file{'s' if n != 1 else ''} referring to it)" if n else ""
        return Plan(f"mv {old} -> {new}{refs}", changes)

    return planner


__all__ = [
    "Assignment",
    "EditRefused",
    "Note",
    "Outcome",
    "Plan",
    "PlannedWrite",
    "Workspace",
    "apply_edit",
    "coerce",
    "field_of",
    "missing_required",
    "parse_assignment",
    "parse_kind",
    "parse_value",
    "plan_done",
    "plan_measure",
    "plan_new",
    "plan_rename",
    "plan_set",
    "plan_update",
]
