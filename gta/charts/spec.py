"""Chart specs (``figures/*.yaml``): the typed model and the checks against the project's data.

A spec says *what* to plot (a dataset's series or a list of statistics), *how* (a chart type,
number format, highlights, annotations, a size preset) and *what to say about it* (title,
subtitle, notes, source, alt text). Everything is checked before anything is drawn, and every
problem is reported with ``file:line`` and, for unknown names, a "did you mean".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ..errors import Problems, display_path
from ..formatting import MAX_DECIMALS, STYLES
from ..model import ID_PATTERN, Model, validate
from ..sources import Sources, did_you_mean
from ..yamlio import line_of

ChartType = Literal["line", "bar", "barh", "grouped-bar", "stacked-bar", "area", "small-multiples", "slope",
                    "dumbbell", "interval"]
CHART_TYPES: tuple[str, ...] = ChartType.__args__  # type: ignore[attr-defined]
#: Print heights (cm) at A4 column width (16 cm); the slide size is always 16:9.
SIZE_PRESETS: dict[str, float] = {"short": 7.0, "standard": 9.0, "tall": 12.0, "square": 15.0}
PRINT_WIDTH_CM = 16.0
MAX_LINES = 8


class SeriesItem(Model):
    """One plotted series: a series of the dataset, with an optional shorter label for the chart."""

    name: str
    label: str | None = None  # defaults to the series label in the dataset sidecar


class StatisticItem(Model):
    """One plotted statistic: its value lands in cell (row, column) of the plotted table."""

    id: str
    row: str | None = None  # category on the x axis (default: the statistic's label)
    column: str | None = None  # series it belongs to (default: the chart's single series "Value")


class BreakLabel(Model):
    """How a series break (declared in the dataset sidecar) is marked on this chart."""

    label: str = "Series break"  # short text beside the dashed line
    alt: str = "after a change of method"  # phrase used by the generated alt text


class Annotation(Model):
    """A short text pointing at one x value (a year, or a category)."""

    x: int | str
    text: str
    series: str | None = None  # which series to point at (default: the first)


class YAxis(Model):
    """The value axis."""

    label: str = ""  # unit text shown above the axis, e.g. "reports"
    min: float | None = Field(default=None, allow_inf_nan=False)  # default 0 for counts and bars
    max: float | None = Field(default=None, allow_inf_nan=False)
    scale: Literal["linear", "log"] = "linear"

    @model_validator(mode="after")
    def _range(self) -> YAxis:
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError(f"the axis minimum ({self.min:g}) must be below its maximum ({self.max:g})")
        if self.scale == "log" and self.min is not None and self.min <= 0:
            raise ValueError(f"a log axis starts above zero, got min {self.min:g}")
        return self


class ChartSpec(Model):
    """A chart: one file in ``figures/``, one folder of outputs per edition."""

    id: str  # lower-case letters, digits, '-' or '_': it names the output folder
    type: ChartType
    title: str = Field(min_length=1)  # sober and factual; shown in the report caption and on slides
    subtitle: str = ""  # what is measured, in which unit
    # data: a dataset's series ...
    dataset: str | None = None
    series: list[SeriesItem] = Field(default_factory=list)
    start: int | None = Field(default=None, alias="from")  # first year (default: first year with data)
    end: int | None = Field(default=None, alias="to")  # last year (always capped at the edition's data cut-off)
    years: list[int] = Field(default_factory=list)  # exactly these years (grouped bars, slope, dumbbell)
    x: Literal["year", "series"] = "year"  # "series": one bar per series, values of `year`
    year: int | None = None  # the year shown when x is "series"
    # ... or statistics
    statistics: list[StatisticItem] = Field(default_factory=list)
    # presentation
    x_label: str = ""  # name of the x values (CSV header; default "Year" or "Category")
    y: YAxis = Field(default_factory=YAxis)
    number_format: str = "words"  # a gta.formatting style: words, full, percent, change, plain, ...
    decimals: int | None = Field(default=None, ge=-MAX_DECIMALS, le=MAX_DECIMALS)  # digits after the point
    sort: Literal["none", "descending", "ascending"] = "none"  # category order for bar charts
    highlights: list[int | str] = Field(default_factory=list)  # x values whose values are labelled
    annotations: list[Annotation] = Field(default_factory=list)
    breaks: dict[int, BreakLabel] = Field(default_factory=dict)  # year -> how the break is marked
    columns: int | None = Field(default=None, ge=1, le=MAX_LINES)  # small multiples: panels per row
    share_y: bool = False  # small multiples: one value axis for all panels
    legend: bool = False  # a legend instead of direct labels (avoid where labels fit)
    size: Literal["short", "standard", "tall", "square"] = "standard"
    height_cm: float | None = Field(default=None, gt=3, le=25)  # overrides the preset's print height
    # words
    notes: list[str] = Field(default_factory=list)  # shown under the chart (breaks and caveats are added)
    source: str | None = None  # short source name, e.g. "NCMEC CyberTipline" (default: the publishers)
    alt: str | None = None  # overrides the generated alt text
    editions: list[int] = Field(default_factory=list)  # only these editions (default: every edition)
    translations: dict[str, dict[str, Any]] = Field(default_factory=dict)  # per-language words (gta.charts.localise)

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(f"chart id {value!r} must be lower-case letters, digits, '-' or '_' "
                             "(at most 80, no path separators): it names the output folder")
        return value

    @field_validator("series", mode="before")
    @classmethod
    def _series(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("statistics", mode="before")
    @classmethod
    def _statistics(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"id": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("breaks", mode="before")
    @classmethod
    def _breaks(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: {"label": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    @field_validator("years")
    @classmethod
    def _distinct_years(cls, value: list[int]) -> list[int]:
        if len(set(value)) != len(value):
            raise ValueError(f"each year once, got {value}")
        return [_calendar_year(y) for y in value]

    @field_validator("start", "end", "year")
    @classmethod
    def _a_year(cls, value: int | None) -> int | None:
        return None if value is None else _calendar_year(value)

    @field_validator("breaks")
    @classmethod
    def _break_years(cls, value: dict[int, BreakLabel]) -> dict[int, BreakLabel]:
        for year in value:
            _calendar_year(year)
        return value

    @field_validator("number_format")
    @classmethod
    def _format(cls, value: str) -> str:
        if value not in STYLES:
            raise ValueError(f"unknown number format {value!r}; use one of {', '.join(STYLES)}")
        return value

    @field_validator("alt")
    @classmethod
    def _alt(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("alt text is empty; remove the key to use the generated text")
        return value

    @model_validator(mode="after")
    def _shape(self) -> ChartSpec:
        if (self.dataset is None) == (not self.statistics):
            raise ValueError("give either 'dataset' with 'series', or 'statistics'")
        if self.dataset is not None and not self.series:
            raise ValueError("'dataset' needs 'series' (the series to plot)")
        n = len(self.series) if self.dataset else len({s.column or "Value" for s in self.statistics})
        if self.type == "line" and not 1 <= n <= MAX_LINES:
            raise ValueError(f"a line chart shows 1 to {MAX_LINES} series, got {n}")
        if self.type in ("grouped-bar", "stacked-bar", "small-multiples") and n < 2 and self.x == "year":
            raise ValueError(f"a {self.type} chart needs at least two series")
        if self.type in ("slope", "dumbbell") and self.dataset and len(self.years) != 2:
            raise ValueError(f"a {self.type} chart compares two years: give 'years: [first, second]'")
        if self.type in ("slope", "dumbbell") and self.statistics and n != 2:
            raise ValueError(f"a {self.type} chart compares two columns: give each statistic one of two 'column' names")
        if self.x == "series" and self.dataset and self.year is None:
            raise ValueError("'x: series' shows one value per series: give the 'year'")
        if self.type == "barh" and self.dataset and self.x != "series":
            raise ValueError("a 'barh' chart shows one bar per category: give 'x: series' and the 'year'")
        if self.x == "series" and self.type not in ("bar", "barh"):
            raise ValueError("'x: series' (one bar per series) works with 'bar' and 'barh' charts")
        if self.type == "interval" and (self.dataset is not None or n != 1):
            raise ValueError("an interval chart plots estimates with their confidence intervals: give 'statistics' "
                             "(one column)")
        if self.statistics and self.type in ("line", "area", "small-multiples"):
            raise ValueError(f"a {self.type} chart plots a dataset's years; statistics suit bar, slope and dumbbell charts")
        if self.y.scale == "log" and self.type not in ("line", "small-multiples", "slope", "dumbbell"):
            raise ValueError("a log scale suits lines and dots; bars and areas must start at zero")
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"'from' ({self.start}) is after 'to' ({self.end})")
        return self

    @property
    def print_height_cm(self) -> float:
        return self.height_cm or SIZE_PRESETS[self.size]

    @property
    def series_names(self) -> list[str]:
        """Series names without the optional ``<dataset>.`` prefix."""
        return [_bare(s.name, self.dataset) for s in self.series]

    def label_for(self, series: str) -> str | None:
        return next((s.label for s in self.series if _bare(s.name, self.dataset) == series and s.label), None)


def _calendar_year(year: int) -> int:
    # NOTE: data years are 1900-2100 (sources._parse_year); a chart asking for others is a typing mistake.
    if not 1900 <= year <= 2100:
        raise ValueError(f"{year} is not a year between 1900 and 2100")
    return year


#: The longest span of years a chart may plot: the year axis labels at most every 50 years in a narrow panel.
MAX_YEARS_SPANNED = 100


def _bare(name: str, dataset: str | None) -> str:
    head, dot, tail = name.partition(".")
    return tail if dot and head == dataset else name


def check_specs(project: Sources) -> tuple[dict[str, ChartSpec], Problems]:
    """Validate every spec in ``project.figures``; return the good ones and every problem found."""
    problems = Problems()
    specs: dict[str, ChartSpec] = {}
    known_stats = set(project.statistics)
    for ed in project.editions.values():
        known_stats.update(ed.statistics)
    for cid, (path, raw) in sorted(project.figures.items()):
        where = display_path(path)
        n_before = len(problems.errors)
        spec = validate(ChartSpec, raw, where, problems)
        if spec is None:
            continue
        _check_names(spec, path, raw, project, known_stats, problems)
        if len(problems.errors) == n_before:
            specs[cid] = spec
    return specs, problems


def _check_names(spec: ChartSpec, path: Path, raw: Any, project: Sources, known_stats: set[str],
                 problems: Problems) -> None:
    if spec.dataset is not None:
        ds = project.datasets.get(spec.dataset)
        if ds is None and spec.dataset in project.declared_datasets:
            return  # NOTE: the dataset's own file is broken, and reported there
        if ds is None:
            problems.add(path, line_of(raw, "dataset"), f"unknown dataset '{spec.dataset}'",
                         did_you_mean(spec.dataset, project.datasets) or
                         f"known datasets: {', '.join(sorted(project.datasets))}")
            return
        names = spec.series_names
        for i, (item, name) in enumerate(zip(spec.series, names, strict=True)):
            if name not in ds.meta.series:
                problems.add(path, line_of(raw, "series", i), f"unknown series '{item.name}' in dataset '{ds.id}'",
                             did_you_mean(name, ds.meta.series) or
                             f"series of {ds.id}: {', '.join(ds.meta.series)}")
        if len(set(names)) != len(names):
            problems.add(path, line_of(raw, "series"), "a series is listed twice", "list each series once")
        _check_years(spec, path, raw, ds, [n for n in names if n in ds.meta.series], problems)
        declared = {b.year for s in names if s in ds.meta.series for b in ds.breaks_for(s)}
        for year in spec.breaks:
            if year not in declared:
                problems.add(path, line_of(raw, "breaks", year), f"no series break in {year} for these series",
                             f"breaks are declared in {ds.id}.yaml ('series_breaks'); "
                             + (f"declared: {', '.join(map(str, sorted(declared)))}" if declared else "none is declared"),
                             severity="warning")
    for i, item in enumerate(spec.statistics):
        if item.id not in known_stats:
            problems.add(path, line_of(raw, "statistics", i), f"unknown statistic '{item.id}'",
                         did_you_mean(item.id, known_stats) or "declare it under sources/statistics/")
    if spec.type == "interval":
        _check_estimates(spec, path, raw, project, problems)
    cells = [(s.row, s.column or "Value") for s in spec.statistics if s.row]
    if len(set(cells)) != len(cells):
        problems.add(path, line_of(raw, "statistics"), "two statistics share the same row and column",
                     "give each statistic its own 'row' or 'column'")


def _check_estimates(spec: ChartSpec, path: Path, raw: Any, project: Sources, problems: Problems) -> None:
    """Every statistic of an interval chart must carry its interval (an 'estimate:' block)."""
    declared = dict(project.statistics)
    for ed in project.editions.values():
        declared.update(ed.statistics)
    for i, item in enumerate(spec.statistics):
        st = declared.get(item.id)
        if st is not None and st.estimate is None:
            problems.add(path, line_of(raw, "statistics", i), f"statistic '{item.id}' has no confidence interval",
                         "an interval chart plots estimates: add 'estimate:' with lower and upper to the statistic")


def _check_years(spec: ChartSpec, path: Path, raw: Any, ds: Any, names: list[str], problems: Problems) -> None:
    """Years picked by name must have data; the years plotted must fit one readable axis."""
    has_data = sorted({y for n in names for y in ds.series_years(n)})
    shown = ", ".join(map(str, has_data)) or "none"
    for key, picked in (("years", spec.years), ("year", [spec.year] if spec.year is not None else [])):
        for year in picked:
            if year not in has_data:
                problems.add(path, line_of(raw, key), f"no data for {year} in the series of this chart",
                             f"years with data: {shown}")
    plotted = spec.years or [y for y in has_data if (spec.start is None or y >= spec.start)
                             and (spec.end is None or y <= spec.end)]
    if plotted and max(plotted) - min(plotted) > MAX_YEARS_SPANNED:
        problems.add(path, line_of(raw, "dataset"), f"the chart spans {min(plotted)}–{max(plotted)}, more than "
                     f"{MAX_YEARS_SPANNED} years", "choose the years to show with 'from' and 'to'")
