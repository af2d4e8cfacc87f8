"""Whole-report golden outputs for the fixture project.

The fixture project's HTML report and statistics register are kept in tests/golden/. A change
to templates, formatting or the pipeline shows up here as a diff to review like code; after
reviewing, regenerate them with `make golden` (pytest tests/test_golden.py --update-golden).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from gta.build import build_edition

GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = ("report.html", "statistics.csv", "recommendations.csv", "charts/fixture-reports/gta2025-fig01-fixture-reports.csv")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    import shutil

    from tests.conftest import FIXTURE_PROJECT

    project = tmp_path_factory.mktemp("golden") / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    return build_edition(project, 2025, formats=("html",)).out_dir


@pytest.mark.parametrize("name", FILES)
def test_output_matches_golden(outputs: Path, name: str, update_golden: bool) -> None:
    produced = (outputs / name).read_text(encoding="utf-8-sig")
    golden = GOLDEN / name
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
        return
    assert golden.exists(), f"no golden file {golden}: run make golden"
    expected = golden.read_text(encoding="utf-8")
    if produced != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), produced.splitlines(True),
                                            f"golden/{name}", f"built/{name}", n=2))
        pytest.fail(f"{name} differs from tests/golden/{name} (review, then `make golden`):\n{diff[:6000]}")
