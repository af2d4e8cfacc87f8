"""Charts in Arabic and Chinese: the Simplified Chinese face, right-aligned Arabic text, and no library noise."""

from __future__ import annotations

import base64
import io
import logging
import re
import warnings
from pathlib import Path

import pytest

from gta.charts.localise import chart_fonts
from gta.fonts import system_font
from gta.load import load_project
from tests.helpers import render_charts

needs_cjk = pytest.mark.skipif(not system_font("Noto Sans CJK SC"), reason="fonts-noto-cjk is not installed (make fonts)")
needs_arabic = pytest.mark.skipif(not system_font("Noto Sans Arabic"), reason="fonts-noto-core is not installed (make fonts)")

#: 直 (U+76F4) and 骨 (U+9AA8) are drawn differently in Simplified Chinese and Japanese.
ZH_TITLE = "热线举报，{first}–{last}（直接与骨）"
AR_TITLE = "بلاغات الخط الساخن، {first}–{last}"


def _translate(project: Path, lang: str, title: str) -> None:
    spec = project / "figures" / "fixture-reports.yaml"
    spec.write_text(spec.read_text() + f"translations:\n  {lang}:\n    title: \"{title}\"\n"
                    "    subtitle: \"" + title.split("，")[0].split("،")[0] + "\"\n", encoding="utf-8")


def _render(project: Path, lang: str, out: Path, **kwargs) -> dict:
    return render_charts(load_project(project), 2025, out, ["fixture-reports"], lang=lang, cache=False, **kwargs)


def _clear_font_caches() -> None:
    """matplotlib warns about a missing weight once per process: forget what was looked up, so the test sees it."""
    from matplotlib import font_manager

    from gta.charts import svgfile

    font_manager.fontManager._findfont_cached.cache_clear()  # noqa: SLF001
    svgfile._find.cache_clear()  # noqa: SLF001


# --- Chinese: the Simplified Chinese face --------------------------------------------------------

