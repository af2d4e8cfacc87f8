"""What is said about a chart, in the edition's language: title, source line, notes, alt text, citation.

Computed from the (localised) spec and its plotted data, so the words always match the chart.
"""

from __future__ import annotations

import re
from typing import Any

from ..i18n.localisation import STATISTIC, Localisation
from ..i18n.messages import N_
from ..sources import Sources
from .alttext import alt_text
from .data import PlotData
from .localise import chart_translation
from .outputs import ChartMeta
from .spec import ChartSpec

PUBLISHER = "WeProtect Global Alliance"


def chart_meta(spec: ChartSpec, data: PlotData, project: Sources, edition: int, edition_title: str,
               loc: Localisation) -> ChartMeta:
    """The chart's words in ``loc``'s language. ``spec`` is already localised (:func:`localise_spec`)."""
    fill = placeholders(data, loc)
    source = fill(spec.source) if spec.source else reader_source(spec, data, project, loc, fill)
    tr = chart_translation(spec, loc.code)
    notes = [fill(n) for n in spec.notes]
    for mark in data.breaks:
        t = tr.breaks.get(mark.year)
        notes.append(loc.format(N_("%(label)s (%(year)s): %(description)s"), label=mark.label,
                                year=loc.integer(mark.year),
                                description=t.note if t is not None and t.note else loc.series_label(mark.description)))
    notes += [loc.pgettext(STATISTIC, c) for c in data.caveats]
    notes += low_confidence_notes(data, loc)
    if data.has_qualified_values():
        notes.append(loc.format(N_("Some figures are published as bounds or approximations and are shown as "
                                   "published (for example “%(over)s” or “%(almost)s”)."),
                                over=loc.number(200, "full", qualifier="more than"),
                                almost=loc.number(300, "full", qualifier="almost")))
    refs = tuple({"id": r, "publisher": project.references[r].publisher, "title": project.references[r].title,
                  "year": project.references[r].year, "url": project.references[r].url} for r in data.references)
    alt = fill(spec.alt) if spec.alt else alt_text(spec, data, loc)
    return ChartMeta(spec.id, spec.type, fill(spec.title), fill(spec.subtitle),
                     loc.format(N_("Source: %(sources)s"), sources=source),
                     tuple(dict.fromkeys(squash(n) for n in notes)), squash(alt),
                     loc.format(N_("Source: %(sources)s, via WeProtect Global Alliance, %(edition)s"),
                                sources=source, edition=edition_title),
                     refs, edition, edition_title, spec.number_format, spec.decimals)


def reader_source(spec: ChartSpec, data: PlotData, project: Sources, loc: Localisation, fill: Any) -> str:
    """The source line readers see: the dataset's publication ("Internet Watch Foundation, annual reports
    2011–2024"), else the publishers of the primary references behind the values (never a secondary one)."""
    ds = project.datasets.get(spec.dataset or "")
    if ds is not None and ds.meta.source:
        return fill(loc.series_label(ds.meta.source))
    refs = [project.references[r] for r in data.references if r in project.references]
    primary = [r.publisher for r in refs if not r.secondary]
    if ds is not None and not primary:
        primary = [ds.meta.publisher]
    return loc.join(dict.fromkeys(primary)) or PUBLISHER


def low_confidence_notes(data: PlotData, loc: Localisation) -> list[str]:
    low = data.low_confidence()
    if not low:
        return []
    years = {tuple(v) for v in low.values()}
    if len(years) == 1 and len(low) == len(data.keys):
        what = loc.list([loc.integer(x) for x in next(iter(years))])
    else:
        what = "; ".join(f"{data.labels[k]} {loc.list([loc.integer(x) for x in xs])}" for k, xs in low.items())
    return [loc.format(N_("%(values)s: estimate from a secondary source."), values=what)]


def placeholders(data: PlotData, loc: Localisation) -> Any:
    """'{first}', '{last}' and '{years}' in titles, subtitles and notes become the plotted years.

    So one spec serves every edition: an edition with an earlier data cut-off shows fewer years.
    In right-to-left text a range of years is isolated left to right (U+2066 … U+2069), so that
    "2010–2024" after a Latin name keeps its order.
    """
    years = sorted(int(x) for x in data.frame.index if _is_int(x))
    shown = [loc.integer(y) for y in years]
    first, last = (shown[0], shown[-1]) if shown else ("", "")
    listed = loc.list(shown)

    def fill(text: str) -> str:
        if not shown:  # no years plotted (categories): the range goes, with its comma and a Chinese "年"
            text = re.sub(r"[,，]?\s*\{first\}[–-]\{last\}年?", "", text)
        if first == last:  # one year: "2020", not "2020–2020"
            text = text.replace("{first}–{last}", first).replace("{first}-{last}", first)
        if loc.direction == "rtl":
            text = text.replace("{first}–{last}", "\u2066{first}–{last}\u2069")
        return text.replace("{first}", first).replace("{last}", last).replace("{years}", listed)

    return fill


def _is_int(x: Any) -> bool:
    return isinstance(x, int) or type(x).__name__.startswith("int")


def short_publisher(name: str) -> str:
    """'National Center for Missing & Exploited Children (NCMEC)' -> 'NCMEC'."""
    m = re.search(r"\(([A-Z][A-Za-z&]*[A-Z])\)\s*$", name)
    return m.group(1) if m else name


def squash(text: str) -> str:
    """Runs of spaces and line ends become one space; no-break spaces (inside French numbers) stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
