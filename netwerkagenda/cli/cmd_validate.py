"""``agenda validate`` (alias ``check``): findings as text, JSON or GitHub annotations."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from netwerkagenda.cli.common import RepoOption, TodayOption

if TYPE_CHECKING:
    from netwerkagenda.findings import Finding
    from netwerkagenda.records.source import Source

FORMATS = ("text", "json", "github")


def format_text(
    findings: list[Finding], sources: dict[str, Source], records: int, files: int, colour: bool
) -> str:
    """Grouped per file: ``path:line:col: error CODE message``, the source line with a
    caret under the column, the hint; then a summary line."""
    from netwerkagenda.cli.style import Style
    from netwerkagenda.findings import Severity, counts
    from netwerkagenda.safetext import clean as c  # the values between the styles

    st = Style(colour)
    out: list[str] = []
    current = None
    for f in findings:
        if f.file != current:
            if current is not None:
                out.append("")
            out.append(st.bold(f.file))
            current = f.file
        sev = st.red("error") if f.severity is Severity.ERROR else st.yellow("warning")
        out.append(f"{c(f.file)}:{f.line}:{f.column}: {sev} {st.cyan(f.code)} {c(f.message)}")
        src = sources.get(f.file)
        line = src.line_text(f.line) if src is not None else ""
        if line.strip() and len(line) <= 300:
            num = str(f.line)
            out.append(f"  {st.dim(num)} | {c(line.rstrip())}")
            lead = "".join(ch if ch == "\t" else " " for ch in c(line[: f.column - 1]))
            out.append(f"  {' ' * len(num)} | {lead}{st.red('^')}")
        if f.hint:
            out.append(f"  {st.dim('hint:')} {c(f.hint)}")
    errors, warnings = counts(findings)
    if out:
        out.append("")
    what = (
        f"{records} record{'s' if records != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    )
    if not findings:
        out.append(st.green(f"✓ {what}: no problems"))
    else:
        parts = [f"{errors} error{'s' if errors != 1 else ''}"]
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        mark = st.red("✗") if errors else st.yellow("!")
        out.append(f"{mark} {', '.join(parts)} ({what})")
    return "\n".join(out)


def format_json(findings: list[Finding], records: int) -> str:
    from netwerkagenda.findings import counts

    errors, warnings = counts(findings)
    doc = {
        "findings": [f.as_dict() for f in findings],
        "errors": errors,
        "warnings": warnings,
        "records": records,
    }
    from netwerkagenda.cli.output import json_text

    return json_text(doc)


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::msg``."""
    lines = []
    for f in findings:
        msg = f.message + (f" ({f.hint})" if f.hint else "")
        lines.append(
            f"::{f.severity} file={_gh_escape(f.file, True)},line={f.line},col={f.column},"
            f"title={_gh_escape(f.code, True)}::{_gh_escape(msg)}"
        )
    return "\n".join(lines)


def _relative(paths: list[Path], root: Path) -> list[str]:
    from netwerkagenda.errors import UsageError

    out: list[str] = []
    for p in paths:
        full = p if p.is_absolute() else Path.cwd() / p
        full = Path(os.path.abspath(full))
        try:
            rel = full.relative_to(root)
        except ValueError:
            raise UsageError(f"{p} is not inside the repository {root}") from None
        if full.is_dir():
            out.extend(
                q.relative_to(root).as_posix() for q in sorted(full.rglob("*")) if q.is_file()
            )
        elif full.exists() or full.is_symlink():
            out.append(rel.as_posix())
        else:
            raise UsageError(f"{p}: no such file")
    return out


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Report only on these files (references are still checked against the "
            "whole repository).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="text, json or github (annotations).")
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    today: TodayOption = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Read every file afresh (or set AGENDA_CACHE=0).")
    ] = False,
    repo: RepoOption = None,
) -> int:
    """Check the records: syntax, fields, references, dates. Exit 1 on errors."""
    from netwerkagenda.cli.common import choice, open_repo, parse_day
    from netwerkagenda.cli.style import use_colour
    from netwerkagenda.findings import counts

    choice(fmt, FORMATS, "--format")
    day = parse_day(today, "--today")
    repository = open_repo(ctx, repo, cache=not no_cache, notes=False, strict_settings=False)
    files = _relative(paths, repository.root) if paths else None
    from netwerkagenda.history.since import blocked_since

    since = blocked_since(repository, repository.today(day))
    findings = repository.validate(today=day, files=files, blocked_since=since)
    if files is None or any(f == "agenda.toml" or f.startswith("schema/") for f in files):
        from netwerkagenda.views.json_schema import stale_copies

        findings = findings + stale_copies(repository.root, repository.settings)
    if fmt == "json":
        text = format_json(findings, len(repository.records))
    elif fmt == "github":
        text = format_github(findings)
    else:
        text = format_text(
            findings,
            repository.sources,
            len(repository.records),
            len(repository.files),
            use_colour(sys.stdout),
        )
    if text:
        print(text)
    errors, warnings = counts(findings)
    code = 1 if errors or (strict and warnings) else 0
    from netwerkagenda.editing.atomic import interrupted

    if interrupted(repository.root):  # half an edit is not a clean repository
        code = 1
    raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("check", help="Alias of 'validate'.", hidden=False)(validate)
