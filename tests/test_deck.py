"""The PowerPoint deck, opened as policy staff open it: 16:9, everything inside the slide, native charts
holding the plotted values, source, caveat and credit on each slide, and (with LibreOffice) it converts."""

from __future__ import annotations

import math
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from gta.charts import edition_citation, figure_credit, write_chart_pack
from gta.charts.deckchart import chart_series
from gta.plan.figures import heatmap_from
from gta.writers.charts import draw_figures
from tests.helpers import render_charts

EDITION = 2025
#: One chart of each kind the deck handles, in the order the pack is given them.
ORDER = ["ncmec-reports", "ncmec-files-by-type", "top-countries-2023", "membership", "ncmec-report-types",
         "membership-by-type", "ncmec-reports-by-source", "iwf-2021-2023", "ncmec-categories-2021-2023"]
NATIVE = {"ncmec-reports": XL_CHART_TYPE.LINE_MARKERS, "ncmec-files-by-type": XL_CHART_TYPE.COLUMN_STACKED,
          "top-countries-2023": XL_CHART_TYPE.BAR_CLUSTERED, "membership": XL_CHART_TYPE.COLUMN_CLUSTERED,
          "membership-by-type": XL_CHART_TYPE.COLUMN_CLUSTERED, "ncmec-reports-by-source": XL_CHART_TYPE.AREA_STACKED}
PICTURES = ["iwf-2021-2023", "ncmec-categories-2021-2023", "heatmap"]
EMU_W, EMU_H = 12192000, 6858000


@pytest.fixture(scope="module")
def pack(shipped_project, tmp_path_factory):

    out = tmp_path_factory.mktemp("deck")
    project = shipped_project
    citation = edition_citation(project.editions[EDITION].meta)
    credits = {cid: figure_credit(citation, n) for n, cid in enumerate(ORDER, start=1)}
    outputs = render_charts(project, EDITION, out, ORDER, formats=("png",), sizes=("slide",), jobs=2, credits=credits)
    planned = heatmap_from({"matrix": [[2, 0, 1], [0, None, 3]], "row_labels": ["R1 Fund prevention",
                            "R2 Keep laws in step"], "col_labels": ["Policy", "Justice", "Industry"],
                            "chart_id": "heatmap", "title": "Recommendations by domain",
                            "subtitle": "Capabilities addressed", "source_line": "Source: test", "notes": ("A note.",),
                            "alt": "Heatmap of two recommendations.", "citation": "Test"}, len(ORDER) + 1, EDITION,
                           citation.title)
    heatmap = draw_figures([planned], out, {}, jobs=1, formats=("png",), sizes=("slide",),
                           credits={"heatmap": figure_credit(citation, len(ORDER) + 1)})["heatmap"]
    figures = [outputs[c] for c in ORDER] + [heatmap]
    paths = write_chart_pack(figures, out, citation)
    deck = next(p for p in paths if p.suffix == ".pptx")
    return {"deck": deck, "figures": figures, "citation": citation, "out": out}


@pytest.fixture(scope="module")
def slides(pack):
    deck = Presentation(str(pack["deck"]))
    return deck, list(deck.slides)


def _by_id(pack, slides):
    _, all_slides = slides
    return dict(zip([f.id for f in pack["figures"]], all_slides[1:], strict=True))


def _charts(shapes):
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _charts(shape.shapes)
        elif getattr(shape, "has_chart", False) and shape.has_chart:
            yield shape


def test_the_deck_is_16_9_with_a_cover_and_a_slide_per_figure_in_order(pack, slides):
    deck, all_slides = slides
    assert (deck.slide_width, deck.slide_height) == (EMU_W, EMU_H)
    assert len(all_slides) == 1 + len(pack["figures"])
    assert [s.shapes.title.text for s in all_slides[1:]] == [f.title for f in pack["figures"]]
    assert all_slides[0].shapes.title.text == "Global Threat Assessment 2025: charts"


def _inside(shape, margin: float = 0.05) -> bool:
    return (shape.left >= EMU_W * margin - 1 and shape.top >= EMU_H * margin - 1
            and shape.left + shape.width <= EMU_W * (1 - margin) + 1 and shape.top + shape.height <= EMU_H * (1 - margin) + 1)


def test_every_shape_and_every_layout_placeholder_sits_inside_the_margins(slides):
    deck, all_slides = slides
    for n, slide in enumerate(all_slides):
        for shape in slide.shapes:
            assert _inside(shape), (n, shape.name, shape.left, shape.top, shape.width, shape.height)
    for owner in [deck.slide_master, *deck.slide_layouts]:
        for ph in owner.placeholders:
            assert ph.left + ph.width <= EMU_W and ph.top + ph.height <= EMU_H, (owner.name, ph.name)
            assert ph.left >= 0 and ph.top >= 0, (owner.name, ph.name)
    cover_title = all_slides[0].shapes.title
    assert abs((cover_title.left + cover_title.width / 2) - EMU_W / 2) < EMU_W * 0.01  # centred


def test_charts_powerpoint_can_draw_are_native_and_hold_the_plotted_values(pack, slides):
    by_id = _by_id(pack, slides)
    figures = {f.id: f for f in pack["figures"]}
    for cid, kind in NATIVE.items():
        frames = list(_charts(by_id[cid].shapes))
        assert len(frames) == 1, cid
        chart = frames[0].chart
        assert chart.chart_type == kind, cid
        data = figures[cid].data
        assert list(chart.plots[0].categories) == [str(x) for x in data.frame.index]
        expected = chart_series(data, split_breaks=kind == XL_CHART_TYPE.LINE_MARKERS)
        got = [(s.name, list(s.values)) for s in chart.plots[0].series]
        assert [name for name, _ in got] == [name for name, *_ in expected], cid
        for (name, values), (_, want, _, _) in zip(got, expected, strict=True):
            assert [None if v is None else v for v in values] == want, (cid, name)


