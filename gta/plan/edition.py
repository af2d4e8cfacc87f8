"""What an edition shows whatever its language: statistics, numbering, recommendations — computed once.

:func:`compute_edition` does the language-independent half of preparing a plan and every check
that belongs to it, so building six languages computes statistics and recommendations once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ..chapters import Call, Names, chapter_environment, check_calls, find_calls
from ..errors import GtaError, Problem, Problems
from ..load import Project
from ..lockfile import locked_sources
from ..recommendations import Recommendation, resolve_recommendations
from ..sources import EditionSource, did_you_mean
from ..statistics import Statistic, StatisticsResult, compute_statistics
from ..tables import missing_statistics
from .drafts import check_draft

HEATMAP = "recommendations-mnr-heatmap"


@dataclass
class EditionData:
    """The language-independent part of an edition's plan."""

    project: Project
    source: EditionSource
    result: StatisticsResult
    previous_stats: dict[str, Statistic]
    calls: dict[str, list[Call]]  # chapter id -> calls, in source order (English chapters)
    figure_numbers: dict[str, int]  # chart id -> figure number, in reading order (the heatmap included)
    table_numbers: dict[str, int]
    recommendations: list[Recommendation] = field(default_factory=list)
    previous_recommendations: list[Recommendation] = field(default_factory=list)
    locked: bool = False  # computed from the edition's lock, not from the live sources
    draft_warnings: list[Problem] = field(default_factory=list)  # what a draft carries over unrevised

    @property
    def year(self) -> int:
        return self.source.year

    @property
    def stats(self) -> dict[str, Statistic]:
        return self.result.stats


def edition_project(project: Project, year: int, *, live: bool = False) -> Project:
    """The sources edition ``year`` computes from: its lock when it is locked (unless ``live``), else the files.

    NOTE: this is the one place that decides; everything an edition shows is computed from what it returns.
    """
    lock = project.locks.get(year)
    if lock is None or live:
        return project
    return dataclasses.replace(project, **locked_sources(project, lock))


def compute_edition(project: Project, year: int, *, strict: bool = False, live: bool = False) -> EditionData:
    """Compute and cross-check one edition; raise one :class:`GtaError` with every problem found.

    A locked edition is computed from its lock; ``live`` computes it from the current sources
    instead (to lock it, or to see what would change).
    """
    project = edition_project(project, year, live=live)
    locked = year in project.locks and not live
    if year not in project.editions:
        known = ", ".join(str(y) for y in sorted(project.editions)) or "none"
        raise GtaError(Problem("sources/editions", None, f"no edition {year}",
                               did_you_mean(str(year), [str(y) for y in project.editions]) or f"editions: {known}"))
    source = project.editions[year]
    problems = Problems()
    # NOTE: a statistic that cannot be computed stops here: every use of it would repeat the one mistake.
    result = compute_statistics(project, year)
    prev_year = source.meta.previous
    prev_result = StatisticsResult({}, {})
    if prev_year in project.editions:
        prev_result = compute_statistics(project, prev_year)
    calls = _chapter_calls(source, problems)
    figures, tables = _number(source, calls)
    evidence_ids = {i.id for i in project.evidence.items if i.year <= year}
    names = Names(set(result.stats), result.unavailable, set(project.figures), set(project.tables),
                  set(project.references) | evidence_ids, set(prev_result.stats),
                  {sid for sid, st in result.stats.items() if st.estimate is not None})
    for chapter in source.chapters:
        check_calls(chapter, calls.get(chapter.id, []), names, problems)
    _check_placements(source, calls, figures, tables, problems, project)
    used_tables = {t: project.tables[t] for t in tables if t in project.tables}
    problems.extend(missing_statistics(used_tables, result.stats, set(result.stats) | set(result.unavailable)).items)
    for sid in source.meta.headline:
        if sid not in result.stats:
            problems.add(source.dir / "edition.yaml", None, f"headline statistic '{sid}' is unknown or unavailable",
                         did_you_mean(sid, result.stats) or "use a statistic within the edition's data cut-off")
    for chapter in source.chapters:
        kf = chapter.meta.key_figure
        if kf and kf not in result.stats:
            problems.add(chapter.path, chapter.meta_lines.get("key_figure"),
                         f"key figure '{kf}' is unknown or unavailable in edition {year}",
                         did_you_mean(kf, result.stats) or "use a statistic within the edition's data cut-off")
    for cid in source.meta.additional_figures:
        if cid not in project.figures:
            problems.add(source.dir / "edition.yaml", None, f"additional figure '{cid}' is not a chart",
                         did_you_mean(cid, project.figures) or "name a chart spec in figures/")
    recs = _recommendations(project, source, result, prev_year, problems)
    prev_recs = []
    if prev_year in project.editions:
        # NOTE: the previous edition's own problems are its own build's to report.
        prev_recs = _recommendations(project, project.editions[prev_year], prev_result,
                                     project.editions[prev_year].meta.previous, Problems())
    draft = Problems()
    if not locked:
        check_draft(project, source, result.stats, prev_result.stats, draft)
    elif problems.errors:
        lock = project.locks[year]
        problems.add(lock.path, None, f"edition {year} is locked: it is computed from its lock, which holds only "
                     "what it showed when it was locked", f"a published edition does not change; to publish a "
                     f"revision, review `gta lock --check {year}` and run `gta lock {year}`")
    problems.extend(draft.items)
    problems.raise_if_errors(strict=strict)
    return EditionData(project, source, result, prev_result.stats, calls, figures, tables, recs, prev_recs,
                       locked, draft.items)


