"""Run one function in a forked process while the build goes on, and wait for it on demand."""

from __future__ import annotations

from typing import Any

from ..workers import new_pool, stop


class Background:
    """One function in a forked worker that dies with the build (or, where forking is unavailable, run here)."""

    def __init__(self, fn: Any, *args: Any, **kwargs: Any):
        self.pool: Any = None
        self.value: Any = None
        try:
            self.pool = new_pool(1)
        except (OSError, ValueError):
            self.value = fn(*args, **kwargs)
            return
        self.future = self.pool.submit(fn, *args, **kwargs)

    def result(self) -> Any:
        """Wait for the function; its exception is raised here."""
        if self.pool is None:
            return self.value
        try:
            value = self.future.result()
        except BaseException:
            self.close()
            raise
        self.pool.shutdown(wait=True)
        self.pool = None
        return value

    def close(self) -> None:
        """Stop the worker now: a failed or interrupted build leaves nothing behind."""
        if self.pool is not None:
            stop(self.pool)
            self.pool = None
