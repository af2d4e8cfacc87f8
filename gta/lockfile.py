"""An edition's lock file: ``sources/editions/<year>/edition.lock``, what a published edition reads and shows.

A lock is YAML written by ``gta lock`` and reviewed in git like any source. It holds a snapshot
of every input the edition computes from — the dataset rows of every series it uses (with their
provenance and ``file:line``), the specs of its statistics, charts and tables, the references
behind them — plus what the edition shows (each statistic's exact value and text, each figure's
and table's data) and the hashes of its own texts and of the frameworks. A locked edition is
computed from :func:`locked_sources`, never from the live files, so later revisions of the data
change nothing in it.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field

from .charts.spec import ChartSpec
from .errors import Problems, display_path
from .evidence import EvidenceItem, EvidenceLibrary
from .model import DatasetMeta, Edition, Model, Reference, StatisticSpec, read_validated, validate
from .sources import Dataset, EditionSource, Location, Observation, Sources
from .tables import TableSpec
from .yamlio import LineDict, LineList, line_of

LOCK_FILE = "edition.lock"
LOCK_FORMAT = 1
ROW_FIELDS = ("value", "qualifier", "confidence", "source_url", "note")  # what a row says, besides where it is


# --- the file's shape ----------------------------------------------------------------------------


class _Row(Model):
    series: str
    year: int
    value: float = Field(allow_inf_nan=False)
    qualifier: str = "exact"
    confidence: str
    source_url: str = ""
    note: str = ""
    at: str  # file:line of the row when it was locked


class _Dataset(Model):
    meta: dict[str, Any]
    series: list[str]  # every series the edition uses; only these rows exist for it
    rows: list[_Row] = Field(default_factory=list)


class _Spec(Model):
    at: str  # where the spec was declared (file:line, or the file)
    spec: dict[str, Any]


class _Item(Model):
    at: str
    item: dict[str, Any]


class _Previous(Model):
    edition: int
    data_cutoff: int


class _Sources(Model):
    references: dict[str, dict[str, Any]] = Field(default_factory=dict)
    datasets: dict[str, _Dataset] = Field(default_factory=dict)
    statistics: dict[str, _Spec] = Field(default_factory=dict)
    previous_statistics: dict[str, _Spec] = Field(default_factory=dict)  # what prev() shows
    charts: dict[str, _Spec] = Field(default_factory=dict)
    tables: dict[str, _Spec] = Field(default_factory=dict)
    evidence: dict[str, _Item] = Field(default_factory=dict)  # cited, or listed in the evidence annex


class _LockFile(Model):
    lock_format: int
    edition: int
    published: str
    data_cutoff: int
    previous: _Previous | None = None
    texts: dict[str, str] = Field(default_factory=dict)  # path -> sha256
    frameworks: dict[str, dict[str, Any]] = Field(default_factory=dict)  # id -> {year, sha256}
    shows: dict[str, Any] = Field(default_factory=dict)
    sources: _Sources


# --- what the rest of the builder uses ----------------------------------------------------------


@dataclass
class LockedDataset:
    """A dataset as the locked edition reads it: its sidecar then, and the rows of the series it uses."""

    meta: DatasetMeta
    series: tuple[str, ...]
    rows: dict[tuple[str, int], Observation]


@dataclass
class EditionLock:
    """A lock file, read and validated."""

    path: Path
    year: int
    published: str
    data_cutoff: int
    previous: int | None
    previous_cutoff: int | None
    texts: dict[str, str]
    frameworks: dict[str, dict[str, Any]]
    shows: dict[str, Any]
    references: dict[str, Reference]
    datasets: dict[str, LockedDataset]
    statistics: dict[str, tuple[StatisticSpec, Location]]
    previous_statistics: dict[str, tuple[StatisticSpec, Location]]
    charts: dict[str, tuple[str, dict[str, Any], ChartSpec]]  # id -> (spec file, raw spec, validated spec)
    tables: dict[str, tuple[str, TableSpec]]
    evidence: tuple[EvidenceItem, ...] = ()  # in the library's order


def read_lock(path: Path, problems: Problems) -> EditionLock | None:
    """Read one lock file; record located problems (a hand-edited lock is checked like any source)."""
    read = read_validated(path, _LockFile, problems)
    if read is None:
        return None
    raw, doc = read
    shown = display_path(path)
    if str(doc.edition) != path.parent.name:
        problems.add(path, line_of(raw, "edition"), f"lock of edition {doc.edition} in the folder of {path.parent.name}",
                     f"run 'gta lock {path.parent.name}' to lock this edition")
        return None
    if doc.lock_format != LOCK_FORMAT:
        problems.add(path, line_of(raw, "lock_format"), f"lock format {doc.lock_format} is not known (expected "
                     f"{LOCK_FORMAT})", "the lock was written by another version of the builder")
        return None
    src, raw_src = doc.sources, raw["sources"]
    n_before = len(problems.errors)
    references = {}
    for rid, item in src.references.items():
        ref = validate(Reference, {"id": rid, **item}, shown, problems, "sources", "references", rid)
        if ref is not None:
            references[rid] = ref
    datasets = {ds_id: _dataset(ds_id, ds, (raw_src.get("datasets") or {}).get(ds_id), shown, problems)
                for ds_id, ds in src.datasets.items()}
    statistics = _specs(src.statistics, raw_src.get("statistics"), "statistics", shown, problems)
    previous = _specs(src.previous_statistics, raw_src.get("previous_statistics"), "previous_statistics", shown,
                      problems)
    charts = {}
    for cid, item in src.charts.items():
        spec = validate(ChartSpec, item.spec, shown, problems, "sources", "charts", cid, "spec")
        if spec is not None:
            charts[cid] = (item.at, plain(item.spec), spec)
    tables = {}
    for tid, item in src.tables.items():
        tspec = validate(TableSpec, item.spec, shown, problems, "sources", "tables", tid, "spec")
        if tspec is not None:
            tables[tid] = (item.at, tspec)
    evidence = []
    for eid, entry in src.evidence.items():
        try:
            evidence.append(EvidenceItem(**{k: tuple(v) if isinstance(v, list) else v for k, v in entry.item.items()},
                                         location=parse_location(entry.at)))
        except TypeError:
            problems.add(shown, line_of(raw_src, "evidence", eid), f"locked evidence item '{eid}' cannot be read",
                         "re-lock the edition with 'gta lock'")
    if len(problems.errors) > n_before:
        return None
    return EditionLock(
        path=path, year=doc.edition, published=str(doc.published), data_cutoff=doc.data_cutoff,
        previous=doc.previous.edition if doc.previous else None,
        previous_cutoff=doc.previous.data_cutoff if doc.previous else None,
        texts=dict(doc.texts), frameworks=plain(doc.frameworks), shows=plain(doc.shows), references=references,
        datasets={k: v for k, v in datasets.items() if v is not None}, statistics=statistics,
        previous_statistics=previous, charts=charts, tables=tables, evidence=tuple(evidence))


def _dataset(ds_id: str, ds: _Dataset, raw: Any, shown: str, problems: Problems) -> LockedDataset | None:
    meta = validate(DatasetMeta, ds.meta, shown, problems, "sources", "datasets", ds_id, "meta")
    if meta is None:
        return None
    rows: dict[tuple[str, int], Observation] = {}
    for i, row in enumerate(ds.rows):
        if row.series not in ds.series or row.series not in meta.series:
            problems.add(shown, line_of(raw, "rows", i), f"locked row of '{ds_id}' names series '{row.series}', "
                         "which the lock does not declare", "re-lock the edition with 'gta lock'")
            continue
        rows[(row.series, row.year)] = Observation(ds_id, row.series, row.year, row.value, row.qualifier,
                                                   row.confidence, row.source_url, row.note, parse_location(row.at))
    return LockedDataset(meta, tuple(ds.series), rows)


def _specs(items: dict[str, _Spec], raw: Any, section: str, shown: str,
           problems: Problems) -> dict[str, tuple[StatisticSpec, Location]]:
    out = {}
    for sid, item in items.items():
        spec = validate(StatisticSpec, item.spec, shown, problems, "sources", section, sid, "spec")
        if spec is None:
            continue
        if spec.id != sid:
            problems.add(shown, line_of(raw, sid), f"locked statistic '{sid}' has the id '{spec.id}'",
                         "re-lock the edition with 'gta lock'")
            continue
        out[sid] = (spec, parse_location(item.at))
    return out


def parse_location(at: str) -> Location:
    """``"sources/datasets/iwf.csv:12"`` → Location; a bare path has no line."""
    path, sep, line = str(at).rpartition(":")
    return Location(path, int(line)) if sep and line.isdigit() else Location(str(at))


# --- the sources a locked edition computes from ---------------------------------------------------


def locked_sources(live: Sources, lock: EditionLock) -> dict[str, Any]:
    """The fields of a project that a locked edition reads from its lock instead of the live files.

    Statistics declared in an edition's own folder stay that edition's own (as the live layout
    has them), so the previous edition's statistics are computed under its cut-off as before.
    """
    root = live.root
    mine, theirs = f"sources/editions/{lock.year}/", f"sources/editions/{lock.previous}/"
    shared: dict[str, StatisticSpec] = {}
    shared_at: dict[str, Location] = {}
    own: dict[int, tuple[dict[str, StatisticSpec], dict[str, Location]]] = {lock.year: ({}, {})}
    if lock.previous is not None:
        own[lock.previous] = ({}, {})
    for year, prefix, items in ((lock.year, mine, lock.statistics), (lock.previous, theirs, lock.previous_statistics)):
        for sid, (spec, at) in items.items():
            specs, locations = own[year] if year is not None and at.path.startswith(prefix) else (shared, shared_at)
            specs.setdefault(sid, spec)
            locations.setdefault(sid, at)
    datasets = {ds_id: Dataset(ds.meta, root / "sources" / "datasets" / f"{ds_id}.csv",
                               root / "sources" / "datasets" / f"{ds_id}.yaml", dict(ds.rows))
                for ds_id, ds in lock.datasets.items()}
    editions = dict(live.editions)
    edition = live.editions[lock.year]
    meta = edition.meta.model_copy(update={"published": lock.published, "data_cutoff": lock.data_cutoff})
    editions[lock.year] = dataclasses.replace(edition, meta=meta, statistics=own[lock.year][0],
                                              locations=own[lock.year][1])
    if lock.previous is not None:
        editions[lock.previous] = _previous_edition(live, lock, *own[lock.previous])
    return {
        "references": dict(lock.references), "datasets": datasets, "statistics": shared, "locations": shared_at,
        "editions": editions, "declared_datasets": set(datasets),
        "figures": {cid: (root / at, raw) for cid, (at, raw, _) in lock.charts.items()},
        "charts": {cid: spec for cid, (_, _, spec) in lock.charts.items()},
        "tables": {tid: (root / at, spec) for tid, (at, spec) in lock.tables.items()},
        "evidence": EvidenceLibrary(lock.evidence),
    }


def _previous_edition(live: Sources, lock: EditionLock, specs: dict[str, StatisticSpec],
                      locations: dict[str, Location]) -> EditionSource:
    assert lock.previous is not None and lock.previous_cutoff is not None
    prev = live.editions.get(lock.previous)
    if prev is not None:
        meta = prev.meta.model_copy(update={"data_cutoff": lock.previous_cutoff})
        return dataclasses.replace(prev, meta=meta, statistics=specs, locations=locations)
    # NOTE: the previous edition's folder is gone; what prev() shows is still in the lock.
    meta = Edition.model_construct(year=lock.previous, title=f"Edition {lock.previous}", published="",
                                   data_cutoff=lock.previous_cutoff, chapters=[])
    return EditionSource(meta, live.root / "sources" / "editions" / str(lock.previous), [], specs, locations)


# --- writing ----------------------------------------------------------------------------------------


HEADER = """\
# Edition {year} as locked: what it shows, and every source it shows it from.
# Written by `gta lock {year}`; review changes to it like any source, never edit it by hand.
# The edition builds from this file, so revised or added data change nothing in it;
# `gta lock --check {year}` lists what the current sources would change.
"""


class _Dumper(yaml.SafeDumper):
    """Block style, except what :func:`_styled` marks: one row, one statistic, one reference per line."""


class _Flow(dict):
    pass


class _FlowList(list):
    pass


_Dumper.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
_Dumper.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))

# NOTE: paths whose values are written on one line each ("*" is any key; the last step is the item).
_ONE_LINE = (
    ("previous",), ("frameworks", "*"), ("shows", "statistics", "*"), ("shows", "previous_statistics", "*"),
    ("shows", "figures", "*", "columns"), ("shows", "figures", "*", "rows", "*"),
    ("shows", "tables", "*", "header"), ("shows", "tables", "*", "rows", "*"),
    ("shows", "headline"), ("shows", "chapters"), ("shows", "recommendations"), ("shows", "references"),
    ("shows", "cited"), ("sources", "references", "*"), ("sources", "datasets", "*", "series"),
    ("sources", "datasets", "*", "rows", "*"), ("sources", "datasets", "*", "meta", "columns", "*"),
    ("sources", "datasets", "*", "meta", "series", "*"), ("sources", "statistics", "*"),
    ("sources", "previous_statistics", "*"), ("sources", "tables", "*"), ("sources", "evidence", "*"),
    ("shows", "evidence"),
)


def _styled(value: Any, path: tuple[str, ...] = ()) -> Any:
    if any(len(p) == len(path) and all(a in ("*", b) for a, b in zip(p, path, strict=True)) for p in _ONE_LINE):
        return _Flow(value) if isinstance(value, dict) else _FlowList(value) if isinstance(value, list) else value
    if isinstance(value, dict):
        return {k: _styled(v, (*path, str(k))) for k, v in value.items()}
    if isinstance(value, list):
        return [_styled(v, (*path, "*")) for v in value]
    return value


def render_lock(doc: dict[str, Any]) -> str:
    """The lock file's text: a header, then the document in the order given (callers sort what they list)."""
    body = yaml.dump(_styled(doc), Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True,
                     width=100_000)
    return HEADER.format(year=doc["edition"]) + body


