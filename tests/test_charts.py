"""Charts of the shipped 2025 sample edition: every output parses, the CSV is what is drawn, alt text
names the data, renders are reproducible, and the chart pack opens."""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from gta.charts import ChartOutput, edition_citation, figure_credit, write_chart_pack
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
def citation(project):
    return edition_citation(project.editions[EDITION].meta)


@pytest.fixture(scope="module")
def rendered(project, stats, citation, tmp_path_factory) -> tuple[Path, dict[str, ChartOutput]]:
    out = tmp_path_factory.mktemp("charts")
    return out, render_charts(project, EDITION, out, SAMPLE, jobs=2, credits=_credits(citation))


def alt_text(spec, data):
    return _alt_text(spec, data, ENGLISH)


def _credits(citation):
    """Figure numbers as an edition plan gives them; the other charts are additional figures."""
    return {"ncmec-reports": figure_credit(citation, 3), "membership": figure_credit(citation, 12)}


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
        keys = {"png", "png_titled", "png_slide", "svg", "svg_titled", "pdf", "pdf_titled", "csv", "json", "png_phone"}
        assert o.files.keys() == keys | ({"png_deck"} if o.meta.type in ("slope", "dumbbell") else set())
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
        assert {meta["title"], meta["alt"], meta["attribution"], meta["source_line"]} == {
            o.title, o.alt, o.citation, o.source_line}
        # the JSON lists the files that travel with it, never the report's own variants
        assert set(meta["files"]) == {"png_titled", "png_slide", "svg_titled", "pdf_titled", "csv", "json"}
        assert meta["files"]["svg_titled"] == o.files["svg_titled"].name


def test_stand_alone_files_are_named_for_the_edition_and_figure(rendered):
    _, outputs = rendered
    names = {k: p.name for k, p in outputs["ncmec-reports"].files.items()}
    assert names["png_titled"] == "gta2025-fig03-ncmec-reports.png"
    assert names["png_slide"] == "gta2025-fig03-ncmec-reports-slide.png"
    assert names["csv"] == "gta2025-fig03-ncmec-reports.csv" and names["svg"] == "ncmec-reports.svg"
    assert outputs["membership"].files["json"].name == "gta2025-fig12-membership.json"
    assert outputs["iwf-reports"].files["png_titled"].name == "gta2025-other-iwf-reports.png"


def _drawn_text(path: Path) -> str:
    root = ET.parse(path).getroot()
    return " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


def test_report_variants_carry_no_title_and_stand_alone_variants_do(rendered):
    _, outputs = rendered
    o = outputs["ncmec-reports"]
    untitled, titled = _drawn_text(o.files["svg"]), _drawn_text(o.files["svg_titled"])
    assert o.title not in untitled and "Source:" not in untitled
    # the source line may wrap onto a second line of the frame
    assert o.title in titled and o.source_line.split(",")[0] in titled


def test_stand_alone_images_carry_the_credit_and_licence(rendered):
    _, outputs = rendered
    credit = "WeProtect Global Alliance, Global Threat Assessment 2025, Figure 3 · CC BY 4.0"
    o = outputs["ncmec-reports"]
    assert o.credit.line() == credit
    assert credit in _drawn_text(o.files["svg_titled"])
    assert credit not in _drawn_text(o.files["svg"])  # the report's own figure is captioned by the report
    from pypdf import PdfReader

    assert "CC BY 4.0" in PdfReader(o.files["pdf_titled"]).pages[0].extract_text()
    assert "Additional figure · CC BY 4.0" in _drawn_text(outputs["iwf-reports"].files["svg_titled"])


