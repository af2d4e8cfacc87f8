"""Where each output of a plan lives in the build folder: one place, so writers and templates agree."""

from __future__ import annotations

from ..charts.outputs import file_names
from ..plan import EditionPlan, PlannedFigure

CHART_FORMATS = ("png", "svg", "pdf")
CHART_SIZES = ("print", "slide", "phone")
CHARTS = "charts"


def report_image(plan: EditionPlan) -> str:
    """The chart file the report embeds: the SVG, except for right-to-left editions.

    NOTE: WeasyPrint draws SVG text glyph by glyph, without Arabic shaping or bidi; matplotlib
    (with libraqm) shapes it correctly in the 300-dpi PNG, so the Arabic report shows that.
    """
    return "png" if plan.loc.direction == "rtl" else "svg"


def figure_src(fig: PlannedFigure, plan: EditionPlan) -> str:
    """The report's image of a figure, relative to the report."""
    return f"{CHARTS}/{fig.id}/{file_names(fig.id, CHART_FORMATS, CHART_SIZES)[report_image(plan)]}"


def screen_sources(fig: PlannedFigure) -> tuple[str, str]:
    """The images screens show, relative to the report: (desktop, phone), both drawn with the report's font.

    NOTE: an SVG shown with <img> cannot use the page's web fonts, so screens get the 300-dpi PNG
    (and phones one drawn at their width); the PDF keeps the SVG, whose text WeasyPrint sets in the
    report's fonts.
    """
    names = file_names(fig.id, CHART_FORMATS, CHART_SIZES)
    return f"{CHARTS}/{fig.id}/{names['png']}", f"{CHARTS}/{fig.id}/{names['png_phone']}"
