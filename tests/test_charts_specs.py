"""Chart specs on the tiny fixture project: located errors, gaps and breaks, the cache, the CLI, heatmaps."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.charts.spec import ChartSpec
from gta.errors import GtaError
from gta.load import load_project
from tests.helpers import render_charts

FAST = {"formats": ("png",), "sizes": ("print",), "jobs": 1}


def _problems(root: Path, strict: bool = False) -> list[str]:
    with pytest.raises(GtaError) as exc:
        load_project(root, strict=strict)
    return [str(p) for p in exc.value.problems]


def _write(root: Path, name: str, text: str) -> Path:
    path = root / "figures" / name
    path.write_text(text, encoding="utf-8")
    return path


# --- validation -----------------------------------------------------------------------------------

def test_a_chart_on_a_missing_dataset_is_an_error_with_did_you_mean(in_fixture_project):
    _write(in_fixture_project, "bad.yaml", "id: bad\ntype: line\ntitle: Bad\ndataset: hotlin\nseries: [reports]\n")
    problems = _problems(in_fixture_project)
    assert problems == ["figures/bad.yaml:4: unknown dataset 'hotlin'\n  hint: did you mean 'hotline'?"]


def test_an_unknown_series_or_statistic_is_located_with_did_you_mean(in_fixture_project):
    _write(in_fixture_project, "bad-series.yaml",
           "id: bad-series\ntype: line\ntitle: Bad\ndataset: hotline\nseries:\n  - reports\n  - file\n")
    _write(in_fixture_project, "bad-stat.yaml",
           "id: bad-stat\ntype: barh\ntitle: Bad\nstatistics:\n  - reports_202\n")
    problems = _problems(in_fixture_project)
    assert "figures/bad-series.yaml:7: unknown series 'file' in dataset 'hotline'\n  hint: did you mean 'files'?" \
        in problems
    assert any(p.startswith("figures/bad-stat.yaml:5: unknown statistic 'reports_202'") and "did you mean" in p
               for p in problems)


def test_every_problem_is_reported_at_once_with_its_line(in_fixture_project):
    _write(in_fixture_project, "a.yaml", "id: a\ntype: pie\ntitle: A\ndataset: hotline\nseries: [reports]\n")
    _write(in_fixture_project, "b.yaml", "id: b\ntype: line\ndataset: hotline\nseries: [reports]\n")
    _write(in_fixture_project, "c.yaml", "id: c\ntype: line\ntitle: C\ndataset: hotline\nseries: [reports]\n"
                                         "number_format: millions\n")
    problems = _problems(in_fixture_project)
    assert any(p.startswith("figures/a.yaml:2: 'type'") for p in problems), problems
    assert any(p.startswith("figures/b.yaml:1: missing required field 'title'") for p in problems), problems
    assert any(p.startswith("figures/c.yaml:6: 'number_format'") and "millions" in p for p in problems), problems


def test_chart_ids_must_be_safe_folder_names(in_fixture_project):
    _write(in_fixture_project, "evil.yaml", "id: ../evil\ntype: line\ntitle: E\ndataset: hotline\nseries: [reports]\n")
    problems = _problems(in_fixture_project)
    assert any(p.startswith("figures/evil.yaml:1: 'id'") and "folder" in p for p in problems), problems


def test_unknown_keys_are_warnings_and_errors_when_strict(in_fixture_project):
    _write(in_fixture_project, "w.yaml", "id: w\ntype: line\ntitle: W\ndataset: hotline\nseries: [reports]\n"
                                         "colour: red\n")
    project = load_project(in_fixture_project)
    assert any("figures/w.yaml:6: warning: unknown key 'colour'" in str(w) for w in project.warnings)
    assert any("unknown key 'colour'" in p for p in _problems(in_fixture_project, strict=True))


def test_empty_alt_text_is_refused_and_a_given_alt_text_is_used(in_fixture_project):
    _write(in_fixture_project, "noalt.yaml", "id: noalt\ntype: line\ntitle: N\ndataset: hotline\n"
                                             "series: [reports]\nalt: ' '\n")
    assert any(p.startswith("figures/noalt.yaml:6: 'alt'") for p in _problems(in_fixture_project))


@pytest.mark.parametrize("raw, message", [
    ({"series": [f"s{i}" for i in range(9)]}, "1 to 8 series"),
    ({"type": "slope", "series": ["reports"]}, "compares two years"),
    ({"x": "series"}, "give the 'year'"),
    ({"from": 2022, "to": 2020}, "is after"),
    ({"dataset": None, "series": []}, "either 'dataset'"),
])
def test_spec_shapes_that_cannot_be_drawn_are_refused(raw, message):
    base = {"id": "x", "type": "line", "title": "X", "dataset": "hotline", "series": ["reports"]}
    with pytest.raises(ValueError, match=message):
        ChartSpec.model_validate(base | raw)


# --- data: gaps, breaks, cut-off ------------------------------------------------------------------

def test_gaps_stay_gaps_and_lines_never_cross_a_break(fixture_project):
    from gta.charts.data import build_plot_data
    from gta.charts.draw import draw_chart
    from gta.charts.style import house_style

    project = load_project(fixture_project)
    specs = project.charts
    files = build_plot_data(specs["fixture-files"], project, {}, 2023)
    assert files.frame["files"].isna().tolist() == [False, True, False, False, False]  # 2020 unknown, not 0
    reports = build_plot_data(specs["fixture-reports"], project, {}, 2023)
    assert [b.year for b in reports.breaks] == [2023]
    with house_style() as sizes:
        fig = draw_chart(specs["fixture-reports"], reports, 6.3, 3.5, sizes)
    runs = [set(line.get_xdata()) for line in fig.axes[0].lines if len(line.get_xdata()) > 1]
    assert runs and all(not {2022, 2023} <= r for r in runs), "a line joins 2022 and 2023 across the break"
    with house_style() as sizes:
        fig = draw_chart(specs["fixture-files"], files, 6.3, 3.5, sizes)
    assert "no figure" in [t.get_text() for t in fig.axes[0].texts]


def test_the_data_cut_off_limits_the_years_and_titles(fixture_project, tmp_path):
    project = load_project(fixture_project)
    out = render_charts(project, 2024, tmp_path, **FAST)
    assert out["fixture-reports"].title == "Hotline reports, 2019–2021"
    with out["fixture-reports"].files["csv"].open(encoding="utf-8-sig") as f:
        assert [r[0] for r in csv.reader(f)][1:] == ["2019", "2020", "2021"]


# --- cache ----------------------------------------------------------------------------------------

def test_charts_are_reused_until_something_they_depend_on_changes(fixture_project, tmp_path):
    def render():
        project = load_project(fixture_project)
        out = render_charts(project, 2025, tmp_path, **FAST)
        return {cid: o.rendered for cid, o in out.items()}

    assert render() == {"fixture-files": True, "fixture-reports": True}
    assert render() == {"fixture-files": False, "fixture-reports": False}
    spec = fixture_project / "figures" / "fixture-reports.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("Hotline reports", "Reports to the hotline"),
                    encoding="utf-8")
    assert render() == {"fixture-files": False, "fixture-reports": True}
    (tmp_path / "fixture-files" / "fixture-files.png").unlink()  # a missing output is drawn again
    assert render() == {"fixture-files": True, "fixture-reports": False}


def test_asking_for_more_formats_redraws_with_them(fixture_project, tmp_path):
    project = load_project(fixture_project)
    render_charts(project, 2025, tmp_path, ids=["fixture-files"], **FAST)
    out = render_charts(project, 2025, tmp_path, ids=["fixture-files"], formats=("png", "svg"),
                        sizes=("print",), jobs=1)
    assert out["fixture-files"].rendered and out["fixture-files"].files["svg"].is_file()


def test_asking_for_an_unknown_chart_says_which_exist(fixture_project, tmp_path):
    project = load_project(fixture_project)
    with pytest.raises(GtaError, match="did you mean 'fixture-reports'"):
        render_charts(project, 2025, tmp_path, ids=["fixture-report"], **FAST)


# --- heatmap --------------------------------------------------------------------------------------

def test_heatmap_has_the_same_outputs_as_every_chart(fixture_project, tmp_path):
    from gta.plan import prepare
    from gta.writers.charts import chart_options, draw_figures

    plan = prepare(load_project(fixture_project), 2025)
    heatmap = next(f for f in plan.figures if f.kind == "heatmap")
    out = draw_figures([heatmap], tmp_path, chart_options(plan.loc), jobs=1)[heatmap.id]
    assert {"png", "png_slide", "svg", "pdf", "csv", "json"} <= out.files.keys()
    assert all(p.is_file() for p in out.files.values())
    with out.files["csv"].open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    domains = [d.name for d in plan.frameworks["mnr"].domains]
    assert rows[0] == ["Category", *domains, "Notes"]
    assert [r[0] for r in rows[1:]] == [f"{r.label} {r.title}" for r in plan.recommendations]
    assert heatmap.meta.alt.startswith("Heatmap of 3 recommendations")


# --- command line ---------------------------------------------------------------------------------

def test_gta_charts_writes_the_charts_and_the_pack(fixture_project):
    from gta.cli import main

    result = CliRunner().invoke(main, ["--project", str(fixture_project), "charts", "--format", "png,pptx", "-j", "1"])
    assert result.exit_code == 0, result.output
    out = fixture_project / "build" / "2025" / "charts"
    assert (out / "fixture-reports" / "gta2025-fig01-fixture-reports-slide.png").is_file()  # Figure 1 of the report
    assert not (out / "fixture-files").exists()  # not in the report, so not in its pack
    # the heatmap repeats the recommendations table, so the pack offers it as an additional figure
    assert (out / "recommendations-mnr-heatmap" / "gta2025-other-recommendations-mnr-heatmap-slide.png").is_file()
    assert {"index.html", "gta2025-charts-en.zip", "gta2025-charts-en.pptx", "gta2025-data-en.xlsx"} <= {
        p.name for p in out.iterdir()}
    again = CliRunner().invoke(main, ["--project", str(fixture_project), "charts", "--format", "png,pptx"])
    assert again.exit_code == 0 and "0 drawn, 2 unchanged" in again.output


def test_gta_charts_reports_problems_as_file_and_line(fixture_project):
    from gta.cli import main

    _write(fixture_project, "bad.yaml", "id: bad\ntype: line\ntitle: Bad\ndataset: hotlin\nseries: [reports]\n")
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "charts"])
    assert result.exit_code == 1
    assert "bad.yaml:4: unknown dataset 'hotlin'" in result.output and "did you mean 'hotline'" in result.output
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "charts", "--format", "gif"])
    assert result.exit_code == 2 and "unknown format 'gif'" in result.output
