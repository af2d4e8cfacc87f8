"""End-to-end builds of the fixture project: outputs, PDF structure, atomicity, incremental rebuilds."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from gta.atomic import build_lock
from gta.build import build_edition, build_languages
from gta.errors import GtaError


def _build(project: Path, **kwargs):
    return build_edition(project, 2025, **kwargs)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture project built once (HTML and PDF) for the read-only checks below."""
    import shutil

    from tests.conftest import FIXTURE_PROJECT

    project = tmp_path_factory.mktemp("built") / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    _build(project)
    return project / "build" / "2025"


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_build_writes_every_output(built: Path) -> None:
    for name in ("report.html", "report.pdf", "statistics.csv", "statistics.json", "statistics.xlsx",
                 "charts/index.html", "charts/fixture-reports/fixture-reports.svg", "assets/report.css",
                 "assets/fonts/SourceSansPro-Regular.ttf", "assets/fonts/LICENSE.txt"):
        assert (built / name).is_file(), name


def test_pdf_text_shows_values_from_the_data(built: Path) -> None:
    text = "\n".join(pdf_pages(built / "report.pdf"))
    assert "Fixture Assessment 2025" in text
    assert "3,000" in text  # hotline reports 2022, bound by stat("reports_2022")
    assert "rose by 200%" in text  # (3000 − 1000) ÷ 1000
    assert "almost 120" in text  # the qualifier of the 2024 members row is kept
    assert "Figure 1" in text and "Table 1" in text


def test_contents_page_numbers_match_the_pages(built: Path) -> None:
    pages = pdf_pages(built / "report.pdf")
    at = next(i for i, p in enumerate(pages) if p.startswith("Contents"))
    for title in ("Trends", "Recommendations", "Appendix: statistics register"):
        m = re.search(rf"{re.escape(title)}\s*\.+\s*(\d+)", pages[at])
        assert m, f"{title} missing from contents"
        printed = m.group(1)
        # the chapter opens on the first later page whose first lines carry its title;
        # that page's footer (the last line of its text) is the printed page number
        opening = next(p for p in pages[at + 1:] if any(title in ln for ln in p.splitlines()[:3]))
        assert opening.strip().splitlines()[-1].strip() == printed, (title, printed)


def test_pdf_outline_mirrors_the_headings(built: Path) -> None:
    reader = PdfReader(str(built / "report.pdf"))
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Contents" in titles
    assert any("Trends" in t for t in titles)
    for item in reader.outline:
        if isinstance(item, list):
            continue
        page = reader.get_destination_page_number(item)
        assert item.title.split(" ", 1)[-1].strip() in reader.pages[page].extract_text()


def test_pdf_is_tagged_with_alt_text_and_metadata(built: Path) -> None:
    reader = PdfReader(str(built / "report.pdf"))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Fixture Assessment 2025"
    figures = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(node)
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(root["/StructTreeRoot"])
    assert figures, "no Figure in the tag tree"
    assert all(str(f.get("/Alt", "")).strip() for f in figures)


def test_figure_references_resolve(built: Path) -> None:
    text = "\n".join(pdf_pages(built / "report.pdf"))
    referenced = {int(n) for n in re.findall(r"Figure\s+(\d+), page", text)}
    captions = {int(n) for n in re.findall(r"Figure (\d+)\.", text)}
    assert referenced and referenced <= captions


