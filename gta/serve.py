"""Live preview: rebuild the HTML when a source, spec, chapter, catalogue or template is saved, and reload the page.

``gta serve --lang fr`` previews a translation the same way: the French report, rebuilt when a
French chapter, the French catalogue (``locales/fr/LC_MESSAGES/gta.po``) or anything English
it falls back on changes, with the same in-page errors (a broken ``.po`` line shows there too).

The server keeps the builder's modules loaded, so a chapter edit costs only the HTML step.
Errors are shown in the page with file and line instead of stopping the server; so is any
unexpected failure, and the watcher keeps watching, so fixing the file brings the page back.

Drafts are private until published, so the preview answers only to loopback names: a page on
another site cannot reach it through DNS rebinding. Building the PDF changes files, so it needs a
POST carrying this session's token, which only the preview's own pages know: a cross-site link
or form cannot start it.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
import time
import traceback
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from .build import BuildReport, build_edition, output_dir
from .errors import GtaError
from .i18n import LANGUAGES, SOURCE_LANGUAGE

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
RELOAD_SCRIPT = """<script>
(function () {
  var seen = null;
  function poll() {
    fetch("/__gta/state").then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version; setTimeout(poll, 400);
    }).catch(function () { setTimeout(poll, 1500); });
  }
  poll();
})();
</script>"""


class Preview:
    """Builds an edition on demand and remembers the outcome for the browser."""

    def __init__(self, root: Path, edition: int, out_root: Path, log: Callable[[str], None],
                 lang: str = SOURCE_LANGUAGE):
        self.root = root
        self.edition = edition
        self.lang = lang
        self.out_root = out_root
        self.log = log
        self.version = 0
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.token = secrets.token_urlsafe(32)  # NOTE: proves a request came from one of this preview's pages

    def rebuild(self, formats: tuple[str, ...] = ("html",)) -> BuildReport | None:
        """Build, and record the outcome; never raises, whatever the build does."""
        with self.lock:
            t0 = time.perf_counter()
            try:
                report = build_edition(self.root, self.edition, formats=formats, out_root=self.out_root,
                                      lang=self.lang)
                self.errors = []
                self.log(f"{report.summary}")
                return report
            except GtaError as exc:
                self.errors = [str(p) for p in exc.problems]
                self.log(f"build failed in {time.perf_counter() - t0:.2f}s:\n" + "\n".join(self.errors))
                return None
            except Exception as exc:  # NOTE: a bug must not freeze the preview: show it, keep watching
                self.errors = [f"internal error: {type(exc).__name__}: {exc}\n  hint: this is a bug in the "
                               "builder, not in your files; the terminal running gta serve shows the details"]
                self.log("build failed with an internal error:\n" + traceback.format_exc())
                return None
            finally:
                self.version += 1

    @property
    def out_dir(self) -> Path:
        return output_dir(self.out_root, self.edition, self.lang)

    @property
    def title(self) -> str:
        """What the preview shows, for its log and its pages: "edition 2025" or "edition 2025 in French"."""
        return f"edition {self.edition}" + ("" if self.lang == SOURCE_LANGUAGE else
                                            f" in {LANGUAGES[self.lang].english_name}")

    def error_page(self) -> str:
        items = "".join(f"<li><pre>{html.escape(e)}</pre></li>" for e in self.errors)
        return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Build failed</title>"
                f"<style>body{{font-family:sans-serif;max-width:50rem;margin:2rem auto}}"
                f"li{{background:#fde8e8;border-left:4px solid #a4262c;margin:.6rem 0;padding:.2rem .8rem;"
                f"list-style:none}}pre{{white-space:pre-wrap}}</style></head><body><main><h1>Build failed</h1>"
                f"<p>Preview of {html.escape(self.title)}. Fix the problems below and save: the page reloads by itself.</p><ul>{items}</ul></main>"
                f"{RELOAD_SCRIPT}</body></html>")

    def toolbar(self) -> str:
        """The preview's corner: a POST form carrying the session token builds the PDF."""
        return ("<form method='post' action='/__gta/pdf' style='position:fixed;right:.5rem;bottom:.5rem;"
                "font:12px sans-serif;background:#fff;border:1px solid #ccc;padding:.3rem .6rem;z-index:99;margin:0'>"
                f"Live preview · <input type='hidden' name='token' value='{self.token}'>"
                "<button type='submit'>Build PDF</button></form>")


