"""The chart pack's own words — gallery, README, deck and workbook — in the edition's language.

The pack is written in another process, from plain data: :func:`pack_words` looks every message
up in the edition's catalogue beforehand, and the pack writers only fill in the blanks. English is
the identity catalogue, so ``PackWords()`` is the English pack.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..i18n.messages import N_


@dataclass(frozen=True)
class PackWords:
    """Every word the pack writes around the charts' own texts (which the plan already localised)."""

    lang: str = "en"
    dir: str = "ltr"
    published: str = ""  # the edition's date as the language writes it ("" → the citation's ISO date)
    families: tuple[str, ...] = ()  # fonts for the language's script, after Source Sans Pro
    digits: str | None = None  # "arab" for Arabic-Indic digits
    # gallery
    charts_title: str = N_("%(title)s: charts")
    intro: str = N_("Every figure of the report with its title, source line and the data behind it, ready for "
                    "slides and briefings.")
    zip_link: str = N_("Download every chart (zip)")
    deck_link: str = N_("PowerPoint deck (editable charts)")
    data_link: str = N_("All the data (Excel workbook)")
    licence_line: str = N_("%(publisher)s, %(date)s%(page)s. Licence: %(licence)s; the data publishers' own terms "
                           "apply to their data.")
    cite_hint: str = N_("Please cite each chart as shown under “%(where)s”.")
    details: str = N_("Citation, notes and alt text")
    alt_label: str = N_("Alt text:")
    png_print: str = N_("PNG for documents (300 dpi)")
    png_slide: str = N_("PNG for slides (16:9)")
    data_csv: str = N_("Data (CSV)")
    meta_json: str = N_("Citation and metadata (JSON)")
    # README.txt
    readme_published: str = N_("%(publisher)s, %(title)s, published %(date)s.")
    readme_licence: str = N_("Licence: %(licence)s. Share and adapt the charts with credit, as printed under each "
                             "one, for example:")
    readme_terms: str = N_("The figures behind each chart come from the publishers named in its source line; their "
                           "own terms of use apply to that data (see each chart's JSON file, data_sources).")
    readme_files: str = N_("Files for each figure (%(pattern)s, in the order of the report; %(other)s for a chart "
                           "the report does not show):")
    file_png: str = N_("for documents: 300 dpi, A4 column width, with title, notes, source and credit")
    file_slide: str = N_("for slides: 16:9, 1920 × 1080 px")
    file_svg: str = N_("vector, text selectable, fonts embedded (subset), with a title and description")
    file_pdf: str = N_("vector")
    file_csv: str = N_("the plotted data: UTF-8, units in the headers, exact values and values as shown, notes on "
                       "series breaks, bounds and low-confidence values")
    file_json: str = N_("title, notes, alt text, full citation (URL, date, figure, licence) and data sources")
    about_xlsx: str = N_("every figure and table, one sheet each, after the “%(readme)s” sheet")
    about_pptx: str = N_("one 16:9 slide per figure, with editable charts")
    cite_as: str = N_("Cite as: %(citation)s")
    data_from: str = N_("Data: %(source)s")
    note: str = N_("Note: %(note)s")
    alt: str = N_("Alt text: %(alt)s")
    # deck
    deck_hint: str = N_("Every chart with its source; cite each as given on its slide.")
    deck_subject: str = N_("Charts from the Global Threat Assessment")
    deck_sheet: str = N_("%(data)s; sheet “%(sheet)s” of %(workbook)s")
    # workbook
    readme_sheet: str = N_("README")
    col_sheet: str = N_("Sheet")
    col_about: str = N_("About")
    row_publication: str = N_("Publication")
    row_page: str = N_("Web page")
    row_licence: str = N_("Licence")
    row_read: str = N_("How to read")
    row_note: str = N_("Note")
    licence_terms: str = N_("%(licence)s. The figures behind each chart come from the publishers named in its "
                            "source; their own terms of use apply to that data.")
    how_to_read: str = N_(
        "One sheet per figure and table, in the order of the report. Values are exact, never rounded; the columns "
        "ending in “as shown” give each value as the report prints it. Units are in the column headers; "
        "percentages are stored as fractions and shown as percentages. Empty cells are unknown values, never zero. "
        "The Notes column flags series breaks (values before and after are not comparable), figures published as "
        "bounds or estimates, and low-confidence values.")
    data_title: str = N_("%(title)s: data")
    table: str = N_("Table")

    def fill(self, field: str, **values: Any) -> str:
        """The message ``field`` with its placeholders filled."""
        text = getattr(self, field)
        return text % values if values else text

    def date(self, iso: str) -> str:
        return self.published or iso


#: Fields that are settings, not messages.
SETTINGS = ("lang", "dir", "published", "families", "digits")


def pack_words(loc: Any, published: str = "") -> PackWords:
    """The pack's words in ``loc``'s language (a :class:`gta.i18n.localisation.Localisation`)."""
    from .localise import CHART_FONTS

    english = PackWords()
    words = {f.name: loc.gettext(getattr(english, f.name)) for f in fields(PackWords) if f.name not in SETTINGS}
    family = CHART_FONTS.get(loc.code)
    # NOTE: the English edition keeps the ISO dates it always showed.
    date = loc.date(published) if published and not loc.is_source else ""
    return PackWords(lang=loc.code, dir=loc.direction, published=date,
                     families=(family,) if family else (), digits=loc.numbering, **words)
