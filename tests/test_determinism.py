"""Same inputs, same bytes, whatever the number of chart workers: every file in build/, hidden ones included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURE_PROJECT = Path(__file__).resolve().parent / "fixtures" / "project"


def build_from_scratch(tmp_path: Path, jobs: int) -> Path:
    """``gta build --jobs N`` on a fresh copy of the fixture project (dates from the edition, not the env)."""
    project = tmp_path / f"jobs-{jobs}" / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "gta", "--project", str(project), "build", "--jobs", str(jobs)],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr
    return project / "build"


def test_one_worker_and_two_workers_build_the_same_bytes(tmp_path: Path) -> None:
    one, two = build_from_scratch(tmp_path, 1), build_from_scratch(tmp_path, 2)
    names = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for must in ("2025/report.html", "2025/report.pdf", "2025/charts/gta2025-charts-en.zip", "2025/charts/gta2025-charts-en.pptx",
                 "2025/charts/fixture-reports/fixture-reports.svg", "2025/statistics.xlsx", ".lock"):
        assert Path(must) in names, must
    different = [str(n) for n in names if (one / n).read_bytes() != (two / n).read_bytes()]
    assert not different
