"""Charts of the shipped 2025 sample edition: every output parses, the CSV is what is drawn, alt text
names the data, renders are reproducible, and the chart pack opens."""

from __future__ import annotations

import csv
import html
import io
import json
import math
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from gta.charts import ChartOutput, write_chart_pack
from gta.charts.alttext import alt_text as _alt_text
from gta.charts.data import ChartUnavailable, build_plot_data
from gta.charts.spec import CHART_TYPES
from gta.formatting import format_number
from gta.i18n.localisation import ENGLISH
from gta.load import load_project
from gta.statistics import compute_statistics
from tests.helpers import render_charts

REPO = Path(__file__).resolve().parent.parent
EDITION = 2025
# A handful covering lines (with a break), bars with qualifiers and gaps, stacks, a slope and statistics.
SAMPLE = ["ncmec-reports", "iwf-reports", "membership", "ncmec-files-by-type", "ncmec-categories-2021-2023",
          "change-2021-2023"]
PRINT_WIDTH_PX = round(16 / 2.54 * 300)


@pytest.fixture(scope="module")
def project():
    return load_project(REPO)


@pytest.fixture(scope="module")
def stats(project):
    return compute_statistics(project, EDITION).stats


@pytest.fixture(scope="module")
def specs(project):
    return project.charts


@pytest.fixture(scope="module")
def rendered(project, stats, tmp_path_factory) -> tuple[Path, dict[str, ChartOutput]]:
    out = tmp_path_factory.mktemp("charts")
    return out, render_charts(project, EDITION, out, SAMPLE, jobs=2)


def alt_text(spec, data):
    return _alt_text(spec, data, ENGLISH)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


# --- the sample edition ---------------------------------------------------------------------------

def test_the_sample_edition_has_at_least_eight_charts_covering_every_type(project, stats, specs):
    cutoff = project.editions[EDITION].meta.data_cutoff
    visible = {}
    for cid, spec in specs.items():
        try:
            build_plot_data(spec, project, stats, cutoff)
        except ChartUnavailable:
            continue
        visible[cid] = spec.type
    assert len(visible) >= 8
    types = set(visible.values())
    assert {"line", "bar", "barh", "grouped-bar", "stacked-bar", "area", "small-multiples"} <= types
    assert types & {"slope", "dumbbell"}
    assert types <= set(CHART_TYPES)


def test_every_chart_in_figures_is_valid_without_warnings(project, specs):
    assert set(specs) == set(project.figures)
    assert not [w for w in project.warnings if "figures/" in str(w)]


# --- outputs --------------------------------------------------------------------------------------

def test_every_output_exists_and_parses(rendered):
    from PIL import Image
    from pypdf import PdfReader

    out, outputs = rendered
    assert sorted(outputs) == sorted(SAMPLE)
    for cid, o in outputs.items():
        assert o.files.keys() == {"png", "png_titled", "png_slide", "png_phone", "svg", "svg_titled", "pdf",
                                  "pdf_titled", "csv", "json"}
        assert all(p.parent == out / cid and p.is_file() for p in o.files.values())
        for key in ("png", "png_titled", "png_slide", "png_phone"):
            with Image.open(o.files[key]) as im:
                im.verify()
        with Image.open(o.files["png"]) as im:
            assert abs(im.width - PRINT_WIDTH_PX) <= 1
        with Image.open(o.files["png_slide"]) as im:
            assert im.size == (1920, 1080)
        for key in ("svg", "svg_titled"):
            assert ET.parse(o.files[key]).getroot().tag == "{http://www.w3.org/2000/svg}svg"
        for key in ("pdf", "pdf_titled"):
            assert o.files[key].read_bytes().startswith(b"%PDF")
            reader = PdfReader(o.files[key])
            assert len(reader.pages) == 1 and reader.pages[0].extract_text().strip()
        header, rows = read_csv(o.files["csv"])
        assert len(header) >= 2 and rows
        meta = json.loads(o.files["json"].read_text(encoding="utf-8"))
        assert {meta["title"], meta["alt"], meta["citation"], meta["source_line"]} == {o.title, o.alt, o.citation,
                                                                                     o.source_line}
        assert meta["files"]["svg"] == f"{cid}.svg"


def test_report_variants_carry_no_title_and_stand_alone_variants_do(rendered):
    _, outputs = rendered
    o = outputs["ncmec-reports"]
    untitled = o.files["svg"].read_text(encoding="utf-8")
    titled = html.unescape(o.files["svg_titled"].read_text(encoding="utf-8"))
    assert o.title not in untitled and "Source:" not in untitled
    # the source line may wrap onto a second line of the frame
    assert o.title in titled and o.source_line.split(",")[0] in titled


