"""The report's HTML and the chart gallery, checked in headless Chromium as a reader's browser sees them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser import AXE, chromium, run_axe, screenshot

pytestmark = pytest.mark.skipif(chromium() is None or not AXE.exists(),
                                reason="needs chromium and node_modules/axe-core: run 'make browser'")


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory) -> Path:
    from gta.build import build_edition
    from tests.conftest import FIXTURE_PROJECT

    project = tmp_path_factory.mktemp("a11y") / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    return build_edition(project, 2025, formats=("html",), self_contained=True).out_dir


@pytest.mark.parametrize("width", [1280, 375])
def test_report_html_has_no_serious_axe_violations(built_fixture: Path, width: int) -> None:
    results = run_axe(built_fixture / "report.html", width=width)
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_chart_gallery_has_no_serious_axe_violations(built_fixture: Path) -> None:
    results = run_axe(built_fixture / "charts" / "index.html")
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_report_screenshots_at_desktop_and_phone_width(built_fixture: Path, tmp_path: Path) -> None:
    from PIL import Image

    for width in (1280, 375):
        shot = screenshot((built_fixture / "report.html").as_uri(), tmp_path / f"report-{width}.png", width, 1400)
        image = Image.open(shot)
        assert image.size == (width, 1400)
        # a page that rendered draws ink, not a blank canvas
        darkest, lightest = image.convert("L").getextrema()
        assert lightest - darkest > 100


def test_self_contained_html_needs_no_other_file(built_fixture: Path) -> None:
    page = (built_fixture / "report-standalone.html").read_text()
    assert 'href="assets/' not in page and 'src="charts/' not in page and 'srcset="charts/' not in page
    assert "data:image/svg+xml;base64," in page and "data:font/ttf;base64," in page
