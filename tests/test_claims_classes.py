"""The eight classes of false "consistent" from issue 19, one test group each, on new sentences.

Values used (shipped data): NCMEC reports 2016 8,297,923; 2019 16,987,361; 2020 21,751,085;
2021 29,397,681; 2022 32,059,029; 2023 36,210,368 (99,206 a day; videos 135,694 a day); providers
2023 35,944,826; files 2023 105,653,162 (images 54,842,374, videos 49,528,198; videos 2024
33,130,449); IWF confirmed 2014 31,266, 2021 252,194, 2023 275,652, 2024 291,273; assessed 2023
392,665, 2024 424,047; Alliance members 2024 "almost 300", 2025 "350+", governments 2024 "over 100".
"""

from __future__ import annotations

import math

import pytest

from gta.claims import check_text
from gta.claims.extract import find_mentions
from gta.claims.matching import NO, OPEN, YES, claim_interval, fit
from gta.claims.model import Reading
from gta.claims.published import attributed, period_fits, period_of
from gta.claims.subsets import narrowing
from gta.claims.text import read_prose
from gta.claims.vocabulary import vocabulary


def judge(project, text, edition=2025, cutoff=2024):
    return {c.text: c for c in check_text(text, project, edition=edition, cutoff=cutoff)}


def mention(text):
    prose = read_prose(text)
    (m,) = [m for s in prose.sentences for m in find_mentions(prose.masked, s.start, s.end)]
    return m


# --- 1. published statistics need their period and subject --------------------------------------

def test_a_published_statistic_has_the_period_of_its_label(shipped_stats):
    st = shipped_stats.stats["gta2023_ncmec_increase_since_2019"]
    assert (period_of(st).start, period_of(st).published) == (2019, 2023)
    assert period_fits(st, (2019,), change=True) and period_fits(st, (2019, 2022), change=True)
    assert not period_fits(st, (2020, 2023), change=True) and not period_fits(st, (2019, 2024), change=True)
    assert attributed(st, "GTA 2023 found …") and attributed(st, "the 2023 WeProtect Global Threat Assessment")
    assert not attributed(st, "GTA 2025 found …") and not attributed(st, "the volume of reports rose")


@pytest.mark.parametrize("text, edition, cutoff, verdict", [
    ("GTA 2023 reported an 87% increase in CSAM reports since 2019.", 2025, 2024, "consistent"),
    ("GTA 2023 reported an 87% increase in reports to NCMEC between 2020 and 2023.", 2025, 2024, "inconsistent"),
    ("The volume of CyberTipline reports rose 87% between 2020 and 2023.", 2025, 2024, "inconsistent"),
    ("GTA 2025 reported that reports to NCMEC rose 87% since 2019.", 2025, 2024, "inconsistent"),
    ("GTA 2023 reported that IWF confirmed reports rose 87% since 2019.", 2023, 2022, "inconsistent"),
])
def test_a_published_figure_applied_to_another_period_or_subject_is_not_consistent(shipped_project, text, edition,
                                                                                   cutoff, verdict):
    (claim,) = judge(shipped_project, text, edition, cutoff).values()
    assert claim.verdict == verdict, claim.message


# --- 2. open bounds ----------------------------------------------------------------------------------

def test_a_lower_bound_supports_only_the_claims_it_implies():
    members = Reading("Alliance members, 2025", 350, "350+", bound="at least", low=350, high=math.inf)
    assert fit(mention("over 300 members"), members) == YES
    assert fit(mention("350+ members"), members) == YES
    assert fit(mention("over 400 members"), members) == OPEN  # larger than the bound: unsourced
    assert fit(mention("about 350 members"), members) == OPEN
    assert fit(mention("fewer than 300 members"), members) == NO
    assert fit(mention("over 100 members"), members) == NO  # a gross understatement


@pytest.mark.parametrize("text, verdict", [
    ("The Alliance has over 400 member organisations.", "unsourced"),
    ("The Alliance counts more than 120 member governments.", "unsourced"),
    ("The Alliance has more than 300 member organisations.", "consistent"),
    ("In 2024 the Alliance counted more than 70 member companies.", "consistent"),
])
def test_open_bounds_in_sentences(shipped_project, text, verdict):
    (claim,) = judge(shipped_project, text).values()
    assert claim.verdict == verdict, claim.message
    if verdict == "unsourced":
        assert "a bound that neither confirms nor rules out" in claim.message


# --- 3. multiples ------------------------------------------------------------------------------------

def test_more_than_n_fold_has_no_upper_limit():
    assert claim_interval(mention("more than doubled")) == (2, math.inf)
    assert claim_interval(mention("at least five-fold"))[1] == math.inf
    assert claim_interval(mention("doubled")) == (pytest.approx(1.8), pytest.approx(2.2))


@pytest.mark.parametrize("text, verdict", [
    ("Reports to NCMEC more than doubled between 2016 and 2023.", "consistent"),  # ×4.36
    ("IWF confirmed reports more than tripled between 2014 and 2021.", "consistent"),  # ×8.07
    ("CyberTipline reports more than doubled between 2021 and 2023.", "inconsistent"),  # ×1.23
])
def test_multiples_in_sentences(shipped_project, text, verdict):
    (claim,) = judge(shipped_project, text).values()
    assert claim.verdict == verdict, claim.message


