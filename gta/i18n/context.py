"""Everything a translated build knows about its language, gathered and checked before anything is written."""

from __future__ import annotations

import gettext
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problems
from ..formatting import localise_digits
from ..sources import EditionSource
from . import EditionTexts, Language, get_language
from .catalog import RECOMMENDATIONS, STATISTIC, translations_for
from .chapters import ChapterVersion, check_translated_chapters, resolve_chapters
from .editions import load_languages

STYLESHEETS = {"ltr": ["assets/i18n.css"], "rtl": ["assets/i18n.css", "assets/rtl.css"]}


@dataclass
class Localisation:
    """One language of one edition: its catalogue, digits, edition texts and chapter versions."""

    language: Language
    translations: gettext.NullTranslations
    texts: EditionTexts
    chapters: list[ChapterVersion]
    numbering: str | None = None  # None: the digits 0-9

    @property
    def code(self) -> str:
        return self.language.code

    # --- words ---------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def statistic_label(self, st: Any) -> str:
        """A statistic's label in the language (the English label until the catalogue has it)."""
        return self.pgettext(STATISTIC, st.label)

    def recommendation_label(self, label: str) -> str:
        return self.pgettext(RECOMMENDATIONS, label)

    # --- numbers -------------------------------------------------------------------------
    def text(self, st: Any, style: str | None = None) -> str:
        return st.text(style, locale=self.code, numbering=self.numbering)

    def integer(self, n: int) -> str:
        return localise_digits(str(n), self.numbering)

    # --- the report ----------------------------------------------------------------------
    def edition_title(self, english: str) -> str:
        return self.texts.title or english

    def edition(self, meta: Any) -> Any:
        """The edition's metadata with its title, subtitle and notice in the language, where given."""
        update: dict[str, Any] = {"language": self.code}
        for key in ("title", "subtitle", "sample_notice"):
            if getattr(self.texts, key):
                update[key] = getattr(self.texts, key)
        return meta.model_copy(update=update)

    def register(self, rows: list[dict[str, Any]], stats: dict[str, Any]) -> list[dict[str, Any]]:
        """Register rows with labels, values and confidence in the language (derivations stay as computed)."""
        out = []
        for row in rows:
            st = stats[row["id"]]
            out.append(row | {"label": self.statistic_label(st), "text_as_shown": self.text(st)})
        return out

    def stylesheets(self) -> list[str]:
        return STYLESHEETS[self.language.direction]

    def chapter_attributes(self, chapter_id: str, fallback: ChapterVersion | None) -> dict[str, Any]:
        """For an English fallback: its language and direction, and the notice that says why."""
        if fallback is None:
            return {}
        if fallback.status == "stale":
            notice = self.gettext("The translation of this chapter is out of date: the English text changed after "
                                  "it was translated. The English text follows.")
        else:
            notice = self.gettext("This chapter has not yet been translated; the English text follows.")
        return {"text_lang": "en", "text_dir": "ltr", "notice": notice, "notice_lang": self.code,
                "notice_dir": self.language.direction, "status": fallback.status}

    def wrap(self, block: str) -> str:
        """A figure, table or recommendations block (in the edition's language) inside an English chapter."""
        return f'<div lang="{html.escape(self.code)}" dir="{self.language.direction}">{block}</div>'


def prepare_localisation(root: Path, edition: EditionSource, lang: str, english_calls: dict[str, list[Any]],
                         problems: Problems) -> Localisation:
    """Load and check one language of an edition; problems are recorded for the caller to raise together."""
    from ..errors import GtaError

    language = get_language(lang)
    texts = load_languages(edition, problems).get(lang, EditionTexts())
    try:
        translations = translations_for(root, lang)
    except GtaError as exc:
        problems.extend(exc.problems)
        translations = gettext.NullTranslations()
    versions = resolve_chapters(edition, lang, problems)
    check_translated_chapters(versions, english_calls, problems)
    numbering = texts.numbering or language.numbering
    return Localisation(language, translations, texts, versions, None if numbering == "latn" else numbering)
