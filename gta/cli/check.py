"""``gta check``: check every hand-typed figure in an edition or a text, and write a review pack."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import Context, main, run

_COLOURS = {"inconsistent": "red", "ambiguous": "yellow", "unsourced": "magenta", "consistent": "green"}


@main.command("check")
@click.option("--edition", type=int, help="Edition year (default: the latest edition). With --text, its data cut-off applies.")
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
    claims, paths = run(ctx, lambda: _check(ctx, edition, texts, out))
    _summary(ctx, claims, paths, strict)
    failing = [c for c in claims if c.verdict == "inconsistent" or (strict and c.verdict == "unsourced")]
    sys.exit(1 if failing else 0)


def _check(ctx: Context, edition: int | None, texts: tuple[Path, ...], out: Path | None) -> tuple[list[Any], list[Path]]:
    from ..claims import check_edition, check_file, write_review
    from ..errors import GtaError, Problem
    from ..sources import load_project
    from ..statistics import compute_statistics

    project = load_project(ctx.project, strict=ctx.strict)
    if edition is not None and edition not in project.editions:
        known = ", ".join(str(y) for y in sorted(project.editions)) or "none"
        raise GtaError(Problem("sources/editions", None, f"no edition {edition}", f"editions: {known}"))
    year = edition if edition is not None else (max(project.editions) if project.editions else None)
    if texts:
        # NOTE: a text checked without --edition is held to all the data, with no cut-off.
        stats = compute_statistics(project, edition).stats
        cutoff = project.editions[edition].meta.data_cutoff if edition is not None else None
        previous = project.editions[edition].meta.previous if edition is not None else None
        prev_stats = compute_statistics(project, previous).stats if previous in project.editions else {}
        claims = [c for path in texts for c in check_file(path, project, edition=edition, cutoff=cutoff, stats=stats,
                                                          previous_stats=prev_stats)]
        folder = out or project.root / "build" / (str(edition) if edition is not None else "text") / "review" / texts[0].stem
        title = f"Claim review: {', '.join(p.name for p in texts)}"
    else:
        if year is None:
            raise GtaError(Problem("sources/editions", None, "no edition to check", "pass --text FILE, or add an edition"))
        stats = compute_statistics(project, year).stats
        claims = check_edition(project, year, stats)
        folder = out or project.root / "build" / str(year) / "review"
        title = f"Claim review: {project.editions[year].meta.title}"
    ctx.detail(f"checked {len(claims)} figures and words; writing {folder}")
    return claims, write_review(claims, folder, title=title)


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
