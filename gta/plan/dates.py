"""An edition uses only what was published by its own publication date.

A source is dated by its reference's ``published`` date, or by its ``year`` when that is all we
know (a year refuses only what came out in a later year); a given statistic also by its
``as_of``; an evidence item by its ``date``. Whatever year the data describe, a row, statement or
citation whose source came out after the edition's ``published`` date could not have been in it,
and is refused where it is written (the CSV row, the statistic, the chapter line); the evidence
annex lists only what was published by then.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problems
from ..evidence import EvidenceLibrary, for_edition
from ..load import Project
from ..lockfile import parse_location
from ..model import Reference
from ..sources import EditionSource, Location, Observation
from ..statistics import Statistic
from .edition import EditionData
from .model import PlannedFigure, PlannedTable


def earliest(date: str) -> str:
    """The first day a date written as 2024, 2024-05 or 2024-05-17 can mean."""
    parts = str(date).split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def reference_date(ref: Reference) -> str | None:
    return str(ref.published) if ref.published else (str(ref.year) if ref.year is not None else None)


def is_after(date: str | None, edition_date: str) -> bool:
    return date is not None and earliest(date) > earliest(edition_date)


def evidence_for(project: Project, source: EditionSource) -> EvidenceLibrary:
    """The evidence items an edition can cite or list: dated in or before its year and not after its
    publication date (an item of 20 December is not in an edition of 17 October)."""
    library = for_edition(project.evidence, source.year)
    published = str(source.meta.published)
    return EvidenceLibrary(tuple(i for i in library.items if not is_after(i.date, published)), library.warnings)


def check_source_dates(data: EditionData, statistics: list[Statistic], figures: list[PlannedFigure],
                       tables: list[PlannedTable], problems: Problems) -> None:
    """Refuse every source the edition uses that was published after the edition itself."""
    published = str(data.source.meta.published)
    refs = data.project.references
    by_url = {r.url: r for r in refs.values()}
    evidence = {i.id: i for i in data.project.evidence.items}
    late: dict[tuple[str, str], tuple[str, list[Location]]] = {}

    def refuse(where: Location, what: str, ref: Reference | None, date: str) -> None:
        # NOTE: one message per use and source (a chart plots many rows from one report), at its first row.
        source = f"{ref.publisher}, “{ref.title}” ({date})" if ref else f"a statement as of {date}"
        _, places = late.setdefault((what, source), (source, []))
        if where not in places:
            places.append(where)

    def check_row(obs: Observation, what: str) -> None:
        ref = by_url.get(obs.source_url)
        if ref is not None and is_after(reference_date(ref), published):
            refuse(obs.location, what, ref, reference_date(ref) or "")

    for stat in statistics:
        what = f"statistic '{stat.id}'"
        if stat.given:
            ref = refs.get(stat.references[0]) if stat.references else None
            if ref is not None and is_after(reference_date(ref), published):
                refuse(stat.location or Location("sources/statistics"), what, ref, reference_date(ref) or "")
            elif stat.as_of and is_after(stat.as_of, published):
                refuse(stat.location or Location("sources/statistics"), what, None, stat.as_of)
        for i in stat.inputs:
            ref = by_url.get(i.source_url) if i.kind == "row" else None
            if ref is not None and is_after(reference_date(ref), published):
                refuse(parse_location(i.location), what, ref, reference_date(ref) or "")
    for fig in figures:
        for obs in _plotted_rows(data, fig):
            check_row(obs, f"figure '{fig.id}'")
    for table in tables:
        for obs in _table_rows(data, table.id):
            check_row(obs, f"table '{table.id}'")
    for chapter in data.source.chapters:
        for call in data.calls.get(chapter.id, []):
            if call.function != "cite":
                continue
            where, what = Location(str(chapter.path), call.line), f"cite('{call.name}')"
            ref, item = refs.get(call.name), evidence.get(call.name)
            if ref is not None and is_after(reference_date(ref), published):
                refuse(where, what, ref, reference_date(ref) or "")
            elif ref is None and item is not None and is_after(item.date, published):
                refuse(where, what, Reference(id=item.id, publisher=", ".join(item.publishers), title=item.title,
                                              url=item.url), str(item.date))
    for (what, source), (_, places) in late.items():
        more = f" (and {len(places) - 1} more row{'s' if len(places) > 2 else ''})" if len(places) > 1 else ""
        problems.add(places[0].path, places[0].line,
                     f"{what} uses a source published after edition {data.year} ({published}): {source}{more}",
                     f"an edition may only use what was published by {published}: leave it out of edition "
                     f"{data.year}, or use a source published by then (its date is 'published' or 'year' in "
                     "sources/references.yaml, 'date' in sources/evidence/)")


def _plotted_rows(data: EditionData, fig: PlannedFigure) -> Iterator[Observation]:
    """The dataset rows a figure plots (a figure of statistics is checked through its statistics)."""
    spec = data.project.charts.get(fig.id)
    ds = data.project.datasets.get(spec.dataset or "") if spec is not None else None
    if spec is None or ds is None:
        return
    if spec.x == "series":
        for name in spec.series_names:
            if (obs := ds.observations.get((name, spec.year))) is not None:  # type: ignore[arg-type]
                yield obs
        return
    for name in fig.data.keys:
        for x, _ in fig.data.values(name):
            if (obs := ds.observations.get((name, x))) is not None:
                yield obs


def _table_rows(data: EditionData, table_id: str) -> Iterator[Observation]:
    _, spec = data.project.tables[table_id]
    ds = data.project.datasets.get(spec.dataset or "")
    if ds is None:
        return
    cutoff = data.source.meta.data_cutoff
    for (series, year), obs in sorted(ds.observations.items()):
        if series in spec.series and year <= cutoff and (spec.start is None or year >= spec.start) \
                and (spec.end is None or year <= spec.end):
            yield obs