def test_metadata_names_the_source_and_the_citation(rendered):
    _, outputs = rendered
    o = outputs["ncmec-reports"]
    # the publisher and the publication, with the years shown; never a row's page or a secondary transcription
    assert o.source_line == "Source: National Center for Missing & Exploited Children, CyberTipline reports 2010–2024"
    assert o.citation == ("Source: National Center for Missing & Exploited Children, CyberTipline reports 2010–2024, "
                          "via WeProtect Global Alliance, Global Threat Assessment 2025")
    assert o.title == "Reports to the NCMEC CyberTipline, 2010–2024"
    assert any("2024" in n and "bundles" in n for n in o.notes), "the series break is explained in the notes"
    assert set(o.references) <= {"ncmec-cy2022", "ncmec-cy2023", "ncmec-cybertipline-data"}
    assert "Internet Watch Foundation, annual reports" in outputs["iwf-reports"].source_line


def test_two_renders_are_byte_identical(project, stats, rendered, tmp_path):
    out, first = rendered
    # NOTE: a fresh folder, one process instead of two: the bytes must not depend on either.
    second = render_charts(project, EDITION, tmp_path, ["ncmec-reports", "membership"], jobs=1)
    for cid, o in second.items():
        assert o.rendered
        for key, path in o.files.items():
            assert path.read_bytes() == first[cid].files[key].read_bytes(), f"{cid} {key} differs"


# --- the CSV is the plotted data ----------------------------------------------------------------------

def _plotted(fig, spec, data):
    """Values read back from the drawn artists, per series column, as {x: value}."""
    from matplotlib.colors import to_hex

    from gta.charts.style import colour

    ax = fig.axes[0]
    index = list(data.frame.index)
    got: dict[str, dict] = {}
    if spec.type in ("line", "slope"):
        for i, key in enumerate(data.keys):
            pts = {}
            for line in ax.lines:
                if to_hex(line.get_color()) != colour(i).lower():
                    continue
                for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True):
                    pts[index[int(x)] if spec.type == "slope" else int(x)] = float(y)
            got[key] = pts
    else:
        containers = [c for c in ax.containers if hasattr(c, "patches")]
        for key, container in zip(data.keys, containers, strict=True):
            sizes = [p.get_width() if spec.type == "barh" else p.get_height() for p in container.patches]
            got[key] = {x: float(v) for x, v in zip(index, sizes, strict=True)}
    return got


@pytest.mark.parametrize("cid", ["ncmec-reports", "iwf-reports", "membership", "ncmec-files-by-type",
                                 "top-countries-2023", "ncmec-categories-2021-2023", "change-2021-2023"])
def test_csv_equals_the_plotted_series(project, stats, specs, cid, tmp_path):
    from gta.charts.draw import draw_chart
    from gta.charts.outputs import csv_bytes
    from gta.charts.style import house_style

    spec = specs[cid]
    data = build_plot_data(spec, project, stats, 2024)
    with house_style() as sizes:
        fig = draw_chart(spec, data, 6.3, 3.5, sizes)
    plotted = _plotted(fig, spec, data)
    (tmp_path / "x.csv").write_bytes(csv_bytes(data))
    header, rows = read_csv(tmp_path / "x.csv")
    for j, key in enumerate(data.keys, start=1):
        assert header[j] == data.labels[key]
        from_csv = {}
        for row in rows:
            x = int(row[0]) if data.x_kind == "year" else row[0]
            if row[j] != "":
                from_csv[x] = float(row[j])
        drawn = {x: v for x, v in plotted[key].items() if not (spec.type != "line" and v == 0 and x not in from_csv)}
        assert drawn == from_csv, f"{cid} {key}"


def test_unknown_values_are_empty_cells_and_bounds_keep_their_qualifier(rendered):
    _, outputs = rendered
    header, rows = read_csv(outputs["membership"].files["csv"])
    assert header == ["Year", "Members", "Members (qualifier)"]
    assert rows == [["2021", "200", "more than"], ["2022", "", ""], ["2023", "276", "exact"],
                    ["2024", "300", "almost"], ["2025", "350", "at least"]]  # statements: up to the edition year
    _, rows = read_csv(outputs["ncmec-reports"].files["csv"])
    assert ["2023", "36210368"] in rows and ["2024", "20512803"] in rows


def test_statistics_are_exported_exactly(rendered, stats):
    _, outputs = rendered
    _, rows = read_csv(outputs["change-2021-2023"].files["csv"])
    values = {r[0]: float(r[1]) for r in rows}
    assert values["All NCMEC CyberTipline reports"] == stats["ncmec_growth_2021_2023"].value


def test_csv_cells_can_never_be_read_as_formulas():
    import pandas as pd

    from gta.charts.data import PlotData
    from gta.charts.outputs import csv_bytes

    rows = ["=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)", "\tTab", "\rCR", "Safe"]
    frame = pd.DataFrame({"v": [1.0, -5.0, 0.25, math.nan, 3.0, 4.0, 1e20]}, index=rows)
    quals = pd.DataFrame({"v": ["exact"] * 7}, index=rows, dtype=object)
    data = PlotData(frame, quals, quals, {"v": "=label"}, {"v": ""}, "category", "@x")
    text = csv_bytes(data).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == ["'@x", "'=label"]
    assert [r[0] for r in parsed[1:]] == ["'" + r for r in rows[:-1]] + ["Safe"]
    assert [r[1] for r in parsed[1:]] == ["1", "-5", "0.25", "", "3", "4", "1e+20"]