def number(value: float) -> float | int:
    """A whole number is written without '.0'; every other value keeps its exact repr."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else float(value)


def row_entry(obs: Observation) -> dict[str, Any]:
    """One dataset row as the lock records it."""
    return {"series": obs.series, "year": obs.year, "value": number(obs.value), "qualifier": obs.qualifier,
            "confidence": obs.confidence, "source_url": obs.source_url, "note": obs.note, "at": str(obs.location)}


def evidence_entry(item: EvidenceItem) -> dict[str, Any]:
    """An evidence item as the lock records it: every field, and where it is written."""
    fields = {f.name: plain(getattr(item, f.name)) for f in dataclasses.fields(item) if f.name != "location"}
    return {"at": str(item.location), "item": fields}


def spec_entry(model: Any) -> dict[str, Any]:
    """A validated spec as written in its file (only the keys the file set; 87, not 87.0)."""
    return _whole(plain(model.model_dump(mode="json", exclude_unset=True)))


def _whole(value: Any) -> Any:
    if isinstance(value, float):
        return number(value)
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return value


def plain(value: Any) -> Any:
    """Plain dicts and lists (no line-keeping subclasses), so a spec compares and dumps as data."""
    if isinstance(value, LineDict | dict):
        return {str(k) if not isinstance(k, int) else k: plain(v) for k, v in value.items()}
    if isinstance(value, LineList | list | tuple):
        return [plain(v) for v in value]
    return value


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
