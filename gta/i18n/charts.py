"""Charts in a translated edition: the spec's words in the language, numbers for the locale, alt text
written from the data in the language, and fonts that draw the script.

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
(``msgctxt "series"``), statistic labels to ``msgctxt "statistic"``.

Right-to-left text: matplotlib (3.11, built with libraqm) shapes Arabic and orders mixed runs
itself; the charts add Noto Sans Arabic (or Noto Sans CJK SC) behind Source Sans Pro, so Latin
text keeps the house font and the script falls back to a font that has it.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from ..errors import Problems, display_path
from ..formatting import format_number, localise_digits
from ..model import Model, validate
from .messages import N_
from .tables import SERIES

TYPE_NAMES = {
    "line": N_("Line chart"), "bar": N_("Bar chart"), "barh": N_("Horizontal bar chart"),
    "grouped-bar": N_("Grouped bar chart"), "stacked-bar": N_("Stacked bar chart"), "area": N_("Stacked area chart"),
    "small-multiples": N_("Small multiple line charts"), "slope": N_("Slope chart"), "dumbbell": N_("Dumbbell chart"),
    "interval": N_("Chart of estimates with confidence intervals"),
}
LIST_UP_TO = 5  # as the English alt text: series with this many values or fewer are read out in full
CHART_FONTS = {"ar": "Noto Sans Arabic", "zh": "Noto Sans CJK SC"}


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


def chart_translation(spec: Any, lang: str, problems: Problems | None = None, path: Any = None) -> ChartTranslation:
    """The spec's translation for ``lang`` (empty when it has none), validated."""
    raw = (getattr(spec, "translations", None) or {}).get(lang)
    if raw is None:
        return ChartTranslation()
    found = validate(ChartTranslation, raw, display_path(path) if path else spec.id, problems or Problems(),
                     "translations", lang)
    return found or ChartTranslation()


def chart_options(loc: Any, project: Any, stats: dict[str, Any]) -> dict[str, Any]:
    """Keyword arguments of ``gta.charts.render_charts`` for a translated edition."""
    return {"localiser": ChartLocaliser(loc, project, stats)}


