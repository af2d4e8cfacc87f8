"""Lay out the report HTML as a PDF with WeasyPrint: tagged (PDF/UA-1), reproducible, offline.

Only this module imports WeasyPrint. Its logger is captured: an image without alt text, a
missing resource or a CSS problem fails the build instead of scrolling past.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .errors import GtaError, Problem, display_path


@dataclass
class PdfResult:
    """The PDF bytes, the page of every anchor (figures, tables, statistics), and the page count."""

    data: bytes
    anchors: dict[str, int]
    pages: int


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        # NOTE: WeasyPrint subsets fonts with fontTools when the system lacks HarfBuzz-Subset;
        # the PDF is the same, so this notice about the backend is not a problem with the report.
        if not message.startswith("Using fontTools instead of HarfBuzz-Subset"):
            self.messages.append(message)


def make_url_fetcher(allowed_roots: list[Path]):
    """A fetcher that serves files under ``allowed_roots`` only, and nothing from the network.

    A ``file:`` URL is parsed (not prefix-matched: ``file://localhost/etc/passwd`` names
    ``/etc/passwd``), resolved through any links, checked, and fetched by its canonical URL.
    """
    from weasyprint.urls import URLFetcher

    roots = [r.resolve() for r in allowed_roots]

    class ProjectOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):  # noqa: ANN001 - WeasyPrint's signature
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme != "file":
                raise ValueError(f"refused to fetch {url}: reports never use the network")
            if parts.netloc not in ("", "localhost"):
                raise ValueError(f"refused to fetch {url}: a file on another machine")
            path = Path(url2pathname(unquote(parts.path)))
            if not path.is_absolute():
                raise ValueError(f"refused to read {url}: not an absolute path")
            path = path.resolve()
            if not any(path.is_relative_to(r) for r in roots):
                raise ValueError(f"refused to read {path}: outside the project")
            return super().fetch(path.as_uri(), headers)

    return ProjectOnlyFetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def write_pdf(html_text: str, base_dir: Path, allowed_roots: list[Path], *, source_date_epoch: int | None,
              source_name: str = "report.html") -> PdfResult:
    """Render ``html_text`` (resolved against ``base_dir``) to PDF; any WeasyPrint warning is an error."""
    from weasyprint import HTML

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        if source_date_epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
        document = HTML(string=html_text, base_url=str(base_dir) + "/",
                        url_fetcher=make_url_fetcher(allowed_roots)).render()
        anchors = {name: i + 1 for i, page in enumerate(document.pages) for name in page.anchors}
        data = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    finally:
        logger.removeHandler(handler)
        if old_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old_epoch
    if handler.messages:
        raise GtaError([Problem(display_path(base_dir / source_name), None, f"PDF layout: {m}",
                                "fix the template, the CSS or the input named in the message")
                        for m in dict.fromkeys(handler.messages)])
    return PdfResult(data or b"", anchors, len(document.pages))