# --- alt text -----------------------------------------------------------------------------------

def test_alt_text_reads_the_ncmec_chart_like_a_person_would(project, stats, specs):
    data = build_plot_data(specs["ncmec-reports"], project, stats, 2024)
    assert alt_text(specs["ncmec-reports"], data) == (
        "Line chart. NCMEC CyberTipline reports rose from 223,374 in 2010 to 36.2 million in 2023, "
        "then 20.5 million in 2024 after a change in how reports are counted.")


def test_alt_text_names_the_first_and_last_values_of_every_series(project, stats, specs):
    for cid, spec in specs.items():
        try:
            data = build_plot_data(spec, project, stats, 2024)
        except ChartUnavailable:
            continue
        alt = alt_text(spec, data)
        assert alt.startswith(("Line", "Bar", "Horizontal", "Grouped", "Stacked", "Area", "Small", "Slope", "Dumbbell",
                               "Chart of estimates"))
        for key in data.keys:
            known = data.values(key)
            for x, v in (known[0], known[-1]):
                shown = format_number(v, spec.number_format, qualifier=data.qualifier(x, key), decimals=spec.decimals)
                assert shown in alt, f"{cid}: {shown!r} ({key} {x}) missing from {alt!r}"


def test_alt_text_shows_published_bounds_as_published(project, stats, specs):
    data = build_plot_data(specs["membership"], project, stats, 2024)
    alt = alt_text(specs["membership"], data)
    assert "over 200 in 2021" in alt and "almost 300 in 2024" in alt and "no figure for 2022" in alt


# --- the pack -----------------------------------------------------------------------------------

def test_chart_pack_opens_and_is_reproducible(rendered):
    from pptx import Presentation

    out, outputs = rendered
    first = write_chart_pack(outputs, out, "Global Threat Assessment 2025", "2025-12-11")
    names = {p.name for p in first}
    assert {"index.html", "chart-pack.zip", "charts.pptx"} <= names
    blobs = {p.name: p.read_bytes() for p in first if p.is_file()}
    again = write_chart_pack(outputs, out, "Global Threat Assessment 2025", "2025-12-11")
    assert {p.name: p.read_bytes() for p in again if p.is_file()} == blobs

    with zipfile.ZipFile(out / "chart-pack.zip") as zf:
        assert zf.testzip() is None
        listed = zf.namelist()
        assert listed == sorted(listed) and "README.txt" in listed
        for cid in outputs:
            assert f"{cid}/{cid}.csv" in listed and f"{cid}/{cid}-slide.png" in listed
            assert f"{cid}/{cid}-titled.png" in listed
        assert {i.date_time for i in zf.infolist()} == {(2025, 12, 11, 0, 0, 0)}

    deck = Presentation(str(out / "charts.pptx"))
    assert deck.slide_width * 9 == deck.slide_height * 16
    slides = list(deck.slides)[1:]  # after the cover
    assert len(slides) == len(outputs)
    for slide, o in zip(slides, outputs.values(), strict=True):
        assert slide.shapes.title.text == o.title
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == o.alt
        notes = slide.notes_slide.notes_text_frame.text
        assert o.citation in notes and o.alt in notes
    assert deck.core_properties.created.year == 2025

    page = (out / "index.html").read_text(encoding="utf-8")
    for o in outputs.values():
        assert o.alt in page.replace("&quot;", '"').replace("&#x27;", "'")
        assert f'href="{o.id}/{o.id}.csv"' in page


# --- every edition ------------------------------------------------------------------------------

def test_every_chart_of_every_edition_has_data_alt_text_and_filled_titles(project, specs):
    from gta.charts.meta import chart_meta

    for year, ed in sorted(project.editions.items()):
        edition_stats = compute_statistics(project, year).stats
        for cid, spec in specs.items():
            try:
                data = build_plot_data(spec, project, edition_stats, ed.meta.data_cutoff)
            except ChartUnavailable:
                continue
            assert max(x for x in data.frame.index if isinstance(x, int)) <= ed.meta.data_cutoff \
                if data.x_kind == "year" else True
            meta = chart_meta(spec, data, project, year, ed.meta.title, ENGLISH)
            assert meta.alt and "{" not in meta.title + meta.subtitle, (year, cid)
            assert meta.citation.endswith(f", via WeProtect Global Alliance, {ed.meta.title}")


def test_importing_the_chart_package_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, gta.charts; print('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert done.stdout.strip() == "False"
