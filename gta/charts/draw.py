"""One drawing function per chart type, in the house style, on a bare matplotlib Figure.

Rules every type follows: direct labels rather than legends; values and axis ticks through
:func:`gta.formatting.format_number` (with the published qualifier, e.g. "over 200"); unknown
values are gaps (never zeros); lines never cross a series break, which is drawn as a dashed
line with a short label. Titles are not drawn here: :func:`add_frame` adds title, subtitle and
source line for the stand-alone variants (slides, the chart pack).
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..formatting import current_number_locale, format_number, no_figure_text, note_text
from .alttext import interval_text
from .data import PlotData
from .spec import ChartSpec
from .style import GRID, INK, MISSING, MUTED, SEQUENTIAL, Sizes, colour, text_colour

CM = 1 / 2.54
Fmt = Callable[[float, str], str]
# Candidate label positions around a point: (dx, dy) in points, horizontal and vertical alignment.
ABOVE, BELOW = (0, 6.5, "center", "bottom"), (0, -6.5, "center", "top")
ABOVE_LEFT, ABOVE_RIGHT = (-5, 5, "right", "bottom"), (5, 5, "left", "bottom")
BELOW_LEFT, BELOW_RIGHT = (-5, -5, "right", "top"), (5, -5, "left", "top")
LEFT, RIGHT = (-7.5, 0, "right", "center"), (7.5, 0, "left", "center")
PAD_PT = 2.5  # clear space kept around a placed label, in points
NARROW_IN = 4.5  # figures narrower than this (inches) are drawn for phones


class Placer:
    """Places labels where they cross no line, bar, tick label or earlier label.

    Labels are tried at candidate offsets in order of preference; the first free one wins (the
    first candidate if none is free). Positions are measured after a layout pass, in pixels.
    """

    def __init__(self, fig: Figure, ax: Any, *, layout: bool = True):
        self.fig, self.ax = fig, ax
        if layout:
            fig.draw_without_rendering()
        self.renderer = fig.canvas.get_renderer()
        self.boxes: list[Any] = []
        # NOTE: every panel's tick labels and titles: a label may overflow its panel towards a neighbour.
        for other in fig.axes:
            for label in [*other.get_xticklabels(), *other.get_yticklabels()]:
                if label.get_text() and label.get_visible():
                    self.boxes.append(label.get_window_extent(self.renderer))
            for text in [*other.texts, other.title, other._left_title, other._right_title]:  # noqa: SLF001
                if text.get_text():
                    self.boxes.append(text.get_window_extent(self.renderer))
        self.pad = PAD_PT * fig.dpi / 72  # clear space around every label, in pixels
        self.segments: list[tuple[np.ndarray, np.ndarray]] = []
        for line in ax.lines:
            xy = line.get_xydata()
            if len(xy) == 0:
                continue
            pts = line.get_transform().transform(np.asarray(xy, dtype=float))
            self.segments += [(pts[i], pts[i + 1]) for i in range(len(pts) - 1) if np.isfinite(pts[i:i + 2]).all()]
            if line.get_marker() not in (None, "None", "", " "):  # NOTE: a rule's ends are not points
                r = line.get_markersize() / 2 * fig.dpi / 72
                self.boxes += [_point_box(p, r) for p in pts if np.isfinite(p).all()]
        for patch in ax.patches:
            self.boxes.append(patch.get_window_extent(self.renderer))
        self.frame = ax.get_window_extent(self.renderer)
        self.figure_frame = fig.bbox

    def place(self, text: str, xy: tuple[float, float], candidates: list[tuple[float, float, str, str]], *,
              overflow_right: bool = False, text_only: bool = False, optional: bool = False, **kwargs: Any) -> Any:
        """Annotate ``text`` at the first free candidate; an ``optional`` label with no free place is left out."""
        from matplotlib.text import Text

        best: tuple[int, int] | None = None  # (cost, index) of the least bad candidate
        # NOTE: when every place near the point is taken, the same places a little further out.
        candidates = [*candidates, *[(dx * 2.2, dy * 2.2, ha, va) for dx, dy, ha, va in candidates]]
        for n, (dx, dy, ha, va) in enumerate(candidates):
            ann = self.ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                   annotation_clip=False, **kwargs)
            ann.update_positions(self.renderer)
            box = Text.get_window_extent(ann, self.renderer) if text_only else ann.get_window_extent(self.renderer)
            cost = self._cost(box, overflow_right)
            if cost == 0:
                self.boxes.append(Text.get_window_extent(ann, self.renderer))
                return ann
            ann.remove()
            if best is None or cost < best[0]:
                best = (cost, n)
        if optional:
            return None
        dx, dy, ha, va = candidates[best[1] if best else 0]
        chosen = self.ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                  annotation_clip=False, **kwargs)
        chosen.update_positions(self.renderer)
        self.boxes.append(Text.get_window_extent(chosen, self.renderer))
        return chosen

    def _cost(self, box: Any, overflow_right: bool) -> int:
        """0 when the box is free; otherwise how much it is in the way (outside the plot counts most)."""
        pad = box.padded(self.pad)
        f, whole = self.frame, self.figure_frame
        cost = 0
        if pad.x0 < f.x0 - 2 or (pad.x1 > f.x1 + 2 and not overflow_right) or pad.y0 < f.y0 - 2:
            cost += 100
        if box.x0 < whole.x0 or box.x1 > whole.x1 or box.y0 < whole.y0 or box.y1 > whole.y1:
            cost += 1000  # outside the image: cut off
        cost += 10 * sum(1 for b in self.boxes if pad.overlaps(b))
        cost += sum(1 for a, b in self.segments if _segment_hits(a, b, pad))
        return cost


def _point_box(p: np.ndarray, r: float) -> Any:
    from matplotlib.transforms import Bbox

    return Bbox([[p[0] - r, p[1] - r], [p[0] + r, p[1] + r]])


def _segment_hits(a: np.ndarray, b: np.ndarray, box: Any) -> bool:
    """Whether segment a-b crosses the box (sampled: fine enough for labels)."""
    for t in np.linspace(0, 1, 24):
        x, y = a + (b - a) * t
        if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1:
            return True
    return False


def point_candidates(values: list[float | None], i: int, last: bool) -> list[tuple[float, float, str, str]]:
    """Label positions for point i, best first, from the shape of the line around it."""
    prev = values[i - 1] if i > 0 else None
    nxt = values[i + 1] if i + 1 < len(values) else None
    v = values[i]
    rising_in = prev is not None and v is not None and v > prev
    rising_out = nxt is not None and v is not None and nxt > v
    if last:
        return [RIGHT, ABOVE, ABOVE_RIGHT, BELOW_RIGHT, BELOW, ABOVE_LEFT, LEFT]
    if nxt is None and prev is None:
        return [ABOVE, RIGHT, BELOW, LEFT, ABOVE_RIGHT, BELOW_RIGHT]
    if rising_out and not rising_in:  # a trough or a start before a rise
        return [BELOW_RIGHT, ABOVE_LEFT, BELOW, LEFT, ABOVE, RIGHT, BELOW_LEFT, ABOVE_RIGHT]
    if rising_out:  # going up through the point
        return [ABOVE_LEFT, BELOW_RIGHT, LEFT, ABOVE, BELOW, RIGHT, ABOVE_RIGHT, BELOW_LEFT]
    if rising_in:  # a peak, or the end of a rise
        return [ABOVE, ABOVE_LEFT, ABOVE_RIGHT, RIGHT, LEFT, BELOW_RIGHT, BELOW]
    return [ABOVE_RIGHT, BELOW_LEFT, ABOVE, RIGHT, BELOW, LEFT, ABOVE_LEFT, BELOW_RIGHT]  # going down


# --- entry point ----------------------------------------------------------------------------

def draw_chart(spec: ChartSpec, data: PlotData, width_in: float, height_in: float, sizes: Sizes) -> Figure:
    """Draw ``data`` as ``spec.type`` on a new figure (call inside :func:`style.house_style`)."""
    fig = new_figure(width_in, height_in)
    DRAWERS[spec.type](fig, spec, data, sizes)
    return fig


def new_figure(width_in: float, height_in: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(width_in, height_in), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def tick_text(value: float, style: str) -> str:
    """An axis tick label (cached: matplotlib asks for the same ticks at every layout pass)."""
    return _tick_text(value, style, current_number_locale())


@functools.lru_cache(maxsize=4096)
def _tick_text(value: float, style: str, locale: tuple[str, str | None]) -> str:
    return format_number(value, style, locale=locale[0], numbering=locale[1])


def number_formatter(spec: ChartSpec) -> Fmt:
    def fmt(value: float, qualifier: str = "exact") -> str:
        return format_number(value, spec.number_format, qualifier=qualifier or "exact", decimals=spec.decimals)

    return fmt


# --- line -----------------------------------------------------------------------------------

def draw_line(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    years = list(data.frame.index)
    n_points = len(years)
    for i, key in enumerate(data.keys):
        _plot_runs(ax, data, key, colour(i), markers_all=n_points <= 15)
    _value_axis(ax, spec, data)
    _year_axis(ax, years, sizes, pad=0.3)
    _break_lines(ax, data)
    single = len(data.keys) == 1
    if single:
        _room_for_last_label(fig, ax, data, fmt, sizes)
    if not single and not spec.legend:
        _end_labels(fig, ax, data, fmt, sizes)
    elif spec.legend:
        _legend(fig, ax, data, sizes)
    placer = Placer(fig, ax)
    highlights = {h for h in spec.highlights if isinstance(h, int)}
    for i, key in enumerate(data.keys):
        known = data.values(key)
        marks = set(highlights)
        if single:
            marks |= {known[0][0], known[-1][0]}
            marks |= {x for run in data.segments(key)[:-1] for x in (run[-1][0],)} if data.breaks_for(key) else set()
        _label_points(placer, data, key, marks, fmt, colour(i), sizes, last_is_labelled=single)
    _annotations(placer, spec, data, sizes)
    _break_labels(placer, data, sizes)


def _room_for_last_label(fig: Figure, ax: Any, data: PlotData, fmt: Fmt, sizes: Sizes) -> None:
    """Widen the year axis so the last point's label fits beside it, when a break leaves it alone on the right.

    NOTE: above the point the label would cross the break's dashed line; beside it, it needs room.
    """
    key = data.keys[0]
    runs = data.segments(key)
    if len(runs) < 2 or len(runs[-1]) != 1:
        return
    x, v = runs[-1][0]
    fig.draw_without_rendering()
    probe = ax.text(0, 0, fmt(v, data.qualifier(x, key)), fontsize=sizes.value)
    width_px = probe.get_window_extent(fig.canvas.get_renderer()).width + (7 + PAD_PT + 2) * fig.dpi / 72
    probe.remove()
    x0, x1 = ax.get_xlim()
    per_unit = ax.get_window_extent().width / (x1 - x0)
    need = x + width_px / per_unit * 1.15  # NOTE: the plot narrows a little when the axis widens
    if need > x1:
        ax.set_xlim(x0, need)


def _label_points(placer: Placer, data: PlotData, key: str, xs: set[Any], fmt: Fmt, col: str, sizes: Sizes,
                  last_is_labelled: bool = True) -> None:
    values = [None if math.isnan(v) else float(v) for v in data.frame[key].to_numpy(dtype=float)]
    index = list(data.frame.index)
    cuts = {b.year for b in data.breaks_for(key)}
    last_x = data.values(key)[-1][0] if data.values(key) else None
    for i, x in enumerate(index):
        if x not in xs or values[i] is None:
            continue
        # NOTE: neighbours across a break are not part of this point's line.
        around = list(values)
        if x in cuts and i > 0:
            around[i - 1] = None
        if index[i] + 1 in cuts and i + 1 < len(around):
            around[i + 1] = None
        cands = point_candidates(around, i, last=last_is_labelled and x == last_x)
        placer.place(fmt(values[i], data.qualifier(x, key)), (x, values[i]), cands, overflow_right=x == last_x,
                     fontsize=sizes.value, color=text_colour(col), zorder=5)


def _plot_runs(ax: Any, data: PlotData, key: str, col: str, *, markers_all: bool, lw: float | None = None) -> None:
    for n, run in enumerate(data.segments(key)):
        xs, ys = zip(*run, strict=True)
        ax.plot(xs, ys, color=col, lw=lw, marker="o" if markers_all or len(run) == 1 else None,
                markersize=3.2 if markers_all else 4.5, markeredgewidth=0, clip_on=False, zorder=3,
                label=data.labels[key] if n == 0 else "_nolegend_")
    known = data.values(key)
    if not markers_all and known:
        x, y = known[-1]
        ax.plot([x], [y], color=col, marker="o", markersize=4.5, markeredgewidth=0, clip_on=False, zorder=3)


def _line_occupancy(data: PlotData) -> Callable[[float], list[tuple[float, float]]]:
    def occupied(x: float) -> list[tuple[float, float]]:
        out = []
        for key in data.keys:
            v = data.frame[key].get(x)
            if v is not None and not math.isnan(v):
                out.append((float(v), float(v)))
        return out

    return occupied


# --- bars -----------------------------------------------------------------------------------

def draw_bar(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    if spec.type == "barh":
        return draw_barh(fig, spec, data, sizes)
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    key = data.keys[0]
    xs = list(range(len(data.frame.index))) if data.x_kind == "category" else list(data.frame.index)
    vals = data.frame[key].to_numpy(dtype=float)
    ax.bar(xs, np.nan_to_num(vals, nan=0.0), width=0.62, color=[colour(0) if not math.isnan(v) else "none" for v in vals])
    _value_axis(ax, spec, data, headroom=1.1)
    if data.x_kind == "category":
        ax.set_xticks(xs, [_wrap(str(x), 14) for x in data.frame.index])
        ax.tick_params(axis="x", length=0)
    else:
        _year_axis(ax, xs, sizes, pad=0.6)
    _break_lines(ax, data)
    texts = {label: fmt(v, data.qualifier(label, key)) for label, v in zip(data.frame.index, vals, strict=True)
             if not math.isnan(v)}
    # NOTE: every bar is labelled when the labels fit side by side; otherwise the first, the last and the highlighted.
    wanted = _labels_that_fit(fig, ax, xs, list(data.frame.index), texts, sizes, spec.highlights)
    for x, label, v in zip(xs, data.frame.index, vals, strict=True):
        if math.isnan(v):
            _no_data(ax, x, sizes)
        elif label in wanted:
            ax.annotate(texts[label], (x, v), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", fontsize=sizes.value, color=INK)
    placer = Placer(fig, ax)
    _annotations(placer, spec, data, sizes)
    _break_labels(placer, data, sizes)


def draw_barh(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    key = data.keys[0]
    labels = [str(x) for x in data.frame.index]
    ys = list(range(len(labels)))[::-1]  # first row at the top
    vals = data.frame[key].to_numpy(dtype=float)
    ax.barh(ys, np.nan_to_num(vals, nan=0.0), height=0.62, color=colour(0))
    ax.set_yticks(ys, [_wrap(s, 28) for s in labels])
    ax.tick_params(axis="y", labelsize=sizes.label, length=0)
    ax.grid(False)
    ax.spines["bottom"].set_visible(False)
    ax.spines["left"].set_visible(True)
    ax.spines["left"].set_color(MUTED)
    ax.set_xticks([])
    lo = min(0.0, np.nanmin(vals))
    hi = max(0.0, np.nanmax(vals))
    ax.set_xlim(lo - (hi - lo) * (0.18 if lo < 0 else 0), hi + (hi - lo) * 0.02)
    for y, label, v in zip(ys, labels, vals, strict=True):
        if math.isnan(v):
            ax.annotate(no_figure_text(), (0, y), xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=sizes.small, color=MISSING)
            continue
        ax.annotate(fmt(v, data.qualifier(label, key)), (v, y), xytext=(4 if v >= 0 else -4, 0),
                    textcoords="offset points", ha="left" if v >= 0 else "right", va="center",
                    fontsize=sizes.value, color=INK, annotation_clip=False)
    if spec.y.label:
        ax.set_title(spec.y.label, loc="left", fontsize=sizes.small, color=MUTED, fontweight="normal")


def draw_grouped_bar(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    groups = list(data.frame.index)
    n = len(data.keys)
    width = 0.8 / n
    positions = np.arange(len(groups), dtype=float)
    for i, key in enumerate(data.keys):
        vals = data.frame[key].to_numpy(dtype=float)
        xs = positions - 0.4 + width * (i + 0.5)
        ax.bar(xs, np.nan_to_num(vals, nan=0.0), width=width * 0.92, color=colour(i), label=data.labels[key])
        for x, g, v in zip(xs, groups, vals, strict=True):
            if math.isnan(v):
                _no_data(ax, x, sizes, rotate=True)
            else:
                ax.annotate(_wrap(fmt(v, data.qualifier(g, key)), 8), (x, v), xytext=(0, 2.5), textcoords="offset points",
                            ha="center", va="bottom", fontsize=sizes.small, color=INK, linespacing=0.95)
    ax.set_xticks(positions, [str(g) for g in groups])
    ax.tick_params(axis="x", length=0, labelsize=sizes.label)
    ax.set_xlim(-0.55, len(groups) - 0.45)
    _value_axis(ax, spec, data, headroom=1.12)
    _legend(fig, ax, data, sizes, patches=True)
    _annotations(ax, spec, data, sizes)


def draw_stacked_bar(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    xs_all = list(data.frame.index)
    xs = list(range(len(xs_all))) if data.x_kind == "category" else xs_all
    bottom = np.zeros(len(xs))
    complete = ~data.frame.isna().any(axis=1).to_numpy()
    for i, key in enumerate(data.keys):
        vals = data.frame[key].to_numpy(dtype=float)
        # NOTE: a year with any unknown part draws only its known parts and no total.
        ax.bar(xs, np.nan_to_num(vals, nan=0.0), bottom=bottom, width=0.62, color=colour(i),
               edgecolor="white", linewidth=0.4, label=data.labels[key])
        bottom = bottom + np.nan_to_num(vals, nan=0.0)
    _value_axis(ax, spec, data, totals=bottom, headroom=1.08)
    if data.x_kind == "category":
        ax.set_xticks(xs, [_wrap(str(x), 14) for x in xs_all])
    else:
        _year_axis(ax, xs, sizes, pad=0.6)
    _break_lines(ax, data)
    texts = {}
    for label, total, ok in zip(xs_all, bottom, complete, strict=True):
        if ok:
            quals = {data.qualifier(label, k) for k in data.keys}
            texts[label] = fmt(float(total), "exact" if quals == {"exact"} else "about")
    wanted = _labels_that_fit(fig, ax, xs, xs_all, texts, sizes, spec.highlights)
    for x, label, total, ok in zip(xs, xs_all, bottom, complete, strict=True):
        if not ok and total == 0:
            _no_data(ax, x, sizes)
        elif ok and label in wanted:
            ax.annotate(texts[label], (x, total), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom", fontsize=sizes.value, color=INK)
    if spec.legend:
        _legend(fig, ax, data, sizes, patches=True)
    else:
        last = len(xs) - 1
        mids, y0 = [], 0.0
        for i, key in enumerate(data.keys):
            v = float(np.nan_to_num(data.frame[key].iloc[last], nan=0.0))
            mids.append((xs[last], y0 + v / 2, data.labels[key], colour(i)))
            y0 += v
        _side_labels(fig, ax, mids, sizes, dx=0.36)
    placer = Placer(fig, ax)
    _annotations(placer, spec, data, sizes)
    _break_labels(placer, data, sizes)


def _labels_that_fit(fig: Figure, ax: Any, xs: list[Any], labels: list[Any], texts: dict[Any, str], sizes: Sizes,
                     highlights: list[Any]) -> set[Any]:
    """The bars whose value labels fit side by side (measured); when they do not, the first, last and highlighted.

    A label that would cross a series break's line is left out too: the break sits between bars.
    """
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    x0, x1 = ax.get_xlim()
    per_unit = ax.get_window_extent(renderer).width / (x1 - x0)
    probe = ax.text(0, 0, "", fontsize=sizes.value)
    widths = {}
    for label, text in texts.items():
        probe.set_text(text)
        widths[label] = probe.get_window_extent(renderer).width / per_unit + 2 * PAD_PT * fig.dpi / 72 / per_unit
    probe.remove()
    position = dict(zip(labels, xs, strict=True))
    shown = [lab for lab in labels if lab in texts]
    fits = all(position[b] - position[a] >= (widths[a] + widths[b]) / 2 for a, b in zip(shown, shown[1:], strict=False))
    wanted = set(shown) if fits and len(shown) <= 12 else {lab for lab in (shown[:1] + shown[-1:]) + list(highlights)}
    cuts = [b.year - 0.5 for b in getattr(ax, "_gta_breaks", [])]
    return {lab for lab in wanted if lab in texts
            and not any(abs(position[lab] - c) < widths[lab] / 2 for c in cuts)}


def _bar_occupancy(data: PlotData, stacked: bool) -> Callable[[float], list[tuple[float, float]]]:
    def occupied(x: float) -> list[tuple[float, float]]:
        if x not in data.frame.index:
            return []
        row = data.frame.loc[x].to_numpy(dtype=float)
        top = float(np.nansum(row)) if stacked else float(np.nanmax(row)) if not np.isnan(row).all() else 0.0
        return [(0.0, top * 1.12)]  # the bar and its value label

    return occupied


def _no_data(ax: Any, x: float, sizes: Sizes, rotate: bool = False) -> None:
    ax.annotate(no_figure_text(), (x, 0), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                fontsize=sizes.small * 0.9, color=MISSING, rotation=90 if rotate else 0)


# --- area -----------------------------------------------------------------------------------

def draw_area(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    years = list(data.frame.index)
    cuts = sorted({b.year for b in data.breaks})
    lower = np.zeros(len(years))
    tops = []
    for i, key in enumerate(data.keys):
        vals = data.frame[key].to_numpy(dtype=float)
        upper = lower + vals  # NaN anywhere below leaves a gap above as well
        for lo_i, hi_i in _runs(years, upper, cuts):
            sl = slice(lo_i, hi_i + 1)
            ax.fill_between(years[sl], lower[sl], upper[sl], color=colour(i), alpha=0.85, linewidth=0, zorder=2)
            ax.plot(years[sl], upper[sl], color=text_colour(colour(i), 3.0), lw=1.0, zorder=3)
        tops.append(upper)
        lower = upper
    _value_axis(ax, spec, data, totals=lower)
    _year_axis(ax, years, sizes, pad=0.0)
    _breaks(fig, ax, data, sizes, occupied=lambda x: [(0.0, float(np.nan_to_num(lower[years.index(x)])) * 1.05)]
            if x in years else [])
    if spec.legend:
        _legend(fig, ax, data, sizes, patches=True)
    else:
        items, base = [], 0.0
        last = len(years) - 1
        for i, key in enumerate(data.keys):
            v = float(np.nan_to_num(data.frame[key].iloc[last], nan=0.0))
            text = f"{data.labels[key]}\n{fmt(v, data.qualifier(years[last], key))}"
            items.append((years[last], base + v / 2, text, colour(i)))
            base += v
        _side_labels(fig, ax, items, sizes, dx=0.15, lines=2)
    _annotations(ax, spec, data, sizes)


def _runs(years: list[int], values: np.ndarray, cuts: list[int]) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, (y, v) in enumerate(zip(years, values, strict=True)):
        if math.isnan(v) or y in cuts:
            if start is not None and i - 1 >= start:
                runs.append((start, i - 1))
            start = None if math.isnan(v) else i
        elif start is None:
            start = i
    if start is not None:
        runs.append((start, len(years) - 1))
    return [(a, b) for a, b in runs if b > a] + [(a, a) for a, b in runs if b == a]


# --- small multiples ----------------------------------------------------------------------------

def draw_small_multiples(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    fmt = number_formatter(spec)
    keys = data.keys
    ncols = spec.columns or (2 if len(keys) == 4 else min(3, len(keys)))
    if fig.get_figwidth() < NARROW_IN:  # a phone's width: panels one under another, with room between them
        ncols = 1
        fig.get_layout_engine().set(h_pad=0.22)
    nrows = math.ceil(len(keys) / ncols)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=spec.share_y, squeeze=False)
    years = list(data.frame.index)
    width_in = fig.get_figwidth() / ncols
    panels = []
    for i, key in enumerate(keys):
        ax = axes[i // ncols][i % ncols]
        _plot_runs(ax, data, key, colour(0), markers_all=True)
        ax.set_title(_wrap(data.labels[key], int(width_in * 72 / (sizes.label * 0.5))), loc="left",
                     fontsize=sizes.label, color=INK)
        _value_axis(ax, spec, data, keys=[key] if not spec.share_y else None, nbins=3, headroom=1.18)
        _year_axis(ax, years, sizes, pad=0.35, max_ticks=max(3, int(width_in * 1.6)))
        panels.append((ax, key))
    # NOTE: break lines, one layout pass for all panels (each pass is costly), then the labels:
    # points first, then each break's label where the points' labels left room.
    subs = {}
    for ax, key in panels:
        subs[key] = PlotData(data.frame[[key]], data.qualifiers[[key]], data.confidence[[key]],
                             {key: data.labels[key]}, {key: data.units.get(key, "")}, data.x_kind, data.x_label,
                             data.breaks_for(key))
        _break_lines(ax, subs[key])
    for ax, key in panels:
        _room_for_last_label(fig, ax, subs[key], fmt, sizes)
    fig.draw_without_rendering()
    for ax, key in panels:
        runs = data.segments(key)
        marks = {x for run in runs for x in (run[0][0], run[-1][0])}
        placer = Placer(fig, ax, layout=False)
        _label_points(placer, data, key, marks, fmt, colour(0), sizes, last_is_labelled=False)
        _break_labels(placer, subs[key], sizes)
    for j in range(len(keys), nrows * ncols):
        axes[j // ncols][j % ncols].set_visible(False)


# --- slope and dumbbell -------------------------------------------------------------------------

def draw_slope(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    ends = list(data.frame.index)
    left, right = [], []
    for i, key in enumerate(data.keys):
        v0, v1 = (float(data.frame[key].iloc[j]) for j in (0, 1))
        col = colour(i)
        if not (math.isnan(v0) or math.isnan(v1)):
            ax.plot([0, 1], [v0, v1], color=col, lw=2.0, zorder=3)
        for x, v, side in ((0, v0, left), (1, v1, right)):
            if math.isnan(v):
                continue
            ax.plot([x], [v], "o", color=col, markersize=5.5, markeredgewidth=0, zorder=4, clip_on=False)
            value = fmt(v, data.qualifier(ends[x], key))
            side.append((x, v, value if x == 0 else f"{value}  {data.labels[key]}", col))
    ax.set_xlim(0, 1)
    _value_axis(ax, spec, data)
    ax.grid(False)
    ax.yaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.set_xticks([0, 1], [str(e) for e in ends])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", length=0, labelsize=sizes.label, pad=4)
    for x in (0, 1):
        ax.axvline(x, color=GRID, lw=0.8, zorder=1)
    _side_labels(fig, ax, left, sizes, dx=-0.03, ha="right")
    _side_labels(fig, ax, right, sizes, dx=0.03, ha="left")


def draw_dumbbell(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    ax = fig.add_subplot()
    fmt = number_formatter(spec)
    ends = list(data.frame.index)
    keys = data.keys
    ys = list(range(len(keys)))[::-1]
    for y, key in zip(ys, keys, strict=True):
        v0, v1 = (float(data.frame[key].iloc[j]) for j in (0, 1))
        if not (math.isnan(v0) or math.isnan(v1)):
            ax.plot([v0, v1], [y, y], color="#BBBBBB", lw=2.2, zorder=2, solid_capstyle="butt")
        lo_first = not (v1 < v0)
        for j, v in enumerate((v0, v1)):
            if math.isnan(v):
                continue
            ax.plot([v], [y], "o", color=colour(j), markersize=7, markeredgewidth=0, zorder=3)
            left_side = (j == 0) == lo_first
            ax.annotate(fmt(v, data.qualifier(ends[j], key)), (v, y), xytext=(-7 if left_side else 7, 0),
                        textcoords="offset points", ha="right" if left_side else "left", va="center",
                        fontsize=sizes.value, color=text_colour(colour(j)))
    ax.set_yticks(ys, [_wrap(data.labels[k], 26) for k in keys])
    ax.tick_params(axis="y", labelsize=sizes.label, length=0)
    ax.set_ylim(-0.6, len(keys) - 0.3)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    vals = data.frame.to_numpy(dtype=float)
    lo, hi = float(np.nanmin(vals)), float(np.nanmax(vals))
    lo = spec.y.min if spec.y.min is not None else lo
    span = (hi - lo) or abs(hi) or 1.0
    ax.set_xlim(lo - span * 0.35, hi + span * 0.35)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: tick_text(float(v), spec.number_format)))
    # the two ends, named once above the top row in their colours (a legend that needs no lookup)
    top = ys[0]
    first = keys[0]
    for j in (0, 1):
        v = float(data.frame[first].iloc[j])
        if not math.isnan(v):
            ax.annotate(str(ends[j]), (v, top), xytext=(0, 9), textcoords="offset points", ha="center", va="bottom",
                        fontsize=sizes.label, fontweight=sizes.strong, color=text_colour(colour(j)))
    if spec.y.label:
        ax.set_xlabel(spec.y.label, fontsize=sizes.small, color=MUTED)


# --- interval (point estimates with confidence-interval whiskers) ----------------------------------

def draw_interval(fig: Figure, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    """One row per estimate, first at the top: a dot at the value, a whisker from lower to upper bound.

    Each row is labelled with the estimate and its interval, in the chart's number format; the value
    axis starts at zero so that intervals are compared on one honest scale.
    """
    ax = fig.add_subplot()
    key = data.keys[0]
    labels = [str(x) for x in data.frame.index]
    ys = list(range(len(labels)))[::-1]
    vals = data.frame[key].to_numpy(dtype=float)
    lows = data.lower[key].to_numpy(dtype=float) if data.lower is not None else vals
    highs = data.upper[key].to_numpy(dtype=float) if data.upper is not None else vals
    col = colour(0)
    labels_to_place = []
    for y, v, lo, hi in zip(ys, vals, lows, highs, strict=True):
        if math.isnan(v):
            ax.annotate(no_figure_text(), (0, y), xytext=(4, 0), textcoords="offset points", ha="left", va="center",
                        fontsize=sizes.small, color=MISSING)
            continue
        ax.plot([lo, hi], [y, y], color=col, lw=1.6, solid_capstyle="butt", zorder=2)
        for end in (lo, hi):  # caps
            ax.plot([end, end], [y - 0.13, y + 0.13], color=col, lw=1.2, zorder=2)
        ax.plot([v], [y], "o", color=col, markersize=6.5, markeredgecolor="white", markeredgewidth=0.8, zorder=3)
        labels_to_place.append((interval_text(v, lo, hi, data.level, spec), lo, hi, y))
    # NOTE: a phone's row labels wrap shorter, or long ones (Arabic is wider per letter) leave no plot at all
    ax.set_yticks(ys, [_wrap(s, 28 if fig.get_figwidth() > NARROW_IN else 18) for s in labels])
    ax.tick_params(axis="y", labelsize=sizes.label, length=0)
    ax.set_ylim(-0.6, len(labels) - 0.2)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    top = float(np.nanmax(highs)) if np.isfinite(highs).any() else 1.0
    lo_axis = spec.y.min if spec.y.min is not None else min(0.0, float(np.nanmin(lows)))
    hi_axis = spec.y.max if spec.y.max is not None else top * 1.35  # room for the labels beside the whiskers
    ax.set_xlim(lo_axis, hi_axis)
    # NOTE: a narrow (phone) figure has room for fewer value ticks
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5 if fig.get_figwidth() > 4 else 3, steps=[1, 2, 2.5, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: tick_text(float(v), spec.number_format)))
    if spec.y.label:
        ax.set_xlabel(spec.y.label, fontsize=sizes.small, color=MUTED)
    # NOTE: each label is measured and put where it crosses no whisker, cap, dot or other label:
    # above its whisker, else below it, else after its upper end.
    placer = Placer(fig, ax)
    style = {"fontsize": sizes.value, "color": INK, "zorder": 4}
    for text, lo, hi, y in labels_to_place:
        if placer.place(text, (lo, y), [(0, 6, "left", "bottom"), (0, -6, "left", "top")], optional=True,
                        text_only=True, **style) is None:
            placer.place(text, (hi, y), [(5, 0, "left", "center")], overflow_right=True, text_only=True, **style)


# --- heatmap ------------------------------------------------------------------------------------

def draw_heatmap(fig: Figure, matrix: np.ndarray, rows: list[str], cols: list[str], sizes: Sizes,
                 value_format: str = "plain") -> None:
    from matplotlib.colors import LinearSegmentedColormap

    ax = fig.add_subplot()
    cmap = LinearSegmentedColormap.from_list("gta-sequential", list(SEQUENTIAL)).with_extremes(bad="#FFFFFF")
    masked = np.ma.masked_invalid(matrix)
    finite = matrix[np.isfinite(matrix)]
    vmin, vmax = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if vmin == vmax:
        vmax = vmin + 1
    ax.imshow(masked, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(cols)), [_wrap(c, 14) for c in cols])
    ax.set_yticks(range(len(rows)), [_wrap(r, min(40, int(fig.get_figwidth() * 72 * 0.45 / (0.5 * sizes.small))))
                                     for r in rows])
    ax.xaxis.tick_top()
    ax.tick_params(axis="both", length=0, labelsize=sizes.small)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xticks(np.arange(-0.5, len(cols), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(rows), 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    fit_heatmap_labels(fig, rows, cols, sizes.small)
    for r in range(len(rows)):
        for c in range(len(cols)):
            v = matrix[r, c]
            dark = not math.isnan(v) and (v - vmin) / (vmax - vmin) > 0.55
            ax.text(c, r, format_number(None if math.isnan(v) else float(v), value_format), ha="center", va="center",
                    fontsize=sizes.small, color="white" if dark else (MISSING if math.isnan(v) else INK))


def fit_heatmap_labels(fig: Figure, rows: list[str], cols: list[str], size: float) -> None:
    """Row labels that never overlap (wrapped less, then smaller, where rows are tight, as on a slide) and
    column labels no wider than their column. Call again once a frame has shrunk the plot."""
    ax = fig.axes[0]
    fig.draw_without_rendering()
    row_pitch = ax.get_window_extent().height * 72 / fig.dpi / max(len(rows), 1)
    # NOTE: labels never take more than 45% of the figure's width (about 0.5 em a character), or a
    # narrow figure (a phone) with long labels (French, Chinese) has no room left for the cells.
    widest = max(12, int(fig.get_figwidth() * 72 * 0.45 / (0.5 * size)))
    for width in (40, 55, 70, 1000):
        wrapped = [_wrap(r, min(width, widest)) for r in rows]
        lines = max((w.count("\n") + 1 for w in wrapped), default=1)
        if lines * size * 1.2 <= row_pitch:
            break
    ax.set_yticks(range(len(rows)), wrapped)
    ax.tick_params(axis="y", labelsize=min(size, row_pitch / (lines * 1.2)))
    fig.draw_without_rendering()  # NOTE: the row labels' width sets the columns' width
    col_pitch = ax.get_window_extent().width * 72 / fig.dpi / max(len(cols), 1)
    heads = [_wrap(c, 14) for c in cols]
    longest = max((len(line) for h in heads for line in h.split("\n")), default=1)
    # NOTE: Source Sans Pro averages about 0.5 em per character in short labels.
    fits = col_pitch * 0.92 / (longest * 0.5)
    if fits >= 0.8 * size:
        ax.set_xticks(range(len(cols)), heads)
        ax.tick_params(axis="x", labelsize=min(size, fits))
    else:  # too narrow even for a smaller type: one slanted line per column
        ax.set_xticks(range(len(cols)), cols, rotation=30, ha="left", va="bottom", rotation_mode="anchor")
        ax.tick_params(axis="x", labelsize=size * 0.9)


DRAWERS: dict[str, Callable[[Figure, ChartSpec, PlotData, Sizes], None]] = {
    "line": draw_line, "bar": draw_bar, "barh": draw_barh, "grouped-bar": draw_grouped_bar,
    "stacked-bar": draw_stacked_bar, "area": draw_area, "small-multiples": draw_small_multiples,
    "slope": draw_slope, "dumbbell": draw_dumbbell, "interval": draw_interval,
}


# --- shared pieces ------------------------------------------------------------------------------

def _value_axis(ax: Any, spec: ChartSpec, data: PlotData, *, totals: np.ndarray | None = None,
                keys: list[str] | None = None, nbins: int = 5, headroom: float = 1.0) -> None:
    frame = data.frame[keys] if keys else data.frame
    values = frame.to_numpy(dtype=float)
    hi = float(np.nanmax(totals)) if totals is not None else float(np.nanmax(values))
    lo = float(np.nanmin(values))
    if spec.y.scale == "log":
        ax.set_yscale("log")
    else:
        bottom = spec.y.min if spec.y.min is not None else min(0.0, lo)
        top = spec.y.max if spec.y.max is not None else hi * headroom
        locator = MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)
        ticks = locator.tick_values(bottom, top)
        nice = float(ticks[-1])
        # NOTE: end on a round tick only when it costs little room; otherwise keep the data large.
        ax.set_ylim(bottom, (nice if top <= nice <= top * 1.15 else top) if spec.y.max is None else top)
        ax.yaxis.set_major_locator(locator)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tick_text(float(v), spec.number_format)))
    if spec.y.label:
        ax.set_title(spec.y.label, loc="left", fontsize=float(ax.yaxis.get_ticklabels()[0].get_fontsize())
                     if ax.yaxis.get_ticklabels() else None, color=MUTED, fontweight="normal")


def _year_axis(ax: Any, years: list[int], sizes: Sizes, pad: float, max_ticks: int = 9) -> None:
    first, last = min(years), max(years)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if (last - first) // s + 1 <= max_ticks)
    # NOTE: ticks count back from the latest year, which readers look for first.
    ticks = list(range(last, first - 1, -step))[::-1]
    ax.set_xticks(ticks, [str(t) for t in ticks])
    ax.set_xlim(first - pad, last + pad)


def _annotations(target: Any, spec: ChartSpec, data: PlotData, sizes: Sizes) -> None:
    """The spec's annotations: short texts with a thin leader to a point, placed clear of the data."""
    if not spec.annotations:
        return
    placer = target if isinstance(target, Placer) else None
    for note in spec.annotations:
        key = note.series if note.series in data.keys else data.keys[0]
        if note.x not in data.frame.index:
            continue
        v = data.frame[key].get(note.x)
        if v is None or math.isnan(v):
            continue
        if placer is None:
            placer = Placer(target.figure, target)
        pos = list(data.frame.index).index(note.x) if data.x_kind == "category" else note.x
        # near first, then further out: above-left, below-right, ... up to four label heights away
        cands = [(dx * 10, dy * 18, "left" if dx > 0 else "right", "bottom" if dy > 0 else "top")
                 for reach in (1, 2, 3, 4) for dx, dy in ((1, -1), (-1, 1), (1, 1), (-1, -1))
                 for dx, dy in [(dx * (1 + (reach > 2)), dy * reach)]]
        # NOTE: on a phone's narrow chart an annotation with no free place is left out (the text tells it).
        narrow = placer.fig.get_figwidth() < NARROW_IN
        placer.place(_wrap(note.text, 26), (pos, float(v)), cands, text_only=True, optional=narrow, fontsize=sizes.small,
                     color=MUTED, linespacing=1.05, zorder=6,
                     arrowprops={"arrowstyle": "-", "color": MUTED, "lw": 0.6, "shrinkA": 1, "shrinkB": 3})


