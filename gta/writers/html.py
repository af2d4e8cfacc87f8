"""The report as HTML: one file for screens and for WeasyPrint, rendered from the plan and nothing else.

Templates format values; they never compute them. Each chapter's placements (bound numbers,
figures, tables, citations) are filled in here, in reading order, so that the first use of a
caveat in a chapter gets its footnote.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from ..atomic import write_if_changed
from ..chapters import fill_placeholders
from ..charts.credit import Credit
from ..estimates import compare_estimates
from ..fonts import font_licences, report_fonts
from ..formatting import format_date, format_number, localise_digits
from ..i18n.localisation import Localisation
from ..i18n.messages import N_
from ..plan import EditionPlan, Placement, PlannedChapter, PlannedFigure
from ..register import reader_register
from ..theme import theme_css
from .cover import cover_context
from .files import figure_credits, figure_downloads, figure_src, screen_sources
from .notes import CiteGroup, group_citations, note_mark, url_html

CODE_DIR = Path(__file__).resolve().parents[1]
# Stylesheets only translated editions link (language font stacks, right-to-left layout).
LANGUAGE_STYLESHEETS = {"ltr": ("i18n.css",), "rtl": ("i18n.css", "rtl.css")}


def templates_dir(root: Path) -> Path:
    """The project's own templates, or the builder's defaults for a project that has none."""
    own = root / "templates"
    return own if own.is_dir() else CODE_DIR.parent / "templates"


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the process (Jinja checks each template's source checksum): the
    preview makes a new environment on every save, and compiling the templates cost a third of it."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _MemoryBytecodeCache()


def make_environment(templates: Path, loc: Localisation) -> jinja2.Environment:
    """The one Jinja2 environment: autoescaped, strict about undefined names, formatters as filters.

    Template strings go through the plan's catalogue (``{% trans %}`` and ``_()``); ``digits``
    writes chapter, figure and table numbers in the language's digits.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_COMPILED,
    )
    # NOTE: through the Localisation, so template words get the language's punctuation rules too
    env.install_gettext_callables(loc.gettext, loc.ngettext, newstyle=True,  # type: ignore[attr-defined]
                                  pgettext=loc.pgettext)
    env.filters["num"] = lambda v, style="full", **kw: format_number(v, style, **kw)
    env.filters["date"] = lambda v, locale="en", numbering=None: format_date(v, locale, numbering)
    env.filters["quote"] = loc.quote  # the language's quotation marks
    env.filters["joined"] = loc.join  # items joined as the language does ("a ; b" in French)
    env.globals["separator"] = loc.separator
    env.filters["digits"] = lambda v: localise_digits(str(v), loc.numbering)
    env.filters["isolated"] = lambda v: isolated(str(v), loc.direction)
    env.globals["stop"] = loc.full_stop  # ends a sentence the template completes ("." or "。")
    env.globals["gap"] = loc.sentence_gap  # between two sentences (" ", or nothing in Chinese)
    env.filters["url"] = lambda v: Markup(url_html(str(v)))
    env.filters["month"] = lambda v, locale="en", numbering=None: format_date(str(v)[:7], locale, numbering)
    return env


@dataclass(frozen=True)
class FigureInfo:
    """What the templates need to place one chart."""

    id: str
    title: str
    subtitle: str
    src: str  # path relative to the report (the PDF's image)
    alt: str
    source_line: str
    notes: tuple[str, ...]
    downloads: tuple[tuple[str, str], ...] = ()  # (format, path relative to the report): PNG, SVG, CSV
    screen: str = ""  # the image screens show (drawn with the page's font)
    phone: str = ""  # the image phones show (drawn at phone width, so its text stays legible)


def render_html(plan: EditionPlan, root: Path) -> str:
    """The whole report for ``plan``."""
    env = make_environment(templates_dir(root), plan.loc)
    credits = figure_credits(plan)
    figures = {f.id: _figure_info(f, plan, credits[f.id]) for f in plan.figures}
    filler = _Filler(plan, env, figures)
    chapters = [filler.chapter(c) for c in plan.chapters]
    loc = plan.loc
    register, inputs = reader_register(plan)
    context = {
        "edition": plan.edition,
        "chapters": chapters,
        "figures": [(f.number, figures[f.id]) for f in plan.report_figures],
        "tables": [(t.number, t.table) for t in plan.tables],
        "headline": [plan.statistics[s].stat for s in plan.headline if s in plan.statistics],
        "register": register,
        "register_inputs": inputs,
        "references": plan.references_cited,
        "sources": [r for r in plan.references if not r.secondary],
        "secondary_sources": any(r.secondary for r in plan.references),
        "lang": plan.language,
        "citation": plan.citation,
        "data_json": _popover_data(plan),
        "locale": loc.code,
        "numbering": loc.numbering,
        "dir": loc.direction,
        "extra_css": [f"assets/{name}" for name in _language_stylesheets(loc)],
        "theme": plan.theme,
        "cover": cover_context(plan),
    }
    return env.get_template("report.html.j2").render(**context)


