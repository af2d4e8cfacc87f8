"""Recommendations: validation (one bad file per error), mapping, matrix, coverage, continuity, context, exports."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from gta.errors import GtaError, Problems
from gta.framework import load_frameworks
from gta.i18n.localisation import ENGLISH
from gta.recommendations import (
    continuity_rows,
    coverage,
    group_recommendations,
    read_recommendation_file,
    recommendation_matrix,
    resolve_recommendations,
)
from gta.recommendations_view import heatmap_figure
from gta.recommendations_view import recommendations_context as _context
from gta.statistics import Statistic
from gta.writers.recommendations import write_recommendation_exports as _write_exports
from gta.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "recommendations"
FRAMEWORKS = load_frameworks(ROOT)
STATS = {
    "ncmec_reports_2023": Statistic("ncmec_reports_2023", "NCMEC CyberTipline reports in 2023", 36_210_368, "count",
                                    "reports", style="words"),
    "ncmec_reports_2024": Statistic("ncmec_reports_2024", "NCMEC CyberTipline reports in 2024", 20_500_000, "count",
                                    "reports", style="words", caveats=("Counted after bundling.",)),
    "iwf_confirmed_2024": Statistic("iwf_confirmed_2024", "IWF confirmed reports in 2024", 291_273, "count",
                                    "reports", style="full", confidence="medium"),
}
KNOWN = set(STATS) | {"ncmec_reports_2025"}  # declared, but after the 2024 cut-off
PREVIOUS_IDS = {"p1": "Prevention first", "p2": "Report and remove", "p3": "Train the judiciary"}


def read_recommendations(path: Path, *, problems: Problems, **kw):
    """Read one file and cross-check it, as a build does."""
    file = read_recommendation_file(path, problems)
    return [] if file is None else resolve_recommendations(file, problems=problems, **kw)


def load_recommendations(root: Path, edition: int, frameworks, stats, known):
    """An edition's recommendations in a bare project folder: its previous edition and cut-off from edition.yaml."""
    folder = root / "sources" / "editions" / str(edition)
    if not (folder / "recommendations.yaml").exists():
        return []
    head = load_yaml(folder / "edition.yaml") if (folder / "edition.yaml").exists() else {}
    prev = head.get("previous")
    previous = None
    prev_file = root / "sources" / "editions" / str(prev) / "recommendations.yaml"
    if prev and prev_file.exists():
        previous = read_recommendation_file(prev_file, Problems()).titles
    problems = Problems()
    recs = read_recommendations(folder / "recommendations.yaml", problems=problems, edition=edition,
                                frameworks=frameworks, stats=stats, known_stat_ids=known, previous_year=prev,
                                previous=previous, cutoff=head.get("data_cutoff"))
    problems.raise_if_errors()
    return recs


def recommendations_context(recs, frameworks, edition, previous, stats, by):
    title = getattr(edition, "title", f"Global Threat Assessment {edition}")
    return _context(recs, frameworks, SimpleNamespace(year=getattr(edition, "year", edition), title=title),
                    previous, stats, by, ENGLISH)


def write_recommendation_exports(recs, frameworks, out: Path, edition):
    from datetime import datetime

    year = getattr(edition, "year", edition)
    created = datetime.fromisoformat(str(edition.published)) if hasattr(edition, "published") else datetime(year, 1, 1)
    plan = SimpleNamespace(recommendations=recs, frameworks=frameworks, loc=ENGLISH, year=year, language="en",
                           edition=SimpleNamespace(title=f"Global Threat Assessment {year}"),
                           recommendations_view=recommendations_context(recs, frameworks, year, [], STATS, "audience")
                           if recs else None)
    return _write_exports(plan, out, created=created)


def read(name: str, *, edition: int = 2025, previous: dict[str, str] | None = PREVIOUS_IDS,
         previous_year: int | None = 2023):
    problems = Problems()
    recs = read_recommendations(FIXTURES / name, edition=edition, frameworks=FRAMEWORKS, stats=STATS,
                                known_stat_ids=KNOWN, previous_year=previous_year, previous=previous, cutoff=2024,
                                problems=problems)
    return recs, problems


