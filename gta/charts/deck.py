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

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from .credit import Citation
from .deckchart import EMU_PER_INCH, RTL, box, chart_area, emu, paragraphs, place, text
from .style import INK, MUTED
from .words import PackWords

SLIDE_EMU = (12192000, 6858000)  # 13.33 x 7.5 in: PowerPoint's own 16:9
SLIDE_IN = (SLIDE_EMU[0] / EMU_PER_INCH, SLIDE_EMU[1] / EMU_PER_INCH)
MARGIN_X, MARGIN_Y = 0.7, 0.45  # at least 5 % of the slide's width and height
CONTENT_W = SLIDE_IN[0] - 2 * MARGIN_X
LEADING = 1.2 / 72  # inches per point of type, per line
EM = {"bold": 0.53, "regular": 0.48}  # Arial's mean character width, in em, in running text
NOTE_CHARS = 150  # about what one 11 pt line of the footer holds
NOTE_LINES = 5
RTL_LANGUAGES = ("ar", "fa", "he", "ur")


def deck_bytes(figures: Sequence[Any], citation: Citation, when: dt.datetime, *, data_name: str = "",
               words: PackWords | None = None) -> bytes:
    """The deck of ``figures`` (chart outputs with their credit, plotted data and files), in order;
    its own words (cover, speaker notes) from ``words``, in the edition's language."""
    token = RTL.set(citation.language.split("-")[0] in RTL_LANGUAGES)
    try:
        return _deck(figures, citation, when, data_name, words or PackWords())
    finally:
        RTL.reset(token)


def _deck(figures: Sequence[Any], citation: Citation, when: dt.datetime, data_name: str, words: PackWords) -> bytes:
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_EMU[0]), Emu(SLIDE_EMU[1])
    widescreen_layouts(prs)
    _cover(prs, citation, words)
    for fig in figures:
        _figure_slide(prs, fig, citation, data_name, words)
    props = prs.core_properties
    props.title = words.fill("charts_title", title=citation.title)
    props.author = props.last_modified_by = citation.publisher
    props.subject = words.deck_subject
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
    k = prs.slide_width / emu(10.0)
    left, right = emu(MARGIN_X), prs.slide_width - emu(MARGIN_X)
    top, bottom = emu(MARGIN_Y), prs.slide_height - emu(MARGIN_Y)
    owners = [prs.slide_master, *prs.slide_layouts]
    for owner in owners:
        for ph in owner.placeholders:
            if ph._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm") is None:
                continue
            x0, x1 = int(ph.left * k), int((ph.left + ph.width) * k)
            x0, x1 = max(x0, left), min(x1, right)
            y0, y1 = max(ph.top, top), min(ph.top + ph.height, bottom)
            ph.left, ph.width, ph.top, ph.height = x0, max(x1 - x0, emu(0.5)), y0, max(y1 - y0, emu(0.3))


# --- slides -------------------------------------------------------------------------------------

def _cover(prs: Any, citation: Citation, words: PackWords) -> None:
    from pptx.enum.text import PP_ALIGN

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    text(slide.shapes.title.text_frame, words.fill("charts_title", title=citation.title), 36, INK, bold=True,
         align=PP_ALIGN.CENTER)
    lines = [f"{citation.publisher} · {words.date(citation.published)}", f"{citation.licence}" +
             (f" · {citation.url}" if citation.url else ""), words.deck_hint]
    text(slide.placeholders[1].text_frame, "\n".join(lines), 16, MUTED, align=PP_ALIGN.CENTER)


def _figure_slide(prs: Any, fig: Any, citation: Citation, data_name: str, words: PackWords) -> None:
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
    place(title, *boxes["title"])
    text(title.text_frame, fig.title, size, INK, bold=True)
    title.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    if fig.subtitle:
        sub = slide.shapes.add_textbox(*box(*boxes["subtitle"]))
        sub.name = "Subtitle"
        text(sub.text_frame, fig.subtitle, 15, MUTED)
    frame = chart_area(slide, fig, citation, boxes["chart"])
    frame._element.xpath("./*[1]/p:cNvPr")[0].set("descr", fig.alt)  # NOTE: no public setter for alt text
    footer = slide.shapes.add_textbox(*box(*boxes["footer"]))
    footer.name = "Notes, source and credit"
    footer.text_frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    paragraphs(footer.text_frame, foot)
    notes = [fig.credit.text(fig.title) if fig.credit else fig.citation, "", words.fill("alt", alt=fig.alt), ""]
    notes += [words.fill("note", note=n) for n in fig.notes]
    where = words.fill("data_from", source=fig.files["csv"].name) if "csv" in fig.files else ""
    if where and data_name and fig.credit:
        where = words.fill("deck_sheet", data=where, sheet=fig.credit.label, workbook=data_name)
    notes += ["", where]
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


# --- reproducible bytes -------------------------------------------------------------------------

_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalise_package(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML package with fixed timestamps, keeping its entry order ([Content_Types].xml first).

    Charts embed an Excel workbook of their data, stamped with the clock by XlsxWriter: those
    dates become the edition's too.
    """
    from ..exports import deterministic_zip

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
