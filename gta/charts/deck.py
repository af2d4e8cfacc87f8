"""The PowerPoint deck: one 16:9 slide per figure, with charts policy staff can edit.

Every chart PowerPoint can draw (line, bar, stacked, grouped, area, and small multiples as a grid
of line charts) is a native chart holding its data, in the house colours; slope, dumbbell and
heatmap charts (which PowerPoint cannot draw) are a picture of the bare chart. Title, subtitle,
key caveats, source line and credit are text on the slide, inside a 5 % margin; the citation,
alt text and every note are in the speaker notes.

Slide text is set in Arial: a deck travels to machines without Source Sans Pro, and Arial (or
its metric twin Liberation Sans) is on all of them, so nothing reflows when the deck is opened.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from .credit import Citation
from .outputs import needs_picture
from .style import GRID, INK, MUTED, PALETTE

FONT = "Arial"
EMU_PER_INCH = 914400
SLIDE_EMU = (12192000, 6858000)  # 13.33 x 7.5 in: PowerPoint's own 16:9
SLIDE_IN = (SLIDE_EMU[0] / EMU_PER_INCH, SLIDE_EMU[1] / EMU_PER_INCH)
MARGIN_X, MARGIN_Y = 0.7, 0.45  # at least 5 % of the slide's width and height
CONTENT_W = SLIDE_IN[0] - 2 * MARGIN_X
LEADING = 1.2 / 72  # inches per point of type, per line
EM = {"bold": 0.53, "regular": 0.48}  # Arial's mean character width, in em, in running text
NOTE_CHARS = 150  # about what one 11 pt line of the footer holds
NOTE_LINES = 5
RTL_LANGUAGES = ("ar", "fa", "he", "ur")
_RTL: contextvars.ContextVar[bool] = contextvars.ContextVar("deck_rtl", default=False)
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


def deck_bytes(figures: Sequence[Any], citation: Citation, when: dt.datetime, *, data_name: str = "") -> bytes:
    """The deck of ``figures`` (chart outputs with their credit, plotted data and files), in order."""
    token = _RTL.set(citation.language.split("-")[0] in RTL_LANGUAGES)
    try:
        return _deck(figures, citation, when, data_name)
    finally:
        _RTL.reset(token)


def _deck(figures: Sequence[Any], citation: Citation, when: dt.datetime, data_name: str) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_EMU[0]), Emu(SLIDE_EMU[1])
    widescreen_layouts(prs)
    _cover(prs, citation)
    for fig in figures:
        _figure_slide(prs, fig, citation, data_name)
    props = prs.core_properties
    props.title = f"{citation.title}: charts"
    props.author = props.last_modified_by = citation.publisher
    props.subject = "Charts from the Global Threat Assessment"
    props.language = citation.language
    props.revision = 1
    naive = when.replace(tzinfo=None)
    props.created = props.modified = props.last_printed = naive
    buf = io.BytesIO()
    prs.save(buf)
    return normalise_package(buf.getvalue(), when)


def widescreen_layouts(prs: Any) -> None:
    """Stretch the default template's 4:3 master and layouts to the 16:9 slide, inside the margins.

    Only placeholders that set their own position are moved; the others inherit the master's.
    """
    k = prs.slide_width / _emu(10.0)
    left, right = _emu(MARGIN_X), prs.slide_width - _emu(MARGIN_X)
    top, bottom = _emu(MARGIN_Y), prs.slide_height - _emu(MARGIN_Y)
    owners = [prs.slide_master, *prs.slide_layouts]
    for owner in owners:
        for ph in owner.placeholders:
            if ph._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm") is None:
                continue
            x0, x1 = int(ph.left * k), int((ph.left + ph.width) * k)
            x0, x1 = max(x0, left), min(x1, right)
            y0, y1 = max(ph.top, top), min(ph.top + ph.height, bottom)
            ph.left, ph.width, ph.top, ph.height = x0, max(x1 - x0, _emu(0.5)), y0, max(y1 - y0, _emu(0.3))


# --- slides -------------------------------------------------------------------------------------

def _cover(prs: Any, citation: Citation) -> None:
    from pptx.enum.text import PP_ALIGN

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    _text(slide.shapes.title.text_frame, f"{citation.title}: charts", 36, INK, bold=True, align=PP_ALIGN.CENTER)
    lines = [f"{citation.publisher} · {citation.published}", f"{citation.licence}" +
             (f" · {citation.url}" if citation.url else ""),
             "Every chart with its source; cite each as given on its slide."]
    _text(slide.placeholders[1].text_frame, "\n".join(lines), 16, MUTED, align=PP_ALIGN.CENTER)


def _figure_slide(prs: Any, fig: Any, citation: Citation, data_name: str) -> None:
    from pptx.enum.text import MSO_ANCHOR

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    shown, _ = key_notes(fig)  # NOTE: every note is in the speaker notes
    foot = [(n, 11, MUTED, False) for n in shown]
    foot.append((fig.source_line, 11, INK, False))
    foot.append((fig.credit.line() if fig.credit else citation.title, 10, MUTED, False))
    size = 26 if _lines(fig.title, 26, "bold") == 1 else 24
    boxes = layout(_lines(fig.title, size, "bold") * size * LEADING,
                   _lines(fig.subtitle, 15) * 15 * LEADING if fig.subtitle else 0.0,
                   sum(_lines(t, z) * z * LEADING for t, z, _, _ in foot) + 0.05 * len(foot))
    title = slide.shapes.title
    _place(title, *boxes["title"])
    _text(title.text_frame, fig.title, size, INK, bold=True)
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    if fig.subtitle:
        box = slide.shapes.add_textbox(*_box(*boxes["subtitle"]))
        box.name = "Subtitle"
        _text(box.text_frame, fig.subtitle, 15, MUTED)
    frame = _chart(slide, fig, citation, boxes["chart"])
    frame._element.xpath("./*[1]/p:cNvPr")[0].set("descr", fig.alt)  # NOTE: no public setter for alt text
    footer = slide.shapes.add_textbox(*_box(*boxes["footer"]))
    footer.name = "Notes, source and credit"
    footer.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    _paragraphs(footer.text_frame, foot)
    notes = [fig.credit.text(fig.title) if fig.credit else fig.citation, "", f"Alt text: {fig.alt}", ""]
    notes += [f"Note: {n}" for n in fig.notes]
    where = f"Data: {fig.files['csv'].name}" if "csv" in fig.files else ""
    if data_name and fig.credit:
        where += f"; sheet “{fig.credit.label}” of {data_name}"
    notes += ["", where + "." if where else ""]
    slide.notes_slide.notes_text_frame.text = "\n".join(notes).rstrip()


def layout(title_h: float, subtitle_h: float, footer_h: float) -> dict[str, tuple[float, float, float, float]]:
    """(left, top, width, height) in inches of the title, subtitle, chart and footer, top to bottom in the margins."""
    top = MARGIN_Y
    boxes = {"title": (MARGIN_X, top, CONTENT_W, title_h)}
    top += title_h + 0.1
    if subtitle_h:
        boxes["subtitle"] = (MARGIN_X, top, CONTENT_W, subtitle_h)
        top += subtitle_h
    foot_top = SLIDE_IN[1] - MARGIN_Y - footer_h
    boxes["chart"] = (MARGIN_X, top + 0.15, CONTENT_W, foot_top - top - 0.3)
    boxes["footer"] = (MARGIN_X, foot_top, CONTENT_W, footer_h)
    return boxes


def _lines(text: str, size: float, weight: str = "regular") -> int:
    per_line = max(10, int(CONTENT_W * 72 / (size * EM[weight])))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def key_notes(fig: Any) -> tuple[list[str], list[str]]:
    """The notes shown on the slide (series breaks first, then the chart's own), and those left to the speaker notes."""
    breaks = [b.year for b in (fig.data.breaks if fig.data is not None else [])]
    ordered = sorted(fig.notes, key=lambda n: 0 if any(f"({y})" in n for y in breaks) else 1)
    shown, used = [], 0
    for note in ordered:
        lines = math.ceil(len(note) / NOTE_CHARS)
        if used + lines > NOTE_LINES:
            continue
        shown.append(note)
        used += lines
    return shown, [n for n in fig.notes if n not in shown]


# --- the chart ----------------------------------------------------------------------------------

def _chart(slide: Any, fig: Any, citation: Citation, box: tuple[float, float, float, float]) -> Any:
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
    pic = slide.shapes.add_picture(str(path), *_box(x + (w - pw) / 2, y + (h - ph) / 2, pw, ph))
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
    frame = shapes_owner.shapes.add_chart(chart_type, *_box(x, y, w, h), cd)
    frame.name = "Chart"
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, _pt(12 if not panel else 11)
    chart.font.color.rgb = _rgb("#333333")
    chart.has_title = bool(panel)
    if panel:
        _text(chart.chart_title.text_frame, panel, 12, INK, bold=True)
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
        _text(va.axis_title.text_frame, spec.y.label, 12, MUTED)


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

def _text(tf: Any, text: str, size: float, colour: str, *, bold: bool = False, align: Any = None) -> None:
    _paragraphs(tf, [(line, size, colour, bold) for line in text.split("\n")], align=align)


def _paragraphs(tf: Any, lines: list[tuple[str, float, str, bool]], align: Any = None) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN

    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
    rtl = _RTL.get()
    for i, (line, size, colour, bold) in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.text = line
        p.alignment = align if align is not None else PP_ALIGN.RIGHT if rtl else PP_ALIGN.LEFT
        if rtl:
            p._p.get_or_add_pPr().set("rtl", "1")  # NOTE: python-pptx has no setter for right-to-left
        for r in p.runs:
            r.font.name, r.font.size, r.font.bold = FONT, _pt(size), bold
            r.font.color.rgb = _rgb(colour)


def _place(shape: Any, x: float, y: float, w: float, h: float) -> None:
    shape.left, shape.top, shape.width, shape.height = _box(x, y, w, h)


def _box(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    from pptx.util import Emu

    return Emu(_emu(x)), Emu(_emu(y)), Emu(_emu(w)), Emu(_emu(h))


def _emu(inches: float) -> int:
    return int(round(inches * EMU_PER_INCH))


def _pt(size: float) -> Any:
    from pptx.util import Pt

    return Pt(size)


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _nan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


# --- reproducible bytes -------------------------------------------------------------------------

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalise_package(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML package with fixed timestamps, keeping its entry order ([Content_Types].xml first).

    Charts embed an Excel workbook of their data, stamped with the clock by XlsxWriter: those
    dates become the edition's too.
    """
    from .pack import deterministic_zip

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename.endswith(".xlsx"):
                blob = normalise_package(blob, when)
            elif info.filename == "docProps/core.xml":
                blob = _CORE_DATES.sub(lambda m: m.group(1) + stamp + m.group(3), blob)
            entries.append((info.filename, blob))
    return deterministic_zip(entries, when)
