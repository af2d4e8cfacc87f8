"""Load and validate everything under ``sources/`` and ``figures/`` before anything is written.

The result is a :class:`Project`: typed metadata plus every dataset observation with the file
and line it came from, so later stages can cite a figure down to its CSV row.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GtaError, Problems, did_you_mean, display_path
from .model import (
    ChapterMeta,
    DatasetMeta,
    Edition,
    Reference,
    StatisticSpec,
    validate,
)
from .yamlio import LineDict, line_of, load_yaml, parse_yaml, read_text

QUALIFIERS = ("exact", "at least", "more than", "at most", "almost", "about")


@dataclass(frozen=True)
class Location:
    """Where something was declared: shown in errors and in the statistics register."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def project_path(path: Path | str) -> str:
    """A source file's path from the project root ("sources/datasets/iwf.csv").

    Outputs cite rows by this path, so they do not depend on where the build ran from.
    """
    parts = Path(path).resolve().parts
    for anchor in ("sources", "figures"):
        if anchor in parts:
            i = len(parts) - 1 - parts[::-1].index(anchor)
            return Path(*parts[i:]).as_posix()
    return display_path(path)


@dataclass(frozen=True)
class Observation:
    """One value of one series in one year, with the row it came from."""

    dataset: str
    series: str
    year: int
    value: float
    qualifier: str
    confidence: str
    source_url: str
    note: str
    location: Location


@dataclass
class Dataset:
    """A CSV and its sidecar; ``observations`` is keyed by (series, year)."""

    meta: DatasetMeta
    csv_path: Path
    meta_path: Path
    observations: dict[tuple[str, int], Observation]

    @property
    def id(self) -> str:
        return self.meta.id

    def series_years(self, series: str) -> list[int]:
        return sorted(y for (s, y) in self.observations if s == series)

    def breaks_for(self, series: str) -> list[Any]:
        return [b for b in self.meta.series_breaks if not b.series or series in b.series]


@dataclass
class Chapter:
    """One Markdown chapter: front matter, body, and the file line where the body starts."""

    id: str
    path: Path
    meta: ChapterMeta
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    meta_lines: dict[str, int] = field(default_factory=dict)  # front matter key -> its line in the file


@dataclass
class EditionSource:
    """An edition's YAML, its chapters, and its own statistics and recommendations files."""

    meta: Edition
    dir: Path
    chapters: list[Chapter]
    statistics: dict[str, StatisticSpec]
    locations: dict[str, Location]

    @property
    def year(self) -> int:
        return self.meta.year


@dataclass
class Sources:
    """The project's data sources, read and validated: what statistics, charts and tables are computed from.

    :class:`gta.load.Project` adds what the other source files hold (specs, frameworks, translations).
    """

    root: Path
    references: dict[str, Reference]
    datasets: dict[str, Dataset]
    statistics: dict[str, StatisticSpec]
    locations: dict[str, Location]  # statistic id -> where it is declared
    editions: dict[int, EditionSource]
    figures: dict[str, tuple[Path, LineDict]]  # chart id -> (spec file, raw spec)
    warnings: list[Any] = field(default_factory=list)
    declared_datasets: set[str] = field(default_factory=set)  # sidecar names, loaded or not (no cascade of errors)

    def series(self, name: str) -> tuple[Dataset, str]:
        """Resolve ``dataset.series`` or raise ``KeyError``."""
        ds_id, _, series = name.partition(".")
        ds = self.datasets[ds_id]
        if series not in ds.meta.series:
            raise KeyError(name)
        return ds, series

    def all_series(self) -> list[str]:
        return sorted(f"{d.id}.{s}" for d in self.datasets.values() for s in d.meta.series)


