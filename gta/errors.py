"""One error type for every problem a user can fix, always with a location and a hint.

Loaders collect :class:`Problem` objects instead of raising on the first one, so a user sees
every mistake in one run; :class:`GtaError` carries them to the CLI, which prints them without
a traceback.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """A located problem in an input file."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}" if self.severity == "warning" else f"{where}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class GtaError(Exception):
    """Raised with one or more problems; the CLI prints them and exits 1."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type, tuple[list[Problem]]]:
        # NOTE: raised in a worker process, the problems (not their text) cross back to the build
        return (type(self), (self.problems,))


def problem_at(path: Path | str, line: int | None, message: str, hint: str = "") -> GtaError:
    """Shorthand for raising a single located problem."""
    return GtaError(Problem(display_path(path), line, message, hint))


# What to do about an operating-system failure, by errno.
_OS_HINTS = {
    errno.EACCES: "check the permissions of this path, or build into a folder you may write",
    errno.EPERM: "check the permissions of this path, or build into a folder you may write",
    errno.EROFS: "the disk is read-only: build into a folder on a writable disk",
    errno.ENOSPC: "the disk is full: free some space and build again (the last good build is unchanged)",
    errno.EDQUOT: "your disk quota is used up: free some space and build again",
    errno.ENOENT: "the path disappeared while the builder used it: check it exists, and build again",
    errno.ENOTDIR: "a file stands where a folder is needed: move it away",
    errno.EISDIR: "a folder stands where a file is needed: move it away",
    errno.EEXIST: "a file stands where a folder is needed: move it away",
    errno.EMFILE: "too many files are open: close other programs, or build with --jobs 1",
    errno.EADDRINUSE: "another program uses this port: choose another with --port",
}


def os_problem(exc: OSError, path: Path | str | None = None) -> GtaError:
    """An operating-system failure as one located problem: the path, what went wrong, and what to do."""
    where = exc.filename if isinstance(exc.filename, str | PathLike) else path
    reason = exc.strerror or str(exc) or type(exc).__name__
    hint = _OS_HINTS.get(exc.errno or 0, "check this path and try again")
    return GtaError(Problem(display_path(where) if where is not None else "gta", None, reason[:1].lower() + reason[1:],
                            hint))


def display_path(path: Path | str) -> str:
    """Paths are shown relative to the working directory when possible, as editors expect.

    The last part is not resolved: a link is named where it is, not where it leads.
    """
    p = Path(path)
    try:
        shown = p.parent.resolve() / p.name if p.name not in ("", ".", "..") else p.resolve()
        return str(shown.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


@dataclass
class Problems:
    """A collector: loaders add to it, and :meth:`raise_if_errors` fails once with all of them."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int | None, message: str, hint: str = "", severity: str = "error") -> None:
        self.items.append(Problem(display_path(path), line, message, hint, severity))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def raise_if_errors(self, strict: bool = False) -> None:
        """Fail with every error (and, in strict mode, every warning too)."""
        failing = self.items if strict else self.errors
        if failing:
            # NOTE: a shared statistic is checked once per edition; report each problem once.
            raise GtaError(dict.fromkeys(_as_error(p) if strict else p for p in failing))


def _as_error(p: Problem) -> Problem:
    return Problem(p.path, p.line, p.message, p.hint, "error")


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A hint naming the closest known name, or '' when none is close."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
