"""Translated editions: languages, their catalogues, chapters, charts and fonts.

English is the source language: every other edition is made from the same data, with template
strings from gettext catalogues (``locales/<lang>/LC_MESSAGES/gta.po``), chapters from
``sources/editions/<year>/chapters/<lang>/<id>.md`` (falling back to English, with a visible
notice, when a translation is missing or out of date), and numbers from the one formatter with the
language's locale. ``docs/translations.md`` is the guide for translators.

This module holds what every stage needs to know about a language; it imports nothing heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import GtaError, Problem

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Language:
    """One language the report can be built in."""

    code: str  # ISO 639-1, also the Babel locale and the build folder's name
    name: str  # its own name, for the contents of `gta translations`
    english_name: str
    direction: str = "ltr"  # "rtl" for Arabic: mirrored layout in the HTML and the PDF
    numbering: str = "latn"  # default digits; an edition may ask for "arab" (Arabic-Indic digits)
    fonts: tuple[str, ...] = ()  # families, beyond the Latin ones, that the report and charts need


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "English"),
    "fr": Language("fr", "Français", "French"),
    "es": Language("es", "Español", "Spanish"),
    "pt": Language("pt", "Português", "Portuguese"),
    "ar": Language("ar", "العربية", "Arabic", direction="rtl", fonts=("Noto Naskh Arabic", "Noto Sans Arabic")),
    "zh": Language("zh", "中文", "Chinese (Simplified)", fonts=("Noto Serif CJK SC", "Noto Sans CJK SC")),
}
TRANSLATIONS = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)


def get_language(code: str) -> Language:
    """The language ``code`` names, or a located error listing the supported ones."""
    if code not in LANGUAGES:
        from ..errors import did_you_mean

        raise GtaError(Problem("--lang", None, f"unknown language '{code}'",
                               did_you_mean(code, LANGUAGES) or f"languages: {', '.join(LANGUAGES)}, or 'all'"))
    return LANGUAGES[code]


@dataclass
class EditionTexts:
    """An edition's own words in one language (from ``languages.yaml``), and its digits."""

    title: str = ""
    subtitle: str = ""
    sample_notice: str = ""
    numbering: str | None = None  # None: the language's default
    research_partner: str = ""  # the partner's name as published, with the edition's words around it translated
    extra: dict[str, Any] = field(default_factory=dict)


__all__ = ["LANGUAGES", "SOURCE_LANGUAGE", "TRANSLATIONS", "EditionTexts", "Language", "get_language"]
