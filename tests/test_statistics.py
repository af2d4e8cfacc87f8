"""The statistics engine: every operation pinned to values computed by hand from the fixture project.

The fixture's numbers (tests/fixtures/project/sources/datasets/):

    hotline.csv   year  reports  files   confidence  source
    (line 2)      2019   1000     4000   high        annual
    (line 3)      2020   1500     –      high        annual      files unknown (empty cell)
    (line 4)      2021   2400     9000   high        annual
    (line 5)      2022   3000    12000   medium      news
    (line 6)      2023   1200     6000   high        annual      after the series break (2023)

    members.csv   2022 total 90 "more than" (medium) · 2024 total 120 "almost" · 2024 government 50 "at least"

Units: reports, files, organisations (members.total), governments (members.government).
Editions: 2024 (data cut-off 2021) and 2025 (data cut-off 2023).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from gta.errors import GtaError, Problem
from gta.load import load_project
from gta.statistics import Statistic, StatisticsResult, compute_statistics

EXTRA = "sources/statistics/extra.yaml"


def compute(project: Path, *specs: dict, edition: int | None = None) -> StatisticsResult:
    """Add ``specs`` (statistic n on line n + 1 of extra.yaml) to the project and compute everything."""
    if specs:
        lines = ["statistics:"] + [f"  - {json.dumps(s)}" for s in specs]
        (project / EXTRA).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return compute_statistics(load_project(project), edition)


def derive(project: Path, edition: int | None = None, **spec) -> Statistic:
    """Compute one extra statistic, id 'x', declared on line 2 of extra.yaml (no cut-off unless an edition)."""
    return compute(project, {"id": "x", "label": "X", **spec}, edition=edition).stats["x"]


def refused(project: Path, *specs: dict, edition: int | None = None) -> list[str]:
    """The problems (as printed) when computing must fail."""
    with pytest.raises(GtaError) as info:
        compute(project, *specs, edition=edition)
    return [str(p) for p in info.value.problems]


def refuse(project: Path, **spec) -> str:
    """The one problem of an extra statistic 'x' that cannot be computed."""
    problems = refused(project, {"id": "x", "label": "X", **spec})
    assert len(problems) == 1, problems
    return problems[0]


def set_cell(project: Path, dataset: str, line: int, column: str, value: str) -> None:
    """Change one cell of a fixture CSV (line numbers as in the file, header = 1)."""
    path = project / "sources" / "datasets" / f"{dataset}.csv"
    rows = [r.split(",") for r in path.read_text(encoding="utf-8").splitlines()]
    rows[line - 1][rows[0].index(column)] = value
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")


REPORTS = "hotline.reports"
FILES = "hotline.files"


# --- value and latest ---------------------------------------------------------------------------

def test_value_is_the_row_with_its_provenance(in_fixture_project: Path) -> None:
    st = compute(in_fixture_project).stats["reports_2022"]
    assert st.value == 3000
    assert (st.kind, st.unit, st.as_of, st.qualifier) == ("count", "reports", "2022", "exact")
    assert st.confidence == "medium"  # the 2022 row is medium
    assert st.references == ("hotline-news",)  # from the row's source_url
    [row] = st.inputs
    assert (row.kind, row.ref, row.value, row.location) == ("row", "hotline.reports 2022", 3000,
                                                           "sources/datasets/hotline.csv:5")
    assert str(st.location) == "sources/statistics/core.yaml:2"
    assert st.text() == "3,000"  # words style below a million shows the whole number
    assert st.derivation == "3,000 — Hotline reports, 2022"


def test_latest_is_the_last_year_within_the_data_cutoff(fixture_project: Path) -> None:
    project = load_project(fixture_project)
    assert compute_statistics(project).stats["reports_latest"].value == 1200  # 2023, no cut-off
    assert compute_statistics(project, 2024).stats["reports_latest"].value == 2400  # cut-off 2021
    assert compute_statistics(project, 2025).stats["reports_latest"].as_of == "2023"  # cut-off 2023


# --- change, pct_change, cagr, fold -------------------------------------------------------------

def test_change_is_end_minus_start(fixture_project: Path) -> None:
    st = derive(fixture_project, op="change", series=REPORTS, start=2019, end=2022)
    assert st.value == 2000  # 3000 − 1000
    assert st.derivation.startswith("3,000 − 1,000 = +2,000")
    of = derive(fixture_project, op="change", of=["reports_2021", "reports_2022"])
    assert of.value == 600  # 3000 − 2400
    assert of.unit == "reports"


def test_pct_change_from_rows_and_from_statistics(fixture_project: Path) -> None:
    st = compute(fixture_project).stats["growth_2019_2022"]
    assert st.value == pytest.approx(2.0)  # (3000 − 1000) ÷ 1000
    assert (st.kind, st.as_of, st.confidence) == ("change", "2022", "medium")
    assert st.references == ("hotline-annual", "hotline-news")
    assert st.text() == "+200%"
    assert st.text("rise") == "rose by 200%"
    assert st.text("increase") == "an increase of 200%"
    of = derive(fixture_project, op="pct_change", of=["reports_2021", "reports_2022"])
    assert of.value == pytest.approx(0.25)  # (3000 − 2400) ÷ 2400
    assert of.text() == "+25%"


def test_a_decrease_is_phrased_as_a_fall(fixture_project: Path) -> None:
    st = derive(fixture_project, op="pct_change", series=REPORTS, start=2022, end=2023, allow_break="Counted differently.")
    assert st.value == pytest.approx(-0.6)  # (1200 − 3000) ÷ 3000
    assert st.text() == "\u221260%"
    assert st.text("rise") == "fell by 60%"
    assert st.text("increase") == "a decrease of 60%"


def test_cagr_is_the_compound_annual_rate(fixture_project: Path) -> None:
    st = derive(fixture_project, op="cagr", series=REPORTS, start=2019, end=2022)
    assert st.value == pytest.approx(3 ** (1 / 3) - 1)  # (3000 ÷ 1000)^(1/3) − 1 = 0.44225
    assert st.value == pytest.approx(0.44225, abs=1e-5)
    assert st.unit == "percent a year"
    assert st.text() == "+44.2%"


def test_fold_is_end_over_start(fixture_project: Path) -> None:
    st = derive(fixture_project, op="fold", series=REPORTS, start=2019, end=2021)
    assert st.value == pytest.approx(2.4)  # 2400 ÷ 1000
    assert (st.kind, st.text()) == ("multiple", "2.4 times")


def test_start_must_come_before_end(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="pct_change", series=REPORTS, start=2022, end=2019)
    assert message.startswith(f"{EXTRA}:2: statistic 'x': start (2022) must be before end (2019)")


# --- yoy and rolling_mean ---------------------------------------------------------------------

def test_yoy_is_a_series_whose_value_is_the_latest_change(fixture_project: Path) -> None:
    st = derive(fixture_project, op="yoy", series=REPORTS, start=2019, end=2022)
    # 1500/1000 − 1 = 0.5; 2400/1500 − 1 = 0.6; 3000/2400 − 1 = 0.25
    assert [y for y, _ in st.series] == [2020, 2021, 2022]
    assert [v for _, v in st.series] == pytest.approx([0.5, 0.6, 0.25])
    assert st.value == pytest.approx(0.25)
    assert st.as_of == "2022"


def test_yoy_leaves_a_gap_after_a_missing_year(fixture_project: Path) -> None:
    st = derive(fixture_project, op="yoy", series=FILES, start=2019, end=2022)
    # files: 2019 4000, 2020 unknown, 2021 9000, 2022 12000 → 2021 has no previous year
    assert st.series[0] == (2021, None)
    assert st.series[1][0] == 2022 and st.series[1][1] == pytest.approx(1 / 3)  # 12000/9000 − 1


def test_yoy_is_blank_across_a_series_break_unless_allowed(fixture_project: Path) -> None:
    st = derive(fixture_project, op="yoy", series=REPORTS)
    assert st.series[-1] == (2023, None)
    assert st.value == pytest.approx(0.25) and st.as_of == "2022"  # the latest comparable change
    assert st.caveats == ()
    allowed = derive(fixture_project, op="yoy", series=REPORTS, allow_break="Counted differently from 2023.")
    assert allowed.value == pytest.approx(-0.6)  # 1200/3000 − 1
    assert allowed.caveats == ("Counted differently from 2023.",)


def test_yoy_skips_a_zero_base(fixture_project: Path) -> None:
    set_cell(fixture_project, "hotline", 3, "reports", "0")  # 2020 = 0
    st = derive(fixture_project, op="yoy", series=REPORTS, start=2019, end=2022)
    assert st.series[0][1] == pytest.approx(-1.0)  # 0/1000 − 1
    assert st.series[1] == (2021, None)  # 2400 over 0 is undefined
    assert st.value == pytest.approx(0.25)  # 3000/2400 − 1


def test_rolling_mean(fixture_project: Path) -> None:
    st = derive(fixture_project, op="rolling_mean", series=REPORTS, window=3, year=2022)
    assert st.value == pytest.approx(2300)  # (1500 + 2400 + 3000) ÷ 3
    assert [i.ref for i in st.inputs] == ["hotline.reports 2020", "hotline.reports 2021", "hotline.reports 2022"]
    series = dict(st.series)
    assert series[2019] is None and series[2020] is None  # no complete window yet
    assert series[2021] == pytest.approx(4900 / 3)  # (1000 + 1500 + 2400) ÷ 3


def test_rolling_mean_needs_a_complete_window(in_fixture_project: Path) -> None:
    two = derive(in_fixture_project, op="rolling_mean", series=FILES, window=2, year=2022)
    assert two.value == pytest.approx(10500)  # (9000 + 12000) ÷ 2
    message = refuse(in_fixture_project, op="rolling_mean", series=FILES, window=3, year=2022)
    assert "no complete 3-year window ends in 2022" in message  # 2020 is unknown


def test_rolling_mean_across_a_break_needs_allow_break(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="rolling_mean", series=REPORTS, window=2, year=2023)
    assert "crosses the series break in 2023" in message
    st = derive(in_fixture_project, op="rolling_mean", series=REPORTS, window=2, year=2023, allow_break="Mixed counts.")
    assert st.value == pytest.approx(2100)  # (3000 + 1200) ÷ 2
    assert st.caveats == ("Mixed counts.",)


# --- share, ratio -------------------------------------------------------------------------------

def test_share_of_series(fixture_project: Path) -> None:
    st = derive(fixture_project, op="share", series="members.government", denominator="members.total", year=2024,
                allow_mixed_units="Governments are counted among members.")
    assert st.value == pytest.approx(50 / 120)  # 0.41667
    # "at least 50" over "almost 120": a share of two different bounds is only approximate
    assert st.qualifier == "about"
    assert st.text() == "about 41.7%"
    assert st.caveats == ("Governments are counted among members.",)


def test_share_of_statistics(fixture_project: Path) -> None:
    st = derive(fixture_project, op="share", of=["reports_2021", "reports_2022"])
    assert st.value == pytest.approx(0.8)  # 2400 ÷ 3000
    assert st.text() == "80%"


def test_a_share_above_100_percent_is_refused(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="share", series=FILES, denominator=REPORTS, year=2022,
                     allow_mixed_units="x")
    assert "share is above 100% (400.0%)" in message  # 12000 ÷ 3000
    message = refuse(in_fixture_project, op="share", of=["reports_2022", "reports_2021"])
    assert "share is above 100% (125.0%)" in message  # 3000 ÷ 2400


def test_ratio(fixture_project: Path) -> None:
    st = derive(fixture_project, op="ratio", series=FILES, denominator=REPORTS, year=2022,
                allow_mixed_units="Files per report.")
    assert st.value == pytest.approx(4.0)  # 12000 ÷ 3000
    assert st.text() == "4.0 times"
    of = derive(fixture_project, op="ratio", of=["reports_2021", "reports_2022"])
    assert of.value == pytest.approx(0.8)  # 2400 ÷ 3000


def test_a_ratio_can_be_shown_as_one_in_n(fixture_project: Path) -> None:
    st = derive(fixture_project, op="share", series=REPORTS, denominator=FILES, year=2021, allow_mixed_units="x")
    assert st.value == pytest.approx(2400 / 9000)  # 0.2667 → 1 ÷ 0.2667 = 3.75 → "1 in 4"
    assert st.text("ratio") == "1 in 4"


# --- sum and rate -------------------------------------------------------------------------------

def test_sum_of_statistics_and_over_years(fixture_project: Path) -> None:
    of = derive(fixture_project, op="sum", of=["reports_2021", "reports_2022"])
    assert of.value == 5400  # 2400 + 3000
    assert of.derivation.startswith("2,400 + 3,000 = 5,400")
    years = derive(fixture_project, op="sum", series=REPORTS, start=2019, end=2021)
    assert years.value == 4900  # 1000 + 1500 + 2400
    assert len(years.inputs) == 3 and years.as_of == "2021"


def test_a_sum_over_years_refuses_a_missing_year(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="sum", series=FILES, start=2019, end=2021)
    assert message == (f"{EXTRA}:2: statistic 'x': 'hotline.files' has no value for 2020\n"
                       "  hint: years with data: 2019, 2021, 2022, 2023")


@pytest.mark.parametrize(("per", "value", "text"), [
    ("day", 3000 / 365, "8.2 a day"),  # 2022 is not a leap year: 3000 ÷ 365 = 8.219
    ("week", 3000 / (365 / 7), "57.5 a week"),  # 3000 ÷ 52.14 = 57.53
    ("month", 250, "250 a month"),  # 3000 ÷ 12
    ("year", 3000, "3,000 a year"),
])
def test_rate_per_period(fixture_project: Path, per: str, value: float, text: str) -> None:
    st = derive(fixture_project, op="rate", series=REPORTS, year=2022, per=per)
    assert st.value == pytest.approx(value)
    assert st.unit == f"reports per {per}"
    assert st.text() == text


def test_rate_per_day_counts_a_leap_year(fixture_project: Path) -> None:
    st = derive(fixture_project, op="rate", series=REPORTS, year=2020, per="day")
    assert st.value == pytest.approx(1500 / 366)  # 2020 had 366 days: 4.098
    assert st.text() == "4.1 a day"


# --- rank, top, peak ----------------------------------------------------------------------------

def test_top_and_rank_among_series(fixture_project: Path) -> None:
    # in 2022: files 12000, reports 3000 (two units, so the ranking needs allow_mixed_units)
    top = derive(fixture_project, op="top", series="hotline", year=2022, n=2, allow_mixed_units="Files and reports.")
    assert top.value == 12000
    assert top.series == (("Hotline files", 12000.0), ("Hotline reports", 3000.0))
    assert top.caveats == ("Files and reports.",)
    one = derive(fixture_project, op="top", series="hotline", year=2022, n=1, allow_mixed_units="x")
    assert one.series == (("Hotline files", 12000.0),)
    rank = derive(fixture_project, op="rank", series="hotline", denominator=REPORTS, year=2022, allow_mixed_units="x")
    assert (rank.value, rank.kind, rank.text()) == (2.0, "rank", "2")


def test_ranking_different_units_is_refused(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="top", series="hotline", year=2022)
    assert "ranking combines different units (files, reports)" in message
    assert "allow_mixed_units" in message


def test_peak_is_the_year_of_the_highest_value(fixture_project: Path) -> None:
    st = derive(fixture_project, op="peak", series=REPORTS)
    assert (st.value, st.kind, st.text()) == (2022.0, "year", "2022")
    assert st.extra["peak_value"] == 3000
    early = derive(fixture_project, edition=2024, op="peak", series=REPORTS)  # cut-off 2021
    assert early.value == 2021.0


# --- trend ----------------------------------------------------------------------------------------

def test_linear_trend_with_r_squared(fixture_project: Path) -> None:
    st = derive(fixture_project, op="trend", series=REPORTS, start=2019, end=2022)
    # x − x̄ = −1.5, −0.5, 0.5, 1.5;  y − ȳ = −975, −475, 425, 1025 (ȳ = 1975)
    # slope = Σ(dx·dy) ÷ Σdx² = 3450 ÷ 5 = 690 reports a year
    # fitted = 940, 1630, 2320, 3010; residuals 60, −130, 80, −10 → SSres = 27,000
    # SStot = 975² + 475² + 425² + 1025² = 2,407,500 → R² = 1 − 27,000 ÷ 2,407,500 = 0.98879
    assert st.value == pytest.approx(690)
    assert st.extra["r2"] == pytest.approx(1 - 27_000 / 2_407_500)
    assert st.unit == "reports a year"
    assert "(R² = 0.989)" in st.derivation


def test_log_linear_trend_with_r_squared(fixture_project: Path) -> None:
    st = derive(fixture_project, op="trend", series=REPORTS, start=2019, end=2021, model="log-linear")
    # three equally spaced years: slope of ln(y) = (ln 2400 − ln 1000) ÷ 2, so growth = √2.4 − 1 = 54.9% a year
    assert st.value == pytest.approx(math.sqrt(2.4) - 1)
    y = [math.log(1000), math.log(1500), math.log(2400)]
    mean = sum(y) / 3
    ss_res = (y[0] - 2 * y[1] + y[2]) ** 2 / 6  # residual of a line through three equally spaced points
    ss_tot = sum((v - mean) ** 2 for v in y)
    assert st.extra["r2"] == pytest.approx(1 - ss_res / ss_tot)
    assert (st.kind, st.unit, st.text()) == ("trend", "percent a year", "+54.9%")


def test_a_trend_needs_three_years_and_positive_values_for_logs(in_fixture_project: Path) -> None:
    assert "a trend needs at least three years" in refuse(in_fixture_project, op="trend", series=REPORTS,
                                                          start=2021, end=2022)
    set_cell(in_fixture_project, "hotline", 3, "reports", "0")  # 2020 = 0
    assert "a log-linear trend needs values above zero" in refuse(
        in_fixture_project, op="trend", series=REPORTS, start=2019, end=2022, model="log-linear")


def test_a_trend_across_a_break_needs_allow_break(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="trend", series=REPORTS)
    assert "2019→2023 crosses the series break in 2023" in message


# --- missing years and zero bases -----------------------------------------------------------------

def test_a_missing_year_is_an_error_naming_the_years_with_data(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="value", series=FILES, year=2020)
    assert message == (f"{EXTRA}:2: statistic 'x': 'hotline.files' has no value for 2020\n"
                       "  hint: years with data: 2019, 2021, 2022, 2023")


@pytest.mark.parametrize("op", ["pct_change", "fold"])
def test_a_zero_base_is_refused(in_fixture_project: Path, op: str) -> None:
    set_cell(in_fixture_project, "hotline", 3, "reports", "0")  # 2020 = 0
    message = refuse(in_fixture_project, op=op, series=REPORTS, start=2020, end=2022)
    assert message.startswith(f"{EXTRA}:2: statistic 'x': cannot divide by zero (hotline.reports 2020 is 0)")


def test_compound_growth_from_zero_is_refused(in_fixture_project: Path) -> None:
    set_cell(in_fixture_project, "hotline", 3, "reports", "0")
    message = refuse(in_fixture_project, op="cagr", series=REPORTS, start=2020, end=2022)
    assert "compound growth needs a positive starting value" in message


def test_a_zero_statistic_cannot_be_a_base_or_a_denominator(in_fixture_project: Path) -> None:
    zero = {"id": "zero", "label": "Zero", "value": 0, "unit": "reports", "reference": "hotline-annual"}
    for op in ("pct_change", "ratio", "share"):
        order = ["zero", "reports_2022"] if op == "pct_change" else ["reports_2022", "zero"]
        [message] = refused(in_fixture_project, zero, {"id": "x", "label": "X", "op": op, "of": order})
        assert message.startswith(f"{EXTRA}:3: statistic 'x': cannot divide by zero (zero is 0)"), op


# --- qualifiers, confidence, references -----------------------------------------------------------

def test_bounds_follow_the_number(fixture_project: Path) -> None:
    extra = {"id": "gov_more", "label": "More governments", "value": 10, "unit": "governments",
             "qualifier": "at least", "reference": "alliance-page"}
    result = compute(fixture_project,
                     {"id": "gov_2024", "label": "G", "op": "value", "series": "members.government", "year": 2024},
                     extra,
                     {"id": "gov_sum", "label": "S", "op": "sum", "of": ["gov_2024", "gov_more"]},
                     {"id": "members_change", "label": "C", "op": "change", "of": ["members_2022", "members_2024"]},
                     {"id": "members_growth", "label": "P", "op": "pct_change", "series": "members.total",
                      "start": 2022, "end": 2024},
                     {"id": "members_rate", "label": "R", "op": "rate", "series": "members.total", "year": 2024,
                      "per": "month"})
    stats = result.stats
    assert stats["members_2024"].text() == "almost 120"
    assert stats["members_2022"].text() == "over 90"
    assert stats["gov_2024"].text() == "50+"
    assert stats["gov_more"].text() == "10+"
    assert stats["gov_sum"].text() == "60+"  # at least 50 + at least 10 is at least 60
    # the difference of "over 90" and "almost 120" is no bound: about 30
    assert (stats["members_change"].value, stats["members_change"].text()) == (30, "about 30")
    assert stats["members_growth"].text() == "about +33.3%"  # (120 − 90) ÷ 90
    assert stats["members_rate"].text() == "almost 10 a month"  # 120 ÷ 12


def test_confidence_is_the_lowest_of_the_inputs(fixture_project: Path) -> None:
    stats = compute(fixture_project,
                    {"id": "low", "label": "L", "op": "value", "series": REPORTS, "year": 2021, "confidence": "low"},
                    {"id": "sum", "label": "S", "op": "sum", "of": ["low", "reports_2019"]},
                    {"id": "reports_2019", "label": "R", "op": "value", "series": REPORTS, "year": 2019}).stats
    assert stats["reports_2021"].confidence == "high"
    assert stats["reports_2022"].confidence == "medium"  # the row says medium
    assert stats["per_day_2022"].confidence == "medium"  # derived from it
    assert stats["low"].confidence == "low"  # a spec may lower, never raise, confidence
    assert stats["sum"].confidence == "low"


def test_a_given_statistic(fixture_project: Path) -> None:
    st = compute(fixture_project).stats["survey_share"]
    assert st.given
    assert st.value == pytest.approx(0.34)  # "value: 34, unit: percent" means 34%
    assert (st.kind, st.as_of, st.references) == ("percent", "2021", ("hotline-news",))
    assert st.text() == "34%"
    assert st.derivation == "given: 34% — Example Hotline, News release"


@pytest.mark.parametrize(("qualifier", "text"), [
    ("exact", "300"), ("at least", "300+"), ("more than", "over 300"), ("almost", "almost 300"),
    ("at most", "up to 300"), ("about", "about 300"),
])
def test_a_given_statistic_accepts_every_qualifier_a_csv_row_may_have(fixture_project: Path, qualifier: str,
                                                                      text: str) -> None:
    st = derive(fixture_project, value=300, unit="organisations", reference="alliance-page", qualifier=qualifier)
    assert (st.qualifier, st.text()) == (qualifier, text)


# --- series breaks and units ------------------------------------------------------------------------

def test_a_change_across_a_series_break_is_refused(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="pct_change", series=REPORTS, start=2022, end=2023)
    assert message == (
        f"{EXTRA}:2: statistic 'x': 2022→2023 crosses the series break in 2023 of 'hotline.reports': "
        "The hotline began counting duplicate reports once.\n"
        "  hint: compare years on one side of the break, or add 'allow_break: <caveat for readers>'")


def test_the_break_caveat_follows_the_number_into_later_statistics(fixture_project: Path) -> None:
    caveat = "2023 counts duplicates once."
    stats = compute(fixture_project,
                    {"id": "across", "label": "A", "op": "change", "series": REPORTS, "start": 2022, "end": 2023,
                     "allow_break": caveat},
                    {"id": "later", "label": "L", "op": "sum", "of": ["across", "reports_2022"]}).stats
    assert stats["across"].value == -1800  # 1200 − 3000
    assert stats["across"].caveats == (caveat,)
    assert stats["later"].value == 1200  # −1800 + 3000
    assert stats["later"].caveats == (caveat,)
    assert stats["growth_2019_2022"].caveats == ()  # 2019→2022 is before the break


def test_mixed_units_are_refused_unless_allowed(in_fixture_project: Path) -> None:
    specs = {"op": "sum", "of": ["reports_2022", "members_2024"]}
    message = refuse(in_fixture_project, **specs)
    assert message == (f"{EXTRA}:2: statistic 'x': sum combines different units (organisations, reports)\n"
                       "  hint: use inputs in one unit, or add 'allow_mixed_units: <caveat for readers>'")
    st = derive(in_fixture_project, **specs, allow_mixed_units="Adds reports and members.")
    assert st.value == 3120  # 3000 + 120
    assert st.caveats == ("Adds reports and members.",)
    assert "combines different units (files, reports)" in refuse(
        in_fixture_project, op="ratio", series=FILES, denominator=REPORTS, year=2022)


# --- unknown names, cycles, cut-off ----------------------------------------------------------------

def test_an_unknown_series_is_located_with_a_suggestion(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="value", series="hotline.report", year=2022)
    assert message == (f"{EXTRA}:2: statistic 'x': unknown series 'hotline.report'\n"
                       "  hint: did you mean 'hotline.reports'?")


def test_an_unknown_statistic_is_located_with_a_suggestion(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="sum", of=["reports_2021", "report_2022"])
    assert message == (f"{EXTRA}:2: statistic 'x' uses unknown statistic 'report_2022'\n"
                       "  hint: did you mean 'reports_2022'?")


def test_an_unknown_op_is_located_with_a_suggestion(in_fixture_project: Path) -> None:
    message = refuse(in_fixture_project, op="pct-change", series=REPORTS, start=2019, end=2022)
    assert message == f"{EXTRA}:2: statistic 'x': unknown op 'pct-change'\n  hint: did you mean 'pct_change'?"


def test_a_missing_input_is_named(in_fixture_project: Path) -> None:
    assert refuse(in_fixture_project, op="value", series=REPORTS) == (
        f"{EXTRA}:2: statistic 'x': needs 'year'\n  hint: add 'year:' to the statistic")


def test_a_statistic_built_on_a_failed_one_is_not_reported_again(in_fixture_project: Path) -> None:
    problems = refused(in_fixture_project,
                       {"id": "broken", "label": "B", "op": "value", "series": "hotline.report", "year": 2022},
                       {"id": "uses_broken", "label": "U", "op": "sum", "of": ["broken", "reports_2022"]})
    assert problems == [f"{EXTRA}:2: statistic 'broken': unknown series 'hotline.report'\n"
                        "  hint: did you mean 'hotline.reports'?"]


def test_a_cycle_is_an_error_with_a_location(in_fixture_project: Path) -> None:
    problems = refused(in_fixture_project,
                       {"id": "a", "label": "A", "op": "sum", "of": ["reports_2022", "b"]},
                       {"id": "b", "label": "B", "op": "sum", "of": ["a"]})
    assert len(problems) == 1
    assert problems[0].startswith(f"{EXTRA}:")
    assert "statistics depend on each other in a cycle:" in problems[0]
    assert "a → b → a" in problems[0] or "b → a → b" in problems[0]


def test_a_statistic_after_the_cutoff_is_unavailable_not_an_error(in_fixture_project: Path) -> None:
    result = compute(in_fixture_project, {"id": "x", "label": "X", "op": "sum", "of": ["reports_2022", "reports_2021"]},
                     edition=2024)  # data cut-off 2021
    assert "reports_2021" in result.stats
    for sid in ("reports_2022", "growth_2019_2022", "per_day_2022", "x"):  # x only through reports_2022
        assert sid not in result.stats
        assert sid in result.unavailable
    problem = result.unavailable["reports_2022"]
    assert isinstance(problem, Problem)
    assert str(problem).startswith("sources/statistics/core.yaml:2: statistic 'reports_2022': year 2022 is after "
                                   "this edition's data cut-off (2021)")


def test_a_given_statistic_dated_after_the_cutoff_is_unavailable(fixture_project: Path) -> None:
    result = compute(fixture_project, {"id": "late", "label": "L", "value": 5, "unit": "reports",
                                       "reference": "hotline-annual", "as_of": "2024-03"}, edition=2024)
    assert "late" in result.unavailable  # as of 2024, but the 2024 edition's data stop in 2021
    assert "late" in compute_statistics(load_project(fixture_project)).stats
