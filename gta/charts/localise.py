"""Chart specs in the edition's language: the spec's own translations first, then the catalogue.

A chart spec carries its translations beside the English words (``figures/README.md``):

.. code-block:: yaml

    translations:
      fr:
        title: "Signalements reçus par la CyberTipline du NCMEC, {first}–{last}"
        subtitle: Signalements d'exploitation sexuelle présumée d'enfants reçus chaque année
        y_label: signalements
        series: {reports: Signalements à la CyberTipline}     # by series name (default: the catalogue)
        categories: {ncmec_reports_2023: Tous les signalements} # statistics charts: by statistic id or row
        breaks: {2024: {label: Comptage modifié, alt: "après un changement du mode de comptage",
                        note: "À partir de 2024, le NCMEC regroupe ..."}}
        annotations: [Début de la recherche proactive]           # in the order of the spec's annotations
        notes: [Les signalements mesurent l'activité de signalement, pas la prévalence des abus.]
        source: CyberTipline du NCMEC

Whatever a language leaves out shows in English. Dataset series labels default to the catalogue
(``msgctxt "series"``), statistic labels to ``msgctxt "statistic"``. Translations are validated when
the project is loaded (:func:`check_translations`).

Right-to-left text: matplotlib (3.11, built with libraqm) shapes Arabic and orders mixed runs
itself; the charts add Noto Sans Arabic (or Noto Sans CJK SC) behind Source Sans Pro, so Latin
text keeps the house font and the script falls back to a font that has it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from ..errors import Problems, display_path
from ..i18n import LANGUAGES
from ..i18n.localisation import SERIES, Localisation
from ..i18n.messages import N_
from ..model import Model, validate
from ..sources import Sources
from .spec import BreakLabel, ChartSpec

CHART_FONTS = {"ar": "Noto Sans Arabic", "zh": "Noto Sans CJK SC"}
#: Languages whose chart font draws every character, Latin included: Noto Sans CJK SC's Latin letters
#: are Source Sans Pro's design, and WeasyPrint sets an SVG's Chinese text in the first family of its
#: list only (falling back to a Japanese face otherwise), so the Simplified Chinese face comes first.
LEAD_FONT = frozenset({"zh"})


class BreakTranslation(Model):
    label: str = ""  # short text on the chart
    alt: str = ""  # phrase for the alt text ("after a change in how reports are counted")
    note: str = ""  # the sidecar's description of the break, for the notes


class ChartTranslation(Model):
    """One language's words for one chart."""

    title: str = ""
    subtitle: str = ""
    notes: list[str] = Field(default_factory=list)  # the spec's own notes, in order
    source: str = ""
    alt: str = ""  # only where the English spec has a hand-written alt text
    x_label: str = ""
    y_label: str = ""
    series: dict[str, str] = Field(default_factory=dict)
    categories: dict[str, str] = Field(default_factory=dict)
    breaks: dict[int, BreakTranslation] = Field(default_factory=dict)
    annotations: list[str] = Field(default_factory=list)


def localise_spec(spec: ChartSpec, loc: Localisation, project: Sources, stats: dict[str, Any]) -> ChartSpec:
    """The spec with its words in the language: its own translation first, then the catalogue.

    English goes through the same path (its catalogue is the identity), so defaults such as the x
    label and series labels are filled in the same way for every language.
    """
    _ = loc.gettext
    tr = chart_translation(spec, loc.code)
    update: dict[str, Any] = {"title": tr.title or spec.title, "subtitle": tr.subtitle or spec.subtitle,
                              "notes": [tr.notes[i] if i < len(tr.notes) and tr.notes[i] else n
                                        for i, n in enumerate(spec.notes)],
                              "source": tr.source or spec.source, "alt": tr.alt or spec.alt}
    update["x_label"] = tr.x_label or (spec.x_label and _(spec.x_label)) or _(default_x_label(spec))
    update["y"] = spec.y.model_copy(update={"label": tr.y_label or (spec.y.label and _(spec.y.label))})
    if spec.dataset:
        ds = project.datasets[spec.dataset]
        items = []
        for item, name in zip(spec.series, spec.series_names, strict=True):
            label = tr.series.get(name) or tr.series.get(item.name)
            if not label:
                english = item.label or ds.meta.series[name].label
                label = loc.pgettext(SERIES, english)
            items.append(item.model_copy(update={"label": label}))
        update["series"] = items
        years = {b.year for n in spec.series_names if n in ds.meta.series for b in ds.breaks_for(n)}
        breaks = {}
        for year in sorted(years | set(spec.breaks)):
            english = spec.breaks.get(year)
            t = tr.breaks.get(year, BreakTranslation())
            label = t.label or _(english.label if english else "Series break")
            alt = t.alt or _(english.alt if english else "after a change of method")
            breaks[year] = (english or BreakLabel()).model_copy(update={"label": label, "alt": alt})
        update["breaks"] = breaks
    if spec.statistics:
        items = []
        for item in spec.statistics:
            st = stats.get(item.id)
            row = tr.categories.get(item.id) or (item.row and (tr.categories.get(item.row) or item.row))
            if not row and st is not None:
                row = loc.statistic_label(st)
            column = tr.categories.get(item.column or "Value") or _(item.column or "Value")
            items.append(item.model_copy(update={"row": row or None, "column": column}))
        update["statistics"] = items
    if spec.annotations:
        update["annotations"] = [a.model_copy(update={"text": tr.annotations[i]})
                                 if i < len(tr.annotations) and tr.annotations[i] else a
                                 for i, a in enumerate(spec.annotations)]
    return spec.model_copy(update=update)


def chart_translation(spec: Any, lang: str) -> ChartTranslation:
    """The spec's translation for ``lang`` (empty when it has none); validated at load time."""
    raw = (getattr(spec, "translations", None) or {}).get(lang)
    if raw is None:
        return ChartTranslation()
    return ChartTranslation.model_validate(raw)


def check_translations(spec: ChartSpec, path: Path, problems: Problems) -> None:
    """Record a located problem for every translation of ``spec`` that is malformed or names no language."""
    for lang, raw in spec.translations.items():
        if lang not in LANGUAGES or lang == "en":
            problems.add(path, None, f"chart '{spec.id}': unknown language '{lang}' in translations",
                         f"translations: {', '.join(c for c in LANGUAGES if c != 'en')}")
            continue
        validate(ChartTranslation, raw, display_path(path), problems, "translations", lang)


def chart_fonts(lang: str) -> tuple[tuple[str, str, int], ...]:
    """(family, file, face index) of the font that draws the language's script in charts; () for Latin."""
    family = CHART_FONTS.get(lang)
    if family is None:
        return ()
    from ..fonts import LANGUAGE_FONTS, language_fonts

    faces = [f for f in language_fonts(lang) if f.family == family] or \
        [f for f in language_fonts(lang) if f.family in LANGUAGE_FONTS[lang]]
    return tuple((f.family, str(f.path), f.index) for f in faces)


def default_x_label(spec: Any) -> str:
    """The English default of the CSV's first column (as gta.charts.data names it), marked for translation."""
    if spec.statistics:
        return N_("Measure") if spec.type in ("slope", "dumbbell") else N_("Category")
    return N_("Category") if spec.x == "series" else N_("Year")