def read_sources(root: Path, problems: Problems) -> Sources:
    """Read the data sources: references, datasets, statistics, editions and raw chart specs.

    Problems are recorded in ``problems``; :func:`gta.load.load_project` reads the rest and raises.
    """
    root = root.resolve()
    if not (root / "sources").is_dir():
        raise GtaError([_missing(root)])
    references, declared = _load_references(root / "sources" / "references.yaml", problems)
    datasets = _load_datasets(root / "sources" / "datasets", references, declared, problems)
    statistics, locations = _load_statistics(sorted((root / "sources" / "statistics").glob("*.yaml")), problems)
    editions = _load_editions(root / "sources" / "editions", problems)
    for ed in editions.values():
        for sid in ed.statistics:
            if sid in statistics:
                problems.add(ed.locations[sid].path, ed.locations[sid].line, f"statistic '{sid}' is already declared",
                             f"first declared at {locations[sid]}; rename one of them")
    figures = _load_figures(root / "figures", problems)
    _check_statistic_references(statistics, locations, declared, problems)
    for ed in editions.values():
        _check_statistic_references(ed.statistics, ed.locations, declared, problems)
    declared = {p.stem for p in (root / "sources" / "datasets").glob("*.yaml")}
    return Sources(root, references, datasets, statistics, locations, editions, figures, declared_datasets=declared)


def _missing(root: Path) -> Any:
    from .errors import Problem

    return Problem(display_path(root), None, "no 'sources/' folder here",
                   "run gta from a project folder, or pass --project PATH")


# --- references ---------------------------------------------------------------------------

@dataclass
class _Declared:
    """Reference ids and urls written in references.yaml, including entries that failed validation."""

    ids: set[str]
    urls: set[str]


def _load_references(path: Path, problems: Problems) -> tuple[dict[str, Reference], _Declared | None]:
    """The valid references, and what was declared; ``None`` when the file is unreadable.

    NOTE: citations are only checked against a readable file, so one broken entry or a syntax
    error is reported once, not again at every dataset, row and statistic that cites it.
    """
    raw = _load(path, problems)
    if raw is None:
        return {}, None
    items = raw.get("references") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        problems.add(path, line_of(raw), "expected a 'references:' list", "see sources/README.md")
        return {}, None
    declared = _Declared({str(i["id"]) for i in items if isinstance(i, dict) and "id" in i},
                         {str(i["url"]) for i in items if isinstance(i, dict) and "url" in i})
    result: dict[str, Reference] = {}
    for i, item in enumerate(items):
        ref = validate(Reference, item, display_path(path), problems, "references", i)
        if ref is None:
            continue
        if ref.id in result:
            problems.add(path, line_of(items, i), f"duplicate reference id '{ref.id}'", "ids must be unique")
        result[ref.id] = ref
    return result, declared


# --- datasets -----------------------------------------------------------------------------

def _load_datasets(folder: Path, references: dict[str, Reference], declared: _Declared | None,
                   problems: Problems) -> dict[str, Dataset]:
    datasets: dict[str, Dataset] = {}
    for meta_path in sorted(folder.glob("*.yaml")):
        raw = _load(meta_path, problems)
        if raw is None:
            continue
        meta = validate(DatasetMeta, raw, display_path(meta_path), problems)
        if meta is None:
            continue
        if meta.long and not _check_long(meta, raw, meta_path, problems):
            continue
        csv_path = meta_path.with_suffix(".csv")
        if meta.id != meta_path.stem:
            problems.add(meta_path, line_of(raw, "id"), f"dataset id '{meta.id}' differs from the file name",
                         f"name the files {meta.id}.yaml and {meta.id}.csv, or change the id")
        for ref in meta.references:
            if declared is not None and ref not in declared.ids:
                problems.add(meta_path, line_of(raw, "references"), f"unknown reference '{ref}'",
                             did_you_mean(ref, sorted(declared.ids)) or "add it to sources/references.yaml")
        if not csv_path.exists():
            problems.add(meta_path, 1, f"no data file {csv_path.name} beside this sidecar", "add the CSV or remove the sidecar")
            continue
        observations = _load_csv(csv_path, meta, raw, declared.urls if declared else None, problems)
        datasets[meta.id] = Dataset(meta, csv_path, meta_path, observations)
    for csv_path in sorted(folder.glob("*.csv")):
        if not csv_path.with_suffix(".yaml").exists():
            problems.add(csv_path, 1, "dataset has no YAML sidecar", f"add {csv_path.stem}.yaml describing its columns")
    return datasets


