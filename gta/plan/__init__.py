"""``prepare(project, edition, language)``: one checked :class:`EditionPlan` per edition and language.

Every check runs here — chapter calls, charts placed and their data, alt text, glyph coverage,
resources a chapter would load, the data cut-off — and nothing is written until the plan exists.
The language-independent half (:func:`compute_edition`) can be shared by several languages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from ..errors import GtaError, Problem, Problems, did_you_mean
from ..evidence_view import evidence_view
from ..fonts import check_text_glyphs
from ..i18n import get_language
from ..i18n.localisation import Localisation, english, localisation
from ..load import Project
from ..model import Reference
from ..recommendations_view import localise_recommendations, recommendations_context
from ..statistics import Statistic
from .chapters import ChapterUse, plan_chapters
from .dates import check_source_dates, evidence_for
from .edition import EditionData, compute_edition, edition_project
from .figures import plan_figures, plan_tables
from .model import EditionPlan, Motif, Placement, PlannedChapter, PlannedFigure, PlannedStatistic, PlannedTable

__all__ = ["EditionData", "EditionPlan", "Motif", "Placement", "PlannedChapter", "PlannedFigure", "PlannedStatistic",
           "PlannedTable", "compute_edition", "edition_localisation", "edition_project", "prepare"]


def prepare(project: Project, year: int, language: str = "en", *, data: EditionData | None = None,
            strict: bool = False) -> EditionPlan:
    """Everything edition ``year`` shows in ``language``, checked; one :class:`GtaError` lists every problem."""
    get_language(language)
    data = data or compute_edition(project, year, strict=strict)
    project = data.project  # NOTE: a locked edition's sources are its lock's (gta.plan.edition_project)
    source = data.source
    loc = edition_localisation(project, year, language)
    edition = loc.edition(source.meta)
    problems = Problems()
    chapters, use = plan_chapters(source, project.chapter_versions.get(year, {}).get(language), loc, data.calls,
                                  problems)
    recs = localise_recommendations(data.recommendations, loc)
    prev_recs = localise_recommendations(data.previous_recommendations, loc, previous=True)
    figures = plan_figures(data, loc, edition.title, recs, problems)
    tables = plan_tables(data, loc)
    view = None
    if recs:
        view = recommendations_context(recs, project.frameworks, edition, prev_recs, data.stats,
                                       source.meta.recommendations_by, loc)
    statistics = _register(data, use, figures, tables, recs)
    evidence = None
    if use.evidence:
        prev = project.editions.get(source.meta.previous or 0)
        evidence = evidence_view(evidence_for(project, source), project.frameworks,
                                 str(prev.meta.published) if prev else None, loc)
    previous = {sid: data.previous_stats[sid] for sid in sorted(use.previous) if sid in data.previous_stats}
    check_source_dates(data, [p.stat for p in statistics.values()] + list(previous.values()), figures, tables,
                       problems)
    plan = EditionPlan(
        year=year, edition=edition, loc=loc, chapters=chapters, figures=figures, tables=tables, statistics=statistics,
        previous_statistics=previous,
        references_cited=[_cited(project, r) for r in use.citations],
        references=_references(project, statistics, figures, tables, use),
        headline=list(source.meta.headline), recommendations=recs, recommendations_view=view, evidence_view=evidence,
        frameworks=project.frameworks, citation=_citation(edition, loc),
        warnings=list(project.warnings) + data.draft_warnings,
        theme=project.theme.for_edition(year), motif=_motif(project, data, figures, loc, problems))
    if not problems.errors:
        _check_glyphs(plan, problems)
    problems.raise_if_errors(strict=strict)
    return plan


def edition_localisation(project: Project, year: int, language: str) -> Localisation:
    """The edition's language: its catalogue, its texts (``languages.yaml``) and its digits."""
    texts = project.languages.get(year, {}).get(language)
    if language == "en":
        return english(texts)
    return localisation(language, project.catalogues.get(language), texts)


def _register(data: EditionData, use: ChapterUse, figures: list[PlannedFigure], tables: list[PlannedTable],
              recs: list[Any]) -> dict[str, PlannedStatistic]:
    """The statistics the edition shows, and the statistics they are derived from (marked as inputs)."""
    stats = data.stats
    shown: dict[str, list[str]] = {sid: list(dict.fromkeys(chapters)) for sid, chapters in use.stats.items()}
    others = list(data.source.meta.headline)
    others += [item.id for f in figures if f.spec is not None for item in f.spec.statistics]
    others += [sid for t in tables for _, spec in [data.project.tables[t.id]] for sid in spec.statistics]
    others += [sid for r in recs for sid in r.evidence]
    for sid, chapters in use.compared.items():
        shown.setdefault(sid, []).extend(chapters)
    for sid in others:
        shown.setdefault(sid, [])
    result = {sid: PlannedStatistic(stats[sid], "shown", tuple(chs), location=stats[sid].location,
                                    first_uses=_first_uses(use.stats.get(sid, [])))
              for sid, chs in shown.items() if sid in stats}
    derived_from: dict[str, set[str]] = {}
    seen, todo = set(result), list(result)
    while todo:
        sid = todo.pop()
        for i in stats[sid].inputs:
            if i.kind == "statistic" and i.ref in stats:
                derived_from.setdefault(i.ref, set()).add(sid)
                if i.ref not in seen:
                    seen.add(i.ref)
                    todo.append(i.ref)
    for sid, users in derived_from.items():
        if sid not in result:
            result[sid] = PlannedStatistic(stats[sid], "input", (), tuple(sorted(users)), stats[sid].location)
    return dict(sorted(result.items()))


