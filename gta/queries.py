"""Answers for the command line: each command makes one call here and prints what it gets.

Every answer is computed from the loaded project exactly as a build would (the same load, the
same edition data), so what `gta stats` or `gta recommendations` prints is what the report shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .editions import default_edition, edition_name
from .errors import GtaError, Problem, did_you_mean, display_path
from .load import Project, load_project
from .plan import EditionData, compute_edition
from .recommendations import FILE_NAME, Recommendation
from .statistics import Statistic


@dataclass
class StatisticsAnswer:
    project: Project
    year: int
    stats: dict[str, Statistic]  # every statistic available to the edition, or those asked for
    edition: str = ""  # which edition answered, as commands print it: "edition 2023 (locked), data to 2022"


def statistics(root: Path, edition: int | None, ids: tuple[str, ...] = (), *, strict: bool = False) -> StatisticsAnswer:
    """The statistics of an edition (or the ones named), with their provenance."""
    data = _edition(root, edition, strict)
    for sid in ids:
        if sid not in data.stats:
            if sid in data.result.unavailable:
                raise GtaError(data.result.unavailable[sid])
            raise GtaError(Problem("gta stats", None, f"unknown statistic '{sid}'",
                                   did_you_mean(sid, data.stats) or "run 'gta stats' to list them"))
    chosen = {sid: data.stats[sid] for sid in ids} if ids else dict(sorted(data.stats.items()))
    return StatisticsAnswer(data.project, data.year, chosen, _describe(data))


def _describe(data: EditionData) -> str:
    how = "locked: computed from its lock" if data.locked else "draft: computed from the current sources"
    return f"edition {data.year} ({how}), data to {data.source.meta.data_cutoff}"


@dataclass
class RecommendationsAnswer:
    edition: str  # "edition 2023 (locked), data to 2022"
    year: int
    frameworks: dict[str, Any]
    stats: dict[str, Statistic]
    recommendations: list[Recommendation]
    previous: list[Recommendation]
    by: str
    warnings: list[Any]


def recommendations(root: Path, edition: int | None, *, strict: bool = False) -> RecommendationsAnswer:
    """An edition's recommendations, checked as a build checks them."""
    data = _edition(root, edition, strict)
    if not data.recommendations:
        path = data.source.dir / FILE_NAME
        raise GtaError(Problem(display_path(path), None, f"edition {data.year} has no recommendations",
                               "add recommendations.yaml to the edition folder"))
    return RecommendationsAnswer(_describe(data), data.year, data.project.frameworks, data.stats, data.recommendations,
                                 data.previous_recommendations, data.source.meta.recommendations_by,
                                 data.project.warnings)


@dataclass
class EvidenceAnswer:
    library: Any
    frameworks: dict[str, Any]
    since: str | None  # count capabilities without evidence from this date
    warnings: list[Any]


def evidence(root: Path, edition: int | None = None, since: str | None = None, *,
             strict: bool = False) -> EvidenceAnswer:
    """The evidence library (an edition's, when one is named), and from when gaps are counted.

    "Since the last edition" starts on the previous edition's publication date.
    """
    from .evidence import DATE, for_edition

    if since is not None and not DATE.match(since):
        raise GtaError(Problem("gta evidence", None, f"--since must be a year or a date, got {since!r}",
                               "e.g. --since 2023 or --since 2023-10"))
    project = load_project(root, strict=strict)
    library = project.evidence
    if edition is not None:
        ed = project.editions.get(edition)
        if ed is None:
            raise GtaError(Problem("gta evidence", None, f"no edition {edition}",
                                   did_you_mean(str(edition), [str(y) for y in project.editions]) or
                                   f"editions: {', '.join(map(str, sorted(project.editions)))}"))
        library = for_edition(library, edition)
        if since is None and ed.meta.previous:
            prev = project.editions.get(ed.meta.previous)
            since = str(prev.meta.published) if prev else str(ed.meta.previous + 1)
    return EvidenceAnswer(library, project.frameworks, since, project.warnings)


def _edition(root: Path, edition: int | None, strict: bool) -> EditionData:
    project = load_project(root, strict=strict)
    return compute_edition(project, edition or default_edition(project.root), strict=strict)


@dataclass
class ClaimsAnswer:
    claims: list[Any]
    paths: list[Path]  # the review pack: index.html, review.csv, review.xlsx
    edition: str = ""  # which edition was checked ("" for a text held to all the data)
    warnings: list[Any] = field(default_factory=list)  # what a draft carries over unrevised


def check_claims(root: Path, edition: int | None, texts: tuple[Path, ...] = (), out: Path | None = None, *,
                 strict: bool = False) -> ClaimsAnswer:
    """Check the figures and words of an edition's chapters (or of texts), and write the review pack."""
    from .claims import check_edition, check_file, write_review
    from .errors import Problems
    from .plan import edition_project
    from .plan.drafts import check_draft
    from .statistics import compute_statistics

    project = load_project(root, strict=strict)
    if edition is not None and edition not in project.editions:
        known = ", ".join(str(y) for y in sorted(project.editions)) or "none"
        raise GtaError(Problem("sources/editions", None, f"no edition {edition}", f"editions: {known}"))
    if texts:
        # NOTE: a text checked without --edition is held to all the data, with no cut-off.
        view = edition_project(project, edition) if edition is not None else project
        stats = compute_statistics(view, edition).stats
        cutoff = project.editions[edition].meta.data_cutoff if edition is not None else None
        previous = project.editions[edition].meta.previous if edition is not None else None
        prev_stats = compute_statistics(view, previous).stats if previous in project.editions else {}
        claims = [c for path in texts for c in check_file(path, view, edition=edition, cutoff=cutoff, stats=stats,
                                                          previous_stats=prev_stats)]
        folder = out or project.root / "build" / (str(edition) if edition is not None else "text") / "review" / texts[0].stem
        title = f"Claim review: {', '.join(p.name for p in texts)}"
        return ClaimsAnswer(claims, write_review(claims, folder, title=title),
                            edition_name(project.root, edition) if edition is not None else "")
    if not project.editions:
        raise GtaError(Problem("sources/editions", None, "no edition to check", "pass --text FILE, or add an edition"))
    year = edition if edition is not None else default_edition(project.root)
    view = edition_project(project, year)
    stats = compute_statistics(view, year).stats
    previous = project.editions[year].meta.previous
    prev_stats = compute_statistics(view, previous).stats if previous in project.editions else {}
    claims = check_edition(view, year, stats, prev_stats)
    drafts = Problems()
    if year not in project.locks:  # NOTE: a draft's unrevised prose says nothing a figure check can catch
        check_draft(view, view.editions[year], stats, prev_stats, drafts)
    folder = out or project.root / "build" / str(year) / "review"
    title = f"Claim review: {project.editions[year].meta.title}"
    return ClaimsAnswer(claims, write_review(claims, folder, title=title), edition_name(project.root, year),
                        drafts.items)
