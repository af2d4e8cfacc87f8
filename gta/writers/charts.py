"""Chart files and the chart pack: exactly the plan's figures, in report order, in the plan's language.

Each figure gets ``charts/<id>/`` (print and slide PNG, SVG, PDF, CSV, JSON); a figure whose
inputs hash to its folder's stamp is reused. Folders of charts the plan does not show are removed,
so the pack never holds a chart the edition does not show.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from ..charts import ChartOutput, check_options, output_for, render_jobs, write_chart_pack
from ..charts.credit import Citation, Credit
from ..charts.localise import LEAD_FONT, chart_fonts
from ..charts.outputs import RenderJob, digest, file_names, meta_dict, needs_picture, reusable
from ..charts.table import chart_csv
from ..charts.words import pack_words
from ..i18n.localisation import Localisation
from ..plan import EditionPlan, PlannedFigure
from .files import CHART_FORMATS, CHART_SIZES, CHARTS, figure_credits, plan_citation

PACK_FILES = ("index.html", "chart-pack.zip", "charts.pptx", "thumbs")


def write_charts(plan: EditionPlan, stage: Path, *, jobs: int, ids: list[str] | None = None,
                 formats: tuple[str, ...] = CHART_FORMATS, sizes: tuple[str, ...] = CHART_SIZES,
                 cache: bool = True, deferred: list[RenderJob] | None = None) -> dict[str, ChartOutput]:
    """Draw (or reuse) the plan's figures into ``stage/charts/``; return their files by id, in report order.

    With ``deferred``, only what the report shows is drawn now; the stand-alone files' jobs are
    added to ``deferred``, to be drawn (:func:`draw_deferred`) while the PDF is laid out.
    """
    figures = [f for f in plan.figures if ids is None or f.id in ids]
    credits = figure_credits(plan)
    outputs = draw_figures(figures, stage / CHARTS, chart_options(plan.loc), jobs=jobs, formats=formats, sizes=sizes,
                           cache=cache, credits=credits, deferred=deferred)
    if ids is None:
        _remove_others(stage / CHARTS, {f.id for f in plan.figures})
    return outputs


def chart_options(loc: Localisation) -> dict[str, Any]:
    """What a chart's drawing needs from the language: the locale of its numbers, the fonts of its script."""
    return {"locale": loc.code, "numbering": loc.numbering, "fonts": chart_fonts(loc.code),
            "lead_font": loc.code in LEAD_FONT}


def draw_figures(figures: list[PlannedFigure], out_dir: Path, options: dict[str, Any], *, jobs: int,
                 formats: tuple[str, ...] = CHART_FORMATS, sizes: tuple[str, ...] = CHART_SIZES,
                 cache: bool = True, credits: dict[str, Credit] | None = None,
                 deferred: list[RenderJob] | None = None) -> dict[str, ChartOutput]:
    """Each figure's files in ``out_dir/<id>/``; a figure whose inputs hash to its folder's stamp is reused.

    ``credits`` give each figure its number and the edition's citation facts, drawn on its stand-alone
    files and naming them (a figure without one keeps plain file names).
    """
    check_options(formats, sizes)
    results: dict[str, ChartOutput] = {}
    todo: list[RenderJob] = []
    for fig in figures:
        credit = (credits or {}).get(fig.id)
        table = chart_csv(fig.data, fig.meta.number_format, decimals=fig.meta.decimals,
                          locale=options.get("locale", "en"), numbering=options.get("numbering"))
        key = digest([_spec_bytes(fig), table, repr(sorted(meta_dict(fig.meta).items())).encode(),
                      repr(sorted(options.items())).encode(), repr(credit).encode()])
        names = file_names(fig.id, formats, sizes, credit.stem(fig.id) if credit else None,
                           deck=needs_picture(fig.meta.type))
        folder = out_dir / fig.id
        rendered = not (cache and reusable(folder, names, key))
        results[fig.id] = output_for(fig.meta, folder, names, rendered, credit, fig.data, fig.spec)
        if rendered:
            own_notes = len(fig.spec.notes) if fig.spec is not None else len(fig.meta.notes)
            todo.append(RenderJob(fig.meta, fig.data, fig.spec, folder, formats, sizes, key, table,
                                  fig.print_height_cm, fig.heatmap, fig.meta.notes[:own_notes], credit=credit,
                                  **options))
    if deferred is None:
        render_jobs(todo, jobs)
    else:
        render_jobs(todo, jobs, "report")
        deferred.extend(todo)
    return results


def draw_deferred(deferred: list[RenderJob], *args: Any, **kwargs: Any) -> list[Path]:
    """The stand-alone chart files :func:`write_charts` deferred, then the pack (gallery, zip, deck)
    that shows them: run in one background process while the PDF is laid out."""
    render_jobs(deferred, 1, "pack")
    return write_chart_pack(*args, **kwargs)


def write_pack(plan: EditionPlan, stage: Path, outputs: dict[str, ChartOutput], *, pptx: bool = True) -> list[Path]:
    """The gallery, the zip and the deck: the plan's figures, numbered and ordered as in the report."""
    figures, folder, citation, options = pack_arguments(plan, stage, outputs)
    return write_chart_pack(figures, folder, citation, pptx=pptx, **options)


def pack_arguments(plan: EditionPlan, stage: Path,
                   outputs: dict[str, ChartOutput]) -> tuple[list[ChartOutput], Path, Citation, dict[str, Any]]:
    """What the pack writer needs, as plain data (it may run in another process): the figures in
    report order (additional figures last), the pack's folder, the edition's citation, and as
    options its tables, the theme's colours for the gallery and the pack's words in the plan's language."""
    ordered = [outputs[f.id] for f in plan.figures if f.id in outputs]
    c = plan.theme.colours
    look = {"accent": c.accent, "accent-dark": c.accent_dark, "accent-2": c.accent_2, "highlight": c.highlight,
            "ink": c.ink, "muted": c.muted, "rule": c.rule, "tint": c.tint, "cover-ink": c.cover_ink}
    citation = plan_citation(plan)
    return ordered, stage / CHARTS, citation, {"tables": [t.table for t in plan.tables], "look": look,
                                               "words": pack_words(plan.loc, citation.published)}


def _spec_bytes(fig: PlannedFigure) -> bytes:
    if fig.spec is None:  # the heatmap: its matrix is in the CSV; its labels and format are here
        return json.dumps({k: v for k, v in fig.heatmap.items() if k != "matrix"}, sort_keys=True).encode()
    return fig.spec.model_dump_json(by_alias=True, exclude={"translations"}).encode()


def _remove_others(out_dir: Path, keep: set[str]) -> None:
    if not out_dir.is_dir():
        return
    for path in out_dir.iterdir():
        if path.is_dir() and path.name not in keep and path.name not in PACK_FILES:
            shutil.rmtree(path)