def line_with(name: str, marker: str) -> int:
    """The 1-based line of the first line of a fixture containing ``marker``."""
    for i, text in enumerate((FIXTURES / name).read_text().splitlines(), start=1):
        if marker in text:
            return i
    raise AssertionError(f"{marker!r} not in {name}")


def only_error(name: str, **kw):
    _, problems = read(name, **kw)
    assert len(problems.errors) == 1, [str(p) for p in problems.errors]
    p = problems.errors[0]
    assert p.path.endswith(f"fixtures/recommendations/{name}")
    return p


# --- validation: one bad file per error -----------------------------------------------------

BAD = [
    # file, marker (the line the problem must point at), message part, hint part
    ("unknown_capability.yaml", "mnr:csea-hotlin", "unknown capability 'mnr:csea-hotlin'", "did you mean 'mnr:12'?"),
    ("unknown_capability_number.yaml", "mnr:22", "unknown capability 'mnr:22'", "MNR capabilities are numbered 1–21"),
    ("unknown_framework.yaml", "nmr:12", "unknown framework 'nmr' in capability 'nmr:12'", "did you mean 'mnr'?"),
    ("no_framework_prefix.yaml", '"12"', "capability '12' has no framework prefix", "e.g. 'mnr:12'"),
    ("unknown_statistic.yaml", "ncmec_reprts_2024", "unknown statistic 'ncmec_reprts_2024'",
     "did you mean 'ncmec_reports_2024'?"),
    ("unavailable_statistic.yaml", "ncmec_reports_2025",
     "statistic 'ncmec_reports_2025' is not available under the 2025 edition's data cut-off (2024)",
     "within the cut-off"),
    ("no_capabilities.yaml", "capabilities:", "recommendation 'a' is mapped to no capability", "capabilities:"),
    ("no_evidence.yaml", "- id: a", "recommendation 'a' cites no evidence", "evidence:"),
    ("duplicate_id.yaml", "id: a  # again", "duplicate recommendation id 'a'", "first used on line 5"),
    ("unknown_audience.yaml", "goverments", "unknown audience 'goverments'", "did you mean 'governments'?"),
    ("continuity_unknown_previous.yaml", "previous: p22",
     "'a' replaces 'p22', which is not a recommendation of the 2023 edition", "did you mean 'p2'?"),
    ("continuity_names_none.yaml", "continuity:", "'a' continues an earlier recommendation but does not name it",
     "previous:"),
    ("continuity_new_with_previous.yaml", "continuity:", "'a' is marked new but names earlier recommendations",
     "'continues', 'revises' or 'replaces'"),
    ("unknown_relation.yaml", "continuity:", "'recommendations.0.continuity.relation'",
     "use one of the allowed values"),
    ("unknown_priority.yaml", "priority: urgent", "'recommendations.0.priority'", "use one of the allowed values"),
    ("wrong_edition.yaml", "edition: 2024", "file says edition 2024, but it is in the 2025 folder", "edition: 2025"),
    ("malformed.yaml", "audience: governments", "invalid YAML", "indentation"),
    ("duplicate_key.yaml", "priority: low", "duplicate key 'priority'", "keys must be unique"),
]


