"""Worker processes that never outlive the build that started them, and never print a traceback on Ctrl-C.

Charts are drawn, and the chart pack written, in forked worker processes. A build killed with
SIGKILL (an OOM kill, a CI timeout) cannot clean up after itself, so on Linux each worker asks
the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``). Workers ignore SIGINT: Ctrl-C
reaches the whole process group, and only the parent should answer it, with one clean line; the
parent then stops its workers at once instead of waiting for their charts.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import weakref
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_POOLS: weakref.WeakSet[ProcessPoolExecutor] = weakref.WeakSet()


def _start_worker(parent: int) -> None:
    """Runs first in every worker: die with the parent, leave Ctrl-C to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # NOTE: the parent died before the request above took effect
        os._exit(1)


def new_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool whose workers die with this process and ignore Ctrl-C; stop it with :func:`stop`.

    The workers are started at once, with Ctrl-C held back meanwhile: Python drops a
    KeyboardInterrupt raised while its fork handlers run ("Exception ignored in _releaseLock"),
    and the build would then carry on as if nothing had been pressed.
    """
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(os.getpid(),))
    _POOLS.add(pool)
    try:
        with _ctrl_c_held():
            pool.submit(int).result()  # NOTE: the first task forks every worker of a "fork" pool
    except BaseException:
        stop(pool)
        raise
    return pool


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT stays pending in the block and is delivered after it (where signal masks exist)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """:func:`new_pool` for one block: waits for the work on success, stops the workers on any exception."""
    pool = new_pool(workers)
    try:
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown(wait=True)


def stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and kill the workers now (an interrupted or failed build)."""
    # NOTE: _processes is the executor's own record of its workers; there is no public one.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)


def stop_all() -> None:
    """Stop every pool this process still runs (before exiting on Ctrl-C)."""
    for pool in list(_POOLS):
        stop(pool)
