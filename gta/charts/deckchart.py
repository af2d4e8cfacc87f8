"""The chart area of a deck slide: native PowerPoint charts in the house style, or a picture.

PowerPoint draws line, bar, horizontal bar, grouped, stacked and area charts itself; they hold
their data (an embedded workbook), so policy staff can restyle and edit them. Small multiples are
a grid of line charts, one per panel. Charts PowerPoint has no type for (slope, dumbbell,
heatmap, and any new type) are the bare chart as a picture, drawn at the chart area's size.
Lines never cross a series break: each side is a series of its own.
"""

from __future__ import annotations

import contextvars
import math
import re
from typing import Any

from .credit import Citation
from .outputs import needs_picture
from .style import GRID, INK, MUTED, PALETTE

FONT = "Arial"
EMU_PER_INCH = 914400
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
#: Whether the deck being written reads right to left (set by :func:`gta.charts.deck.deck_bytes`).
RTL: contextvars.ContextVar[bool] = contextvars.ContextVar("deck_rtl", default=False)
#: Excel number formats of the chart styles (axis, then data labels), for English decks.
EXCEL_FORMATS = {
    "words": ('[>=1000000000]#,##0,,," billion";[>=1000000]#,##0,," million";#,##0',
              '[>=1000000000]#,##0.0,,," billion";[>=1000000]#,##0.0,," million";#,##0'),
    "full": ("#,##0", "#,##0"),
    "rate": ("#,##0", "#,##0"),
    "plain": ("General", "General"),
    "percent": ("0%", "0%"),
    "change": ('+0%;-0%;0%', '+0%;-0%;0%'),
    "rise": ('+0%;-0%;0%', '+0%;-0%;0%'),
    "increase": ('+0%;-0%;0%', '+0%;-0%;0%'),
    "multiple": ('0.0"×"', '0.0"×"'),
    "year": ("0", "0"),
}


def chart_area(slide: Any, fig: Any, citation: Citation, box: tuple[float, float, float, float]) -> Any:
    """The chart of one slide in ``box`` (left, top, width, height in inches): native where PowerPoint can."""
    kind = fig.meta.type if fig.meta is not None else "heatmap"
    x, y, w, h = box
    if needs_picture(kind) or fig.data is None:
        return _picture(slide, fig, x, y, w, h)
    if kind == "small-multiples":
        return _small_multiples(slide, fig, citation, x, y, w, h)
    return native_chart(slide, fig, citation, kind, fig.data, x, y, w, h)


def _picture(slide: Any, fig: Any, x: float, y: float, w: float, h: float) -> Any:
    from PIL import Image

    path = fig.files.get("png_deck") or fig.files.get("png_slide")
    with Image.open(path) as im:
        ratio = im.width / im.height
    pw, ph = (w, w / ratio) if w / ratio <= h else (h * ratio, h)
    pic = slide.shapes.add_picture(str(path), *box(x + (w - pw) / 2, y + (h - ph) / 2, pw, ph))
    pic.name = "Chart (picture)"
    return pic


