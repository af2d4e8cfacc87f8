"""Locked editions: written by `gta lock`, built from their lock, and drift shown, never silent."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from gta.build import build_edition
from gta.cli import main
from gta.drift import check_lock
from gta.editions import default_edition, new_edition
from gta.errors import GtaError
from gta.load import load_project
from gta.lock import lock_edition
from gta.plan import compute_edition


def _gta(project: Path, *args: str):
    return CliRunner().invoke(main, ["--project", str(project), *args])


def _lock_text(project: Path, year: int = 2025) -> str:
    return (project / "sources" / "editions" / str(year) / "edition.lock").read_text(encoding="utf-8")


def _outputs(out: Path) -> dict[str, str]:
    """What a reader and a reviewer get: the PDF's text, the register, the HTML (references too), chart data."""
    files = {"report.pdf": "\n".join(p.extract_text() for p in PdfReader(str(out / "report.pdf")).pages)}
    for name in ("report.html", "statistics.csv", "statistics.json", "charts/index.html"):
        files[name] = (out / name).read_text(encoding="utf-8")
    for csv in sorted((out / "charts").glob("*/*.csv")):
        files[csv.relative_to(out).as_posix()] = csv.read_text(encoding="utf-8")
    return files


def _revise_and_add_a_later_edition(project: Path) -> None:
    """What the research team does after publishing 2025: NCMEC-style revision, and a 2026 draft with
    a new statistic, a new chart and a new reference."""
    csv = project / "sources/datasets/hotline.csv"
    csv.write_text(csv.read_text().replace("2022,3000,12000", "2022,3100,12000"))
    refs = project / "sources/references.yaml"
    refs.write_text(refs.read_text() + "  - {id: hotline-2026, publisher: Example Hotline, title: Annual report 2026, "
                    "year: 2026, url: https://example.org/annual-2026}\n")
    stats = project / "sources/statistics/core.yaml"
    stats.write_text(stats.read_text() + "  - {id: files_2021, label: Hotline files in 2021, op: value, "
                     "series: hotline.files, year: 2021}\n")
    (project / "figures/fixture-files-2026.yaml").write_text(
        "id: fixture-files-2026\ntype: bar\ntitle: \"Hotline files, {first}–{last}\"\ndataset: hotline\n"
        "series: [files]\ny: {label: files}\nnumber_format: full\nsource: Example Hotline\n")
    new_edition(project, 2026, 2025)
    chapter = project / "sources/editions/2026/chapters/trends.md"
    chapter.write_text(chapter.read_text() + "\nFiles: {{ stat(\"files_2021\") }}.{{ cite(\"hotline-2026\") }}\n\n"
                       "{{ chart(\"fixture-files-2026\") }}\n")


def test_lock_writes_a_readable_file_and_relocking_unchanged_sources_gives_the_same_bytes(fixture_project) -> None:
    first = lock_edition(fixture_project, 2025)
    assert first.changed and first.summary.startswith("locked edition 2025: ")
    text = _lock_text(fixture_project)
    assert text.startswith("# Edition 2025 as locked")
    assert "published: '2025-06-01'" in text and "data_cutoff: 2023" in text
    # each statistic's exact value and English text, each row with its provenance and file:line
    assert "    reports_2022: {text: '3,000', value: 3000, as_of: '2022', role: shown}" in text
    assert ("- {series: reports, year: 2022, value: 3000, qualifier: exact, confidence: medium, "
            "source_url: 'https://example.org/news', note: from a news release, "
            "at: 'sources/datasets/hotline.csv:5'}") in text
    assert "sources/editions/2025/chapters/trends.md: " in text  # the chapter texts' hashes
    assert "  mnr: {year: 2016, sha256: " in text  # the framework version
    second = lock_edition(fixture_project, 2025)
    assert not second.changed and "unchanged" in second.summary
    assert _lock_text(fixture_project) == text


def test_a_locked_edition_comes_back_exactly_as_published(fixture_project) -> None:
    lock_edition(fixture_project, 2025)
    out = fixture_project / "build" / "2025"
    build_edition(fixture_project, 2025, formats=("html", "pdf"))
    before = _outputs(out)
    assert "3,000" in before["report.pdf"]

    _revise_and_add_a_later_edition(fixture_project)
    report = build_edition(fixture_project, 2025, formats=("html", "pdf"))
    after = _outputs(out)
    assert report.rebuilt and report.locked
    assert sorted(after) == sorted(before)
    for name in before:
        assert after[name] == before[name], f"{name} changed in the locked edition"
    assert "3,100" not in after["report.pdf"] and "hotline-2026" not in after["report.html"]
    assert "gta lock --check 2025" in report.notice

    # the draft shows the revision; the locked edition does not
    assert compute_edition(load_project(fixture_project), 2026).stats["reports_2022"].value == 3100

    result = _gta(fixture_project, "lock", "--check", "2025")
    assert result.exit_code == 1, result.output
    assert "statistic reports_2022: 3,000 (3,000) → 3,100 (3,100)" in result.output
    assert "moved: sources/datasets/hotline.csv:5: hotline.reports 2022: 3,000 → 3,100" in result.output
    assert "statistic growth_2019_2022: +200% (2) → +210% (2.1)" in result.output


