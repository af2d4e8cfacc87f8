"""What one edition shows in one language: the :class:`EditionPlan` every writer renders.

A plan is made by :func:`gta.plan.prepare`, which runs every check; writers take it as it is. Each
field is what a reader sees (in the plan's language) or what a reviewer needs to trace it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..charts.data import PlotData
from ..charts.outputs import ChartMeta
from ..charts.spec import ChartSpec
from ..i18n.localisation import Localisation
from ..model import Edition, Reference
from ..recommendations import Recommendation
from ..sources import Location
from ..statistics import Statistic
from ..tables import Table
from ..theme import Theme


@dataclass(frozen=True)
class Placement:
    """What a chapter's call puts at its place in the text (filled in by the HTML writer)."""

    kind: str  # stat, prev, chart, table, figref, tabref, cite, recommendations, evidence, compare
    id: str = ""
    style: str | None = None  # a statistic's style; for compare, the second estimate's id
    occurrence: int = 0  # stat: its n-th use in the report (anchor stat-<id>-<n>); cite: the note number
    block: bool = False


@dataclass
class PlannedChapter:
    """One chapter as the edition shows it: sanitised HTML with one token per placement."""

    id: str
    kind: str  # chapter, front or back
    number: int | None  # body chapters are numbered from 1
    title: str
    summary: str
    html: str  # Markdown rendered and sanitised; tokens stand for placements
    placements: list[Placement]  # by token index
    token_prefix: str  # the chapter's tokens are <prefix><index>X (gta.chapters.Placeholders)
    loc: Localisation  # the language of the text: the edition's, or English for a fallback
    status: str = "source"  # source (English edition), translated, stale or missing (English fallback)
    notice: str = ""  # why an English text shows in a translated edition
    path: str = ""  # the file the text came from (for messages only; never shown to readers)
    standfirst: str = ""  # the lead paragraph under the title
    key_figure: Placement | None = None  # the statistic shown large on the opener
    opener: bool = False  # a page of its own opens the chapter in print

    @property
    def is_fallback(self) -> bool:
        return self.status in ("stale", "missing")


@dataclass
class PlannedFigure:
    """A chart the edition shows: its number, plotted data and words in the plan's language."""

    id: str
    number: int | None  # None for an additional figure (in the chart pack, not in the report)
    kind: str  # "chart" or "heatmap"
    spec: ChartSpec | None  # localised spec; None for the heatmap
    data: PlotData
    meta: ChartMeta
    print_height_cm: float
    heatmap: dict[str, Any] = field(default_factory=dict)  # matrix, rows, cols for the heatmap

    @property
    def additional(self) -> bool:
        return self.number is None


@dataclass
class PlannedTable:
    id: str
    number: int
    table: Table


@dataclass
class PlannedStatistic:
    """A statistic in the register: shown by the edition, or an input of one that is."""

    stat: Statistic
    role: str  # "shown" or "input"
    chapters: tuple[str, ...] = ()  # ids of the chapters that show it, in reading order
    input_of: tuple[str, ...] = ()  # for an input: the statistics derived from it
    location: Location | None = None
    first_uses: tuple[tuple[str, int], ...] = ()  # (chapter id, its first use's occurrence), in reading order


@dataclass(frozen=True)
class Motif:
    """The cover's art: one of the edition's own series, one bar a year (see gta.theme)."""

    values: tuple[float | None, ...]  # in year order; None where the year has no value
    first: int
    last: int
    label: str  # what the bars show, in the plan's language ("NCMEC CyberTipline reports")


@dataclass
class EditionPlan:
    """Everything one edition shows, in one language, checked."""

    year: int
    edition: Edition  # the edition's metadata, with title, subtitle and notice in the language
    loc: Localisation
    chapters: list[PlannedChapter]
    figures: list[PlannedFigure]  # report order; additional figures last
    tables: list[PlannedTable]
    statistics: dict[str, PlannedStatistic]  # by id, sorted
    previous_statistics: dict[str, Statistic]  # those prev() shows
    references_cited: list[Reference]  # in the order of their first citation (endnote numbers)
    references: list[Reference]  # every source behind what the edition shows, by id
    headline: list[str]  # statistic ids shown as key-finding tiles
    recommendations: list[Recommendation] = field(default_factory=list)  # in the language
    recommendations_view: dict[str, Any] | None = None  # the chapter's context (gta.recommendations_view)
    evidence_view: dict[str, Any] | None = None  # the evidence annex, when a chapter places it (gta.evidence_view)
    frameworks: dict[str, Any] = field(default_factory=dict)
    citation: str = ""
    warnings: list[Any] = field(default_factory=list)
    theme: Theme = field(default_factory=Theme)  # the project's theme with the edition's own colours
    motif: Motif | None = None  # the cover's data art, when the theme asks for it

    @property
    def language(self) -> str:
        return self.loc.code

    @property
    def shown(self) -> dict[str, Statistic]:
        return {sid: p.stat for sid, p in self.statistics.items() if p.role == "shown"}

    @property
    def all_statistics(self) -> dict[str, Statistic]:
        return {sid: p.stat for sid, p in self.statistics.items()}

    def figure(self, chart_id: str) -> PlannedFigure:
        return next(f for f in self.figures if f.id == chart_id)

    def table(self, table_id: str) -> PlannedTable:
        return next(t for t in self.tables if t.id == table_id)

    @property
    def report_figures(self) -> list[PlannedFigure]:
        return [f for f in self.figures if f.number is not None]

    def chapter_title(self, chapter_id: str) -> str:
        return next((c.title for c in self.chapters if c.id == chapter_id), chapter_id)
