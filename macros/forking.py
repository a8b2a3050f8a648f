"""Spreading work over forked processes (two cores: the registry check and the site build).

Forking shares the parent's memory copy-on-write, so a task is a plain closure over data that
is already loaded; only its result travels back, pickled through a pipe.
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import traceback
from typing import Callable, TypeVar

from . import environment

T = TypeVar("T")


class TaskFailed(RuntimeError):
    """A task run in a forked process raised; the message holds the child's traceback."""


class Reported(Exception):
    """An error meant for the user (its message says what to fix): raised again as it is in
    the parent when a forked task raises it, instead of as :class:`TaskFailed`."""


def can_fork() -> bool:
    """Whether work may be spread over forked processes: a POSIX system with more than one
    core, and ``CSR_PARALLEL`` not set to ``0``."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and environment.parallel_allowed()


def fork_map(tasks: list[Callable[[], T]], parallel: bool | None = None) -> list[T]:
    """The results of ``tasks``, in order: the first runs in this process, each other one in a
    forked child that sends its (picklable) result back through a pipe.

    Forking shares the parent's memory, so tasks are plain closures over data already loaded;
    nothing but the results is pickled.  Only for a process that runs one thread (``mkdocs
    build``, ``csr check``): ``parallel=False``, or :func:`can_fork` being false, runs the tasks
    one after the other here.
    """
    if not tasks:
        return []
    if not (can_fork() if parallel is None else parallel) or len(tasks) == 1:
        return [task() for task in tasks]
    children: list[tuple[int, int]] = []
    gc.freeze()  # the children's collector leaves the parent's objects alone: their pages stay shared
    try:
        for task in tasks[1:]:
            read_end, write_end = os.pipe()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child: run the task, send the outcome, leave without cleanup
                os.close(read_end)
                try:
                    payload = pickle.dumps((True, task()), protocol=pickle.HIGHEST_PROTOCOL)
                except Reported as error:
                    payload = pickle.dumps((False, error))
                except BaseException:  # noqa: BLE001 - sent to the parent, which raises it
                    payload = pickle.dumps((False, traceback.format_exc()))
                with os.fdopen(write_end, "wb") as out:
                    out.write(payload)
                os._exit(0)
            os.close(write_end)
            children.append((pid, read_end))
        results = [tasks[0]()]
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as pipe:
                payload = pipe.read()
            os.waitpid(pid, 0)
            if not payload:
                raise TaskFailed(f"a forked task (process {pid}) ended without a result")
            ok, value = pickle.loads(payload)
            if not ok and isinstance(value, Reported):
                raise value
            if not ok:
                raise TaskFailed(f"a forked task failed:\n{value}")
            results.append(value)
        children = []
        return results
    finally:
        gc.unfreeze()
        for pid, read_end in children:  # only when something above failed
            for action in (lambda: os.close(read_end), lambda: os.kill(pid, 9), lambda: os.waitpid(pid, 0)):
                try:
                    action()
                except OSError:
                    pass
