"""Two tools for the cold paths, where thousands of record files are parsed in one run.

:func:`paused_gc`: parsing allocates millions of small containers and frees none of
them in cycles, yet each allocation burst makes the cyclic collector walk everything
alive (measured: 10% of a cold ``agenda log`` over 5,000 commits). Within the block it
does not run; reference counting still frees everything as usual.

:func:`parallel_map`: a pure function over many items, on all cores, with forked workers
that send their results back pickled through a pipe. Where fork is not the way (not
Linux), on one core, for few items, or if a worker fails for any reason, the items are
done in this process instead, so the result is always the same list as
``[fn(x) for x in items]``. :func:`parallel_batches` is the same for a function that
takes a worker's whole part at once (to start one reader process per part, say).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_PER_WORKER = 300  # below this many items for each, a worker costs more than it saves
MAX_WORKERS = 8
OWN_SHARE = 1.25  # this process's part, against 1 for each worker (best of 1, 1.25, 1.5)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """The block runs without the cyclic garbage collector (if it was on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _cores() -> int:
    """The cores forked processes may use: 1 where fork is not the way (not Linux) or
    ``AGENDA_JOBS=1`` asks for one process."""
    if sys.platform != "linux" or os.environ.get("AGENDA_JOBS") == "1":
        return 1
    return len(os.sched_getaffinity(0))


def can_fork() -> bool:
    """Whether work handed to a forked process can run beside this one."""
    return _cores() > 1


def workers_for(n: int) -> int:
    """How many processes :func:`parallel_map` uses for ``n`` items."""
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
    # this process takes a larger part: a worker also pickles its results, and this
    # process unpickles them after its own part (measured: it waited 30-70 ms otherwise)
    first = round(len(items) * OWN_SHARE / (OWN_SHARE + n - 1))
    size = -(-(len(items) - first) // (n - 1))
    slices = [items[:first], *(items[i : i + size] for i in range(first, len(items), size))]
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for part in slices[1:]:
            children.append(_fork_worker(fn, part))
    except OSError:
        pass  # fewer workers: this process does the rest
    done = len(children)
    results: list[R] = fn(slices[0])
    for i, (pid, fd) in enumerate(children):
        part_result: list[R] | None = _collect(pid, fd)
        if part_result is None:  # the worker failed: do its part here
            part_result = fn(slices[i + 1])
        results.extend(part_result)
    for part in slices[done + 1 :]:  # parts no worker could be started for
        results.extend(fn(part))
    return results


def _fork_worker(fn: Callable[[Sequence[T]], list[R]], part: Sequence[T]) -> tuple[int, int]:
    import pickle

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: compute, send, and leave without running any cleanup
        code = 1
        try:
            os.close(read_fd)
            with paused_gc():
                payload = pickle.dumps(fn(part), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
            code = 0
        except BaseException:  # the parent does this part itself
            pass
        finally:
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


def _collect(pid: int, fd: int) -> list[R] | None:
    """A worker's results, or ``None`` if it did not deliver them whole."""
    import pickle

    try:
        with os.fdopen(fd, "rb") as pipe:
            payload = pipe.read()
    except OSError:
        payload = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        status = 1
    if status != 0 or not payload:
        return None
    try:
        out = pickle.loads(payload)
    except Exception:
        return None
    return out if isinstance(out, list) else None
