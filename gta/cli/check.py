"""``gta check``: check every hand-typed figure in an edition or a text, and write a review pack."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import Context, main, print_warnings, run

_COLOURS = {"inconsistent": "red", "ambiguous": "yellow", "unsourced": "magenta", "consistent": "green"}


@main.command("check")
@click.option("--edition", type=int, help="Edition year (default: the latest locked edition). With --text, its data cut-off applies.")
@click.option("--text", "texts", type=click.Path(exists=True, dir_okay=False, path_type=Path), multiple=True,
              help="A Markdown or plain-text file to check instead of the chapters (repeatable).")
@click.option("--strict", "strict_here", is_flag=True, help="Also fail on unsourced figures.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the review pack (default: build/<edition>/review).")
@click.pass_obj
def check(ctx: Context, edition: int | None, texts: tuple[Path, ...], strict_here: bool, out: Path | None) -> None:
    """Check that every figure typed in the prose, and every word typed around a bound number
    ("rose", "about", "the highest", "mainly"), agrees with the data.

    \b
    Exit status: 0 when nothing is inconsistent; 1 otherwise (and, with --strict, when a
    figure is unsourced). Writes index.html, review.csv and review.xlsx.
    """
    strict = strict_here or ctx.strict
    from ..queries import check_claims

    found = run(ctx, lambda: check_claims(ctx.project, edition, texts, out, strict=ctx.strict))
    ctx.detail(f"checked {len(found.claims)} figures and words; wrote {found.paths[0].parent}")
    if found.edition:
        ctx.say(found.edition, err=True)
    print_warnings(ctx, found.warnings)
    claims, paths = found.claims, found.paths
    _summary(ctx, claims, paths, strict)
    failing = [c for c in claims if c.verdict == "inconsistent" or (strict and c.verdict == "unsourced")]
    sys.exit(1 if failing or (strict and found.warnings) else 0)


def _summary(ctx: Context, claims: list[Any], paths: list[Path], strict: bool) -> None:
    from ..claims import VERDICTS, summary_counts

    counts = summary_counts(claims)
    for verdict in VERDICTS:
        group = [c for c in claims if c.verdict == verdict]
        if not group or (verdict == "consistent" and not ctx.verbose):
            continue
        failing = verdict == "inconsistent" or (strict and verdict == "unsourced")
        if ctx.quiet and not failing:
            continue
        click.secho(f"{verdict} ({len(group)})", fg=_COLOURS[verdict], bold=True)
        for c in group:
            computed = f" [computed: {c.computed_text}]" if c.computed_text and verdict != "consistent" else ""
            click.echo(f"  {c.source}:{c.line}: '{c.text}' — {c.message}{computed}")
    line = ", ".join(f"{n} {v}" for v, n in counts.items())
    words = sum(1 for c in claims if c.kind == "wording")
    figures = len(claims) - words
    ctx.say(f"{figures} figure{'' if figures == 1 else 's'} and {words} word{'' if words == 1 else 's'} around bound "
            f"numbers checked: {line}")
    ctx.say(f"review pack: {paths[0]}")