class ChartLocaliser:
    """Turns an English chart into the language's: the spec before drawing, the metadata after."""

    def __init__(self, loc: Any, project: Any, stats: dict[str, Any]):
        self.loc = loc
        self.lang = loc.code
        self.numbering = loc.numbering
        self.fonts = chart_fonts(self.lang)
        self.project = project
        self.stats = stats

    def job_options(self) -> dict[str, Any]:
        """What a chart's render job needs: the locale of its numbers and the fonts of its script."""
        return {"locale": self.lang, "numbering": self.numbering, "fonts": self.fonts}

    # --- before drawing ------------------------------------------------------------------
    def spec(self, spec: Any) -> Any:
        """The spec with its words in the language; what it leaves out stays English."""
        _ = self.loc.gettext
        problems = Problems()
        path = self.project.figures[spec.id][0] if spec.id in self.project.figures else None
        tr = chart_translation(spec, self.lang, problems, path)
        problems.raise_if_errors()
        update: dict[str, Any] = {"title": tr.title or spec.title, "subtitle": tr.subtitle or spec.subtitle,
                                  "notes": [tr.notes[i] if i < len(tr.notes) and tr.notes[i] else n
                                            for i, n in enumerate(spec.notes)],
                                  "source": tr.source or spec.source, "alt": tr.alt or spec.alt}
        update["x_label"] = tr.x_label or (spec.x_label and _(spec.x_label)) or _(_default_x_label(spec))
        update["y"] = spec.y.model_copy(update={"label": tr.y_label or (spec.y.label and _(spec.y.label))})
        if spec.dataset and self.project is not None:
            ds = self.project.datasets[spec.dataset]
            items = []
            for item, name in zip(spec.series, spec.series_names, strict=True):
                label = tr.series.get(name) or tr.series.get(item.name)
                if not label:
                    english = item.label or ds.meta.series[name].label
                    label = self.loc.pgettext(SERIES, english)
                items.append(item.model_copy(update={"label": label}))
            update["series"] = items
            years = {b.year for n in spec.series_names if n in ds.meta.series for b in ds.breaks_for(n)}
            breaks = {}
            for year in sorted(years | set(spec.breaks)):
                english = spec.breaks.get(year)
                t = tr.breaks.get(year, BreakTranslation())
                label = t.label or _(english.label if english else "Series break")
                alt = t.alt or _(english.alt if english else "after a change of method")
                breaks[year] = (english or _break_label()).model_copy(update={"label": label, "alt": alt})
            update["breaks"] = breaks
        if spec.statistics:
            items = []
            for item in spec.statistics:
                st = self.stats.get(item.id)
                row = tr.categories.get(item.id) or (item.row and (tr.categories.get(item.row) or item.row))
                if not row and st is not None:
                    row = self.loc.statistic_label(st)
                column = tr.categories.get(item.column or "Value") or _(item.column or "Value")
                items.append(item.model_copy(update={"row": row or None, "column": column}))
            update["statistics"] = items
        if spec.annotations:
            update["annotations"] = [a.model_copy(update={"text": tr.annotations[i]})
                                     if i < len(tr.annotations) and tr.annotations[i] else a
                                     for i, a in enumerate(spec.annotations)]
        return spec.model_copy(update=update)

    # --- after: what is said about the chart --------------------------------------------
    def meta(self, spec: Any, data: Any, meta: Any) -> Any:
        """Source line, notes, citation and alt text in the language."""
        from dataclasses import replace

        _ = self.loc.gettext
        tr = chart_translation(spec, self.lang)
        fill = _placeholders(data, self.numbering, rtl=self.loc.language.direction == "rtl")
        source = meta.source_line.removeprefix("Source: ")
        notes = [fill(n) for n in spec.notes]
        for mark in data.breaks:
            t = tr.breaks.get(mark.year)
            description = (t.note if t and t.note else mark.description)
            notes.append(_("%(label)s (%(year)s): %(description)s") % {
                "label": mark.label, "year": self.year(mark.year), "description": _squash(description)})
        notes += list(data.caveats)
        notes += self._low_confidence(data)
        if data.has_qualified_values():
            notes.append(_("Some figures are published as bounds or approximations and are shown as published "
                           "(for example “%(over)s” or “%(almost)s”).") % {
                "over": self.number(200, "full", "more than"), "almost": self.number(300, "full", "almost")})
        alt = fill(spec.alt) if spec.alt else self.alt(spec, data)
        return replace(meta, title=fill(spec.title), subtitle=fill(spec.subtitle),
                       source_line=_("Source: %(sources)s") % {"sources": source},
                       notes=tuple(dict.fromkeys(_squash(n) for n in notes)),
                       alt=_squash(alt),
                       citation=_("Source: %(sources)s, via WeProtect Global Alliance, %(edition)s")
                       % {"sources": source, "edition": self.loc.edition_title(meta.edition_title)},
                       edition_title=self.loc.edition_title(meta.edition_title))

    def _low_confidence(self, data: Any) -> list[str]:
        low = data.low_confidence()
        if not low:
            return []
        _ = self.loc.gettext
        years = {tuple(v) for v in low.values()}
        if len(years) == 1 and len(low) == len(data.keys):
            what = self.list([self.year(x) for x in next(iter(years))])
        else:
            what = "; ".join(f"{data.labels[k]} {self.list([self.year(x) for x in xs])}" for k, xs in low.items())
        return [_("Low confidence (weak or unverified source): %(values)s.") % {"values": what}]

    # --- words and numbers ---------------------------------------------------------------
    def number(self, value: float, style: str, qualifier: str = "exact", decimals: int | None = None) -> str:
        return format_number(value, style, qualifier=qualifier or "exact", decimals=decimals, locale=self.lang,
                             numbering=self.numbering)

    def year(self, x: Any) -> str:
        return localise_digits(str(x), self.numbering)

    def list(self, items: list[str]) -> str:
        from babel.lists import format_list

        return format_list(items, locale=self.lang) if items else ""

    def alt(self, spec: Any, data: Any) -> str:
        """The alt text, written from the plotted data as the English one is, in the language."""
        _ = self.loc.gettext
        kind = _(TYPE_NAMES[spec.type])

        def fmt(x: Any, key: str, value: float) -> str:
            return self.number(value, spec.number_format, data.qualifier(x, key), spec.decimals)

        if spec.type == "interval":
            return _sentences(kind, [_("%(label)s: %(values)s") % {"label": spec.title,
                                                                     "values": "; ".join(self._intervals(spec, data))}])
        if spec.type in ("slope", "dumbbell"):
            ends = [self.year(e) for e in data.frame.index]
            head = _("%(kind)s comparing %(start)s and %(end)s") % {"kind": kind, "start": ends[0], "end": ends[-1]}
            return _sentences(head, [self._trend(data.labels[k], data.values(k), k, fmt) for k in data.keys])
        if data.x_kind == "category":
            parts = []
            for key in data.keys:
                items = [f"{x} {fmt(x, key, v)}" for x, v in data.values(key)]
                head = data.labels[key] if len(data.keys) > 1 or spec.x == "series" else spec.title
                parts.append(_("%(label)s: %(values)s") % {"label": _placeholders(data, self.numbering)(head),
                                                            "values": self.list(items)})
            return _sentences(kind, parts)
        parts = []
        for key in data.keys:
            known = data.values(key)
            if not known:
                continue
            after = {m.year: m.alt for m in data.breaks_for(key)}
            if len(known) <= LIST_UP_TO:
                items = [_("%(value)s in %(year)s") % {"value": fmt(x, key, v), "year": self.year(x)}
                         + (f" {after[x]}" if x in after and i > 0 else "") for i, (x, v) in enumerate(known)]
                parts.append(_("%(label)s: %(values)s") % {"label": data.labels[key], "values": self.list(items)})
                continue
            cut = min(after) if after else None
            before = [(x, v) for x, v in known if cut is None or x < cut]
            text = self._trend(data.labels[key], before or known, key, fmt)
            rest = [(x, v) for x, v in known if cut is not None and x >= cut]
            if rest:
                x, v = rest[-1]
                text += ", " + _("then %(value)s in %(year)s %(after)s") % {
                    "value": fmt(x, key, v), "year": self.year(x), "after": after[cut]}
            parts.append(text)
        return _sentences(kind, parts)

    def _intervals(self, spec: Any, data: Any) -> list[str]:
        """Each row of an interval chart: its label and "12,6 % (IC à 95 % : 9,7–16,2 %)"."""
        key = data.keys[0]
        out = []
        for x in data.frame.index:
            v = float(data.frame.at[x, key])
            lo = float(data.lower.at[x, key]) if data.lower is not None else v
            hi = float(data.upper.at[x, key]) if data.upper is not None else v
            out.append(f"{x} " + format_number(v, "interval", interval=(lo, hi), level=data.level or 0.95,
                                               decimals=spec.decimals, locale=self.lang, numbering=self.numbering))
        return out

    def _trend(self, label: str, piece: list[tuple[Any, float]], key: str, fmt: Any) -> str:
        _ = self.loc.gettext
        if len(piece) < 2:
            values = self.list([_("%(value)s in %(year)s") % {"value": fmt(x, key, v), "year": self.year(x)}
                                for x, v in piece])
            return _("%(label)s: %(values)s") % {"label": label, "values": values}
        (x0, v0), (x1, v1) = piece[0], piece[-1]
        args = {"label": label, "first": fmt(x0, key, v0), "start": self.year(x0), "last": fmt(x1, key, v1),
                "end": self.year(x1)}
        if v1 == v0:
            return _("%(label)s was %(first)s in both %(start)s and %(end)s") % args
        text = (_("%(label)s rose from %(first)s in %(start)s to %(last)s in %(end)s") if v1 > v0 else
                _("%(label)s fell from %(first)s in %(start)s to %(last)s in %(end)s")) % args
        xp, vp = max(piece, key=lambda p: p[1])
        if xp not in (x0, x1) and vp > max(v0, v1) * 1.05:
            text += ", " + _("peaking at %(value)s in %(year)s") % {"value": fmt(xp, key, vp), "year": self.year(xp)}
        return text


