"""Assemble the report HTML from chapters, statistics, charts and tables (one HTML for screen and PDF).

Numbering of chapters, figures and tables is computed once here, before any chapter is
rendered, so the HTML and the PDF (which is laid out from this same HTML) can never disagree.
"""

from __future__ import annotations

import gettext
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from . import chapters
from .chapters import Call, Names, Placeholders, check_calls, find_calls, render_chapter_html
from .errors import GtaError, Problems
from .formatting import format_date, format_number, localise_digits
from .register import Usage, register_rows
from .sources import EditionSource, Project
from .statistics import Statistic
from .tables import Table

RECOMMENDATIONS_HEATMAP = "recommendations-mnr-heatmap"


def make_environment(templates: Path, translations: gettext.NullTranslations | None = None,
                     numbering: str | None = None) -> jinja2.Environment:
    """The one Jinja2 environment: autoescaped, strict about undefined names, formatters as filters.

    Template strings go through ``translations`` (gettext; ``{% trans %}`` and ``_()``): none, or
    English, leaves every string as written. ``numbering`` ("arab") sets the digits of the ``digits``
    filter, which templates apply to the chapter, figure and table numbers they show.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda v, style="full", **kw: format_number(v, style, **kw)
    env.filters["date"] = lambda v, locale="en", numbering=None: format_date(v, locale, numbering)
    env.filters["digits"] = lambda v: localise_digits(str(v), numbering) if numbering else v
    return env


def chapter_environment() -> jinja2.Environment:
    """Chapters are untrusted data: they render in gta.chapters' sandbox, never in this module's environment."""
    return chapters.chapter_environment()


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
    placed: dict[tuple[str, str], str] = {}
    for chapter in edition.chapters:
        calls = numbering.calls.get(chapter.id, [])
        check_calls(chapter, calls, names, problems)
        for call in calls:
            if call.function in ("chart", "table") and call.name:
                where = f"{chapter.path.name}:{call.line}"
                first = placed.setdefault((call.function, call.name), where)
                if first != where:
                    ref = "figref" if call.function == "chart" else "tabref"
                    problems.add(chapter.path, call.line, f"{call.function} '{call.name}' is placed twice (first at {first})",
                                 f"place it once and refer to it elsewhere with {ref}(\"{call.name}\")")
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
    localisation: Any = None  # a gta.i18n.context.Localisation for a translated edition; None for English


@dataclass
class RenderedReport:
    """The HTML, plus which statistics each chapter used (for the register)."""

    html: str
    usage: dict[str, Usage]
    citations: list[str]


def render_report(env: jinja2.Environment, inputs: ReportInputs) -> RenderedReport:
    """Render every chapter, then the whole report through ``report.html.j2``."""
    state = _RenderState(inputs)
    loc = inputs.localisation
    chapters = []
    for chapter, fallback in _chapters(inputs):
        state.chapter = chapter.id
        state.footnoted = set()
        state.fallback = fallback is not None
        placeholders = Placeholders()
        body = render_chapter_html(chapter, chapter_environment(), state.functions(placeholders, env), placeholders,
                                   _allowed_resource)
        entry = {
            "id": chapter.id, "title": chapter.meta.title, "kind": chapter.meta.kind, "summary": chapter.meta.summary,
            "number": inputs.numbering.chapters.get(chapter.id), "html": body,
        }
        if loc is not None:
            entry |= loc.chapter_attributes(chapter.id, fallback)
        chapters.append(entry)
    usage = {sid: Usage(tuple(dict.fromkeys(chs)), tuple(sorted({inputs.pages[f"stat-{sid}"]} if f"stat-{sid}" in inputs.pages else set())))
             for sid, chs in state.used.items()}
    ed = inputs.edition.meta if loc is None else loc.edition(inputs.edition.meta)
    register = register_rows(inputs.stats, usage, inputs.locale)
    if loc is not None:
        register = loc.register(register, inputs.stats)
    context = {
        "edition": ed,
        "chapters": chapters,
        "figures": sorted(((n, inputs.figures[f]) for f, n in inputs.numbering.figures.items() if f in inputs.figures),
                          key=lambda x: x[0]),
        "tables": sorted(((n, inputs.tables[t]) for t, n in inputs.numbering.tables.items() if t in inputs.tables),
                         key=lambda x: x[0]),
        "headline": [inputs.stats[s] for s in ed.headline if s in inputs.stats],
        "register": register,
        "references": [inputs.project.references[r] for r in state.citations],
        "all_references": _references_used(inputs, state),
        "lang": ed.language,
        "citation": f"WeProtect Global Alliance ({ed.published[:4]}). {ed.title}." + (f" {ed.subtitle}." if ed.subtitle else ""),
        "data_json": _popover_data(inputs),
        "locale": inputs.locale,
        "numbering": loc.numbering if loc is not None else None,
        "dir": loc.language.direction if loc is not None else "ltr",
        "extra_css": loc.stylesheets() if loc is not None else [],
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


def _chapters(inputs: ReportInputs) -> list[tuple[Any, Any]]:
    """(chapter to render, the version record when it is an English fallback) in reading order."""
    if inputs.localisation is None:
        return [(c, None) for c in inputs.edition.chapters]
    return [(v.chapter, v if v.lang_of_text else None) for v in inputs.localisation.chapters]


def _popover_data(inputs: ReportInputs) -> dict[str, dict[str, str]]:
    loc = inputs.localisation
    if loc is None:
        return {sid: {"label": st.label, "value": st.text(), "derivation": st.derivation, "confidence": st.confidence}
                for sid, st in sorted(inputs.stats.items())}
    return {sid: {"label": loc.statistic_label(st), "value": loc.text(st), "derivation": st.derivation,
                  "confidence": loc.gettext(st.confidence)} for sid, st in sorted(inputs.stats.items())}


def _allowed_resource(url: str) -> bool:
    """Chapters may not load anything: every image in the report comes from a chart spec."""
    return False


class _RenderState:
    """Per-render bookkeeping: statistics used per chapter, citations, first footnote per caveat."""

    def __init__(self, inputs: ReportInputs):
        self.inputs = inputs
        self.chapter = ""
        self.fallback = False  # the chapter shows the English text of a translated edition
        self.used: dict[str, list[str]] = {}
        self.citations: list[str] = []
        self.footnoted: set[str] = set()

    def functions(self, ph: Placeholders, env: jinja2.Environment) -> dict[str, Callable[..., str]]:
        inputs = self.inputs

        def stat(sid: str, style: str | None = None) -> str:
            st = inputs.stats[sid]
            self.used.setdefault(sid, []).append(self.chapter)
            text = html.escape(self._text(st, style))
            title = html.escape(f"{st.label}: {st.derivation}", quote=True)
            notes = "".join(self._footnote(c) for c in st.caveats)
            if st.confidence == "low":
                notes += self._footnote(self._("%(label)s: low confidence — the figure rests on a single weak source.")
                                        % {"label": self._label(st)})
            return ph.add(f'<a class="stat" id="stat-{sid}-{len(self.used[sid])}" href="#stat-{sid}" '
                          f'data-stat="{sid}" title="{title}">{text}</a>{notes}')

        def prev(sid: str, style: str | None = None) -> str:
            st = inputs.previous_stats[sid]
            return ph.add(f'<span class="stat prev" title="{html.escape(st.derivation, quote=True)}">'
                          f"{html.escape(self._text(st, style))}</span>")

        def chart(cid: str) -> str:
            fig = inputs.figures[cid]
            n = self._edition_number(inputs.numbering.figures[cid])
            return ph.add(self._in_edition_language(env.get_template("partials/figure.html.j2").render(fig=fig, n=n)),
                          block=True)

        def table(tid: str) -> str:
            t = inputs.tables[tid]
            n = self._edition_number(inputs.numbering.tables[tid])
            return ph.add(self._in_edition_language(env.get_template("partials/table.html.j2").render(table=t, n=n)),
                          block=True)

        def figref(cid: str) -> str:
            word = html.escape(self._("Figure"))
            return ph.add(f'<a class="xref" href="#fig-{cid}">{word}&nbsp;{self._number(inputs.numbering.figures[cid])}</a>')

        def tabref(tid: str) -> str:
            word = html.escape(self._("Table"))
            return ph.add(f'<a class="xref" href="#tab-{tid}">{word}&nbsp;{self._number(inputs.numbering.tables[tid])}</a>')

        def cite(rid: str) -> str:
            if rid not in self.citations:
                self.citations.append(rid)
            n = self.citations.index(rid) + 1
            return ph.add(f'<sup class="cite"><a href="#ref-{rid}" aria-label="reference {n}">{n}</a></sup>')

        def recommendations() -> str:
            if inputs.recommendations is None:
                return ""
            return ph.add(self._in_edition_language(
                env.get_template("partials/recommendations.html.j2").render(**inputs.recommendations)), block=True)

        return {"stat": stat, "prev": prev, "chart": chart, "table": table, "figref": figref, "tabref": tabref,
                "cite": cite, "recommendations": recommendations}

    # NOTE: a translated chapter speaks the edition's language; an English fallback speaks English
    # throughout (numbers, "Figure 3", notes), while figures and tables stay in the edition's language.
    def _(self, message: str) -> str:
        loc = self.inputs.localisation
        return message if loc is None or self.fallback else loc.gettext(message)

    def _text(self, st: Statistic, style: str | None) -> str:
        loc = self.inputs.localisation
        if loc is None or self.fallback:
            return st.text(style, locale=self.inputs.locale if loc is None else "en")
        return loc.text(st, style)

    def _label(self, st: Statistic) -> str:
        loc = self.inputs.localisation
        return st.label if loc is None or self.fallback else loc.statistic_label(st)

    def _number(self, n: int) -> str:
        loc = self.inputs.localisation
        return str(n) if loc is None or self.fallback else loc.integer(n)

    def _edition_number(self, n: int) -> int | str:
        loc = self.inputs.localisation
        return n if loc is None else loc.integer(n)

    def _in_edition_language(self, block: str) -> str:
        loc = self.inputs.localisation
        return block if loc is None or not self.fallback else loc.wrap(block)

    def _footnote(self, text: str) -> str:
        if text in self.footnoted:
            return ""
        self.footnoted.add(text)
        return f'<span class="footnote">{html.escape(text)}</span>'