def test_the_json_gives_the_full_citation_licence_and_data_publishers(rendered):
    _, outputs = rendered
    meta = json.loads(outputs["ncmec-reports"].files["json"].read_text(encoding="utf-8"))
    cite = meta["citation"]
    assert cite["text"] == ("WeProtect Global Alliance (2025-12-11). Global Threat Assessment 2025, Figure 3: Reports to "
                            "the NCMEC CyberTipline, 2010–2024. https://www.weprotect.org/global-threat-assessment-25. "
                            "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).")
    assert (cite["figure"], cite["published"], cite["url"]) == (3, "2025-12-11",
                                                               "https://www.weprotect.org/global-threat-assessment-25")
    assert meta["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert {s["publisher"] for s in meta["data_sources"]} == {"National Center for Missing & Exploited Children (NCMEC)"}
    assert all(s["url"].startswith("https://www.missingkids.org/") for s in meta["data_sources"])
    assert "own terms" in meta["data_terms"]


def test_svgs_carry_a_title_a_description_and_their_fonts(rendered):
    import re

    _, outputs = rendered
    o = outputs["ncmec-reports"]
    for key in ("svg", "svg_titled"):
        root = ET.parse(o.files[key]).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title").text == o.title and root.find(f"{ns}desc").text == o.alt
        assert root.get("role") == "img"
    titled = o.files["svg_titled"].read_text(encoding="utf-8")
    faces = re.findall(r"@font-face \{font-family: 'Source Sans Pro'; font-weight: (\d+); font-style: (\w+)", titled)
    assert ("400", "normal") in faces and ("600", "normal") in faces  # body text and the semibold title
    assert "data:font/woff2;base64," in titled
    assert titled.count("@font-face") == len(set(faces)) <= 4  # one rule per weight and style
    # a subset: the fonts cost less than 40 KB (the full Source Sans Pro faces are 290 KB each)
    assert len(re.sub(r"<style type=\"text/css\">@font-face.*?</style>", "", titled, flags=re.S)) > len(titled) - 40_000
    assert "@font-face" in o.files["svg"].read_text(encoding="utf-8")  # the report's own, shown with <img>


def test_the_embedded_font_subsets_cover_every_character_drawn(rendered):
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    _, outputs = rendered
    titled = outputs["ncmec-reports"].files["svg_titled"].read_text(encoding="utf-8")
    covered: set[int] = set()
    for data in re.findall(r"base64,([A-Za-z0-9+/=]+)", titled):
        covered |= set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
    drawn = {ord(c) for c in _drawn_text(outputs["ncmec-reports"].files["svg_titled"]) if not c.isspace()}
    assert drawn <= covered, sorted(chr(c) for c in drawn - covered)


def test_slide_images_keep_ink_five_percent_from_every_edge(rendered):
    import numpy as np
    from PIL import Image

    _, outputs = rendered
    for o in outputs.values():
        with Image.open(o.files["png_slide"]) as im:
            ink = np.asarray(im.convert("L")) < 250
        ys, xs = np.nonzero(ink)
        assert xs.min() >= 96 and 1920 - xs.max() >= 96 and ys.min() >= 54 and 1080 - ys.max() >= 54, o.id


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


def test_two_renders_are_byte_identical(project, stats, citation, rendered, tmp_path):
    out, first = rendered
    # NOTE: a fresh folder, one process instead of two: the bytes must not depend on either.
    second = render_charts(project, EDITION, tmp_path, ["ncmec-reports", "membership"], jobs=1,
                           credits=_credits(citation))
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
    from decimal import Decimal

    from gta.charts.draw import draw_chart
    from gta.charts.style import house_style
    from gta.charts.table import chart_csv, is_percent, value_header

    spec = specs[cid]
    data = build_plot_data(spec, project, stats, 2024)
    with house_style() as sizes:
        fig = draw_chart(spec, data, 6.3, 3.5, sizes)
    plotted = _plotted(fig, spec, data)
    (tmp_path / "x.csv").write_bytes(chart_csv(data, spec.number_format, decimals=spec.decimals))
    header, rows = read_csv(tmp_path / "x.csv")
    scale = Decimal(100) if is_percent(spec.number_format) else Decimal(1)
    for key in data.keys:
        j = header.index(value_header(data, key, spec.number_format))
        from_csv = {}
        for row in rows:
            x = int(row[0]) if data.x_kind == "year" else row[0]
            if row[j] != "":
                from_csv[x] = float(Decimal(row[j]) / scale)
        drawn = {x: v for x, v in plotted[key].items() if not (spec.type != "line" and v == 0 and x not in from_csv)}
        assert drawn == pytest.approx(from_csv, rel=1e-15), f"{cid} {key}"


def test_unknown_values_are_empty_cells_and_bounds_keep_their_qualifier(rendered):
    _, outputs = rendered
    header, rows = read_csv(outputs["membership"].files["csv"])
    assert header == ["Year", "Members (organisations)", "Members, as shown", "Members (qualifier)", "Notes"]
    assert rows == [["2021", "200", "over 200", "more than", "published as a lower bound"],
                    ["2022", "", "", "", ""],
                    ["2023", "276", "276", "exact", ""],
                    ["2024", "300", "almost 300", "almost", "published as an upper bound"],
                    ["2025", "350", "350+", "at least", "published as a lower bound"]]  # statements: to the edition year
    _, rows = read_csv(outputs["ncmec-reports"].files["csv"])
    assert ["2023", "36210368", "36.2 million", ""] in rows and rows[-1][:3] == ["2024", "20512803", "20.5 million"]


def test_a_chart_csv_has_units_the_2024_break_and_percentages_as_percentages(rendered):
    _, outputs = rendered
    header, rows = read_csv(outputs["ncmec-reports"].files["csv"])
    assert header == ["Year", "NCMEC CyberTipline reports (reports)", "NCMEC CyberTipline reports, as shown", "Notes"]
    notes = {row[0]: row[-1] for row in rows}
    assert notes["2024"].startswith("Series break (Counting changed): not comparable with earlier years.")
    assert "bundles" in notes["2024"] and all(notes[y] == "" for y in notes if y != "2024")
    header, rows = read_csv(outputs["change-2021-2023"].files["csv"])
    assert header == ["Measure", "Change (%)", "Change, as shown", "Notes"]
    enticement = next(r for r in rows if r[0] == "Online enticement reports to NCMEC")
    assert enticement[1:3] == ["323.09817687691087", "'+323%"]  # exact, in percent; text kept from formulas
    header, rows = read_csv(outputs["iwf-reports"].files["csv"])
    low = {row[0]: row[-1] for row in rows}
    assert "low confidence" in low["2011"] and "low confidence" not in low["2020"]


def test_statistics_are_exported_exactly(rendered, stats):
    from decimal import Decimal

    _, outputs = rendered
    _, rows = read_csv(outputs["change-2021-2023"].files["csv"])
    values = {r[0]: Decimal(r[1]) for r in rows}
    assert values["All NCMEC CyberTipline reports"] == Decimal(repr(stats["ncmec_growth_2021_2023"].value)) * 100


def test_csv_cells_can_never_be_read_as_formulas():
    import pandas as pd

    from gta.charts.data import PlotData
    from gta.charts.table import chart_csv

    rows = ["=HYPERLINK(\"http://x\")", "+1 more", "-cmd", "@SUM(A1)", "\tTab", "\rCR", "Safe"]
    frame = pd.DataFrame({"v": [1.0, -5.0, 0.25, math.nan, 3.0, 4.0, 1e20]}, index=rows)
    quals = pd.DataFrame({"v": ["exact"] * 7}, index=rows, dtype=object)
    data = PlotData(frame, quals, quals, {"v": "=label"}, {"v": ""}, "category", "@x")
    text = chart_csv(data, "plain").decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == ["'@x", "'=label", "Notes"]
    assert [r[0] for r in parsed[1:]] == ["'" + r for r in rows[:-1]] + ["Safe"]
    assert [r[1] for r in parsed[1:]] == ["1", "-5", "0.25", "", "3", "4", "1e+20"]  # a number is never prefixed


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

def test_chart_pack_opens_and_is_reproducible(rendered, citation):
    out, outputs = rendered
    order = [outputs[c] for c in ("ncmec-reports", "membership", "iwf-reports", "ncmec-files-by-type",
                                  "ncmec-categories-2021-2023", "change-2021-2023")]
    first = write_chart_pack(order, out, citation)
    names = {p.name for p in first}
    assert names == {"index.html", "gta2025-charts-en.zip", "gta2025-charts-en.pptx", "gta2025-data-en.xlsx"}
    blobs = {p.name: p.read_bytes() for p in first}
    again = write_chart_pack(order, out, citation)
    assert {p.name: p.read_bytes() for p in again} == blobs

    with zipfile.ZipFile(out / "gta2025-charts-en.zip") as zf:
        assert zf.testzip() is None
        listed = zf.namelist()
        assert {n.split("/")[0] for n in listed} == {"gta2025-charts-en"}  # one folder, named for edition and language
        files = [n.split("/", 1)[1] for n in listed]
        assert files[:3] == ["README.txt", "gta2025-data-en.xlsx", "gta2025-charts-en.pptx"]
        charts = [f for f in files[3:]]
        assert charts[:6] == ["gta2025-fig03-ncmec-reports.png", "gta2025-fig03-ncmec-reports-slide.png",
                              "gta2025-fig03-ncmec-reports.svg", "gta2025-fig03-ncmec-reports.pdf",
                              "gta2025-fig03-ncmec-reports.csv", "gta2025-fig03-ncmec-reports.json"]
        stems = list(dict.fromkeys(f.rsplit(".", 1)[0].removesuffix("-slide") for f in charts))
        assert stems == [o.credit.stem(o.id) for o in order]  # in the order given
        assert {i.date_time for i in zf.infolist()} == {(2025, 12, 11, 0, 0, 0)}
        readme = zf.read("gta2025-charts-en/README.txt").decode("utf-8")
    assert "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in readme
    assert "https://www.weprotect.org/global-threat-assessment-25" in readme
    assert "Figure 3: Reports to the NCMEC CyberTipline, 2010–2024" in readme
    assert "their own terms of use apply to that data" in readme

    page = (out / "index.html").read_text(encoding="utf-8")
    for o in order:
        assert o.alt in page.replace("&quot;", '"').replace("&#x27;", "'")
        assert f'href="{o.id}/{o.files["csv"].name}"' in page
    assert page.index("gta2025-fig03-ncmec-reports.csv") < page.index("gta2025-fig12-membership.csv")
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page


def test_a_pack_refuses_charts_drawn_for_another_citation(rendered, citation):
    from dataclasses import replace

    from gta.errors import GtaError

    out, outputs = rendered
    with pytest.raises(GtaError, match="drawn without this pack's citation"):
        write_chart_pack(list(outputs.values()), out, replace(citation, language="fr"))


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


def test_fonts_for_other_scripts_are_embedded_by_weight():
    import base64
    import io
    import re

    from fontTools.ttLib import TTFont

    from gta.charts.localise import chart_fonts
    from gta.charts.style import house_style
    from gta.charts.svgfile import embed_fonts

    fonts = chart_fonts("zh")
    if not fonts:
        pytest.skip("the Noto CJK fonts are not installed (make fonts)")
    family = fonts[0][0]
    style = f"font-size: 8px; font-family: 'Source Sans Pro', '{family}', sans-serif"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg"><defs></defs><text style="{style}">举报 2024</text>'
           f'<text style="font-weight: 600; {style}">举报数</text>'
           f'<text style="{style.replace("Source Sans Pro", "Source Sans 3")}">图</text></svg>').encode()
    with house_style(1.0, fonts):
        out = embed_fonts(svg, fonts).decode()
    rules = re.findall(r"font-family: '([^']+)'; font-weight: (\d+); font-style: normal; "
                       r"src: url\(data:font/woff2;base64,([^)]+)\)", out)
    assert sorted((f, w) for f, w, _ in rules) == sorted(
        [(family, "400"), (family, "600"), ("Source Sans Pro", "400")])  # one rule each, never two alike
    for f, weight, data in rules:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        cmap = font.getBestCmap()
        if f == family:
            assert font["OS/2"].usWeightClass == (400 if weight == "400" else 700)  # the file of that weight
            assert {ord(c) for c in ("举报图" if weight == "400" else "举报数")} <= set(cmap)


