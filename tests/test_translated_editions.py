"""Acceptance (issue 18): no page of a translated 2025 PDF is English prose, the reference list aside.

The five translations of the shipped 2025 edition are built once per session (one
``build_languages`` call: the project is loaded and the edition computed once) into a temporary
folder; every page's text is read with pypdf and scored by :mod:`tests.prose`. Titles of cited
works stay as published, so they are taken out of a page's text before it is scored, and the
reference list (found by its heading in the language) is not scored at all. A failure names each
English page, says whether it belongs to a chapter that is not translated yet (its English title is
on the page) or comes from the builder's own words, and shows the start of the page.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import REPO_ROOT
from tests.prose import score

YEAR = 2025
LANGS = ("fr", "es", "pt", "ar", "zh")

ENGLISH_PAGE = """Reports to the United States National Center for Missing & Exploited Children reached 36.2 million
in 2023, and the Internet Watch Foundation confirmed 291,273 reports of child sexual abuse material in
2024. Reports measure what is detected and reported, not how much abuse takes place, and both
organisations have changed how they count over time. This report says so wherever it matters."""
FRENCH_PAGE = """Les signalements au National Center for Missing & Exploited Children (NCMEC) ont atteint 36,2 millions
en 2023, et l’Internet Watch Foundation a confirmé 291 273 signalements de matériel d’abus sexuels sur
enfants en 2024. Les signalements mesurent ce qui est détecté et signalé, et non l’ampleur des abus ;
les deux organisations ont changé leur façon de compter. Source : NCMEC ; IWF. Voir Into the Light
Index: executive summary (Childlight – Global Child Safety Institute)."""
CHINESE_PAGE = """2023年，向美国 National Center for Missing & Exploited Children (NCMEC) 提交的举报达到3620万份，
Internet Watch Foundation (IWF) 在2024年确认了291,273份儿童性虐待材料举报。举报衡量的是被发现和被举报的情况，
而不是虐待发生的多少；两个机构都曾改变计数方式。来源：NCMEC；IWF。"""


# --- the detector -----------------------------------------------------------------------------------------

def test_the_detector_finds_english_prose() -> None:
    s = score(ENGLISH_PAGE)
    assert s.english and s.share > 0.25, s


@pytest.mark.parametrize("text", [FRENCH_PAGE, CHINESE_PAGE], ids=["fr", "zh"])
def test_the_detector_passes_a_translated_page_with_names_and_titles(text: str) -> None:
    s = score(text)
    assert not s.english and s.share < 0.08, s


def test_a_translated_page_with_an_english_paragraph_is_still_english_enough_to_fail() -> None:
    """Half a page of English inside French (an untranslated chapter after its notice) is caught."""
    assert score(FRENCH_PAGE[:200] + "\n" + ENGLISH_PAGE + "\n" + ENGLISH_PAGE).english


def test_a_few_names_are_not_prose() -> None:
    assert not score("Source : Internet Watch Foundation ; National Center for Missing & Exploited Children").english


# --- the five built PDFs ----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def translated_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every translation of the shipped 2025 edition, built once in one call."""
    from gta.build import build_languages

    out_root = tmp_path_factory.mktemp("translations")
    t0 = time.perf_counter()
    # NOTE: the report alone: the chart pack (titled files, slides, gallery, deck) is not read here
    reports = build_languages(REPO_ROOT, YEAR, list(LANGS), formats=("html", "pdf"), out_root=out_root,
                              chart_pack=False)
    print(f"\nbuilt {', '.join(LANGS)} in {time.perf_counter() - t0:.0f}s")
    return {r.lang: r.out_dir / "report.pdf" for r in reports}


@pytest.fixture(scope="session")
def shipped_texts():
    """What may stay English on a translated page: the titles of cited works, and untranslated chapters' titles."""
    from gta.load import load_project

    project = load_project(REPO_ROOT)
    titles = {r.title for r in project.references.values()}
    titles |= {item.title for item in project.evidence.items}
    return project, sorted((t for t in titles if len(t) >= 12), key=len, reverse=True)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def _without_titles(text: str, titles: list[str]) -> str:
    text = _squash(text)
    for title in titles:
        text = text.replace(_squash(title), " ")
    return text


def _fallback_titles(project, lang: str) -> dict[str, str]:
    """English titles of the chapters shown in English in ``lang`` (missing or stale translations)."""
    return {c.english.meta.title: c.status for c in project.chapter_versions.get(YEAR, {}).get(lang, [])
            if c.status != "translated"}


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_a_translated_pdf_is_english(lang: str, translated_pdfs, shipped_texts) -> None:
    from gta.i18n.catalog import translations_for

    project, titles = shipped_texts
    references = translations_for(REPO_ROOT, lang).gettext("References")
    fallback = _fallback_titles(project, lang)
    english = []
    for number, page in enumerate(PdfReader(str(translated_pdfs[lang])).pages, 1):
        text = page.extract_text() or ""
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        if references in lines[:3]:
            continue  # the reference list: titles of cited works, as published
        s = score(_without_titles(text, titles))
        if not s.english:
            continue
        # NOTE: the running head (or a chapter opener, "2Children's experiences") names the page's chapter
        chapter = next((t for t in fallback if any(ln == t or ln.endswith(t) for ln in lines)), None)
        why = (f"chapter “{chapter}” is {fallback[chapter]} (shown in English)" if chapter
               else "English from the builder or the data")
        english.append(f"page {number}: {why}; {s.share:.0%} English function words ({', '.join(s.top)}): "
                       f"“{_squash(text)[:110]}…”")
    assert not english, f"{len(english)} English page(s) in the {lang} PDF:\n" + "\n".join(english)
