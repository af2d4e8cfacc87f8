"""The live preview: serves the HTML, rebuilds on save, shows errors in the page instead of stopping."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.parse
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
    page = get(base + "/")
    token = re.search(r"name='token' value='([^']+)'", page).group(1)  # the page's own "Build PDF" form
    request = urllib.request.Request(base + "/__gta/pdf", data=urllib.parse.urlencode({"token": token}).encode())
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(4) == b"%PDF"


# --- a safe preview (issue 14) -----------------------------------------------------------------------------

def status(url: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


FOREIGN_HOSTS = ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example:{port}", "localhost:1", "",
                 "[::1]x:{port}"]


def test_a_foreign_host_header_is_refused(preview) -> None:
    """DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 sends its own Host."""
    _, base, _ = preview
    port = base.rsplit(":", 1)[1]
    for host in FOREIGN_HOSTS:
        headers = {"Host": host.format(port=port)}
        for path in ("/", "/report.html", "/__gta/state", "/assets/report.css"):
            code, body = status(base + path, headers=headers)
            assert code == 421, (host, path, code)
            assert "Fixture Assessment" not in body and "version" not in body
        assert status(base + "/__gta/pdf", method="POST", data=b"token=x", headers=headers)[0] == 421
    for host in ("127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "localhost"):
        code, body = status(base + "/", headers={"Host": host.format(port=port)})
        assert code == 200 and "Fixture Assessment 2025" in body, host


def test_a_cross_site_request_cannot_start_a_pdf_build(preview) -> None:
    p, base, _ = preview
    version = p.version
    assert status(base + "/__gta/pdf")[0] == 405  # a link or an <img> from another site
    assert status(base + "/__gta/pdf", method="POST", data=b"")[0] == 403  # a form posted from another site
    assert status(base + "/__gta/pdf", method="POST", data=b"token=guess")[0] == 403
    near = p.token[:-1] + ("B" if p.token.endswith("A") else "A")  # one character off
    assert status(base + "/__gta/pdf", method="POST", data=b"token=" + near.encode())[0] == 403
    assert p.version == version and not (p.out_dir / "report.pdf").exists()
    assert p.token not in get(base + "/__gta/state")  # only the preview's own pages carry the token


def test_the_watcher_survives_an_unexpected_exception_and_recovers(preview, monkeypatch) -> None:
    import gta.serve

    p, base, project = preview
    real = gta.serve.build_edition
    failing = {"on": True}

    def build(*args, **kwargs):
        if failing["on"]:
            raise RuntimeError("a bug that is not the tool's own error type")
        return real(*args, **kwargs)

    monkeypatch.setattr(gta.serve, "build_edition", build)
    chapter = project / "sources/editions/2025/chapters/trends.md"
    version = p.version
    chapter.write_text(chapter.read_text() + "\n\nFirst edit.\n")
    wait_for_version(base, version)
    page = get(base + "/")
    assert "Build failed" in page and "internal error: RuntimeError: a bug that is not the tool" in page
    # the watcher is still watching: the next save rebuilds, and the report comes back
    failing["on"] = False
    version = p.version
    chapter.write_text(chapter.read_text() + "\n\nSecond edit, after the fix.\n")
    wait_for_version(base, version)
    page = get(base + "/")
    assert "Build failed" not in page and "Second edit, after the fix." in page


# --- previewing a translation (issue 18) ------------------------------------------------------------------

@pytest.fixture
def french_preview(fixture_project: Path):
    """``gta serve --lang fr`` on the fixture project, with its own copy of the French catalogue to edit."""
    import shutil

    from tests.conftest import REPO_ROOT

    shutil.copytree(REPO_ROOT / "locales" / "fr", fixture_project / "locales" / "fr")
    p = Preview(fixture_project, 2025, fixture_project / "build" / ".preview", lambda _m: None, "fr")
    p.rebuild()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(p))
    stop = threading.Event()
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watch_and_rebuild, args=(p, stop), daemon=True)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    yield p, f"http://127.0.0.1:{server.server_address[1]}", fixture_project
    stop.set()
    server.shutdown()
    server.server_close()


def test_a_translation_is_previewed_in_its_language(french_preview) -> None:
    p, base, _ = french_preview
    assert p.out_dir.name == "fr"
    page = get(base + "/")
    assert '<html lang="fr">' in page and "Sommaire" in page and "/__gta/state" in page
    assert "Tendances" in page  # the French chapter


def test_saving_a_translated_chapter_or_the_catalogue_rebuilds_the_translation(french_preview) -> None:
    p, base, project = french_preview
    chapter = project / "sources/editions/2025/chapters/fr/trends.md"
    version = p.version
    chapter.write_text(chapter.read_text() + "\n\nUne phrase ajoutée pendant l’aperçu.\n")
    wait_for_version(base, version)
    assert "Une phrase ajoutée pendant l’aperçu." in get(base + "/")
    po = project / "locales/fr/LC_MESSAGES/gta.po"
    version = p.version
    po.write_text(po.read_text().replace('msgstr "Sommaire"', 'msgstr "Table des matières"', 1))
    wait_for_version(base, version)
    assert "Table des matières" in get(base + "/")


def test_errors_in_a_translation_show_in_the_page_with_file_and_line(french_preview) -> None:
    p, base, project = french_preview
    po = project / "locales/fr/LC_MESSAGES/gta.po"
    good = po.read_text()
    lines = good.splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("msgstr") and "%(n)s" in text)
    lines[line - 1] = lines[line - 1].replace("%(n)s", "%(nn)s")
    version = p.version
    po.write_text("\n".join(lines) + "\n")
    state = wait_for_version(base, version)
    assert state["errors"]
    page = get(base + "/")
    assert "Build failed" in page and "Preview of edition 2025 in French" in page
    assert re.search(r"locales/fr/LC_MESSAGES/gta\.po:\d+", page) and "placeholder" in page
    version = p.version
    po.write_text(good)
    wait_for_version(base, version)
    assert "Build failed" not in get(base + "/")
