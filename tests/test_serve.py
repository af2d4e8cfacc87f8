"""The live preview: serves the HTML, rebuilds on save, shows errors in the page instead of stopping."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from gta.serve import Preview, make_handler, watch_and_rebuild


@pytest.fixture
def preview(fixture_project: Path):
    """A preview of the fixture project on an ephemeral port of 127.0.0.1, with its file watcher."""
    logs: list[str] = []
    p = Preview(fixture_project, 2025, fixture_project / "build" / ".preview", logs.append)
    p.rebuild()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(p))
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watch_and_rebuild, args=(p, stop), daemon=True)]
    for t in threads:
        t.start()
    time.sleep(0.3)  # let the watcher start
    yield p, f"http://127.0.0.1:{server.server_address[1]}", fixture_project
    stop.set()
    server.shutdown()
    server.server_close()


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return response.read().decode("utf-8")


def wait_for_version(base: str, after: int, timeout: float = 20.0) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        state = json.loads(get(base + "/__gta/state"))
        if state["version"] > after:
            return state
        time.sleep(0.1)
    raise AssertionError("the preview did not rebuild")


def test_the_preview_serves_the_report_with_a_reload_script(preview) -> None:
    _, base, _ = preview
    page = get(base + "/")
    assert "Fixture Assessment 2025" in page and "/__gta/state" in page
    assert get(base + "/assets/report.css").startswith("/*")


def test_saving_a_chapter_rebuilds_the_html(preview) -> None:
    p, base, project = preview
    version = p.version
    chapter = project / "sources/editions/2025/chapters/trends.md"
    chapter.write_text(chapter.read_text() + "\n\nA sentence added while previewing.\n")
    wait_for_version(base, version)
    assert "A sentence added while previewing." in get(base + "/")


def test_errors_show_in_the_page_with_file_and_line(preview) -> None:
    p, base, project = preview
    version = p.version
    chapter = project / "sources/editions/2025/chapters/trends.md"
    chapter.write_text(chapter.read_text().replace('stat("per_day_2022")', 'stat("per_day_2021")'))
    state = wait_for_version(base, version)
    assert state["errors"]
    page = get(base + "/")
    assert "Build failed" in page and "trends.md:7" in page and "per_day_2022" in page  # did you mean
    # fixing the file brings the report back, without restarting the server
    version = p.version
    chapter.write_text(chapter.read_text().replace('stat("per_day_2021")', 'stat("per_day_2022")'))
    wait_for_version(base, version)
    assert "Build failed" not in get(base + "/")


def test_the_pdf_is_built_only_on_request(preview) -> None:
    p, base, _ = preview
    assert not (p.out_dir / "report.pdf").exists()
    with urllib.request.urlopen(base + "/__gta/pdf", timeout=120) as response:  # noqa: S310
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(4) == b"%PDF"
