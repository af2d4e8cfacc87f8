"""The shipped 2025 edition as readers get it: the PDF's links, notes, page labels and page fill, and the
HTML at a phone's width in headless Chromium (issue 16)."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from gta.charts.outputs import PHONE_WIDTH_CM
from gta.charts.style import Sizes
from gta.load import load_project
from gta.plan import prepare
from tests.browser import FLAGS, chromium

REPO = Path(__file__).resolve().parent.parent
A4_HEIGHT_PT = 841.89
MARGIN_PT = 24 / 25.4 * 72  # print.css: 24 mm top and bottom
MIN_FILL = 0.4  # a page before a figure or table may be at most 60 % empty


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    from gta.build import build_edition

    return build_edition(REPO, 2025, out_root=tmp_path_factory.mktemp("design")).out_dir


@pytest.fixture(scope="module")
def plan():
    return prepare(load_project(REPO), 2025)


@pytest.fixture(scope="module")
def pdf(built: Path) -> PdfReader:
    return PdfReader(str(built / "report.pdf"))


@pytest.fixture(scope="module")
def pages(pdf: PdfReader) -> list[str]:
    return [p.extract_text() for p in pdf.pages]


# --- links and paths ----------------------------------------------------------------------------------

def test_no_url_in_the_pdf_is_hyphenated_and_each_breaks_only_after_a_slash_or_dot(plan, pages) -> None:
    from gta.writers.notes import LONG_URL_PIECE

    text = "\n".join(pages)
    shown = [r for r in plan.references if not r.secondary] + plan.references_cited
    assert shown
    for ref in shown:
        pattern = "\n?".join(re.escape(c) for c in ref.url)  # a break may fall between any two characters
        m = re.search(pattern, text)
        assert m, f"{ref.url} is not in the PDF as it is (a hyphen or space was added)"
        for i, ch in enumerate(m.group(0)):
            if ch == "\n":
                before = m.group(0)[:i].replace("\n", "")
                piece = re.split(r"(?<=[/.])", ref.url[:len(before)] + "\0" + ref.url[len(before):])
                long_piece = next(len(p) - 1 > LONG_URL_PIECE for p in piece if "\0" in p)
                allowed = "/.-" if long_piece else "/."
                assert before[-1] in allowed, f"{ref.url} breaks after {before!r}"


def test_the_pdf_names_no_file_path_and_no_file_line(pages) -> None:
    text = "\n".join(pages)
    assert not re.search(r"\b(?:sources|figures|templates|tests|gta)/[\w./-]+", text)
    assert not re.search(r"\.(?:csv|ya?ml|md|py|json):\d+", text)


# --- notes ----------------------------------------------------------------------------------------------

def test_citations_are_grouped_in_brackets_and_never_fused(plan, pages, built: Path) -> None:
    body = "\n".join(pages[:next(i for i, p in enumerate(pages) if p.lstrip().startswith("References"))])
    groups = re.findall(r"\[(\d+(?:(?:, |–)\d+)*)\]", body)
    assert groups, "no citation in the text"
    n = len(plan.references_cited)
    for g in groups:
        numbers = [int(x) for x in re.split(r", |–", g)]
        assert all(1 <= x <= n for x in numbers), g
        assert numbers == sorted(numbers), g
    flat = body.replace("\n", "")
    assert re.search(r"\[\d+(?:, |–)\d+\]", flat), "side-by-side citations read as [2, 3], not 23"
    assert not re.search(r"\]\[", flat), "two brackets fused: citations next to each other are one group"
    html = (built / "report.html").read_text(encoding="utf-8")
    calls = re.findall(r'(.)<span class="cite"', html)
    assert calls and set(calls) == {"\u2060"}, "a citation must be glued to the word before it"


def test_caveat_notes_are_letters_and_references_numbers(pages) -> None:
    text = "\n".join(pages)
    footnotes = re.findall(r"^([a-z])\u2002", text, flags=re.M)
    assert footnotes and footnotes[0] == "a"


# --- page labels ----------------------------------------------------------------------------------------

def test_pdf_page_labels_match_the_printed_footers(pdf: PdfReader, pages: list[str]) -> None:
    labels = pdf.page_labels
    assert labels[0] == "i" and "1" in labels
    checked = 0
    for label, text in zip(labels, pages, strict=True):
        lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
        if lines and re.fullmatch(r"[ivxlc]+|\d+", lines[-1]):
            assert lines[-1] == label
            checked += 1
    assert checked >= len(pages) - 3  # every page but the covers prints its number


def test_register_page_references_are_the_printed_labels(pdf: PdfReader, pages: list[str], plan) -> None:
    labels = pdf.page_labels
    start = next(i for i, p in enumerate(pages) if "Appendix: statistics register" in p.splitlines()[0:3].__str__()
                 and "How it was derived" in p)
    register = "\n".join(pages[start:next(i for i, p in enumerate(pages) if p.lstrip().startswith("References"))])
    refs = re.findall(r"([A-Z][A-Za-z ]+?),\s*p\.\s*([ivxlc]+|\d+)", register.replace("\n", " "))
    assert refs
    titles = {c.title for c in plan.chapters}
    for title, label in refs:
        title = next((t for t in titles if title.strip().endswith(t) or t.endswith(title.strip())), None)
        if title is None:
            continue
        assert label in labels, label
        page = pages[labels.index(label)]
        assert title in page or any(c.title in page for c in plan.chapters), (title, label)
    assert any(re.fullmatch(r"[ivxlc]+", label) for _, label in refs), "front matter pages are roman"


# --- page fill ------------------------------------------------------------------------------------------

def _first_blocks(pdf: PdfReader) -> dict[int, list[str]]:
    """For each page, the structure tags around its first marked content (from the PDF/UA tag tree)."""
    index = {p.indirect_reference.idnum: i for i, p in enumerate(pdf.pages)}
    first: dict[int, list[str]] = {}

    def walk(node, ancestors, page):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/Pg" in node:
            page = index.get(node.raw_get("/Pg").idnum, page)
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(obj, int) or (isinstance(obj, dict) and obj.get("/Type") == "/MCR"):
                if page is not None and page not in first:
                    first[page] = [*ancestors, str(node.get("/S"))]
            else:
                walk(kid, [*ancestors, str(node.get("/S"))], page)

    walk(pdf.trailer["/Root"]["/StructTreeRoot"], [], None)
    return first


def _fill(page) -> float:
    """How far down the content area the page's text reaches (0 empty, 1 full)."""
    ys = []

    def visit(text, cm, tm, *_):
        if text.strip():
            ys.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    top, bottom = A4_HEIGHT_PT - MARGIN_PT, MARGIN_PT
    inside = [y for y in ys if bottom < y < top]
    return (top - min(inside)) / (top - bottom) if inside else 0.0


