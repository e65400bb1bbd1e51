"""The built-in brief templates, compiled ahead of time.

Jinja2 turns a template into Python before it can render it: for the built-in Dutch
template that took 35-45 ms of every ``agenda brief``, 10% of a run that finds all
else in its caches. ``netwerkagenda/_compiled/`` holds that Python for the built-in
templates, as Jinja2's own :class:`jinja2.ModuleLoader` reads it, with a stamp of the
Jinja2 version and of each template's source. A brief uses it only when the stamp
matches both (:func:`compiled_dir`); otherwise Jinja2 compiles the template as before.
It is part of the package, like the templates: never written at run time.

After changing a built-in template, run ``python -m netwerkagenda.precompile``;
``tests/test_brief.py`` fails while the compiled copy is behind.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

COMPILED_DIR = Path(__file__).resolve().parent / "_compiled"
STAMP = "stamp.json"


def _digests(template_dir: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(template_dir.glob("*.j2"))
    }


def stamp_for(template_dir: Path) -> dict[str, Any]:
    import jinja2

    return {"jinja2": jinja2.__version__, "templates": _digests(template_dir)}


def compiled_dir(template_dir: Path, compiled: Path = COMPILED_DIR) -> Path | None:
    """``compiled`` when it holds the templates of ``template_dir`` as this Jinja2
    compiles them, else ``None``."""
    try:
        stamp = json.loads((compiled / STAMP).read_bytes())
        return compiled if stamp == stamp_for(template_dir) else None
    except (OSError, ValueError):
        return None


def compile_builtin(template_dir: Path, target: Path) -> None:
    """Compile the templates of ``template_dir`` into ``target`` (made anew), with the
    environment a brief renders in."""
    from netwerkagenda.views.brief import _environment

    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    env = _environment([template_dir], "nl")  # the language only sets filter behaviour
    env.compile_templates(
        str(target), zip=None, filter_func=lambda n: n.endswith(".j2"), ignore_errors=False
    )
    (target / STAMP).write_text(json.dumps(stamp_for(template_dir), indent=1) + "\n")


def main() -> int:
    from netwerkagenda.views.brief import builtin_template_dir

    source = builtin_template_dir()
    compile_builtin(source, COMPILED_DIR)
    print(f"compiled {len(_digests(source))} templates from {source} into {COMPILED_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
