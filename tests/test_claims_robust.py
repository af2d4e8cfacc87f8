"""The claim checker never fails on prose built from the words it reacts to, and never calls a
figure consistent without a reading that every value the data allow fits.

Held-out sentences once crashed the checker ("by 2024" read as a position, not a year); these
properties generate sentences from the constructions it parses (years, ranges, qualifiers, trend
words, aliases, bound statistics) in random order.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gta.claims import check_text
from gta.claims.matching import reading_interval

TOKENS = [
    "NCMEC", "the IWF", "the Alliance", "GTA 2023", "CyberTipline reports", "reports", "files", "videos",
    "members", "reports assessed", "confirmed", "from the public", "online enticement", "of grooming",
    "in 2023", "in 2019", "since 2019", "between 2020 and 2023", "by 2024", "than in 2022", "the year before",
    "over two years", "rose", "fell", "up from", "down from", "from", "to", "doubled", "more than doubled",
    "tripled", "about", "over", "almost", "nearly", "fewer than", "350+", "36.2 million", "20.5 million",
    "13%", "87%", "70.2%", "1 in 3", "a day", "2.9 times", "42", "291,273", ",", ";", "and", "of the",
    "including", "(", ")", "–", ".", '{{ stat("ncmec_change_2022_2023", style="percent") }}',
    '{{ stat("iwf_confirmed_2024") }}', '{{ stat("ncmec_esp_share_2023") }}', "the highest", "mainly",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=18))
def test_the_checker_never_fails_and_consistent_means_a_fitting_reading(shipped_project, shipped_stats, words):
    text = " ".join(words)
    for claim in check_text(text, shipped_project, edition=2025, cutoff=2024, stats=shipped_stats.stats):
        assert claim.verdict in ("consistent", "inconsistent", "ambiguous", "unsourced")
        assert claim.sentence[claim.at:claim.at + len(claim.text)] == claim.text or claim.kind != "wording"
        if claim.verdict == "consistent" and claim.kind != "wording" and not claim.statistic:
            fitting = [r for r in claim.readings if r.matches]
            assert fitting, (text, claim.text, claim.message)
            lo, hi = reading_interval(fitting[0])
            assert lo <= hi