@needs_cjk
def test_chinese_charts_are_drawn_in_the_simplified_chinese_face(fixture_project: Path, tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    _translate(fixture_project, "zh", ZH_TITLE)
    files = _render(fixture_project, "zh", tmp_path)["fixture-reports"].files
    # the PDF matplotlib writes embeds the SC face, never the Japanese one
    fonts = {str(f.get_object()["/BaseFont"]) for page in PdfReader(str(files["pdf_titled"])).pages
             for f in page["/Resources"]["/Font"].values()}
    assert any("NotoSansCJKsc" in f for f in fonts), fonts
    assert not any("jp" in f.lower() for f in fonts), fonts
    # the SVG names the SC face first, and the subset it carries has the SC glyph forms
    svg = files["svg_titled"].read_text(encoding="utf-8")
    families = set(re.findall(r"font-family: ([^;\"]+)", svg))
    assert families and all(f.startswith("'Noto Sans CJK SC'") for f in families if "," in f), families
    sc_face = next(f for f in chart_fonts("zh") if "Regular" in f[1])
    with TTFont(sc_face[1], fontNumber=sc_face[2], lazy=True) as sc, TTFont(sc_face[1], fontNumber=0, lazy=True) as jp:
        sc_glyphs = {c: sc.getBestCmap()[ord(c)] for c in "直骨"}
        assert all(jp.getBestCmap()[ord(c)] != g for c, g in sc_glyphs.items())  # the check can tell them apart
    embedded = re.findall(r"font-family: 'Noto Sans CJK SC'; font-weight: \d+; [^)]*base64,([^)]+)\)", svg)
    drawn = {}
    for data in embedded:
        sub = TTFont(io.BytesIO(base64.b64decode(data)))
        assert sub["name"].getDebugName(1) == "Noto Sans CJK SC"
        drawn |= {c: sub.getBestCmap()[ord(c)] for c in "直骨" if ord(c) in sub.getBestCmap()}
    assert drawn == sc_glyphs


@needs_cjk
def test_the_chinese_report_sets_its_chart_text_in_the_simplified_chinese_face(fixture_project: Path,
                                                                               tmp_path: Path) -> None:
    """WeasyPrint draws the report's SVG charts itself: their Chinese must come out SC, not JP."""
    import weasyprint
    from pypdf import PdfReader

    _translate(fixture_project, "zh", ZH_TITLE)
    svg = _render(fixture_project, "zh", tmp_path, formats=("svg",), sizes=("print",))["fixture-reports"].files["svg_titled"]
    page = tmp_path / "page.html"
    page.write_text(f'<html lang="zh"><body><img src="{svg.name}" style="width: 16cm"></body></html>')
    page.with_name(svg.name).write_bytes(svg.read_bytes())
    weasyprint.HTML(str(page)).write_pdf(tmp_path / "page.pdf")
    reader = PdfReader(str(tmp_path / "page.pdf"))
    fonts: set[str] = set()

    def visit(text, cm, tm, font, size):  # noqa: ANN001 - pypdf's visitor signature
        if font is not None and re.search(r"[\u4e00-\u9fff]", text or ""):
            fonts.add(str(font.get("/BaseFont")))

    reader.pages[0].extract_text(visitor_text=visit)
    assert fonts and all("CJK-SC" in f for f in fonts), fonts


# --- Arabic: right-aligned titles, subtitles, notes and source ---------------------------------------

def _frame_texts(rtl: bool) -> list:
    from gta.charts.draw import add_frame, new_figure
    from gta.charts.style import Sizes

    fig = new_figure(6.3, 3.5)
    fig.add_subplot().plot([1, 2, 3])
    add_frame(fig, AR_TITLE, "عدد البلاغات كل عام", "المصدر: الخط الساخن", Sizes(rtl=rtl), grow=True,
              notes=("ملاحظة",), credit="WeProtect Global Alliance")
    return fig.texts


@pytest.mark.parametrize("rtl", [True, False])
def test_titles_notes_and_source_keep_to_the_reading_side(rtl: bool) -> None:
    title, subtitle, foot = _frame_texts(rtl)
    for text in (title, subtitle, foot):
        x, _ = text.get_position()
        assert text.get_horizontalalignment() == ("right" if rtl else "left")
        assert (x > 0.95) if rtl else (x < 0.05)


@needs_arabic
def test_an_arabic_slide_and_print_image_are_drawn_right_aligned(fixture_project: Path, tmp_path: Path) -> None:
    """The rendered files, not only the frame: the title's ink ends at the right margin."""
    from PIL import Image

    _translate(fixture_project, "ar", AR_TITLE)
    files = _render(fixture_project, "ar", tmp_path, formats=("png",), sizes=("print",))["fixture-reports"].files
    with Image.open(files["png_titled"]) as im:
        grey = im.convert("L")
        band = grey.crop((0, 0, grey.width, int(grey.height * 0.06)))  # the title's first line
        dark = [x for x in range(band.width) for y in range(band.height) if band.getpixel((x, y)) < 128]
        columns = sorted(set(dark))
    assert columns, "no title drawn"
    assert band.width - columns[-1] < 0.05 * band.width  # ends at the right margin
    assert columns[0] > 0.25 * band.width  # and does not start at the left one


def test_legends_start_at_the_right_edge_in_arabic() -> None:
    from gta.charts.draw import _legend, new_figure
    from gta.charts.style import Sizes

    fig = new_figure(6.3, 3.5)
    ax = fig.add_subplot()
    ax.plot([1, 2], label="أ")
    ax.plot([2, 1], label="ب")
    ax.set_title("بلاغات", loc="left")
    _legend(fig, ax, None, Sizes(rtl=True))
    legend = ax.get_legend()
    assert legend._loc in (4, "lower right")  # noqa: SLF001 - matplotlib stores the code
    assert [t.get_text() for t in legend.get_texts()] == ["ب", "أ"]  # drawn left to right: the first rightmost
    assert ax.get_title(loc="left") == "بلاغات"  # the unit keeps the other end


# --- no noise ----------------------------------------------------------------------------------------

@needs_arabic
@needs_cjk
@pytest.mark.parametrize(("lang", "title"), [("ar", AR_TITLE), ("zh", ZH_TITLE)])
def test_drawing_arabic_and_chinese_charts_prints_no_warning(fixture_project: Path, tmp_path: Path, lang: str,
                                                            title: str, caplog: pytest.LogCaptureFixture) -> None:
    _translate(fixture_project, lang, title)
    _clear_font_caches()
    caplog.set_level(logging.WARNING)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _render(fixture_project, lang, tmp_path)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert [str(w.message) for w in caught] == []


@needs_arabic
@needs_cjk
def test_titles_use_a_weight_every_font_of_the_language_has() -> None:
    from gta.charts.style import strong_weight

    assert strong_weight(()) == 600  # Source Sans Pro alone: semibold
    assert strong_weight(chart_fonts("ar")) == 700  # Noto Sans Arabic comes in regular and bold
    assert strong_weight(chart_fonts("zh")) == 700


@pytest.mark.parametrize("lang, label", [
    ("fr", "R7 Faire de l’extorsion sexuelle à des fins financières une priorité transfrontière"),
    ("zh", "R7 将以牟利为目的的性勒索列为跨境优先事项并加强各国执法机构之间的协作")])
def test_a_heatmap_with_long_row_labels_keeps_its_cells_on_a_phone(lang: str, label: str) -> None:
    import numpy as np

    from gta.charts.draw import draw_heatmap, new_figure
    from gta.charts.outputs import CM, PHONE_WIDTH_CM
    from gta.charts.style import house_style

    rows = [label.replace("R7", f"R{i}") for i in range(1, 12)]
    with house_style(1.0, chart_fonts(lang), (lang, None)) as sizes, warnings.catch_warnings():
        warnings.simplefilter("error")  # "constrained_layout not applied": the cells collapsed to nothing
        fig = new_figure(PHONE_WIDTH_CM * CM, 12 * CM)
        draw_heatmap(fig, np.ones((11, 6)), rows, ["Politiques", "Justice", "Victimes", "Société", "Privé", "Médias"],
                     sizes)
        fig.savefig(io.BytesIO(), format="png", dpi=100)
    assert fig.axes[0].get_window_extent().width > 0.3 * fig.bbox.width


def test_a_source_line_without_plotted_years_drops_the_range_in_every_language() -> None:
    from types import SimpleNamespace

    import pandas as pd

    from gta.charts.meta import placeholders
    from gta.i18n.localisation import english, localisation

    data = SimpleNamespace(frame=pd.DataFrame({"v": [1, 2]}, index=["India", "Brazil"]))
    assert placeholders(data, english())("CyberTipline data {first}–{last}") == "CyberTipline data"
    zh = localisation("zh", None, None)
    assert placeholders(data, zh)("CyberTipline 数据，{first}–{last}年") == "CyberTipline 数据"
