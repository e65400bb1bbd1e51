"""``agenda hook install``: a plain git pre-commit hook, for repositories that do not
use the pre-commit framework."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from netwerkagenda.errors import UsageError

MARKER = "# agenda-validate: installed by 'agenda hook install'"

_SCRIPT = """\
#!/bin/sh
{marker}
# Validates what the commit will hold (the index, not the working tree) when it changes
# the records (or agenda.toml): the staged data folder and agenda.toml are checked out
# into a temporary folder; the staged record files are reported on, references are
# checked against the whole staged repository.
# Skip it once with 'git commit --no-verify'; remove this file to uninstall.
prefix={prefix}
changed=$(git diff --cached --name-only --diff-filter=ACMRD -- \\
        "${{prefix}}data" "${{prefix}}agenda.toml")
[ -n "$changed" ] || exit 0
whole=$(git diff --cached --name-only --diff-filter=DR -- "${{prefix}}data"; \\
        git diff --cached --name-only -- "${{prefix}}agenda.toml")
files=$(git diff --cached --name-only --diff-filter=ACM -- "${{prefix}}data")
python={python}
if [ -x "$python" ]; then
    set -- "$python" -m netwerkagenda
elif command -v agenda >/dev/null 2>&1; then
    set -- agenda
else
    echo "agenda is not installed: cannot validate the records (git commit --no-verify skips)" >&2
    exit 1
fi
staged=$(mktemp -d "${{TMPDIR:-/tmp}}/agenda-staged.XXXXXX") || exit 1
trap 'rm -rf "$staged"' EXIT
trap 'exit 1' HUP INT TERM
git ls-files -z -- "${{prefix}}data" "${{prefix}}agenda.toml" |
    git checkout-index -z --stdin --prefix="$staged/" || exit 1
cd "$staged" || exit 1
export AGENDA_CACHE=0  # a fresh folder: nothing to reuse, nothing worth keeping
set -f
IFS='
'
if [ -n "$whole" ]; then
    "$@" --repo "./$prefix" validate
else
    "$@" --repo "./$prefix" validate $files
fi
"""


def hook_script(prefix: str, python: str | None = None) -> str:
    return _SCRIPT.format(
        marker=MARKER,
        prefix=shlex.quote(prefix) if prefix else "''",
        python=shlex.quote(python or sys.executable),
    )


def install(root: Path, *, force: bool = False) -> Path:
    """Write the pre-commit hook of the git repository holding ``root``; refuses to
    replace a hook it did not write unless ``force``. Returns the hook's path."""
    from netwerkagenda.git import Git

    git = Git.open(root)
    if git is None:
        raise UsageError(f"{root} is not in a git repository", hint="run 'git init' first")
    top = git.top
    hooks = git.git_path("hooks")
    path = hooks / "pre-commit"
    from netwerkagenda import confine

    for base in {root, top}:  # a hooks folder in the repository: never a link out of it
        if confine.is_under(base, path):
            confine.check(base, path)
    if path.exists() and not force:
        try:
            ours = MARKER in path.read_text("utf-8", "replace")
        except OSError:
            ours = False
        if not ours:
            raise UsageError(
                f"{path} exists and was not written by agenda",
                hint="keep it, or replace it with 'agenda hook install --force'",
            )
    hooks.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(".pre-commit.agenda-tmp")
    if tmp.is_symlink():  # a leftover is replaced, a link never written through
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o755)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(hook_script(git.prefix))
    tmp.chmod(0o755)
    os.replace(tmp, path)
    return path