def test_lock_check_exits_0_when_nothing_drifted_and_names_each_moved_input(fixture_project) -> None:
    lock_edition(fixture_project, 2025)
    result = _gta(fixture_project, "lock", "--check", "2025")
    assert result.exit_code == 0, result.output
    assert "change nothing" in result.output

    members = fixture_project / "sources/datasets/members.csv"
    members.write_text(members.read_text().replace("2024,total,120,almost", "2024,total,125,almost"))
    chapter = fixture_project / "sources/editions/2025/chapters/intro.md"
    chapter.write_text(chapter.read_text() + "\nA revised sentence.\n")
    found = check_lock(fixture_project, 2025)
    shown = {d.id: d for d in found.shown if d.kind == "statistic"}
    assert (shown["members_2024"].old, shown["members_2024"].new) == ("almost 120 (120)", "almost 125 (125)")
    assert [str(m) for m in shown["members_2024"].moved] == ["sources/datasets/members.csv:3: members.total 2024: 120 → 125"]
    assert any(d.where == "sources/editions/2025/chapters/intro.md" and "changed" in d.change for d in found.inputs)


def test_a_build_of_a_drifted_locked_edition_says_so_in_one_line(fixture_project) -> None:
    lock_edition(fixture_project, 2025)
    clean = _gta(fixture_project, "build", "--edition", "2025", "--format", "html")
    assert clean.exit_code == 0, clean.output
    assert "edition 2025 (locked): rebuilt" in clean.output and "lock --check" not in clean.output
    csv = fixture_project / "sources/datasets/hotline.csv"
    csv.write_text(csv.read_text().replace("2021,2400,9000", "2021,2450,9000"))
    drifted = _gta(fixture_project, "build", "--edition", "2025", "--format", "html")
    assert drifted.exit_code == 0, drifted.output
    lines = [ln for ln in drifted.output.splitlines() if "gta lock --check 2025" in ln]
    assert lines == ["edition 2025 is locked and built from its lock; 1 of its inputs changed in the sources "
                     "since: `gta lock --check 2025` lists it"]
    again = _gta(fixture_project, "build", "--edition", "2025", "--format", "html")  # nothing to rebuild
    assert "nothing (up to date)" in again.output and "gta lock --check 2025" in again.output


def test_the_default_edition_is_the_latest_locked_one(fixture_project) -> None:
    assert default_edition(fixture_project) == 2025  # nothing locked yet: the newest draft
    lock_edition(fixture_project, 2024)
    assert default_edition(fixture_project) == 2024
    result = _gta(fixture_project, "build", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "edition 2024 (locked): rebuilt" in result.output
    stats = _gta(fixture_project, "stats")
    assert "edition 2024 (locked: computed from its lock), data to 2021" in stats.output


def test_lock_refuses_a_draft_that_still_carries_copied_chapters(in_fixture_project) -> None:
    new_edition(in_fixture_project, 2026, 2025)
    with pytest.raises(GtaError) as exc:
        lock_edition(in_fixture_project, 2026)
    messages = [str(p) for p in exc.value.problems]
    assert any(m.startswith("sources/editions/2026/chapters/trends.md:2: chapter 'trends' is copied from edition "
                            "2025") for m in messages)
    assert not (in_fixture_project / "sources/editions/2026/edition.lock").exists()


def test_a_hand_edited_lock_is_reported_with_its_line(in_fixture_project) -> None:
    lock_edition(in_fixture_project, 2025)
    path = in_fixture_project / "sources/editions/2025/edition.lock"
    lines = path.read_text().splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("      - {series: reports, year: 2022"))
    lines[at] = lines[at].replace("value: 3000", "value: lots")
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(GtaError) as exc:
        load_project(in_fixture_project)
    problem = exc.value.problems[0]
    assert (problem.path, problem.line) == ("sources/editions/2025/edition.lock", at + 1)
    assert "value" in problem.message


def test_new_edition_does_not_copy_the_lock(fixture_project) -> None:
    lock_edition(fixture_project, 2025)
    new_edition(fixture_project, 2026, 2025)
    assert not (fixture_project / "sources/editions/2026/edition.lock").exists()
    assert default_edition(fixture_project) == 2025


def test_the_shipped_published_editions_are_locked_and_unchanged(shipped_project) -> None:
    assert sorted(shipped_project.locks) == [2019, 2021, 2023]
    from tests.conftest import REPO_ROOT

    for year in (2019, 2021, 2023):
        found = check_lock(REPO_ROOT, year)
        assert not found.drifted, [str(x) for x in found.shown + found.inputs + found.failures]
    assert default_edition(REPO_ROOT) == 2023


def test_a_locked_edition_keeps_the_evidence_it_cites_and_lists(fixture_project) -> None:
    chapter = fixture_project / "sources/editions/2025/chapters/intro.md"
    chapter.write_text(chapter.read_text() + "A report.{{ cite(\"hotline-annual-2024\") }}\n\n{{ evidence() }}\n")
    lock_edition(fixture_project, 2025)
    assert "  evidence: [alliance-members-2021, youth-survey-2023, hotline-annual-2024]" in _lock_text(fixture_project)
    build_edition(fixture_project, 2025, formats=("html",))
    before = (fixture_project / "build/2025/report.html").read_text()
    library = fixture_project / "sources/evidence/library.yaml"
    text = library.read_text().replace("The hotline's account of the reports it assessed",
                                       "A revised account of the reports the hotline assessed")
    library.write_text(text + text[text.index("  - id: youth-survey-2023"):text.index("  - id: alliance-members-2021")]
                       .replace("youth-survey-2023", "youth-survey-2024").replace("date: 2023", "date: 2024-01")
                       .replace("https://example.org/survey", "https://example.org/survey-2024"))
    build_edition(fixture_project, 2025, formats=("html",))
    assert (fixture_project / "build/2025/report.html").read_text() == before
    drift = [str(d) for d in check_lock(fixture_project, 2025).inputs]
    assert any("evidence 'hotline-annual-2024': summary" in d for d in drift)
    assert any("evidence 'youth-survey-2024': added: the annex would list it" in d for d in drift)


def test_the_lock_file_has_one_name() -> None:
    from gta import editions, lockfile

    assert editions.LOCK_FILE == lockfile.LOCK_FILE