def _small_multiples(slide: Any, fig: Any, citation: Citation, x: float, y: float, w: float, h: float) -> Any:
    """One native line chart per series in a grid (each with its own scale, as the report's panels)."""
    from .data import PlotData

    data = fig.data
    keys = data.keys
    ncols = (fig.spec.columns if fig.spec is not None and fig.spec.columns else None) or \
        (2 if len(keys) == 4 else min(3, len(keys)))
    nrows = math.ceil(len(keys) / ncols)
    gap = 0.2
    cw, ch = (w - gap * (ncols - 1)) / ncols, (h - gap * (nrows - 1)) / nrows
    group = slide.shapes.add_group_shape()
    group.name = "Chart (small multiples)"
    for i, key in enumerate(keys):
        sub = PlotData(data.frame[[key]], data.qualifiers[[key]], data.confidence[[key]], {key: data.labels[key]},
                       {key: data.units.get(key, "")}, data.x_kind, data.x_label, data.breaks_for(key))
        frame = native_chart(group, fig, citation, "line", sub, x + (i % ncols) * (cw + gap),
                             y + (i // ncols) * (ch + gap), cw, ch, panel=data.labels[key], colour_at=0)
        frame.name = f"Chart: {data.labels[key]}"
    return group


def native_chart(shapes_owner: Any, fig: Any, citation: Citation, kind: str, data: Any, x: float, y: float,
                 w: float, h: float, *, panel: str = "", colour_at: int | None = None) -> Any:
    """A PowerPoint chart of ``data`` (line, bar, barh, grouped-bar, stacked-bar or area) in the house style."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION

    style = fig.meta.number_format
    decimals = fig.meta.decimals
    axis_fmt, label_fmt = excel_formats(style, decimals, citation.language)
    series = chart_series(data, split_breaks=kind == "line")
    cd = CategoryChartData(number_format=label_fmt)
    cd.categories = [str(c) for c in data.frame.index]
    for name, values, _, _ in series:
        cd.add_series(name, values, number_format=label_fmt)
    chart_type = {"line": XL_CHART_TYPE.LINE_MARKERS, "bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
                  "barh": XL_CHART_TYPE.BAR_CLUSTERED, "grouped-bar": XL_CHART_TYPE.COLUMN_CLUSTERED,
                  "stacked-bar": XL_CHART_TYPE.COLUMN_STACKED, "area": XL_CHART_TYPE.AREA_STACKED}[kind]
    frame = shapes_owner.shapes.add_chart(chart_type, *box(x, y, w, h), cd)
    frame.name = "Chart"
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, _pt(12 if not panel else 11)
    chart.font.color.rgb = _rgb("#333333")
    chart.has_title = bool(panel)
    if panel:
        text(chart.chart_title.text_frame, panel, 12, INK, bold=True)
    chart.has_legend = len(series) > 1 and not panel
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = _pt(12)
    _axes(chart, kind, axis_fmt, fig.spec, data)
    plot = chart.plots[0]
    if kind in ("bar", "barh", "grouped-bar", "stacked-bar"):
        plot.gap_width = 60 if kind != "grouped-bar" else 80
        plot.overlap = 100 if kind == "stacked-bar" else (-5 if kind == "grouped-bar" else 0)
    for s, (_, values, _, key) in zip(chart.series, series, strict=True):
        colour = _rgb(PALETTE[(colour_at if colour_at is not None else data.keys.index(key)) % len(PALETTE)])
        _style_series(s, kind, colour, len(data.frame.index))
        _labels(s, kind, data, key, values, fig, citation)
    return frame


def chart_series(data: Any, *, split_breaks: bool) -> list[tuple[str, list[float | None], int, str]]:
    """(name, values, part, key) per drawn series; a line is split at each series break, so it never crosses one.

    The part after a break is named for it: "NCMEC CyberTipline reports (Counting changed, 2024)".
    """
    out = []
    index = list(data.frame.index)
    for key in data.keys:
        values = [None if _nan(v) else float(v) for v in data.frame[key]]
        cuts = sorted(b.year for b in data.breaks_for(key)) if split_breaks and data.x_kind == "year" else []
        if not cuts:
            out.append((data.labels[key], values, 0, key))
            continue
        edges = [min(index), *cuts, max(index) + 1]
        for part, (lo, hi) in enumerate(zip(edges, edges[1:], strict=False)):
            part_values = [v if lo <= x < hi else None for x, v in zip(index, values, strict=True)]
            if all(v is None for v in part_values):
                continue
            mark = next((b for b in data.breaks_for(key) if b.year == lo), None)
            name = data.labels[key] if part == 0 or mark is None else f"{data.labels[key]} ({mark.label}, {lo})"
            out.append((name, part_values, part, key))
    return out


def excel_formats(style: str, decimals: int | None, language: str) -> tuple[str, str]:
    """(axis, data label) number formats; outside English, no words ("million") in either."""
    axis, label = EXCEL_FORMATS.get(style, ("General", "General"))
    if language != "en" and style in ("words",):
        axis = label = "#,##0"
    if decimals and style in ("percent", "change", "rise", "increase", "full", "rate"):
        label = re.sub(r"0(%|;|$)", "0." + "0" * decimals + r"\1", label)
    return axis, label


def _axes(chart: Any, kind: str, axis_fmt: str, spec: Any, data: Any) -> None:
    from pptx.enum.chart import XL_TICK_LABEL_POSITION, XL_TICK_MARK

    va, ca = chart.value_axis, chart.category_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = _rgb(GRID)
    va.major_gridlines.format.line.width = _pt(0.75)
    va.format.line.fill.background()
    va.major_tick_mark = va.minor_tick_mark = XL_TICK_MARK.NONE
    va.tick_labels.number_format, va.tick_labels.number_format_is_linked = axis_fmt, False
    va.tick_labels.font.size = _pt(12)
    lo, hi = value_range(data, stacked=kind in ("stacked-bar", "area"))
    va.minimum_scale = spec.y.min if spec is not None and spec.y.min is not None else min(0.0, lo)
    if spec is not None and spec.y.max is not None:
        va.maximum_scale = spec.y.max
    elif hi > 0 and kind != "barh":
        va.maximum_scale = nice_ceiling(hi * 1.1)  # NOTE: room for the value labels above the highest point
    ca.format.line.color.rgb = _rgb("#666666")
    ca.major_tick_mark = ca.minor_tick_mark = XL_TICK_MARK.NONE
    ca.tick_labels.font.size = _pt(12)
    ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # NOTE: below negative bars too
    if kind == "barh":
        ca.reverse_order = True  # the first row at the top, as in the report
        va.visible = False  # values are labelled on the bars
        va.has_major_gridlines = False
    if spec is not None and spec.y.label and kind != "barh":
        va.has_title = True
        text(va.axis_title.text_frame, spec.y.label, 12, MUTED)


def value_range(data: Any, *, stacked: bool) -> tuple[float, float]:
    frame = data.frame.astype(float)
    if stacked:
        return float(min(0.0, frame.min().min())), float(frame.fillna(0).sum(axis=1).max())
    return float(frame.min().min()), float(frame.max().max())


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x a power of ten) at or above ``value``."""
    mag = 10 ** math.floor(math.log10(value))
    return next(m * mag for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * mag >= value * (1 - 1e-12))


def _style_series(s: Any, kind: str, colour: Any, n_points: int) -> None:
    from pptx.enum.chart import XL_MARKER_STYLE

    if kind == "line":
        s.smooth = False
        s.format.line.color.rgb = colour
        s.format.line.width = _pt(2.25)
        s.marker.style = XL_MARKER_STYLE.CIRCLE
        s.marker.size = 6 if n_points <= 15 else 4
        s.marker.format.fill.solid()
        s.marker.format.fill.fore_color.rgb = colour
        s.marker.format.line.color.rgb = colour
    else:
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = colour
        if kind in ("stacked-bar", "area"):
            s.format.line.color.rgb = _rgb("#FFFFFF")
            s.format.line.width = _pt(0.5)
        if kind in ("bar", "barh"):
            s.invert_if_negative = False


def _labels(s: Any, kind: str, data: Any, key: str, values: list[float | None], fig: Any, citation: Citation) -> None:
    """Value labels where the report's chart has them: the ends of a line, every bar of a short bar chart."""
    from pptx.enum.chart import XL_LABEL_POSITION

    from ..formatting import format_number

    index = list(data.frame.index)
    known = [i for i, v in enumerate(values) if v is not None]
    if not known or kind in ("stacked-bar", "area"):
        return
    if kind == "line":
        wanted = {known[0], known[-1]} if len(data.keys) == 1 else {known[-1]}
        position = XL_LABEL_POSITION.ABOVE
    elif kind == "grouped-bar":
        wanted = set(known) if len(index) * len(data.keys) <= 16 else set()
        position = XL_LABEL_POSITION.OUTSIDE_END
    else:
        wanted = set(known) if len(index) <= 12 else {known[0], known[-1]}
        position = XL_LABEL_POSITION.OUTSIDE_END
    for i in sorted(wanted):
        q = data.qualifier(index[i], key)
        dl = s.points[i].data_label
        dl.position = position
        dl.font.size = _pt(12 if kind != "grouped-bar" else 10)
        dl.font.color.rgb = _rgb(INK)
        dl._dLbl.get_or_add_txPr().find(_A + "bodyPr").set("wrap", "none")  # NOTE: "36.2 million" on one line
        if q != "exact" or citation.language != "en":
            # NOTE: a bound or an estimate is labelled as published ("over 200"), as text.
            dl.text_frame.text = format_number(values[i], fig.meta.number_format, qualifier=q,
                                               decimals=fig.meta.decimals, locale=citation.language,
                                               numbering=citation.numbering)
            for p in dl.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = _pt(12 if kind != "grouped-bar" else 10)
                    r.font.color.rgb = _rgb(INK)
            for body in dl._dLbl.xpath("c:tx/c:rich/a:bodyPr"):
                body.set("wrap", "none")


# --- text and geometry --------------------------------------------------------------------------

def text(tf: Any, text: str, size: float, colour: str, *, bold: bool = False, align: Any = None) -> None:
    paragraphs(tf, [(line, size, colour, bold) for line in text.split("\n")], align=align)


def paragraphs(tf: Any, lines: list[tuple[str, float, str, bool]], align: Any = None) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN

    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    rtl = RTL.get()
    for i, (line, size, colour, bold) in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        p.alignment = align if align is not None else PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT
        if rtl:
            p._p.get_or_add_pPr().set("rtl", "1")  # NOTE: python-pptx has no setter for right-to-left
        for r in p.runs:
            r.font.name, r.font.size, r.font.bold = FONT, _pt(size), bold
            r.font.color.rgb = _rgb(colour)


def place(shape: Any, x: float, y: float, w: float, h: float) -> None:
    shape.left, shape.top, shape.width, shape.height = box(x, y, w, h)


def box(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    from pptx.util import Emu

    return Emu(emu(x)), Emu(emu(y)), Emu(emu(w)), Emu(emu(h))


def emu(inches: float) -> int:
    return int(round(inches * EMU_PER_INCH))


def _pt(size: float) -> Any:
    from pptx.util import Pt

    return Pt(size)


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _nan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


