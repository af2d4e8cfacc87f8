"""The writers: each renders the plan (and nothing else) into the staging folder, one output kind each.

A writer is a function ``(plan, out) -> None``; :data:`WRITERS` runs them in order. What one
writer produces for a later one (chart files for the HTML, the HTML for the PDF, the PDF's pages
for the register) travels on :class:`Output`. Adding an output format means adding one writer.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..atomic import write_bytes, write_text
from ..plan import EditionPlan
from ..stamps import hash_files, hash_text, library_versions, read_stamps, write_stamps
from .background import Background


@dataclass
class Output:
    """Where a build writes, what it was asked for, and what earlier writers produced."""

    root: Path  # the project (the PDF may read files inside it, and nothing else)
    stage: Path  # the staging copy of the output folder
    formats: tuple[str, ...] = ("html", "pdf")
    self_contained: bool = False
    jobs: int = 1
    created: datetime = field(default_factory=lambda: datetime(1980, 1, 1))  # from the edition, never the clock
    epoch: int = 315532800
    say: Callable[[str], None] = lambda _step: None
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: list[str] = field(default_factory=list)
    pages: int | None = None
    # produced on the way
    charts: dict[str, Any] = field(default_factory=dict)
    html: str = ""
    anchors: dict[str, str] = field(default_factory=dict)  # anchor -> printed page label
    pack: Background | None = None
    chart_pack: bool = True  # False: the report's own chart files only (no stand-alone files, gallery, zip, deck)


def write_charts(plan: EditionPlan, out: Output) -> None:
    from ..charts.pack import pack_is_current
    from .charts import draw_deferred, pack_arguments
    from .charts import write_charts as draw

    deferred: list[Any] = []
    out.charts = draw(plan, out.stage, jobs=out.jobs, deferred=deferred)
    drawn = sum(o.rendered for o in out.charts.values())
    if not out.chart_pack:
        out.rebuilt.append(f"{drawn} charts")
        return
    figures, folder, citation, options = pack_arguments(plan, out.stage, out.charts)
    if drawn or not pack_is_current(folder, options["words"]):
        # NOTE: the report's own chart files are drawn first; the stand-alone files (titled, slide,
        # deck) and the gallery, zip and deck are written in a second process while this one lays
        # out the report: the PDF uses one core, so they cost little wall-clock time.
        out.pack = Background(draw_deferred, deferred, figures, folder, citation, **options)
        out.rebuilt.append(f"{drawn} charts")


def write_html(plan: EditionPlan, out: Output) -> None:
    from .html import render_html, write_assets

    out.html = render_html(plan, out.root)
    write_assets(plan, out.root, out.stage)
    write_text(out.stage / "report.html", out.html)
    if out.self_contained:
        from ..standalone import inline_assets

        write_text(out.stage / "report-standalone.html", inline_assets(out.html, out.stage))
    out.rebuilt.append("html")


def write_pdf(plan: EditionPlan, out: Output) -> None:
    if "pdf" not in out.formats:
        return
    from ..pdf import write_pdf as layout
    from .files import figure_src

    stage = out.stage
    images = [stage / figure_src(f, plan) for f in plan.report_figures]
    first = next((c.id for c in plan.chapters if c.number is not None), None)
    body_start = f"h-{first}" if first else None
    # NOTE: the layout code is part of the key: a change to how pages are laid out or labelled redoes the PDF.
    key = hash_text(out.html, hash_files(stage.joinpath("assets").rglob("*"), stage), hash_files(images, stage),
                    library_versions("weasyprint"), str(out.epoch), str(body_start),
                    Path(layout.__code__.co_filename).read_text(encoding="utf-8"))
    stamps = read_stamps(stage)
    if stamps.get("pdf") == key and (stage / "report.pdf").exists() and (stage / ".anchors.json").exists():
        out.anchors = json.loads((stage / ".anchors.json").read_text())
        return
    result = layout(out.html, stage, [stage, out.root], source_date_epoch=out.epoch, body_start=body_start)
    write_bytes(stage / "report.pdf", result.data)
    out.anchors = dict(result.anchors)
    write_text(stage / ".anchors.json", json.dumps(out.anchors, sort_keys=True))
    stamps["pdf"] = key
    write_stamps(stage, stamps)
    out.rebuilt.append("pdf")
    out.pages = result.pages


def finish_pack(plan: EditionPlan, out: Output) -> None:
    if out.pack is not None:
        out.pack.result()


def write_register(plan: EditionPlan, out: Output) -> None:
    from ..register import statistic_pages
    from ..register import write_register as register

    register(plan, out.stage, statistic_pages(out.anchors, plan.all_statistics), created=out.created)


def write_recommendations(plan: EditionPlan, out: Output) -> None:
    from .recommendations import write_recommendation_exports

    write_recommendation_exports(plan, out.stage, created=out.created)


#: (step name shown in progress and timings, writer), in the order they run.
WRITERS: tuple[tuple[str, Callable[[EditionPlan, Output], None]], ...] = (
    ("charts", write_charts),
    ("html", write_html),
    ("pdf", write_pdf),
    ("chart pack", finish_pack),
    ("exports", write_register),
    ("exports", write_recommendations),
)


def write_edition(plan: EditionPlan, out: Output) -> None:
    """Run every writer on ``plan``; a failure stops the build (the staging copy is then discarded)."""
    try:
        for name, writer in WRITERS:
            out.say(name)
            t = time.perf_counter()
            writer(plan, out)
            out.timings[name] = out.timings.get(name, 0.0) + time.perf_counter() - t
    finally:
        if out.pack is not None:
            out.pack.close()