@pytest.mark.parametrize(("name", "marker", "message", "hint"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_file_gives_one_located_error_with_a_hint(name: str, marker: str, message: str, hint: str) -> None:
    p = only_error(name)
    assert p.line == line_with(name, marker)
    assert message in p.message
    assert hint in p.hint


def test_continuity_with_no_previous_edition_is_an_error() -> None:
    p = only_error("continuity_unknown_previous.yaml", previous=None, previous_year=None)
    assert "edition 2025 names no previous edition" in p.message
    assert "relation: new" in p.hint


def test_continuity_when_the_previous_edition_has_no_recommendations_file() -> None:
    p = only_error("continuity_unknown_previous.yaml", previous=None, previous_year=2023)
    assert "edition 2023 has no recommendations.yaml" in p.message


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (FIXTURES / "unknown_statistic.yaml").read_text()
    path = tmp_path / "recommendations.yaml"
    path.write_text(text.replace("audience: governments", "audience: goverments").replace("mnr:12", "mnr:99"))
    problems = Problems()
    read_recommendations(path, edition=2025, frameworks=FRAMEWORKS, stats=STATS, known_stat_ids=KNOWN,
                         problems=problems)
    assert [(p.line, p.message.split(": ", 1)[1]) for p in problems.errors] == [
        (8, "unknown audience 'goverments'"),
        (10, "unknown capability 'mnr:99'"),
        (13, "unknown statistic 'ncmec_reprts_2024'"),
    ]


def test_load_recommendations_raises_one_error_listing_every_problem(tmp_path: Path) -> None:
    folder = tmp_path / "sources" / "editions" / "2025"
    folder.mkdir(parents=True)
    (folder / "recommendations.yaml").write_text((FIXTURES / "unknown_audience.yaml").read_text())
    with pytest.raises(GtaError) as exc:
        load_recommendations(tmp_path, 2025, FRAMEWORKS, STATS, KNOWN)
    text = str(exc.value)
    assert "recommendations.yaml:8: recommendation 'a': unknown audience 'goverments'" in text
    assert "hint: did you mean 'governments'?" in text


def test_a_missing_file_means_no_recommendations(tmp_path: Path) -> None:
    assert load_recommendations(tmp_path, 2025, FRAMEWORKS, STATS, KNOWN) == []


def test_without_stats_only_declared_ids_are_checked() -> None:
    problems = Problems()
    recs = read_recommendations(FIXTURES / "unavailable_statistic.yaml", edition=2025, frameworks=FRAMEWORKS,
                                stats=None, known_stat_ids=KNOWN, problems=problems)
    assert not problems.items
    assert recs[0].evidence == ("ncmec_reports_2025",)


def test_load_reads_the_previous_edition_named_in_edition_yaml(tmp_path: Path) -> None:
    project = _tiny_project(tmp_path)
    recs = load_recommendations(project, 2025, FRAMEWORKS, STATS, KNOWN)
    assert [r.continuity.relation for r in recs] == ["continues", "revises", "new", "new"]
    assert recs[0].continuity.previous_titles == ("Prevention first",)
    assert recs[0].continuity.previous_year == 2023 and recs[0].continuity.previous_recorded


def _tiny_project(tmp_path: Path) -> Path:
    for year, name in ((2023, "previous.yaml"), (2025, "current.yaml")):
        folder = tmp_path / "sources" / "editions" / str(year)
        folder.mkdir(parents=True)
        (folder / "recommendations.yaml").write_text((FIXTURES / name).read_text())
    (tmp_path / "sources" / "editions" / "2025" / "edition.yaml").write_text("year: 2025\nprevious: 2023\ndata_cutoff: 2024\n")
    return tmp_path


# --- mapping --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def current():
    recs, problems = read("current.yaml")
    assert not problems.items, [str(p) for p in problems.items]
    return recs


@pytest.fixture(scope="module")
def previous():
    recs, problems = read("previous.yaml", edition=2023, previous=None, previous_year=None)
    assert not problems.items, [str(p) for p in problems.items]
    return recs


def test_capabilities_are_stored_as_canonical_refs_in_file_order(current) -> None:
    b = current[1]
    assert b.capabilities == ("mnr:17", "mnr:12", "gsr:increased-transparency")  # mnr:csea-hotline -> mnr:12
    assert [r.label for r in current] == ["R1", "R2", "R3", "R4"]
    assert current[2].audiences == ("law-enforcement", "civil-society")
    assert current[2].audience == "law-enforcement"


def test_grouping_by_audience_uses_the_lead_audience_in_the_fixed_order(current) -> None:
    groups = group_recommendations(current, FRAMEWORKS, "audience")
    assert [(key, [r.id for r in rs]) for key, _, rs in groups] == [
        ("governments", ["a"]), ("online-service-providers", ["b"]), ("law-enforcement", ["c"]), ("all", ["d"])]


def test_grouping_by_domain_uses_the_first_mnr_capability(current) -> None:
    groups = group_recommendations(current, FRAMEWORKS, "domain")
    assert [(key, [r.id for r in rs]) for key, _, rs in groups] == [
        ("policy-and-governance", ["a", "d"]), ("criminal-justice", ["c"]), ("industry", ["b"])]


def test_grouping_by_capability_lists_a_recommendation_under_each_capability(current) -> None:
    groups = {key: [r.id for r in rs] for key, _, rs in group_recommendations(current, FRAMEWORKS, "capability")}
    assert groups["mnr:13"] == ["d"]
    assert groups["mnr:12"] == ["b"]
    assert groups["gsr:increased-transparency"] == ["b"]
    assert "mnr:5" not in groups


# --- matrix, coverage, continuity ---------------------------------------------------------------


def test_domain_matrix_counts_mapped_capabilities_per_domain(current) -> None:
    rows, cols, values = recommendation_matrix(current, FRAMEWORKS["mnr"])
    assert cols == ["Policy and Governance", "Criminal Justice", "Victim", "Societal", "Industry",
                    "Media and Communications"]
    assert rows == ["R1 Govern and legislate", "R2 Hotlines and reporting", "R3 Investigate", "R4 Educate and listen"]
    assert values == [
        [2, 0, 0, 0, 0, 0],  # a: mnr:1, mnr:3
        [0, 0, 0, 1, 1, 0],  # b: mnr:12 (societal), mnr:17 (industry); the GSR capability is not in the MNR
        [0, 1, 0, 0, 0, 0],  # c: mnr:4
        [1, 0, 0, 2, 0, 0],  # d: mnr:2, mnr:13, mnr:14
    ]


def test_capability_matrix_marks_each_capability(current) -> None:
    _, cols, values = recommendation_matrix(current, FRAMEWORKS["mnr"], level="capability")
    assert len(cols) == 21 and cols[11] == "12 CSEA Hotline"
    assert [i + 1 for i, v in enumerate(values[3]) if v] == [2, 13, 14]


def test_coverage_names_the_capabilities_no_recommendation_addresses(current) -> None:
    cov = coverage(current, FRAMEWORKS["mnr"])
    assert sorted(int(ref.split(":")[1]) for ref in cov.addressed) == [1, 2, 3, 4, 12, 13, 14, 17]
    assert [c.number for c in cov.unaddressed] == [5, 6, 7, 8, 9, 10, 11, 15, 16, 18, 19, 20, 21]
    assert cov.addressed["mnr:13"] == ("d",)
    assert cov.summary == "8 of the 21 MNR capabilities are addressed by at least one recommendation."


def test_coverage_of_the_partial_gsr_says_it_is_recorded_only_in_part(current) -> None:
    cov = coverage(current, FRAMEWORKS["gsr"])
    assert list(cov.addressed) == ["gsr:increased-transparency"]
    assert "recorded here" in cov.summary
    assert not cov.framework.complete


def test_continuity_rows_follow_the_previous_edition_and_list_what_was_dropped(current, previous) -> None:
    rows, dropped, new = continuity_rows(current, previous)
    assert [(r.previous_id, r.relation, r.id) for r in rows] == [("p1", "continues", "a"), ("p2", "revises", "b")]
    assert rows[0].previous_title == "Prevention first"
    assert dropped == [("p3", "Train the judiciary")]
    assert [r.id for r in new] == ["c", "d"]


def test_continuity_without_the_previous_recommendations_uses_recorded_titles(current) -> None:
    rows, dropped, _ = continuity_rows(current)
    assert [(r.previous_id, r.previous_title) for r in rows] == [("p1", "Prevention first"), ("p2", "Report and remove")]
    assert dropped == []


# --- report context and template --------------------------------------------------------------------


@pytest.fixture(scope="module")
def context(current, previous):
    return recommendations_context(current, FRAMEWORKS, 2025, previous, STATS, "audience")


def test_context_carries_badges_evidence_and_continuity(context) -> None:
    b = next(r for r in context["recommendations"] if r["id"] == "b")
    assert [x["short"] for x in b["badges"]] == ["MNR 17", "MNR 12", "GSR"]
    assert b["badges"][2]["complete"] is False
    assert b["evidence"] == [{"id": "ncmec_reports_2024", "label": "NCMEC CyberTipline reports in 2024",
                              "text": "20.5 million", "confidence": "high", "confidence_label": "high",
                              "caveats": ["Counted after bundling."], "as_of": ""}]
    assert b["continuity"]["text"] == "Revises “Report and remove” (2023)"
    assert context["continuity"]["not_carried"] == [{"id": "p3", "title": "Train the judiciary", "label": "R3"}]
    assert [c["framework"]["id"] for c in context["coverage"]] == ["mnr", "gsr"]
    assert context["matrix"]["cols"][0]["total"] == 2  # a and d address Policy and Governance
    assert context["sample"] is True


def _render(context) -> str:
    from gta.writers.html import make_environment

    return make_environment(ROOT / "templates", ENGLISH).get_template("partials/recommendations.html.j2").render(**context)


def test_partial_renders_accessible_tables_badges_coverage_and_continuity(context) -> None:
    html = _render(context)
    assert html.count("<table") == html.count("<caption>") == 3
    assert '<th scope="col" class="rec-matrix-col">Media and Communications</th>' in html
    assert html.count('<th scope="rowgroup"') == 6
    assert '<span class="rec-badge-id">MNR 12</span> <span class="rec-badge-name">CSEA Hotline</span>' in html
    assert "Judiciary and Prosecutors" in html  # unaddressed, listed in the coverage summary
    assert "partial framework" in html and "Incomplete framework." in html
    assert "Train the judiciary" in html and "not carried forward" in html
    assert 'href="#stat-ncmec_reports_2024">20.5 million</a>' in html
    assert "<td></td>" not in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert set(re.findall(r'href="#(rec-[^"]+)"', html)) <= set(ids)  # links to recommendations resolve


def test_partial_escapes_text() -> None:
    recs, _ = read("formula.yaml")
    ctx = recommendations_context(recs, FRAMEWORKS, 2025, [], STATS, "domain")
    html = _render(ctx)
    assert "=HYPERLINK(&#34;http://example.invalid&#34;" in html


def test_heatmap_args_describe_the_matrix_in_the_alt_text(current) -> None:
    args = heatmap_figure(current, FRAMEWORKS["mnr"], "Global Threat Assessment 2025", ENGLISH)
    assert args["matrix"] == recommendation_matrix(current, FRAMEWORKS["mnr"])[2]
    assert args["alt"] == ("Heatmap of 4 recommendations against the 6 MNR domains; Policy and Governance and "
                           "Societal are each addressed by 2 recommendations; Victim and Media and Communications by none.")
    assert set(args) == {"matrix", "row_labels", "col_labels", "chart_id", "title", "subtitle", "source_line", "notes",
                         "alt", "citation"}


# --- exports ----------------------------------------------------------------------------------------


def test_csv_export_has_one_row_per_recommendation(current, tmp_path: Path) -> None:
    csv_path, xlsx_path = write_recommendation_exports(current, FRAMEWORKS, tmp_path, 2025)
    assert (csv_path.name, xlsx_path.name) == ("recommendations.csv", "recommendations.xlsx")
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
    b = rows[1]
    assert b["capabilities"] == "mnr:17; mnr:12; gsr:increased-transparency"
    assert b["capability_names"] == ("MNR 17 CSEA Reporting; MNR 12 CSEA Hotline; "
                                     "GSR Increased transparency (partial framework)")
    assert b["domains"] == "MNR: Industry; MNR: Societal; GSR: Analysis theme (GSR domain not recorded)"
    assert (b["continuity"], b["previous"], b["label"], b["priority"]) == ("revises", "2023:p2", "R2", "medium")
    assert rows[2]["audiences"] == "law-enforcement; civil-society"


def test_xlsx_export_has_recommendations_mapping_coverage_and_about_sheets(current, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _, xlsx_path = write_recommendation_exports(current, FRAMEWORKS, tmp_path, 2025)
    wb = load_workbook(xlsx_path)
    assert wb.sheetnames == ["Recommendations", "Mapping", "Coverage", "About"]
    assert [c.value for c in wb["Recommendations"]["C"]][1:] == ["a", "b", "c", "d"]
    assert wb["Mapping"].max_row == 1 + 9  # 2 + 3 + 1 + 3 mapped capabilities
    coverage_rows = {row[1]: row for row in wb["Coverage"].iter_rows(min_row=2, values_only=True)}
    assert coverage_rows["mnr:5"][5] == 0 and coverage_rows["mnr:13"][6] == "d"


def test_exports_neutralise_text_a_spreadsheet_would_run(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    recs, problems = read("formula.yaml")
    assert not problems.errors
    csv_path, xlsx_path = write_recommendation_exports(recs, FRAMEWORKS, tmp_path, 2025)
    row = next(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    assert row["title"] == "'=HYPERLINK(\"http://example.invalid\",\"click\")"
    assert row["text"] == "'+1 more call; -2 fewer; @SUM(A1)"
    assert row["mapped_by"] == "'@the test suite"
    ws = load_workbook(xlsx_path)["Recommendations"]
    header = [c.value for c in ws[1]]
    title = ws.cell(row=2, column=header.index("title") + 1)
    # stored as text with Excel's quote-prefix flag: it shows without an apostrophe and is never run
    assert title.value == '=HYPERLINK("http://example.invalid","click")'
    assert title.data_type == "s" and title.quotePrefix


def test_exports_are_byte_identical_across_runs(current, tmp_path: Path) -> None:
    first = write_recommendation_exports(current, FRAMEWORKS, tmp_path / "one", 2025)
    time.sleep(1.1)  # NOTE: zip entries and workbook properties carry seconds: cross a second boundary
    second = write_recommendation_exports(current, FRAMEWORKS, tmp_path / "two", 2025)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


# --- the shipped data ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(shipped_project):
    from gta.statistics import compute_statistics

    project = shipped_project
    result = compute_statistics(project, 2025)
    known = set(result.stats) | set(result.unavailable)
    recs = load_recommendations(ROOT, 2025, FRAMEWORKS, result.stats, known)
    prev_result = compute_statistics(project, 2023)
    prev = load_recommendations(ROOT, 2023, FRAMEWORKS, prev_result.stats,
                                set(prev_result.stats) | set(prev_result.unavailable))
    return recs, prev, result.stats


def test_shipped_2023_calls_to_action_are_the_three_published_ones(shipped) -> None:
    _, prev, _ = shipped
    assert [r.text for r in prev] == [
        "Invest more in public health approaches, prioritising prevention",
        "Centre children's rights and perspectives in designing interventions",
        "Implement globally aligned legislation",
    ]
    assert {r.status for r in prev} == {"published"}
    assert all(r.source_url == "https://verifymy.io/blog/global-threat-assessment-2023/" for r in prev)
    assert all("this sample edition's authors" in r.mapping_note for r in prev)  # not WeProtect's mapping


def test_shipped_2025_sample_recommendations_leave_three_mnr_capabilities_unaddressed(shipped) -> None:
    recs, prev, _ = shipped
    assert 8 <= len(recs) <= 12
    assert {r.status for r in recs} == {"sample"}
    assert [c.number for c in coverage(recs, FRAMEWORKS["mnr"]).unaddressed] == [5, 20, 21]
    rows, dropped, _ = continuity_rows(recs, prev)
    assert {r.previous_id for r in rows} == {p.id for p in prev} and dropped == []


# --- the command line ----------------------------------------------------------------------------------


def _cli(*args: str):
    from click.testing import CliRunner

    from gta.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_lists_recommendations_by_capability_with_coverage_gaps() -> None:
    result = _cli("--project", str(ROOT), "recommendations", "--edition", "2025", "--by", "capability")
    assert result.exit_code == 0, result.output
    assert "GTA 2025: 11 recommendations" in result.output
    assert "not addressed: mnr:5 Judiciary and Prosecutors (Criminal Justice)" in result.output
    assert "r25-align-legislation revises gta23-cta3-legislation" in result.output


def test_cli_prints_located_errors_and_exits_1(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    bad = tmp_path / "sources" / "editions" / "2025" / "recommendations.yaml"
    bad.write_text((FIXTURES / "unknown_capability.yaml").read_text())
    result = _cli("--project", str(tmp_path), "recommendations", "--edition", "2025")
    assert result.exit_code == 1
    line = line_with("unknown_capability.yaml", "mnr:csea-hotlin")
    assert f"recommendations.yaml:{line}: recommendation 'a': unknown capability 'mnr:csea-hotlin'" in result.output
    assert "did you mean 'mnr:12'?" in result.output


def test_workbook_is_dated_from_the_edition_not_the_clock(shipped, shipped_project, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    recs, _, _ = shipped
    edition = shipped_project.editions[2025].meta
    _, xlsx_path = write_recommendation_exports(recs, FRAMEWORKS, tmp_path, edition)
    props = load_workbook(xlsx_path).properties
    assert props.created == datetime(2025, 12, 11)
