"""The figures and tables of a plan: plotted data and words in the plan's language, numbered as placed."""

from __future__ import annotations

import math

from ..charts.data import ChartUnavailable, PlotData, build_plot_data
from ..charts.localise import localise_spec
from ..charts.meta import chart_meta, squash
from ..charts.outputs import ChartMeta
from ..errors import GtaError, Problem, Problems, did_you_mean
from ..i18n.localisation import Localisation
from ..recommendations import PRIMARY_FRAMEWORK, Recommendation
from ..recommendations_view import heatmap_figure
from ..tables import build_table
from .edition import EditionData
from .model import PlannedFigure, PlannedTable


def plan_figures(data: EditionData, loc: Localisation, edition_title: str, recs: list[Recommendation],
                 problems: Problems) -> list[PlannedFigure]:
    """The report's figures in order, then the edition's additional figures (unnumbered)."""
    figures = []
    for cid, number in sorted(data.figure_numbers.items(), key=lambda kv: kv[1]):
        fig = _chart(data, cid, number, loc, edition_title, problems)
        if fig is not None:
            figures.append(fig)
    for cid in data.source.meta.additional_figures:
        if cid not in data.figure_numbers:
            fig = _chart(data, cid, None, loc, edition_title, problems)
            if fig is not None:
                figures.append(fig)
    heatmap = _heatmap(data, loc, edition_title, recs, None) if recs else None
    if heatmap is not None:
        figures.append(heatmap)  # the chart pack's view of the recommendations table
    return figures


def chart_figure(data: EditionData, cid: str, loc: Localisation, number: int | None = None) -> PlannedFigure:
    """Any chart of the project as this edition would show it (for the chart writer's tests and tools)."""
    problems = Problems()
    fig = _chart(data, cid, number, loc, loc.edition(data.source.meta).title, problems, any_edition=True)
    problems.raise_if_errors()
    if fig is None:
        raise GtaError(Problem("figures", None, f"no chart '{cid}'",
                               did_you_mean(cid, data.project.charts) or "see figures/ for the chart specs"))
    return fig


def _chart(data: EditionData, cid: str, number: int | None, loc: Localisation, edition_title: str,
           problems: Problems, any_edition: bool = False) -> PlannedFigure | None:
    project, ed = data.project, data.source
    spec = project.charts.get(cid)
    if spec is None:
        return None  # NOTE: an invalid spec is reported where it is declared
    path, line = _where(data, cid)
    if spec.editions and ed.year not in spec.editions and not any_edition:
        problems.add(path, line, f"chart '{cid}' is for editions {', '.join(map(str, spec.editions))} only",
                     "add this edition to the spec's 'editions', or choose another chart")
        return None
    ds = project.datasets.get(spec.dataset or "")
    # NOTE: statement datasets (membership) may be used up to the edition's own year.
    limit = max(ed.meta.data_cutoff, ed.year) if ds is not None and ds.meta.cutoff == "publication" \
        else ed.meta.data_cutoff
    local = localise_spec(spec, loc, project, data.stats)
    try:
        plotted = build_plot_data(local, project, data.stats, limit, loc)
    except ChartUnavailable as exc:
        problems.add(path, line, f"chart '{cid}' has no data within edition {ed.year}'s data cut-off "
                     f"({ed.meta.data_cutoff}): {exc}", "remove it from this edition, or choose a chart with earlier data")
        return None
    meta = chart_meta(local, plotted, project, ed.year, edition_title, loc)
    if not meta.alt.strip():
        problems.add(project.figures[cid][0], None, f"chart '{cid}' has no alt text",
                     "add 'alt: <what the chart shows>' to the spec")
        return None
    return PlannedFigure(cid, number, "chart", local, plotted, meta, spec.print_height_cm)


def _heatmap(data: EditionData, loc: Localisation, edition_title: str, recs: list[Recommendation],
             number: int | None) -> PlannedFigure | None:
    if not recs:
        return None
    args = heatmap_figure(recs, data.project.frameworks[PRIMARY_FRAMEWORK], edition_title, loc)
    return heatmap_from(args, number, data.year, edition_title)


def heatmap_from(args: dict, number: int | None, year: int, edition_title: str) -> PlannedFigure:
    """A heatmap figure from its matrix, labels and words (``gta.recommendations_view.heatmap_figure``)."""
    import pandas as pd

    rows, cols = args["row_labels"], args["col_labels"]
    values = [[math.nan if v is None else float(v) for v in row] for row in args["matrix"]]
    frame = pd.DataFrame(values, index=list(rows), columns=list(cols), dtype="float64")
    quals = pd.DataFrame("exact", index=frame.index, columns=frame.columns, dtype=object).where(frame.notna(), "")
    plotted = PlotData(frame, quals, quals.copy(), {c: c for c in cols}, {c: "" for c in cols}, "category", "", [], ())
    meta = ChartMeta(args["chart_id"], "heatmap", args["title"], args["subtitle"], args["source_line"],
                     tuple(args["notes"]), squash(args["alt"]), args["citation"], (), year, edition_title, "plain")
    return PlannedFigure(args["chart_id"], number, "heatmap", None, plotted, meta,
                         min(25.0, 3.5 + 0.75 * len(rows)),
                         {"matrix": frame.to_numpy(), "rows": list(rows), "cols": list(cols), "value_format": "plain"})


def plan_tables(data: EditionData, loc: Localisation) -> list[PlannedTable]:
    out = []
    for tid, number in sorted(data.table_numbers.items(), key=lambda kv: kv[1]):
        if tid in data.project.tables:
            _, spec = data.project.tables[tid]
            out.append(PlannedTable(tid, number, build_table(data.project, spec, data.stats,
                                                              data.source.meta.data_cutoff, loc)))
    return out


def _where(data: EditionData, cid: str) -> tuple[str, int | None]:
    """The chapter line that places the chart (or edition.yaml for an additional figure)."""
    for chapter in data.source.chapters:
        for call in data.calls.get(chapter.id, []):
            if call.function == "chart" and call.name == cid:
                return str(chapter.path), call.line
    return str(data.source.dir / "edition.yaml"), None