# --- 4. a figure takes its own noun --------------------------------------------------------------------

def test_a_total_is_not_read_as_the_part_named_after_the_next_figure(shipped_project):
    claims = judge(shipped_project, "Of the 36.2 million reports NCMEC received in 2023, 35.9 million came from "
                                    "electronic service providers.")
    assert claims["36.2 million"].quantity == "ncmec_cybertipline.reports"
    assert claims["35.9 million"].quantity == "ncmec_detail.reports_esp"
    assert {c.verdict for c in claims.values()} == {"consistent"}


def test_a_parenthetical_figure_does_not_take_the_noun_away(shipped_project):
    claims = judge(shipped_project, "In 2019 NCMEC received 17 million reports. Of these 150,667 (0.9%) came from "
                                    "members of the public.", 2021, 2019)
    assert claims["150,667"].quantity == "ncmec_detail.reports_public" and claims["150,667"].verdict == "consistent"
    assert claims["0.9%"].verdict == "consistent"


# --- 5. years across lists -----------------------------------------------------------------------------

def test_a_year_governs_the_list_of_figures_after_it(shipped_project):
    claims = judge(shipped_project, "NCMEC received 105.7 million files in 2023, including 54.8 million images "
                                    "and 49.5 million videos.")
    assert [(c.years, c.verdict) for c in claims.values()] == [((2023,), "consistent")] * 3


def test_a_figure_of_another_year_in_the_list_is_caught(shipped_project):
    claims = judge(shipped_project, "NCMEC received 105.7 million files in 2023, including 54.8 million images "
                                    "and 33.1 million videos.")
    assert claims["33.1 million"].verdict == "inconsistent" and claims["33.1 million"].years == (2023,)


def test_the_to_figure_of_a_from_to_pair_does_not_take_the_from_year(shipped_project):
    claims = judge(shipped_project, "In 2024 reports fell from 36.2 million to 20.5 million, as NCMEC changed its "
                                    "counting.")
    assert claims["36.2 million"].years == (2023,) and claims["36.2 million"].verdict == "consistent"
    assert claims["20.5 million"].years == (2024,)


# --- 6. levels are not changes ---------------------------------------------------------------------------

def test_up_from_a_percentage_is_an_earlier_level(shipped_project):
    claims = judge(shipped_project, "In 2024 the IWF confirmed 68.7% of the reports it assessed, up from 70.2% in 2023.")
    assert claims["70.2%"].kind == "percent" and claims["70.2%"].years == (2023,)
    assert claims["70.2%"].verdict == "consistent"
    assert claims["68.7%"].verdict == "inconsistent" and "fell from 70.2% in 2023" in claims["68.7%"].message


def test_from_and_to_percentages_are_two_levels(shipped_project):
    claims = judge(shipped_project, "The share of assessed reports the IWF confirmed fell from 70.2% in 2023 to "
                                    "68.7% in 2024.")
    assert [(c.kind, c.verdict) for c in claims.values()] == [("percent", "consistent")] * 2


# --- 7. subsets ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, phrase", [
    ("36.2 million reports of grooming on gaming platforms", "reports of grooming"),
    ("32.1 million livestreaming reports", "livestreaming reports"),
    ("291,273 reports of AI-generated imagery", "reports of AI-generated"),
    ("36.2 million reports of suspected child sexual exploitation", ""),
    ("186,819 reports regarding online enticement in 2023", ""),
])
def test_narrowing_phrases(shipped_project, text, phrase):
    vocab = vocabulary(shipped_project)
    prose = read_prose(text)
    m = find_mentions(prose.masked, 0, len(text))[0]
    nouns = vocab.quantities(text) + vocab.unit_matches(text)
    noun = min((n for n in nouns if n.start >= m.end), key=lambda n: n.start)
    assert narrowing(prose.masked, noun, m.end, vocab, set()) == phrase


def test_a_subset_is_unsourced_and_the_whole_is_named(shipped_project):
    (claim,) = judge(shipped_project, "NCMEC received 36.2 million reports of grooming on gaming platforms in "
                                      "2023.").values()
    assert claim.verdict == "unsourced"
    assert "'reports of grooming'" in claim.message and "NCMEC CyberTipline reports, 2023: 36.2 million" in claim.message


# --- 8. explanations name the sentence's quantity ------------------------------------------------------------

def test_a_coincidence_in_another_unit_is_not_the_explanation(shipped_project):
    (claim,) = judge(shipped_project, "NCMEC received about 135,000 reports a day in 2023.").values()
    assert claim.verdict == "inconsistent"
    assert claim.message.startswith("NCMEC CyberTipline reports per day, 2023 gives 99,206 a day")
    assert "Videos" not in claim.message


def test_a_real_confusion_is_still_named(shipped_project):
    (claim,) = judge(shipped_project, "In 2023 NCMEC received 36.2 million files.").values()
    assert "the figure is NCMEC CyberTipline reports, 2023 (36.2 million)" in claim.message


# --- when the data cannot settle a figure, say what they do hold -----------------------------------------

def test_an_unsettled_figure_names_the_nearest_quantity_held(shipped_project):
    (claim,) = judge(shipped_project, "Online enticement reports to NCMEC numbered 30,000 in 2019.").values()
    assert claim.verdict == "unsourced"
    assert "the nearest the data hold: Online enticement reports to NCMEC, 2020, 37,872" in claim.message
