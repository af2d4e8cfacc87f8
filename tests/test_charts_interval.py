"""Interval charts: point estimates with confidence-interval whiskers (figures/online-harms-estimates.yaml)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from gta.charts.alttext import alt_text as _alt_text
from gta.charts.data import ChartUnavailable, build_plot_data
from gta.charts.spec import check_specs
from gta.charts.table import chart_csv
from gta.errors import GtaError
from gta.i18n.localisation import ENGLISH
from gta.load import load_project
from tests.conftest import FIXTURE_PROJECT

ROWS = ["Online solicitation", "Non-consensual taking, sharing or exposure to sexual images",
        "Online sexual exploitation", "Sexual extortion"]


@pytest.fixture(scope="module")
def plotted(shipped_project, shipped_stats):
    spec = shipped_project.charts["online-harms-estimates"]
    return spec, build_plot_data(spec, shipped_project, shipped_stats.stats, 2024)


def test_the_plotted_data_holds_each_estimate_and_its_interval(plotted) -> None:
    _, data = plotted
    assert list(data.frame.index) == ROWS and data.keys == ["Estimate"]
    assert data.frame["Estimate"].tolist() == [0.125, 0.126, 0.047, 0.035]
    assert data.lower["Estimate"].tolist() == [0.105, 0.097, 0.029, 0.019]
    assert data.upper["Estimate"].tolist() == [0.147, 0.162, 0.073, 0.064]
    assert data.level == 0.95
    assert data.references == ("lancet-ocsea-2025",)


def test_the_chart_csv_carries_the_whiskers_ends(plotted) -> None:
    spec, data = plotted
    lines = chart_csv(data, spec.number_format, decimals=spec.decimals).decode("utf-8-sig").splitlines()
    assert lines[0] == ('Harm,Estimate (%),"Estimate, as shown","Estimate (lower, 95% CI, %)",'
                        '"Estimate (upper, 95% CI, %)",Notes')
    assert lines[2] == '"Non-consensual taking, sharing or exposure to sexual images",12.6,12.6%,9.7,16.2,'


def test_the_alt_text_reads_every_estimate_with_its_interval(plotted) -> None:
    spec, data = plotted
    assert alt_text(spec, data) == (
        "Chart of estimates with confidence intervals. Children's past-year experience of four online sexual harms: "
        "Online solicitation 12.5% (95% CI 10.5–14.7%); Non-consensual taking, sharing or exposure to sexual images "
        "12.6% (95% CI 9.7–16.2%); Online sexual exploitation 4.7% (95% CI 2.9–7.3%); "
        "Sexual extortion 3.5% (95% CI 1.9–6.4%).")


def test_sorting_keeps_each_interval_with_its_estimate(plotted, shipped_project, shipped_stats) -> None:
    spec, _ = plotted
    data = build_plot_data(spec.model_copy(update={"sort": "ascending"}), shipped_project, shipped_stats.stats, 2024)
    assert list(data.frame.index)[0] == "Sexual extortion"
    assert data.lower.loc["Sexual extortion", "Estimate"] == 0.019
    assert data.upper.loc["Online solicitation", "Estimate"] == 0.147


def test_the_drawing_puts_a_whisker_from_lower_to_upper_bound(plotted) -> None:
    pytest.importorskip("matplotlib")
    from gta.charts.draw import draw_chart
    from gta.charts.style import house_style

    spec, data = plotted
    with house_style(1.0) as sizes:
        fig = draw_chart(spec, data, 6.3, 3.5, sizes)
    ax = fig.axes[0]
    whiskers = [tuple(line.get_xdata()) for line in ax.lines if len(line.get_xdata()) == 2
                and line.get_ydata()[0] == line.get_ydata()[1]]
    assert whiskers[:4:1] == [(0.105, 0.147), (0.097, 0.162), (0.029, 0.073), (0.019, 0.064)]
    assert ax.get_xlim()[0] == 0
    labels = [t.get_text() for t in ax.texts]
    assert "12.6% (95% CI 9.7–16.2%)" in labels


# --- specs and statistics that do not fit ---------------------------------------------------------------

def alt_text(spec, data):
    return _alt_text(spec, data, ENGLISH)


def project_with_figure(tmp_path: Path, spec: str, statistics: str = "") -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    (root / "figures" / "estimates.yaml").write_text(spec, encoding="utf-8")
    if statistics:
        (root / "sources" / "statistics" / "est.yaml").write_text(statistics, encoding="utf-8")
    return root


ESTIMATE = """statistics:
  - id: est_a
    label: Estimate A
    value: 12.5
    unit: percent
    reference: hotline-news
    as_of: 2021
    estimate: {lower: 10.5, upper: 14.7, population: children, period: past year, method: survey}
"""


def test_an_interval_chart_of_a_statistic_without_an_interval_is_a_located_error(tmp_path: Path) -> None:
    spec = "id: estimates\ntype: interval\ntitle: Estimates\nstatistics:\n  - est_a\n  - survey_share\n"
    root = project_with_figure(tmp_path, spec, ESTIMATE)
    with pytest.raises(GtaError):
        load_project(root)
    from gta.errors import Problems
    from gta.sources import read_sources

    _, problems = check_specs(read_sources(root, Problems()))
    [problem] = problems.errors
    assert problem.message == "statistic 'survey_share' has no confidence interval"
    assert problem.path.endswith("figures/estimates.yaml") and problem.line == 6


def test_an_interval_chart_needs_statistics_not_a_dataset(tmp_path: Path) -> None:
    spec = "id: estimates\ntype: interval\ntitle: Estimates\ndataset: hotline\nseries: [reports]\n"
    root = project_with_figure(tmp_path, spec)
    with pytest.raises(GtaError, match="an interval chart plots estimates with their confidence intervals"):
        load_project(root)


def test_estimates_at_different_confidence_levels_are_not_plotted_together(tmp_path: Path) -> None:
    second = ESTIMATE.replace("statistics:\n", "").replace("est_a", "est_b").replace("A", "B").replace("method: survey}",
                                                                                      "method: survey, level: 90}")
    spec = "id: estimates\ntype: interval\ntitle: Estimates\nstatistics: [est_a, est_b]\n"
    root = project_with_figure(tmp_path, spec, ESTIMATE + second)
    project = load_project(root)
    from gta.statistics import compute_statistics

    stats = compute_statistics(project).stats
    assert math.isclose(stats["est_b"].estimate.level, 0.9)
    with pytest.raises(ChartUnavailable, match="different confidence levels"):
        build_plot_data(project.charts["estimates"], project, stats, None)
