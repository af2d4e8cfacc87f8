"""The table a chart plots: built once from datasets or statistics, then drawn, described and exported.

The same :class:`PlotData` feeds the drawing, the alt text and the CSV, so the CSV is exactly
what is on the chart. Values are exact (never rounded here); unknown values are NaN, drawn as
gaps and exported as empty cells, never as zeros. Years after the edition's data cut-off are
left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..i18n.localisation import ENGLISH, Localisation
from ..i18n.messages import N_
from ..sources import Sources
from .spec import ChartSpec


class ChartUnavailable(Exception):
    """The chart has nothing to show for this edition (all its data is after the cut-off)."""


@dataclass(frozen=True)
class BreakMark:
    """A series break inside the plotted years: drawn as a dashed line, lines never cross it."""

    year: int
    label: str  # short text on the chart, e.g. "Counting changed"
    alt: str  # phrase for the alt text, e.g. "after a change in how reports are counted"
    description: str  # the sidecar's full description, shown in the notes
    series: tuple[str, ...]  # keys of the plotted series it affects


def break_note(mark: BreakMark) -> str:
    """The note under a chart for a series break: its short label, year and full description."""
    return f"{mark.label} ({mark.year}): {mark.description}"


@dataclass
class PlotData:
    """Rows are x values (years or categories), columns are series; NaN means unknown."""

    frame: pd.DataFrame
    qualifiers: pd.DataFrame  # same shape: "exact", "about", "more than", ... ("" where unknown)
    confidence: pd.DataFrame  # same shape: "high", "medium", "low" ("" where unknown)
    labels: dict[str, str]  # column key -> label shown on the chart and in the CSV header
    units: dict[str, str]  # column key -> unit
    x_kind: str  # "year" or "category"
    x_label: str  # CSV header of the x column
    breaks: list[BreakMark] = field(default_factory=list)
    references: tuple[str, ...] = ()  # reference ids behind the plotted values, in order of use
    caveats: tuple[str, ...] = ()  # caveats carried by the statistics plotted
    lower: pd.DataFrame | None = None  # interval charts: lower bounds, same shape as frame (NaN where none)
    upper: pd.DataFrame | None = None  # interval charts: upper bounds
    level: float | None = None  # interval charts: the confidence level of every interval (0.95)

    @property
    def keys(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def values(self, key: str) -> list[tuple[Any, float]]:
        """The known (x, value) pairs of one series, in x order."""
        col = self.frame[key]
        return [(x, float(v)) for x, v in col.items() if not _isnan(v)]

    def qualifier(self, x: Any, key: str) -> str:
        q = self.qualifiers.at[x, key]
        return q if isinstance(q, str) and q else "exact"

    def breaks_for(self, key: str) -> list[BreakMark]:
        return [b for b in self.breaks if key in b.series]

    def segments(self, key: str) -> list[list[tuple[Any, float]]]:
        """Runs of consecutive known values that do not cross a break (a line is drawn per run)."""
        cuts = {b.year for b in self.breaks_for(key)}
        runs: list[list[tuple[Any, float]]] = []
        current: list[tuple[Any, float]] = []
        for x, v in self.frame[key].items():
            if _isnan(v) or (self.x_kind == "year" and x in cuts):
                if current:
                    runs.append(current)
                current = []
            if not _isnan(v):
                current.append((x, float(v)))
        if current:
            runs.append(current)
        return runs

    def low_confidence(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for key in self.keys:
            xs = [x for x in self.frame.index if self.confidence.at[x, key] == "low"]
            if xs:
                out[key] = xs
        return out

    def has_qualified_values(self) -> bool:
        return any(q not in ("", "exact") for q in self.qualifiers.to_numpy().ravel())


def build_plot_data(spec: ChartSpec, project: Sources, stats: dict[str, Any], cutoff: int | None,
                    loc: Localisation = ENGLISH) -> PlotData:
    """Build the plotted table for ``spec`` with data up to ``cutoff``; raise ChartUnavailable if empty.

    ``loc`` words the notes the data itself calls for (a series with no figures in the years shown).
    """
    data = _from_dataset(spec, project, cutoff, loc) if spec.dataset else _from_statistics(spec, project, stats)
    if spec.sort != "none" and data.x_kind == "category":
        key = data.keys[0]
        order = data.frame[key].sort_values(ascending=spec.sort == "ascending", kind="stable", na_position="last").index
        data.frame = data.frame.loc[order]
        data.qualifiers = data.qualifiers.loc[order]
        data.confidence = data.confidence.loc[order]
        if data.lower is not None and data.upper is not None:
            data.lower, data.upper = data.lower.loc[order], data.upper.loc[order]
    if data.frame.isna().all().all():
        raise ChartUnavailable("no values to plot" + (f" up to {cutoff}" if cutoff else ""))
    return data


def _from_dataset(spec: ChartSpec, project: Sources, cutoff: int | None, loc: Localisation) -> PlotData:
    ds = project.datasets[spec.dataset]  # type: ignore[index]
    names = spec.series_names
    labels = {n: spec.label_for(n) or ds.meta.series[n].label for n in names}
    units = {n: ds.meta.series[n].unit for n in names}
    limit = cutoff if cutoff is not None else 9999

    if spec.x == "series":
        year = spec.year
        assert year is not None
        if year > limit:
            raise ChartUnavailable(f"the chart shows {year}, after this edition's data cut-off ({cutoff})")
        col = str(year)
        rows = [labels[n] for n in names]
        obs = {labels[n]: ds.observations.get((n, year)) for n in names}
        frame = pd.DataFrame({col: [o.value if o else math.nan for o in obs.values()]}, index=rows, dtype="float64")
        quals = pd.DataFrame({col: [o.qualifier if o else "" for o in obs.values()]}, index=rows, dtype=object)
        conf = pd.DataFrame({col: [o.confidence if o else "" for o in obs.values()]}, index=rows, dtype=object)
        frame.index.name = quals.index.name = conf.index.name = spec.x_label or "Category"
        refs = _references(project, [o for o in obs.values() if o], ds.meta.references)
        return PlotData(frame, quals, conf, {col: col}, {col: units[names[0]]}, "category",
                        spec.x_label or "Category", [], refs)

    if spec.years:
        late = [y for y in spec.years if y > limit]
        if late and spec.type in ("slope", "dumbbell"):
            raise ChartUnavailable(f"{late[0]} is after this edition's data cut-off ({cutoff})")
        years = [y for y in spec.years if y <= limit]
    else:
        known = [y for n in names for y in ds.series_years(n)
                 if y <= limit and (spec.start is None or y >= spec.start) and (spec.end is None or y <= spec.end)]
        if not known:
            raise ChartUnavailable(f"no data up to {cutoff}" if cutoff else "no data in the chosen years")
        years = list(range(min(known), max(known) + 1))
    cells = {n: [ds.observations.get((n, y)) for y in years] for n in names}
    # NOTE: a series with nothing in these years is left out and said so (an edition with an earlier cut-off).
    empty = [n for n in names if not any(cells[n])]
    if len(empty) < len(names):
        names = [n for n in names if n not in empty]
    empty_notes = tuple(
        loc.format(N_("No figures for %(label)s in %(first)s–%(last)s."), label=labels[n], first=loc.integer(years[0]),
                   last=loc.integer(years[-1])) if len(years) > 1 else
        loc.format(N_("No figure for %(label)s in %(year)s."), label=labels[n], year=loc.integer(years[0]))
        for n in empty if years and n not in names)
    frame = pd.DataFrame({n: [o.value if o else math.nan for o in cells[n]] for n in names}, index=years,
                         dtype="float64")
    quals = pd.DataFrame({n: [o.qualifier if o else "" for o in cells[n]] for n in names}, index=years, dtype=object)
    conf = pd.DataFrame({n: [o.confidence if o else "" for o in cells[n]] for n in names}, index=years, dtype=object)
    frame.index.name = quals.index.name = conf.index.name = spec.x_label or "Year"
    breaks: dict[int, list[str]] = {}
    descriptions: dict[int, str] = {}
    for n in names:
        known_years = [y for y, o in zip(years, cells[n], strict=True) if o]
        for brk in ds.breaks_for(n):
            # NOTE: a break matters only when values exist on both sides of it within the chart.
            if known_years and known_years[0] < brk.year <= known_years[-1]:
                breaks.setdefault(brk.year, []).append(n)
                descriptions[brk.year] = " ".join(brk.description.split())
    marks = [BreakMark(y, spec.breaks[y].label if y in spec.breaks else "Series break",
                       spec.breaks[y].alt if y in spec.breaks else "after a change of method",
                       descriptions[y], tuple(breaks[y])) for y in sorted(breaks)]
    ordered = sorted((o for n in names for o in cells[n] if o), key=lambda o: (o.year, names.index(o.series)))
    refs = _references(project, ordered, ds.meta.references)
    return PlotData(frame, quals, conf, {n: labels[n] for n in names}, {n: units[n] for n in names}, "year",
                    spec.x_label or "Year", marks, refs, empty_notes)


def _from_statistics(spec: ChartSpec, project: Sources, stats: dict[str, Any]) -> PlotData:
    missing = [s.id for s in spec.statistics if s.id not in stats]
    if missing:
        raise ChartUnavailable(f"statistic '{missing[0]}' is not available for this edition")
    rows: list[str] = []
    cols: list[str] = []
    cell: dict[tuple[str, str], Any] = {}
    for item in spec.statistics:
        stat = stats[item.id]
        row, col = item.row or stat.label, item.column or "Value"
        rows += [row] if row not in rows else []
        cols += [col] if col not in cols else []
        cell[(row, col)] = stat
    units = {c: next(cell[(r, c)].unit for r in rows if (r, c) in cell) for c in cols}

    def table(attr: str, empty: Any, dtype: str) -> pd.DataFrame:
        return pd.DataFrame({c: [getattr(cell[(r, c)], attr) if (r, c) in cell else empty for r in rows] for c in cols},
                            index=rows, dtype=dtype)

    frame = table("value", math.nan, "float64")
    quals = table("qualifier", "", "object")
    conf = table("confidence", "", "object")
    x_label = spec.x_label or "Category"
    labels = {c: c for c in cols}
    if spec.type in ("slope", "dumbbell"):
        # NOTE: slope and dumbbell charts read the two ends from the rows: put the columns there.
        frame, quals, conf = frame.T, quals.T, conf.T
        labels = {r: r for r in rows}
        units = {r: next(cell[(r, c)].unit for c in cols if (r, c) in cell) for r in rows}
        x_label = spec.x_label or "Measure"
    for t in (frame, quals, conf):
        t.index.name = x_label
    used = [cell[k] for k in sorted(cell, key=lambda k: (rows.index(k[0]), cols.index(k[1])))]
    refs = tuple(dict.fromkeys(r for s in used for r in s.references if r in project.references))
    caveats = tuple(dict.fromkeys(c for s in used for c in s.caveats if c))
    data = PlotData(frame, quals, conf, labels, units, "category", x_label, [], refs, caveats)
    if spec.type == "interval":
        _add_intervals(data, used, rows, cols, cell)
    return data


def _add_intervals(data: PlotData, used: list[Any], rows: list[str], cols: list[str], cell: dict[Any, Any]) -> None:
    """Interval charts: every plotted statistic's bounds, at one confidence level."""
    missing = [s.id for s in used if getattr(s, "estimate", None) is None]
    if missing:
        raise ChartUnavailable(f"statistic '{missing[0]}' has no confidence interval")
    levels = {s.estimate.level for s in used}
    if len(levels) != 1:
        raise ChartUnavailable("the estimates have different confidence levels; plot them on separate charts")

    def bound(attr: str) -> pd.DataFrame:
        return pd.DataFrame({c: [getattr(cell[(r, c)].estimate, attr) if (r, c) in cell else math.nan for r in rows]
                             for c in cols}, index=rows, dtype="float64").rename_axis(data.frame.index.name)

    data.lower, data.upper, data.level = bound("lower"), bound("upper"), levels.pop()


def _references(project: Sources, observations: list[Any], fallback: list[str]) -> tuple[str, ...]:
    """References behind the plotted rows, the publisher behind most of them first (it leads the source line)."""
    by_url = {r.url: r.id for r in project.references.values()}
    refs = [by_url[o.source_url] for o in observations if o.source_url in by_url]
    if not refs:
        return tuple(r for r in fallback if r in project.references)
    publisher = {r: project.references[r].publisher for r in refs}
    weight = {p: sum(1 for r in refs if publisher[r] == p) for p in publisher.values()}
    first = {r: i for i, r in reversed(list(enumerate(refs)))}
    return tuple(sorted(dict.fromkeys(refs), key=lambda r: (-weight[publisher[r]], first[r])))


def _isnan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))
