"""``gta translations``: what each language of an edition has translated, lacks, or has out of date."""

from __future__ import annotations

import sys

import click

from . import Context, main, run


@main.command()
@click.option("--edition", type=int, default=None, help="Edition year (default: the latest locked edition).")
@click.option("--lang", "langs", default=None, metavar="LANG",
              help="Only these languages (comma-separated): fr, es, pt, ar, zh.")
@click.option("--strict", "strict_here", is_flag=True,
              help="Exit 1 when anything is missing or out of date (for CI).")
@click.option("--update", is_flag=True,
              help="First extract the messages (locales/gta.pot) and merge them into every .po file.")
@click.option("-v", "--verbose", "verbose_here", is_flag=True, help="List every missing string.")
@click.pass_obj
def translations(ctx: Context, edition: int | None, langs: str | None, strict_here: bool, update: bool,
                 verbose_here: bool) -> None:
    """Report, per language, which chapters and strings are translated, missing or stale.

    A chapter is stale when its English file changed after the translation was made (its
    ``source_hash`` differs); stale and missing chapters show in English with a notice. The report
    is information: the exit status is 0 unless --strict (or gta --strict) is given.
    """
    from ..editions import default_edition
    from ..i18n import LANGUAGES, SOURCE_LANGUAGE
    from ..load import load_project
    from ..translations import format_status, translation_status, update_catalogues

    codes = [c.strip() for c in langs.split(",")] if langs else [c for c in LANGUAGES if c != SOURCE_LANGUAGE]
    bad = [c for c in codes if c not in LANGUAGES or c == SOURCE_LANGUAGE]
    if bad:
        raise click.BadParameter(f"unknown language {', '.join(bad)}; use "
                                 f"{', '.join(c for c in LANGUAGES if c != SOURCE_LANGUAGE)}", param_hint="--lang")

    def collect():
        if update:
            for path in update_catalogues(ctx.project.resolve(), codes):
                ctx.detail(f"updated {path}")
        project = load_project(ctx.project)
        year = edition or default_edition(project.root)
        return project, year, translation_status(project, year, codes)

    project, year, statuses = run(ctx, collect)
    from ..editions import edition_name

    ctx.say(edition_name(project.root, year), err=True)
    click.echo(format_status(statuses, project, year, verbose=verbose_here or ctx.verbose))
    if (strict_here or ctx.strict) and not all(s.complete for s in statuses):
        click.secho("translations incomplete or out of date (--strict)", fg="red", err=True)
        sys.exit(1)