def write_assets(plan: EditionPlan, root: Path, stage: Path) -> list[Path]:
    """CSS, fonts and the theme's files beside the HTML, so the folder works offline and WeasyPrint reads them."""
    written = []
    skip = {n for names in LANGUAGE_STYLESHEETS.values() for n in names} - set(_language_stylesheets(plan.loc))
    for css in sorted((templates_dir(root) / "css").glob("*.css")):
        if css.name not in skip:
            write_if_changed(stage / "assets" / css.name, css.read_bytes())
            written.append(stage / "assets" / css.name)
    write_if_changed(stage / "assets" / "theme.css", theme_css(plan.theme).encode("utf-8"))
    written.append(stage / "assets" / "theme.css")
    theme = plan.theme
    own = [theme.file(f.file) for f in theme.fonts.files]
    for font in [*report_fonts(), *own]:
        write_if_changed(stage / "assets" / "fonts" / font.name, font.read_bytes())
        written.append(stage / "assets" / "fonts" / font.name)
    for art in (theme.logo, theme.cover.image):
        if art:
            target = stage / "assets" / "theme" / Path(art).name
            write_if_changed(target, theme.file(art).read_bytes())
            written.append(target)
    write_if_changed(stage / "assets" / "fonts" / "LICENSE.txt", font_licences().encode("utf-8"))
    return [*written, stage / "assets" / "fonts" / "LICENSE.txt"]


def _language_stylesheets(loc: Localisation) -> tuple[str, ...]:
    return () if loc.is_source else LANGUAGE_STYLESHEETS[loc.direction]


def _figure_info(fig: PlannedFigure, plan: EditionPlan, credit: Credit) -> FigureInfo:
    m = fig.meta
    screen, phone = screen_sources(fig)
    return FigureInfo(fig.id, m.title, m.subtitle, figure_src(fig, plan), m.alt, m.source_line, m.notes,
                      figure_downloads(fig, plan, credit), screen, phone)


def _popover_data(plan: EditionPlan) -> dict[str, dict[str, str]]:
    loc = plan.loc
    return {sid: {"label": loc.statistic_label(p.stat), "value": loc.text(p.stat), "derivation": loc.derivation(p.stat),
                  "confidence": loc.gettext(p.stat.confidence)} for sid, p in plan.statistics.items()}


