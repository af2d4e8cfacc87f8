"""Alt text written from the plotted data, so it always matches the chart.

The text names the chart type, then, for each series, its first and last values (with
qualifiers such as "over" or "almost", formatted like the chart's labels), the peak when it
is not at either end, and what happens after a series break. A spec's ``alt`` replaces it.
"""

from __future__ import annotations

from typing import Any

from ..formatting import format_number
from .data import PlotData
from .spec import ChartSpec

TYPE_NAMES = {
    "line": "Line chart", "bar": "Bar chart", "barh": "Horizontal bar chart", "grouped-bar": "Grouped bar chart",
    "stacked-bar": "Stacked bar chart", "area": "Stacked area chart", "small-multiples": "Small multiple line charts",
    "slope": "Slope chart", "dumbbell": "Dumbbell chart", "heatmap": "Heatmap",
    "interval": "Chart of estimates with confidence intervals",
}
LIST_UP_TO = 5  # series with this many values or fewer are read out in full


def alt_text(spec: ChartSpec, data: PlotData) -> str:
    """The spec's alt text, or one generated from ``data``."""
    if spec.alt:
        return " ".join(spec.alt.split())
    kind = TYPE_NAMES[spec.type]
    if spec.type == "area" and len(data.keys) == 1:
        kind = "Area chart"

    def fmt(x: Any, key: str, value: float) -> str:
        return format_number(value, spec.number_format, qualifier=data.qualifier(x, key), decimals=spec.decimals)

    if spec.type == "interval":
        return _join(kind, [_intervals(spec, data)])
    if spec.type in ("slope", "dumbbell"):
        ends = [str(e) for e in data.frame.index]
        parts = [_compare(data.labels[k], data.values(k), k, fmt) for k in data.keys]
        return _join(f"{kind} comparing {ends[0]} and {ends[-1]}", parts)
    if data.x_kind == "category":
        parts = []
        for key in data.keys:
            items = [f"{x} {fmt(x, key, v)}" for x, v in data.values(key)]
            missing = [str(x) for x in data.frame.index if data.frame[key].isna()[x]]
            head = data.labels[key] if len(data.keys) > 1 or spec.x == "series" else spec.title
            if spec.x == "series":
                head = f"{spec.title} ({key})" if key not in spec.title else spec.title
            text = f"{head}: {_and(items)}"
            if missing:
                text += f"; no figure for {_and(missing)}"
            parts.append(text)
        return _join(kind, parts)
    parts = [_series_text(data, key, fmt) for key in data.keys]
    return _join(kind, [p for p in parts if p])


def _intervals(spec: ChartSpec, data: PlotData) -> str:
    """"Online solicitation 12.5% (95% CI 10.5–14.7%); ..." for each row of an interval chart."""
    key = data.keys[0]
    items = []
    for x in data.frame.index:
        v = float(data.frame.at[x, key])
        if v != v:  # NaN: no figure
            items.append(f"{x}: no figure")
            continue
        lo = float(data.lower.at[x, key]) if data.lower is not None else v
        hi = float(data.upper.at[x, key]) if data.upper is not None else v
        items.append(f"{x} {interval_text(v, lo, hi, data.level, spec)}")
    return f"{spec.title}: " + "; ".join(items)


def interval_text(value: float, lower: float, upper: float, level: float | None, spec: ChartSpec) -> str:
    """A row's label: "12.6% (95% CI 9.7–16.2%)" for percentages, "value (lower–upper)" otherwise."""
    if spec.number_format in ("percent", "interval"):
        return format_number(value, "interval", interval=(lower, upper), level=level or 0.95, decimals=spec.decimals)
    shown = [format_number(x, spec.number_format, decimals=spec.decimals) for x in (value, lower, upper)]
    return f"{shown[0]} ({shown[1]}–{shown[2]})"


def _series_text(data: PlotData, key: str, fmt: Any) -> str:
    label = data.labels[key]
    known = data.values(key)
    if not known:
        return f"{label}: no data"
    if len(known) <= LIST_UP_TO:
        after = {m.year: m.alt for m in data.breaks_for(key)}
        items = [f"{fmt(x, key, v)} in {x}" + (f" {after[x]}" if x in after and i > 0 else "")
                 for i, (x, v) in enumerate(known)]
        return f"{label}: {_and(items)}" + _gaps(data, key)
    # split at breaks: the trend is described before the first break, then what follows each one
    cuts = sorted(b.year for b in data.breaks_for(key))
    pieces: list[list[tuple[Any, float]]] = [[]]
    for x, v in known:
        while cuts and x >= cuts[0]:
            cuts.pop(0)
            pieces.append([])
        pieces[-1].append((x, v))
    marks = data.breaks_for(key)
    text = label + " " + _trend(pieces[0], key, fmt)
    for mark, piece in zip(marks, pieces[1:], strict=False):
        if not piece:
            continue
        if len(piece) == 1:
            x, v = piece[0]
            text += f", then {fmt(x, key, v)} in {x} {mark.alt}"
        else:
            text += f", then, {mark.alt}, {_trend(piece, key, fmt)}"
    return text + _gaps(data, key)


def _trend(piece: list[tuple[Any, float]], key: str, fmt: Any) -> str:
    (x0, v0), (x1, v1) = piece[0], piece[-1]
    if len(piece) == 1:
        return f"was {fmt(x0, key, v0)} in {x0}"
    verb = "rose" if v1 > v0 else "fell" if v1 < v0 else "was unchanged"
    if verb == "was unchanged":
        return f"was {fmt(x0, key, v0)} in both {x0} and {x1}"
    xp, vp = max(piece, key=lambda p: p[1])
    peak = ""
    if xp not in (x0, x1) and vp > max(v0, v1) * 1.05:
        peak = f", peaking at {fmt(xp, key, vp)} in {xp}"
    return f"{verb} from {fmt(x0, key, v0)} in {x0} to {fmt(x1, key, v1)} in {x1}{peak}"


def _compare(label: str, known: list[tuple[Any, float]], key: str, fmt: Any) -> str:
    if len(known) < 2:
        return f"{label}: " + (_and([f"{fmt(x, key, v)} in {x}" for x, v in known]) or "no data")
    (x0, v0), (x1, v1) = known[0], known[-1]
    verb = "rose" if v1 > v0 else "fell" if v1 < v0 else "was unchanged"
    if verb == "was unchanged":
        return f"{label} was {fmt(x0, key, v0)} in both"
    return f"{label} {verb} from {fmt(x0, key, v0)} in {x0} to {fmt(x1, key, v1)} in {x1}"


def _gaps(data: PlotData, key: str) -> str:
    known = data.values(key)
    first, last = known[0][0], known[-1][0]
    inside = [x for x in data.frame.index if first < x < last and data.frame[key].isna()[x]]
    return f" (no figure for {_and([str(x) for x in inside])})" if inside else ""


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _join(kind: str, parts: list[str]) -> str:
    body = ". ".join(p[0].upper() + p[1:] if p else p for p in parts)
    return f"{kind}. {body}." if body else ""