def test_the_report_part_then_the_pack_part_write_the_bytes_of_one_render(tmp_path: Path, fixture_project: Path) -> None:
    """The build draws the report's chart files first and the stand-alone ones while the PDF is laid
    out; the two parts together must write exactly what one render writes."""
    from gta.load import load_project
    from gta.plan import prepare
    from gta.writers.charts import draw_deferred, write_charts
    from gta.writers.files import plan_citation

    plan = prepare(load_project(fixture_project), 2025)
    write_charts(plan, tmp_path / "one", jobs=1)
    deferred: list = []
    outputs = write_charts(plan, tmp_path / "two", jobs=1, deferred=deferred)
    assert deferred and not any(p.name.endswith("-slide.png") for p in (tmp_path / "two").rglob("*"))
    draw_deferred(deferred, list(outputs.values()), tmp_path / "two" / "charts", plan_citation(plan))
    a, b = tmp_path / "one" / "charts", tmp_path / "two" / "charts"

    def chart_files(root: Path) -> list[Path]:
        return sorted(p.relative_to(root) for i in outputs for p in (root / i).rglob("*") if p.is_file())

    names = chart_files(a)
    assert names == chart_files(b) and any(n.name.endswith("-slide.png") for n in names)
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    again = write_charts(plan, tmp_path / "two", jobs=1, deferred=[])
    assert not any(o.rendered for o in again.values())  # the completed folders are reused