def _legend(fig: Figure, ax: Any, data: PlotData, sizes: Sizes, patches: bool = False) -> None:
    """A one-row legend above the plot, for charts where direct labels do not fit (grouped bars)."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    # NOTE: right to left, the legend starts at the right edge: first series rightmost, swatch before its label.
    rtl = sizes.rtl
    ax.legend(handles, labels, loc="lower right" if rtl else "lower left", bbox_to_anchor=(1 if rtl else 0, 1.0),
              ncols=min(len(labels), 4), fontsize=sizes.label, handlelength=0.9 if patches else 1.6, frameon=False,
              borderaxespad=0.3, markerfirst=not rtl, reverse=rtl and len(labels) <= 4)
    unit = ax.get_title(loc="left")
    if unit:  # the unit moves to the other end of the legend's row
        ax.set_title("", loc="left")
        ax.set_title(unit, loc="left" if rtl else "right", fontsize=sizes.value, color=MUTED, fontweight="normal")


def _end_labels(fig: Figure, ax: Any, data: PlotData, fmt: Fmt, sizes: Sizes) -> None:
    items = []
    for i, key in enumerate(data.keys):
        known = data.values(key)
        if known:
            x, v = known[-1]
            items.append((x, v, f"{data.labels[key]}\n{fmt(v, data.qualifier(x, key))}", colour(i)))
    _side_labels(fig, ax, items, sizes, dx=0.0, lines=2, offset_pt=6)


def _side_labels(fig: Figure, ax: Any, items: list[tuple[float, float, str, str]], sizes: Sizes, *, dx: float,
                 ha: str = "left", lines: int = 1, offset_pt: float = 0) -> None:
    """Labels beside a column of points, spread vertically so that none overlap."""
    if not items:
        return
    fig.draw_without_rendering()
    height_pt = ax.get_window_extent().height * 72 / fig.dpi
    lo, hi = ax.get_ylim()
    gap = sizes.label * 1.18 * max(t.count("\n") + 1 for _, _, t, _ in items)
    wanted = [(y - lo) / (hi - lo) * height_pt for _, y, _, _ in items]
    placed = _spread(wanted, gap, 0.0, height_pt)
    for (x, y, text, col), want, got in zip(items, wanted, placed, strict=True):
        ax.annotate(text, (x + dx, y), xytext=((offset_pt if ha == "left" else -offset_pt), got - want),
                    textcoords="offset points", ha=ha, va="center", fontsize=sizes.label, color=text_colour(col),
                    linespacing=1.05, annotation_clip=False, zorder=5)


def _spread(wanted: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Move positions apart by at least ``gap`` with the least movement (keeps their order)."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    pos = [wanted[i] for i in order]
    for _ in range(50):
        moved = False
        for j in range(1, len(pos)):
            if pos[j] - pos[j - 1] < gap - 1e-6:
                mid = (pos[j] + pos[j - 1]) / 2
                pos[j - 1], pos[j] = mid - gap / 2, mid + gap / 2
                moved = True
        if pos and pos[0] < lo:
            shift = lo - pos[0]
            pos = [p + shift for p in pos]
            moved = True
        if not moved:
            break
    out = [0.0] * len(wanted)
    for i, p in zip(order, pos, strict=True):
        out[i] = p
    return out


def _break_lines(ax: Any, data: PlotData) -> None:
    """The dashed line before each break year (labelled later by :func:`_break_labels`)."""
    if data.x_kind != "year":
        return
    for mark in data.breaks:
        ax.axvline(mark.year - 0.5, color=MUTED, lw=0.8, ls=(0, (3, 2)), zorder=4)
    ax._gta_breaks = list(data.breaks)  # noqa: SLF001 - read by _labels_that_fit


def _break_labels(placer: Placer, data: PlotData, sizes: Sizes) -> None:
    """Each break's short label beside its line, where it touches no line, point or label (measured).

    Tried at the top of the plot, then at its floor, left of the line, then right; when every place
    is taken, the label goes above the plot, centred on its line.
    """
    if data.x_kind != "year":
        return
    for mark in data.breaks:
        bx = mark.year - 0.5
        style = {"fontsize": sizes.small, "color": MUTED, "fontstyle": "italic", "zorder": 6, "annotation_clip": False}
        for vpos, va, dx, ha in ((0.97, "top", -3, "right"), (0.97, "top", 3, "left"),
                                 (0.03, "bottom", -3, "right"), (0.03, "bottom", 3, "left")):
            ann = placer.ax.annotate(mark.label, (bx, vpos), xycoords=("data", "axes fraction"), xytext=(dx, 0),
                                     textcoords="offset points", ha=ha, va=va, **style)
            ann.update_positions(placer.renderer)
            box = ann.get_window_extent(placer.renderer)
            if placer._cost(box, overflow_right=False) == 0:  # noqa: SLF001 - the point labels' own measure
                placer.boxes.append(box)
                break
            ann.remove()
        else:
            ann = placer.ax.annotate(mark.label, (bx, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                                     textcoords="offset points", ha="center", va="bottom", **style)
            placer.boxes.append(ann.get_window_extent(placer.renderer))


def _breaks(fig: Figure, ax: Any, data: PlotData, sizes: Sizes,
            occupied: Callable[[float], list[tuple[float, float]]], *, layout: bool = True) -> None:
    """A dashed line before each break year, labelled where the data leaves room (bars and areas)."""
    if data.x_kind != "year" or not data.breaks:
        return
    if layout:
        fig.draw_without_rendering()
    lo, hi = ax.get_ylim()
    x0, x1 = ax.get_xlim()
    bbox = ax.get_window_extent()
    pt_per_x = bbox.width * 72 / fig.dpi / (x1 - x0)
    for mark in data.breaks:
        bx = mark.year - 0.5
        ax.axvline(bx, color=MUTED, lw=0.8, ls=(0, (3, 2)), zorder=4)
        width_pt = len(mark.label) * sizes.small * 0.5 + 6
        best = None
        for side in ("left", "right"):
            room = (bx - x0 if side == "left" else x1 - bx) * pt_per_x
            if room < width_pt:
                continue
            span = width_pt / pt_per_x
            near = [x for x in data.frame.index if (bx - span - 0.5 <= x <= bx if side == "left" else bx <= x <= bx + span + 0.5)]
            for vpos in (0.97, 0.03):
                y = lo + vpos * (hi - lo)
                clearance = min((_distance(y, a, b) for x in near for a, b in occupied(x)), default=hi - lo)
                score = clearance / (hi - lo) + (0.01 if vpos > 0.5 else 0) + (0.005 if side == "left" else 0)
                if best is None or score > best[0]:
                    best = (score, side, vpos)
        if best is None:
            ax.annotate(mark.label, (bx, 1.0), xycoords=("data", "axes fraction"), xytext=(0, 2),
                        textcoords="offset points", ha="center", va="bottom", fontsize=sizes.small, color=MUTED,
                        fontstyle="italic")
            continue
        _, side, vpos = best
        ax.annotate(mark.label, (bx, vpos), xycoords=("data", "axes fraction"), xytext=(-3 if side == "left" else 3, 0),
                    textcoords="offset points", ha="right" if side == "left" else "left",
                    va="top" if vpos > 0.5 else "bottom", fontsize=sizes.small, color=MUTED, fontstyle="italic",
                    zorder=6)


def _distance(y: float, a: float, b: float) -> float:
    return 0.0 if a <= y <= b else min(abs(y - a), abs(y - b))


def _wrap(text: str, width: int) -> str:
    return "\n".join(wrap_text(text, max(width, 6))) or text


# --- title, subtitle and source for stand-alone variants -------------------------------------------

_WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_TOKENS = re.compile(f"[{_WIDE}]|[^\\s{_WIDE}]+|\\s+")


def wrap_text(text: str, width: int) -> list[str]:
    """``textwrap.wrap``, but Chinese (wide) characters count double and a line may break between them."""
    if not re.search(f"[{_WIDE}]", text):
        return textwrap.wrap(text, width)
    lines, line, used = [], "", 0
    for token in _TOKENS.findall(text):
        size = 2 * len(token) if re.match(f"[{_WIDE}]", token) else len(token)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
            if token.isspace():
                continue
        line += token
        used += size
    return [*lines, line.rstrip()] if line.strip() else lines


def add_frame(fig: Figure, title: str, subtitle: str, source_line: str, sizes: Sizes, *, grow: bool,
              notes: tuple[str, ...] = (), credit: str = "", inset: bool = False) -> None:
    """Draw title and subtitle above the chart, and the notes, source line and credit below it.

    With ``grow`` the figure gets taller by the room the text needs (print variants keep their
    plot size); otherwise the plot shrinks to make room (slides keep their 16:9 size). With
    ``inset`` every mark keeps 5 % of the image's width and height from its edges (slides are
    cropped and projected; the margin keeps ink off the edge).
    """
    width_in, height_in = fig.get_size_inches()
    margin = 0.12 * sizes.scale
    side = max(margin, 0.05 * width_in) if inset else margin
    top = max(margin, 0.05 * height_in) if inset else margin
    # NOTE: Source Sans Pro averages about 0.47 em per character in running text.
    chars = lambda size: max(20, int((width_in - 2 * side) * 72 / (size * 0.47)))  # noqa: E731
    title_text = "\n".join(wrap_text(title, chars(sizes.title)))
    sub_text = "\n".join(wrap_text(subtitle, chars(sizes.subtitle))) if subtitle else ""
    foot_lines = [line for note in notes for line in wrap_text(note_text(note), chars(sizes.source))]
    foot_lines += wrap_text(source_line, chars(sizes.source))
    if credit:
        foot_lines += wrap_text(credit, chars(sizes.source))
    source_text = "\n".join(foot_lines)
    lh = 1.22 / 72
    head = top + (title_text.count("\n") + 1) * sizes.title * lh
    if sub_text:
        head += 0.04 + (sub_text.count("\n") + 1) * sizes.subtitle * lh
    head += 0.08 * sizes.scale
    bottom = top if inset else margin * 0.8
    foot = 0.06 * sizes.scale + (source_text.count("\n") + 1) * sizes.source * lh + bottom
    if grow:
        fig.set_size_inches(width_in, height_in + head + foot)
        height_in += head + foot
    inner = side / width_in if inset else 0.0
    fig.get_layout_engine().set(rect=(inner, foot / height_in, 1 - 2 * inner, 1 - (head + foot) / height_in))
    # NOTE: right-to-left languages read titles and notes from the right edge.
    x, ha = (1 - side / width_in, "right") if sizes.rtl else (side / width_in, "left")
    fig.text(x, 1 - top / height_in, title_text, ha=ha, va="top", fontsize=sizes.title,
             fontweight=sizes.strong, color=INK, linespacing=1.1)
    if sub_text:
        y = 1 - (top + (title_text.count("\n") + 1) * sizes.title * lh + 0.04) / height_in
        fig.text(x, y, sub_text, ha=ha, va="top", fontsize=sizes.subtitle, color=MUTED, linespacing=1.1)
    fig.text(x, bottom / height_in, source_text, ha=ha, va="bottom", fontsize=sizes.source, color=MUTED,
             linespacing=1.1)
