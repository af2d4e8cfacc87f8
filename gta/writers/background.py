"""Run one function in a forked process while the build goes on, and wait for it on demand."""

from __future__ import annotations

from typing import Any


class Background:
    """One function in a forked worker (or, where forking is unavailable, run here at once)."""

    def __init__(self, fn: Any, *args: Any, **kwargs: Any):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.pool: Any = None
        try:
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self.future = self.pool.submit(fn, *args, **kwargs)
        except (OSError, ValueError):
            self.pool, self.value = None, fn(*args, **kwargs)

    def result(self) -> Any:
        if self.pool is None:
            return self.value
        try:
            return self.future.result()
        finally:
            self.close()

    def close(self) -> None:
        """Stop waiting: a failed build does not leave the worker behind."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
            self.value = None
