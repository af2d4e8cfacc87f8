"""Alt text written from the plotted data, in the edition's language, so it always matches the chart.

The text names the chart type, then, for each series, its first and last values (with
qualifiers such as "over" or "almost", formatted like the chart's labels), the peak when it
is not at either end, and what happens after a series break. A spec's ``alt`` replaces it.
"""

from __future__ import annotations

from typing import Any

from ..formatting import format_number
from ..i18n.localisation import Localisation
from ..i18n.messages import N_
from .data import PlotData
from .spec import ChartSpec

TYPE_NAMES = {
    "line": N_("Line chart"), "bar": N_("Bar chart"), "barh": N_("Horizontal bar chart"),
    "grouped-bar": N_("Grouped bar chart"), "stacked-bar": N_("Stacked bar chart"), "area": N_("Stacked area chart"),
    "small-multiples": N_("Small multiple line charts"), "slope": N_("Slope chart"), "dumbbell": N_("Dumbbell chart"),
    "heatmap": N_("Heatmap"), "interval": N_("Chart of estimates with confidence intervals"),
}
LIST_UP_TO = 5  # series with this many values or fewer are read out in full


def alt_text(spec: ChartSpec, data: PlotData, loc: Localisation) -> str:
    """The spec's alt text, or one generated from ``data``."""
    if spec.alt:
        return " ".join(spec.alt.split())
    return _Writer(spec, data, loc).text()


