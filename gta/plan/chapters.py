"""The chapters of a plan: which version each language shows, and their text with the calls resolved.

A chapter's calls become :class:`Placement` tokens in its sanitised HTML; the HTML writer fills them.
Which statistics each chapter shows and which references it cites (in order) are recorded here,
so the register, the endnotes and the references list are known before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..boxes import label_boxes
from ..chapters import Call, Placeholders, chapter_environment, find_calls, render_chapter_markdown
from ..errors import GtaError, Problems, display_path
from ..i18n.chapters import ChapterVersion, check_same_references
from ..i18n.localisation import ENGLISH, Localisation
from ..i18n.messages import N_
from ..sources import EditionSource
from .model import Placement, PlannedChapter

NOTICES = {
    "stale": N_("The translation of this chapter is out of date: the English text changed after it was translated. "
                "The English text follows."),
    "missing": N_("This chapter has not yet been translated; the English text follows."),
}


@dataclass
class ChapterUse:
    """What the chapters call, across the edition: statistics per chapter, citations in order."""

    stats: dict[str, list[str]] = field(default_factory=dict)  # statistic id -> chapter ids, one per use
    previous: set[str] = field(default_factory=set)
    citations: list[str] = field(default_factory=list)  # reference and evidence ids, in order of first citation
    compared: dict[str, list[str]] = field(default_factory=dict)  # estimates compare() shows -> chapter ids
    evidence: bool = False  # a chapter places the evidence annex


def versions(source: EditionSource, translated: list[ChapterVersion] | None, loc: Localisation) -> list[ChapterVersion]:
    """The chapter each position of the edition shows in ``loc``'s language."""
    if loc.is_source:
        return [ChapterVersion(c.id, c, "source", c) for c in source.chapters]
    return translated or [ChapterVersion(c.id, c, "missing", c) for c in source.chapters]


def plan_chapters(source: EditionSource, translated: list[ChapterVersion] | None, loc: Localisation,
                  calls: dict[str, list[Call]], problems: Problems) -> tuple[list[PlannedChapter], ChapterUse]:
    """Render every chapter's text for ``loc``; check that translations name what the English names."""
    use = ChapterUse()
    env = chapter_environment()
    planned = []
    body_number = 0
    for version in versions(source, translated, loc):
        if version.status == "translated":
            try:
                check_same_references(version, calls.get(version.id, []), find_calls(version.chapter, env), problems)
            except GtaError as exc:
                problems.extend(exc.problems)
                continue
        chapter = version.chapter
        if chapter.meta.kind == "chapter":
            body_number += 1
        english = version.english.meta
        key_figure = None
        if english.key_figure:  # NOTE: the opener comes before the chapter's text: its use comes first
            uses = use.stats.setdefault(english.key_figure, [])
            uses.append(chapter.id)
            key_figure = Placement("stat", english.key_figure, None, len(uses))
        placeholders = Placeholders()
        try:
            html = render_chapter_markdown(chapter, env, _functions(chapter.id, placeholders, use), placeholders,
                                           _no_resources)
        except GtaError as exc:
            problems.extend(exc.problems)
            continue
        fallback = version.status in NOTICES
        html = label_boxes(html, (ENGLISH if fallback else loc).gettext)
        planned.append(PlannedChapter(
            id=chapter.id, kind=chapter.meta.kind, number=body_number if chapter.meta.kind == "chapter" else None,
            title=chapter.meta.title, summary=chapter.meta.summary, html=html,
            placements=[item for item, _, _ in placeholders.items], token_prefix=placeholders.prefix,
            loc=ENGLISH if fallback else loc,
            status=version.status, notice=loc.gettext(NOTICES[version.status]) if fallback else "",
            path=display_path(chapter.path), standfirst=chapter.meta.standfirst or chapter.meta.summary,
            key_figure=key_figure, opener=english.has_opener))
    return planned, use


def _functions(chapter_id: str, ph: Placeholders, use: ChapterUse) -> dict[str, Callable]:
    """The calls a chapter may make; each records what it shows and returns a token."""

    def stat(sid: str, style: str | None = None) -> str:
        uses = use.stats.setdefault(sid, [])
        uses.append(chapter_id)
        return ph.add(Placement("stat", sid, style, len(uses)))

    def prev(sid: str, style: str | None = None) -> str:
        use.previous.add(sid)
        return ph.add(Placement("prev", sid, style))

    def chart(cid: str) -> str:
        return ph.add(Placement("chart", cid, block=True), block=True)

    def table(tid: str) -> str:
        return ph.add(Placement("table", tid, block=True), block=True)

    def figref(cid: str) -> str:
        return ph.add(Placement("figref", cid))

    def tabref(tid: str) -> str:
        return ph.add(Placement("tabref", tid))

    def cite(rid: str) -> str:
        if rid not in use.citations:
            use.citations.append(rid)
        return ph.add(Placement("cite", rid, occurrence=use.citations.index(rid) + 1))

    def recommendations() -> str:
        return ph.add(Placement("recommendations", block=True), block=True)

    def evidence() -> str:
        use.evidence = True
        return ph.add(Placement("evidence", block=True), block=True)

    def compare(first: str, second: str) -> str:
        for sid in (first, second):
            use.compared.setdefault(sid, []).append(chapter_id)
        return ph.add(Placement("compare", first, style=second))

    return {"stat": stat, "prev": prev, "chart": chart, "table": table, "figref": figref, "tabref": tabref,
            "cite": cite, "recommendations": recommendations, "evidence": evidence, "compare": compare}


def _no_resources(url: str) -> bool:
    """Chapters may not load anything: every image in the report comes from a chart spec."""
    return False
