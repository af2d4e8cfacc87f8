"""Every workbook the builder writes, opened as reviewers open it: frozen headers, filters, widths, wrapped text,
numbers stored as numbers with their formats, no apostrophes, formula-safe; CSVs with a byte-order mark."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from gta.build import build_edition

NUMBER_LIKE = re.compile(r"[-+]?\d[\d,]*(\.\d+)?")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from tests.conftest import FIXTURE_PROJECT

    project = tmp_path_factory.mktemp("workbooks") / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    stats = project / "sources/statistics/core.yaml"
    stats.write_text(stats.read_text().replace("label: Members in 2022", "label: \"=HYPERLINK('http://x','y')\""))
    # NOTE: the register holds what the edition shows: show a share and the hostile label
    intro = project / "sources/editions/2025/chapters/intro.md"
    intro.write_text(intro.read_text() + 'A share of {{ stat("survey_share") }}; {{ stat("members_2022") }} members.\n')
    return build_edition(project, 2025, formats=("html",)).out_dir


@pytest.fixture(scope="module")
def review(tmp_path_factory) -> Path:
    from gta.claims import Claim, Reading, write_review

    claim = Claim(source="chapters/x.md", line=3, sentence="+1 then 36.3 million reports.", text="=36.3 million",
                  start=8, end=20, kind="count", qualifier="exact", value=36_300_000.0, quantity="ncmec.reports",
                  years=(2023,), verdict="inconsistent", computed=36_210_368.0,
                  readings=(Reading("NCMEC reports, 2023", 36_210_368.0, "36,210,368 (x.csv:27)", ("ref",),
                                    shown="36.2 million"),),
                  message="NCMEC reports, 2023 gives 36.2 million", computed_text="36.2 million", at=8)
    out = tmp_path_factory.mktemp("review")
    return write_review([claim], out, title="Review", pages={("chapters/x.md", 8): 7})[2]


def headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def column(ws, name: str) -> list:
    j = headers(ws).index(name) + 1
    return [ws.cell(i, j) for i in range(2, ws.max_row + 1)]


def assert_readable(ws) -> None:
    """What every sheet of every workbook must be: the reader's view of issue 17."""
    assert ws.freeze_panes == "A2", ws.title
    assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{ws.max_row}", ws.title
    assert all(c.font.bold for c in ws[1]), ws.title
    for j in range(1, ws.max_column + 1):
        width = ws.column_dimensions[get_column_letter(j)].width
        assert 6 <= width <= 120, (ws.title, j, width)
    for row in ws.iter_rows(min_row=1):
        for cell in row:
            assert cell.data_type != "f", (ws.title, cell.coordinate)  # nothing is ever a formula
            if isinstance(cell.value, str):
                assert not cell.value.startswith("'"), (ws.title, cell.coordinate, cell.value)
                if cell.value.startswith(("=", "+", "-", "@")) and not NUMBER_LIKE.fullmatch(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate)


def test_every_workbook_is_readable(built, review):
    paths = [built / "statistics.xlsx", built / "recommendations.xlsx", review,
             built / "charts" / "gta2025-data-en.xlsx"]
    for path in paths:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            assert_readable(ws)
        assert wb.properties.created.year in (2000, 2025), path.name  # the edition's date (the review's fixed one)


def test_the_register_shows_each_value_as_its_statistic_reads(built):
    ws = load_workbook(built / "statistics.xlsx")["Statistics"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    col = {name: i for i, name in enumerate(headers(ws))}
    share = rows["survey_share"][col["exact_value"]]
    assert share.value == pytest.approx(0.34) and share.number_format == "#,##0%"  # 34%, never 0.34
    growth = rows["growth_2019_2022"][col["exact_value"]]
    assert growth.value == 2.0 and growth.number_format.startswith("+#,##0%")  # +200%
    reports = rows["reports_2022"][col["exact_value"]]
    assert reports.value == 3000 and reports.number_format == "#,##0"
    per_day = rows["per_day_2022"][col["exact_value"]]
    assert per_day.number_format == "#,##0.0##" and per_day.value == pytest.approx(3000 / 365)
    years = column(ws, "as_of")
    assert all(isinstance(c.value, int) and c.number_format == "0" for c in years)  # 2022, never "2022" nor 2,022
    assert rows["growth_2019_2022"][col["text_as_shown"]].value == "+200%"  # text as shown: no apostrophe
    assert rows["growth_2019_2022"][col["text_as_shown"]].quotePrefix
    label = rows["members_2022"][col["label"]]
    assert label.value == "=HYPERLINK('http://x','y')" and label.quotePrefix and label.data_type == "s"
    assert all(c.alignment.wrap_text for c in column(ws, "derivation"))
    # "+200%" as shown is text on purpose: Excel is told not to flag it as a number stored as text
    import zipfile

    xml = zipfile.ZipFile(built / "statistics.xlsx").read("xl/worksheets/sheet1.xml").decode()
    ignored = re.search(r'<ignoredError sqref="([^"]+)" numberStoredAsText="1"/>', xml).group(1).split()
    assert rows["growth_2019_2022"][col["text_as_shown"]].coordinate in ignored
    assert rows["growth_2019_2022"][col["label"]].coordinate not in ignored


def test_recommendations_store_years_and_counts_as_numbers(built):
    wb = load_workbook(built / "recommendations.xlsx")
    ws = wb["Recommendations"]
    assert all(c.value == 2025 and c.number_format == "0" for c in column(ws, "edition"))
    assert all(c.alignment.wrap_text for c in column(ws, "text"))
    assert ws.column_dimensions[get_column_letter(headers(ws).index("text") + 1)].width >= 40
    coverage = wb["Coverage"]
    assert all(isinstance(c.value, int) for c in column(coverage, "recommendations"))
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=2)}
    assert about["edition"] == 2025 and isinstance(about["recommendations"], int)


