"""Compute candidate readings of a claim from the datasets: levels, changes, rates, shares.

Each reading carries a derivation a reviewer can follow ("(36,210,368 − 29,397,681) ÷
29,397,681 = +23.2%"), the references behind its rows, the series break it crosses, if any, and
the interval the data allow for its true value: a row published as "350+" makes every reading
built on it a bound too (interval arithmetic, so a change from "over 100" is never exact).
Only years up to the edition's data cut-off are used (for statements of current membership, up
to the edition's own year, as the statistics engine does). Numbers are shown with the project's
one rounding rule (:func:`gta.formatting.half_up`) and formatter.
"""

from __future__ import annotations

import calendar
import math
from functools import cached_property

from ..formatting import format_number, half_up
from ..sources import Observation, Sources
from .matching import bound_interval
from .model import Reading


class Calculator:
    """Readings over one project's datasets, restricted to a data cut-off."""

    def __init__(self, project: Sources, cutoff: int | None, publication: int | None = None):
        self.project = project
        self.cutoff = cutoff
        self.publication = publication
        self._by_url = {r.url: r.id for r in project.references.values()}

    # --- data access ------------------------------------------------------------------------

    def limit(self, ds_id: str) -> int | None:
        """The last year a dataset may be used (the statistics engine's rule)."""
        ds = self.project.datasets.get(ds_id)
        if ds is not None and ds.meta.cutoff == "publication" and self.cutoff is not None:
            return max(self.cutoff, self.publication or self.cutoff)
        return self.cutoff

    def obs(self, series: str, year: int) -> Observation | None:
        ds_id, _, name = series.partition(".")
        limit = self.limit(ds_id)
        if limit is not None and year > limit:
            return None
        ds = self.project.datasets.get(ds_id)
        return ds.observations.get((name, year)) if ds else None

    def years(self, series: str) -> list[int]:
        return self._years.get(series, [])

    @cached_property
    def _years(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for ds in self.project.datasets.values():
            limit = self.limit(ds.id)
            for (name, year) in ds.observations:
                if limit is None or year <= limit:
                    out.setdefault(f"{ds.id}.{name}", []).append(year)
        return {k: sorted(v) for k, v in out.items()}

    def latest(self, series: str) -> int | None:
        years = self.years(series)
        return years[-1] if years else None

    def label(self, series: str) -> str:
        ds_id, _, name = series.partition(".")
        return self.project.datasets[ds_id].meta.series[name].label

    def unit(self, series: str) -> str:
        ds_id, _, name = series.partition(".")
        return self.project.datasets[ds_id].meta.series[name].unit

    def break_between(self, series: str, a: int, b: int) -> str:
        """The description of a series break between years a and b, or ""."""
        ds_id, _, name = series.partition(".")
        for brk in self.project.datasets[ds_id].breaks_for(name):
            if min(a, b) < brk.year <= max(a, b):
                return f"series break in {brk.year}: {' '.join(brk.description.split())}"
        return ""

    def last_before_break(self, series: str, end: int) -> int | None:
        """The last year with data before the latest break at or before ``end`` (None if no break)."""
        ds_id, _, name = series.partition(".")
        breaks = [b.year for b in self.project.datasets[ds_id].breaks_for(name) if b.year <= end]
        if not breaks:
            return None
        before = [y for y in self.years(series) if y < max(breaks)]
        return before[-1] if before else None

    def _refs(self, *rows: Observation) -> tuple[str, ...]:
        return tuple(sorted({self._by_url[o.source_url] for o in rows if o.source_url in self._by_url}))

    @staticmethod
    def _bound(*rows: Observation) -> str:
        quals = {o.qualifier for o in rows} - {"exact"}
        if not quals:
            return "exact"
        return quals.pop() if len(rows) == 1 else "about"

    # --- readings ---------------------------------------------------------------------------

    def level(self, s: str, y: int) -> Reading | None:
        o = self.obs(s, y)
        if o is None:
            return None
        shown = format_number(o.value, "words", qualifier=o.qualifier)
        lo, hi = _span(o)
        return Reading(f"{self.label(s)}, {y}", o.value, f"{_n(o.value)} ({o.location})", self._refs(o),
                       shown=shown, quantity=s, years=(y,), bound=self._bound(o), low=lo, high=hi)

    def pct_change(self, s: str, a: int, b: int) -> Reading | None:
        x, y = self.obs(s, a), self.obs(s, b)
        if x is None or y is None or x.value == 0 or a >= b:
            return None
        v = (y.value - x.value) / x.value
        lo, hi = _divide(_span(y), _span(x))
        return Reading(f"{self.label(s)}, change {a}→{b}", v,
                       f"({_n(y.value)} − {_n(x.value)}) ÷ {_n(x.value)} = {_pct(v)}", self._refs(x, y),
                       shown=_pct(v), quantity=s, years=(a, b), caveat=self.break_between(s, a, b),
                       bound=self._bound(x, y), low=lo - 1, high=hi - 1)

    def change(self, s: str, a: int, b: int) -> Reading | None:
        x, y = self.obs(s, a), self.obs(s, b)
        if x is None or y is None or a >= b:
            return None
        d = y.value - x.value
        (xlo, xhi), (ylo, yhi) = _span(x), _span(y)
        return Reading(f"{self.label(s)}, difference {a}→{b}", d, f"{_n(y.value)} − {_n(x.value)} = {_n(d, signed=True)}",
                       self._refs(x, y), shown=format_number(abs(d), "words"), quantity=s, years=(a, b),
                       caveat=self.break_between(s, a, b), bound=self._bound(x, y), low=ylo - xhi, high=yhi - xlo)

    def fold(self, s: str, a: int, b: int) -> Reading | None:
        x, y = self.obs(s, a), self.obs(s, b)
        if x is None or y is None or x.value == 0 or a >= b:
            return None
        v = y.value / x.value
        lo, hi = _divide(_span(y), _span(x))
        times = format_number(v, "plain", decimals=2)
        return Reading(f"{self.label(s)}, {b} over {a}", v, f"{_n(y.value)} ÷ {_n(x.value)} = {times}×",
                       self._refs(x, y), shown=f"{times} times", quantity=s, years=(a, b),
                       caveat=self.break_between(s, a, b), bound=self._bound(x, y), low=lo, high=hi)

    def cagr(self, s: str, a: int, b: int) -> Reading | None:
        x, y = self.obs(s, a), self.obs(s, b)
        if x is None or y is None or x.value <= 0 or y.value < 0 or b - a < 2:
            return None
        v = (y.value / x.value) ** (1 / (b - a)) - 1
        lo, hi = _divide(_span(y), _span(x))
        root = 1 / (b - a)
        return Reading(f"{self.label(s)}, compound annual change {a}→{b}", v,
                       f"({_n(y.value)} ÷ {_n(x.value)})^(1/{b - a}) − 1 = {_pct(v)} a year", self._refs(x, y),
                       shown=f"{_pct(v)} a year", quantity=s, years=(a, b), caveat=self.break_between(s, a, b),
                       bound=self._bound(x, y), low=max(lo, 0.0) ** root - 1, high=hi ** root - 1)

    def total(self, s: str, a: int, b: int) -> Reading | None:
        found = [self.obs(s, y) for y in range(a, b + 1)]
        rows = [o for o in found if o is not None]
        if a >= b or len(rows) != len(found):
            return None
        v = sum(o.value for o in rows)
        spans = [_span(o) for o in rows]
        return Reading(f"{self.label(s)}, total {a}–{b}", v, f"{' + '.join(_n(o.value) for o in rows)} = {_n(v)}",
                       self._refs(*rows), shown=format_number(v, "words"), quantity=s, years=(a, b),
                       caveat=self.break_between(s, a, b), bound=self._bound(*rows),
                       low=sum(lo for lo, _ in spans), high=sum(hi for _, hi in spans))

    def rate(self, s: str, y: int, per: str) -> Reading | None:
        o = self.obs(s, y)
        if o is None:
            return None
        days = 366 if calendar.isleap(y) else 365
        divisor = {"day": days, "week": days / 7, "month": 12, "year": 1, "hour": days * 24, "minute": days * 1440,
                   "second": days * 86400}[per]
        v = o.value / divisor
        shown_div = _n(divisor) if divisor == int(divisor) else f"({days} ÷ 7)"
        lo, hi = _span(o)
        return Reading(f"{self.label(s)} per {per}, {y}", v, f"{_n(o.value)} ÷ {shown_div} = {_n(v, 1)} a {per}",
                       self._refs(o), shown=f"{format_number(v, 'full')} a {per}", quantity=s, years=(y,),
                       bound=self._bound(o), low=lo / divisor, high=hi / divisor)

    def share(self, num: str, den: str, y: int, *, as_ratio: bool = False) -> Reading | None:
        x, d = self.obs(num, y), self.obs(den, y)
        if x is None or d is None or d.value == 0:
            return None
        v = x.value / d.value
        if not as_ratio and v > 1:
            return None
        what = "per" if as_ratio else "share of"
        shown = format_number(v, "plain", decimals=2) if as_ratio else _pct(v, signed=False)
        lo, hi = _divide(_span(x), _span(d))
        return Reading(f"{self.label(num)} {what} {self.label(den)}, {y}", v,
                       f"{_n(x.value)} ÷ {_n(d.value)} = {shown}", self._refs(x, d), shown=shown,
                       quantity=num, years=(y,), bound=self._bound(x, d), low=lo, high=hi, partner=den)

    def share_change(self, num: str, den: str, a: int, b: int) -> Reading | None:
        r1, r2 = self.share(num, den, a), self.share(num, den, b)
        if r1 is None or r2 is None or a >= b:
            return None
        v = r2.value - r1.value
        points = format_number(v * 100, "plain", decimals=1)
        return Reading(f"{self.label(num)} share of {self.label(den)}, change in points {a}→{b}", v,
                       f"{r2.shown} − {r1.shown} = {'+' if v > 0 else ''}{points} points",
                       tuple(sorted(set(r1.references + r2.references))),
                       shown=f"{'+' if v > 0 else ''}{points} percentage points", quantity=num, years=(a, b),
                       caveat=self.break_between(num, a, b) or self.break_between(den, a, b),
                       low=(r2.low or 0) - (r1.high or 0), high=(r2.high or 0) - (r1.low or 0))


def _span(o: Observation) -> tuple[float, float]:
    return bound_interval(o.value, o.qualifier)


def _divide(top: tuple[float, float], bottom: tuple[float, float]) -> tuple[float, float]:
    """[a, b] ÷ [c, d] for non-negative counts (an open bound gives infinity)."""
    (a, b), (c, d) = top, bottom
    return (a / d if d not in (0, math.inf) else 0.0), (b / c if c > 0 else math.inf)


def _n(value: float, decimals: int = 0, signed: bool = False) -> str:
    """A number with thousands separators, rounded half away from zero (the project's one rule)."""
    text = format_number(abs(value), "full", decimals=decimals)
    return ("+" if value > 0 else "−" if value < 0 else "") + text if signed else ("−" + text if value < 0 else text)


def _pct(fraction: float, signed: bool = True) -> str:
    """A percentage with one decimal below 1,000% and none from there, rounded half away from zero."""
    pct = abs(fraction) * 100
    decimals = 1 if pct < 1000 else 0
    text = f"{format_number(pct, 'full', decimals=decimals)}%"
    if not signed or half_up(pct, decimals) == 0:
        return text
    return ("+" if fraction > 0 else "−") + text
