"""Lay out the report HTML as a PDF with WeasyPrint: tagged (PDF/UA-1), reproducible, offline.

Only this module imports WeasyPrint. Its logger is captured: an image without alt text, a
missing resource or a CSS problem fails the build instead of scrolling past.

Two things WeasyPrint cannot do alone are done here. A figure or table that does not fit at
the foot of a page would leave most of that page empty: it is moved after the text that follows
it and the report laid out again (:func:`defer_figures`). And the PDF's page labels (what a viewer
shows as the page number) are written to match the printed footers: roman numerals in the front
matter, arabic from the first chapter (:func:`page_labels`).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .errors import GtaError, Problem, display_path

#: a page filled less than this, before a figure or table that opens the next page, is too empty
MIN_FILL = 0.4
#: layouts tried at most, each moving the figures that left a page too empty
MAX_LAYOUTS = 4


@dataclass
class PdfResult:
    """The PDF bytes, the printed page label of every anchor (figures, tables, statistics), and the pages."""

    data: bytes
    anchors: dict[str, str]
    pages: int
    labels: list[str] = field(default_factory=list)  # the printed label of each page, in order
    deferred: list[str] = field(default_factory=list)  # figures and tables moved after the text that follows


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
              source_name: str = "report.html", body_start: str | None = None) -> PdfResult:
    """Render ``html_text`` (resolved against ``base_dir``) to PDF; any WeasyPrint warning is an error.

    ``body_start`` is the anchor where arabic page numbers start (the pages before it are front matter).
    """
    from weasyprint import HTML

    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    old_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    deferred: list[str] = []
    try:
        if source_date_epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)

        def render(text: str) -> Any:
            return HTML(string=text, base_url=str(base_dir) + "/", url_fetcher=make_url_fetcher(allowed_roots)).render()

        document = render(html_text)
        for _ in range(MAX_LAYOUTS - 1):
            moving = underfilled_figures(page_layout(document))
            moved = defer_figures(html_text, moving)
            if moved == html_text:
                break
            deferred += moving
            html_text = moved
            document = render(html_text)
        pages = {name: i for i, page in enumerate(document.pages) for name in page.anchors}
        start = pages.get(body_start or "", 0)
        labels = page_labels(len(document.pages), start)
        data = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False,
                                  finisher=lambda _doc, pdf: set_page_labels(pdf, start))
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
    return PdfResult(data or b"", {name: labels[i] for name, i in pages.items()}, len(document.pages), labels,
                     list(dict.fromkeys(deferred)))


# --- page labels ----------------------------------------------------------------------------------

def roman(n: int) -> str:
    """Lower-case roman numerals, as CSS ``lower-roman`` prints them (1 → i, 4 → iv, 14 → xiv)."""
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def page_labels(count: int, body_start: int) -> list[str]:
    """The label printed on each page: i, ii … before ``body_start`` (0-based), then 1, 2 …"""
    return [roman(i + 1) if i < body_start else str(i - body_start + 1) for i in range(count)]


def set_page_labels(pdf: Any, body_start: int) -> None:
    """Write /PageLabels into the PDF's catalogue so viewers show the printed labels (ISO 32000-1, 12.4.2)."""
    import pydyf

    nums = pydyf.Array()
    if body_start > 0:
        nums.extend([0, pydyf.Dictionary({"S": "/r"})])
    nums.extend([body_start, pydyf.Dictionary({"S": "/D"})])
    pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})


# --- figures that would leave a page empty ----------------------------------------------------------

@dataclass(frozen=True)
class PageLayout:
    """How full a page is, and what starts it: what :func:`underfilled_figures` needs."""

    fill: float  # share of the page's content height in use
    first_figure: str | None  # the id of a figure or table that starts the page
    first_section: str | None  # the chapter (section id) the page starts in
    last_section: str | None  # the chapter the page ends in
    opener: bool  # a chapter's opener page


def page_layout(document: Any) -> list[PageLayout]:
    """Each page's fill and first block, read from WeasyPrint's laid-out boxes."""
    out = []
    for page in document.pages:
        root = page._page_box  # noqa: SLF001 - the laid-out boxes are what we measure
        html_box = next((c for c in root.children if getattr(c, "element_tag", None) == "html"), None)
        if html_box is None:
            out.append(PageLayout(0.0, None, None, None, False))
            continue
        top, height = html_box.position_y, html_box.margin_height()
        leaves: list[tuple[Any, tuple[Any, ...]]] = []
        _leaves(html_box, (), leaves)
        bottom = max((b.position_y + b.margin_height() for b, _ in leaves), default=top)
        first_path = leaves[0][1] if leaves else ()
        last_path = leaves[-1][1] if leaves else ()
        out.append(PageLayout(
            fill=(bottom - top) / height if height else 1.0,
            first_figure=next((i for i in map(_id, first_path) if i and re.match(r"(fig|tab)-", i)), None),
            first_section=_section(first_path), last_section=_section(last_path),
            opener=any("opener" in _classes(b) for _, path in leaves[:3] for b in path)))
    return out


def underfilled_figures(pages: list[PageLayout]) -> list[str]:
    """Figures and tables that open a page after a page of the same chapter filled less than :data:`MIN_FILL`."""
    return [nxt.first_figure for page, nxt in zip(pages, pages[1:], strict=False)
            if nxt.first_figure and page.fill < MIN_FILL and not page.opener
            and page.last_section is not None and page.last_section == nxt.first_section]


def defer_figures(html_text: str, ids: list[str]) -> str:
    """Move each figure or table in ``ids`` after the paragraph or list that follows it in its chapter.

    A figure followed by a heading, another figure or the end of its chapter stays where it is.
    """
    for fid in ids:
        start = html_text.find(f'<figure class="chart" id="{fid}"')
        if start < 0:
            start = html_text.find(f'<figure class="table" id="{fid}"')
        if start < 0:
            continue
        end = _closing(html_text, start, "figure")
        if end < 0:
            continue
        after = re.match(r"\s*<(p|ul|ol)\b", html_text[end:])
        if after is None:
            continue
        follow_end = _closing(html_text, end + after.start(1) - 1, after.group(1))
        if follow_end < 0:
            continue
        html_text = html_text[:start] + html_text[end:follow_end] + "\n" + html_text[start:end] + html_text[follow_end:]
    return html_text


def _closing(text: str, start: int, tag: str) -> int:
    """The index just after the tag that closes the element opened at ``start`` (nested ones counted)."""
    depth = 0
    for m in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(text, start):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return -1


def _leaves(box: Any, path: tuple[Any, ...], out: list[tuple[Any, tuple[Any, ...]]]) -> None:
    children = getattr(box, "children", None)
    here = (*path, box)
    if not children or type(box).__name__ in ("LineBox", "BlockReplacedBox", "InlineReplacedBox"):
        if type(box).__name__ != "AbsolutePlaceholder":
            out.append((box, here))
        return
    for child in children:
        _leaves(child, here, out)


def _id(box: Any) -> str | None:
    element = getattr(box, "element", None)
    return element.get("id") if element is not None and getattr(box, "element_tag", None) in ("figure", "section") \
        else None


def _section(path: tuple[Any, ...]) -> str | None:
    return next((i for i in map(_id, path) if i and i.startswith("ch-")), None)


def _classes(box: Any) -> str:
    element = getattr(box, "element", None)
    return (element.get("class") or "") if element is not None else ""
