"""The bad-input corpus (tests/bad_inputs/cases.yaml): every mistake is reported with file:line.

Each case copies the fixture project, drops in its one bad file and checks the report twice:
through the loaders (``load_project`` and ``compute_statistics``, as ``gta validate`` does), and
through the CLI (exit code 1, the located message, no traceback; warnings exit 0 unless
``--strict``).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from gta.errors import GtaError, Problem
from gta.yamlio import load_yaml

TESTS_DIR = Path(__file__).resolve().parent
FIXTURE_PROJECT = TESTS_DIR / "fixtures" / "project"
BAD_INPUTS = TESTS_DIR / "bad_inputs"


@dataclass(frozen=True)
class Case:
    case: str
    about: str
    replaces: str
    at: str
    message: str
    hint: str = ""
    severity: str = "error"
    strict: bool = False
    others: bool = False
    folder: str = ""

    @property
    def bad_file(self) -> Path:
        return BAD_INPUTS / (self.folder or self.case) / Path(self.replaces).name

    @property
    def fails(self) -> bool:
        return self.severity == "error" or self.strict

    def matches(self, problem: Problem) -> bool:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        return where == self.at and problem.message.startswith(self.message) and self.hint in problem.hint


CASES = [Case(**entry) for entry in load_yaml(BAD_INPUTS / "cases.yaml")["cases"]]


def prepare(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture project with the case's bad file in place, as the working directory."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    shutil.copyfile(case.bad_file, project / case.replaces)
    monkeypatch.chdir(project)  # problems then read "sources/...:line", as a user sees them
    return project


def check(project: Path, strict: bool = False) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings from checking everything a build checks (gta validate's library call)."""
    from gta.build import validate_project

    try:
        report = validate_project(project, strict=strict)
    except GtaError as exc:
        return exc.problems, []
    return [], report.warnings


# --- the corpus is well formed ----------------------------------------------------------------------------

def test_every_case_folder_is_listed_and_holds_one_file() -> None:
    folders = {p.name for p in BAD_INPUTS.iterdir() if p.is_dir()}
    assert folders == {c.folder or c.case for c in CASES}
    for folder in folders:
        assert len(list((BAD_INPUTS / folder).iterdir())) == 1, folder


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_each_bad_file_differs_from_the_fixture_file_it_replaces(case: Case) -> None:
    original = FIXTURE_PROJECT / case.replaces
    assert original.is_file(), f"{case.replaces} is not in the fixture project"
    assert case.bad_file.read_bytes() != original.read_bytes()


def test_the_fixture_project_itself_has_no_problems(in_fixture_project: Path) -> None:
    assert check(in_fixture_project, strict=True) == ([], [])


# --- through the loaders --------------------------------------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_bad_input_is_reported_at_its_line(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    errors, warnings = check(prepare(case, tmp_path, monkeypatch), strict=case.strict)
    reported = errors if case.fails else warnings
    assert not (errors if not case.fails else []), [str(p) for p in errors]
    found = [p for p in reported if case.matches(p)]
    assert found, f"expected {case.at}: {case.message}\ngot:\n" + "\n".join(str(p) for p in reported)
    assert found[0].severity == ("error" if case.fails else "warning")
    if not case.others:
        assert len(reported) == 1, "\n".join(str(p) for p in reported)


# --- through the CLI --------------------------------------------------------------------------------------------

def needs_cli(test):  # noqa: ANN001 - kept as a marker of the tests that go through the CLI
    """Every module ``gta validate`` needs is present now; these tests always run."""
    return test


def validate(project: Path, strict: bool = False):
    from click.testing import CliRunner

    from gta.cli import main

    args = ["--project", str(project), *(["--strict"] if strict else []), "validate"]
    return CliRunner().invoke(main, args)


@needs_cli
def test_the_fixture_project_validates_through_the_cli(in_fixture_project: Path) -> None:
    result = validate(in_fixture_project, strict=True)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


@needs_cli
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.case)
def test_the_cli_reports_bad_input_without_a_traceback(case: Case, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    result = validate(prepare(case, tmp_path, monkeypatch), strict=case.strict)
    # an uncaught exception also exits 1 under CliRunner: only SystemExit is a clean exit
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.exit_code == (1 if case.fails else 0), result.output
    warning = "" if case.fails else "warning: "
    assert result.output.count(f"{case.at}: {warning}{case.message}") == 1, result.output  # once, not per edition
    if case.hint:
        assert f"hint: {case.hint}" in result.output
    if case.fails:
        assert "nothing was written." in result.output