def chart_fonts(lang: str) -> tuple[tuple[str, str, int], ...]:
    """(family, file, face index) of the font that draws the language's script in charts; () for Latin."""
    family = CHART_FONTS.get(lang)
    if family is None:
        return ()
    from ..fonts import LANGUAGE_FONTS, language_fonts

    faces = [f for f in language_fonts(lang) if f.family == family] or \
        [f for f in language_fonts(lang) if f.family in LANGUAGE_FONTS[lang]]
    return tuple((f.family, str(f.path), f.index) for f in faces)


def _default_x_label(spec: Any) -> str:
    """The English default of the CSV's first column (as gta.charts.data names it), marked for translation."""
    if spec.statistics:
        return N_("Measure") if spec.type in ("slope", "dumbbell") else N_("Category")
    return N_("Category") if spec.x == "series" else N_("Year")


def _break_label() -> Any:
    from ..charts.spec import BreakLabel

    return BreakLabel()


def _placeholders(data: Any, numbering: str | None, rtl: bool = False) -> Any:
    """'{first}', '{last}' and '{years}' become the plotted years, as in the English chart.

    In right-to-left text a range of years is isolated left to right (U+2066 … U+2069), so that
    "2010–2024" after a Latin name keeps its order.
    """
    years = sorted(int(x) for x in data.frame.index if isinstance(x, int) or type(x).__name__.startswith("int"))
    shown = [localise_digits(str(y), numbering) for y in years]
    first, last = (shown[0], shown[-1]) if shown else ("", "")

    def fill(text: str) -> str:
        if first == last:
            text = text.replace("{first}–{last}", first).replace("{first}-{last}", first)
        if rtl:
            text = text.replace("{first}–{last}", "\u2066{first}–{last}\u2069")
        return text.replace("{first}", first).replace("{last}", last).replace("{years}", ", ".join(shown))

    return fill


def _squash(text: str) -> str:
    """Runs of spaces and line ends become one space; no-break spaces (inside French numbers) stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _sentences(kind: str, parts: list[str]) -> str:
    body = ". ".join(p[0].upper() + p[1:] if p else p for p in parts if p)
    return f"{kind}. {body}." if body else ""