def test_html_is_accessible_in_structure(built: Path) -> None:
    html = (built / "report.html").read_text()
    assert '<html lang="en">' in html
    assert 'class="skip-link" href="#main"' in html
    assert "<main id=\"main\">" in html
    levels = [int(h) for h in re.findall(r"<h([1-6])\b", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert all('alt="' in img and 'alt=""' not in img for img in re.findall(r"<img [^>]*>", html))
    assert 'href="#stat-reports_2022"' in html  # bound numbers link to the register


def test_failed_build_leaves_the_last_good_output(fixture_project: Path) -> None:
    _build(fixture_project, formats=("html",))
    out = fixture_project / "build" / "2025"
    before = (out / "report.html").read_bytes()
    csv = fixture_project / "sources" / "datasets" / "hotline.csv"
    csv.write_text(csv.read_text().replace("3000", "lots"))
    with pytest.raises(GtaError) as exc:
        _build(fixture_project, formats=("html",))
    assert "hotline.csv:5" in str(exc.value)
    assert (out / "report.html").read_bytes() == before
    assert not list(out.parent.glob(".2025.staging-*"))


def test_noop_rebuild_renders_nothing(fixture_project: Path) -> None:
    _build(fixture_project, formats=("html",))
    again = _build(fixture_project, formats=("html",))
    assert again.rebuilt == []


def test_editing_one_chart_spec_rerenders_that_chart_only(fixture_project: Path) -> None:
    _build(fixture_project, formats=("html",))
    spec = fixture_project / "figures" / "fixture-reports.yaml"
    spec.write_text(spec.read_text().replace("Hotline reports", "Reports to the hotline"))
    report = _build(fixture_project, formats=("html",))
    assert report.rebuilt[0] == "1 charts"
    assert "html" in report.rebuilt


@pytest.mark.parametrize("path, change, charts", [
    ("sources/editions/2025/chapters/trends.md", ("### Reports", "### Reports received"), 0),
    ("sources/datasets/hotline.csv", ("2021,2400,9000", "2021,2401,9000"), 1),  # the report's one hotline chart
])
def test_each_kind_of_input_rebuilds_what_depends_on_it(fixture_project: Path, path: str,
                                                        change: tuple[str, str], charts: int) -> None:
    _build(fixture_project, formats=("html",))
    f = fixture_project / path
    f.write_text(f.read_text().replace(*change))
    report = _build(fixture_project, formats=("html",))
    assert ("html" in report.rebuilt)
    assert sum(int(r.split()[0]) for r in report.rebuilt if r.endswith("charts")) == charts


def test_two_builds_at_once_are_refused(fixture_project: Path) -> None:
    with build_lock(fixture_project / "build"):
        with pytest.raises(GtaError, match="another build is running"):
            _build(fixture_project, formats=("html",))


def test_same_inputs_give_the_same_bytes(tmp_path: Path, fixture_project: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    a = build_edition(fixture_project, 2025, out_root=tmp_path / "a").out_dir
    b = build_edition(fixture_project, 2025, out_root=tmp_path / "b").out_dir
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.suffix in
                   (".html", ".svg", ".csv", ".json", ".pdf", ".xlsx"))
    assert names
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_threads_share_one_lock(fixture_project: Path) -> None:
    errors: list[str] = []

    def run() -> None:
        try:
            _build(fixture_project, formats=("html",))
        except GtaError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (fixture_project / "build" / "2025" / "report.html").exists()
    assert all("another build is running" in e for e in errors)
    assert os.path.exists(fixture_project / "build" / "2025" / ".stamps.json")


def test_languages_built_in_parallel_give_the_bytes_built_one_by_one(tmp_path: Path, fixture_project: Path,
                                                                      monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = build_languages(fixture_project, 2025, ["en", "fr"], jobs=1, out_root=tmp_path / "one")
    two = build_languages(fixture_project, 2025, ["en", "fr"], jobs=2, out_root=tmp_path / "two")
    assert [r.lang for r in two] == ["en", "fr"] and all(r.pages for r in two)
    a, b = tmp_path / "one", tmp_path / "two"
    names = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and p.suffix in
                   (".html", ".svg", ".csv", ".json", ".pdf", ".xlsx"))
    assert any(n.parts[:2] == ("2025", "fr") for n in names) and one[1].out_dir == a / "2025" / "fr"
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert not [p.name for p in b.iterdir() if p.name.startswith(".2025")]  # no staging left behind


def test_a_language_failing_in_parallel_leaves_every_language_as_it_was(fixture_project: Path) -> None:
    build_languages(fixture_project, 2025, ["en", "fr"], jobs=2)
    out = fixture_project / "build" / "2025"
    before = {p: p.read_bytes() for p in (out / "report.pdf", out / "fr" / "report.pdf")}
    (fixture_project / "sources/editions/2025/chapters/intro.md").write_text(
        (fixture_project / "sources/editions/2025/chapters/intro.md").read_text() + "\nAn added line.\n")
    fr = fixture_project / "sources/editions/2025/chapters/fr/trends.md"
    fr.write_text(fr.read_text().replace("### Signalements", "### Signalements 𓀀"))
    with pytest.raises(GtaError) as exc:
        build_languages(fixture_project, 2025, ["en", "fr"], jobs=2)
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in str(exc.value)  # the worker's problem, located, not a traceback
    assert {p: p.read_bytes() for p in before} == before
    assert not [p.name for p in (fixture_project / "build").iterdir() if ".staging-" in p.name]


def test_a_build_without_the_chart_pack_writes_the_report_and_a_full_build_completes_it(fixture_project: Path) -> None:
    out = fixture_project / "build" / "2025"
    report = build_languages(fixture_project, 2025, ["en"], chart_pack=False)[0]
    assert (out / "report.pdf").is_file() and report.pages
    assert not (out / "charts" / "index.html").exists() and not list(out.glob("charts/*/*-slide.png"))
    full = build_languages(fixture_project, 2025, ["en"])[0]
    assert full.rebuilt and (out / "charts" / "index.html").is_file() and list(out.glob("charts/*/*-slide.png"))


def test_a_noop_rebuild_imports_neither_the_loader_nor_the_libraries(fixture_project: Path) -> None:
    """The no-op rebuild stays well under 0.2 s because it only hashes: no pydantic, pandas or WeasyPrint."""
    import subprocess
    import sys

    _build(fixture_project, formats=("html",))
    code = ("import sys; from gta.build import build_edition; from pathlib import Path; "
            f"r = build_edition(Path({str(fixture_project)!r}), 2025, formats=('html',)); "
            "print(r.rebuilt, sorted(m for m in ('pydantic', 'pandas', 'weasyprint', 'matplotlib', 'gta.load') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] []", out