def allowed_host(host: str | None, port: int) -> bool:
    """Whether a ``Host`` header names this preview by a loopback name (DNS rebinding sends another)."""
    host = (host or "").strip().lower()
    if host.startswith("["):  # an IPv6 literal: "[::1]:8000"
        name, _, rest = host.partition("]")
        name, given = name + "]", rest.removeprefix(":")
        if rest and not rest.startswith(":"):
            return False
    else:
        name, _, given = host.partition(":")
    return name in LOOPBACK_NAMES and given in ("", str(port))


def make_handler(preview: Preview) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(preview.out_dir), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's name
            pass

        def _foreign(self) -> bool:
            if allowed_host(self.headers.get("Host"), self.server.server_address[1]):
                return False
            self._send("the live preview answers only at http://127.0.0.1", "text/plain", HTTPStatus.MISDIRECTED_REQUEST)
            return True

        def do_HEAD(self) -> None:  # noqa: N802 - http.server's name
            if not self._foreign():
                super().do_HEAD()

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self._foreign():
                return None
            path = self.path.split("?", 1)[0]
            if path == "/__gta/state":
                return self._send(json.dumps({"version": preview.version, "errors": preview.errors}), "application/json")
            if path == "/__gta/pdf":
                return self._send("build the PDF with the button on the preview page", "text/plain",
                                  HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "POST"})
            if path in ("/", "/report.html"):
                if preview.errors or not (preview.out_dir / "report.html").exists():
                    return self._send(preview.error_page(), "text/html")
                page = (preview.out_dir / "report.html").read_text(encoding="utf-8")
                return self._send(page.replace("</body>", preview.toolbar() + RELOAD_SCRIPT + "</body>"), "text/html")
            return super().do_GET()

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            if self._foreign():
                return None
            if self.path.split("?", 1)[0] != "/__gta/pdf":
                return self._send("not found", "text/plain", HTTPStatus.NOT_FOUND)
            length = min(int(self.headers.get("Content-Length") or 0), 4096)
            form = parse_qs(self.rfile.read(length).decode("utf-8", "replace")) if length > 0 else {}
            token = (form.get("token") or [self.headers.get("X-GTA-Token", "")])[0]
            if not secrets.compare_digest(token.encode(), preview.token.encode()):
                return self._send("refused: this request did not come from the preview page", "text/plain",
                                  HTTPStatus.FORBIDDEN)
            preview.rebuild(("html", "pdf"))
            if preview.errors:
                return self._send(preview.error_page(), "text/html")
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", "/report.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None

        def _send(self, body: str, kind: str, status: HTTPStatus = HTTPStatus.OK,
                  headers: dict[str, str] | None = None) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


#: The folders whose files a build reads (``locales/``: the catalogues of a translation's words).
WATCHED = ("sources", "figures", "templates", "locales")


def watch_and_rebuild(preview: Preview, stop: threading.Event) -> None:
    """Rebuild the HTML whenever a file under sources/, figures/, templates/ or locales/ changes, until ``stop``.

    Nothing stops the watching but ``stop``: a failed rebuild shows in the page, and a failure of
    the watching itself (a folder deleted and recreated) is logged and the watching starts again.
    """
    from watchfiles import watch

    while not stop.is_set():
        try:
            folders = [str(preview.root / d) for d in WATCHED if (preview.root / d).exists()]
            for changes in watch(*folders, stop_event=stop, debounce=50, step=20):
                names = sorted({Path(p).name for _, p in changes})
                preview.log(f"changed: {', '.join(names)}")
                preview.rebuild()
        except Exception as exc:  # noqa: BLE001 - the watcher must outlive anything
            preview.log(f"watching stopped ({type(exc).__name__}: {exc}); starting again")
            stop.wait(1.0)


def serve(root: Path, edition: int, *, port: int = 8000, out_root: Path | None = None,
          log: Callable[[str], None] = print, lang: str = SOURCE_LANGUAGE) -> None:
    """Serve a live preview of ``edition`` in ``lang`` on 127.0.0.1 until interrupted."""
    out_root = out_root or root / "build" / ".preview"
    preview = Preview(root, edition, out_root, log, lang)
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_and_rebuild, args=(preview, stop), daemon=True)
    watcher.start()
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(preview))
    log(f"live preview of {preview.title} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