def test_no_figure_or_table_leaves_the_page_before_it_mostly_empty(pdf: PdfReader) -> None:
    first = _first_blocks(pdf)
    assert any("/Figure" in tags for tags in first.values()) or True
    for i in range(1, len(pdf.pages)):
        tags = first.get(i, [])
        starts_with_figure = "/Figure" in tags or ("/Table" in tags and "/THead" not in tags and "/TBody" not in tags)
        if starts_with_figure:
            fill = _fill(pdf.pages[i - 1])
            assert fill >= MIN_FILL, f"page {i} is {1 - fill:.0%} empty before the figure or table on page {i + 1}"


# --- the HTML on a phone -----------------------------------------------------------------------------------

PROBE = """<script>window.addEventListener('load', function () {
  var vw = document.documentElement.clientWidth, wide = [];
  document.querySelectorAll('body *').forEach(function (el) {
    if (el.closest('.table-scroll') && !el.classList.contains('table-scroll')) return;
    var r = el.getBoundingClientRect();
    if (r.right > vw + 0.5 || r.width > vw + 0.5) wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
  });
  var charts = [];
  document.querySelectorAll('figure.chart img').forEach(function (img) {
    charts.push({src: img.currentSrc, width: img.getBoundingClientRect().width});
  });
  var over = [];
  document.querySelectorAll('body, body > *, main > *, section > *').forEach(function (el) {
    if (el.scrollWidth > vw + 0.5) over.push(el.tagName + '.' + el.className + '#' + el.id + ' ' + el.scrollWidth);
  });
  parent.postMessage(JSON.stringify({over: over, vw: vw, scroll: document.documentElement.scrollWidth, wide: wide, charts: charts}), '*');
});</script>"""
# NOTE: headless Chromium will not make a window narrower than 500 px; a 375 px frame is a phone's viewport.
FRAME = """<!DOCTYPE html><html><body style="margin:0"><pre id="probe"></pre>
<iframe src="{src}" style="width:375px;height:800px;border:0"></iframe>
<script>window.addEventListener('message', function (e) {{ document.getElementById('probe').textContent = e.data; }});</script>
</body></html>"""


def phone_probe(html_file: Path) -> dict:
    """Load ``html_file`` in a 375 px frame; return what the probe measured there."""
    page = html_file.read_text(encoding="utf-8")
    probe = html_file.with_name(f".probe-{html_file.name}")
    frame = html_file.with_name(".probe-frame.html")
    probe.write_text(page.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    frame.write_text(FRAME.format(src=probe.name), encoding="utf-8")
    try:
        with tempfile.TemporaryDirectory() as profile:
            done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", "--window-size=600,900",
                                   "--allow-file-access-from-files", "--virtual-time-budget=15000", "--dump-dom",
                                   frame.as_uri()], check=True, capture_output=True, text=True, timeout=180)
    finally:
        probe.unlink(missing_ok=True)
        frame.unlink(missing_ok=True)
    start = done.stdout.find('<pre id="probe">')
    body = done.stdout[start + 16: done.stdout.find("</pre>", start)]
    assert body.strip(), "the probe did not report"
    import html

    return json.loads(html.unescape(body))


@pytest.mark.skipif(chromium() is None, reason="needs chromium: run 'make browser'")
def test_nothing_is_wider_than_a_phone_and_chart_text_stays_legible(built: Path) -> None:
    result = phone_probe(built / "report.html")
    assert result["vw"] <= 375
    assert result["wide"] == [], result["wide"][:10]
    assert result["scroll"] <= result["vw"]
    assert result["charts"]
    phone_width_pt = PHONE_WIDTH_CM / 2.54 * 72
    for chart in result["charts"]:
        assert chart["src"].endswith("-phone.png"), chart["src"]
        smallest_px = Sizes().small * chart["width"] / phone_width_pt
        assert smallest_px >= 11, (chart["src"], round(smallest_px, 1))
