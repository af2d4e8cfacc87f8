"""Typed input models: what each source file may say, validated once at the boundary.

Every model forbids nothing silently: unknown keys are reported as warnings (errors with
``--strict``) by :func:`validate`, which also turns pydantic's messages into located problems.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from .errors import GtaError, Problems, display_path
from .formatting import STYLES
from .yamlio import line_of, load_yaml

Confidence = Literal["high", "medium", "low"]
# NOTE: the same six as a CSV 'qualifier' column (sources.QUALIFIERS) and the formatter's phrases.
Qualifier = Literal["exact", "at least", "more than", "almost", "at most", "about"]
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
AS_OF_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class Model(BaseModel):
    """Base for all inputs: immutable, and extra keys kept so they can be reported."""

    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(
            f"id {value!r} must be lower-case letters, digits, '-' or '_' (at most 80, no path separators)"
        )
    return value


def check_date(value: str) -> str:
    """``value`` if it is a calendar date written YYYY-MM-DD (or YYYY-MM, or YYYY) between 1900 and 2100."""
    import datetime

    if not AS_OF_PATTERN.match(value):
        raise ValueError(f"write the date as YYYY-MM-DD, such as 2025-12-11, got {value!r}")
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError:
        raise ValueError(f"{value} is not a calendar date") from None
    if not 1900 <= parts[0] <= 2100:
        raise ValueError(f"{value} is not between 1900 and 2100")
    return value


class Reference(Model):
    """A bibliographic source, cited by id from datasets, statistics and chapters."""

    id: str
    publisher: str
    title: str
    year: int | None = None
    # NOTE: the publication date when known (2023-12-20 or 2023-12): an edition refuses a source
    # published after it; a year alone only refuses what came out in a later year.
    published: str | None = None
    url: str
    accessed: str | None = None  # date the page was last checked, when recorded
    note: str = ""  # for reviewers (the register's files), never printed in the report
    # a news report, blog or transcription of another publisher's figures: kept in the register's
    # provenance, not listed among the report's sources
    secondary: bool = False

    _id = field_validator("id")(_check_id)

    @field_validator("published")
    @classmethod
    def _published_is_a_date(cls, value: str | None) -> str | None:
        if value is not None and not DATE_PATTERN.match(str(value)):
            raise ValueError(f"published must be a date such as 2023-12-20 or 2023-12, got {value!r}")
        return value

    @model_validator(mode="after")
    def _published_in_its_year(self) -> Reference:
        if self.published and self.year is not None and int(str(self.published)[:4]) != self.year:
            raise ValueError(f"published {self.published} is not in the year {self.year}")
        return self


class Column(Model):
    """One CSV column: its name, type and meaning."""

    name: str
    type: Literal["year", "count", "number", "percent", "text", "url", "confidence", "qualifier", "key"]
    description: str = ""


class SeriesInfo(Model):
    """A measurable quantity in a dataset: a value column (wide) or a key value (long)."""

    label: str
    unit: str
    aliases: list[str] = Field(default_factory=list)  # how prose names it, for the claim checker
    description: str = ""


class SeriesBreak(Model):
    """A change of method: values either side of ``year`` must not be compared without a caveat."""

    year: int
    series: list[str] = Field(default_factory=list)  # empty means every series in the dataset
    description: str


class LongFormat(Model):
    """For long CSVs (year, metric, value): which column names the series and which holds values."""

    key: str
    value: str


class DatasetMeta(Model):
    """The YAML sidecar of a CSV dataset."""

    id: str
    title: str
    publisher: str
    unit: str
    columns: list[Column]
    series: dict[str, SeriesInfo]
    references: list[str] = Field(min_length=1)
    caveats: list[str] = Field(default_factory=list)
    series_breaks: list[SeriesBreak] = Field(default_factory=list)
    confidence: Confidence
    long: LongFormat | None = None
    description: str = ""
    # how a chart's or table's source line names the data for readers: publisher and publication,
    # "{first}–{last}" standing for the years shown ("Internet Watch Foundation, annual reports {first}–{last}")
    source: str = ""
    # "data": values are annual data, limited by an edition's data cut-off year. "publication":
    # values are statements of the current position (e.g. membership), usable up to the
    # edition's own year.
    cutoff: Literal["data", "publication"] = "data"

    _id = field_validator("id")(_check_id)


class EstimateSpec(Model):
    """A survey or meta-analysis estimate's uncertainty and scope, in the statistic's own unit."""

    lower: float | None = Field(default=None, allow_inf_nan=False)  # lower bound of the interval
    upper: float | None = Field(default=None, allow_inf_nan=False)  # upper bound
    standard_error: float | None = Field(default=None, gt=0, allow_inf_nan=False)  # instead of, or with, the bounds
    level: float = Field(default=95, gt=0, lt=100)  # confidence level in percent
    population: str = Field(min_length=1)  # who the estimate is about
    period: str = Field(min_length=1)  # the recall period: "past year", "lifetime", ...
    sample_size: int | None = Field(default=None, ge=1)  # participants
    studies: int | None = Field(default=None, ge=1)  # studies or samples pooled
    method: str = Field(min_length=1)  # e.g. "random-effects meta-analysis", "weighted national survey"

    @model_validator(mode="after")
    def _bounds(self) -> EstimateSpec:
        if (self.lower is None) != (self.upper is None):
            raise ValueError("give both 'lower' and 'upper' (the published interval), or neither")
        if self.lower is None and self.standard_error is None:
            raise ValueError("an estimate needs its uncertainty: 'lower' and 'upper', or 'standard_error'")
        if self.lower is not None and self.upper is not None and self.lower > self.upper:
            raise ValueError(f"lower ({self.lower:g}) is above upper ({self.upper:g})")
        return self


class StatisticSpec(Model):
    """A statistic: given directly (``value``) or derived (``op``) from datasets and statistics."""

    id: str
    label: str
    # given
    value: float | None = Field(default=None, allow_inf_nan=False)
    unit: str | None = None
    qualifier: Qualifier = "exact"
    as_of: str | int | None = None
    reference: str | None = None
    # derived
    op: str | None = None
    series: str | None = None  # "<dataset>.<series>"
    denominator: str | None = None  # a second series, for ratio and share
    year: int | None = None
    start: int | None = None  # "from" year
    end: int | None = None  # "to" year
    of: list[str] = Field(default_factory=list)  # input statistic ids
    window: int | None = Field(default=None, ge=1)
    per: Literal["day", "week", "month", "year"] | None = None
    n: int | None = Field(default=None, ge=1)
    model: Literal["linear", "log-linear"] | None = None
    allow_break: str | None = None  # caveat text: required to compute across a series break
    allow_mixed_units: str | None = None  # caveat text: required to combine different units
    # shared
    confidence: Confidence | None = None
    note: str = ""
    style: str | None = None  # how text shows it: words, full, percent, change, ratio, multiple, year
    decimals: int | None = None  # explicit rounding for display; the exact value is kept
    estimate: EstimateSpec | None = None  # a survey estimate's interval, population and period (given only)

    _id = field_validator("id")(_check_id)

    @field_validator("estimate")
    @classmethod
    def _estimate_fits(cls, est: EstimateSpec | None, info: ValidationInfo) -> EstimateSpec | None:
        # NOTE: fields declared before 'estimate' are in info.data when they were valid.
        if est is None:
            return est
        if info.data.get("op") is not None:
            raise ValueError("only a given statistic (with 'value') can carry an estimate's interval")
        value = info.data.get("value")
        if value is not None and est.lower is not None and est.upper is not None \
                and not est.lower <= value <= est.upper:
            raise ValueError(f"value {value:g} is outside its interval {est.lower:g}–{est.upper:g}")
        if info.data.get("unit") in ("percent", "%"):
            for name in ("lower", "upper"):
                bound = getattr(est, name)
                if bound is not None and not 0 <= bound <= 100:
                    raise ValueError(f"{name} {bound:g} is not a percentage between 0 and 100")
        return est

    @field_validator("as_of")
    @classmethod
    def _as_of_is_dated(cls, value: str | int | None) -> str | int | None:
        # NOTE: the data cut-off compares the year at the start of as_of, so it must have one.
        if value is not None and not AS_OF_PATTERN.match(str(value)):
            raise ValueError(f"as_of must be a year or a date such as 2018, 2018-02 or 2018-02-01, got {value!r}")
        return value

    @field_validator("style")
    @classmethod
    def _known_style(cls, value: str | None) -> str | None:
        if value is not None and value not in STYLES:
            raise ValueError(f"style must be one of {', '.join(STYLES)}, got {value!r}")
        return value

    @model_validator(mode="after")
    def _interval_style(self) -> StatisticSpec:
        if self.style == "interval" and (self.estimate is None or self.unit not in ("percent", "%")):
            raise ValueError("style 'interval' shows a percentage with its confidence interval: "
                             "it needs unit: percent and an 'estimate:' with the interval")
        return self


class Edition(Model):
    """One GTA year: its title, data cut-off and chapter order."""

    year: int
    title: str
    subtitle: str = ""
    published: str
    data_cutoff: int
    previous: int | None = None
    chapters: list[str] = Field(min_length=1)
    author: str = "WeProtect Global Alliance"
    licence: str = "CC BY 4.0"
    url: str = ""  # the edition's page on the publisher's site, cited with every chart
    sample: bool = False
    sample_notice: str = ""
    research_partner: str = ""
    recommendations_by: Literal["audience", "domain"] = "audience"
    headline: list[str] = Field(default_factory=list)  # statistic ids shown as key-finding tiles
    # charts the chart pack offers beyond the report's figures, labelled "additional figure"
    additional_figures: list[str] = Field(default_factory=list)
    language: str = "en"

    @field_validator("year", "data_cutoff", "previous")
    @classmethod
    def _calendar_year(cls, value: int | None) -> int | None:
        if value is not None and not 1900 <= value <= 2100:
            raise ValueError(f"{value} is not a year between 1900 and 2100")
        return value

    @field_validator("published")
    @classmethod
    def _published_is_a_date(cls, value: str) -> str:
        # NOTE: the PDF's dates and SOURCE_DATE_EPOCH come from it, so it must be a real calendar date.
        return check_date(value)

    @field_validator("chapters")
    @classmethod
    def _chapter_ids(cls, value: list[str]) -> list[str]:
        # NOTE: a chapter id names a file in chapters/; refuse paths such as "../notes".
        for cid in value:
            _check_id(cid)
        return value


class ChapterMeta(Model):
    """Front matter of a chapter Markdown file."""

    title: str
    kind: Literal["chapter", "front", "back"] = "chapter"
    summary: str = ""  # one line for the contents and the chapter's page on screens
    # set by `gta new-edition`: the edition this text was copied from, until someone revises it
    copied_from: int | None = None
    standfirst: str = ""  # the lead paragraph under the title (the summary when empty)
    key_figure: str | None = None  # a statistic id, shown large on the chapter's opener
    opener: bool | None = None  # a page of its own opens the chapter in print (default: body chapters)

    @field_validator("key_figure")
    @classmethod
    def _key_figure_id(cls, value: str | None) -> str | None:
        return value if value is None else _check_id(value)

    @property
    def has_opener(self) -> bool:
        return self.kind == "chapter" if self.opener is None else self.opener


M = TypeVar("M", bound=BaseModel)


def read_validated(path: Path, model: type[M], problems: Problems) -> tuple[Any, M] | None:
    """A YAML file read and validated against ``model``: ``(raw, object)``, or ``None`` with its
    problems recorded (the raw document keeps the line numbers later checks point at)."""
    try:
        raw = load_yaml(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return None
    obj = validate(model, raw, display_path(path), problems)
    return None if obj is None else (raw, obj)


def validate(model: type[M], raw: Any, path: str, problems: Problems, *loc_prefix: Any) -> M | None:
    """Validate ``raw`` against ``model``; record located errors and unknown-key warnings."""
    try:
        obj = model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            line = line_of(raw, *loc)
            field = ".".join(str(x) for x in (*loc_prefix, *loc)) or "document"
            message, hint = _explain(err, field)
            problems.add(path, line, message, hint)
        return None
    _warn_unknown_keys(obj, raw, path, problems, loc_prefix)
    _forget_unknown_keys(obj)
    return obj


def _forget_unknown_keys(value: Any) -> None:
    """Unknown keys are reported, never carried on: nothing later hashes, dumps or copies what they hold."""
    if isinstance(value, BaseModel):
        if value.__pydantic_extra__:
            object.__setattr__(value, "__pydantic_extra__", {})  # NOTE: models are frozen; this is their own slot
        for name in type(value).model_fields:
            _forget_unknown_keys(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            _forget_unknown_keys(item)
    elif isinstance(value, dict):
        for item in value.values():
            _forget_unknown_keys(item)


def _explain(err: dict[str, Any], field: str) -> tuple[str, str]:
    kind = err["type"]
    if kind == "missing":
        return f"missing required field '{field}'", f"add '{field.rsplit('.', 1)[-1]}:' to this entry"
    if kind == "literal_error":
        return f"'{field}': {err['msg']}", "use one of the allowed values"
    got = err.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    # NOTE: lower-case only the first letter: the message may quote the user's value ("id 'Reports 2021' ...").
    msg = err["msg"].removeprefix("Value error, ")
    msg = msg[:1].lower() + msg[1:]
    if kind == "value_error":
        return f"'{field}': {msg}", "see sources/README.md for this file's format"
    return f"'{field}' {msg}, got {shown}", "see sources/README.md for this file's format"


def _warn_unknown_keys(obj: BaseModel, raw: Any, path: str, problems: Problems, prefix: tuple[Any, ...]) -> None:
    for name, value in (obj.model_extra or {}).items():
        hint = f"known keys: {', '.join(sorted(type(obj).model_fields))}"
        if value is None:
            # NOTE: in "{label: Change, 2016 to 2018, op: ...}" the comma starts a new, empty key.
            hint = f"a comma inside an unquoted value in {{...}} starts a new key: put that value in quotes; {hint}"
        problems.add(path, line_of(raw, name), f"unknown key '{name}'", hint, severity="warning")
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        sub = raw.get(name) if isinstance(raw, dict) else None
        if isinstance(value, BaseModel):
            _warn_unknown_keys(value, sub, path, problems, (*prefix, name))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel) and isinstance(sub, list) and i < len(sub):
                    _warn_unknown_keys(item, sub[i], path, problems, (*prefix, name, i))
        elif isinstance(value, dict):
            for k, item in value.items():
                if isinstance(item, BaseModel) and isinstance(sub, dict):
                    _warn_unknown_keys(item, sub.get(k), path, problems, (*prefix, name, k))
