"""The last layer of the brief: the template, found and rendered in Jinja2's sandbox.

The template is ``--template FILE``, else the data repository's
``templates/brief.<lang>.md.j2``, else the built-in one. Agenda's own templates render
here; a repository's in a process of its own, bounded in time and size
(:mod:`netwerkagenda.views.sandbox`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from netwerkagenda.errors import AgendaError, Input, UsageError
from netwerkagenda.i18n import (
    format_amount,
    format_date,
    format_money,
    format_number,
    kind_label,
    status_label,
)
from netwerkagenda.safetext import clean
from netwerkagenda.views.brief.sentences import count_word, join_and, kind_plural, lower_first

TEMPLATE_DIR = "templates"


class TemplateError(AgendaError):
    """A brief template that cannot be read or rendered (exit 2)."""


def builtin_template_dir() -> Path:
    """The built-in templates: ``netwerkagenda/templates`` in a wheel, the project's
    ``templates/`` in a source checkout."""
    here = Path(__file__).resolve().parents[2]  # the package
    for candidate in (here / TEMPLATE_DIR, here.parent / TEMPLATE_DIR):
        if (candidate / "brief.nl.md.j2").is_file():
            return candidate
    return here / TEMPLATE_DIR


def _sandbox() -> Any:
    """Jinja2's sandbox, with the operations that could build a huge value in one step
    checked first (:mod:`netwerkagenda.views.sandbox`): ``{{ 'x' * 10**10 }}`` would
    otherwise take all memory before any limit is seen."""
    from jinja2.runtime import Context
    from jinja2.sandbox import SandboxedEnvironment

    from netwerkagenda.views.sandbox import check_binop, check_call, check_format

    class Listed(Context):
        """A render context listed in its environment's ``contexts`` (see _released)."""

        def __init__(self, environment: Any, *args: Any, **kwargs: Any) -> None:
            super().__init__(environment, *args, **kwargs)
            environment.contexts.append(self)

    class Sandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "+"})
        context_class = Listed

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.contexts: list[Context] = []

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            args = check_call(__obj, args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

        def wrap_str_format(self, value: Any) -> Any:
            fmt = super().wrap_str_format(value)
            if fmt is None:
                return None

            def checked(*args: Any, **kwargs: Any) -> Any:
                check_format(value.__self__)
                return fmt(*args, **kwargs)

            return checked

        def getattr(self, obj: Any, attribute: str) -> Any:
            # ``a.title`` on a context dict: Jinja2 tries the attribute first and gets
            # its item after an AttributeError, 29,000 times in a large brief. A name
            # no dict has as an attribute gives the same result straight away.
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    return self.undefined(obj=obj, name=attribute)
            return super().getattr(obj, attribute)

    return Sandbox


_DICT_ATTRIBUTES = frozenset(dir(dict))


def _confined_loader(dirs: list[Path], root: Path | None) -> Any:
    """A Jinja2 file loader over ``dirs`` that, for a folder under ``root`` (the
    repository's root), opens a template only when its real path lies inside the
    repository (:mod:`netwerkagenda.confine`): a template file or folder that is a
    symbolic link out of the repository is an error, never read."""
    from jinja2 import FileSystemLoader
    from jinja2.exceptions import TemplateError as JinjaError

    from netwerkagenda import confine

    class Confined(FileSystemLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            if root is not None:
                from jinja2.loaders import split_template_path

                parts = split_template_path(template)
                for folder in dirs:
                    if not confine.is_under(root, folder):
                        continue
                    candidate = folder.joinpath(*parts)
                    if not os.path.lexists(candidate):
                        continue
                    if confine.inside(root, candidate) is None:
                        rel = confine.relative(root, candidate)
                        raise JinjaError(confine.outside_message(rel))
                    if not candidate.is_file():
                        raise JinjaError(f"{confine.relative(root, candidate)} is not a file")
                    break
            return super().get_source(environment, template)

    return Confined([str(d) for d in dirs])


def _environment(
    search: list[Path], lang: str, bytecode: Path | None = None, confine: Path | None = None
) -> Any:
    """The sandbox, loading templates from the folders ``search`` (in order); Jinja2's
    compiled code of the built-in ones (the last folder's) kept in ``bytecode`` when
    given (:func:`_builtin_bytecode`). Templates in folders under ``confine`` (the
    repository) are read only inside it."""
    from jinja2 import StrictUndefined

    dirs = [p for p in search if p.is_dir()]
    loader: Any = _confined_loader(dirs, confine)
    cache = _builtin_bytecode(bytecode, search[-1]) if bytecode is not None and dirs else None
    env = _sandbox()(
        loader=loader,
        bytecode_cache=cache,
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    filters: dict[str, Callable[..., Any]] = {
        "date": lambda d, year=True: format_date(d, lang, year=year),
        "amount": lambda x, cur="EUR": format_amount(float(x), cur, lang),
        "money": lambda x, cur="EUR": format_money(float(x), cur, lang),
        "number": lambda x: format_number(float(x), lang),
        "status": lambda s: status_label(s, lang),
        "kind": lambda k: kind_label(k, lang),
        "join_and": lambda items: join_and(list(items), lang),
        "plural": lambda k, n: kind_plural(k, n, lang),
        "lower_first": lower_first,
        "count": lambda n: count_word(int(n), lang),
    }
    env.filters.update(filters)
    from netwerkagenda.views.sandbox import bounded_filters

    env.filters.update(bounded_filters(env.filters))
    return env


def _builtin_bytecode(folder: Path, builtin: Path) -> Any:
    """Jinja2's bytecode cache in ``folder`` for the templates in ``builtin`` only: it is
    marshal data, trusted because agenda wrote it in the user's own 0700 cache folder,
    and compiling the built-in template took 35-45 ms of every brief. A repository's
    templates are compiled each time (docs/performance.md)."""
    from jinja2.bccache import Bucket, FileSystemBytecodeCache

    own = builtin.resolve()

    class Builtin(FileSystemBytecodeCache):
        def get_bucket(
            self, environment: Any, name: str, filename: str | None, source: str
        ) -> Bucket:
            if filename is not None and Path(filename).resolve().is_relative_to(own):
                return super().get_bucket(environment, name, filename, source)
            return Bucket(environment, "", "")  # never loaded, never stored

        def set_bucket(self, bucket: Bucket) -> None:
            if bucket.key:
                super().set_bucket(bucket)

    return Builtin(str(folder))


def _template_error(exc: BaseException, fallback: str) -> TemplateError:
    import traceback

    from jinja2 import TemplateNotFound, TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or exc.name or fallback
        return TemplateError(
            f"{where}:{exc.lineno}: template error: {exc.message}",
            hint="fix the template (Jinja2 syntax)",
        )
    frames = [
        f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".j2", ".md"))
    ]
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else fallback
    if isinstance(exc, TemplateNotFound):
        # {% include %}, {% import %} and {% extends %} read only from the template
        # folders: an absolute path or one with '..' is never found there
        return TemplateError(
            f"{where}: template error: template {exc.name!r} not found",
            hint=(
                "a template can include only templates from the repository's templates/ "
                "folder, the ",
                Input.TEMPLATE,
                " file's folder and the built-in templates",
            ),
        )
    if isinstance(exc, MemoryError):
        from netwerkagenda.views.sandbox import limits_text

        return TemplateError(
            f"{where}: template error: the template uses too much memory", hint=limits_text()
        )
    from netwerkagenda.views.sandbox import RenderLimit, limits_text

    if isinstance(exc, RenderLimit):
        return TemplateError(f"{where}: template error: {exc}", hint=limits_text())
    return TemplateError(
        f"{where}: template error: {exc}",
        hint="see docs/templates.md for the names a brief template can use",
    )


def _render_errors() -> tuple[type[BaseException], ...]:
    from jinja2 import TemplateError as JinjaError

    return (
        JinjaError,
        ArithmeticError,
        TypeError,
        ValueError,
        AttributeError,
        KeyError,
        IndexError,
        MemoryError,
        RecursionError,
    )


def render(
    context: dict[str, Any],
    lang: str,
    root: Path,
    template: Path | None = None,
    bytecode: Path | None = None,
) -> str:
    """Render the brief: ``template``, else ``<root>/templates/brief.<lang>.md.j2``,
    else the built-in template for ``lang`` (its compiled code kept in the folder
    ``bytecode`` when given)."""
    search, name = _template_search(root, lang, template)
    tpl = _load(search, name, lang, root, bytecode)
    own = Path(str(tpl.filename or "")).resolve()
    if own.is_relative_to(search[-1].resolve()):
        # agenda's own template: rendered here, as fast as ever
        try:
            with _released(tpl.environment):
                text: str = tpl.render(**context)
        except _render_errors() as exc:
            raise _template_error(exc, name) from None
    else:  # a repository's template: in a process of its own, bounded in time and size
        from netwerkagenda.views.sandbox import render_bounded

        text = render_bounded(
            lambda: tpl.generate(**context), lambda exc: _template_error(exc, str(own))
        )
    return tidy(text)


@contextlib.contextmanager
def _released(env: Any) -> Iterator[None]:
    """The render contexts made in the block are emptied when it ends. A macro closes
    over its template's context, which holds the macro: a reference cycle, through
    which everything the template was given (the brief's hundreds of thousands of
    objects) would wait for the cyclic collector (34 ms at exit, after a first brief of
    a year of 10,000 commits). Emptied, they are freed by reference counting."""
    try:
        yield
    finally:
        for ctx in env.contexts:
            ctx.vars, ctx.exported_vars, ctx.parent = {}, set(), {}
        env.contexts.clear()


def _template_search(root: Path, lang: str, template: Path | None) -> tuple[list[Path], str]:
    """The folders templates are loaded from (in order) and the brief's template name.
    A template in the repository must lie inside it (:mod:`netwerkagenda.confine`)."""
    from netwerkagenda import confine

    search = [root / TEMPLATE_DIR, builtin_template_dir()]
    name = f"brief.{lang}.md.j2"
    if template is not None:
        named = Path(os.path.abspath(template))
        if confine.is_under(root, named):  # a file in the repository: the one rule
            confine.check(root, named)
            folder = named.parent
        else:  # a file the user named outside it
            folder = template.resolve().parent
        if not template.is_file():
            raise UsageError((Input.TEMPLATE, f": {template}: no such file"))
        search.insert(0, folder)
        name = template.name
    if os.path.lexists(root / TEMPLATE_DIR) and confine.inside(root, TEMPLATE_DIR) is None:
        raise TemplateError(
            confine.outside_message(TEMPLATE_DIR),
            hint="agenda reads templates only inside the repository",
        )
    return search, name


def _load(search: list[Path], name: str, lang: str, root: Path, bytecode: Path | None) -> Any:
    """The template ``name`` from the folders ``search``."""
    from jinja2 import TemplateError as JinjaError
    from jinja2 import TemplateNotFound

    env = _environment(search, lang, bytecode, confine=root)
    try:
        return env.get_template(name)
    except TemplateNotFound as exc:
        raise TemplateError(f"template {exc.name!r} not found") from None
    except JinjaError as exc:
        raise _template_error(exc, name) from None


def tidy(text: str) -> str:
    """The rendered Markdown tidied: no trailing spaces, headings and rules between
    blank lines, at most one blank line in a row, none at the start or the end; a
    control character or bidirectional override is written as ``\\uXXXX``, so none
    reaches a terminal or a page."""
    lines = [line.rstrip() for line in text.splitlines()]
    spaced: list[str] = []
    for line in lines:  # Markdown: headings and rules stand between blank lines
        block = line.startswith("#") or line == "---"
        if block:
            spaced.append("")
        spaced.append(line)
        if block:
            spaced.append("")
    out: list[str] = []
    for line in spaced:  # at most one blank line in a row, none at the start
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return clean("\n".join(out) + "\n")
