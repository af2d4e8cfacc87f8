"""``gta lock``: record a published edition so it never changes, and check what would change it."""

from __future__ import annotations

import sys

import click

from . import Context, main, run


@main.command("lock")
@click.argument("year", type=int)
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing: list what the current sources would change in the locked edition.")
@click.pass_obj
def lock(ctx: Context, year: int, check_only: bool) -> None:
    """Lock edition YEAR: write sources/editions/YEAR/edition.lock, what it shows and every source
    behind it. A locked edition builds from its lock, so revised or added data change nothing in it.

    \b
    With --check, exit 1 and list each difference (statistic, old → new, and the file:line of
    the input that moved) when the current sources would change the locked edition; exit 0
    when nothing drifted.
    """
    if not check_only:
        from ..lock import lock_edition

        report = run(ctx, lambda: lock_edition(ctx.project, year))
        ctx.say(report.summary)
        return
    from ..drift import check_lock

    found = run(ctx, lambda: check_lock(ctx.project, year))
    if not found.drifted:
        ctx.say(f"edition {year} (locked): the current sources change nothing in it")
        return
    click.secho(f"edition {year} (locked): the current sources would change it", bold=True)
    for item in found.shown:
        click.echo(f"  {item}")
        for d in item.moved:
            click.echo(f"      moved: {d}")
    for problem in found.failures:
        click.echo(f"  cannot compute it from the current sources: {problem}")
    if found.inputs:
        click.echo("  inputs that changed since the lock:")
        for d in found.inputs:
            click.echo(f"    {d}")
    n = len(found.shown) + len(found.inputs) + len(found.failures)
    click.echo(f"{n} difference{'s' if n != 1 else ''}. Edition {year} still builds from its lock; after review, "
               f"`gta lock {year}` records the current sources as the published edition.")
    sys.exit(1)