def _check_long(meta: DatasetMeta, raw: Any, path: Path, problems: Problems) -> bool:
    """A long dataset's key must be a declared column and its value a numeric one."""
    types = {c.name: c.type for c in meta.columns}
    assert meta.long is not None
    ok = True
    for role, name in (("key", meta.long.key), ("value", meta.long.value)):
        if name not in types:
            problems.add(path, line_of(raw, "long", role), f"long.{role} names '{name}', which is not a column",
                         did_you_mean(name, types) or f"columns: {', '.join(types)}")
            ok = False
    if meta.long.value in types and types[meta.long.value] not in ("count", "number", "percent"):
        problems.add(path, line_of(raw, "long", "value"),
                     f"long.value names '{meta.long.value}', a {types[meta.long.value]} column, not a numeric one",
                     "the value column needs type count, number or percent")
        ok = False
    return ok


def _load_csv(path: Path, meta: DatasetMeta, raw_meta: Any, known_urls: set[str] | None,
              problems: Problems) -> dict[tuple[str, int], Observation]:
    try:
        text = read_text(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return {}
    if not text.strip():
        problems.add(path, 1, "file is empty", "add a header row and data rows")
        return {}
    # NOTE: strict, so an unclosed quote is an error instead of silently swallowing the rows after it.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(_rows(reader))
    except _CsvError as exc:
        problems.add(path, exc.line, f"cannot read the CSV: {exc.message}",
                     "a quoted cell needs a closing quote, followed by a comma or the end of the line")
        return {}
    (_, header), rows = rows[0], rows[1:]
    expected = [c.name for c in meta.columns]
    if header != expected:
        problems.add(path, 1, f"header is {','.join(header)!r}, expected {','.join(expected)!r}",
                     f"make the CSV header match the columns declared in {meta.id}.yaml")
        return {}
    types = {c.name: c.type for c in meta.columns}
    key_col = meta.long.key if meta.long else None
    value_cols = [meta.long.value] if meta.long else [c.name for c in meta.columns if c.type in ("count", "number", "percent")]
    for s in meta.series:
        if meta.long is None and s not in value_cols:
            problems.add(path.with_suffix(".yaml"), line_of(raw_meta, "series", s), f"series '{s}' is not a numeric column",
                         f"numeric columns: {', '.join(value_cols)}")
    obs: dict[tuple[str, int], Observation] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.add(path, line, f"row has {len(row)} cells, expected {len(header)}", "check for a missing or extra comma")
            continue
        cells = dict(zip(header, row, strict=True))
        year = _parse_year(cells.get("year", ""), path, line, problems)
        confidence = cells.get("confidence", "") or meta.confidence
        if confidence not in ("high", "medium", "low"):
            problems.add(path, line, f"confidence must be high, medium or low, got {confidence!r}", "")
        qualifier = cells.get("qualifier", "") or "exact"
        if qualifier not in QUALIFIERS:
            problems.add(path, line, f"qualifier must be one of {', '.join(QUALIFIERS)}, got {qualifier!r}", "")
        url = cells.get("source_url", "")
        if url and known_urls is not None and url not in known_urls:
            problems.add(path, line, f"source_url {url!r} is not in sources/references.yaml",
                         "add a reference with this url, so the row can be cited")
        for col in value_cols:
            series = cells[key_col] if key_col else col
            if key_col and series not in meta.series:
                problems.add(path, line, f"unknown series '{series}' in column '{key_col}'",
                             did_you_mean(series, meta.series) or f"declare it under 'series:' in {meta.id}.yaml")
                continue
            value = _parse_number(cells[col], types[col], col, path, line, problems)
            if value is None or year is None:
                continue
            if (series, year) in obs:
                first = obs[(series, year)].location.line
                problems.add(path, line, f"duplicate year {year} for '{series}' (first on line {first})",
                             "keep one row per year; record the other source in the note")
                continue
            obs[(series, year)] = Observation(meta.id, series, year, value, qualifier, confidence, url,
                                              cells.get("note", ""), Location(project_path(path), line))
    return obs


class _CsvError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _rows(reader: Any) -> Any:
    """(line, row) pairs; the line is where the row starts, even after a quoted multi-line cell."""
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _CsvError(start, str(exc)) from None
        yield start, row
        start = reader.line_num + 1


def _parse_year(cell: str, path: Path, line: int, problems: Problems) -> int | None:
    # NOTE: int() would also accept "2_021" and non-ASCII digits; a year is four plain digits.
    try:
        if not (cell.strip().isascii() and cell.strip().isdigit()):
            raise ValueError(cell)
        year = int(cell)
    except ValueError:
        problems.add(path, line, f"column 'year' must be a year, got {cell!r}", "use four digits, e.g. 2024")
        return None
    if not 1900 <= year <= 2100:
        problems.add(path, line, f"column 'year' is out of range: {year}", "use a calendar year between 1900 and 2100")
        return None
    return year


def _parse_number(cell: str, kind: str, col: str, path: Path, line: int, problems: Problems) -> float | None:
    cell = cell.strip()
    if cell == "":
        return None  # unknown: drawn as a gap, never as zero
    try:
        value = float(cell.replace("_", "x"))  # NOTE: refuse "1_000", which float() would accept
    except ValueError:
        hint = "write the number without separators, e.g. 36210368" if "," in cell or " " in cell else \
            "leave the cell empty where the value is unknown"
        problems.add(path, line, f"column '{col}' must be a number, got {cell!r}", hint)
        return None
    if not math.isfinite(value):
        problems.add(path, line, f"column '{col}' must be a finite number, got {cell!r}", "")
        return None
    if kind == "count":
        if value < 0:
            problems.add(path, line, f"column '{col}' is a count and cannot be negative, got {cell}", "check the sign")
            return None
        if value != int(value):
            problems.add(path, line, f"column '{col}' must be a whole number, got {cell}", "counts have no decimals")
            return None
    return value


# --- statistics ---------------------------------------------------------------------------

def _load_statistics(paths: list[Path], problems: Problems) -> tuple[dict[str, StatisticSpec], dict[str, Location]]:
    specs: dict[str, StatisticSpec] = {}
    locations: dict[str, Location] = {}
    for path in paths:
        raw = _load(path, problems)
        if raw is None:
            continue
        items = raw.get("statistics") if isinstance(raw, dict) else None
        if not isinstance(items, list):
            problems.add(path, line_of(raw), "expected a 'statistics:' list", "see sources/README.md")
            continue
        for i, item in enumerate(items):
            spec = validate(StatisticSpec, item, display_path(path), problems, "statistics", i)
            if spec is None:
                continue
            loc = Location(project_path(path), line_of(items, i))
            if spec.id in specs:
                problems.add(path, loc.line, f"duplicate statistic id '{spec.id}'", f"first declared at {locations[spec.id]}")
                continue
            if (spec.value is None) == (spec.op is None):
                problems.add(path, loc.line, f"statistic '{spec.id}' needs exactly one of 'value' (given) or 'op' (derived)",
                             "a given statistic has value, unit and reference; a derived one has op and inputs")
                continue
            if spec.value is not None and (spec.unit is None or spec.reference is None):
                problems.add(path, loc.line, f"given statistic '{spec.id}' needs 'unit' and 'reference'",
                             "say what the number counts and where it was published")
                continue
            specs[spec.id] = spec
            locations[spec.id] = loc
    return specs, locations


def _check_statistic_references(specs: dict[str, StatisticSpec], locations: dict[str, Location],
                                declared: _Declared | None, problems: Problems) -> None:
    if declared is None:
        return
    for sid, spec in specs.items():
        if spec.reference and spec.reference not in declared.ids:
            loc = locations[sid]
            problems.add(loc.path, loc.line, f"statistic '{sid}' cites unknown reference '{spec.reference}'",
                         did_you_mean(spec.reference, sorted(declared.ids)) or "add it to sources/references.yaml")


# --- editions -----------------------------------------------------------------------------

def _load_editions(folder: Path, problems: Problems) -> dict[int, EditionSource]:
    editions: dict[int, EditionSource] = {}
    for path in sorted(folder.glob("*/edition.yaml")):
        raw = _load(path, problems)
        if raw is None:
            continue
        meta = validate(Edition, raw, display_path(path), problems)
        if meta is None:
            continue
        if str(meta.year) != path.parent.name:
            problems.add(path, line_of(raw, "year"), f"edition year {meta.year} differs from its folder '{path.parent.name}'",
                         "keep each edition in sources/editions/<year>/")
        if meta.data_cutoff > meta.year:
            problems.add(path, line_of(raw, "data_cutoff"), "data_cutoff is after the edition year", "")
        chapters: list[Chapter] = []
        for i, cid in enumerate(meta.chapters):
            cpath = path.parent / "chapters" / f"{cid}.md"
            if not cpath.exists():
                problems.add(path, line_of(raw, "chapters", i), f"chapter '{cid}' has no file chapters/{cid}.md",
                             "create the file or remove the entry")
                continue
            chapter = _load_chapter(cid, cpath, problems)
            if chapter:
                chapters.append(chapter)
        stats_paths = sorted(p for p in path.parent.glob("statistics*.yaml"))
        specs, locations = _load_statistics(stats_paths, problems)
        editions[meta.year] = EditionSource(meta, path.parent, chapters, specs, locations)
    return editions


def _load_chapter(cid: str, path: Path, problems: Problems) -> Chapter | None:
    try:
        text = read_text(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return None
    if not text.startswith("---\n"):
        problems.add(path, 1, "chapter has no front matter", "start the file with '---', 'title: ...', '---'")
        return None
    end = text.find("\n---\n", 4)
    if end < 0:
        problems.add(path, 1, "front matter is not closed", "add a line '---' after the front matter")
        return None
    try:
        raw = parse_yaml(text[4:end + 1], path)
    except GtaError as exc:
        # NOTE: front matter starts on line 2 of the file.
        problems.extend(type(p)(p.path, (p.line or 0) + 1, p.message, p.hint, p.severity) for p in exc.problems)
        return None
    meta = validate(ChapterMeta, raw, display_path(path), problems)
    if meta is None:
        return None
    body_line = text[: end + 5].count("\n") + 1
    lines = {str(k): (line_of(raw, k) or 0) + 1 for k in raw} if isinstance(raw, dict) else {}
    return Chapter(cid, path, meta, text[end + 5:], body_line, lines)


# --- figures ------------------------------------------------------------------------------

def _load_figures(folder: Path, problems: Problems) -> dict[str, tuple[Path, LineDict]]:
    figures: dict[str, tuple[Path, LineDict]] = {}
    for path in sorted(folder.glob("*.yaml")):
        raw = _load(path, problems)
        if raw is None:
            continue
        if not isinstance(raw, dict) or "id" not in raw:
            problems.add(path, line_of(raw), "a chart spec needs an 'id'", "see figures/README.md")
            continue
        cid = str(raw["id"])
        if cid in figures:
            problems.add(path, line_of(raw, "id"), f"duplicate chart id '{cid}'", f"also in {display_path(figures[cid][0])}")
            continue
        figures[cid] = (path, raw)
    return figures


# --- helpers ------------------------------------------------------------------------------

def _load(path: Path, problems: Problems) -> Any:
    if not path.exists():
        problems.add(path, None, "file not found", "create it; see sources/README.md")
        return None
    try:
        return load_yaml(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return None
