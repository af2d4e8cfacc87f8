"""Charts: specs in ``figures/*.yaml`` → plotted table → images, data and metadata per chart.

Public API (the rest of the builder relies on these names):

- :func:`load_chart_specs` validates every spec before anything is drawn;
- :func:`render_charts` writes ``<out_dir>/<id>/`` for each chart an edition shows, in parallel,
  reusing charts whose inputs have not changed;
- :func:`write_chart_pack` writes the gallery, the zip pack and the PowerPoint deck;
- :func:`render_heatmap` draws a generic heatmap in the house style (recommendations × domains).

Only this package imports matplotlib, and only inside worker functions: loading and checking
specs, and a rebuild where nothing changed, never import it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GtaError, Problem, Problems
from ..sources import Project, did_you_mean
from ..yamlio import line_of
from .spec import ChartSpec, check_specs

__all__ = ["ChartOutput", "ChartSpec", "load_chart_specs", "render_charts", "render_heatmap", "write_chart_pack"]

FORMATS = ("png", "svg", "pdf")
SIZES = ("print", "slide")


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
    files: dict[str, Path]  # png, png_titled, png_slide, svg, svg_titled, pdf, pdf_titled, csv, json
    rendered: bool  # False when reused from an earlier build
    references: tuple[str, ...]


def load_chart_specs(project: Project, *, strict: bool = False) -> dict[str, ChartSpec]:
    """Validate every spec in ``project.figures``; raise one :class:`GtaError` listing every problem.

    Warnings (unknown keys, breaks the data does not declare) are added to ``project.warnings``;
    with ``strict`` they fail too.
    """
    specs, problems = check_specs(project)
    for w in problems.warnings:
        if w not in project.warnings:
            project.warnings.append(w)
    problems.raise_if_errors(strict=strict)
    return specs


def render_charts(project: Project, edition: int, stats: dict[str, Any], out_dir: Path, *,
                  ids: list[str] | None = None, formats: tuple[str, ...] = FORMATS, sizes: tuple[str, ...] = SIZES,
                  jobs: int = 2, cache: bool = True, localiser: Any = None) -> dict[str, ChartOutput]:
    """Render the charts ``edition`` shows into ``out_dir/<id>/`` and return them by id.

    Data is limited to the edition's data cut-off; a chart with nothing to show is left out (or,
    when asked for by id, reported). Each chart always gets ``<id>.csv`` and ``<id>.json``; the
    images follow ``formats`` (png, svg, pdf: untitled for the report plus ``*_titled`` copies) and
    ``sizes`` (``print`` at A4 column width, ``slide`` as a titled 16:9 PNG). Charts are drawn in
    ``jobs`` worker processes (in this process for one job or one chart). With ``cache``, a chart
    whose inputs hash to its folder's stamp and whose files exist is reused: ``rendered`` is False.
    A ``localiser`` (:class:`gta.i18n.charts.ChartLocaliser`) draws the charts of a translated edition.
    """
    from .alttext import alt_text
    from .data import ChartUnavailable, build_plot_data
    from .outputs import RenderJob, csv_bytes, digest, file_names, meta_dict, reusable

    specs = load_chart_specs(project)
    ed = project.editions.get(edition)
    if ed is None:
        raise GtaError(Problem("sources/editions", None, f"no edition {edition}",
                               did_you_mean(str(edition), [str(y) for y in project.editions]) or
                               f"editions: {', '.join(map(str, sorted(project.editions))) or 'none'}"))
    cutoff, edition_title = ed.meta.data_cutoff, ed.meta.title
    _check_options(formats, sizes)
    problems = Problems()
    wanted = _select(specs, ids, project, problems)
    out_dir = Path(out_dir)
    results: dict[str, ChartOutput] = {}
    todo: list[RenderJob] = []
    for cid in wanted:
        spec = specs[cid]
        path, raw = project.figures[cid]
        if spec.editions and edition not in spec.editions and not ids:
            continue
        if localiser is not None:
            spec = localiser.spec(spec)
        try:
            # NOTE: statement datasets (membership) may be used up to the edition's own year.
            ds = project.datasets.get(spec.dataset or "")
            limit = max(cutoff, ed.meta.year) if ds is not None and ds.meta.cutoff == "publication" else cutoff
            data = build_plot_data(spec, project, stats, limit)
        except ChartUnavailable as exc:
            if ids:  # asked for by name: say why it cannot be drawn
                problems.add(path, line_of(raw, "id"), f"chart '{cid}' has nothing to show for edition {edition}: {exc}",
                             "choose another edition, or change the chart's years or statistics")
            continue
        alt = alt_text(spec, data)
        if not alt.strip():
            problems.add(path, line_of(raw, "id"), f"chart '{cid}' has no alt text",
                         "add 'alt: <what the chart shows>' to the spec")
            continue
        meta = _meta(spec, data, project, edition, edition_title, alt)
        if localiser is not None:
            meta = localiser.meta(spec, data, meta)
        table = csv_bytes(data)
        files_read = [project.datasets[spec.dataset].csv_path.read_bytes(),
                      project.datasets[spec.dataset].meta_path.read_bytes()] if spec.dataset else []
        key = digest([spec.model_dump_json(by_alias=True, exclude={"translations"}).encode(), table,
                      repr(sorted(meta_dict(meta).items())).encode(), *files_read])
        folder = out_dir / cid
        names = file_names(cid, formats, sizes)
        output = _output(meta, folder, names, rendered=not (cache and reusable(folder, names, key)))
        results[cid] = output
        if output.rendered:
            todo.append(RenderJob(meta, data, spec, folder, formats, sizes, key, table, spec.print_height_cm,
                                  slide_notes=meta.notes[:len(spec.notes)],
                                  **(localiser.job_options() if localiser is not None else {})))
    problems.raise_if_errors()
    _run(todo, jobs)
    return results


def render_heatmap(matrix: list[list[float]], row_labels: list[str], col_labels: list[str], *, chart_id: str,
                   title: str, subtitle: str, source_line: str, notes: tuple[str, ...], alt: str, citation: str,
                   out_dir: Path, value_format: str = "plain", formats: tuple[str, ...] = FORMATS,
                   sizes: tuple[str, ...] = SIZES, localiser: Any = None) -> ChartOutput:
    """A heatmap in the house style, with the same files as every chart, in ``out_dir/<chart_id>/``."""
    import math

    import numpy as np
    import pandas as pd

    from .data import PlotData
    from .outputs import ChartMeta, RenderJob, csv_bytes, digest, file_names, meta_dict, reusable

    _check_heatmap(matrix, row_labels, col_labels, chart_id, alt)
    arr = np.array([[math.nan if v is None else float(v) for v in row] for row in matrix], dtype=float)
    frame = pd.DataFrame(arr, index=list(row_labels), columns=list(col_labels), dtype="float64")
    quals = pd.DataFrame("exact", index=frame.index, columns=frame.columns, dtype=object).where(frame.notna(), "")
    data = PlotData(frame, quals, quals.copy(), {c: c for c in col_labels}, {c: "" for c in col_labels}, "category",
                    "", [], ())
    meta = ChartMeta(chart_id, "heatmap", title, subtitle, source_line, tuple(notes), " ".join(alt.split()), citation,
                     (), None, "", value_format)
    table = csv_bytes(data)
    key = digest([b"heatmap", table, repr(sorted(meta_dict(meta).items())).encode()])
    folder = Path(out_dir) / chart_id
    names = file_names(chart_id, formats, sizes)
    height_cm = min(25.0, 3.5 + 0.75 * len(row_labels))
    output = _output(meta, folder, names, rendered=not reusable(folder, names, key))
    if output.rendered:
        _run([RenderJob(meta, data, None, folder, formats, sizes, key, table, height_cm,
                        {"matrix": arr, "rows": list(row_labels), "cols": list(col_labels),
                         "value_format": value_format}, tuple(notes),
                        **(localiser.job_options() if localiser is not None else {}))], 1)
    return output


def write_chart_pack(outputs: dict[str, ChartOutput], out_dir: Path, edition_title: str, *,
                     pptx: bool = True, date: str | None = None) -> list[Path]:
    """Gallery ``index.html``, ``chart-pack.zip`` and ``charts.pptx`` in ``out_dir`` (see :mod:`.pack`)."""
    from .pack import write_pack

    return write_pack(outputs, Path(out_dir), edition_title, pptx=pptx, date=date)


# --- helpers ------------------------------------------------------------------------------------

def _check_options(formats: Sequence[str], sizes: Sequence[str]) -> None:
    bad = [f for f in formats if f not in FORMATS] + [s for s in sizes if s not in SIZES]
    if bad:
        raise GtaError(Problem("gta charts", None, f"unknown format or size '{bad[0]}'",
                               f"formats: {', '.join(FORMATS)}; sizes: {', '.join(SIZES)}"))


def _select(specs: dict[str, ChartSpec], ids: list[str] | None, project: Project, problems: Problems) -> list[str]:
    if not ids:
        return sorted(specs)
    chosen = []
    for cid in ids:
        if cid in specs:
            chosen.append(cid)
        elif cid in project.figures:
            continue  # invalid spec: already reported by load_chart_specs
        else:
            problems.add("figures", None, f"no chart '{cid}'",
                         did_you_mean(cid, specs) or f"charts: {', '.join(sorted(specs))}")
    return list(dict.fromkeys(chosen))


def _meta(spec: ChartSpec, data: Any, project: Project, edition: int, edition_title: str, alt: str) -> Any:
    from .data import break_note
    from .outputs import ChartMeta

    source = spec.source or "; ".join(dict.fromkeys(short_publisher(project.references[r].publisher)
                                                    for r in data.references)) or "WeProtect Global Alliance"
    notes = list(spec.notes)
    notes += [break_note(m) for m in data.breaks]
    notes += list(data.caveats)
    low = data.low_confidence()
    if low:
        years = {tuple(v) for v in low.values()}
        if len(years) == 1 and len(low) == len(data.keys):
            notes.append(f"Low confidence (weak or unverified source): {_and([str(x) for x in next(iter(years))])}.")
        else:
            notes.append("Low confidence (weak or unverified source): " +
                         "; ".join(f"{data.labels[k]} {_and([str(x) for x in xs])}" for k, xs in low.items()) + ".")
    if data.has_qualified_values():
        notes.append("Some figures are published as bounds or approximations and are shown as published "
                     "(for example “over 200” or “almost 300”).")
    refs = tuple({"id": r, "publisher": project.references[r].publisher, "title": project.references[r].title,
                  "year": project.references[r].year, "url": project.references[r].url} for r in data.references)
    fill = _placeholders(data)
    return ChartMeta(spec.id, spec.type, fill(spec.title), fill(spec.subtitle), f"Source: {source}",
                     tuple(dict.fromkeys(" ".join(fill(n).split()) for n in notes)), fill(alt),
                     f"Source: {source}, via WeProtect Global Alliance, {edition_title}", refs, edition, edition_title,
                     spec.number_format)


def _placeholders(data: Any) -> Any:
    """'{first}', '{last}' and '{years}' in titles, subtitles and notes become the years plotted.

    So one spec serves every edition: an edition with an earlier data cut-off shows fewer years.
    """
    years = sorted(int(x) for x in data.frame.index if isinstance(x, int | np_integer()))
    first, last = (str(years[0]), str(years[-1])) if years else ("", "")
    listed = _and([str(y) for y in years]) if years else ""

    def fill(text: str) -> str:
        if first == last:  # one year: "2020", not "2020–2020"
            text = text.replace("{first}–{last}", first).replace("{first}-{last}", first)
        return text.replace("{first}", first).replace("{last}", last).replace("{years}", listed)

    return fill


def np_integer() -> type:
    import numpy as np

    return np.integer


def short_publisher(name: str) -> str:
    """'National Center for Missing & Exploited Children (NCMEC)' -> 'NCMEC'."""
    m = re.search(r"\(([A-Z][A-Za-z&]*[A-Z])\)\s*$", name)
    return m.group(1) if m else name


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _output(meta: Any, folder: Path, names: dict[str, str], rendered: bool) -> ChartOutput:
    return ChartOutput(meta.id, meta.title, meta.subtitle, meta.source_line, meta.notes, meta.alt, meta.citation,
                       {k: folder / v for k, v in names.items()}, rendered, tuple(r["id"] for r in meta.references))


def _run(todo: list[Any], jobs: int) -> None:
    from .outputs import render_job

    if not todo:
        return
    if jobs <= 1 or len(todo) == 1:
        for job in todo:
            render_job(job)
        return
    # NOTE: biggest charts first, so the last worker does not start the slowest chart alone.
    todo = sorted(todo, key=lambda j: (-(len(j.data.keys) * len(j.data.frame)), j.meta.id))
    workers = max(1, min(jobs, len(todo), os.cpu_count() or 1))
    from ..workers import process_pool  # NOTE(harden): workers die with the build and leave Ctrl-C to it

    with process_pool(workers) as pool:
        for _ in pool.map(render_job, todo):
            pass


def _check_heatmap(matrix: list[list[float]], rows: list[str], cols: list[str], chart_id: str, alt: str) -> None:
    from ..model import ID_PATTERN

    where = f"heatmap '{chart_id}'"
    problems = []
    if not ID_PATTERN.match(chart_id):
        problems.append(f"chart id {chart_id!r} must be lower-case letters, digits, '-' or '_'")
    if len(matrix) != len(rows) or any(len(r) != len(cols) for r in matrix):
        problems.append(f"matrix is {len(matrix)} rows by {[len(r) for r in matrix]} columns; "
                        f"labels are {len(rows)} rows by {len(cols)} columns")
    if not alt.strip():
        problems.append("a chart without alt text cannot be built")
    if problems:
        raise GtaError([Problem(where, None, p, "fix the call to render_heatmap") for p in problems])
