"""Where each output of a plan lives in the build folder: one place, so writers and templates agree."""

from __future__ import annotations

from ..charts.credit import Citation, Credit, edition_citation, figure_credit
from ..charts.outputs import file_names, needs_picture
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


def plan_citation(plan: EditionPlan) -> Citation:
    """The edition's citation facts, in the plan's language (every chart file carries them)."""
    return edition_citation(plan.edition, plan.language, plan.edition.title, plan.loc.numbering)


def figure_credits(plan: EditionPlan) -> dict[str, Credit]:
    """Each figure's credit line and file stem: "…, Figure 3 · CC BY 4.0", ``gta2025-fig03-<id>``."""
    citation = plan_citation(plan)
    loc = plan.loc
    return {f.id: figure_credit(citation, f.number, loc.gettext("Additional figure") if f.number is None else
                                f"{loc.gettext('Figure')} {loc.integer(f.number)}") for f in plan.figures}


def figure_downloads(fig: PlannedFigure, plan: EditionPlan, credit: Credit) -> tuple[tuple[str, str], ...]:
    """(format, path relative to the report) of a figure's stand-alone files: PNG, SVG and data."""
    names = file_names(fig.id, CHART_FORMATS, CHART_SIZES, credit.stem(fig.id), deck=needs_picture(fig.meta.type))
    return tuple((label, f"{CHARTS}/{fig.id}/{names[key]}") for label, key in
                 (("PNG", "png_titled"), ("SVG", "svg_titled"), ("CSV", "csv")) if key in names)


def screen_sources(fig: PlannedFigure) -> tuple[str, str]:
    """The images screens show, relative to the report: (desktop, phone), both drawn with the report's font.

    NOTE: an SVG shown with <img> cannot use the page's web fonts, so screens get the 300-dpi PNG
    (and phones one drawn at their width); the PDF keeps the SVG, whose text WeasyPrint sets in the
    report's fonts.
    """
    names = file_names(fig.id, CHART_FORMATS, CHART_SIZES, deck=needs_picture(fig.meta.type))
    return f"{CHARTS}/{fig.id}/{names['png']}", f"{CHARTS}/{fig.id}/{names['png_phone']}"