def _cited(project: Project, rid: str) -> Reference:
    """A citation: a reference, or an evidence item shown as one (its publishers, title, date and page)."""
    if rid in project.references:
        return project.references[rid]
    item = project.evidence.get(rid)
    return Reference(id=item.id, publisher=", ".join(item.publishers), title=item.title, year=item.year, url=item.url,
                     accessed=item.accessed)


def _first_uses(chapters: list[str]) -> tuple[tuple[str, int], ...]:
    """Each chapter that uses a statistic with the occurrence number of its first use there (anchor stat-<id>-<n>)."""
    firsts: dict[str, int] = {}
    for n, chapter in enumerate(chapters, 1):
        firsts.setdefault(chapter, n)
    return tuple(firsts.items())


def _references(project: Project, statistics: dict[str, PlannedStatistic], figures: list[PlannedFigure],
                tables: list[PlannedTable], use: ChapterUse) -> list[Any]:
    ids = set(use.citations)
    for p in statistics.values():
        ids.update(p.stat.references)
    for f in figures:
        ids.update(f.data.references)
    for t in tables:
        ids.update(t.table.references)
    return [project.references[r] for r in sorted(ids) if r in project.references]


def _motif(project: Project, data: EditionData, figures: list[PlannedFigure], loc: Localisation,
           problems: Problems) -> Motif | None:
    """The cover's bars: the theme's series up to the data cut-off, or the first series of the first chart over years."""
    cover = project.theme.cover
    if cover.motif != "data":
        return None
    cutoff = data.source.meta.data_cutoff
    if cover.series:
        ds_id, _, series = cover.series.partition(".")
        ds = project.datasets.get(ds_id)
        if ds is None or series not in ds.meta.series:
            problems.add("theme.yaml", None, f"cover series '{cover.series}' is not a series of a dataset",
                         did_you_mean(cover.series, [f"{d}.{s}" for d, x in project.datasets.items()
                                                     for s in x.meta.series]) or "see sources/datasets/")
            return None
        points = {y: project.datasets[ds_id].observations[(series, y)].value for y in ds.series_years(series)
                  if y <= cutoff}
        label = loc.series_label(ds.meta.series[series].label)
    else:
        fig = next((f for f in figures if f.number is not None and f.data.x_kind == "year" and f.data.keys), None)
        if fig is None:
            return None
        key = fig.data.keys[0]
        points = {int(y): float(v) for y, v in fig.data.frame[key].items() if v == v}
        label = fig.data.labels[key]
    if len(points) < 2:
        return None
    first, last = min(points), max(points)
    return Motif(tuple(points.get(y) for y in range(first, last + 1)), first, last, label)


def _citation(edition: Any, loc: Localisation) -> str:
    title = f"{edition.title}." + (f" {edition.subtitle}." if edition.subtitle else "")
    return f"WeProtect Global Alliance ({loc.integer(edition.published[:4])}). {title}"


def _check_glyphs(plan: EditionPlan, problems: Problems) -> None:
    """Every character the plan will show has a glyph in the language's fonts (WeasyPrint would draw a box)."""
    strings = list(_strings(plan))
    strings += [plan.loc.text(p.stat) for p in plan.statistics.values()]
    catalog = getattr(plan.loc.translations, "_catalog", {})
    strings += [v for v in catalog.values() if isinstance(v, str)]
    try:
        check_text_glyphs("\n".join(strings), plan.language, f"the {plan.loc.language.english_name} edition")
    except GtaError as exc:
        problems.extend(exc.problems)


def _strings(value: Any, depth: int = 0) -> Iterator[str]:
    """Every string a plan holds (what a reader may see), walking dataclasses, dicts and lists."""
    if depth > 12:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Statistic):
        yield value.label
    elif isinstance(value, Localisation | Problem):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            # NOTE: "translations" hold the other languages' words (a recommendation's), never shown here
            if f.name not in ("data", "loc", "path", "frameworks", "warnings", "location", "translations"):
                yield from _strings(getattr(value, f.name), depth + 1)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v, depth + 1)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v, depth + 1)
    elif hasattr(value, "model_dump"):  # a localised spec: its other languages are not shown
        yield from _strings(value.model_dump(exclude={"translations"}), depth + 1)
