"""Bounds on the work a brief template from a repository can make agenda do.

A template is code: it can loop (nested ``range``), recurse (an exponential macro) or
build huge strings in one operation (``'%999999999s' % x``, ``'x' | center(10**9)``,
``'{:>999999999}'.format(x)``). Two layers bound it, whatever the construct:

1. **Checks before an operation** that could build a large value in one step (those
   cannot be interrupted while they run): widths in ``%`` and ``str.format``, the
   ``center``/``indent``/``wordwrap``/``format``/``replace``/``join``/``batch``/
   ``slice`` filters and the string methods ``center``/``ljust``/``rjust``/``zfill``/
   ``expandtabs``/``replace``/``join``, ``+`` and ``*`` on strings, lists and numbers,
   ``**``. Each refuses with a :class:`~jinja2.exceptions.SecurityError` naming the
   limit (:func:`check_call`, :func:`check_binop`, :func:`bounded_filters`).
2. **A separate process** for the rendering (:func:`render_bounded`): a forked child
   with a time limit (:data:`TIME_LIMIT` seconds, ``AGENDA_TEMPLATE_SECONDS``
   overrides), a memory limit (:data:`MEMORY_LIMIT` more than the parent uses) and
   an output limit (:data:`MAX_OUTPUT` characters). Past any of them the child stops
   and the brief fails with a clear message (exit 2).

The built-in templates are agenda's own code and render in this process as before.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

MAX_TEXT = 10_000_000  # characters in one string a template builds, and in the brief
MAX_OUTPUT = MAX_TEXT
MAX_WIDTH = 10_000  # a width or padding in %, format, center, indent, ljust, ...
MAX_ITEMS = 1_000_000  # items in a list a template builds
MAX_BITS = 100_000  # a number a template computes (about 30,000 digits)
TIME_LIMIT = 10.0  # seconds for rendering a repository's template
MEMORY_LIMIT = 1 << 30  # bytes the rendering process may use beyond what it has


def _refuse(message: str) -> Exception:
    from jinja2.exceptions import SecurityError

    return SecurityError(message)


def _width(n: Any, what: str) -> None:
    if isinstance(n, int) and n > MAX_WIDTH:
        raise _refuse(f"{what} of {n} is more than the limit of {MAX_WIDTH:,}")


def _size(n: int, what: str = "the result") -> None:
    if n > MAX_TEXT:
        raise _refuse(f"{what} would be {n:,} characters, more than the limit of {MAX_TEXT:,}")


# a %-conversion: flags, width, precision
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(.)", re.S)


def check_percent(fmt: str, args: Any) -> None:
    """``fmt % args``: no width or precision over :data:`MAX_WIDTH` (``*`` included)."""
    values = list(args) if isinstance(args, tuple) else [args]
    star = 0
    for m in _PERCENT.finditer(fmt):
        if m.group(3) == "%":
            continue
        for part in (m.group(1), m.group(2)):
            if part == "*":
                n = values[star] if star < len(values) else None
                star += 1
                _width(n, "a '*' width in '%'")
            elif part:
                _width(int(part), "a width in '%'")


# a format spec: [[fill]align][sign][z][#][0][width][grouping][.precision][type]
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d+))?", re.S)


def check_format(fmt: str) -> None:
    """``fmt.format(...)``: no width or precision over :data:`MAX_WIDTH`, no nested
    (computed) widths."""
    from string import Formatter

    try:
        fields = list(Formatter().parse(fmt))
    except ValueError:
        return  # str.format says what is wrong
    for _, name, spec, _ in fields:
        if name is None or not spec:
            continue
        if "{" in spec:
            raise _refuse("a computed width ('{:{w}}') is not allowed in a template")
        m = _SPEC.match(spec)
        if m:
            for part in m.groups():
                if part:
                    _width(int(part), "a width in format()")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Before ``left OPERATOR right``."""
    if operator == "**":
        if isinstance(right, int) and abs(right) > 1000:
            raise _refuse(f"the exponent {right} is too large")
        if isinstance(left, int) and isinstance(right, int) and right > 0:  # noqa: SIM102
            if left.bit_length() * right > MAX_BITS:
                raise _refuse(f"the number would have more than {MAX_BITS:,} bits")
        return
    if operator == "%":
        if isinstance(left, str):
            check_percent(left, right)
        return
    if operator == "+":
        if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
            _size(len(left) + len(right))
        return
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(n, int)
                and len(seq) * n > MAX_ITEMS
            ):
                raise _refuse(
                    f"repeating a value {n} times would make more than {MAX_ITEMS:,} items"
                )
        if isinstance(left, int) and isinstance(right, int):  # noqa: SIM102
            if left.bit_length() + right.bit_length() > MAX_BITS:
                raise _refuse(f"the number would have more than {MAX_BITS:,} bits")


