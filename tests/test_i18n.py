"""Translated editions: locale formatting, catalogues, chapter fallback and staleness, fonts, `gta translations`.

Fast checks on small inputs; one end-to-end French build of the fixture project is in test_i18n_build.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gta.cli import main
from gta.errors import GtaError, Problems
from gta.formatting import format_date, format_number, localise_digits
from gta.i18n import LANGUAGES
from gta.i18n.catalog import message_status, translations_for
from gta.i18n.chapters import check_same_references, resolve_chapters, source_hash
from gta.load import load_project

NNBSP, NBSP = "\u202f", "\u00a0"

# --- numbers and dates, one table per language -------------------------------------------------


@pytest.mark.parametrize(("lang", "value", "style", "kwargs", "text"), [
    # French: comma decimals, narrow no-break spaces between thousands, a no-break space before %
    ("fr", 36_210_368, "words", {}, "36,2 millions"),
    ("fr", 1_234_567, "full", {}, f"1{NNBSP}234{NNBSP}567"),
    ("fr", 0.887, "percent", {}, f"88,7{NBSP}%"),
    ("fr", 300, "full", {"qualifier": "almost"}, "près de 300"),
    ("fr", 29_200_000, "words", {"qualifier": "about"}, "environ 29,2 millions"),
    ("fr", 1.13, "increase", {}, f"une hausse de 113{NBSP}%"),
    # Spanish
    ("es", 36_210_368, "words", {}, "36,2 millones"),
    ("es", 0.887, "percent", {}, f"88,7{NBSP}%"),
    ("es", 100, "full", {"qualifier": "more than"}, "más de 100"),
    ("es", 99_206, "rate", {"per": "day"}, "99.206 al día"),
    # Portuguese
    ("pt", 36_210_368, "words", {}, "36,2 milhões"),
    ("pt", 0.887, "percent", {}, "88,7%"),
    ("pt", 300, "full", {"qualifier": "almost"}, "quase 300"),
    ("pt", -0.434, "rise", {}, "diminuiu 43,4%"),
    # Arabic: the digits 0-9 unless the edition asks for Arabic-Indic ones
    ("ar", 36_210_368, "words", {}, "36.2 مليون"),
    ("ar", 100, "full", {"qualifier": "more than"}, "أكثر من 100"),
    ("ar", 36_210_368, "words", {"numbering": "arab"}, "٣٦٫٢ مليون"),
    ("ar", 0.887, "percent", {"numbering": "arab"}, "٨٨٫٧٪"),
    ("ar", 1_234_567, "full", {"numbering": "arab"}, "١٬٢٣٤٬٥٦٧"),
    ("ar", 2023, "year", {"numbering": "arab"}, "٢٠٢٣"),
    # Chinese: ten-thousands (万), qualifiers before the number without a space
    ("zh", 36_210_368, "words", {}, "3620万"),
    ("zh", 29_200_000, "words", {"qualifier": "about"}, "约2920万"),
    ("zh", 105_653_338, "words", {}, "1.057亿"),  # the English precision (105.7 million), never "1.1亿"
    ("zh", 1_234_567_890, "words", {}, "12亿"),  # 1.2 billion
    ("zh", 1.13, "increase", {}, "增长113%"),
    ("zh", 350, "full", {"qualifier": "at least"}, "350+"),
])
def test_numbers_are_formatted_for_each_language(lang: str, value: float, style: str, kwargs: dict,
                                                 text: str) -> None:
    assert format_number(value, style, locale=lang, **kwargs) == text


def test_english_numbers_are_unchanged_by_the_translation_work() -> None:
    assert format_number(36_210_368, "words") == "36.2 million"
    assert format_number(0.887, "percent") == "88.7%"
    assert format_number(2023, "year") == "2023"
    assert format_date("2025-12-11") == "11 December 2025"  # English dates as the Alliance writes them
    assert format_date("2025-12") == "December 2025"


@pytest.mark.parametrize(("lang", "numbering", "text"), [
    ("fr", None, "11 décembre 2025"), ("es", None, "11 de diciembre de 2025"), ("pt", None, "11 de dezembro de 2025"),
    ("ar", None, "11 ديسمبر 2025"), ("ar", "arab", "١١ ديسمبر ٢٠٢٥"), ("zh", None, "2025年12月11日"),
])
def test_dates_are_formatted_for_each_language(lang: str, numbering: str | None, text: str) -> None:
    assert format_date("2025-12-11", lang, numbering) == text


def test_arabic_indic_digits_only_when_asked() -> None:
    assert localise_digits("Figure 12", None) == "Figure 12"
    assert localise_digits("12", "latn") == "12"
    assert localise_digits("12", "arab") == "١٢"


# --- catalogues ---------------------------------------------------------------------------------


def test_every_shipped_language_translates_every_template_string(shipped_project) -> None:
    from gta.i18n.catalog import load_catalog
    from gta.translations import extract_template

    template = extract_template(shipped_project)
    for lang in LANGUAGES:
        if lang == "en":
            continue
        status = message_status(template, load_catalog(shipped_project.root, lang))
        assert status.total > 90 and not status.missing and not status.fuzzy, (lang, status.missing[:5])


def test_a_translation_that_loses_a_placeholder_is_refused_with_its_line(tmp_path: Path) -> None:
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "gta.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#, python-format\nmsgid "Figure %(n)s."\nmsgstr "Figure %(m)s."\n', encoding="utf-8")
    with pytest.raises(GtaError) as exc:
        translations_for(tmp_path, "fr")
    assert "gta.po:6" in str(exc.value) and "Figure %(n)s." in str(exc.value)


def test_a_percent_sign_in_words_from_the_sources_is_not_a_placeholder(tmp_path: Path) -> None:
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "gta.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#, python-format\nmsgctxt "evidence"\nmsgid "Each with a 95% confidence interval."\n'
                  'msgstr "Chacune avec un intervalle de confiance à 95 %."\n', encoding="utf-8")
    assert translations_for(tmp_path, "fr").pgettext("evidence", "Each with a 95% confidence interval.") \
        .startswith("Chacune")


def test_english_translates_nothing_and_a_language_without_catalogue_falls_back(tmp_path: Path) -> None:
    assert translations_for(tmp_path, "en").gettext("Contents") == "Contents"
    assert translations_for(tmp_path, "fr").gettext("Contents") == "Sommaire"  # no locales/: the builder's own
    (tmp_path / "locales").mkdir()
    assert translations_for(tmp_path, "fr").gettext("Contents") == "Contents"  # its own, without fr: English


def test_the_catalogue_is_compiled_in_memory(shipped_project) -> None:
    fr = translations_for(shipped_project.root, "fr")
    assert fr.gettext("Contents") == "Sommaire"
    assert fr.gettext("Figure %(n)s.") % {"n": 3} == "Figure 3."
    assert not list(shipped_project.root.joinpath("locales").rglob("*.mo"))


# --- chapters: fallback, staleness, same references ---------------------------------------------


@pytest.fixture
def project(fixture_project: Path):
    return fixture_project


def _versions(root: Path, lang: str = "fr") -> dict[str, object]:
    edition = load_project(root).editions[2025]
    problems = Problems()
    versions = {v.id: v for v in resolve_chapters(edition, lang, problems)}
    assert not problems.errors, problems.errors
    return versions


def test_a_current_translation_is_used_and_a_missing_one_falls_back(project: Path) -> None:
    versions = _versions(project)
    assert versions["trends"].status == "translated"
    assert versions["trends"].chapter.meta.title == "Tendances"
    assert versions["intro"].status == "missing" and versions["intro"].chapter.path.parent.name == "chapters"


def test_a_translation_goes_stale_when_the_english_changes(project: Path) -> None:
    english = project / "sources/editions/2025/chapters/trends.md"
    english.write_text(english.read_text().replace("### Reports", "### Reports received"))
    version = _versions(project)["trends"]
    assert version.status == "stale"
    assert version.current_hash == source_hash(english) != version.recorded_hash
    assert version.chapter.path == english  # the English text is shown, with a notice


def test_a_translation_must_name_what_the_english_names(project: Path) -> None:
    from gta.chapters import chapter_environment, find_calls

    fr = project / "sources/editions/2025/chapters/fr/trends.md"
    fr.write_text(fr.read_text().replace('{{ stat("per_day_2022") }}', '{{ stat("reports_2022") }}'))
    version = _versions(project)["trends"]
    env = chapter_environment()
    problems = Problems()
    check_same_references(version, find_calls(version.english, env), find_calls(version.chapter, env), problems)
    messages = [str(p) for p in problems.items]
    assert any("fr/trends.md:8" in m and 'stat("reports_2022") is not in the English chapter' in m for m in messages)
    assert any('stat("per_day_2022") of the English chapter (line 7) is missing' in m for m in messages)


def test_a_bad_source_hash_is_a_located_error(project: Path) -> None:
    fr = project / "sources/editions/2025/chapters/fr/trends.md"
    fr.write_text(fr.read_text().replace("source_hash: ", "source_hash: x"))
    with pytest.raises(GtaError) as exc:
        load_project(project)
    assert any("fr/trends.md" in str(p) and "source_hash" in p.message for p in exc.value.problems)


# --- fonts --------------------------------------------------------------------------------------


def test_a_character_no_font_has_is_an_error_naming_it_and_the_fonts() -> None:
    from gta.fonts import check_glyphs, latin_fonts

    with pytest.raises(GtaError) as exc:
        check_glyphs("<p>Reports rose 𓀀 again</p>", "fr", "build/2025/fr/report.html", fonts=latin_fonts())
    message = str(exc.value)
    assert "'𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001)" in message
    assert "'Source Serif Pro'" in message and "'Source Sans Pro'" in message
    assert message.startswith("build/2025/fr/report.html")


def test_invisible_characters_and_scripts_need_no_glyph() -> None:
    from gta.fonts import check_glyphs, latin_fonts

    check_glyphs("<p>a\u200fb\u00adc\u2068d</p><script>𓀀</script>", "en", "x", fonts=latin_fonts())


@pytest.mark.parametrize(("lang", "sample"), [("ar", "التقييم العالمي للتهديدات 2025، 36.2 مليون (NCMEC)"),
                                             ("zh", "2025年全球威胁评估：3620万份举报（NCMEC）")])
def test_arabic_and_chinese_fonts_cover_their_sample_text(lang: str, sample: str) -> None:
    from gta.fonts import check_glyphs, language_fonts

    try:
        fonts = language_fonts(lang)
    except GtaError as exc:  # fonts-noto-core / fonts-noto-cjk not installed: the message says how
        assert "apt-get install fonts-noto" in str(exc)
        pytest.skip(str(exc))
    check_glyphs(f"<p>{sample}</p>", lang, "x", fonts=fonts)
    with pytest.raises(GtaError, match="U\\+5A01"):  # a Chinese character is not in the Arabic stack
        check_glyphs("<p>威</p>", "ar", "x", fonts=language_fonts("ar"))


# --- gta translations ---------------------------------------------------------------------------


def test_gta_translations_reports_translated_missing_and_stale(project: Path, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["translations", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "chapters         1/3 translated, 0 stale, 2 missing" in result.output
    assert "missing  intro: create chapters/fr/intro.md with source_hash: " in result.output
    assert "template strings" in result.output and "0 missing" in result.output
    english = project / "sources/editions/2025/chapters/trends.md"
    english.write_text(english.read_text() + "\nOne more sentence.\n")
    result = CliRunner().invoke(main, ["translations", "--lang", "fr", "--strict"])
    assert result.exit_code == 1
    assert "0/3 translated, 1 stale, 2 missing" in result.output
    assert "stale    trends: translated from 4f4700d3ec59…" in result.output


def test_gta_translations_refuses_an_unknown_language(project: Path, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["translations", "--lang", "de"])
    assert result.exit_code == 2 and "unknown language de" in result.output


def test_build_refuses_an_unknown_language(project: Path, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--lang", "klingon", "--format", "html"])
    assert result.exit_code == 2 and "unknown language klingon" in result.output


def test_the_shipped_edition_declares_five_translations(shipped_project) -> None:
    from gta.i18n.editions import declared_languages

    assert declared_languages(shipped_project.root, 2025) == ["en", "fr", "es", "pt", "ar", "zh"]


def test_chart_translations_of_the_shipped_specs_are_valid(shipped_project) -> None:
    from gta.translations import _charts

    for lang in ("fr", "es", "pt", "ar", "zh"):
        missing, _where = _charts(shipped_project, lang)
        assert not any(missing.values()), (lang, missing)


def test_the_fixture_copy_is_independent(project: Path) -> None:
    # NOTE: guards the fixtures above: they edit a copy, never tests/fixtures/project.
    assert "tests/fixtures" not in str(project)
    shutil.rmtree(project / "sources/editions/2025/chapters/fr")
    assert _versions(project)["trends"].status == "missing"


# --- recommendations ----------------------------------------------------------------------------


def _translate_first_recommendation(project: Path, block: str) -> None:
    path = project / "sources/editions/2025/recommendations.yaml"
    path.write_text(path.read_text().replace("    continuity: new\n", "    continuity: new\n" + block, 1))


def test_recommendations_carry_their_words_in_each_language(project: Path) -> None:
    from gta.plan import compute_edition, edition_localisation
    from gta.recommendations_view import localise_recommendations

    _translate_first_recommendation(project, "    translations:\n      fr: {title: Gouverner et légiférer, "
                                             "text: Mettre en place un contrôle national.}\n")
    loaded = load_project(project)
    recs = compute_edition(loaded, 2025).recommendations
    french = localise_recommendations(recs, edition_localisation(loaded, 2025, "fr"))
    assert (french[0].title, french[0].text) == ("Gouverner et légiférer", "Mettre en place un contrôle national.")
    assert french[1].title == recs[1].title == "Support the hotline"  # not translated: English
    assert recs[0].title == "Govern and legislate"


def test_a_recommendation_translation_in_an_unknown_language_is_a_located_error(project: Path) -> None:
    _translate_first_recommendation(project, "    translations:\n      de: {title: Regieren}\n")
    with pytest.raises(GtaError) as exc:
        load_project(project)
    assert "recommendations.yaml:" in str(exc.value) and "unknown language 'de'" in str(exc.value)


def test_a_translated_chapter_has_its_own_standfirst_and_keeps_the_english_settings(project: Path) -> None:
    fr = project / "sources/editions/2025/chapters/fr/trends.md"
    fr.write_text(fr.read_text().replace("title: Tendances", "title: Tendances\nstandfirst: Ce que montrent les "
                                         "signalements.\nkind: chapter"))
    version = _versions(project)["trends"]
    assert version.chapter.meta.standfirst == "Ce que montrent les signalements."
    fr.write_text(fr.read_text().replace("kind: chapter", "kind: back"))
    with pytest.raises(GtaError) as exc:
        load_project(project)
    assert any("fr/trends.md:4" in str(p) and "kind 'back' differs" in str(p) for p in exc.value.problems)


# --- punctuation in one place (issue 18) ------------------------------------------------------------------

def test_french_spacing_is_applied_to_every_message_and_join() -> None:
    import gettext

    from gta.i18n.localisation import localisation

    fr = localisation("fr", gettext.NullTranslations(), None)
    assert fr.gettext("Source: NCMEC; IWF") == "Source\u00a0: NCMEC\u202f; IWF"
    assert fr.format("Source: %(s)s", s="IWF") == "Source\u00a0: IWF"
    assert fr.gettext("Source\u00a0: IWF") == "Source\u00a0: IWF"  # already right: unchanged
    assert fr.join(["NCMEC (2024)", "IWF (2025)"]) == "NCMEC (2024)\u202f; IWF (2025)"
    assert fr.quote("Prévention") == "«\u202fPrévention\u202f»"
    # addresses, times and ratios keep their colons
    assert fr.gettext("see https://example.org/a?b=c at 10:30") == "see https://example.org/a?b=c at 10:30"


def test_other_languages_keep_their_own_punctuation() -> None:
    import gettext

    from gta.i18n.localisation import ENGLISH, localisation

    assert ENGLISH.gettext("Source: NCMEC; IWF") == "Source: NCMEC; IWF"
    assert ENGLISH.join(["a", "b"]) == "a; b" and ENGLISH.quote("x") == "“x”"
    zh = localisation("zh", gettext.NullTranslations(), None)
    assert zh.join(["NCMEC (2024)", "IWF (2025)"]) == "NCMEC (2024)；IWF (2025)"
    ar = localisation("ar", gettext.NullTranslations(), None)
    assert ar.join(["a", "b"]) == "a؛ b" and ar.quote("x") == "«x»"


def test_a_derivation_joins_its_items_in_the_language() -> None:
    import gettext

    from gta.derivations import Num, Seq, derive
    from gta.i18n.localisation import ENGLISH, localisation

    d = derive("top %(n)s: %(items)s", n=Num(2), items=Seq((Num(291273), Num(1000.5, 1))))
    assert d.render(ENGLISH) == "top 2: 291,273; 1,000.5"
    fr = localisation("fr", gettext.NullTranslations(), None)
    assert d.render(fr) == "top 2\u00a0: 291\u202f273\u202f; 1\u202f000,5"


def test_gta_translations_counts_every_kind_and_says_where_with_file_and_line(project: Path, monkeypatch) -> None:
    """Generated sentences, the heatmap and recommendations are counted, and each gap named at its line."""
    import shutil

    from tests.conftest import REPO_ROOT

    shutil.copytree(REPO_ROOT / "locales", project / "locales")
    po = project / "locales/fr/LC_MESSAGES/gta.po"
    lines = po.read_text().splitlines()
    at = lines.index('msgid "Recommendations mapped to the %(framework)s"') + 1  # 1-based line of the msgid
    assert lines[at].startswith("msgstr ")
    lines[at] = 'msgstr ""'  # the heatmap's title, a sentence the builder writes, no longer translated
    po.write_text("\n".join(lines) + "\n")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["translations", "--lang", "fr", "--verbose"])
    assert result.exit_code == 0, result.output
    out = result.output
    for kind in ("template strings", "generated sentences", "statistic labels and caveats", "framework names",
                 "charts ", "heatmap ", "recommendations "):
        assert kind in out, kind
    assert re.search(r"generated sentences\s+\d+/\d+ translated, [1-9]", out)
    assert f"missing locales/fr/LC_MESSAGES/gta.po:{at}  “Recommendations mapped to the %(framework)s”" in out
    assert re.search(r"heatmap\s+\d+/\d+ labels and sentences translated", out)
    # the fixture's recommendations have no French: each is named at its line in the file
    assert re.search(r"missing sources/editions/2025/recommendations\.yaml:5  fx-govern: title, text", out)


def test_numbers_without_letters_read_left_to_right_in_arabic() -> None:
    from gta.writers.html import isolated

    assert isolated("+113%", "rtl") == "\u2066+113%\u2069"
    assert isolated("36.2 مليون", "rtl") == "36.2 مليون"  # Arabic words: the number reads on in Arabic order
    assert isolated("+113%", "ltr") == "+113%"


def test_a_recommendation_translated_into_chinese_does_not_need_chinese_fonts_in_english(project: Path) -> None:
    from gta.plan import prepare

    _translate_first_recommendation(project, "    translations:\n      zh: {title: 治理与立法, text: 建立国家监督。}\n")
    plan = prepare(load_project(project), 2025)  # the English plan checks only what English readers see
    assert plan.language == "en"
