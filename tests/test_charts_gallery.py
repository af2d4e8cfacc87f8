"""The chart gallery in headless Chromium: every image loads, and a screenshot is kept for review."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from browser import FLAGS, chromium

from gta.charts import edition_citation, figure_credit, write_chart_pack
from gta.load import load_project
from tests.helpers import render_charts

pytestmark = pytest.mark.skipif(chromium() is None, reason="headless Chromium is not installed (make browser)")

PROBE = """<script>
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.images);
  var broken = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; })
                   .map(function (i) { return i.getAttribute("src"); });
  var out = document.createElement("pre"); out.id = "probe";
  out.textContent = "images=" + imgs.length + " broken=" + JSON.stringify(broken);
  document.body.appendChild(out);
});
</script>"""


@pytest.fixture(scope="module")
def gallery(tmp_path_factory) -> Path:
    from conftest import FIXTURE_PROJECT

    out = tmp_path_factory.mktemp("gallery")
    project = load_project(FIXTURE_PROJECT)
    citation = edition_citation(project.editions[2025].meta)
    outputs = render_charts(project, 2025, out, formats=("png",), sizes=("print", "slide"), jobs=2,
                            credits={"fixture-reports": figure_credit(citation, 1)})
    write_chart_pack([outputs["fixture-reports"], outputs["fixture-files"]], out, citation)
    return out / "index.html"


def test_gallery_shows_no_broken_image(gallery):
    probe = gallery.with_name(".probe.html")
    probe.write_text(gallery.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:
        done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000",
                               "--allow-file-access-from-files", "--dump-dom", probe.as_uri()],
                              check=True, capture_output=True, text=True, timeout=120)
    found = re.search(r"images=(\d+) broken=(\[.*?\])", done.stdout)
    assert found, done.stdout[-500:]
    assert int(found.group(1)) == 2 and found.group(2) == "[]"


def test_gallery_screenshot(gallery, tmp_path):
    from browser import screenshot
    from PIL import Image

    shot = screenshot(gallery.as_uri(), tmp_path / "gallery.png", width=1280, height=1000)
    with Image.open(shot) as im:
        assert im.size == (1280, 1000)
        # not a blank page: the thumbnails put colour on it
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 50


@pytest.mark.skipif(not Path(__file__).resolve().parent.parent.joinpath("node_modules", "axe-core").is_dir(),
                    reason="axe-core is not installed (make browser)")
def test_gallery_has_no_accessibility_violations(gallery):
    from browser import run_axe

    result = run_axe(gallery)
    assert result["violations"] == [], result["violations"]
