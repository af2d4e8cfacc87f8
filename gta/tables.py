"""Tables placed by name in chapters (``{{ table("iwf-by-year") }}``), from datasets or statistics.

A table spec lives in ``figures/tables/<id>.yaml``. Its cells are formatted by the one
formatter, and its source note is built from the references of the rows it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .errors import Problems
from .exports import Number, number_kind
from .i18n.localisation import ENGLISH, TABLE, Localisation
from .i18n.messages import N_
from .model import Model, _check_id, read_validated
from .sources import Sources, did_you_mean
from .statistics import Statistic
from .yamlio import line_of


class TableSpec(Model):
    """A table: either series of one dataset over years, or a list of statistics."""

    id: str
    title: str
    dataset: str | None = None
    series: list[str] = Field(default_factory=list)  # series names within the dataset
    start: int | None = None
    end: int | None = None
    statistics: list[str] = Field(default_factory=list)
    style: Literal["full", "words"] = "full"
    note: str = ""

    _id = field_validator("id")(_check_id)


@dataclass(frozen=True)
class Table:
    """A table ready for the template: header, rows of (text, exact value) cells, and sources."""

    id: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    source_line: str
    notes: tuple[str, ...]
    references: tuple[str, ...] = ()  # reference ids behind the values shown
    values: tuple[tuple[object, ...], ...] = ()  # rows' exact values for the data workbook (None: text only)


def read_table_specs(project: Sources, problems: Problems) -> dict[str, tuple[Path, TableSpec]]:
    """Read and validate every ``figures/tables/*.yaml``; problems are recorded in ``problems``."""
    specs: dict[str, tuple[Path, TableSpec]] = {}
    for path in sorted((project.root / "figures" / "tables").glob("*.yaml")):
        read = read_validated(path, TableSpec, problems)
        if read is None:
            continue
        raw, spec = read
        if spec.dataset is None and not spec.statistics:
            problems.add(path, line_of(raw), "a table needs 'dataset' and 'series', or 'statistics'", "")
        if spec.dataset is not None:
            ds = project.datasets.get(spec.dataset)
            if ds is None and spec.dataset in project.declared_datasets:
                pass  # NOTE: the dataset's own file is broken, and reported there
            elif ds is None:
                problems.add(path, line_of(raw, "dataset"), f"unknown dataset '{spec.dataset}'",
                             did_you_mean(spec.dataset, project.datasets) or "see sources/datasets/")
            else:
                for i, s in enumerate(spec.series):
                    if s not in ds.meta.series:
                        problems.add(path, line_of(raw, "series", i), f"unknown series '{s}' in dataset '{spec.dataset}'",
                                     did_you_mean(s, ds.meta.series) or "")
        if spec.id in specs:
            problems.add(path, line_of(raw, "id"), f"duplicate table id '{spec.id}'", "")
        specs[spec.id] = (path, spec)
    return specs


def build_table(project: Sources, spec: TableSpec, stats: dict[str, Statistic], cutoff: int,
                loc: Localisation = ENGLISH) -> Table:
    """Lay out one table for an edition, in ``loc``'s language; years after the cut-off are never shown."""
    by_url = {r.url: r for r in project.references.values()}
    refs: dict[str, str] = {}
    named_source = ""  # the dataset's publication, as readers see it
    notes: list[str] = [loc.pgettext(TABLE, spec.note)] if spec.note else []
    if spec.dataset:
        ds = project.datasets[spec.dataset]
        years = sorted({y for (s, y) in ds.observations if s in spec.series and y <= cutoff
                        and (spec.start is None or y >= spec.start) and (spec.end is None or y <= spec.end)})
        header = (loc.gettext("Year"), *(loc.series_label(ds.meta.series[s].label) for s in spec.series))
        rows = []
        values: list[tuple[object, ...]] = []
        for y in years:
            cells = [loc.integer(y)]
            exact: list[object] = [y]
            for s in spec.series:
                obs = ds.observations.get((s, y))
                exact.append(None if obs is None else Number(obs.value, number_kind(spec.style)))
                if obs is None:
                    cells.append("–")
                    continue
                cells.append(loc.number(obs.value, spec.style, qualifier=obs.qualifier))
                ref = by_url.get(obs.source_url)
                if ref:
                    refs[ref.id] = ref.publisher
            rows.append(tuple(cells))
            values.append(tuple(exact))
        for brk in ds.meta.series_breaks:
            if brk.year <= cutoff and (not brk.series or set(brk.series) & set(spec.series)) and brk.year in years:
                notes.append(loc.format(N_("Series break in %(year)s: %(description)s"), year=loc.integer(brk.year),
                                        description=loc.series_label(" ".join(brk.description.split()))))
        low = sorted({y for (s, y), o in ds.observations.items() if s in spec.series and y in years and o.confidence == "low"})
        if low:
            notes.append(loc.format(N_("%(values)s: estimate from a secondary source."),
                                    values=loc.list([loc.integer(y) for y in low])))
        if ds.meta.source and years:
            named = loc.series_label(ds.meta.source).replace("{first}", loc.integer(years[0])) \
                .replace("{last}", loc.integer(years[-1]))
            named_source = named
    else:
        header = (loc.gettext("Statistic"), loc.gettext("Value"), loc.gettext("Confidence"))
        rows, values = [], []
        for sid in spec.statistics:
            st = stats[sid]
            rows.append((loc.statistic_label(st), loc.text(st), loc.gettext(st.confidence)))
            values.append((None, Number(st.value, number_kind(st.style)), None))
            for r in st.references:
                if not project.references[r].secondary:
                    refs[r] = project.references[r].publisher
            notes.extend(c for c in loc.caveats(st) if c not in notes)
    publishers = [named_source] if named_source else sorted(set(refs.values()))
    source_line = loc.format(N_("Source: %(sources)s"), sources=loc.join(publishers)) if publishers else ""
    return Table(spec.id, loc.pgettext(TABLE, spec.title), tuple(header), tuple(rows), source_line, tuple(notes),
                 tuple(sorted(refs)), tuple(values))


def missing_statistics(specs: dict[str, tuple[Path, TableSpec]], stats: dict[str, Statistic],
                       known: set[str]) -> Problems:
    """Problems for table statistics that are unknown (or unavailable to this edition)."""
    problems = Problems()
    for path, spec in specs.values():
        for sid in spec.statistics:
            if sid not in stats:
                hint = "not available under this edition's data cut-off" if sid in known else \
                    (did_you_mean(sid, known) or "declare it in sources/statistics/")
                problems.add(path, None, f"table '{spec.id}' uses unknown statistic '{sid}'", hint)
    return problems
