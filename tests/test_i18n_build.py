"""End to end: the fixture project built in French, checked through the HTML and the PDF's text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from gta.build import build_edition
from gta.errors import GtaError


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    import shutil

    from tests.conftest import FIXTURE_PROJECT

    project = tmp_path_factory.mktemp("fr") / "project"
    shutil.copytree(FIXTURE_PROJECT, project)
    report = build_edition(project, 2025, lang="fr")
    assert report.out_dir == project / "build" / "2025" / "fr"
    return report.out_dir


def test_a_translation_goes_beside_the_english_build(french: Path) -> None:
    for name in ("report.html", "report.pdf", "charts/fixture-reports/fixture-reports.svg", "charts/index.html",
                 "assets/i18n.css"):
        assert (french / name).is_file(), name
    assert not (french.parent / "report.html").exists()  # English was not built, nor touched


def test_the_french_pdf_speaks_french_with_french_numbers(french: Path) -> None:
    text = "\n".join(page.extract_text() for page in PdfReader(str(french / "report.pdf")).pages)
    squashed = re.sub(r"\s+", " ", text)
    assert "Sommaire" in text and "Annexe : registre des statistiques" in squashed
    assert "Tendances" in text  # the translated chapter's title
    assert "a augmenté de 200" in squashed  # stat("growth_2019_2022", style="rise"), in French
    assert "Figure 1" in text and "Tableau 1" in text
    assert "près de 120" in squashed  # the qualifier of the 2024 members row, translated
    # the intro chapter has no translation: English, introduced by the notice in French
    assert "Ce chapitre n’a pas encore été traduit" in squashed
    assert "The hotline received" in squashed


def test_the_french_html_marks_the_english_fallback(french: Path) -> None:
    html = (french / "report.html").read_text()
    assert '<html lang="fr">' in html
    assert re.search(r'<section [^>]*id="ch-intro"[^>]*lang="en" dir="ltr"', html)
    assert not re.search(r'<section [^>]*id="ch-trends"[^>]*lang="en"', html)
    assert 'class="translation-notice translation-missing" lang="fr"' in html
    assert '<link rel="stylesheet" href="assets/i18n.css">' in html


def test_the_french_chart_has_french_numbers_and_alt_text(french: Path) -> None:
    meta = json.loads((french / "charts/fixture-reports/fixture-reports.json").read_text())
    assert meta["source_line"] == "Source\u00a0: Example Hotline"
    assert meta["alt"].startswith("Graphique linéaire.")
    assert "3\u202f000" in meta["alt"]  # numbers formatted by the same formatter, for French


def test_a_character_no_font_has_fails_the_build_by_name(fixture_project: Path) -> None:
    fr = fixture_project / "sources/editions/2025/chapters/fr/trends.md"
    fr.write_text(fr.read_text().replace("### Signalements", "### Signalements 𓀀"))
    with pytest.raises(GtaError) as exc:
        build_edition(fixture_project, 2025, lang="fr")
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in str(exc.value)
    assert "'Source Serif Pro'" in str(exc.value)
    assert not (fixture_project / "build" / "2025" / "fr" / "report.pdf").exists()


def test_a_stale_translation_shows_the_english_with_a_notice(fixture_project: Path) -> None:
    english = fixture_project / "sources/editions/2025/chapters/trends.md"
    english.write_text(english.read_text().replace("### Reports", "### Reports received"))
    html = (build_edition(fixture_project, 2025, lang="fr", formats=("html",)).out_dir / "report.html").read_text()
    assert "Reports received" in html and "Tendances" not in html.split('id="ch-trends"', 1)[1]
    assert "La traduction de ce chapitre n’est plus à jour" in html
