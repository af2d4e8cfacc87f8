"""``gta charts``: render chart images, data and metadata, and the chart pack for policy staff."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

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
@click.option("--edition", type=int, default=None, help="Edition year (default: the latest edition).")
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
        from ..charts import load_chart_specs, render_charts, write_chart_pack
        from ..sources import load_project
        from ..statistics import compute_statistics

        started = time.perf_counter()
        project = load_project(ctx.project, strict=ctx.strict)
        load_chart_specs(project, strict=ctx.strict)
        print_warnings(ctx, project.warnings)
        year = edition if edition is not None else max(project.editions, default=None)
        if year is None:
            from ..errors import GtaError, Problem

            raise GtaError(Problem("sources/editions", None, "no edition to build", "add sources/editions/<year>/edition.yaml"))
        stats = compute_statistics(project, year).stats if year in project.editions else {}
        out_dir = _out_dir(ctx, year)
        from ..atomic import build_lock

        citation, credits, tables = _pack_inputs(project, year, stats)
        with build_lock(ctx.project / "build"):  # NOTE: never while `gta build` swaps the same folder
            outputs = render_charts(project, year, stats, out_dir, ids=list(ids) or None,
                                    formats=tuple(f for f in fmts if f != "pptx"), sizes=size_list,
                                    jobs=jobs or os.cpu_count() or 1, cache=not no_cache, credits=credits,
                                    citation=citation)
            drawn = [c for c in outputs.values() if c.rendered]
            for c in outputs.values():
                ctx.detail(f"{'drew' if c.rendered else 'kept'} {c.id}")
            from ..charts.pack import pack_names

            names = pack_names(citation) if citation is not None else {}
            pack = [out_dir / n for k, n in names.items() if k != "pptx" or "pptx" in fmts]
            if not ids and (drawn or not all(p.is_file() for p in pack)):
                order = sorted(outputs.values(), key=lambda o: (o.credit.number is None, o.credit.number or 0, o.id))
                write_chart_pack(order, out_dir, citation, pptx="pptx" in fmts, tables=tables)
        took = time.perf_counter() - started
        ctx.say(f"charts: {len(outputs)} for {year} ({len(drawn)} drawn, {len(outputs) - len(drawn)} unchanged) "
                f"in {_show(out_dir)} [{took:.1f} s]" + ("" if not ids else "; pack not updated"))

    run(ctx, action)


def _pack_inputs(project: Any, year: int, stats: dict[str, Any]) -> tuple[Any, dict[str, Any], list[Any]]:
    """Figure numbers and tables as `gta build` gives them (stand-in until the edition plan does)."""
    from ..pipeline import chart_credits
    from ..render import number_items
    from ..tables import build_table, load_table_specs

    edition = project.editions.get(year)
    if edition is None:
        return None, {}, []
    numbering = number_items(edition)
    citation, credits = chart_credits(edition.meta, numbering.figures)
    specs = load_table_specs(project)
    tables = [build_table(project, specs[t][1], stats, edition.meta.data_cutoff)
              for t in sorted(numbering.tables, key=numbering.tables.get) if t in specs]
    return citation, credits, tables


def _out_dir(ctx: Context, year: int) -> Path:
    """build/<edition>/charts/, from the build module's helper when it provides one."""
    try:
        from ..build import charts_dir  # type: ignore[attr-defined]
    except ImportError:
        return ctx.project / "build" / str(year) / "charts"
    return Path(charts_dir(ctx.project, year))


def _show(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
