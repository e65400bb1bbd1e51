"""Findings as the CLI prints them: grouped text with source lines, JSON, and GitHub
annotations (``agenda validate`` and the refusals of the editing commands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netwerkagenda.findings import Finding
    from netwerkagenda.records.source import Source


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
