"""``gta charts``: render chart images, data and metadata, and the chart pack for policy staff."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from . import Context, main, print_warnings, run

FORMATS = ("png", "svg", "pdf", "pptx")


def _split(value: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    items = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise click.BadParameter(f"unknown {what} {bad[0]!r}; choose from {', '.join(allowed)}" if bad
                                 else f"give at least one {what}")
    return items


@main.command()
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option("--edition", type=int, default=None, help="Edition year (default: the latest locked edition).")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help="Comma-separated: png, svg, pdf, pptx (the deck needs slide PNGs).")
@click.option("--size", "sizes", default="print,slide", show_default=True,
              help="print (A4 column width, untitled and titled) and/or slide (16:9 PNG with title).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--no-cache", is_flag=True, help="Redraw every chart, even when nothing it depends on changed.")
@click.pass_obj
def charts(ctx: Context, ids: tuple[str, ...], edition: int | None, formats: str, sizes: str, jobs: int | None,
           no_cache: bool) -> None:
    """Render charts into build/<edition>/charts/<id>/, plus a gallery, zip and deck.

    \b
    Examples:
      gta charts                               every chart of the latest edition
      gta charts ncmec-reports --size slide    one chart, slide PNG only
      gta charts --format png,pptx             PNGs and the PowerPoint deck
    With chart IDs, only those charts are drawn and the pack is left as it was.
    """
    fmts = _split(formats, FORMATS, "format")
    size_list = _split(sizes, ("print", "slide"), "size")
    if "pptx" in fmts and "slide" not in size_list:
        raise click.BadParameter("the PowerPoint deck needs slide PNGs: add --size slide", param_hint="--format")

    def action() -> None:
        from ..build import build_charts
        from ..editions import edition_name

        started = time.perf_counter()
        result = build_charts(ctx.project, edition, list(ids) or None, formats=tuple(f for f in fmts if f != "pptx"),
                              sizes=size_list, pptx="pptx" in fmts, jobs=jobs or os.cpu_count() or 1,
                              cache=not no_cache, strict=ctx.strict)
        print_warnings(ctx, result.warnings)
        for c in result.outputs.values():
            ctx.detail(f"{'drew' if c.rendered else 'kept'} {c.id}")
        drawn = sum(c.rendered for c in result.outputs.values())
        took = time.perf_counter() - started
        ctx.say(f"charts: {len(result.outputs)} for {edition_name(ctx.project, result.year)} ({drawn} drawn, {len(result.outputs) - drawn} "
                f"unchanged) in {_show(result.out_dir)} [{took:.1f} s]" + ("" if not ids else "; pack not updated"))

    run(ctx, action)


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
