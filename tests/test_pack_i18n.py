"""The chart pack in the edition's language: gallery, README, deck and workbook say every word in it."""

from __future__ import annotations

import gettext
import io
import re
import zipfile
from dataclasses import fields
from pathlib import Path

import pytest

from gta.charts import edition_citation, figure_credit, write_chart_pack
from gta.charts.words import SETTINGS, PackWords, pack_words
from gta.i18n import EditionTexts
from gta.i18n.localisation import localisation
from gta.load import load_project
from tests.conftest import FIXTURE_PROJECT
from tests.helpers import render_charts

MARK = "⟦"  # every translated message starts with it, so English left over shows


class Marked(gettext.NullTranslations):
    """A catalogue that "translates" every message by marking it."""

    def gettext(self, message: str) -> str:
        return MARK + message

    def pgettext(self, context: str, message: str) -> str:
        return MARK + message


@pytest.fixture(scope="module")
def arabic_pack(tmp_path_factory) -> tuple[Path, PackWords]:
    out = tmp_path_factory.mktemp("pack-ar")
    project = load_project(FIXTURE_PROJECT)
    loc = localisation("ar", Marked(), EditionTexts(title="تقييم"))
    citation = edition_citation(project.editions[2025].meta, "ar", title="تقييم 2025")
    outputs = render_charts(project, 2025, out, ["fixture-reports"], formats=("png",), sizes=("print", "slide"),
                            lang="ar", credits={"fixture-reports": figure_credit(citation, 1, "الشكل 1")})
    words = pack_words(loc, citation.published)
    write_chart_pack([outputs["fixture-reports"]], out, citation, words=words)
    return out, words


def test_pack_words_come_from_the_catalogue_with_the_language_and_direction() -> None:
    words = pack_words(localisation("ar", Marked(), None), "2025-06-01")
    assert (words.lang, words.dir) == ("ar", "rtl")
    assert words.published == "1 يونيو 2025"  # the edition's date as Arabic writes it
    assert all(getattr(words, f.name).startswith(MARK) for f in fields(PackWords) if f.name not in SETTINGS)
    assert words.families == ("Noto Sans Arabic",)
    english = pack_words(localisation("en", None, None), "2025-06-01")
    assert english == PackWords(published="", lang="en", dir="ltr")  # English is the messages themselves, ISO dates


def _visible(page: str) -> str:
    page = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_the_arabic_gallery_says_lang_and_dir_and_every_word_in_arabic(arabic_pack) -> None:
    out, _ = arabic_pack
    page = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="ar" dir="rtl">', page)
    assert 'lang="en"' not in page  # no part of the page claims to be English
    text = _visible(page)
    left = re.sub(MARK + r"[^⟦<]*", " ", text)  # what no message put there
    for english in ("Download every chart", "Alt text", "Citation, notes", "PNG for", "Data (CSV)", "Licence",
                    "charts", "Excel workbook", "Please cite", "Every figure"):
        assert english not in left, english
    assert "font-family: \"Source Sans Pro\", \"Noto Sans Arabic\"" in page


def test_the_arabic_readme_deck_and_workbook_use_the_pack_words(arabic_pack) -> None:
    from openpyxl import load_workbook
    from pptx import Presentation

    out, words = arabic_pack
    archive = next(out.glob("*.zip"))
    with zipfile.ZipFile(archive) as zf:
        readme = zf.read(next(n for n in zf.namelist() if n.endswith("README.txt"))).decode("utf-8")
    left = re.sub(MARK + r"[^\n]*", "", readme)  # a message and what fills it, to the end of its line
    for english in ("Licence:", "Cite as:", "Alt text:", "Files for each figure", "for documents:", "for slides:",
                    "Share and adapt", ": charts", "published"):
        assert english not in left, english
    assert MARK + "Alt text: " in readme and "1 يونيو 2025" in readme
    deck = Presentation(str(next(out.glob("*.pptx"))))
    cover = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert cover.startswith(MARK + "تقييم 2025: charts") and MARK + "Every chart with its source" in cover
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert MARK + "Alt text: " in notes and "\nAlt text:" not in notes
    assert deck.core_properties.subject == MARK + "Charts from the Global Threat Assessment"
    book = load_workbook(io.BytesIO(next(out.glob("*.xlsx")).read_bytes()))
    readme_sheet = book.worksheets[0]
    assert readme_sheet.title == (MARK + "README")[:31]
    cells = [str(c.value) for row in readme_sheet.iter_rows() for c in row if c.value]
    assert {MARK + "Sheet", MARK + "About", MARK + "Publication", MARK + "How to read"} <= set(cells)
    assert not any(c in ("Sheet", "About", "Publication", "Licence", "How to read") for c in cells)
    assert words.readme_sheet == MARK + "README"


def test_a_new_translation_alone_rewrites_the_pack(arabic_pack, tmp_path) -> None:
    from gta.charts.pack import pack_is_current

    out, words = arabic_pack
    assert pack_is_current(out, words)
    assert not pack_is_current(out, PackWords(lang="ar", dir="rtl"))


def test_the_french_report_tooltips_show_french_numbers(tmp_path: Path) -> None:
    """A translated chapter's statistics carry their derivation with the language's numbers in their tooltip."""
    import shutil

    from gta.build import build_edition

    project = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    html = (build_edition(project, 2025, lang="fr", formats=("html",)).out_dir / "report.html").read_text()
    trends = html.split('id="ch-trends"', 1)[1].split("</section>", 1)[0]
    titles = re.findall(r'<a class="stat"[^>]* title="([^"]+)"', trends)
    assert titles
    assert any(re.search(r"\d[\u202f\u00a0]\d{3}", t) for t in titles), titles  # "3 000", never "3,000"
    assert not any(re.search(r"\d,\d{3}\b", t) for t in titles), titles
