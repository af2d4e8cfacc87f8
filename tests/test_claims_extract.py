"""Finding figures in prose: what is a claim, what is not, and the rounding a figure implies."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gta.claims import BIND_PATTERN, check_text, strip_bindings
from gta.claims.extract import Mention, find_mentions
from gta.claims.matching import claim_interval
from gta.claims.text import read_prose


def mentions(text: str) -> list[tuple[str, Mention]]:
    prose = read_prose(text)
    out = []
    for s in prose.sentences:
        out += [(text[m.start:m.end], m) for m in find_mentions(prose.masked, s.start, s.end)]
    return out


def figures(text: str) -> list[str]:
    return [t for t, m in mentions(text) if not m.bare_small]


@pytest.mark.parametrize("text", [
    "In 2023 the Alliance met in Brussels; see Figure 3 and Table 2.1 on page 14.",
    "Capability 12 and Capabilities 1–21 of the Model National Response (pp. 4-6).",
    "The summit on 11 December 2025 at 10:30 followed the REPORT Act of May 2024.",
    "Between 2019 and 2023, and in 2019–23, the 1990s and FY2024 saw change.",
    "Children aged 13-17 and 18-20 year olds, the under-18s, and COVID-19 matter.",
    "This is the 5th edition, version 2.0, licensed CC BY 4.0.",
    "Reports rose sharply.[^3] It was noted.12 See [12] and [3, 4].",
    "Read {{ stat(\"ncmec_reports_2023\") }} and {% if x %}{{ y }}{% endif %} and `36 million`.",
    "See <https://example.org/36/2023> or [the data](https://example.org/report?n=36.2).",
    "<img width=\"300\" alt=\"chart\"> <!-- 45% draft -->",
])
def test_non_claims_are_not_figures(text):
    assert figures(text) == []


def test_text_inside_a_jinja_block_is_prose():
    assert "99%" in figures("{% if sample %}Reports rose 99% in a year.{% endif %}")


def test_list_numbers_headings_and_table_rules_are_not_figures():
    text = "# 3 Reporting trends\n\n1. First point\n2. Second point\n\n|Year|n|\n|---|---|\n"
    assert figures(text) == []


def test_small_counts_of_framework_items_are_provisional():
    found = mentions("The framework has 6 domains and 21 capabilities; three reasons matter.")
    assert [t for t, _ in found] == ["6", "21", "three"]
    assert all(m.bare_small for _, m in found)


@pytest.mark.parametrize("text, kind, value, qualifier", [
    ("NCMEC received 36.2 million reports", "count", 36_200_000, "exact"),
    ("over 250,000 webpages", "count", 250_000, "more than"),
    ("almost 300 members", "count", 300, "almost"),
    ("around 29,397,681 reports", "count", 29_397_681, "about"),
    ("350+ organisations", "count", 350, "at least"),
    ("45 percent of them", "percent", 0.45, "exact"),
    ("a 360% increase", "percent", 3.6, "exact"),
    ("ten per cent of them", "percent", 0.10, "exact"),
    ("50,000 a day", "rate", 50_000, "exact"),
    ("60,000 reports of abuse online every day", "rate", 60_000, "exact"),
    ("1 in 3 respondents", "ratio", 1 / 3, "exact"),
    ("one in five children", "ratio", 0.2, "exact"),
    ("reports doubled", "multiple", 2, "exact"),
    ("a three-fold rise", "multiple", 3, "exact"),
    ("2.9 times as many", "multiple", 2.9, "exact"),
    ("more than doubled", "multiple", 2, "more than"),
    ("over three years", "period", 3, "exact"),
    ("over the past decade", "period", 10, "exact"),
    ("2.9 files per report", "ratio", 2.9, "exact"),
    ("£3bn", "count", 3e9, "exact"),
    ("half a million images", "count", 500_000, "exact"),
])
def test_figures_are_parsed_with_kind_value_and_qualifier(text, kind, value, qualifier):
    found = [m for _, m in mentions(text) if not m.bare_small]
    assert len(found) == 1
    m = found[0]
    assert (m.kind, m.qualifier) == (kind, qualifier)
    assert m.value == pytest.approx(value)


@pytest.mark.parametrize("text, low, high", [
    ("32 million", 31_500_000, 32_500_000),
    ("36.2 million", 36_150_000, 36_250_000),
    ("29,397,681", 29_397_680.5, 29_397_681.5),
    ("87%", 0.865, 0.875),
    ("88.7%", 0.8865, 0.8875),
    ("250,000", 245_000, 255_000),  # trailing zeros: the rounding unit, capped at 5%
    ("60,000", 57_000, 63_000),
])
def test_implied_rounding(text, low, high):
    (_, m), = mentions(text)
    assert (m.low, m.high) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize("text, low, high", [
    ("over 250,000", 250_000, 312_500),
    ("almost 300", 270, 300),
    ("about 32 million", 30_400_000, 33_600_000),
    ("less than 20,000", 15_000, 20_000),
    ("32 million", 31_500_000, 32_500_000),
])
def test_qualifiers_widen_the_interval(text, low, high):
    (_, m), = mentions(text)
    assert claim_interval(m) == (pytest.approx(low), pytest.approx(high))


def test_signed_changes_keep_their_sign():
    (_, m), = mentions("a change of −43.4% in 2024")
    assert m.sign == -1 and m.value == pytest.approx(0.434)


def test_a_year_does_not_swallow_the_figure_after_it():
    assert figures("IWF confirmed reports: 2023 – 275,652; 2024 – 291,273.") == ["275,652", "291,273"]


def test_bindings_are_found_and_stripped():
    md = "Reports grew [23%]{stat=ncmec_growth_2021_2023} and [over 36 million]{ stat = ncmec_reports_2023 }."
    assert [m.group("id") for m in BIND_PATTERN.finditer(md)] == ["ncmec_growth_2021_2023", "ncmec_reports_2023"]
    assert strip_bindings(md) == "Reports grew 23% and over 36 million."
    prose = read_prose(md)
    assert [(md[b.start:b.end], b.stat_id) for b in prose.bindings] == [("23%", "ncmec_growth_2021_2023"),
                                                                         ("over 36 million", "ncmec_reports_2023")]


def test_sentences_keep_offsets_and_lines(shipped_project):
    text = "Intro line.\n\nNCMEC received 36.3 million reports\nin 2023. The IWF confirmed 291,273 in 2024."
    claims = check_text(text, shipped_project, edition=2025, cutoff=2024, first_line=10)
    assert [(c.text, c.line, text[c.start:c.end]) for c in claims] == [
        ("36.3 million", 12, "36.3 million"), ("291,273", 13, "291,273")]
    assert claims[0].sentence == "NCMEC received 36.3 million reports in 2023."
    assert claims[0].sentence[claims[0].at:].startswith("36.3 million")


def test_bound_statistics_are_skipped_but_their_trend_words_are_checked(shipped_project):
    ok = 'Reports rose by {{ stat("ncmec_change_2022_2023", style="percent") }} to 2023, ' \
         'and {{ stat("ncmec_change_2023_2024", style="change") }} in 2024.'
    (word,) = check_text(ok, shipped_project, edition=2025, cutoff=2024)  # the signed style needs no word
    assert (word.kind, word.verdict, word.text) == ("wording", "consistent", "rose by 12.9%")
    wrong = 'Reports fell by {{ stat("ncmec_change_2022_2023", style="percent") }} in 2023.'
    (claim,) = check_text(wrong, shipped_project, edition=2025, cutoff=2024)
    assert claim.verdict == "inconsistent" and claim.statistic == "ncmec_change_2022_2023"


def test_a_table_cell_is_read_with_its_row_and_column(shipped_project):
    text = "| Year | CyberTipline reports |\n|---|---|\n| 2023 | 36,210,368 |\n| 2022 | 36,210,368 |\n"
    claims = check_text(text, shipped_project, edition=2025, cutoff=2024)
    assert [(c.years, c.verdict) for c in claims] == [((2023,), "consistent"), ((2022,), "inconsistent")]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.%+-–abcdefghijklmnopqrstuvwxyz{}[]()|#*\n")), max_size=200)
       | st.text(max_size=200))
def test_extraction_never_fails_and_spans_stay_in_the_text(text):
    prose = read_prose(text)
    assert len(prose.masked) == len(text)
    for s in prose.sentences:
        for m in find_mentions(prose.masked, s.start, s.end):
            assert 0 <= m.start < m.end <= len(text)
            assert m.low <= m.high


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=100, max_value=10**10))
def test_grouped_integers_parse_exactly(n):
    (_, m), = mentions(f"there were {n:,} reports")
    assert m.value == n and m.low <= n <= m.high
