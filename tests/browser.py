"""Headless Chromium helpers for tests: screenshots, and running axe-core on a page.

Chromium runs with no network (the flags keep it from calling home) and loads only local files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def screenshot(url: str, out: Path, width: int = 1280, height: int = 1600) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={out}", url], check=True, capture_output=True, timeout=120)
    return out


def run_axe(html_file: Path, width: int = 1280) -> dict:
    """Run axe-core on ``html_file`` (a copy is made beside it with axe injected); return its results."""
    page = html_file.read_text(encoding="utf-8")
    probe = html_file.with_name(f".axe-{html_file.name}")
    runner = (f"<script>{AXE.read_text(encoding='utf-8')}</script><script>"
              "axe.run(document, {resultTypes: ['violations']}).then(function (r) {"
              "var pre = document.createElement('pre'); pre.id = 'axe-result';"
              "pre.textContent = JSON.stringify({violations: r.violations.map(function (v) {"
              "return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) { return n.target.join(' '); })};})});"
              "document.body.appendChild(pre); });</script>")
    probe.write_text(page.replace("</body>", runner + "</body>"), encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},1000",
                                   "--virtual-time-budget=20000", "--dump-dom", probe.as_uri()],
                                  check=True, capture_output=True, text=True, timeout=180)
    finally:
        probe.unlink(missing_ok=True)
    start = done.stdout.find('<pre id="axe-result">')
    if start < 0:
        raise RuntimeError("axe-core did not report; is node_modules/axe-core installed?")
    body = done.stdout[start + len('<pre id="axe-result">'): done.stdout.find("</pre>", start)]
    import html

    return json.loads(html.unescape(body))