class _Filler:
    """Fills a chapter's placements in reading order: the first use of a caveat in a chapter gets its note.

    Caveat notes are lettered per chapter (a, b, c …) and references numbered in brackets ([2, 3]),
    so the two never read as one another. In print a note is a footnote; on screens the letter links
    to the chapter's notes at its end.
    """

    def __init__(self, plan: EditionPlan, env: jinja2.Environment, figures: dict[str, FigureInfo]):
        self.plan, self.env, self.figures = plan, env, figures
        self.chapter_loc = plan.loc
        self.chapter_id = ""
        self.notes: dict[str, str] = {}  # note text -> its letter, in this chapter

    def chapter(self, chapter: PlannedChapter) -> dict[str, Any]:
        self.chapter_loc = chapter.loc
        self.chapter_id = chapter.id
        self.notes = {}
        text, items = group_citations(chapter.html, chapter.token_prefix, chapter.placements)
        blocks = [getattr(p, "block", False) for p in items]
        key_figure = self._key_figure(chapter.key_figure) if chapter.key_figure else None
        body = fill_placeholders(text, chapter.token_prefix, items, blocks, self.place)
        entry = {"id": chapter.id, "title": chapter.title, "kind": chapter.kind, "summary": chapter.summary,
                 "number": chapter.number, "html": body, "standfirst": chapter.standfirst, "opener": chapter.opener,
                 "key_figure": key_figure,
                 "notes": [{"mark": mark, "id": self._note_id(mark), "text": note} for note, mark in self.notes.items()]}
        if chapter.is_fallback:
            entry |= {"text_lang": "en", "text_dir": "ltr", "notice": chapter.notice, "notice_lang": self.plan.language,
                      "notice_dir": self.plan.loc.direction, "status": chapter.status}
        return entry

    def place(self, p: Placement | CiteGroup) -> str:
        if isinstance(p, CiteGroup):
            return self._cites(p)
        return getattr(self, f"_{p.kind}")(p)

    def _key_figure(self, p: Placement) -> dict[str, str]:
        st = self.plan.statistics[p.id].stat
        loc = self.chapter_loc
        value = (f'<a class="stat kf-value" id="stat-{p.id}-{p.occurrence}" href="#stat-{p.id}" data-stat="{p.id}">'
                 f"{html.escape(self._isolated(loc.text(st)))}</a>")
        return {"value": Markup(value), "label": loc.statistic_label(st)}

    # NOTE: an English fallback chapter speaks English throughout (numbers, "Figure 3", notes), while
    # figures and tables stay in the edition's language.
    def _stat(self, p: Placement) -> str:
        loc = self.chapter_loc
        st = self.plan.statistics[p.id].stat
        text = html.escape(self._isolated(loc.text(st, p.style)))
        title = html.escape(f"{loc.statistic_label(st)}: {loc.derivation(st)}", quote=True)
        notes = "".join(self._footnote(c) for c in self.chapter_loc.caveats(st))
        if st.confidence == "low":
            notes += self._footnote(loc.format(N_("%(label)s: an estimate from a single secondary source."),
                                               label=loc.statistic_label(st)))
        return (f'<a class="stat" id="stat-{p.id}-{p.occurrence}" href="#stat-{p.id}" data-stat="{p.id}" '
                f'title="{title}">{text}</a>{notes}')

    def _prev(self, p: Placement) -> str:
        st = self.plan.previous_statistics[p.id]
        return (f'<span class="stat prev" title="{html.escape(self.chapter_loc.derivation(st), quote=True)}">'
                f"{html.escape(self._isolated(self.chapter_loc.text(st, p.style)))}</span>")

    def _isolated(self, text: str) -> str:
        return isolated(text, self.chapter_loc.direction)

    def _chart(self, p: Placement) -> str:
        fig = self.plan.figure(p.id)
        block = self.env.get_template("partials/figure.html.j2").render(fig=self.figures[p.id],
                                                                         n=self.plan.loc.integer(fig.number))
        return self._in_edition_language(block)

    def _table(self, p: Placement) -> str:
        t = self.plan.table(p.id)
        block = self.env.get_template("partials/table.html.j2").render(table=t.table, n=self.plan.loc.integer(t.number))
        return self._in_edition_language(block)

    def _figref(self, p: Placement) -> str:
        word = html.escape(self.chapter_loc.gettext("Figure"))
        n = self.chapter_loc.integer(self.plan.figure(p.id).number)
        return f'<a class="xref" href="#fig-{p.id}">{word}&nbsp;{n}</a>'

    def _tabref(self, p: Placement) -> str:
        word = html.escape(self.chapter_loc.gettext("Table"))
        n = self.chapter_loc.integer(self.plan.table(p.id).number)
        return f'<a class="xref" href="#tab-{p.id}">{word}&nbsp;{n}</a>'

    def _cite(self, p: Placement) -> str:
        return self._cites(CiteGroup((p,)))

    def _cites(self, group: CiteGroup) -> str:
        """"[2, 3]" or "[2–4]", glued to the word before it (U+2060 WORD JOINER) and never broken inside."""
        word = html.escape(self.chapter_loc.gettext("References"))
        parts = []
        for first, last in group.runs():
            link = lambda q: f'<a href="#ref-{q.id}">{self.chapter_loc.integer(q.occurrence)}</a>'  # noqa: E731
            parts.append(link(first) if first is last else f"{link(first)}\u2013{link(last)}")
        return f'\u2060<span class="cite" role="doc-noteref" aria-label="{word}">[{", ".join(parts)}]</span>'

    def _recommendations(self, p: Placement) -> str:
        view = self.plan.recommendations_view
        if view is None:
            return ""
        context = dict(view, heatmap=None, sample=view.get("sample") and not self.plan.edition.sample)
        return self._in_edition_language(self.env.get_template("partials/recommendations.html.j2").render(**context))

    def _evidence(self, p: Placement) -> str:
        view = self.plan.evidence_view
        if view is None:
            return ""
        return self._in_edition_language(self.env.get_template("partials/evidence.html.j2").render(**view))

    def _compare(self, p: Placement) -> str:
        loc = self.chapter_loc
        first, second = self.plan.statistics[p.id].stat, self.plan.statistics[p.style or ""].stat
        text = compare_estimates(first, second, locale=loc.code, numbering=loc.numbering).text
        return f'<span class="comparison">{html.escape(text)}</span>'

    def _in_edition_language(self, block: str) -> str:
        if self.chapter_loc is self.plan.loc:
            return block
        loc = self.plan.loc
        return f'<div lang="{html.escape(loc.code)}" dir="{loc.direction}">{block}</div>'

    def _note_id(self, mark: str) -> str:
        return f"note-{self.chapter_id}-{mark}"

    def _footnote(self, text: str) -> str:
        """A caveat's note, once per chapter: a footnote in print, a lettered link to the chapter's notes on screen."""
        if text in self.notes:
            return ""
        mark = note_mark(len(self.notes))
        self.notes[text] = mark
        note_id = self._note_id(mark)
        return (f'\u2060<sup class="note-call"><a href="#{note_id}" id="{note_id}-call" role="doc-noteref">{mark}</a>'
                f'</sup><span class="footnote" data-mark="{mark}">{html.escape(text)}</span>')


def isolated(text: str, direction: str) -> str:
    """A number without letters, isolated left to right in right-to-left text: "+113%" stays "+113%"
    (unisolated, the bidi algorithm moves its signs: "113%+"); "36.2 مليون" reads on as Arabic."""
    if direction != "rtl" or any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return text
    return f"\u2066{text}\u2069"  # LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE
