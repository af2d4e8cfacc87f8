"""Compute every statistic of an edition, given or derived, each with its provenance.

A statistic is a named number with the chain that produced it: the dataset rows (file:line,
value, source) and other statistics it used, the references behind them, a derivation a person
can read, the lowest confidence among its inputs, and any caveats (series breaks, mixed units)
that must follow it wherever it is shown.
"""

from __future__ import annotations

import calendar
import graphlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .derivations import Derivation, Label, Num, Seq, Styled, Text, Year, derive
from .errors import Problem, Problems
from .estimates import Estimate, interval_from_standard_error
from .formatting import format_number
from .i18n.localisation import SERIES, STATISTIC
from .i18n.messages import N_
from .model import StatisticSpec
from .sources import Dataset, Location, Observation, Sources, did_you_mean

CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}
DEFAULT_STYLE = {"count": "words", "percent": "percent", "change": "change", "ratio": "multiple", "share": "percent",
                 "year": "year", "rate": "rate", "multiple": "multiple", "trend": "change", "rank": "plain",
                 "number": "full"}


@dataclass(frozen=True)
class Input:
    """One input of a statistic: a dataset row or another statistic."""

    kind: str  # "row" or "statistic"
    ref: str  # "dataset.series year" or statistic id
    value: float
    location: str  # file:line of the row, or of the statistic's declaration
    source_url: str = ""
    qualifier: str = "exact"


@dataclass(frozen=True)
class Statistic:
    """A computed or given statistic; ``value`` is exact, display rounding is separate."""

    id: str
    label: str
    value: float
    kind: str
    unit: str
    qualifier: str = "exact"
    as_of: str = ""
    style: str = "full"
    decimals: int | None = None
    per: str | None = None
    derivation: str = ""  # in English (the register's files, the command line); explanation renders it in any language
    explanation: Derivation | None = field(default=None, compare=False)
    inputs: tuple[Input, ...] = ()
    references: tuple[str, ...] = ()
    confidence: str = "high"
    caveats: tuple[str, ...] = ()
    note: str = ""
    location: Location | None = None
    series: tuple[tuple[Any, float | None], ...] = ()  # for series-valued results (yoy, rolling, top)
    extra: dict[str, Any] = field(default_factory=dict)
    given: bool = False
    estimate: Estimate | None = None  # a survey estimate's interval, population and period

    def text(self, style: str | None = None, locale: str = "en", numbering: str | None = None) -> str:
        """The statistic as prose shows it (the one formatter, this statistic's rounding)."""
        return format_number(self.value, style or self.style, qualifier=self.qualifier, decimals=self.decimals,
                             locale=locale, per=self.per, numbering=numbering, **_interval(self.estimate))


def _interval(est: Estimate | None) -> dict[str, Any]:
    """The formatter's interval arguments for an estimate (none for an ordinary statistic)."""
    return {} if est is None else {"interval": (est.lower, est.upper), "level": est.level}


class StatError(Exception):
    """A problem computing one statistic; carries a message and a hint."""

    def __init__(self, message: str, hint: str = "", unavailable: bool = False):
        super().__init__(message)
        self.hint = hint
        self.unavailable = unavailable  # True when only the edition's data cut-off prevents it


@dataclass
class StatisticsResult:
    """The statistics of one edition, and those its data cut-off makes unavailable."""

    stats: dict[str, Statistic]
    unavailable: dict[str, Problem]


def compute_statistics(project: Sources, year: int | None = None, *, cutoff: int | None = None) -> StatisticsResult:
    """Compute all statistics visible to an edition (shared ones plus its own), in dependency order."""
    specs = dict(project.statistics)
    locations = dict(project.locations)
    publication = None
    if year is not None:
        ed = project.editions[year]
        specs.update(ed.statistics)
        locations.update(ed.locations)
        cutoff = ed.meta.data_cutoff if cutoff is None else cutoff
        publication = ed.meta.year
    problems = Problems()
    order = _order(specs, locations, problems)
    problems.raise_if_errors()
    engine = _Engine(project, specs, locations, cutoff, publication)
    unavailable: dict[str, Problem] = {}
    failed: set[str] = set()
    for sid in order:
        spec, loc = specs[sid], locations[sid]
        missing = [d for d in spec.of if d in unavailable]
        if missing:
            unavailable[sid] = unavailable[missing[0]]
            continue
        if any(d in failed for d in spec.of):
            failed.add(sid)  # NOTE: its input's error is already reported; one mistake, one message
            continue
        try:
            engine.stats[sid] = engine.compute(spec, loc)
        except StatError as exc:
            problem = Problem(loc.path, loc.line, f"statistic '{sid}': {exc}", exc.hint)
            if exc.unavailable:
                unavailable[sid] = problem
            else:
                problems.items.append(problem)
                failed.add(sid)
    problems.raise_if_errors()
    return StatisticsResult(engine.stats, unavailable)


def _order(specs: dict[str, StatisticSpec], locations: dict[str, Location], problems: Problems) -> list[str]:
    graph: dict[str, set[str]] = {}
    for sid, spec in specs.items():
        for dep in spec.of:
            if dep not in specs:
                loc = locations[sid]
                problems.add(loc.path, loc.line, f"statistic '{sid}' uses unknown statistic '{dep}'",
                             did_you_mean(dep, specs) or "declare it, or fix the name")
        graph[sid] = {d for d in spec.of if d in specs}
    try:
        return list(graphlib.TopologicalSorter(dict(sorted(graph.items()))).static_order())
    except graphlib.CycleError as exc:
        cycle = exc.args[1]
        loc = locations[cycle[0]]
        problems.add(loc.path, loc.line, f"statistics depend on each other in a cycle: {' → '.join(cycle)}",
                     "a derived statistic cannot use itself, directly or through others")
        return []


class _Engine:
    """Evaluates specs against the project's datasets, restricted to the data cut-off."""

    def __init__(self, project: Sources, specs: dict[str, StatisticSpec], locations: dict[str, Location],
                 cutoff: int | None, publication: int | None = None):
        self.project = project
        self.specs = specs
        self.locations = locations
        self.cutoff = cutoff
        self.publication = publication
        self.stats: dict[str, Statistic] = {}

    def limit(self, ds: Dataset) -> int | None:
        """The last year a dataset may be used: the data cut-off, or the edition year for statements."""
        if ds.meta.cutoff == "publication" and self.cutoff is not None:
            return max(self.cutoff, self.publication or self.cutoff)
        return self.cutoff

    # --- inputs -------------------------------------------------------------------------

    def _series(self, name: str | None) -> tuple[Dataset, str]:
        if not name:
            raise StatError("needs 'series: <dataset>.<series>'", "e.g. series: ncmec_cybertipline.reports")
        try:
            return self.project.series(name)
        except KeyError:
            raise StatError(f"unknown series '{name}'",
                            did_you_mean(name, self.project.all_series()) or "see the dataset's 'series:' list") from None

    def _obs(self, name: str, year: int) -> Observation:
        ds, series = self._series(name)
        limit = self.limit(ds)
        if limit is not None and year > limit:
            raise StatError(f"year {year} is after this edition's data cut-off ({limit})",
                            "use a year within the cut-off", unavailable=True)
        obs = ds.observations.get((series, year))
        if obs is None:
            years = ds.series_years(series)
            raise StatError(f"'{name}' has no value for {year}",
                            f"years with data: {_years_text(years)}" if years else "the series has no data")
        return obs

    def _years(self, name: str) -> list[int]:
        ds, series = self._series(name)
        limit = self.limit(ds)
        years = [y for y in ds.series_years(series) if limit is None or y <= limit]
        if not years:
            raise StatError(f"'{name}' has no data up to {limit}", "", unavailable=True)
        return years

    def _stat(self, sid: str) -> Statistic:
        return self.stats[sid]

    def _check_break(self, spec: StatisticSpec, name: str, start: int, end: int) -> list[str]:
        ds, series = self._series(name)
        caveats = []
        for brk in ds.breaks_for(series):
            if min(start, end) < brk.year <= max(start, end):
                if not spec.allow_break:
                    raise StatError(
                        f"{start}→{end} crosses the series break in {brk.year} of '{name}': {brk.description.strip()}",
                        "compare years on one side of the break, or add 'allow_break: <caveat for readers>'")
                caveats.append(spec.allow_break)
        return caveats

    def _units(self, spec: StatisticSpec, units: list[str], what: str) -> list[str]:
        if len(set(units)) > 1:
            if not spec.allow_mixed_units:
                raise StatError(f"{what} combines different units ({', '.join(sorted(set(units)))})",
                                "use inputs in one unit, or add 'allow_mixed_units: <caveat for readers>'")
            return [spec.allow_mixed_units]
        return []

    # --- building results -----------------------------------------------------------------

    def _row_input(self, obs: Observation) -> Input:
        return Input("row", f"{obs.dataset}.{obs.series} {obs.year}", obs.value, str(obs.location), obs.source_url,
                     obs.qualifier)

    def _make(self, spec: StatisticSpec, loc: Location, value: float, kind: str, unit: str, *, rows=(), stats=(),
              derivation: Derivation, as_of: Any = "", caveats=(), series=(), extra=None, per=None,
              keeps_bounds: bool = True) -> Statistic:
        rows, stats = list(rows), list(stats)
        inputs = tuple([self._row_input(o) for o in rows] + [
            Input("statistic", s.id, s.value, str(s.location), "", s.qualifier) for s in stats])
        refs: set[str] = set()
        by_url = {r.url: r.id for r in self.project.references.values()}
        caveat_list: list[str] = []
        for o in rows:
            if o.source_url in by_url:
                refs.add(by_url[o.source_url])
        for s in stats:
            refs.update(s.references)
            caveat_list.extend(s.caveats)
        caveat_list.extend(c for c in caveats if c)
        confs = [o.confidence for o in rows] + [s.confidence for s in stats]
        confidence = min(confs, key=CONFIDENCE_ORDER.__getitem__) if confs else "high"
        if spec.confidence and CONFIDENCE_ORDER[spec.confidence] < CONFIDENCE_ORDER[confidence]:
            confidence = spec.confidence
        # NOTE: a bound ("at least 50") survives sums, means and rates of counts, which only add or
        # scale; a difference or a slope of bounds is not a bound, so it becomes "about".
        bounds = ({o.qualifier for o in rows} | {s.qualifier for s in stats}) - {"exact"}
        if not bounds:
            qualifier = "exact"
        elif len(bounds) == 1 and keeps_bounds and kind in ("count", "rate"):
            qualifier = bounds.pop()
        else:
            qualifier = "about"
        if kind in ("year", "rank"):
            qualifier = "exact"
        return Statistic(
            id=spec.id, label=spec.label, value=value, kind=kind, unit=unit, qualifier=qualifier,
            as_of=str(as_of), style=spec.style or DEFAULT_STYLE.get(kind, "full"), decimals=spec.decimals,
            per=per, derivation=str(derivation), explanation=derivation, inputs=inputs, references=tuple(sorted(refs)), confidence=confidence,
            caveats=tuple(dict.fromkeys(caveat_list)), note=spec.note, location=loc, series=tuple(series),
            extra=extra or {},
        )

    # --- operations -------------------------------------------------------------------------

    def compute(self, spec: StatisticSpec, loc: Location) -> Statistic:
        if spec.op is None:
            return self._given(spec, loc)
        latest = max((y for y in (spec.year, spec.start, spec.end) if y is not None), default=None)
        limit = self._spec_limit(spec)
        if latest is not None and limit is not None and latest > limit:
            raise StatError(f"year {latest} is after this edition's data cut-off ({limit})",
                            "use a year within the cut-off", unavailable=True)
        op = OPERATIONS.get(spec.op)
        if op is None:
            raise StatError(f"unknown op '{spec.op}'", did_you_mean(spec.op, OPERATIONS) or
                            f"known ops: {', '.join(sorted(OPERATIONS))}")
        return _shown(op(self, spec, loc))

    def _spec_limit(self, spec: StatisticSpec) -> int | None:
        ds = self.project.datasets.get((spec.series or "").partition(".")[0])
        return self.limit(ds) if ds is not None else self.cutoff

    def _given(self, spec: StatisticSpec, loc: Location) -> Statistic:
        as_of = spec.as_of
        if as_of is not None and self.cutoff is not None and int(str(as_of)[:4]) > self.cutoff + 1:
            raise StatError(f"as_of {as_of} is after this edition's data cut-off", "", unavailable=True)
        ref = self.project.references.get(spec.reference or "")
        kind = "percent" if spec.unit in ("percent", "%") else "count"
        value = float(spec.value) / 100 if kind == "percent" else float(spec.value)  # type: ignore[arg-type]
        source = f"{ref.publisher}, {ref.title}" if ref else spec.reference
        estimate = _estimate(spec, value, kind)
        given = derive(N_("given: %(value)s — %(source)s; interval computed as value ± z × standard error")
                       if estimate and estimate.from_standard_error else N_("given: %(value)s — %(source)s"),
                       value=Styled(value, spec.style or DEFAULT_STYLE[kind], spec.qualifier, spec.decimals,
                                    **_interval(estimate)), source=Text(source or ""))
        try:
            str(given)
        except ValueError as exc:
            raise StatError(f"cannot be shown in style '{spec.style}': {exc}", "choose another style") from None
        return Statistic(
            id=spec.id, label=spec.label, value=value, kind=kind, unit=spec.unit or "", qualifier=spec.qualifier,
            as_of=str(as_of or ""), style=spec.style or DEFAULT_STYLE[kind], decimals=spec.decimals,
            derivation=str(given), explanation=given, references=(spec.reference,) if spec.reference else (),
            confidence=spec.confidence or "high", note=spec.note, location=loc, given=True,
            caveats=(), estimate=estimate,
        )

    def op_value(self, spec: StatisticSpec, loc: Location) -> Statistic:
        year = _need(spec.year, "year")
        obs = self._obs(spec.series, year)  # type: ignore[arg-type]
        ds, series = self._series(spec.series)
        info = ds.meta.series[series]
        return self._make(spec, loc, obs.value, "count", info.unit, rows=[obs], as_of=year,
                          derivation=derive(N_("%(value)s — %(label)s, %(year)s"), value=Num(obs.value),
                                            label=_series(info.label), year=Year(year)))

    def op_latest(self, spec: StatisticSpec, loc: Location) -> Statistic:
        year = self._years(spec.series)[-1]  # type: ignore[arg-type]
        return self.op_value(spec.model_copy(update={"year": year}), loc)

    def _pair(self, spec: StatisticSpec) -> tuple[Observation, Observation, list[str], Any]:
        start, end = _need(spec.start, "start"), _need(spec.end, "end")
        if start >= end:
            raise StatError(f"start ({start}) must be before end ({end})", "swap the years")
        a, b = self._obs(spec.series, start), self._obs(spec.series, end)  # type: ignore[arg-type]
        caveats = self._check_break(spec, spec.series, start, end)  # type: ignore[arg-type]
        ds, series = self._series(spec.series)
        return a, b, caveats, ds.meta.series[series]

    def op_change(self, spec: StatisticSpec, loc: Location) -> Statistic:
        if spec.of:
            x, y = self._two(spec)
            caveats = self._units(spec, [x.unit, y.unit], "change")
            return self._make(spec, loc, y.value - x.value, "count", y.unit, stats=[x, y], caveats=caveats,
                              keeps_bounds=False,
                              derivation=derive(N_("%(second)s − %(first)s = %(difference)s — %(second_label)s minus "
                                                   "%(first_label)s"), second=Num(y.value), first=Num(x.value),
                                                difference=Num(y.value - x.value, signed=True),
                                                second_label=_stat(y.label), first_label=_stat(x.label)))
        a, b, caveats, info = self._pair(spec)
        d = b.value - a.value
        return self._make(spec, loc, d, "count", info.unit, rows=[a, b], as_of=b.year, caveats=caveats, keeps_bounds=False,
                          derivation=derive(N_("%(end_value)s − %(start_value)s = %(difference)s — %(label)s, %(start)s "
                                               "and %(end)s"), end_value=Num(b.value), start_value=Num(a.value),
                                            difference=Num(d, signed=True), label=_series(info.label),
                                            start=Year(a.year), end=Year(b.year)))

    def op_pct_change(self, spec: StatisticSpec, loc: Location) -> Statistic:
        if spec.of:
            x, y = self._two(spec)
            caveats = self._units(spec, [x.unit, y.unit], "percentage change")
            _nonzero(x.value, x.id)
            v = (y.value - x.value) / x.value
            return self._make(spec, loc, v, "change", "percent", stats=[x, y], caveats=caveats, as_of=y.as_of,
                              derivation=derive(N_("(%(second)s − %(first)s) ÷ %(first)s = %(change)s — %(first_label)s to "
                                                   "%(second_label)s"), second=Num(y.value), first=Num(x.value),
                                                change=_pct(v), first_label=_stat(x.label), second_label=_stat(y.label)))
        a, b, caveats, info = self._pair(spec)
        _nonzero(a.value, f"{spec.series} {a.year}")
        v = (b.value - a.value) / a.value
        return self._make(spec, loc, v, "change", "percent", rows=[a, b], as_of=b.year, caveats=caveats,
                          derivation=derive(N_("(%(end_value)s − %(start_value)s) ÷ %(start_value)s = %(change)s — "
                                               "%(label)s, %(start)s and %(end)s"), end_value=Num(b.value),
                                            start_value=Num(a.value), change=_pct(v), label=_series(info.label),
                                            start=Year(a.year), end=Year(b.year)))

    def op_fold(self, spec: StatisticSpec, loc: Location) -> Statistic:
        a, b, caveats, info = self._pair(spec)
        _nonzero(a.value, f"{spec.series} {a.year}")
        v = b.value / a.value
        return self._make(spec, loc, v, "multiple", "times", rows=[a, b], as_of=b.year, caveats=caveats,
                          derivation=derive(N_("%(end_value)s ÷ %(start_value)s = %(multiple)s× — %(label)s, %(start)s "
                                               "and %(end)s"), end_value=Num(b.value), start_value=Num(a.value),
                                            multiple=Num(v, 2), label=_series(info.label), start=Year(a.year),
                                            end=Year(b.year)))

    def op_cagr(self, spec: StatisticSpec, loc: Location) -> Statistic:
        a, b, caveats, info = self._pair(spec)
        if a.value <= 0 or b.value < 0:
            raise StatError("compound growth needs a positive starting value", "choose a start year with data above zero")
        years = b.year - a.year
        v = (b.value / a.value) ** (1 / years) - 1
        return self._make(spec, loc, v, "change", "percent a year", rows=[a, b], as_of=b.year, caveats=caveats,
                          derivation=derive(N_("(%(end_value)s ÷ %(start_value)s)^(1/%(years)s) − 1 = %(change)s a year "
                                               "— %(label)s, %(start)s to %(end)s"), end_value=Num(b.value),
                                            start_value=Num(a.value), years=Num(years), change=_pct(v),
                                            label=_series(info.label), start=Year(a.year), end=Year(b.year)))

    def op_rate(self, spec: StatisticSpec, loc: Location) -> Statistic:
        year, per = _need(spec.year, "year"), spec.per or "day"
        obs = self._obs(spec.series, year)  # type: ignore[arg-type]
        ds, series = self._series(spec.series)
        info = ds.meta.series[series]
        days = 366 if calendar.isleap(year) else 365
        divisor = {"day": days, "week": days / 7, "month": 12, "year": 1}[per]
        v = obs.value / divisor
        return self._make(spec, loc, v, "rate", f"{info.unit} per {per}", rows=[obs], as_of=year, per=per,
                          derivation=derive(N_("%(value)s ÷ %(divisor)s = %(rate)s — %(label)s, %(year)s"),
                                            value=Num(obs.value),
                                            divisor=derive(N_("(%(days)s ÷ 7)"), days=Num(days)) if per == "week"
                                            else Num(divisor), rate=Styled(v, "rate", decimals=1, per=per),
                                            label=_series(info.label), year=Year(year)))

    def op_share(self, spec: StatisticSpec, loc: Location) -> Statistic:
        return self._ratio(spec, loc, share=True)

    def op_ratio(self, spec: StatisticSpec, loc: Location) -> Statistic:
        return self._ratio(spec, loc, share=False)

    def _ratio(self, spec: StatisticSpec, loc: Location, share: bool) -> Statistic:
        kind = "share" if share else "ratio"
        if spec.of:
            x, y = self._two(spec)
            caveats = self._units(spec, [x.unit, y.unit], kind)
            _nonzero(y.value, y.id)
            v = x.value / y.value
            if share and v > 1:
                raise StatError(f"share is above 100% ({_pct(v, signed=False)}): is '{y.id}' the total?",
                                "a share divides a part by the total that contains it")
            return self._make(spec, loc, v, kind, "share" if share else "ratio", stats=[x, y], caveats=caveats, as_of=x.as_of,
                              derivation=derive(N_("%(part)s ÷ %(whole)s = %(result)s — %(part_label)s over %(whole_label)s"),
                                                part=Num(x.value), whole=Num(y.value),
                                                result=_pct(v, signed=False) if share else Num(v, 3),
                                                part_label=_stat(x.label), whole_label=_stat(y.label)))
        year = _need(spec.year, "year")
        num = self._obs(spec.series, year)  # type: ignore[arg-type]
        den = self._obs(_need(spec.denominator, "denominator"), year)
        (nds, ns), (dds, dn) = self._series(spec.series), self._series(spec.denominator)
        caveats = self._units(spec, [nds.meta.series[ns].unit, dds.meta.series[dn].unit], kind)
        _nonzero(den.value, f"{spec.denominator} {year}")
        v = num.value / den.value
        if share and v > 1:
            raise StatError(f"share is above 100% ({_pct(v, signed=False)}): is the denominator the total?",
                            "a share divides a part by the total that contains it")
        return self._make(spec, loc, v, kind, "share" if share else "ratio", rows=[num, den], caveats=caveats, as_of=year,
                          derivation=derive(N_("%(part)s ÷ %(whole)s = %(result)s — %(part_label)s over %(whole_label)s, "
                                               "%(year)s"), part=Num(num.value), whole=Num(den.value),
                                            result=_pct(v, signed=False) if share else Num(v, 3),
                                            part_label=_series(nds.meta.series[ns].label),
                                            whole_label=_series(dds.meta.series[dn].label), year=Year(year)))

    def op_sum(self, spec: StatisticSpec, loc: Location) -> Statistic:
        if spec.of:
            inputs = [self._stat(s) for s in spec.of]
            caveats = self._units(spec, [s.unit for s in inputs], "sum")
            v = sum(s.value for s in inputs)
            return self._make(spec, loc, v, "count", inputs[0].unit, stats=inputs, caveats=caveats,
                              derivation=derive(N_("%(terms)s = %(total)s — %(labels)s"),
                                                terms=Seq(tuple(Num(s.value) for s in inputs), " + "), total=Num(v),
                                                labels=Seq(tuple(_stat(s.label) for s in inputs), ", ")))
        start, end = _need(spec.start, "start"), _need(spec.end, "end")
        rows = [self._obs(spec.series, y) for y in range(start, end + 1)]  # type: ignore[arg-type]
        caveats = self._check_break(spec, spec.series, start, end)  # type: ignore[arg-type]
        ds, series = self._series(spec.series)
        v = sum(o.value for o in rows)
        return self._make(spec, loc, v, "count", ds.meta.series[series].unit, rows=rows, as_of=end, caveats=caveats,
                          derivation=derive(N_("%(terms)s = %(total)s — %(label)s, %(start)s–%(end)s"),
                                            terms=Seq(tuple(Num(o.value) for o in rows), " + "), total=Num(v),
                                            label=_series(ds.meta.series[series].label), start=Year(start),
                                            end=Year(end)))

    def op_yoy(self, spec: StatisticSpec, loc: Location) -> Statistic:
        ds, name = self._series(spec.series)
        years = self._range_years(spec)
        values = [ds.observations[(name, y)] for y in years]
        breaks = {b.year for b in ds.breaks_for(name)}
        out, caveats = [], []
        for prev, cur in zip(values, values[1:], strict=False):
            if cur.year - prev.year != 1 or prev.value == 0:
                out.append((cur.year, None))  # a gap, never a made-up change
            elif cur.year in breaks and not spec.allow_break:
                out.append((cur.year, None))
            else:
                if cur.year in breaks:
                    caveats.append(spec.allow_break)
                out.append((cur.year, (cur.value - prev.value) / prev.value))
        last = next(((y, v) for y, v in reversed(out) if v is not None), None)
        if last is None:
            raise StatError("no two consecutive years to compare", "")
        return self._make(spec, loc, last[1], "change", "percent", rows=values, as_of=last[0], series=out,
                          caveats=caveats, derivation=derive(
                              N_("year-on-year change of %(label)s, %(start)s–%(end)s; latest %(year)s: %(change)s; "
                                 "changes across a series break are left blank") if breaks and not spec.allow_break
                              else N_("year-on-year change of %(label)s, %(start)s–%(end)s; latest %(year)s: %(change)s"),
                              label=_series(ds.meta.series[name].label), start=Year(years[0]), end=Year(years[-1]),
                              year=Year(last[0]), change=_pct(last[1])))

    def op_rolling_mean(self, spec: StatisticSpec, loc: Location) -> Statistic:
        import pandas as pd

        window = _need(spec.window, "window")
        ds, name = self._series(spec.series)
        years = self._range_years(spec)
        obs = [ds.observations[(name, y)] for y in years]
        s = pd.Series([o.value for o in obs], index=years, dtype="float64").reindex(range(years[0], years[-1] + 1))
        rolled = s.rolling(window, min_periods=window).mean()
        out = [(int(y), None if math.isnan(v) else float(v)) for y, v in rolled.items()]
        target = spec.year or years[-1]
        val = dict(out).get(target)
        if val is None:
            raise StatError(f"no complete {window}-year window ends in {target}", "choose a later year or a smaller window")
        used = [o for o in obs if target - window < o.year <= target]
        caveats = self._check_break(spec, spec.series, target - window + 1, target)  # type: ignore[arg-type]
        return self._make(spec, loc, val, "count", ds.meta.series[name].unit, rows=used, as_of=target, series=out,
                          caveats=caveats, derivation=derive(
                              N_("(%(terms)s) ÷ %(window)s = %(mean)s — %(window)s-year mean of %(label)s to %(year)s"),
                              terms=Seq(tuple(Num(o.value) for o in used), " + "), window=Num(window), mean=Num(val, 1),
                              label=_series(ds.meta.series[name].label), year=Year(target)))

    def op_peak(self, spec: StatisticSpec, loc: Location) -> Statistic:
        ds, name = self._series(spec.series)
        years = self._range_years(spec)
        obs = [ds.observations[(name, y)] for y in years]
        best = max(obs, key=lambda o: (o.value, -o.year))
        return self._make(spec, loc, float(best.year), "year", "year", rows=[best], as_of=best.year,
                          extra={"peak_value": best.value},
                          derivation=derive(N_("highest %(label)s in %(start)s–%(end)s: %(value)s in %(year)s"),
                                            label=_series(ds.meta.series[name].label), start=Year(years[0]),
                                            end=Year(years[-1]), value=Num(best.value), year=Year(best.year)))

    def _among(self, spec: StatisticSpec) -> tuple[list[Observation], list[str]]:
        year = _need(spec.year, "year")
        if not spec.of and not spec.series:
            raise StatError("needs 'series' (a prefix such as ncmec_detail.reports_country_) or a list in 'of'", "")
        prefix = spec.series or ""
        ds_id, _, sprefix = prefix.partition(".")
        ds = self.project.datasets.get(ds_id)
        if ds is None:
            raise StatError(f"unknown dataset '{ds_id}'", did_you_mean(ds_id, self.project.datasets))
        limit = self.limit(ds)
        if limit is not None and year > limit:
            raise StatError(f"year {year} is after this edition's data cut-off ({limit})", "", unavailable=True)
        obs = [o for (s, y), o in ds.observations.items() if y == year and s.startswith(sprefix)]
        if not obs:
            raise StatError(f"no series starting '{prefix}' has data for {year}", "")
        units = {ds.meta.series[o.series].unit for o in obs}
        caveats = self._units(spec, sorted(units), "ranking")
        return sorted(obs, key=lambda o: (-o.value, o.series)), caveats

    def op_top(self, spec: StatisticSpec, loc: Location) -> Statistic:
        n = spec.n or 5
        ranked, caveats = self._among(spec)
        ranked = ranked[:n]
        ds = self.project.datasets[ranked[0].dataset]
        items = tuple((ds.meta.series[o.series].label, o.value) for o in ranked)
        return self._make(spec, loc, ranked[0].value, "count", ds.meta.series[ranked[0].series].unit, rows=ranked,
                          as_of=spec.year, series=items, caveats=caveats,
                          derivation=derive(N_("top %(n)s in %(year)s: %(items)s"), n=Num(len(ranked)),
                                            year=Year(spec.year or 0), items=Seq(tuple(
                                                derive(N_("%(rank)s. %(label)s (%(value)s)"), rank=Num(i + 1),
                                                       label=_series(lab), value=Num(v))
                                                for i, (lab, v) in enumerate(items)))))

    def op_rank(self, spec: StatisticSpec, loc: Location) -> Statistic:
        target = _need(spec.denominator, "denominator (the series to rank)")
        ranked, caveats = self._among(spec)
        names = [f"{o.dataset}.{o.series}" for o in ranked]
        if target not in names:
            raise StatError(f"'{target}' has no value among '{spec.series}' in {spec.year}", "")
        pos = names.index(target) + 1
        return self._make(spec, loc, float(pos), "rank", "rank", rows=ranked, as_of=spec.year, caveats=caveats,
                          derivation=derive(N_("rank %(position)s of %(n)s by value in %(year)s"), position=Num(pos),
                                            n=Num(len(ranked)), year=Year(spec.year or 0)))

    def op_trend(self, spec: StatisticSpec, loc: Location) -> Statistic:
        import numpy as np

        ds, name = self._series(spec.series)
        years = self._range_years(spec)
        if len(years) < 3:
            raise StatError("a trend needs at least three years of data", "widen start/end")
        caveats = self._check_break(spec, spec.series, years[0], years[-1])  # type: ignore[arg-type]
        obs = [ds.observations[(name, y)] for y in years]
        x = np.array(years, dtype=float)
        y = np.array([o.value for o in obs], dtype=float)
        model = spec.model or "linear"
        if model == "log-linear":
            if (y <= 0).any():
                raise StatError("a log-linear trend needs values above zero", "use model: linear")
            y = np.log(y)
        slope, intercept = np.polyfit(x, y, 1)
        fitted = slope * x + intercept
        ss_res = float(((y - fitted) ** 2).sum())
        ss_tot = float(((y - y.mean()) ** 2).sum())
        r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
        label = ds.meta.series[name].label
        if model == "log-linear":
            v = math.exp(slope) - 1
            return self._make(spec, loc, v, "trend", "percent a year", rows=obs, as_of=years[-1], caveats=caveats,
                              extra={"r2": r2, "slope": float(slope), "model": model},
                              derivation=derive(N_("log-linear fit of %(label)s, %(start)s–%(end)s: %(change)s a year "
                                                   "(R² = %(r2)s)"), label=_series(label), start=Year(years[0]),
                                                end=Year(years[-1]), change=_pct(v), r2=Num(r2, 3)))
        return self._make(spec, loc, float(slope), "count", f"{ds.meta.series[name].unit} a year", rows=obs,
                          as_of=years[-1], caveats=caveats, extra={"r2": r2, "model": model}, keeps_bounds=False,
                          derivation=derive(N_("linear fit of %(label)s, %(start)s–%(end)s: %(slope)s a year (R² = %(r2)s)"),
                                            label=_series(label), start=Year(years[0]), end=Year(years[-1]),
                                            slope=Num(float(slope), signed=True), r2=Num(r2, 3)))

    # --- helpers ------------------------------------------------------------------------------

    def _two(self, spec: StatisticSpec) -> tuple[Statistic, Statistic]:
        if len(spec.of) != 2:
            raise StatError(f"'{spec.op}' with 'of' needs exactly two statistics", "of: [first, second]")
        return self._stat(spec.of[0]), self._stat(spec.of[1])

    def _range_years(self, spec: StatisticSpec) -> list[int]:
        years = self._years(spec.series)  # type: ignore[arg-type]
        lo, hi = spec.start or years[0], spec.end or years[-1]
        limit = self._spec_limit(spec)
        if limit is not None and hi > limit:
            raise StatError(f"year {hi} is after this edition's data cut-off ({limit})", "", unavailable=True)
        chosen = [y for y in years if lo <= y <= hi]
        if not chosen:
            raise StatError(f"no data between {lo} and {hi}", "")
        return chosen


OPERATIONS: dict[str, Callable[[_Engine, StatisticSpec, Location], Statistic]] = {
    name[3:]: getattr(_Engine, name) for name in dir(_Engine) if name.startswith("op_")
}


def _shown(stat: Statistic) -> Statistic:
    """Refuse, while computing, a statistic its own style cannot show (e.g. "1 in N" of 140%)."""
    try:
        stat.text()
    except ValueError as exc:
        raise StatError(f"cannot be shown in style '{stat.style}': {exc}", "choose another style") from None
    return stat


def _estimate(spec: StatisticSpec, value: float, kind: str) -> Estimate | None:
    """The spec's estimate in the statistic's unit (fractions for percentages), its bounds computed from
    the standard error when only that was published."""
    est = spec.estimate
    if est is None:
        return None
    scale = 100 if kind == "percent" else 1

    def unit(x: float) -> float:  # NOTE: 9.7 / 100 in decimal, so the register shows 0.097, not 0.09699999999999999
        return float(Decimal(repr(float(x))) / scale)

    level = unit(est.level) if scale == 100 else est.level / 100
    se = unit(est.standard_error) if est.standard_error is not None else None
    if est.lower is not None and est.upper is not None:
        lower, upper, computed = unit(est.lower), unit(est.upper), False
    else:
        lower, upper = interval_from_standard_error(value, se, level)  # type: ignore[arg-type]
        computed = True
        if kind == "percent" and lower < 0:
            raise StatError("the interval computed from the standard error goes below 0%",
                            "give the published interval ('lower' and 'upper') instead")
    return Estimate(lower, upper, level, se, est.population, est.period, est.sample_size, est.studies, est.method,
                    computed)


def _need(value: Any, name: str) -> Any:
    if value is None:
        raise StatError(f"needs '{name}'", f"add '{name}:' to the statistic")
    return value


def _nonzero(value: float, what: str) -> None:
    if value == 0:
        raise StatError(f"cannot divide by zero ({what} is 0)", "choose a base year with a non-zero value")


def _pct(fraction: float, signed: bool = True) -> Num:
    """A change or share as derivations show it: one decimal, signed unless it is a share."""
    return Num(fraction, 1, signed=signed, percent=True)


def _series(label: str) -> Label:
    return Label(label, SERIES)


def _stat(label: str) -> Label:
    return Label(label, STATISTIC)


def _years_text(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))
