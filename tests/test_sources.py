"""Loading sources: the YAML reader, the fixture project as loaded, and the values the shipped report shows.

Each kind of validation error has its own bad file under tests/bad_inputs/ (see test_bad_inputs.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gta.errors import GtaError, Problem, Problems
from gta.load import load_project
from gta.sources import did_you_mean
from gta.yamlio import LineDict, LineList, line_of, load_yaml, parse_yaml, read_text


def problem_of(exc: pytest.ExceptionInfo[GtaError]) -> str:
    [problem] = exc.value.problems
    return str(problem)


# --- the YAML reader --------------------------------------------------------------------------------

def test_yaml_values_remember_their_lines() -> None:
    doc = parse_yaml("a: 1\nitems:\n  - x\n  - {id: y,\n     n: 2}\n", "f.yaml")
    assert isinstance(doc, LineDict) and isinstance(doc["items"], LineList)
    assert doc.lines == {"a": 1, "items": 2}
    assert doc["items"].lines == [3, 4]
    assert line_of(doc, "items", 1, "n") == 5
    assert line_of(doc, "items", 7) == 3  # best effort: where the list starts
    assert line_of(doc) == 1


def test_yaml_dates_stay_strings() -> None:
    assert parse_yaml("published: 2025-06-01\nyear: 2025\n", "f.yaml") == {"published": "2025-06-01", "year": 2025}


def test_yaml_refuses_a_duplicate_key_at_its_line() -> None:
    with pytest.raises(GtaError) as exc:
        parse_yaml("id: a\ntitle: t\nid: b\n", "f.yaml")
    assert problem_of(exc) == ("f.yaml:3: invalid YAML: duplicate key 'id' (first on line 1)\n"
                               "  hint: keys must be unique within a mapping")


def test_yaml_merge_keys_may_be_overridden() -> None:
    # overriding a key brought in by "<<" is what merge keys are for, not a duplicate
    doc = parse_yaml("base: &b {unit: reports, label: x}\nother: {<<: *b, label: y}\n", "f.yaml")
    assert doc["other"] == {"unit": "reports", "label": "y"}
    with pytest.raises(GtaError, match="duplicate key 'label'"):
        parse_yaml("base: &b {unit: reports}\nother: {<<: *b, label: y, label: z}\n", "f.yaml")


@pytest.mark.parametrize(("text", "message"), [
    ("a: [1, 2\nb: 3\n", "f.yaml:2: invalid YAML: expected ',' or ']', but got ':'"),
    ("{[1]: 2}\n", "f.yaml:1: invalid YAML: a mapping key must be a plain value, not a list or mapping"),
    ("a: 1\nb: !!int abc\n", "f.yaml:2: invalid YAML: cannot read 'abc' as int"),
    ("a: !!timestamp soon\n", "f.yaml:1: invalid YAML: cannot read 'soon' as timestamp"),
    ("a: !!python/object:os.system x\n", "f.yaml:1: invalid YAML: could not determine a constructor"),
    ("[" * 2000 + "]" * 2000, "f.yaml: invalid YAML: nested too deeply"),
])
def test_yaml_errors_are_located(text: str, message: str) -> None:
    with pytest.raises(GtaError) as exc:
        parse_yaml(text, "f.yaml")
    assert problem_of(exc).startswith(message)


def test_an_empty_yaml_file_is_an_error_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(GtaError, match="file is empty"):
        load_yaml(path)
    assert load_yaml(path, allow_empty=True) is None


def test_text_must_be_utf8_and_may_have_a_bom_and_windows_line_ends(tmp_path: Path) -> None:
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: 2\rc: 3\n")
    assert read_text(bom) == "a: 1\nb: 2\nc: 3\n"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(GtaError) as exc:
        read_text(latin)
    assert problem_of(exc).endswith("latin.yaml:2: file is not valid UTF-8 (byte 0xe9)\n"
                                    "  hint: re-save the file with UTF-8 encoding")


# --- problems -----------------------------------------------------------------------------------------------

def test_problems_print_as_file_line_message_and_hint() -> None:
    assert str(Problem("a.csv", 3, "bad", "fix it")) == "a.csv:3: bad\n  hint: fix it"
    assert str(Problem("a.csv", None, "bad")) == "a.csv: bad"
    assert str(Problem("a.yaml", 2, "odd", severity="warning")) == "a.yaml:2: warning: odd"


def test_problems_fail_once_with_every_error_and_warnings_only_when_strict() -> None:
    problems = Problems()
    problems.add("a.yaml", 1, "first")
    problems.add("b.yaml", 2, "second")
    problems.add("c.yaml", 3, "odd", severity="warning")
    with pytest.raises(GtaError) as exc:
        problems.raise_if_errors()
    assert [p.message for p in exc.value.problems] == ["first", "second"]
    with pytest.raises(GtaError) as exc:
        problems.raise_if_errors(strict=True)
    assert [p.severity for p in exc.value.problems] == ["error", "error", "error"]
    warnings_only = Problems()
    warnings_only.add("c.yaml", 3, "odd", severity="warning")
    warnings_only.raise_if_errors()  # a warning alone is not a failure


def test_did_you_mean() -> None:
    assert did_you_mean("hotline.report", ["hotline.reports", "hotline.files"]) == "did you mean 'hotline.reports'?"
    assert did_you_mean("zzz", ["hotline.reports"]) == ""


# --- the fixture project as loaded ---------------------------------------------------------------------

def test_the_fixture_project_loads_cleanly(in_fixture_project: Path) -> None:
    project = load_project(in_fixture_project)
    assert sorted(project.datasets) == ["hotline", "members"]
    assert sorted(project.references) == ["alliance-page", "hotline-annual", "hotline-news"]
    assert sorted(project.editions) == [2024, 2025]
    assert len(project.statistics) == 8
    assert project.warnings == []
    assert project.all_series() == ["hotline.files", "hotline.reports", "members.government", "members.total"]
    assert str(project.locations["reports_2022"]) == "sources/statistics/core.yaml:2"
    assert str(project.locations["survey_share"]) == "sources/statistics/core.yaml:9"


def test_observations_remember_their_row(in_fixture_project: Path) -> None:
    hotline = load_project(in_fixture_project).datasets["hotline"]
    obs = hotline.observations[("reports", 2022)]
    assert (obs.value, obs.confidence, obs.qualifier) == (3000, "medium", "exact")
    assert obs.source_url == "https://example.org/news"
    assert obs.note == "from a news release"
    assert str(obs.location) == "sources/datasets/hotline.csv:5"  # header is line 1, 2019 is line 2
    assert len(hotline.observations) == 9  # 5 years of reports + 4 of files


def test_an_empty_cell_is_unknown_never_zero(fixture_project: Path) -> None:
    hotline = load_project(fixture_project).datasets["hotline"]
    assert ("files", 2020) not in hotline.observations
    assert hotline.series_years("files") == [2019, 2021, 2022, 2023]


def test_long_datasets_keep_each_rows_qualifier(fixture_project: Path) -> None:
    members = load_project(fixture_project).datasets["members"]
    assert members.observations[("total", 2022)].qualifier == "more than"
    assert members.observations[("total", 2024)].qualifier == "almost"
    assert members.observations[("government", 2024)].qualifier == "at least"
    assert members.observations[("total", 2022)].confidence == "medium"


def test_empty_confidence_and_qualifier_cells_take_the_defaults(fixture_project: Path) -> None:
    path = fixture_project / "sources" / "datasets" / "members.csv"
    path.write_text("year,metric,value,qualifier,confidence,source_url,note\n"
                    "2024,total,120,,,https://example.org/members,\n", encoding="utf-8")
    obs = load_project(fixture_project).datasets["members"].observations[("total", 2024)]
    assert (obs.qualifier, obs.confidence) == ("exact", "high")  # the sidecar says confidence: high


def test_series_breaks_apply_to_their_series(fixture_project: Path) -> None:
    hotline = load_project(fixture_project).datasets["hotline"]
    [brk] = hotline.breaks_for("reports")
    assert brk.year == 2023
    assert hotline.breaks_for("files") == [brk]


def test_chapters_know_where_their_body_starts(fixture_project: Path) -> None:
    edition = load_project(fixture_project).editions[2025]
    assert [c.id for c in edition.chapters] == ["intro", "trends", "recommendations"]
    intro = edition.chapters[0]
    assert (intro.meta.title, intro.meta.kind, intro.body_line) == ("Introduction", "front", 5)
    assert intro.body.startswith("The hotline received")
    assert edition.meta.data_cutoff == 2023 and edition.meta.previous == 2024


def test_a_quoted_multiline_cell_keeps_later_line_numbers(in_fixture_project: Path) -> None:
    path = in_fixture_project / "sources" / "datasets" / "hotline.csv"
    path.write_text("year,reports,files,confidence,source_url,note\n"
                    '2019,1000,4000,high,https://example.org/annual,"a note\nover two lines"\n'
                    "2020,n/a,,high,https://example.org/annual,\n", encoding="utf-8")
    with pytest.raises(GtaError) as exc:
        load_project(in_fixture_project)
    assert str(exc.value.problems[0]).startswith(
        "sources/datasets/hotline.csv:4: column 'reports' must be a number, got 'n/a'")


def test_a_folder_without_sources_is_refused(tmp_path: Path) -> None:
    with pytest.raises(GtaError, match="no 'sources/' folder here"):
        load_project(tmp_path)


# --- the shipped project: the values the report shows ------------------------------------------------------

def test_the_shipped_project_loads_without_warnings(shipped_project) -> None:
    assert shipped_project.warnings == []
    assert "ncmec_cybertipline" in shipped_project.datasets


@pytest.mark.parametrize(("sid", "value", "text"), [
    ("ncmec_reports_2023", 36_210_368, "36.2 million"),
    ("ncmec_reports_2019", 16_987_361, "17 million"),
    ("ncmec_reports_2024", 20_512_803, "20.5 million"),
    # 36,210,368 ÷ 16,987,361 − 1 = 1.1316
    ("ncmec_growth_2019_2023", 36_210_368 / 16_987_361 - 1, "+113%"),
    # 32,059,029 ÷ 16,987,361 − 1 = 0.8872
    ("ncmec_growth_2019_2022", 32_059_029 / 16_987_361 - 1, "+88.7%"),
    # 36,210,368 ÷ 365 = 99,206.5
    ("ncmec_reports_per_day_2023", 36_210_368 / 365, "99,206 a day"),
    ("members_2024", 300, "almost 300"),
])
def test_the_shipped_report_shows(shipped_stats, sid: str, value: float, text: str) -> None:
    st = shipped_stats.stats[sid]
    assert st.value == pytest.approx(value)
    assert st.text() == text


def test_the_shipped_fall_across_the_counting_change_carries_its_caveat(shipped_stats) -> None:
    st = shipped_stats.stats["ncmec_change_2023_2024"]
    assert st.value == pytest.approx(20_512_803 / 36_210_368 - 1)  # −0.4335
    assert st.text() == "\u221243.4%"
    assert st.text("rise") == "fell by 43.4%"
    assert any("bundling" in c for c in st.caveats)


def test_the_shipped_ncmec_total_in_french(shipped_stats) -> None:
    assert shipped_stats.stats["ncmec_reports_2023"].text(locale="fr") == "36,2 millions"
