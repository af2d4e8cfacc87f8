"""Who made a chart and how to cite it: the credit every chart file carries.

A chart leaves the report as a PNG in a slide, a CSV in an e-mail, an SVG on a web page. Each
copy names its publisher, edition, figure number and licence, so it can be cited and reused
without the report beside it (as Our World in Data and Datawrapper do). The facts come from the
edition (:class:`Citation`) and the edition plan (:class:`Credit`: the figure's number and the
words the edition uses for it); this module only puts them into words and file names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: Licences we can link to; any other licence is named without a link.
LICENCE_URLS = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC BY-SA 4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC BY-NC 4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC BY-NC-SA 4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
DATA_TERMS = ("The figures plotted come from the publisher named here and remain subject to its own terms "
              "of use; the licence above covers the chart and its presentation, not the publisher's data.")


@dataclass(frozen=True)
class Citation:
    """The edition's citation facts, shared by every chart file of one edition in one language."""

    publisher: str  # "WeProtect Global Alliance"
    title: str  # "Global Threat Assessment 2025", as the edition's language writes it
    year: int  # 2025
    published: str  # publication date, ISO: "2025-12-11"
    url: str  # the edition's page on the publisher's site; "" when it has none
    licence: str  # "CC BY 4.0"
    language: str  # "en", "fr", ...
    note: str = ""  # said once in the pack's README (e.g. that a sample edition is sample content)
    numbering: str | None = None  # the digits numbers are written in ("arab" for ٠-٩); None for 0-9

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def slug(self) -> str:
        """The short name every file of the edition starts with: ``gta2025``."""
        return f"gta{self.year}"

    @property
    def folder(self) -> str:
        """The pack's one top-level folder: ``gta2025-charts-en``."""
        return f"{self.slug}-charts-{self.language}"


@dataclass(frozen=True)
class Credit:
    """One chart's place in the edition: its figure number and the words the edition uses for it."""

    citation: Citation
    number: int | None  # the report's figure number; None for a chart the report does not show
    label: str  # "Figure 3" as the edition writes it ("Figure 3", "الشكل ٣"); "Additional figure"

    def line(self) -> str:
        """The footer drawn on stand-alone images: publisher, edition, figure and licence."""
        c = self.citation
        return f"{c.publisher}, {c.title}, {self.label} · {c.licence}"

    def stem(self, chart_id: str) -> str:
        """File names of the chart's stand-alone files: ``gta2025-fig03-ncmec-reports``."""
        slug = self.citation.slug
        return f"{slug}-fig{self.number:02d}-{chart_id}" if self.number is not None else f"{slug}-other-{chart_id}"

    def text(self, chart_title: str) -> str:
        """The full citation, in a form that needs no words of any one language."""
        c = self.citation
        parts = [f"{c.publisher} ({c.published or c.year}). {c.title}, {self.label}: {chart_title.rstrip('.')}."]
        if c.url:
            parts.append(f"{c.url}.")
        parts.append(f"{c.licence}" + (f" ({c.licence_url})." if c.licence_url else "."))
        return " ".join(parts)

    def as_dict(self, chart_title: str) -> dict[str, Any]:
        """The citation block of the chart's JSON."""
        c = self.citation
        return {
            "text": self.text(chart_title), "publisher": c.publisher, "edition": c.title, "edition_year": c.year,
            "published": c.published, "url": c.url, "figure": self.number, "figure_label": self.label,
            "licence": {"name": c.licence, "url": c.licence_url}, "language": c.language, "credit": self.line(),
        }


def edition_citation(edition: Any, language: str = "en", title: str | None = None,
                     numbering: str | None = None) -> Citation:
    """The citation facts of an edition (``gta.model.Edition``); ``title`` in the language when translated."""
    published = str(edition.published)
    return Citation(publisher=edition.author, title=title or edition.title, year=int(edition.year),
                    published=published if re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) else published[:10],
                    url=getattr(edition, "url", "") or "", licence=edition.licence, language=language,
                    note=" ".join(str(getattr(edition, "sample_notice", "") or "").split()), numbering=numbering)


def figure_credit(citation: Citation, number: int | None, label: str | None = None) -> Credit:
    """A chart's credit; the English label ("Figure 3", "Additional figure") unless the edition gives its own."""
    if label is None:
        label = f"Figure {number}" if number is not None else "Additional figure"
    return Credit(citation, number, label)


def data_sources(references: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """The data publishers behind a chart, each with its own page (whose terms apply: :data:`DATA_TERMS`)."""
    return [{"publisher": r["publisher"], "title": r["title"], "year": r.get("year"), "url": r["url"]}
            for r in references]
