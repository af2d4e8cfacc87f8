"""An edition's languages: ``sources/editions/<year>/languages.yaml``.

.. code-block:: yaml

    languages:                 # built by `gta build --lang all`, in this order (English always first)
      fr:
        title: Évaluation de la menace mondiale 2025
        subtitle: ...
        sample_notice: ...
        research_partner: ...  # the organisation's name as published; "(published edition)" translated
      ar:
        title: ...
        numbering: latn        # latn (0-9, the default) or arab (Arabic-Indic digits)

Without the file, an edition can still be built in any supported language: the edition's title and
notices then show in English.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from ..errors import GtaError, Problems, display_path
from ..model import Model, validate
from ..sources import EditionSource, did_you_mean
from ..yamlio import line_of, load_yaml
from . import LANGUAGES, SOURCE_LANGUAGE, TRANSLATIONS, EditionTexts

FILE_NAME = "languages.yaml"


class LanguageEntry(Model):
    """One language of an edition: its own words for the edition's title and notices, and its digits."""

    title: str = ""
    subtitle: str = ""
    sample_notice: str = ""
    numbering: Literal["latn", "arab"] | None = None  # digits; default: the language's usual ones
    research_partner: str = ""  # the organisation's name stays as published; words around it are translated


class LanguagesFile(Model):
    """The whole file."""

    languages: dict[str, LanguageEntry] = Field(default_factory=dict)


def languages_path(edition: EditionSource) -> Path:
    return edition.dir / FILE_NAME


def load_languages(edition: EditionSource, problems: Problems | None = None) -> dict[str, EditionTexts]:
    """Every language the edition declares, with its texts; English first. Problems are raised unless collected."""
    own = problems is None
    problems = problems or Problems()
    result = {SOURCE_LANGUAGE: EditionTexts()}
    path = languages_path(edition)
    if not path.is_file():
        return result
    try:
        raw = load_yaml(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        raw = None
    parsed = validate(LanguagesFile, raw, display_path(path), problems) if raw is not None else None
    if parsed is not None:
        for code, entry in parsed.languages.items():
            if code not in TRANSLATIONS:
                problems.add(path, line_of(raw, "languages", code), f"unknown language '{code}'",
                             did_you_mean(code, TRANSLATIONS) or f"translations: {', '.join(TRANSLATIONS)}")
                continue
            result[code] = EditionTexts(entry.title, entry.subtitle, entry.sample_notice, entry.numbering,
                                        entry.research_partner)
    if own:
        problems.raise_if_errors()
    return result




def declared_languages(root: Path, year: int) -> list[str]:
    """``--lang all`` without loading the project: English, then the languages the edition's file declares."""
    path = root / "sources" / "editions" / str(year) / FILE_NAME
    if not path.is_file():
        return list(LANGUAGES)
    raw = load_yaml(path)
    problems = Problems()
    parsed = validate(LanguagesFile, raw, display_path(path), problems)
    problems.raise_if_errors()
    return [SOURCE_LANGUAGE, *(code for code in (parsed.languages if parsed else {}) if code in TRANSLATIONS)]