def _replace_size(s: str, old: Any, new: Any, count: Any = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str) or len(new) <= len(old):
        return len(s)
    times = len(s) + 1 if not old else len(s) // len(old)
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(s) + times * (len(new) - len(old))


def _joined_size(sep: str, items: list[Any]) -> int:
    return sum(len(x) if isinstance(x, str) else 0 for x in items) + len(sep) * len(items)


def check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Before a call of a string method from a template; the arguments to call it with
    (an iterable for ``join`` is read once, here)."""
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return args
    name = getattr(obj, "__name__", "")
    if name in ("center", "ljust", "rjust", "zfill"):
        _width(args[0] if args else kwargs.get("width"), f"a width in {name}()")
    elif name == "expandtabs":
        n = args[0] if args else kwargs.get("tabsize", 8)
        _width(n, "a tab size")
        if isinstance(n, int):
            _size(len(owner) * max(n, 1))
    elif name == "replace" and len(args) >= 2:
        _size(_replace_size(owner, *args[:3]))
    elif name == "join" and args:
        items = list(args[0])
        if len(items) > MAX_ITEMS:
            raise _refuse(f"joining {len(items):,} items is more than {MAX_ITEMS:,}")
        _size(_joined_size(owner, items))
        return (items, *args[1:])
    return args


def bounded_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """Jinja2's filters that take a width or a count, each checked before it runs."""
    center, indent, wordwrap = filters["center"], filters["indent"], filters["wordwrap"]
    fmt, replace, join = filters["format"], filters["replace"], filters["join"]
    batch, slice_ = filters["batch"], filters["slice"]

    def b_center(value: Any, width: int = 80) -> Any:
        _width(width, "a width in center")
        return center(value, width)

    def b_indent(s: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
        text = str(s)
        pad = len(width) if isinstance(width, str) else width
        _width(pad, "a width in indent")
        if isinstance(pad, int):
            _size(len(text) + pad * (text.count("\n") + 1))
        return indent(s, width, *args, **kwargs)

    def b_wordwrap(s: Any, width: int = 79, *args: Any, **kwargs: Any) -> Any:
        _width(width, "a width in wordwrap")
        return wordwrap(s, width, *args, **kwargs)

    def b_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        check_percent(str(value), kwargs or args)
        return fmt(value, *args, **kwargs)

    def b_replace(
        eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None
    ) -> Any:  # the pass_eval_context signature of Jinja2's replace
        _size(_replace_size(str(s), str(old), str(new), -1 if count is None else count))
        return replace(eval_ctx, s, old, new, count)

    def b_join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> Any:
        items = list(value)
        if len(items) > MAX_ITEMS:
            raise _refuse(f"joining {len(items):,} items is more than {MAX_ITEMS:,}")
        if attribute is None:
            _size(_joined_size(str(d), items))
        return join(eval_ctx, items, d, attribute)

    def b_batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        if isinstance(linecount, int) and linecount > MAX_ITEMS:
            raise _refuse(f"batches of {linecount:,} are more than {MAX_ITEMS:,} items")
        return batch(value, linecount, fill_with)

    def b_slice(value: Any, slices: int, fill_with: Any = None) -> Any:
        if isinstance(slices, int) and slices > MAX_ITEMS:
            raise _refuse(f"{slices:,} slices are more than {MAX_ITEMS:,}")
        return slice_(value, slices, fill_with)

    from jinja2.utils import pass_eval_context

    return {
        "center": b_center,
        "indent": b_indent,
        "wordwrap": b_wordwrap,
        "format": b_format,
        "replace": pass_eval_context(b_replace),
        "join": pass_eval_context(b_join),
        "batch": b_batch,
        "slice": b_slice,
    }


# --------------------------------------------------------------------------- the process


class RenderLimit(Exception):
    """The rendering passed a limit: time, memory or output size."""


def limits_text() -> str:
    """The limits, for a hint."""
    return (
        f"a repository's template may run {time_limit():g} seconds, use "
        f"{MEMORY_LIMIT >> 20:,} MB of memory and write {MAX_OUTPUT:,} characters "
        "(docs/hostile.md)"
    )


def time_limit() -> float:
    raw = os.environ.get("AGENDA_TEMPLATE_SECONDS")
    try:
        value = float(raw) if raw else TIME_LIMIT
    except ValueError:
        value = TIME_LIMIT
    return value if value > 0 else TIME_LIMIT


def _stream(chunks: Iterable[str]) -> str:
    out: list[str] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > MAX_OUTPUT:
            raise RenderLimit(f"the brief would be longer than {MAX_OUTPUT:,} characters")
        out.append(chunk)
    return "".join(out)


def _memory_in_use() -> int:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def render_bounded(
    generate: Callable[[], Iterable[str]], on_error: Callable[[BaseException], Exception]
) -> str:
    """The text ``generate()`` yields, rendered within the limits (see the module). An
    error in the rendering comes back as ``on_error(exc)``, raised here; a limit passed
    as ``on_error(RenderLimit(...))``. Where there is no ``fork``, the rendering is done
    in this process with the output limit and the checks only."""
    if not hasattr(os, "fork"):
        try:
            return _stream(generate())
        except Exception as exc:
            raise on_error(exc) from None
    seconds = time_limit()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _render_in_child(generate, on_error, write_fd, seconds)
    os.close(write_fd)
    payload = _read_child(pid, read_fd, seconds + 2)  # the child stops itself: a backstop
    if payload is None:
        raise on_error(RenderLimit(f"the template took more than {seconds:g} seconds"))
    return _outcome(payload, on_error)


def _render_in_child(
    generate: Callable[[], Iterable[str]],
    on_error: Callable[[BaseException], Exception],
    write_fd: int,
    seconds: float,
) -> None:
    """In the forked child: render, send (text or error), leave without any cleanup."""
    import pickle

    code = 0
    try:
        _limit_child(seconds)
        try:
            result: tuple[str, Any] = ("ok", _stream(generate()))
        except BaseException as exc:  # with its traceback: the template's line
            err = on_error(exc)
            result = ("error", (getattr(err, "message", str(err)), getattr(err, "hint", None)))
        view = memoryview(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        while view:
            view = view[os.write(write_fd, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _read_child(pid: int, read_fd: int, seconds: float) -> bytes | None:
    """What the child sent, read until it closes the pipe; ``None`` when it was still
    running after ``seconds`` (then it is killed). The child is always reaped."""
    import select
    import signal
    import time

    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                return None
            ready, _, _ = select.select([read_fd], [], [], left)
            if ready:
                data = os.read(read_fd, 1 << 20)
                if not data:
                    return b"".join(chunks)
                chunks.append(data)
    finally:
        os.close(read_fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _outcome(payload: bytes, on_error: Callable[[BaseException], Exception]) -> str:
    """The rendered text the child sent, or its error raised here."""
    import pickle

    try:
        kind, value = pickle.loads(payload)
    except Exception:
        raise on_error(
            RenderLimit("the template could not be rendered within the limits (time, memory)")
        ) from None
    if kind == "ok":
        return str(value)
    message, hint = value
    from netwerkagenda.views.brief import TemplateError

    raise TemplateError(message, hint=hint)


def _limit_child(seconds: float) -> None:
    """In the rendering process: an alarm after ``seconds`` (raised as RenderLimit in
    whatever Python code runs), a CPU limit past it, and the memory limit."""
    import resource
    import signal

    def alarm(signum: int, frame: Any) -> None:
        raise RenderLimit(f"the template took more than {seconds:g} seconds")

    signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    cpu = int(seconds) + 2
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or hard > cpu:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))
    used = _memory_in_use()
    if used:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = used + MEMORY_LIMIT
        if hard == resource.RLIM_INFINITY or hard > want:
            resource.setrlimit(resource.RLIMIT_AS, (want, hard))
