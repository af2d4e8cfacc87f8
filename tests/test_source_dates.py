"""An edition refuses sources published after it, whatever year their data describe."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.cli import main
from gta.errors import GtaError
from gta.load import load_project
from gta.plan import prepare
from gta.plan.dates import earliest, is_after, reference_date


def _set_reference(project: Path, rid: str, year: int, published: str) -> None:
    refs = project / "sources/references.yaml"
    lines = [re.sub(r"year: \d+", f"year: {year}, published: {published}", ln) if f"id: {rid}," in ln else ln
             for ln in refs.read_text().splitlines()]
    refs.write_text("\n".join(lines) + "\n")


@pytest.mark.parametrize(("date", "edition", "after"), [
    ("2025", "2025-06-01", False),  # a year alone refuses only a later year
    ("2026", "2025-06-01", True),
    ("2025-06", "2025-06-01", False),
    ("2025-07", "2025-06-01", True),
    ("2025-06-01", "2025-06-01", False),  # published the same day: usable
    ("2025-06-02", "2025-06-01", True),
    (None, "2025-06-01", False),  # undated: nothing to refuse on
])
def test_a_source_is_after_an_edition_only_when_it_surely_is(date, edition, after) -> None:
    assert is_after(date, edition) is after
    assert earliest("2023-12") == "2023-12-01" and earliest("2024") == "2024-01-01"


def test_a_row_whose_source_came_out_after_the_edition_is_refused_where_it_is_written(in_fixture_project) -> None:
    # the 2022 row is a 2022 figure, but the news release it comes from is dated after the 2025 edition
    _set_reference(in_fixture_project, "hotline-news", 2025, "2025-07-01")
    project = load_project(in_fixture_project)
    assert reference_date(project.references["hotline-news"]) == "2025-07-01"
    with pytest.raises(GtaError) as exc:
        prepare(project, 2025)
    by_what = {p.message.split(" uses ")[0]: p for p in exc.value.problems}
    row = by_what["statistic 'reports_2022'"]
    assert (row.path, row.line) == ("sources/datasets/hotline.csv", 5)
    assert row.message == ("statistic 'reports_2022' uses a source published after edition 2025 (2025-06-01): "
                           "Example Hotline, “News release” (2025-07-01)")
    assert row.hint.startswith("an edition may only use what was published by 2025-06-01")
    assert {"figure 'fixture-reports'", "table 'fixture-table'", "statistic 'growth_2019_2022'"} <= set(by_what)
    # the 2024 edition never uses the 2022 row (its data stop in 2021), so it is not refused
    prepare(project, 2024)


def test_a_citation_published_after_the_edition_is_refused_at_its_chapter_line(in_fixture_project) -> None:
    refs = in_fixture_project / "sources/references.yaml"
    refs.write_text(refs.read_text() + "  - {id: later-report, publisher: Example Institute, title: Later report, "
                    "year: 2026, url: https://example.org/later}\n")
    chapter = in_fixture_project / "sources/editions/2025/chapters/intro.md"
    chapter.write_text(chapter.read_text() + "See the later report.{{ cite(\"later-report\") }}\n")
    result = CliRunner().invoke(main, ["build", "--edition", "2025", "--format", "html"])
    assert result.exit_code == 1
    assert ("sources/editions/2025/chapters/intro.md:6: cite('later-report') uses a source published after "
            "edition 2025 (2025-06-01): Example Institute, “Later report” (2026)") in result.output
    assert not (in_fixture_project / "build/2025/report.html").exists()


def test_a_given_statistic_dated_after_the_edition_is_refused(in_fixture_project) -> None:
    stats = in_fixture_project / "sources/statistics/core.yaml"
    stats.write_text(stats.read_text().replace("reference: hotline-news, as_of: 2021", "reference: hotline-news, "
                                               "as_of: 2025-09"))
    # NOTE: with data to 2024, a statement as of 2025 is within the cut-off; September is after June, though
    edition = in_fixture_project / "sources/editions/2025/edition.yaml"
    edition.write_text(edition.read_text().replace("headline: [reports_2022, growth_2019_2022]",
                                                   "headline: [reports_2022, growth_2019_2022, survey_share]")
                       .replace("data_cutoff: 2023", "data_cutoff: 2024"))
    with pytest.raises(GtaError) as exc:
        prepare(load_project(in_fixture_project), 2025)
    problem = next(p for p in exc.value.problems if "survey_share" in p.message)
    assert (problem.path, problem.line) == ("sources/statistics/core.yaml", 9)
    assert "a statement as of 2025-09" in problem.message


def test_a_reference_published_date_must_be_a_date_in_its_year(in_fixture_project) -> None:
    _set_reference(in_fixture_project, "hotline-news", 2024, "2023-05-01")
    with pytest.raises(GtaError) as exc:
        load_project(in_fixture_project)
    assert "published 2023-05-01 is not in the year 2024" in str(exc.value)


def test_the_2023_sample_edition_uses_nothing_published_after_17_october_2023(shipped_project) -> None:
    plan = prepare(shipped_project, 2023)  # every source date is checked while preparing
    assert plan.edition.published == "2023-10-17"
    for ref in plan.references + plan.references_cited:
        assert not is_after(reference_date(ref), "2023-10-17"), ref.id
    assert "members_2023" not in plan.statistics  # the Annual Review 2023 came out on 20 December 2023
    assert "ncmec_sextortion_2022" not in plan.statistics  # NCMEC's count was published in 2024
    shown = plan.statistics["gta2023_sextortion_reports_2022"].stat
    assert shown.text() == "over 10,000" and shown.references == ("it-online-2023",)
    lock = shipped_project.locks[2023]
    assert all(not is_after(reference_date(r), "2023-10-17") for r in lock.references.values()
               if r.id in lock.shows["references"])


LATE_ITEM = """  - id: hotline-review-2025
    kind: report
    publishers: [Example Hotline]
    title: Mid-year review 2025
    date: 2025-07-15
    url: https://example.org/review
    accessed: 2025-08-01
    summary: The hotline's mid-year account of the reports it assessed.
    quote: "reports assessed in the first half of 2025"
    capabilities: [mnr:12]
    regions: [Global]
    quality: NGO
    confidence: high
"""


def test_evidence_published_after_the_edition_is_refused_when_cited_and_left_out_of_the_annex(
        in_fixture_project) -> None:
    library = in_fixture_project / "sources/evidence/library.yaml"
    library.write_text(library.read_text() + LATE_ITEM)
    chapter = in_fixture_project / "sources/editions/2025/chapters/intro.md"
    chapter.write_text(chapter.read_text() + "{{ evidence() }}\n")
    plan = prepare(load_project(in_fixture_project), 2025)  # July 2025 is after the edition of 1 June 2025 ...
    listed = [e["id"] for g in plan.evidence_view["groups"] for e in g["entries"]]
    assert "hotline-annual-2024" in listed and "hotline-review-2025" not in listed  # ... so the annex omits it
    chapter.write_text(chapter.read_text() + "A review.{{ cite(\"hotline-review-2025\") }}\n")
    with pytest.raises(GtaError) as exc:
        prepare(load_project(in_fixture_project), 2025)
    problem = exc.value.problems[0]
    assert (problem.path, problem.line) == ("sources/editions/2025/chapters/intro.md", 7)
    assert problem.message == ("cite('hotline-review-2025') uses a source published after edition 2025 (2025-06-01): "
                               "Example Hotline, “Mid-year review 2025” (2025-07-15)")
