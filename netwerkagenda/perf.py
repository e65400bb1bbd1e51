"""Two tools for the cold paths, where thousands of record files are parsed in one run.

:func:`paused_gc`: parsing allocates millions of small containers and frees none of
them in cycles, yet each allocation burst makes the cyclic collector walk everything
alive (docs/performance.md). Within the block it does not run; reference counting
still frees everything as usual.

:func:`parallel_map`: a pure function over many items, on all cores, through a
:class:`~concurrent.futures.ProcessPoolExecutor` of forked workers. Where fork is not
available, on one core, for few items, or when a worker fails for any reason, the items
are done in this process instead, so the result is always ``[fn(x) for x in items]``.
:func:`parallel_batches` is the same for a function that takes a whole part at once
(to start one reader process per part, say).
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PER_WORKER = 300  # below this many items for each, a worker costs more than it saves
MAX_WORKERS = 8
OWN_SHARE = 1.25  # this process's part, against 1 for each worker


@contextlib.contextmanager
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """The block runs without the cyclic garbage collector (if it was on). ``freeze``:
    what exists when it ends is moved out of the collector's sight (:func:`gc.freeze`)
    before the collector runs again, for data its caller keeps to the end: otherwise
    the collection the block deferred walks all of it at once, and every later one
    again (``gc.unfreeze`` hands it back)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_on:
            gc.enable()


def _cores() -> int:
    """The cores worker processes may use: 1 where fork is not available or
    ``AGENDA_JOBS=1`` asks for one process."""
    import multiprocessing

    if (
        "fork" not in multiprocessing.get_all_start_methods()
        or os.environ.get("AGENDA_JOBS") == "1"
    ):
        return 1
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def workers_for(n: int) -> int:
    """How many processes :func:`parallel_map` uses for ``n`` items (this one included)."""
    if n < 2 * MIN_PER_WORKER:  # one, whatever the cores (and multiprocessing not imported)
        return 1
    return max(1, min(_cores(), MAX_WORKERS, n // MIN_PER_WORKER))


def parallel_map(fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[fn(x) for x in items]``, the work shared by forked processes when there are
    enough items and cores. ``fn`` must not write to shared state: what a worker changes
    stays in the worker; only its return values come back."""
    return parallel_batches(partial(_each, fn), items)


def parallel_batches(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    """:func:`parallel_map` for a ``fn`` that takes a whole part of ``items`` at once
    (and gives one result for each, in order): for work with a cost per part, such as
    starting a process that reads all of the part's input."""
    with paused_gc():
        return _map(fn, items)


def _each(fn: Callable[[T], R], part: Sequence[T]) -> list[R]:
    return [fn(x) for x in part]


def _map(fn: Callable[[Sequence[T]], list[R]], items: Sequence[T]) -> list[R]:
    n = workers_for(len(items))
    if n <= 1:
        return fn(items)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # this process takes a larger part: a worker also pickles its results, and this
    # process unpickles them after its own part
    first = round(len(items) * OWN_SHARE / (OWN_SHARE + n - 1))
    size = -(-(len(items) - first) // (n - 1))
    parts = [items[i : i + size] for i in range(first, len(items), size)]
    context = multiprocessing.get_context("fork")
    try:
        pool = ProcessPoolExecutor(len(parts), mp_context=context)
        futures = [pool.submit(fn, part) for part in parts]
    except (OSError, RuntimeError):
        return fn(items)
    with pool:
        results = fn(items[:first])
        for part, future in zip(parts, futures, strict=True):
            try:
                results.extend(future.result())
            except Exception:  # the worker failed: its part is done here
                results.extend(fn(part))
    return results
