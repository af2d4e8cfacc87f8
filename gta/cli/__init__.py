"""The ``gta`` command line. Only this package imports click; heavy libraries load inside commands.

Each command lives in its own module under ``gta/cli/`` and registers itself on :data:`main`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..errors import GtaError


class Context:
    """Options shared by every command."""

    def __init__(self, project: Path, debug: bool, quiet: bool, verbose: bool, strict: bool):
        self.project = project
        self.debug = debug
        self.quiet = quiet
        self.verbose = verbose
        self.strict = strict

    def say(self, message: str, *, err: bool = False) -> None:
        if not self.quiet:
            click.echo(message, err=err)

    def detail(self, message: str) -> None:
        if self.verbose:
            click.echo(message, err=True)


class _Group(click.Group):
    """The ``gta`` group: whatever a command raises ends in messages and an exit code, never a traceback.

    Project errors print as ``file:line`` (exit 1); operating-system failures as the path and what
    to do (exit 1); Ctrl-C as one line (exit 130); anything else as "internal error", with the
    traceback written to a log file under ``build/`` (exit 1). ``--debug`` shows tracebacks instead.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BaseException as exc:  # noqa: B036 - KeyboardInterrupt included: it must not print a traceback
            if ctx.params.get("debug") and not isinstance(exc, KeyboardInterrupt):
                raise
            _fail(ctx, exc)


def _fail(ctx: click.Context, exc: BaseException) -> None:
    from ..errors import os_problem

    if isinstance(exc, KeyboardInterrupt):
        _interrupted()
    if isinstance(exc, OSError):
        import errno

        project = Path(ctx.params.get("project") or ".")
        # NOTE: write(2) names no file; a full or read-only disk is met writing the build
        writing = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS)
        exc = os_problem(exc, project / "build" if writing else project)
    if isinstance(exc, GtaError):
        _print_problems(exc)
        sys.exit(1)
    if not isinstance(exc, Exception):
        raise exc  # NOTE: GeneratorExit and the like are not failures to report
    log = _write_traceback(Path(ctx.params.get("project") or "."), exc)
    first_line = next(iter(str(exc).splitlines()), "")
    click.secho(f"internal error: {type(exc).__name__}: {first_line}".rstrip(": "), fg="red", err=True)
    click.echo(f"  hint: this is a bug in the builder, not in your files; please report it with {log}", err=True)
    sys.exit(1)


def _write_traceback(project: Path, exc: BaseException) -> str:
    """Write the traceback under build/ (or the temporary folder when build/ cannot be written); return where."""
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(exc))
    folders = [project / "build"] if (project / "sources").is_dir() else []  # NOTE: never create a stray build/
    for folder in [*folders, Path(tempfile.gettempdir())]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "gta-error.log"
            if folder != project / "build":
                path = Path(tempfile.mkstemp(prefix="gta-error-", suffix=".log", dir=folder)[1])
            path.write_text(text, encoding="utf-8")
        except OSError:
            continue
        from ..errors import display_path

        return display_path(path)
    return "the traceback shown by --debug"


def _interrupted() -> None:
    from ..workers import stop_all

    stop_all()
    click.echo("interrupted; the last good build is unchanged.", err=True)
    sys.exit(130)


def _print_problems(exc: GtaError) -> None:
    for problem in exc.problems:
        click.secho(str(problem), fg="red" if problem.severity == "error" else "yellow", err=True)
    n = sum(1 for p in exc.problems if p.severity == "error")
    click.secho(f"{n} error{'s' if n != 1 else ''}; nothing was written.", fg="red", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="Project folder (the one holding sources/, figures/ and templates/).")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors (for developers).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.option("-v", "--verbose", is_flag=True, help="Print each step and what was rebuilt.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as unknown keys) as errors.")
@click.version_option(package_name="gta-report")
@click.pass_context
def main(ctx: click.Context, project: Path, debug: bool, quiet: bool, verbose: bool, strict: bool) -> None:
    """Build the Global Threat Assessment from data.

    \b
    Typical use:
      gta validate                  check every source file, print problems as file:line
      gta build                     build the default edition (HTML and PDF) into build/
      gta build --edition 2023      build another edition
      gta stats ncmec_reports_2023  show one statistic with its full provenance
    """
    ctx.obj = Context(project, debug, quiet, verbose, strict)


def run(ctx: Context, action: Callable[[], Any]) -> Any:
    """Run ``action``; print project errors as ``file:line: message`` and exit 1, never a traceback."""
    try:
        return action()
    except GtaError as exc:
        if ctx.debug:
            raise
        _print_problems(exc)
        sys.exit(1)
    except KeyboardInterrupt:
        _interrupted()


def print_warnings(ctx: Context, warnings: list[Any]) -> None:
    for w in warnings:
        click.secho(str(w), fg="yellow", err=True)


# NOTE: command modules register themselves on import; keep this list sorted.
from . import charts, check, commands, editions, evidence, lock, recommendations, translations  # noqa: E402,F401
