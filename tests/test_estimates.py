"""Survey estimates: their display with intervals, the overlap rule, validation and the register."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gta.errors import GtaError
from gta.estimates import Estimate, compare_estimates, interval_from_standard_error, overlaps
from gta.formatting import format_number
from gta.load import load_project
from gta.register import estimate_columns
from gta.statistics import Statistic, compute_statistics
from tests.conftest import FIXTURE_PROJECT

# --- formatting -------------------------------------------------------------------------------------

INTERVALS = [
    ("en", None, "12.6% (95% CI 9.7–16.2%)"),
    ("fr", None, "12,6\u00a0% (IC à 95\u00a0%\u202f: 9,7–16,2\u00a0%)"),
    ("es", None, "12,6\u00a0% (IC del 95\u00a0%: 9,7–16,2\u00a0%)"),
    ("pt", None, "12,6% (IC de 95%: 9,7–16,2%)"),
    ("ar", None, "12.6% (فاصل الثقة 95%: 9.7–16.2%)"),
    ("ar", "arab", "١٢٫٦٪ (فاصل الثقة ٩٥٪: ٩٫٧–١٦٫٢٪)"),
    ("zh", None, "12.6%（95%置信区间：9.7–16.2%）"),
]


@pytest.mark.parametrize(("locale", "numbering", "expected"), INTERVALS)
def test_an_estimate_shows_with_its_interval_in_every_language(locale: str, numbering: str | None,
                                                               expected: str) -> None:
    assert format_number(0.126, "interval", interval=(0.097, 0.162), locale=locale, numbering=numbering) == expected


def test_interval_bounds_keep_the_value_s_decimals_and_round_half_up() -> None:
    assert format_number(0.12, "interval", interval=(0.1, 0.15)) == "12.0% (95% CI 10.0–15.0%)"
    assert format_number(0.12345, "interval", interval=(0.10005, 0.15), decimals=2) == "12.35% (95% CI 10.01–15.00%)"
    assert format_number(0.2, "interval", interval=(0.15, 0.25), level=0.9) == "20.0% (90% CI 15.0–25.0%)"


def test_the_interval_style_needs_an_interval() -> None:
    with pytest.raises(ValueError, match="needs the estimate's interval"):
        format_number(0.126, "interval")
    with pytest.raises(ValueError, match="lower <= upper"):
        format_number(0.126, "interval", interval=(0.2, 0.1))


@pytest.mark.parametrize(("locale", "value", "expected"), [
    ("en", 0.126, "about 1 in 8"), ("en", 0.035, "about 1 in 29"), ("fr", 0.125, "environ 1 sur 8"),
    ("es", 0.125, "alrededor de 1 de cada 8"), ("pt", 0.125, "cerca de 1 em cada 8"), ("ar", 0.125, "نحو 1 من كل 8"),
    ("zh", 0.125, "约每8人中有1人"),
])
def test_about_one_in_n_is_always_approximate(locale: str, value: float, expected: str) -> None:
    assert format_number(value, "about-ratio", locale=locale) == expected


# --- the overlap rule ----------------------------------------------------------------------------------

def stat(sid: str, value: float, lower: float, upper: float, *, level: float = 0.95, population: str = "children",
         period: str = "past year") -> Statistic:
    return Statistic(sid, sid, value, "percent", "percent", style="interval", given=True,
                     estimate=Estimate(lower, upper, level, population=population, period=period))


SOLICITATION = stat("solicitation", 0.125, 0.105, 0.147)
IMAGES = stat("images", 0.126, 0.097, 0.162)
EXTORTION = stat("extortion", 0.035, 0.019, 0.064)


def test_overlapping_intervals_do_not_show_a_difference() -> None:
    result = compare_estimates(IMAGES, SOLICITATION)
    assert result.overlap and result.direction is None
    assert result.text == ("12.6% (95% CI 9.7–16.2%) and 12.5% (95% CI 10.5–14.7%): the confidence intervals "
                           "overlap, so these estimates do not show a difference.")


def test_separate_intervals_show_which_is_higher() -> None:
    assert compare_estimates(SOLICITATION, EXTORTION).text == \
        "12.5% (95% CI 10.5–14.7%) is higher than 3.5% (95% CI 1.9–6.4%); their confidence intervals do not overlap."
    assert compare_estimates(EXTORTION, SOLICITATION).direction == "lower"


def test_touching_intervals_count_as_overlapping() -> None:
    assert overlaps(Estimate(0.1, 0.2), Estimate(0.2, 0.3))
    assert not overlaps(Estimate(0.1, 0.2), Estimate(0.21, 0.3))


def test_different_levels_and_populations_add_caveats() -> None:
    other = stat("adults", 0.30, 0.25, 0.35, level=0.9, population="adults", period="lifetime")
    result = compare_estimates(SOLICITATION, other)
    assert not result.same_level and not result.same_population
    assert result.text.endswith("The intervals are at different confidence levels. The estimates describe "
                                "different populations or periods, so compare them with care.")


def test_the_comparison_is_worded_in_the_edition_s_language() -> None:
    assert compare_estimates(IMAGES, SOLICITATION, locale="fr").text.endswith(
        "les intervalles de confiance se chevauchent, ces estimations ne montrent donc pas de différence.")
    assert "置信区间相互重叠" in compare_estimates(IMAGES, SOLICITATION, locale="zh").text


def test_a_statistic_without_an_interval_cannot_be_compared() -> None:
    with pytest.raises(ValueError, match="has no interval"):
        compare_estimates(SOLICITATION, Statistic("count", "count", 5.0, "count", "reports"))


def test_interval_from_a_standard_error() -> None:
    lower, upper = interval_from_standard_error(0.2, 0.01)
    assert (round(lower, 4), round(upper, 4)) == (0.1804, 0.2196)


# --- statistics files ------------------------------------------------------------------------------------

ESTIMATE = """  - id: est
    label: An estimate
    value: {value}
    unit: percent
    reference: hotline-news
    as_of: 2021
    style: interval
    estimate:
{body}"""
GOOD = """      lower: 10.5
      upper: 14.7
      population: children
      period: past year
      studies: 12
      method: random-effects meta-analysis
