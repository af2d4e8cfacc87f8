"""Load the whole project once: every file under ``sources/``, ``figures/`` and ``locales/``.

The result is a :class:`Project` of typed models. Every problem in every file is collected in
one pass and raised together; nothing downstream opens a source file again.
"""

from __future__ import annotations

import dataclasses
import gettext
from dataclasses import dataclass, field
from pathlib import Path

from .charts.localise import check_translations
from .charts.spec import ChartSpec, check_specs
from .errors import GtaError, Problems
from .evidence import EvidenceLibrary, load_evidence
from .framework import Framework, load_frameworks
from .i18n import TRANSLATIONS, EditionTexts
from .i18n.catalog import translations_for
from .i18n.chapters import ChapterVersion, resolve_chapters
from .i18n.editions import load_languages
from .lockfile import LOCK_FILE, EditionLock, read_lock
from .recommendations import FILE_NAME as RECOMMENDATIONS_FILE
from .recommendations import RecommendationFile, read_recommendation_file
from .sources import Sources, read_sources
from .tables import TableSpec, read_table_specs
from .theme import Theme, read_theme


@dataclass
class Project(Sources):
    """Everything in a project folder, validated: the data sources and every other kind of source file."""

    charts: dict[str, ChartSpec] = field(default_factory=dict)  # validated chart specs, by id
    tables: dict[str, tuple[Path, TableSpec]] = field(default_factory=dict)  # table id -> (file, spec)
    frameworks: dict[str, Framework] = field(default_factory=dict)  # complete frameworks first
    catalogues: dict[str, gettext.NullTranslations] = field(default_factory=dict)  # language -> compiled catalogue
    languages: dict[int, dict[str, EditionTexts]] = field(default_factory=dict)  # edition -> language -> its words
    chapter_versions: dict[int, dict[str, list[ChapterVersion]]] = field(default_factory=dict)  # edition -> lang -> ...
    recommendation_files: dict[int, RecommendationFile] = field(default_factory=dict)  # edition -> its file
    evidence: EvidenceLibrary = field(default_factory=lambda: EvidenceLibrary((), ()))  # research, tagged
    locks: dict[int, EditionLock] = field(default_factory=dict)  # edition -> its lock: locked editions only
    theme: Theme = field(default_factory=Theme)  # colours, fonts, logo and cover art (theme.yaml)


def load_project(root: Path, *, strict: bool = False) -> Project:
    """Read and validate every source file; raise one :class:`GtaError` listing every problem.

    Warnings (unknown keys, breaks the data does not declare) are kept on ``project.warnings``;
    with ``strict`` they fail too.
    """
    problems = Problems()
    sources = read_sources(Path(root), problems)
    project = Project(**{f.name: getattr(sources, f.name) for f in dataclasses.fields(Sources)})
    specs, chart_problems = check_specs(project)
    problems.extend(chart_problems.items)
    for cid, spec in specs.items():
        check_translations(spec, project.figures[cid][0], problems)
    project.charts = specs
    project.tables = read_table_specs(project, problems)
    project.frameworks = load_frameworks(project.root, problems=problems)
    project.theme = read_theme(project.root, problems)
    # NOTE: with a broken source file, statistic names are checked on the next run (one mistake, one message).
    known = set(project.statistics).union(*(e.statistics for e in project.editions.values()))
    project.evidence = load_evidence(project.root, project.frameworks, problems=problems,
                                     statistics=None if problems.errors else known)
    for lang in TRANSLATIONS:
        try:
            project.catalogues[lang] = translations_for(project.root, lang)
        except GtaError as exc:
            problems.extend(exc.problems)
    for year, edition in project.editions.items():
        project.languages[year] = load_languages(edition, problems)
        project.chapter_versions[year] = {lang: resolve_chapters(edition, lang, problems) for lang in TRANSLATIONS}
        path = edition.dir / RECOMMENDATIONS_FILE
        if path.is_file() and (file := read_recommendation_file(path, problems)) is not None:
            project.recommendation_files[year] = file
        lock_path = edition.dir / LOCK_FILE
        if lock_path.is_file() and (lock := read_lock(lock_path, problems)) is not None:
            project.locks[year] = lock
    project.warnings = list(dict.fromkeys(problems.warnings))
    problems.raise_if_errors(strict=strict)
    return project