def test_the_review_pack_keeps_numbers_as_numbers_and_text_as_text(review):
    ws = load_workbook(review)["Claims"]
    row = {h: c for h, c in zip(headers(ws), ws[2], strict=True)}
    assert row["computed"].value == 36_210_368 and row["computed"].number_format == "#,##0"
    assert row["page"].value == 7 and row["line"].value == 3
    assert row["text"].value == "=36.3 million" and row["text"].quotePrefix
    assert row["sentence"].value == "+1 then 36.3 million reports." and row["sentence"].quotePrefix


def test_the_data_workbook_has_a_readme_then_a_sheet_per_figure_and_table(built):
    wb = load_workbook(built / "charts" / "gta2025-data-en.xlsx")
    assert wb.sheetnames == ["README", "Figure 1", "Additional figure", "Table 1"]  # the heatmap is in the pack only
    readme = {r[0].value: r[1].value for r in wb["README"].iter_rows(min_row=2)}
    assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in readme["Licence"]
    assert "Hotline reports, 2019–2023" in readme["Figure 1"] and "Cite as:" in readme["Figure 1"]
    fig = wb["Figure 1"]
    assert headers(fig) == ["Year", "Hotline reports (reports)", "Hotline reports, as shown", "Notes"]
    assert [c.value for c in column(fig, "Year")] == [2019, 2020, 2021, 2022, 2023]
    assert [c.value for c in column(fig, "Hotline reports (reports)")] == [1000, 1500, 2400, 3000, 1200]
    assert column(fig, "Notes")[-1].value.startswith("Series break: not comparable with earlier years.")
    table = wb["Table 1"]
    assert all(isinstance(c.value, int | float) or c.value is None for c in column(table, headers(table)[1]))


def test_a_percentage_chart_is_a_percentage_column(shipped_project, tmp_path):
    from gta.charts import edition_citation, figure_credit
    from gta.charts.pack import pack_date
    from gta.charts.workbook import workbook_bytes
    from tests.helpers import render_charts

    citation = edition_citation(shipped_project.editions[2025].meta)
    outputs = render_charts(shipped_project, 2025, tmp_path, ["change-2021-2023"], formats=("png",),
                            sizes=("slide",), jobs=1, credits={"change-2021-2023": figure_credit(citation, None)})
    path = tmp_path / "data.xlsx"
    path.write_bytes(workbook_bytes(list(outputs.values()), [], citation, pack_date(citation.published)))
    ws = load_workbook(path)["Additional figure"]
    cells = column(ws, "Change (%)")
    # a fraction shown as a percentage (+323.1%; Excel keeps 15 significant digits, the CSV every one)
    assert cells[0].value == pytest.approx(3.2309817687691087, rel=1e-14)
    assert cells[0].number_format.startswith("+#,##0.0%")
    assert column(ws, "Change, as shown")[0].value == "+323%"


def test_csvs_carry_a_byte_order_mark(built):
    for name in ("statistics.csv", "recommendations.csv", "charts/fixture-reports/gta2025-fig01-fixture-reports.csv"):
        assert (built / name).read_bytes().startswith("\ufeff".encode()), name


# --- LibreOffice ----------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed (make office)")
def test_libreoffice_converts_the_register(built, tmp_path):
    from pypdf import PdfReader
    from test_deck import convert

    pdf = convert(built / "statistics.xlsx", tmp_path)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "survey_share" in text and "34%" in text and "+200%" in text
    assert "'+200%" not in text and "'=HYPERLINK" not in text and "=HYPERLINK('http://x','y')" in text