def _collect(problems: Problems, action: Any, default: Any) -> Any:
    try:
        return action()
    except GtaError as exc:
        problems.extend(exc.problems)
        return default


def _chapter_calls(source: EditionSource, problems: Problems) -> dict[str, list[Call]]:
    env = chapter_environment()
    calls: dict[str, list[Call]] = {}
    for chapter in source.chapters:
        try:
            calls[chapter.id] = find_calls(chapter, env)
        except GtaError as exc:
            problems.extend(exc.problems)
    return calls


def _number(source: EditionSource, calls: dict[str, list[Call]]) -> tuple[dict[str, int], dict[str, int]]:
    """Figures and tables numbered in reading order.

    NOTE: the recommendations heatmap is not numbered: it shows the data of the recommendations
    table again, so the report shows the table and the chart pack offers the heatmap.
    """
    figures: dict[str, int] = {}
    tables: dict[str, int] = {}
    for chapter in source.chapters:
        for call in calls.get(chapter.id, []):
            if call.function == "chart" and call.name:
                figures.setdefault(call.name, len(figures) + 1)
            elif call.function == "table" and call.name:
                tables.setdefault(call.name, len(tables) + 1)
    return figures, tables


def _check_placements(source: EditionSource, calls: dict[str, list[Call]], figures: dict[str, int],
                      tables: dict[str, int], problems: Problems, project: Project) -> None:
    """A chart or table is placed once; a cross-reference points at one the edition places.

    NOTE: when a placement names an unknown chart or table, that is the mistake to report, not the
    cross-references that would point at it once it is fixed.
    """
    every = [c for cs in calls.values() for c in cs]
    check_figrefs = all(c.name in project.figures for c in every if c.function == "chart")
    check_tabrefs = all(c.name in project.tables for c in every if c.function == "table")
    placed: dict[tuple[str, str], str] = {}
    for chapter in source.chapters:
        for call in calls.get(chapter.id, []):
            if call.function in ("chart", "table") and call.name:
                where = f"{chapter.path.name}:{call.line}"
                first = placed.setdefault((call.function, call.name), where)
                if first != where:
                    ref = "figref" if call.function == "chart" else "tabref"
                    problems.add(chapter.path, call.line, f"{call.function} '{call.name}' is placed twice (first at {first})",
                                 f"place it once and refer to it elsewhere with {ref}(\"{call.name}\")")
            if check_figrefs and call.function == "figref" and call.name in project.figures and call.name not in figures:
                problems.add(chapter.path, call.line, f"figref('{call.name}') points at a chart this edition does not "
                             "place", f"place it with chart(\"{call.name}\") in a chapter, or remove the reference")
            if check_tabrefs and call.function == "tabref" and call.name in project.tables and call.name not in tables:
                problems.add(chapter.path, call.line, f"tabref('{call.name}') points at a table this edition does not "
                             "place", f"place it with table(\"{call.name}\") in a chapter, or remove the reference")


def _recommendations(project: Project, source: EditionSource, result: StatisticsResult, prev_year: int | None,
                     problems: Problems) -> list[Recommendation]:
    file = project.recommendation_files.get(source.year)
    if file is None:
        return []
    previous = project.recommendation_files[prev_year].titles if prev_year in project.recommendation_files else None
    return resolve_recommendations(
        file, edition=source.year, frameworks=project.frameworks, stats=result.stats,
        known_stat_ids=set(result.stats) | set(result.unavailable), previous_year=prev_year, previous=previous,
        references=set(project.references), cutoff=source.meta.data_cutoff, problems=problems)
