"""The words around bound statistics: direction, size, qualifiers, extremes and attribution.

Values used (shipped data): NCMEC reports 2022 32,059,029 → 2023 36,210,368 (+12.9%), 2024
20,512,803 (−43.4%, across the 2024 counting change); 2021 29,397,681 (2021→2023 +23.2%, ×1.23);
2019 16,987,361 (2019→2023 +113.2%, ×2.13); files 2023 105,653,162; IWF confirmed 2023 275,652,
2024 291,273 (the highest year), share of assessed confirmed in 2024 291,273 ÷ 424,047 = 68.7%.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from gta.claims import check_bound_text, check_bound_words, check_edition
from gta.cli import main

REPO = Path(__file__).resolve().parent.parent
SEEDED = Path(__file__).parent / "fixtures" / "claims" / "seeded-chapter.md"


@pytest.fixture(scope="module")
def stats(shipped_project):
    from gta.statistics import compute_statistics

    return compute_statistics(shipped_project, 2025).stats


def words(text, shipped_project, stats):
    found = check_bound_text(text, stats, project=shipped_project, cutoff=2024, publication=2025)
    return [(c.verdict, c.text) for c in found]


@pytest.mark.parametrize("text, expected", [
    ('Reports rose by {{ stat("ncmec_change_2022_2023", style="percent") }}.', ("consistent", "rose by 12.9%")),
    ('Reports fell by {{ stat("ncmec_change_2022_2023", style="percent") }}.', ("inconsistent", "fell by 12.9%")),
    ('A {{ stat("ncmec_change_2022_2023", style="percent") }} fall in reports.', ("inconsistent", "12.9% fall")),
    ('The fall to {{ stat("ncmec_reports_2024") }} in 2024 reflects the change in counting.',
     ("consistent", "fall to 20.5 million")),
    ('Reports rose to {{ stat("ncmec_reports_2024") }} in 2024.', ("inconsistent", "rose to 20.5 million")),
    ('Reports fell to {{ stat("ncmec_reports_2024") }} in 2024.', ("inconsistent", "fell to 20.5 million")),
    ('Reports fell from {{ stat("ncmec_reports_2019") }} in 2019 to {{ stat("ncmec_reports_2023") }} in 2023.',
     ("inconsistent", "from 17 million in 2019 to 36.2 million")),
])
def test_direction_words_agree_with_the_sign_and_the_series(text, expected, shipped_project, stats):
    assert expected in words(text, shipped_project, stats)


def test_a_level_compared_across_a_series_break_must_say_so(shipped_project, stats):
    (claim,) = check_bound_text('Reports fell to {{ stat("ncmec_reports_2024") }} in 2024.', stats,
                                project=shipped_project, cutoff=2024, publication=2025)
    assert claim.verdict == "inconsistent" and "series break in 2024" in claim.message


@pytest.mark.parametrize("text, verdict", [
    ('Reports doubled, a rise of {{ stat("ncmec_growth_2021_2023", style="percent") }}.', "inconsistent"),
    ('Reports more than doubled, a rise of {{ stat("ncmec_growth_2019_2023", style="percent") }}.', "consistent"),
    ('Reports more than tripled, a rise of {{ stat("ncmec_growth_2019_2023", style="percent") }}.', "inconsistent"),
    ('Reports grew {{ stat("ncmec_fold_2014_2023") }}, more than doubling.', "consistent"),
])
def test_size_words_agree_with_the_multiple(text, verdict, shipped_project, stats):
    found = check_bound_text(text, stats, project=shipped_project, cutoff=2024, publication=2025)
    assert [c.verdict for c in found if "doubl" in c.text or "tripl" in c.text] == [verdict]


@pytest.mark.parametrize("text, verdict, says", [
    ('The IWF confirmed about {{ stat("iwf_confirmed_2024", style="full") }} reports.', "inconsistent", "exact count"),
    ('NCMEC received about {{ stat("ncmec_reports_2023") }} reports.', "consistent", "agrees"),
    ('NCMEC received over {{ stat("ncmec_files_2023", style="full") }} files.', "inconsistent", "above"),
    ('NCMEC received over {{ stat("ncmec_reports_2023") }} reports.', "consistent", "36,210,368"),
    ('NCMEC received almost {{ stat("ncmec_reports_2023") }} reports.', "inconsistent", "just below"),
    ('NCMEC received exactly {{ stat("ncmec_reports_2023") }} reports.', "inconsistent", "rounded"),
    ('The Alliance has about {{ stat("members_2025") }} members.', "inconsistent", "its own bound"),
    ('NCMEC received about {{ stat("ncmec_reports_per_day_2023", style="full") }} reports a day.', "consistent",
     "agrees"),
])
def test_qualifiers_agree_with_the_exact_value(text, verdict, says, shipped_project, stats):
    (claim,) = check_bound_text(text, stats, project=shipped_project, cutoff=2024, publication=2025)
    assert claim.verdict == verdict and says in claim.message


@pytest.mark.parametrize("text, verdict", [
    ('The IWF confirmed {{ stat("iwf_confirmed_2024") }} reports in 2024, its highest annual total.', "consistent"),
    ('The IWF confirmed {{ stat("iwf_confirmed_2023") }} reports in 2023, its highest annual total.', "inconsistent"),
    ('NCMEC received {{ stat("ncmec_reports_2024") }} reports in 2024, the lowest count on record.', "inconsistent"),
    ('2023 is the peak year ({{ stat("ncmec_reports_peak_year") }}).', "consistent"),
    ('2022 is the peak year ({{ stat("ncmec_reports_peak_year") }}).', "inconsistent"),
])
def test_peak_highest_and_lowest_agree_with_the_series(text, verdict, shipped_project, stats):
    found = check_bound_text(text, stats, project=shipped_project, cutoff=2024, publication=2025)
    assert [c.verdict for c in found] == [verdict]


@pytest.mark.parametrize("text, verdict", [
    ("Most reports came from providers ({{ stat('ncmec_esp_share_2023') }}).", "consistent"),
    ("Almost all reports came from providers ({{ stat('ncmec_esp_share_2023') }}).", "consistent"),
    ("Almost all assessed reports were confirmed ({{ stat('iwf_confirmed_share_2024') }}).", "inconsistent"),
    ("Only a minority of assessed reports were confirmed ({{ stat('iwf_confirmed_share_2024') }}).", "inconsistent"),
    ("About half of assessed reports were confirmed ({{ stat('iwf_confirmed_share_2024') }}).", "inconsistent"),
    ("Mainly confirmed: {{ stat('iwf_confirmed_share_2024') }} of assessed reports.", "consistent"),
])
def test_attribution_words_agree_with_the_share(text, verdict, shipped_project, stats):
    found = check_bound_text(text, stats, project=shipped_project, cutoff=2024, publication=2025)
    assert [c.verdict for c in found] == [verdict]


def test_words_are_reported_with_their_file_line_and_the_text_a_reader_sees(shipped_project, stats, tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(SEEDED.read_text(encoding="utf-8"), encoding="utf-8")
    raw = path.read_text(encoding="utf-8")
    body_line = raw[:raw.index("---", 4) + 4].count("\n") + 1
    chapter = SimpleNamespace(path=path, body=raw.split("---\n", 2)[2], body_line=body_line)
    found = check_bound_words(chapter, stats, {}, project=shipped_project, cutoff=2024, publication=2025)
    bad = {(c.line, c.text) for c in found if c.verdict == "inconsistent"}
    assert bad == {
        (6, "fell by 12.9%"),  # direction
        (8, "doubled between 2021 and 2023, a rise of 23.2%"),  # size
        (12, "about 291,273"),  # "about" before an exact count
        (13, "over 105,653,162"),  # "over" the exact value
        (14, "almost 36.2 million"),  # "almost" a value that is above
        (17, "275,652 reports in 2023, its highest"),  # not the highest year
        (20, "Almost all reports the IWF assessed in 2024 were confirmed (68.7%)"),  # attribution
        (23, "rose to 20.5 million"),  # a level that fell
    }
    for c in found:
        assert c.sentence[c.at:c.at + len(c.text)] == c.text and "{{" not in c.sentence
    assert all(c.kind == "wording" and c.source.endswith("chapter.md") for c in found)


def test_the_shipped_editions_have_no_wrong_words(shipped_project):
    from gta.statistics import compute_statistics

    for year in sorted(shipped_project.editions):
        claims = check_edition(shipped_project, year, compute_statistics(shipped_project, year).stats)
        assert not [c for c in claims if c.verdict != "consistent"], year
    assert any(c.kind == "wording" for c in claims)


def test_gta_check_edition_flags_each_seeded_mistake(tmp_path):
    project = tmp_path / "project"
    for folder in ("sources", "figures"):
        shutil.copytree(REPO / folder, project / folder)
    shutil.copy(SEEDED, project / "sources" / "editions" / "2025" / "chapters" / "seeded.md")
    edition = project / "sources" / "editions" / "2025" / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(re.sub(r"(?m)^(chapters: \[.*)\]$", r"\1, seeded]", text), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "check", "--edition", "2025",
                                       "--out", str(tmp_path / "review")])
    assert result.exit_code == 1, result.output
    for line, words_ in [(6, "fell by 12.9%"), (8, "doubled"), (12, "about 291,273"), (13, "over 105,653,162"),
                         (14, "almost 36.2 million"), (17, "its highest"), (20, "Almost all"), (23, "rose to")]:
        assert any(f"seeded.md:{line}: '" in row and words_ in row for row in result.output.splitlines()), line
    assert "8 inconsistent" in result.output and "words around bound numbers checked" in result.output
