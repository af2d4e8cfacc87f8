"""Charts: specs in ``figures/*.yaml`` → plotted table → images, data and metadata per chart.

Public API (the rest of the builder relies on these names):

- :class:`ChartSpec` and :func:`gta.charts.spec.check_specs` validate specs when the project loads;
- :func:`gta.charts.data.build_plot_data`, :mod:`.localise`, :mod:`.meta` and :mod:`.alttext` compute
  what a chart plots and says, in the edition's language (the plan does this);
- :func:`render_jobs` draws and writes charts (``<out_dir>/<id>/``) in worker processes, reusing
  charts whose inputs have not changed;
- :func:`write_chart_pack` writes the gallery, the zip pack and the PowerPoint deck.

Only this package imports matplotlib, and only inside worker functions: loading and checking
specs, and a rebuild where nothing changed, never import it.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GtaError, Problem
from ..workers import process_pool
from .credit import Citation, Credit, edition_citation, figure_credit
from .spec import ChartSpec

__all__ = ["ChartOutput", "ChartSpec", "Citation", "Credit", "check_options", "edition_citation", "figure_credit",
           "output_for", "render_jobs", "write_chart_pack"]

FORMATS = ("png", "svg", "pdf")
SIZES = ("print", "slide", "phone")


@dataclass(frozen=True)
class ChartOutput:
    """One rendered (or reused) chart: what to say about it and where its files are."""

    id: str
    title: str
    subtitle: str
    source_line: str  # "Source: NCMEC CyberTipline"
    notes: tuple[str, ...]  # the spec's notes, then series breaks and statistic caveats
    alt: str
    citation: str  # "Source: NCMEC CyberTipline, via WeProtect Global Alliance, Global Threat Assessment 2025"
    files: dict[str, Path]  # png, png_titled, png_slide, svg, svg_titled, pdf, pdf_titled, csv, json (png_deck)
    rendered: bool  # False when reused from an earlier build
    references: tuple[str, ...]
    credit: Credit | None = None  # the figure number and citation facts it was drawn with
    meta: Any = None  # outputs.ChartMeta: everything its JSON says
    data: Any = None  # data.PlotData: the plotted table (the deck's native charts and the data workbook)
    spec: ChartSpec | None = None  # None for a heatmap

    def downloads(self, base: Path) -> tuple[tuple[str, str], ...]:
        """(format, path relative to ``base``) of the stand-alone files a reader takes away: PNG, SVG, data."""
        keys = (("PNG", "png_titled"), ("SVG", "svg_titled"), ("CSV", "csv"))
        return tuple((label, Path(os.path.relpath(self.files[k], base)).as_posix()) for label, k in keys
                     if k in self.files)


def write_chart_pack(figures: Sequence[ChartOutput], out_dir: Path, citation: Citation, *, pptx: bool = True,
                     tables: Sequence[Any] = (), look: dict[str, str] | None = None, words: Any = None) -> list[Path]:
    """Gallery ``index.html``, the zip, the deck and the data workbook in ``out_dir`` (see :mod:`.pack`).

    ``figures`` in report order, each rendered with its credit; ``tables`` (``gta.tables.Table``)
    go into the data workbook after the figures; ``look`` gives the theme's colours to the gallery;
    ``words`` (:class:`.words.PackWords`) are the pack's own words in the edition's language.
    """
    from .pack import write_pack

    return write_pack(figures, Path(out_dir), citation, pptx=pptx, tables=tables, look=look, words=words)


# --- helpers ------------------------------------------------------------------------------------

def check_options(formats: Sequence[str], sizes: Sequence[str]) -> None:
    bad = [f for f in formats if f not in FORMATS] + [s for s in sizes if s not in SIZES]
    if bad:
        raise GtaError(Problem("gta charts", None, f"unknown format or size '{bad[0]}'",
                               f"formats: {', '.join(FORMATS)}; sizes: {', '.join(SIZES)}"))


def output_for(meta: Any, folder: Path, names: dict[str, str], rendered: bool, credit: Credit | None = None,
               data: Any = None, spec: ChartSpec | None = None) -> ChartOutput:
    """The record of one chart's files (drawn now, or reused)."""
    return ChartOutput(meta.id, meta.title, meta.subtitle, meta.source_line, meta.notes, meta.alt, meta.citation,
                       {k: folder / v for k, v in names.items()}, rendered, tuple(r["id"] for r in meta.references),
                       credit, meta, data, spec)


def render_jobs(todo: list[Any], jobs: int, part: str = "all") -> None:
    """Draw and write every job (``part`` of it: see :data:`.outputs.PARTS`), in ``jobs`` worker
    processes (here, for one job or one worker)."""
    from .outputs import render_job

    if not todo:
        return
    if jobs <= 1 or len(todo) == 1:
        for job in todo:
            render_job(job, part)
        return
    # NOTE: biggest charts first, so the last worker does not start the slowest chart alone.
    todo = sorted(todo, key=lambda j: (-(len(j.data.keys) * len(j.data.frame)), j.meta.id))
    workers = max(1, min(jobs, len(todo), os.cpu_count() or 1))

    with process_pool(workers) as pool:  # NOTE: workers die with the build and leave Ctrl-C to it
        for _ in pool.map(functools.partial(render_job, part=part), todo):
            pass
