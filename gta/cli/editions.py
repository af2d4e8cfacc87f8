"""Commands for working across editions: diff, new-edition."""

from __future__ import annotations

import click

from . import Context, main, run


@main.command()
@click.argument("old", type=int)
@click.argument("new", type=int)
@click.pass_obj
def diff(ctx: Context, old: int, new: int) -> None:
    """List statistics and recommendations that are new, changed or dropped from OLD to NEW.

    \b
      + new in NEW (not in OLD)
      ~ changed: OLD's value → NEW's, and why (a newer year, revised data, a new definition;
        for a recommendation, what was revised or which earlier one it continues)
      - dropped: in OLD, not in NEW
    A locked edition is compared as locked (its published values), a draft as the data are now.
    """
    from ..editions import diff_editions, edition_name
    from ..load import load_project

    changes = run(ctx, lambda: diff_editions(load_project(ctx.project, strict=ctx.strict), old, new))
    ctx.say(f"{edition_name(ctx.project, old)} → {edition_name(ctx.project, new)}", err=True)
    if not changes:
        click.echo(f"no differences between {old} and {new}")
        return
    click.echo(f"+ new in {new}   ~ changed from {old} to {new}: old → new [why]   - dropped since {old}")
    for what in ("statistic", "recommendation"):
        rows = [c for c in changes if c.what == what]
        if not rows:
            continue
        click.secho(f"{what.capitalize()}s ({len(rows)})", bold=True)
        for c in rows:
            if c.kind == "changed":
                click.echo(f"  ~ {c.id}: {c.old} → {c.new}  [{c.reason}]")
            elif c.kind == "new":
                click.echo(f"  + {c.id}{': ' + c.new if c.new else ''}  ({c.label})")
            else:
                click.echo(f"  - {c.id}{': ' + c.old if c.old else ''}  ({c.label})")


@main.command("new-edition")
@click.argument("year", type=int)
@click.option("--from", "source", type=int, required=True, help="The edition to start from.")
@click.pass_obj
def new_edition_command(ctx: Context, year: int, source: int) -> None:
    """Scaffold sources/editions/YEAR from an earlier edition (chapters, statistics, recommendations)."""
    from ..editions import new_edition

    path = run(ctx, lambda: new_edition(ctx.project, year, source))
    ctx.say(f"created {path} (a draft): set the publication date and title in edition.yaml, then rewrite each "
            f"chapter and delete its 'copied_from: {source}' line; a build warns about every chapter still "
            f"copied. Recommendations keep their ids and continue those of {source}.")


@main.command()
@click.option("--edition", type=int, default=None, help="Edition to preview (default: the latest locked edition).")
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--lang", default="en", show_default=True, metavar="LANG",
              help="Preview this language: en, fr, es, pt, ar or zh.")
@click.pass_obj
def serve(ctx: Context, edition: int | None, port: int, lang: str) -> None:
    """Live preview on 127.0.0.1: saving any source, spec, chapter, catalogue or template rebuilds the
    HTML and reloads the page; errors show in the page with file and line. The PDF is built on request.
    With --lang, the translation is previewed the same way."""
    from ..editions import default_edition, edition_name
    from ..i18n import get_language
    from ..serve import serve as run_server

    def check() -> int:
        get_language(lang.strip())
        return edition or default_edition(ctx.project)

    year = run(ctx, check)
    ctx.say(f"previewing {edition_name(ctx.project, year)}" + ("" if lang == "en" else f" in {lang}"))
    try:
        run_server(ctx.project.resolve(), year, port=port, log=ctx.say, lang=lang.strip())
    except KeyboardInterrupt:
        ctx.say("stopped")
