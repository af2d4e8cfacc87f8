"""Shared helpers for tests that draw charts or prepare plans outside a full build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gta.i18n.localisation import Localisation
from gta.plan import compute_edition, edition_localisation
from gta.plan.figures import chart_figure
from gta.writers.charts import chart_options, draw_figures


def figures_for(project: Any, edition: int, ids: list[str], lang: str = "en") -> tuple[list[Any], Localisation]:
    """The named charts as edition ``edition`` would show them in ``lang`` (whether or not it places them).

    NOTE: from the current sources, under the edition's cut-off: a locked edition's lock holds only the
    charts it places.
    """
    data = compute_edition(project, edition, live=True)
    loc = edition_localisation(project, edition, lang)
    return [chart_figure(data, cid, loc) for cid in ids], loc


def render_charts(project: Any, edition: int, out: Path, ids: list[str] | None = None, *, jobs: int = 1,
                  lang: str = "en", cache: bool = True, **kwargs: Any) -> dict[str, Any]:
    """Draw the named charts (default: every chart with data for the edition) into ``out/<id>/``."""
    from gta.errors import GtaError

    if ids is None:
        ids = []
        for cid in sorted(project.charts):
            try:
                figures_for(project, edition, [cid], lang)
            except GtaError:
                continue
            ids.append(cid)
    from gta.charts import edition_citation, figure_credit

    figures, loc = figures_for(project, edition, ids, lang)
    # NOTE: a chart given no credit is an additional figure, as the pack would label it
    citation = edition_citation(project.editions[edition].meta, lang, numbering=loc.numbering)
    credits = {cid: figure_credit(citation, None) for cid in ids} | dict(kwargs.pop("credits", None) or {})
    return draw_figures(figures, out, chart_options(loc), jobs=jobs, cache=cache, credits=credits, **kwargs)