def test_a_line_never_crosses_the_2024_break(pack, slides):
    chart = next(_charts(_by_id(pack, slides)["ncmec-reports"].shapes)).chart
    series = list(chart.plots[0].series)
    assert [s.name for s in series] == ["NCMEC CyberTipline reports",
                                        "NCMEC CyberTipline reports (Counting changed, 2024)"]
    before, after = (list(s.values) for s in series)
    assert before[-1] is None and before[-2] == 36210368 and after[:-1] == [None] * (len(after) - 1)
    assert after[-1] == 20512803


def test_small_multiples_are_a_grid_of_native_line_charts(pack, slides):
    figure = next(f for f in pack["figures"] if f.id == "ncmec-report-types")
    frames = list(_charts(_by_id(pack, slides)["ncmec-report-types"].shapes))
    assert [f.chart.chart_title.text_frame.text for f in frames] == [figure.data.labels[k] for k in figure.data.keys]
    assert {f.chart.chart_type for f in frames} == {XL_CHART_TYPE.LINE_MARKERS}
    lefts, tops = sorted({f.left for f in frames}), sorted({f.top for f in frames})
    assert len(lefts) == 2 and len(tops) == 2  # the spec's two columns


def test_charts_powerpoint_cannot_draw_are_pictures_with_alt_text(pack, slides):
    by_id = _by_id(pack, slides)
    figures = {f.id: f for f in pack["figures"]}
    for cid in PICTURES:
        shapes = list(by_id[cid].shapes)
        pictures = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and not list(_charts(shapes)), cid
        assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == figures[cid].alt


def test_native_charts_carry_the_alt_text_and_house_colours(pack, slides):
    from gta.charts.style import PALETTE

    by_id = _by_id(pack, slides)
    frame = next(_charts(by_id["ncmec-files-by-type"].shapes))
    assert frame._element.nvGraphicFramePr.cNvPr.get("descr") == next(
        f.alt for f in pack["figures"] if f.id == "ncmec-files-by-type")
    colours = [str(s.format.fill.fore_color.rgb) for s in frame.chart.plots[0].series]
    assert colours == [c.lstrip("#").upper() for c in PALETTE[:len(colours)]]


def _slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_title_source_caveat_and_credit_are_on_the_slide(pack, slides):
    by_id = _by_id(pack, slides)
    for figure in pack["figures"]:
        text = _slide_text(by_id[figure.id])
        assert figure.title in text and figure.source_line in text, figure.id
        assert figure.credit.line() in text, figure.id
    ncmec = _slide_text(by_id["ncmec-reports"])
    assert "Counting changed (2024):" in ncmec and "not comparable" in ncmec
    assert "WeProtect Global Alliance, Global Threat Assessment 2025, Figure 1 · CC BY 4.0" in ncmec


def test_bounds_are_labelled_as_published(pack, slides):
    chart = next(_charts(_by_id(pack, slides)["membership"].shapes)).chart
    labels = [p.data_label.text_frame.text for p in chart.plots[0].series[0].points
              if p.data_label.has_text_frame]
    assert {"over 200", "almost 300", "350+"} <= set(labels)


def test_speaker_notes_carry_the_citation_alt_text_and_every_note(pack, slides):
    by_id = _by_id(pack, slides)
    for figure in pack["figures"]:
        notes = by_id[figure.id].notes_slide.notes_text_frame.text
        assert figure.credit.text(figure.title) in notes and figure.alt in notes
        assert all(n in notes for n in figure.notes)
        assert figure.files["csv"].name in notes and "gta2025-data-en.xlsx" in notes


def test_the_deck_is_byte_identical_across_runs(pack, tmp_path):
    from gta.charts.deck import deck_bytes
    from gta.charts.pack import pack_date

    when = pack_date(pack["citation"].published)
    first = deck_bytes(pack["figures"], pack["citation"], when)
    time.sleep(1.1)  # NOTE: the charts' embedded workbooks carry the time: cross a second boundary
    assert deck_bytes(pack["figures"], pack["citation"], when) == first


def test_value_axes_leave_room_for_their_labels():
    from gta.charts.deckchart import nice_ceiling

    assert [nice_ceiling(v) for v in (39.8e6, 29_505, 0.7, 100, 101)] == [40e6, 30_000, 0.8, 100, 120]
    assert all(nice_ceiling(v) >= v for v in (1.1, 9.99, 12_345, 987_654_321)) and not math.isnan(nice_ceiling(3))


# --- LibreOffice ----------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (make office)")
def test_libreoffice_converts_the_deck_slide_for_slide(pack, tmp_path):
    from pypdf import PdfReader

    pdf = convert(pack["deck"], tmp_path)
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1 + len(pack["figures"])
    text = reader.pages[1].extract_text()
    assert "Reports to the NCMEC CyberTipline" in text and "CC BY 4.0" in text and "36.2 million" in text


def convert(path: Path, out_dir: Path) -> Path:
    """``soffice --headless --convert-to pdf``, with a private profile so tests never share one."""
    profile = out_dir / "lo-profile"
    done = subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(out_dir), str(path)], capture_output=True, text=True, timeout=180)
    pdf = out_dir / (path.stem + ".pdf")
    assert done.returncode == 0 and pdf.is_file(), done.stdout + done.stderr
    return pdf
