"""One language of one edition: its catalogue, its digits, its edition texts — English included.

Every string a reader sees goes through a :class:`Localisation`. English is a language like any
other: its catalogue is the identity (the messages are written in English), so no code ever
branches on "no translation".
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..formatting import format_date, format_number, localise_digits
from . import LANGUAGES, SOURCE_LANGUAGE, EditionTexts, Language

STATISTIC = "statistic"  # msgctxt of statistic labels
SERIES = "series"  # msgctxt of dataset series labels
TABLE = "table"  # msgctxt of table titles and notes
RECOMMENDATIONS = "recommendations"  # msgctxt of audience, priority and relation labels
FRAMEWORK = "framework"  # msgctxt of framework names, domains and capabilities
EVIDENCE = "evidence"  # msgctxt of evidence kinds and qualities

# Lists follow British English in the source language ("a, b and c"), as the report always has.
_LIST_LOCALE = {"en": "en_GB"}

# --- punctuation: the one place where each language's rules live -----------------------------------
# What the builder writes between items it joins ("NCMEC (2024); IWF (2025)"), and its quotation marks.
_SEPARATORS = {"fr": "\u202f; ", "ar": "؛ ", "zh": "；"}
# How a sentence the builder completes ends, and what separates it from the next: Chinese "。" and no space.
_FULL_STOPS = {"zh": ("。", "")}
_QUOTES = {"fr": ("«\u202f", "\u202f»"), "es": ("«", "»"), "pt": ("«", "»"), "ar": ("«", "»")}
# French puts a no-break space before ":" and a narrow one before ";", "!" and "?" (and inside « »).
# Only where the mark ends a word and is followed by a space or the end: "https://" and "10:30" stay.
_FRENCH_SPACE = re.compile(r"(?<=[^\s\u00a0\u202f«])[ \u00a0\u202f]?([:;!?])(?=\s|$|»)")


def _french(text: str) -> str:
    text = _FRENCH_SPACE.sub(lambda m: ("\u00a0" if m.group(1) == ":" else "\u202f") + m.group(1), text)
    return re.sub(r"«[ \u00a0]?(?=\S)", "«\u202f", re.sub(r"(?<=\S)[ \u00a0]?»", "\u202f»", text))


_TYPOGRAPHY = {"fr": _french}

#: The edition's own words that ``languages.yaml`` translates (edition.yaml gives the English).
EDITION_TEXTS = ("title", "subtitle", "sample_notice", "research_partner")


@dataclass(frozen=True)
class Localisation:
    """How one language shows words and numbers. Immutable, so plans for several languages can share data."""

    language: Language
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations, compare=False)
    texts: EditionTexts = field(default_factory=EditionTexts, compare=False)
    numbering: str | None = None  # None: the digits 0-9; "arab": Arabic-Indic digits

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def direction(self) -> str:
        return self.language.direction

    @property
    def is_source(self) -> bool:
        """True for English, whose texts are the msgids (used only to choose file names and folders)."""
        return self.code == SOURCE_LANGUAGE

    # --- words -------------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        return self.typography(self.translations.gettext(message)) if message else message

    def pgettext(self, context: str, message: str) -> str:
        return self.typography(self.translations.pgettext(context, message)) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.typography(self.translations.ngettext(singular, plural, n))

    def format(self, message: str, **values: Any) -> str:
        """``message`` translated, with ``%(name)s`` placeholders filled (numbers already formatted)."""
        return self.typography(self.gettext(message) % values) if values else self.gettext(message)

    # --- punctuation -------------------------------------------------------------------------
    def typography(self, text: str) -> str:
        """``text`` with the language's spacing around punctuation (French: "Source : NCMEC ; IWF").

        Every message the catalogue returns passes through here, so a translation that forgets a
        no-break space, and every sentence the builder assembles, is spaced the same way.
        """
        rule = _TYPOGRAPHY.get(self.code)
        return rule(text) if rule and text else text

    @property
    def separator(self) -> str:
        """What separates items the builder joins: "; " ("\u202f; " in French, "；" in Chinese, "؛ " in Arabic)."""
        return _SEPARATORS.get(self.code, "; ")

    def join(self, items: Iterable[str]) -> str:
        """Items joined with the language's separator: "NCMEC (2024) ; IWF (2025)"."""
        return self.separator.join(i for i in items if i)

    @property
    def full_stop(self) -> str:
        """The mark that ends a sentence the builder completes ("." ; "。" in Chinese)."""
        return _FULL_STOPS.get(self.code, (".", " "))[0]

    @property
    def sentence_gap(self) -> str:
        """What follows a full stop before the next sentence (a space; nothing in Chinese)."""
        return _FULL_STOPS.get(self.code, (".", " "))[1]

    def quote(self, text: str) -> str:
        """``text`` in the language's quotation marks: “…” in English and Chinese, « … » in French."""
        opening, closing = _QUOTES.get(self.code, ("“", "”"))
        return f"{opening}{text}{closing}"

    def statistic_label(self, st: Any) -> str:
        return self.pgettext(STATISTIC, st.label)

    def caveat(self, text: str) -> str:
        """A statistic's caveat (from ``allow_break`` or ``allow_mixed_units``), context ``statistic``."""
        return self.pgettext(STATISTIC, text)

    def caveats(self, st: Any) -> list[str]:
        return [self.caveat(c) for c in st.caveats]

    def derivation(self, st: Any) -> str:
        """How a statistic was derived, with this language's words and numbers."""
        return st.explanation.render(self) if st.explanation is not None else st.derivation

    def series_label(self, label: str) -> str:
        return self.pgettext(SERIES, label)

    def list(self, items: list[str] | tuple[str, ...]) -> str:
        """"a, b and c" in the language (CLDR list patterns)."""
        from babel.lists import format_list

        items = [i for i in items if i]
        if len(items) < 2:
            return "".join(items)
        return format_list(list(items), locale=_LIST_LOCALE.get(self.code, self.code))

    # --- numbers -----------------------------------------------------------------------------
    def number(self, value: float | None, style: str = "full", *, qualifier: str = "exact",
               decimals: int | None = None, per: str | None = None) -> str:
        return format_number(value, style, qualifier=qualifier or "exact", decimals=decimals, locale=self.code,
                             per=per, numbering=self.numbering)

    def text(self, st: Any, style: str | None = None) -> str:
        """A statistic as prose shows it, in this language."""
        return st.text(style, locale=self.code, numbering=self.numbering)

    def integer(self, n: int | str) -> str:
        """Chapter, figure and table numbers, years: the language's digits, no grouping."""
        return localise_digits(str(n), self.numbering)

    def date(self, iso: str) -> str:
        return format_date(iso, self.code, self.numbering)

    # --- the edition -------------------------------------------------------------------------
    def edition(self, meta: Any) -> Any:
        """The edition's metadata with its title, subtitle and notice in the language, where given."""
        update: dict[str, Any] = {"language": self.code}
        for key in EDITION_TEXTS:
            if getattr(self.texts, key):
                update[key] = getattr(self.texts, key)
        return meta.model_copy(update=update)


def english(texts: EditionTexts | None = None) -> Localisation:
    """The source language: the identity catalogue."""
    return Localisation(LANGUAGES[SOURCE_LANGUAGE], gettext.NullTranslations(), texts or EditionTexts(), None)


ENGLISH = english()


def localisation(lang: str, translations: gettext.NullTranslations | None, texts: EditionTexts | None) -> Localisation:
    """A language's localisation from its compiled catalogue and the edition's texts for it."""
    language = LANGUAGES[lang]
    texts = texts or EditionTexts()
    numbering = texts.numbering or language.numbering
    return Localisation(language, translations or gettext.NullTranslations(), texts,
                        None if numbering == "latn" else numbering)
