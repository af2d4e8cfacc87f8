"""The theme file, chapter boxes, and how notes, URLs and pages are set (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gta.boxes import BOX_KINDS, label_boxes
from gta.errors import GtaError, Problems
from gta.pdf import defer_figures, page_labels, roman, underfilled_figures
from gta.plan import Placement
from gta.theme import read_theme, theme_css
from gta.writers.notes import CiteGroup, group_citations, note_mark, url_html

# --- the theme -----------------------------------------------------------------------------------------


def test_a_project_without_a_theme_gets_the_builders_default(tmp_path: Path) -> None:
    problems = Problems()
    theme = read_theme(tmp_path, problems)
    assert not problems.items
    assert theme.colours.accent == "#5b2a86" and theme.fonts.sans == "Source Sans Pro"
    assert theme.cover.motif == "data"


def test_an_edition_keeps_its_own_colours(tmp_path: Path) -> None:
    (tmp_path / "theme.yaml").write_text('colours: {accent: "#112233"}\neditions:\n  2019:\n'
                                         '    colours: {accent: "#445566"}\n', encoding="utf-8")
    theme = read_theme(tmp_path, Problems())
    assert theme.colours.accent == "#112233"
    assert theme.for_edition(2019).colours.accent == "#445566"
    assert theme.for_edition(2021).colours.accent == "#112233"
    css = theme_css(theme.for_edition(2019))
    assert "--accent: #445566;" in css and "@page cover { background:" in css


@pytest.mark.parametrize(("text", "message"), [
    ('colours: {accent: "purple"}\n', "a colour is written #rrggbb"),
    ('logo: ../outside.svg\n', "is not a"),
    ('logo: notes.txt\n', "is not a"),
    ('cover: {series: "no-dot"}\n', "is not '<dataset>.<series>'"),
    ('editions:\n  2019:\n    colours: {accnt: "#000000"}\n', "unknown colour 'accnt'"),
])
def test_a_bad_theme_is_a_located_problem(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "theme.yaml").write_text(text, encoding="utf-8")
    problems = Problems()
    read_theme(tmp_path, problems)
    assert problems.errors, text
    assert any(message in p.message for p in problems.errors), [p.message for p in problems.errors]
    assert all(str(p.path).endswith("theme.yaml") for p in problems.errors)


def test_a_project_theme_brands_the_built_report(fixture_project: Path) -> None:
    from gta.build import build_edition

    (fixture_project / "theme").mkdir()
    (fixture_project / "theme" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" '
                                                        'height="10"/>', encoding="utf-8")
    (fixture_project / "theme.yaml").write_text('name: Brand\ncolours: {accent: "#123456", accent_dark: "#010203"}\n'
                                                'logo: theme/logo.svg\ncover: {motif: none}\n'
                                                'contact: {website: "https://example.org/"}\n', encoding="utf-8")
    out = build_edition(fixture_project, 2025, formats=("html",)).out_dir
    css = (out / "assets" / "theme.css").read_text(encoding="utf-8")
    assert "--accent: #123456;" in css and "background: #010203" in css
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'src="assets/theme/logo.svg"' in page and (out / "assets" / "theme" / "logo.svg").is_file()
    assert 'class="motif"' not in page
    assert ">example.org</a>" in page  # the back cover's contact


# --- boxes ------------------------------------------------------------------------------------------------

def _render(body: str) -> str:
    from gta.chapters import Placeholders, chapter_environment, render_chapter_markdown
    from gta.model import ChapterMeta
    from gta.sources import Chapter

    chapter = Chapter("c", Path("c.md"), ChapterMeta(title="C"), body, 4)
    return render_chapter_markdown(chapter, chapter_environment(), {}, Placeholders(), lambda url: False)


def test_boxes_are_markdown_containers_with_a_label_in_the_editions_language() -> None:
    html = _render("::: case-study When counting changed\nText with **bold**.\n:::\n\n"
                   "::: pull-quote A speaker\nQuoted words.\n:::\n")
    assert '<aside class="box box-case-study"><p class="box-kind">case-study</p>' in html
    assert '<p class="box-title">When counting changed</p>' in html and "<strong>bold</strong>" in html
    assert '<figure class="pull-quote"><blockquote>' in html and "<figcaption>A speaker</figcaption></figure>" in html
    french = {"Case study": "Étude de cas"}
    assert '<p class="box-kind">Étude de cas</p>' in label_boxes(html, lambda m: french.get(m, m))
    assert set(BOX_KINDS) == {"case-study", "in-focus", "key-finding", "pull-quote"}


def test_raw_html_cannot_borrow_the_reports_classes() -> None:
    html = _render('<aside class="cover opener">x</aside>\n\n<p class="chapter-title">y</p>\n')
    assert "cover" not in html and "opener" not in html and "chapter-title" not in html


# --- notes and URLs ------------------------------------------------------------------------------------------

def test_citations_side_by_side_become_one_group() -> None:
    cites = [Placement("cite", "a", occurrence=2), Placement("cite", "b", occurrence=3), Placement("stat", "s")]
    text, items = group_citations("totals,P0XP1X and P2X", "P", cites)
    assert text == "totals,P3X and P2X"
    assert isinstance(items[3], CiteGroup) and [c.id for c in items[3].cites] == ["a", "b"]


def test_consecutive_reference_numbers_make_a_range_from_three() -> None:
    def group(*numbers: int) -> list[tuple[int, int]]:
        g = CiteGroup(tuple(Placement("cite", f"r{n}", occurrence=n) for n in numbers))
        return [(a.occurrence, b.occurrence) for a, b in g.runs()]

    assert group(2, 3) == [(2, 2), (3, 3)]  # "[2, 3]"
    assert group(4, 2, 3) == [(2, 4)]  # "[2–4]"
    assert group(1, 3, 4, 5, 9) == [(1, 1), (3, 5), (9, 9)]


def test_notes_are_lettered() -> None:
    assert [note_mark(i) for i in (0, 1, 25, 26)] == ["a", "b", "z", "aa"]


def test_a_url_breaks_only_after_a_slash_or_a_dot() -> None:
    html = url_html("https://www.example.org/a-long-path/file_name.pdf?x=1&y=2")
    pieces = html.removeprefix('<span class="url">').removesuffix("</span>").split("<wbr>")
    assert [p.removeprefix("<span>").removesuffix("</span>") for p in pieces] == \
        ["https://", "www.", "example.", "org/", "a-long-path/", "file_name.", "pdf?x=1&amp;y=2"]
    long = url_html("https://example.org/Secretary-General-More-specialist-units-needed/x")
    assert "<span>Secretary-</span><wbr><span>General-</span>" in long  # too long for a line otherwise


# --- pages ---------------------------------------------------------------------------------------------------

def test_page_labels_are_roman_before_the_body_and_arabic_from_it() -> None:
    assert page_labels(6, 3) == ["i", "ii", "iii", "1", "2", "3"]
    assert page_labels(2, 0) == ["1", "2"]
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 400)] == ["i", "iv", "ix", "xiv", "xl", "xc", "cd"]


def test_a_figure_that_would_leave_a_page_empty_moves_after_the_next_paragraph() -> None:
    from gta.pdf import PageLayout

    pages = [PageLayout(0.3, None, "ch-a", "ch-a", False), PageLayout(0.9, "fig-x", "ch-a", "ch-a", False),
             PageLayout(0.2, None, "ch-a", "ch-a", False), PageLayout(1.0, "fig-y", "ch-b", "ch-b", False)]
    assert underfilled_figures(pages) == ["fig-x"]  # fig-y opens another chapter's page
    html = ('<p>one</p>\n<figure class="chart" id="fig-x"><img src="x" alt="x"></figure>\n<p>two</p>\n'
            '<h3>next</h3>')
    moved = defer_figures(html, ["fig-x"])
    assert moved.split() == ('<p>one</p> <p>two</p> <figure class="chart" id="fig-x"><img src="x" alt="x"></figure> '
                             '<h3>next</h3>').split()
    stays = '<figure class="chart" id="fig-x"><img src="x" alt="x"></figure>\n<h3>next</h3>'
    assert defer_figures(stays, ["fig-x"]) == stays


def test_the_fixture_pdf_carries_page_labels(fixture_project: Path) -> None:
    from pypdf import PdfReader

    from gta.build import build_edition

    out = build_edition(fixture_project, 2025).out_dir
    reader = PdfReader(str(out / "report.pdf"))
    labels = reader.page_labels
    assert labels[0] == "i" and labels[-1].isdigit()
    for label, page in zip(labels, reader.pages, strict=True):
        lines = [ln.strip() for ln in page.extract_text().strip().splitlines() if ln.strip()]
        if lines and (lines[-1].isdigit() or set(lines[-1]) <= set("ivxlc")):
            assert lines[-1] == label


def test_an_unknown_key_figure_is_a_located_problem(in_fixture_project: Path) -> None:
    from gta.load import load_project
    from gta.plan import compute_edition

    chapter = in_fixture_project / "sources" / "editions" / "2025" / "chapters" / "trends.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text.replace("---\n", "---\nkey_figure: no_such_stat\n", 1), encoding="utf-8")
    with pytest.raises(GtaError) as err:
        compute_edition(load_project(in_fixture_project), 2025)
    problem = next(p for p in err.value.problems if "key figure" in p.message)
    assert str(problem.path).endswith("trends.md") and problem.line == 2


def test_a_figure_that_does_not_fit_is_laid_out_after_the_text_that_follows(tmp_path: Path) -> None:
    from gta.pdf import page_layout, write_pdf

    words = " ".join(["Reports measure what is detected and reported."] * 20)
    html = (f'<html lang="en"><head><title>t</title><style>@page {{ size: A4; margin: 20mm }} '
            f'figure {{ break-inside: avoid; margin: 0 }}</style></head><body>'
            f'<section id="ch-a"><p>{words}</p>'
            f'<figure class="chart" id="fig-x"><div style="height: 200mm; background: #ccc"></div></figure>\n'
            f'<p>{words}</p>\n<p>{words}</p></section></body></html>')
    result = write_pdf(html, tmp_path, [tmp_path], source_date_epoch=0)
    assert result.deferred == ["fig-x"]
    from weasyprint import HTML

    before = page_layout(HTML(string=html).render())
    assert before[0].fill < 0.4 and before[1].first_figure == "fig-x"  # what would have happened
    assert result.anchors["fig-x"] == "2" and result.labels == ["1", "2", "3"][:result.pages]