"""


def project_with(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    (root / "sources" / "statistics" / "est.yaml").write_text("statistics:\n" + text, encoding="utf-8")
    return root


def test_a_given_estimate_carries_its_interval_in_the_statistic_s_unit(tmp_path: Path) -> None:
    root = project_with(tmp_path, ESTIMATE.format(value=12.5, body=GOOD))
    st = compute_statistics(load_project(root)).stats["est"]
    assert st.value == 0.125 and (st.estimate.lower, st.estimate.upper, st.estimate.level) == (0.105, 0.147, 0.95)
    assert st.text() == "12.5% (95% CI 10.5–14.7%)" and st.text("about-ratio") == "about 1 in 8"
    assert st.derivation.startswith("given: 12.5% (95% CI 10.5–14.7%) — ")


def test_an_interval_from_a_standard_error_is_computed_and_said_so(tmp_path: Path) -> None:
    body = GOOD.replace("      lower: 10.5\n      upper: 14.7\n", "      standard_error: 1\n")
    st = compute_statistics(load_project(project_with(tmp_path, ESTIMATE.format(value=20, body=body)))).stats["est"]
    assert st.text() == "20.0% (95% CI 18.0–22.0%)"
    assert st.estimate.from_standard_error and "standard error" in st.derivation


@pytest.mark.parametrize(("value", "body", "message"), [
    (12.5, GOOD.replace("lower: 10.5", "lower: 15.5"), "lower (15.5) is above upper (14.7)"),
    (16, GOOD, "value 16 is outside its interval 10.5–14.7"),
    (12.5, GOOD.replace("      upper: 14.7\n", ""), "give both 'lower' and 'upper'"),
    (12.5, GOOD.replace("      lower: 10.5\n      upper: 14.7\n", ""), "an estimate needs its uncertainty"),
    (12.5, GOOD.replace("upper: 14.7", "upper: 140"), "upper 140 is not a percentage between 0 and 100"),
])
def test_a_bad_estimate_is_reported_at_the_statistic(tmp_path: Path, value: float, body: str, message: str) -> None:
    root = project_with(tmp_path, ESTIMATE.format(value=value, body=body))
    with pytest.raises(GtaError) as err:
        load_project(root)
    problem = next(p for p in err.value.problems if p.path.endswith("est.yaml"))
    assert message in problem.message and problem.line == 10  # the estimate block's first line


def test_the_interval_style_needs_an_estimate(tmp_path: Path) -> None:
    text = "  - {id: plain, label: Plain, value: 12.5, unit: percent, reference: hotline-news, style: interval}\n"
    with pytest.raises(GtaError, match="style 'interval' shows a percentage with its confidence interval"):
        load_project(project_with(tmp_path, text))


def test_a_derived_statistic_cannot_carry_an_estimate(tmp_path: Path) -> None:
    text = ("  - id: derived\n    label: Derived\n    op: value\n    series: hotline.reports\n    year: 2022\n"
            "    estimate:\n" + GOOD)
    with pytest.raises(GtaError, match="only a given statistic"):
        load_project(project_with(tmp_path, text))


def test_the_register_carries_the_interval_and_its_scope(tmp_path: Path) -> None:
    root = project_with(tmp_path, ESTIMATE.format(value=12.5, body=GOOD))
    stats = compute_statistics(load_project(root)).stats
    rows = {sid: estimate_columns(st) | {"text_as_shown": st.text()} for sid, st in stats.items()}
    est = rows["est"]
    assert (est["interval_lower"], est["interval_upper"], est["confidence_level"]) == (0.105, 0.147, 0.95)
    assert (est["population"], est["period"], est["studies"], est["sample_size"]) == ("children", "past year", 12, None)
    assert est["method"] == "random-effects meta-analysis" and est["text_as_shown"] == "12.5% (95% CI 10.5–14.7%)"
    assert rows["reports_2022"]["interval_lower"] is None and rows["reports_2022"]["population"] is None


def test_the_shipped_estimates_are_as_published(shipped_stats) -> None:
    published = {"lancet2025_online_solicitation": "12.5% (95% CI 10.5–14.7%)",
                 "lancet2025_image_based_abuse": "12.6% (95% CI 9.7–16.2%)",
                 "lancet2025_sexual_exploitation": "4.7% (95% CI 2.9–7.3%)",
                 "lancet2025_sexual_extortion": "3.5% (95% CI 1.9–6.4%)",
                 "madigan2018_unwanted_exposure": "20.3% (95% CI 17.1–23.4%)",
                 "madigan2018_solicitation": "11.5% (95% CI 9.4–13.6%)"}
    assert {sid: shipped_stats.stats[sid].text() for sid in published} == published


def test_gta_stats_shows_the_interval_and_what_the_estimate_is_about(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gta.cli import main

    root = project_with(tmp_path, ESTIMATE.format(value=12.5, body=GOOD))
    result = CliRunner().invoke(main, ["--project", str(root), "stats", "est"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "  interval    0.105–0.147 (95% CI)" in result.output
    assert "  estimate of children; past year; random-effects meta-analysis; 12 studies" in result.output
