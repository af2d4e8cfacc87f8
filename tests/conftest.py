"""Shared fixtures: the tiny fixture project (copied, so a test may change it) and the shipped project.

Keep this file generic: a fixture belongs here only when several test modules use it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
FIXTURE_PROJECT = TESTS_DIR / "fixtures" / "project"


# --- the fixture project ----------------------------------------------------------------------

@pytest.fixture
def fixture_project(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/project; change its files freely."""
    dest = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, dest)
    return dest


@pytest.fixture
def in_fixture_project(fixture_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The copied fixture project as the working directory, so problems read 'sources/...:line'."""
    monkeypatch.chdir(fixture_project)
    return fixture_project


# --- the shipped project (read-only) ---------------------------------------------------------

@pytest.fixture(scope="session")
def shipped_project():
    """The project shipped in the repository, loaded once; never modify it."""
    from gta.load import load_project

    return load_project(REPO_ROOT)


@pytest.fixture(scope="session")
def shipped_edition(shipped_project) -> int:
    """The newest shipped edition: 2025, the sample draft `make report` builds (gta's default is the latest locked one)."""
    return max(shipped_project.editions)


@pytest.fixture(scope="session")
def shipped_stats(shipped_project, shipped_edition):
    """Statistics of the newest shipped edition, computed once."""
    from gta.statistics import compute_statistics

    return compute_statistics(shipped_project, shipped_edition)


# --- golden outputs ----------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current outputs (review the diff like code)")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
