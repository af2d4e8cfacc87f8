"""Assemble the report HTML from chapters, statistics, charts and tables (one HTML for screen and PDF).

Numbering of chapters, figures and tables is computed once here, before any chapter is
rendered, so the HTML and the PDF (which is laid out from this same HTML) can never disagree.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .chapters import Call, Names, Placeholders, check_calls, find_calls, render_chapter_html
from .errors import GtaError, Problems
from .formatting import format_number
from .register import Usage, register_rows
from .sources import EditionSource, Project
from .statistics import Statistic
from .tables import Table

RECOMMENDATIONS_HEATMAP = "recommendations-mnr-heatmap"


def make_environment(templates: Path) -> jinja2.Environment:
    """The one Jinja2 environment: autoescaped, strict about undefined names, formatters as filters."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = lambda v, style="full", **kw: format_number(v, style, **kw)
    return env


def chapter_environment() -> jinja2.Environment:
    """Chapters are Markdown, not HTML: no autoescape there; safety comes from sanitising the output."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


@dataclass(frozen=True)
class FigureInfo:
    """What the report needs to place one chart (from the charts step)."""

    id: str
    title: str
    subtitle: str
    src: str  # path relative to the report
    alt: str
    source_line: str
    notes: tuple[str, ...]


@dataclass
class Numbering:
    """Chapter, figure and table numbers, and the calls that produced them."""

    chapters: dict[str, int] = field(default_factory=dict)
    figures: dict[str, int] = field(default_factory=dict)
    tables: dict[str, int] = field(default_factory=dict)
    calls: dict[str, list[Call]] = field(default_factory=dict)


def number_items(edition: EditionSource) -> Numbering:
    """Number chapters (body chapters only), figures and tables in reading order."""
    env = chapter_environment()
    numbering = Numbering()
    problems = Problems()
    for chapter in edition.chapters:
        if chapter.meta.kind == "chapter":
            numbering.chapters[chapter.id] = len(numbering.chapters) + 1
        try:
            calls = find_calls(chapter, env)
        except GtaError as exc:
            problems.extend(exc.problems)
            continue
        numbering.calls[chapter.id] = calls
        for call in calls:
            if call.function == "recommendations":
                # NOTE: the recommendations section holds the heatmap figure.
                numbering.figures.setdefault(RECOMMENDATIONS_HEATMAP, len(numbering.figures) + 1)
            if call.function == "chart" and call.name not in numbering.figures:
                numbering.figures[call.name] = len(numbering.figures) + 1
            if call.function == "table" and call.name not in numbering.tables:
                numbering.tables[call.name] = len(numbering.tables) + 1
    problems.raise_if_errors()
    return numbering


def check_chapters(edition: EditionSource, numbering: Numbering, names: Names) -> Problems:
    """Every unknown or unavailable name used by any chapter, located at its chapter line."""
    problems = Problems()
    for chapter in edition.chapters:
        check_calls(chapter, numbering.calls.get(chapter.id, []), names, problems)
    return problems


@dataclass
class ReportInputs:
    """Everything the report template is given; templates format values, they never compute them."""

    project: Project
    edition: EditionSource
    stats: dict[str, Statistic]
    previous_stats: dict[str, Statistic]
    figures: dict[str, FigureInfo]
    tables: dict[str, Table]
    numbering: Numbering
    recommendations: dict[str, Any] | None = None
    locale: str = "en"
    pages: dict[str, int] = field(default_factory=dict)  # anchor -> PDF page, after a first layout


@dataclass
class RenderedReport:
    """The HTML, plus which statistics each chapter used (for the register)."""

    html: str
    usage: dict[str, Usage]
    citations: list[str]


def render_report(env: jinja2.Environment, inputs: ReportInputs) -> RenderedReport:
    """Render every chapter, then the whole report through ``report.html.j2``."""
    state = _RenderState(inputs)
    chapters = []
    for chapter in inputs.edition.chapters:
        state.chapter = chapter.id
        state.footnoted = set()
        placeholders = Placeholders()
        body = render_chapter_html(chapter, chapter_environment(), state.functions(placeholders, env), placeholders,
                                   _allowed_resource)
        chapters.append({
            "id": chapter.id, "title": chapter.meta.title, "kind": chapter.meta.kind, "summary": chapter.meta.summary,
            "number": inputs.numbering.chapters.get(chapter.id), "html": body,
        })
    usage = {sid: Usage(tuple(dict.fromkeys(chs)), tuple(sorted({inputs.pages[f"stat-{sid}"]} if f"stat-{sid}" in inputs.pages else set())))
             for sid, chs in state.used.items()}
    ed = inputs.edition.meta
    context = {
        "edition": ed,
        "chapters": chapters,
        "figures": sorted(((n, inputs.figures[f]) for f, n in inputs.numbering.figures.items() if f in inputs.figures),
                          key=lambda x: x[0]),
        "tables": sorted(((n, inputs.tables[t]) for t, n in inputs.numbering.tables.items() if t in inputs.tables),
                         key=lambda x: x[0]),
        "headline": [inputs.stats[s] for s in ed.headline if s in inputs.stats],
        "register": register_rows(inputs.stats, usage, inputs.locale),
        "references": [inputs.project.references[r] for r in state.citations],
        "all_references": _references_used(inputs, state),
        "lang": ed.language,
        "citation": f"WeProtect Global Alliance ({ed.published[:4]}). {ed.title}." + (f" {ed.subtitle}." if ed.subtitle else ""),
        "data_json": _popover_data(inputs),
    }
    page = env.get_template("report.html.j2").render(**context)
    return RenderedReport(page, usage, state.citations)


def _references_used(inputs: ReportInputs, state: _RenderState) -> list[Any]:
    """References behind every statistic, table and chart the report shows, in id order."""
    ids: set[str] = set(state.citations)
    for sid in state.used:
        ids.update(inputs.stats[sid].references)
    for sid in inputs.stats:
        ids.update(inputs.stats[sid].references)
    return [inputs.project.references[r] for r in sorted(ids) if r in inputs.project.references]


def _popover_data(inputs: ReportInputs) -> dict[str, dict[str, str]]:
    return {sid: {"label": st.label, "value": st.text(), "derivation": st.derivation, "confidence": st.confidence}
            for sid, st in sorted(inputs.stats.items())}


def _allowed_resource(url: str) -> bool:
    """Chapters may not load anything: every image in the report comes from a chart spec."""
    return False


class _RenderState:
    """Per-render bookkeeping: statistics used per chapter, citations, first footnote per caveat."""

    def __init__(self, inputs: ReportInputs):
        self.inputs = inputs
        self.chapter = ""
        self.used: dict[str, list[str]] = {}
        self.citations: list[str] = []
        self.footnoted: set[str] = set()

    def functions(self, ph: Placeholders, env: jinja2.Environment) -> dict[str, Callable[..., str]]:
        inputs = self.inputs

        def stat(sid: str, style: str | None = None) -> str:
            st = inputs.stats[sid]
            self.used.setdefault(sid, []).append(self.chapter)
            text = html.escape(st.text(style, locale=inputs.locale))
            title = html.escape(f"{st.label}: {st.derivation}", quote=True)
            notes = "".join(self._footnote(c) for c in st.caveats)
            if st.confidence == "low":
                notes += self._footnote(f"{st.label}: low confidence — the figure rests on a single weak source.")
            return ph.add(f'<a class="stat" id="stat-{sid}-{len(self.used[sid])}" href="#stat-{sid}" '
                          f'data-stat="{sid}" title="{title}">{text}</a>{notes}')

        def prev(sid: str, style: str | None = None) -> str:
            st = inputs.previous_stats[sid]
            return ph.add(f'<span class="stat prev" title="{html.escape(st.derivation, quote=True)}">'
                          f"{html.escape(st.text(style, locale=inputs.locale))}</span>")

        def chart(cid: str) -> str:
            fig = inputs.figures[cid]
            n = inputs.numbering.figures[cid]
            return ph.add(env.get_template("partials/figure.html.j2").render(fig=fig, n=n), block=True)

        def table(tid: str) -> str:
            t = inputs.tables[tid]
            n = inputs.numbering.tables[tid]
            return ph.add(env.get_template("partials/table.html.j2").render(table=t, n=n), block=True)

        def figref(cid: str) -> str:
            return ph.add(f'<a class="xref" href="#fig-{cid}">Figure&nbsp;{inputs.numbering.figures[cid]}</a>')

        def tabref(tid: str) -> str:
            return ph.add(f'<a class="xref" href="#tab-{tid}">Table&nbsp;{inputs.numbering.tables[tid]}</a>')

        def cite(rid: str) -> str:
            if rid not in self.citations:
                self.citations.append(rid)
            n = self.citations.index(rid) + 1
            return ph.add(f'<sup class="cite"><a href="#ref-{rid}" aria-label="reference {n}">{n}</a></sup>')

        def recommendations() -> str:
            if inputs.recommendations is None:
                return ""
            return ph.add(env.get_template("partials/recommendations.html.j2").render(**inputs.recommendations),
                          block=True)

        return {"stat": stat, "prev": prev, "chart": chart, "table": table, "figref": figref, "tabref": tabref,
                "cite": cite, "recommendations": recommendations}

    def _footnote(self, text: str) -> str:
        if text in self.footnoted:
            return ""
        self.footnoted.add(text)
        return f'<span class="footnote">{html.escape(text)}</span>'
