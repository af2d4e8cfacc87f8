"""Progress for long steps: a spinner naming the step on a terminal, plain lines with --verbose.

Builds report steps through a ``say(step)`` callback; this turns those into a rich status line
(only when stderr is a terminal and not --quiet) and never prints anything when piped.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable, Iterator

from . import Context

STEPS = {"load": "checking sources", "charts": "drawing charts", "html": "writing HTML", "pdf": "laying out the PDF",
         "exports": "writing exports"}


@contextlib.contextmanager
def progress(ctx: Context) -> Iterator[Callable[[str], None]]:
    """Yield the callback a build reports its steps to."""
    if ctx.quiet:
        yield lambda _step: None
        return
    if ctx.verbose or not sys.stderr.isatty():
        start = time.perf_counter()

        def line(step: str) -> None:
            ctx.detail(f"[{time.perf_counter() - start:6.2f}s] {STEPS.get(step, step)}")

        yield line
        return
    from rich.console import Console

    console = Console(stderr=True)
    with console.status("building…") as status:
        yield lambda step: status.update(f"{STEPS.get(step, step)}…")
