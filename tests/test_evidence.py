"""The evidence library (gta.evidence) and ``gta evidence``: loading, the views a plan uses, the shipped data.

Bad entries of every kind are in the bad-input corpus (tests/bad_inputs/cases.yaml, "evidence_*").
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.cli import main
from gta.errors import GtaError
from gta.evidence import (
    KINDS,
    QUALITIES,
    EvidenceItem,
    EvidenceLibrary,
    capabilities_without_evidence,
    evidence_matrix,
    for_edition,
    group_evidence,
    load_evidence,
)
from gta.framework import load_frameworks
from tests.conftest import FIXTURE_PROJECT, REPO_ROOT


@pytest.fixture(scope="module")
def frameworks():
    return load_frameworks(FIXTURE_PROJECT)


@pytest.fixture(scope="module")
def library(frameworks) -> EvidenceLibrary:
    return load_evidence(FIXTURE_PROJECT, frameworks, statistics={"survey_share"})


def item(item_id: str, date: str, caps: tuple[str, ...], kind: str = "report") -> EvidenceItem:
    return EvidenceItem(item_id, kind, ("Publisher",), "Title", date, f"https://example.org/{item_id}", "2025-01-01",
                        "Summary.", "quote", caps, ("Global",), "NGO", "high")


# --- loading -------------------------------------------------------------------------------------

def test_items_are_loaded_newest_first_with_canonical_capabilities_and_locations(library) -> None:
    assert library.ids == ["hotline-annual-2024", "youth-survey-2023", "alliance-members-2021"]
    first = library.get("hotline-annual-2024")
    assert first.capabilities == ("mnr:12", "mnr:16")
    assert first.year == 2024 and first.kind_label == "Report" and first.quality_label == "Non-governmental organisation"
    assert str(first.location) == "sources/evidence/library.yaml:3"
    assert library.get("youth-survey-2023").statistics == ("survey_share",)


def test_slugs_are_stored_as_canonical_references(tmp_path: Path, frameworks) -> None:
    folder = tmp_path / "sources" / "evidence"
    folder.mkdir(parents=True)
    text = (FIXTURE_PROJECT / "sources" / "evidence" / "library.yaml").read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(text.replace("[mnr:12, mnr:16]", "[mnr:csea-hotline, mnr:16]"), encoding="utf-8")
    assert load_evidence(tmp_path, frameworks).get("hotline-annual-2024").capabilities == ("mnr:12", "mnr:16")


def test_a_project_without_an_evidence_folder_has_an_empty_library(tmp_path: Path, frameworks) -> None:
    assert len(load_evidence(tmp_path, frameworks)) == 0


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path, frameworks) -> None:
    folder = tmp_path / "sources" / "evidence"
    folder.mkdir(parents=True)
    text = (FIXTURE_PROJECT / "sources" / "evidence" / "library.yaml").read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(text.replace("kind: report", "kind: reprot"), encoding="utf-8")
    (folder / "b.yaml").write_text(text.replace("https://example.org/survey", "https://example.org/other"),
                                   encoding="utf-8")
    with pytest.raises(GtaError) as err:
        load_evidence(tmp_path, frameworks)
    messages = [p.message for p in err.value.problems]
    assert "unknown kind 'reprot'" in messages
    # b.yaml repeats a.yaml's ids (and two of its addresses): each is reported where it is repeated
    assert sum(m.startswith("duplicate evidence id") for m in messages) == 3
    assert sum(m.startswith("duplicate evidence url") for m in messages) == 2
    assert all(p.path.endswith(("a.yaml", "b.yaml")) and p.line for p in err.value.problems)


def test_statistics_are_unchecked_without_a_list_of_known_ids(frameworks) -> None:
    assert len(load_evidence(FIXTURE_PROJECT, frameworks)) == 3


# --- pure views ------------------------------------------------------------------------------------

def test_grouping_by_capability_follows_the_framework_and_repeats_items(library, frameworks) -> None:
    groups = group_evidence(library, frameworks, "capability")
    assert [g.key for g in groups] == ["mnr:1", "mnr:2", "mnr:12", "mnr:14", "mnr:16"]
    assert groups[0].heading == "MNR 1 · Leadership"
    assert [i.id for i in groups[2].items] == ["hotline-annual-2024"]
    assert [i.id for i in groups[4].items] == ["hotline-annual-2024"]


def test_grouping_by_kind_and_by_year(library, frameworks) -> None:
    assert [(g.key, len(g.items)) for g in group_evidence(library, frameworks, "kind")] == \
        [("report", 1), ("survey", 1), ("news", 1)]
    assert [g.key for g in group_evidence(library, frameworks, "year")] == ["2024", "2023", "2021"]
    with pytest.raises(ValueError, match="unknown grouping"):
        group_evidence(library, frameworks, "publisher")


def test_the_matrix_marks_each_item_against_every_capability(library, frameworks) -> None:
    matrix = evidence_matrix(library, frameworks)
    assert len(matrix.capabilities) == 21 and len(matrix.items) == 3
    refs = [c.ref for c in matrix.capabilities]
    row = dict(zip(refs, matrix.cells[0], strict=True))  # hotline-annual-2024
    assert [r for r, on in row.items() if on] == ["mnr:12", "mnr:16"]
    assert {c.ref for c in matrix.capabilities if c.covered} == {"mnr:1", "mnr:2", "mnr:12", "mnr:14", "mnr:16"}
    assert len(matrix.gaps) == 16


def test_since_counts_only_items_certainly_on_or_after_the_date(frameworks) -> None:
    lib = EvidenceLibrary((item("a", "2023", ("mnr:2",)), item("b", "2023-11", ("mnr:3",)),
                           item("c", "2023-10-17", ("mnr:4",)), item("d", "2023-10-16", ("mnr:5",))))
    recent = {c.ref: c.recent for c in evidence_matrix(lib, frameworks, since="2023-10-17").capabilities}
    assert recent["mnr:2"] == ()  # "2023" may be before 17 October 2023
    assert recent["mnr:3"] == ("b",) and recent["mnr:4"] == ("c",) and recent["mnr:5"] == ()
    gaps = [c.ref for c in capabilities_without_evidence(lib, frameworks, since=2023)]
    assert "mnr:2" not in gaps and "mnr:6" in gaps
    assert [c.ref for c in capabilities_without_evidence(lib, frameworks, since=2024)][:4] == \
        ["mnr:1", "mnr:2", "mnr:3", "mnr:4"]


def test_an_edition_sees_only_items_dated_up_to_its_year(library) -> None:
    assert for_edition(library, 2023).ids == ["youth-survey-2023", "alliance-members-2021"]


# --- the command ---------------------------------------------------------------------------------------

def run(*args: str):
    return CliRunner().invoke(main, ["--project", str(FIXTURE_PROJECT), "evidence", *args], catch_exceptions=False)


def test_cli_csv_has_one_row_per_item_and_group() -> None:
    result = run("--by", "capability", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["group"], r["id"]) for r in rows][:3] == \
        [("mnr:1", "alliance-members-2021"), ("mnr:2", "youth-survey-2023"), ("mnr:12", "hotline-annual-2024")]
    assert rows[2]["capability_names"] == "CSEA Hotline; Takedown Procedures"
    assert rows[2]["declared_at"] == "sources/evidence/library.yaml:3"


def test_cli_table_lists_capabilities_without_evidence_since_the_previous_edition() -> None:
    result = run("--edition", "2025")
    assert result.exit_code == 0, result.output
    assert "Evidence library: 3 items, by capability" in result.stdout
    assert "MNR: 5 of 21 capabilities informed by evidence" in result.stdout
    assert "no evidence since " in result.stdout and "Child Participation" in result.stdout


def test_cli_refuses_a_since_that_is_not_a_date_and_an_unknown_edition() -> None:
    bad = run("--since", "last year")
    assert bad.exit_code == 1 and "--since must be a year or a date" in bad.output
    missing = run("--edition", "1999")
    assert missing.exit_code == 1 and "no edition 1999" in missing.output


# --- the shipped library ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped_library(shipped_project):
    known = set(shipped_project.statistics).union(*(e.statistics for e in shipped_project.editions.values()))
    return load_evidence(REPO_ROOT, load_frameworks(REPO_ROOT), statistics=known)


def test_the_shipped_library_has_25_items_covering_10_capabilities(shipped_library) -> None:
    assert len(shipped_library) >= 25
    covered = {ref for i in shipped_library.items for ref in i.capabilities}
    assert len(covered) >= 10
    assert {i.kind for i in shipped_library.items} <= set(KINDS)
    assert {"survey", "meta-analysis", "national threat assessment", "transparency report", "case study"} <= \
        {i.kind for i in shipped_library.items}


def test_every_shipped_item_records_its_check(shipped_library) -> None:
    for i in shipped_library.items:
        assert i.accessed == "2026-11-30", i.id
        assert i.url.startswith(("https://", "http://")) and i.quote and i.summary, i.id
        assert i.quality in QUALITIES and i.confidence in ("high", "medium", "low"), i.id


def test_shipped_estimates_are_linked_to_their_evidence_items(shipped_library, shipped_stats) -> None:
    linked = {sid for i in shipped_library.items for sid in i.statistics}
    estimates = {sid for sid, st in shipped_stats.stats.items() if st.estimate is not None}
    assert len(estimates) >= 3
    assert estimates <= linked