class _Writer:
    def __init__(self, spec: ChartSpec, data: PlotData, loc: Localisation):
        self.spec, self.data, self.loc = spec, data, loc

    def fmt(self, x: Any, key: str, value: float) -> str:
        return self.loc.number(value, self.spec.number_format, qualifier=self.data.qualifier(x, key),
                               decimals=self.spec.decimals)

    def x(self, x: Any) -> str:
        """An x value: a year in the edition's digits, or a category as written."""
        return self.loc.integer(x) if isinstance(x, int) or type(x).__name__.startswith("int") else str(x)

    def at(self, x: Any, key: str, v: float) -> str:
        return self.loc.format(N_("%(value)s in %(year)s"), value=self.fmt(x, key, v), year=self.x(x))

    def labelled(self, label: str, values: str) -> str:
        return self.loc.format(N_("%(label)s: %(values)s"), label=label, values=values)

    def text(self) -> str:
        spec, data, loc = self.spec, self.data, self.loc
        kind = loc.gettext(N_("Area chart") if spec.type == "area" and len(data.keys) == 1 else TYPE_NAMES[spec.type])
        if spec.type == "interval":
            return _join(kind, [self.labelled(spec.title, "; ".join(self._intervals()))])
        if spec.type in ("slope", "dumbbell"):
            ends = [self.x(e) for e in data.frame.index]
            head = loc.format(N_("%(kind)s comparing %(start)s and %(end)s"), kind=kind, start=ends[0], end=ends[-1])
            return _join(head, [self._compare(k) for k in data.keys])
        if data.x_kind == "category":
            return _join(kind, [self._categories(k) for k in data.keys])
        return _join(kind, [p for p in (self._series(k) for k in data.keys) if p])

    def _intervals(self) -> list[str]:
        """Each row of an interval chart: its label and "12.6% (95% CI 9.7–16.2%)"."""
        data, loc = self.data, self.loc
        key = data.keys[0]
        out = []
        for x in data.frame.index:
            v = float(data.frame.at[x, key])
            if v != v:  # NaN: no figure
                out.append(f"{x}: {loc.gettext('no data')}")
                continue
            lo = float(data.lower.at[x, key]) if data.lower is not None else v
            hi = float(data.upper.at[x, key]) if data.upper is not None else v
            out.append(f"{x} {interval_text(v, lo, hi, data.level, self.spec, loc.code, loc.numbering)}")
        return out

    def _categories(self, key: str) -> str:
        spec, data, loc = self.spec, self.data, self.loc
        items = [f"{x} {self.fmt(x, key, v)}" for x, v in data.values(key)]
        missing = [str(x) for x in data.frame.index if data.frame[key].isna()[x]]
        head = data.labels[key] if len(data.keys) > 1 or spec.x == "series" else spec.title
        if spec.x == "series":
            head = f"{spec.title} ({key})" if key not in spec.title else spec.title
        text = self.labelled(head, loc.list(items))
        if missing:
            text += loc.format(N_("; no figure for %(items)s"), items=loc.list(missing))
        return text

    def _series(self, key: str) -> str:
        data, loc = self.data, self.loc
        label = data.labels[key]
        known = data.values(key)
        if not known:
            return self.labelled(label, loc.gettext("no data"))
        if len(known) <= LIST_UP_TO:
            after = {m.year: m.alt for m in data.breaks_for(key)}
            items = [self.at(x, key, v) + (f" {after[x]}" if x in after and i > 0 else "")
                     for i, (x, v) in enumerate(known)]
            return self.labelled(label, loc.list(items)) + self._gaps(key)
        # split at breaks: the trend is described before the first break, then what follows each one
        cuts = sorted(b.year for b in data.breaks_for(key))
        pieces: list[list[tuple[Any, float]]] = [[]]
        for x, v in known:
            while cuts and x >= cuts[0]:
                cuts.pop(0)
                pieces.append([])
            pieces[-1].append((x, v))
        text = f"{label} {self._trend(pieces[0], key)}"
        for mark, piece in zip(data.breaks_for(key), pieces[1:], strict=False):
            if not piece:
                continue
            if len(piece) == 1:
                x, v = piece[0]
                text += ", " + loc.format(N_("then %(value)s in %(year)s %(after)s"), value=self.fmt(x, key, v),
                                          year=self.x(x), after=mark.alt)
            else:
                text += ", " + loc.format(N_("then, %(after)s, %(trend)s"), after=mark.alt,
                                          trend=self._trend(piece, key))
        return text + self._gaps(key)

    def _trend(self, piece: list[tuple[Any, float]], key: str) -> str:
        loc = self.loc
        (x0, v0), (x1, v1) = piece[0], piece[-1]
        if len(piece) == 1:
            return loc.format(N_("was %(value)s in %(year)s"), value=self.fmt(x0, key, v0), year=self.x(x0))
        args = {"first": self.fmt(x0, key, v0), "start": self.x(x0), "last": self.fmt(x1, key, v1), "end": self.x(x1)}
        if v1 == v0:
            return loc.format(N_("was %(first)s in both %(start)s and %(end)s"), **args)
        message = N_("rose from %(first)s in %(start)s to %(last)s in %(end)s") if v1 > v0 else \
            N_("fell from %(first)s in %(start)s to %(last)s in %(end)s")
        text = loc.format(message, **args)
        xp, vp = max(piece, key=lambda p: p[1])
        if xp not in (x0, x1) and vp > max(v0, v1) * 1.05:
            text += ", " + loc.format(N_("peaking at %(value)s in %(year)s"), value=self.fmt(xp, key, vp),
                                      year=self.x(xp))
        return text

    def _compare(self, key: str) -> str:
        data, loc = self.data, self.loc
        label, known = data.labels[key], data.values(key)
        if len(known) < 2:
            return self.labelled(label, loc.list([self.at(x, key, v) for x, v in known]) or loc.gettext("no data"))
        (x0, v0), (_, v1) = known[0], known[-1]
        if v1 == v0:
            return loc.format(N_("%(label)s was %(value)s in both"), label=label, value=self.fmt(x0, key, v0))
        return f"{label} {self._trend([known[0], known[-1]], key)}"

    def _gaps(self, key: str) -> str:
        data = self.data
        known = data.values(key)
        first, last = known[0][0], known[-1][0]
        inside = [x for x in data.frame.index if first < x < last and data.frame[key].isna()[x]]
        if not inside:
            return ""
        return " " + self.loc.format(N_("(no figure for %(items)s)"), items=self.loc.list([self.x(x) for x in inside]))


def interval_text(value: float, lower: float, upper: float, level: float | None, spec: ChartSpec,
                  locale: str | None = None, numbering: str | None = None) -> str:
    """A row's label: "12.6% (95% CI 9.7–16.2%)" for percentages, "value (lower–upper)" otherwise.

    Without ``locale``, numbers follow the chart's number locale (the drawing worker sets it).
    """
    if spec.number_format in ("percent", "interval"):
        return format_number(value, "interval", interval=(lower, upper), level=level or 0.95, decimals=spec.decimals,
                             locale=locale, numbering=numbering)
    shown = [format_number(x, spec.number_format, decimals=spec.decimals, locale=locale, numbering=numbering)
             for x in (value, lower, upper)]
    return f"{shown[0]} ({shown[1]}–{shown[2]})"


def _join(kind: str, parts: list[str]) -> str:
    body = ". ".join(p[0].upper() + p[1:] if p else p for p in parts)
    return f"{kind}. {body}." if body else ""
