"""Hostile or careless content never runs a script, fetches from the network or reads outside the project."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.build import build_edition
from gta.cli import main
from gta.errors import GtaError

TRENDS = "sources/editions/2025/chapters/trends.md"


def _append(project: Path, rel: str, text: str) -> None:
    path = project / rel
    path.write_text(path.read_text() + text)


def test_a_script_in_a_csv_note_or_title_is_escaped(fixture_project: Path) -> None:
    csv = fixture_project / "sources/datasets/hotline.csv"
    csv.write_text(csv.read_text().replace("first year", "<script>alert(1)</script>"))
    spec = fixture_project / "figures/fixture-reports.yaml"
    spec.write_text(spec.read_text().replace('title: "Hotline reports', 'title: "<img src=x onerror=alert(1)> Hotline reports'))
    out = build_edition(fixture_project, 2025, formats=("html",)).out_dir
    for page in (out / "report.html", out / "charts" / "index.html"):
        html = page.read_text()
        assert "<img src=x" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "img src=x" not in html
    assert "<script>alert(1)</script>" not in (out / "report.html").read_text()


def test_raw_html_in_a_chapter_is_reduced_to_safe_tags(fixture_project: Path) -> None:
    _append(fixture_project, TRENDS, '\n\n<p onclick="steal()">Click</p><script>steal()</script>'
                                     '<form action="/x"><input name="q"></form><style>body{display:none}</style>'
                                     '<a href="javascript:steal()">x</a>\n')
    html = (build_edition(fixture_project, 2025, formats=("html",)).out_dir / "report.html").read_text()
    body = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    assert "steal()" not in body.replace(">Click<", "")
    assert "<form" not in body and "<style" not in body and "onclick" not in body and "javascript:" not in body
    assert "Click" in body


@pytest.mark.parametrize("src", ["file:///etc/passwd", "http://example.org/x.png", "https://example.org/x.png",
                                 "../../../etc/passwd", "//example.org/x.png"])
def test_an_image_from_outside_the_project_is_refused_by_name(fixture_project: Path, src: str) -> None:
    _append(fixture_project, TRENDS, f'\n\n<img src="{src}" alt="x">\n')
    with pytest.raises(GtaError) as exc:
        build_edition(fixture_project, 2025, formats=("html",))
    message = str(exc.value)
    assert src in message and "trends.md:" in message


def test_a_markdown_image_is_refused_too(fixture_project: Path) -> None:
    _append(fixture_project, TRENDS, "\n\n![chart](http://example.org/tracker.png)\n")
    with pytest.raises(GtaError, match="http://example.org/tracker.png"):
        build_edition(fixture_project, 2025, formats=("html",))


def test_weasyprint_never_fetches_from_the_network_or_outside_the_project(tmp_path: Path) -> None:
    from gta.pdf import make_url_fetcher

    inside = tmp_path / "ok.css"
    inside.write_text("p {}")
    fetch = make_url_fetcher([tmp_path])
    assert fetch.fetch(inside.as_uri()) is not None
    for url in ("http://example.org/a.png", "https://example.org/a.css", "file:///etc/passwd",
                (tmp_path / ".." / "escape.css").as_uri()):
        with pytest.raises(ValueError, match="refused"):
            fetch.fetch(url)


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "UPPER", "x" * 81, ""])
def test_ids_that_become_file_names_are_validated(fixture_project: Path, bad_id: str) -> None:
    spec = fixture_project / "figures/fixture-files.yaml"
    spec.write_text(spec.read_text().replace("id: fixture-files", f"id: {bad_id!r}"))
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 1, result.output
    assert "fixture-files.yaml" in result.output and "Traceback" not in result.output
    assert not (fixture_project / "escape").exists()


def test_yaml_is_loaded_safely(fixture_project: Path) -> None:
    path = fixture_project / "sources/references.yaml"
    path.write_text("references: !!python/object/apply:os.system ['echo pwned > pwned.txt']\n")
    result = CliRunner().invoke(main, ["--project", str(fixture_project), "validate"])
    assert result.exit_code == 1
    assert "references.yaml:1" in result.output
    assert not (fixture_project / "pwned.txt").exists() and not Path("pwned.txt").exists()


def test_exported_cells_can_never_be_formulas(fixture_project: Path) -> None:
    from openpyxl import load_workbook

    stats = fixture_project / "sources/statistics/core.yaml"
    stats.write_text(stats.read_text().replace("label: Hotline reports in 2022", "label: \"=HYPERLINK('http://x','y')\""))
    out = build_edition(fixture_project, 2025, formats=("html",)).out_dir
    assert "'=HYPERLINK" in (out / "statistics.csv").read_text()
    sheet = load_workbook(out / "statistics.xlsx").active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert any(c.value.startswith("=HYPERLINK") for c in risky)  # shown as typed, without an apostrophe
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)  # text, never a formula


def test_a_build_killed_midway_leaves_the_last_good_build_complete(fixture_project: Path) -> None:
    build_edition(fixture_project, 2025, formats=("html", "pdf"))
    out = fixture_project / "build" / "2025"
    good = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _append(fixture_project, TRENDS, "\n\nA new paragraph that forces a rebuild.\n")
    child = subprocess.Popen([sys.executable, "-m", "gta", "--project", str(fixture_project), "build"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.parent.glob(".2025.staging-*")):
        time.sleep(0.02)  # wait until the build is writing its staging copy
    time.sleep(0.3)
    child.send_signal(signal.SIGKILL)
    child.wait()
    now = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert now == good
    # the next build cleans up the killed one's staging folder and succeeds
    build_edition(fixture_project, 2025, formats=("html",))
    assert not list(out.parent.glob(".2025.staging-*"))
