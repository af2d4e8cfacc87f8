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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
        for problem in exc.problems:
            click.secho(str(problem), fg="red" if problem.severity == "error" else "yellow", err=True)
        n = sum(1 for p in exc.problems if p.severity == "error")
        click.secho(f"{n} error{'s' if n != 1 else ''}; nothing was written.", fg="red", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("interrupted; the last good build is unchanged.", err=True)
        sys.exit(130)


def print_warnings(ctx: Context, warnings: list[Any]) -> None:
    for w in warnings:
        click.secho(str(w), fg="yellow", err=True)


# NOTE: command modules register themselves on import; keep this list sorted.
from . import charts, check, commands, editions, evidence, lock, recommendations, translations  # noqa: E402,F401
