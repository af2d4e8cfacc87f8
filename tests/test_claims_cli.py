"""``gta check`` through click's runner: exit codes, --strict, --text, and the sample edition."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run(tmp_path):
    def invoke(*args: str):
        return CliRunner().invoke(main, ["--project", str(REPO_ROOT), "check", "--out", str(tmp_path / "out"), *args])
    return invoke


def _text(tmp_path: Path, body: str) -> str:
    path = tmp_path / "draft.md"
    path.write_text(body, encoding="utf-8")
    return str(path)


def test_the_sample_edition_passes_strict(run, shipped_project, shipped_edition, tmp_path):
    if not shipped_project.editions[shipped_edition].chapters:
        pytest.skip("the sample edition has no chapters yet")
    result = run("--edition", str(shipped_edition), "--strict")
    assert result.exit_code == 0, result.output
    assert "0 inconsistent" in result.output and "0 unsourced" in result.output
    assert (tmp_path / "out" / "index.html").exists()


def test_an_inconsistent_figure_fails(run, tmp_path):
    result = run("--edition", "2025", "--text", _text(tmp_path, "The IWF confirmed 424,047 reports in 2024.\n"))
    assert result.exit_code == 1
    assert "inconsistent (1)" in result.output and "draft.md:1: '424,047'" in result.output
    assert (tmp_path / "out" / "review.csv").exists() and (tmp_path / "out" / "review.xlsx").exists()


def test_unsourced_fails_only_with_strict(run, tmp_path):
    path = _text(tmp_path, "---\ntitle: Press release\n---\nAround 300 million children are affected each year.\n")
    assert run("--edition", "2025", "--text", path).exit_code == 0
    strict = run("--edition", "2025", "--text", path, "--strict")
    assert strict.exit_code == 1 and "draft.md:4:" in strict.output


def test_a_consistent_text_passes(run, tmp_path):
    result = run("--edition", "2025", "--text", _text(tmp_path, "NCMEC received 36.2 million reports in 2023.\n"))
    assert result.exit_code == 0, result.output
    assert "1 consistent" in result.output


def test_an_unknown_edition_is_a_located_error(run):
    result = run("--edition", "1901")
    assert result.exit_code == 1 and "no edition 1901" in result.output


def test_the_words_around_bound_numbers_in_a_draft_are_checked(run, tmp_path):
    body = "Intro.\n\nReports fell by {{ stat(\"ncmec_change_2022_2023\", style=\"percent\") }} in 2023.\n"
    result = run("--edition", "2025", "--text", _text(tmp_path, body))
    assert result.exit_code == 1
    assert "draft.md:3: 'fell by 12.9%'" in result.output
    assert "0 figures and 1 word around bound numbers checked: 1 inconsistent" in result.output
