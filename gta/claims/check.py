"""Check the figures in a text or in an edition's chapters against the shipped data.

The pipeline per sentence: find figures (:mod:`.extract`), read them (:mod:`.interpret`),
judge them (:mod:`.verdict`). Paragraphs carry context forward: a publisher named in one
sentence cues the next, and a sentence without a quantity inherits the previous one's.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import display_path
from ..sources import Sources
from ..statistics import Statistic, compute_statistics
from .bound import check_bound_text, check_bound_words
from .extract import Mention, find_mentions
from .interpret import _DIRECTION, _NOT_DIRECTION, Interpretation, interpret, sentence_context
from .model import Claim
from .readings import Calculator
from .text import Prose, Sentence, read_prose, sentence_text
from .verdict import Judge, Judgement, shown_value
from .vocabulary import vocabulary


def check_text(text: str, project: Sources, *, edition: int | None, cutoff: int | None, source: str = "<text>",
               stats: dict[str, Statistic] | None = None, first_line: int = 1,
               front_matter: bool = False, previous_stats: dict[str, Statistic] | None = None,
               bound_words: bool = True) -> list[Claim]:
    """Every figure in ``text`` that is not a bound statistic, judged against the data, and (with
    ``bound_words``) the words around the bound ones (see :mod:`gta.claims.bound`).

    ``cutoff`` defaults to the edition's data cut-off (or the year before ``edition`` when the
    project has no such edition); ``first_line`` is the file line of the text's first line.
    """
    if cutoff is None and edition is not None:
        ed = project.editions.get(edition)
        cutoff = ed.meta.data_cutoff if ed else edition - 1
    if stats is None:
        stats = compute_statistics(project, edition if edition in project.editions else None, cutoff=cutoff).stats
    prose = read_prose(text, front_matter=front_matter)
    checker = _Checker(project, cutoff, stats, prose, source, first_line, publication=edition)
    claims = checker.run()
    if bound_words:
        words = check_bound_text(text, stats, previous_stats, project=project, cutoff=cutoff, publication=edition,
                                 source=source, first_line=first_line, prose=prose)
        claims = merge_wording(claims, words)
    return sorted(claims, key=lambda c: (c.start, c.end))


def merge_wording(figures: list[Claim], words: list[Claim]) -> list[Claim]:
    """Figures and wording findings of one text, without judging one word twice: a typed
    "doubled" next to a bound change is judged against that change, not read as a figure too."""
    spans = [(w.start, w.end) for w in words]
    kept = [c for c in figures if not (c.kind == "multiple" and any(a <= c.start < b for a, b in spans))]
    return kept + words


def check_edition(project: Sources, edition: int, stats: dict[str, Statistic],
                  previous_stats: dict[str, Statistic] | None = None) -> list[Claim]:
    """Check every chapter of an edition (bodies and summaries) against its data cut-off: the
    figures typed by hand, and the words around the bound ones."""
    ed = project.editions[edition]
    previous = project.editions.get(ed.meta.previous) if ed.meta.previous else None
    if previous_stats is None:
        previous_stats = compute_statistics(project, previous.year).stats if previous else {}
    claims: list[Claim] = []
    for chapter in ed.chapters:
        source = display_path(chapter.path)
        figures = check_text(chapter.body, project, edition=edition, cutoff=ed.meta.data_cutoff, source=source,
                             stats=stats, first_line=chapter.body_line, bound_words=False)
        words = check_bound_words(chapter, stats, previous_stats, project=project, cutoff=ed.meta.data_cutoff,
                                  publication=edition, previous_cutoff=previous.meta.data_cutoff if previous else None,
                                  source=source)
        claims += merge_wording(figures, words)
        if chapter.meta.summary:
            raw = chapter.path.read_text(encoding="utf-8")
            pos = raw.find(chapter.meta.summary[:30])
            line = raw.count("\n", 0, pos) + 1 if pos >= 0 else 2
            claims += check_text(chapter.meta.summary, project, edition=edition, cutoff=ed.meta.data_cutoff,
                                 source=source, stats=stats, first_line=line, bound_words=False)
    return claims


class _Checker:
    """One pass over one text: keeps the paragraph context between sentences."""

    def __init__(self, project: Sources, cutoff: int | None, stats: dict[str, Statistic], prose: Prose, source: str,
                 first_line: int, publication: int | None = None):
        self.project = project
        self.stats = stats
        self.prose = prose
        self.source = source
        self.first_line = first_line
        self.vocab = vocabulary(project)
        self.calc = Calculator(project, cutoff, publication)
        self.judge = Judge(self.calc, self.vocab, stats)

    def run(self) -> list[Claim]:
        claims: list[Claim] = []
        paragraph, cues, inherited, year = -1, frozenset[str](), (), None
        for sentence in self.prose.sentences:
            if sentence.paragraph != paragraph:
                paragraph, cues, inherited, year = sentence.paragraph, frozenset(), (), None
            found, ctx_cues, quantity, last_year = self._sentence(sentence, cues, inherited, year)
            claims += found
            cues |= ctx_cues
            inherited = quantity or inherited
            year = last_year or year
        return sorted(claims, key=lambda c: c.start)

    def _sentence(self, sentence: Sentence, cues: frozenset[str], inherited: tuple[str, ...],
                  year: int | None) -> tuple[list[Claim], frozenset[str], tuple[str, ...], int | None]:
        plain = self.prose.masked[sentence.start:sentence.end]
        masked = sentence.prefix + plain
        display = sentence.prefix + sentence_text(self.prose, sentence)
        mentions = find_mentions(self.prose.masked, sentence.start, sentence.end)
        bindings = [b for b in self.prose.bindings if sentence.start <= b.start < sentence.end]
        if not [m for m in mentions if m.kind != "period"] and not bindings and not sentence.has_bound:
            mentions += self._period_without_figure(plain, sentence.start)
        ctx = sentence_context(masked, sentence.start - len(sentence.prefix), mentions, self.vocab, self.calc, cues,
                               inherited, year)
        figures = [m for m in mentions if m.kind != "period"]
        claims: list[Claim] = []
        quantity: tuple[str, ...] = ()
        for b in bindings:
            inside = [m for m in mentions if b.start <= m.start < b.end]
            typed = self.prose.original[b.start:b.end]
            m = inside[0] if inside else None
            it = interpret(m, ctx) if m else None
            j = self.judge.judge_binding(m, self.stats.get(b.stat_id), b.stat_id, typed, it.direction if it else 0)
            claims.append(self._claim(sentence, display, b.start, b.end, m.kind if m else "count",
                                      m.qualifier if m else "exact", m.value if m else float("nan"), j, stat=b.stat_id,
                                      per=m.per if m else None))
        bound_spans = [(b.start, b.end) for b in bindings]
        for m in mentions:
            if any(s <= m.start < e for s, e in bound_spans):
                continue
            if m.kind == "period" and figures:
                continue  # a duration belongs to the figure it qualifies
            it = interpret(m, ctx)
            if it is None:
                continue
            j = self._judge(m, it, display)
            claims.append(self._claim(sentence, display, m.start, m.end, it.kind, m.qualifier,
                                      m.value * (m.sign or 1), j, per=m.per))
            if it.quantities and it.strength != "generic":
                quantity = it.quantities
            elif it.strength == "generic" and j.verdict == "consistent" and j.quantity:
                quantity = (j.quantity,)  # "255,588 reports were confirmed … This reflects a 1 percent increase"
        if not figures and not quantity:
            # NOTE: a sentence that names one quantity without a figure sets the subject of the next
            # ("… the Online Enticement category. These numbers rose from 37,872 in 2020 to …")
            named = {s for q in ctx.quantities if not q.weak for s in q.series}
            if 0 < len(named) <= 3:
                quantity = tuple(sorted(named))
        points = ctx.years.points if ctx.years else ()
        return claims, ctx.cue_datasets, quantity, (max(y for _, y in points) if points else None)

    def _judge(self, m: Mention, it: Interpretation, display: str) -> Judgement:
        if it.kind == "period" and (not it.direction or not it.quantities):
            what = "a trend word" if it.quantities else "a quantity from the datasets"
            return Judgement("unsourced", None, (), f"a period without {what} to check it against", None, ())
        return self.judge.judge(m, it, display)

    def _period_without_figure(self, masked: str, offset: int) -> list[Mention]:
        """A trend over stated years with no figure ("reports fell between 2018 and 2019") is a claim too."""
        from .years import RANGE, SINCE

        if not _DIRECTION.search(_NOT_DIRECTION.sub(lambda m: " " * len(m.group(0)), masked)):
            return []
        m = RANGE.search(masked) or SINCE.search(masked)
        if not m:
            return []
        years = [int(y) for y in re.findall(r"\d{4}", m.group(0))]
        span = float(years[-1] - years[0]) if len(years) > 1 else 1.0
        return [Mention(offset + m.start(), offset + m.end(), "period", span, span, span)]

    def _claim(self, sentence: Sentence, display: str, start: int, end: int, kind: str, qualifier: str, value: float,
               j: Judgement, stat: str | None = None, per: str | None = None) -> Claim:
        top = j.readings[0] if j.readings else None
        computed_text = top.shown if top is not None and j.computed is not None and top.value == j.computed else \
            shown_value(kind, j.computed, per)
        original = self.prose.original
        return Claim(
            source=self.source, line=self.first_line + self.prose.line_of(start) - 1,
            sentence=_collapse(sentence.prefix + original[sentence.start:sentence.end]), text=_collapse(original[start:end]),
            start=start, end=end, kind=kind, qualifier=qualifier,
            value=value, quantity=j.quantity, years=j.years, verdict=j.verdict, computed=j.computed,
            readings=j.readings, message=j.message, statistic=stat, computed_text=computed_text,
            at=len(_collapse(sentence.prefix + original[sentence.start:start])),
        )


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check_file(path: Path, project: Sources, *, edition: int | None, cutoff: int | None,
               stats: dict[str, Statistic] | None = None,
               previous_stats: dict[str, Statistic] | None = None) -> list[Claim]:
    """Check a Markdown or plain-text file a reviewer hands in (YAML front matter is skipped)."""
    from ..yamlio import read_text

    return check_text(read_text(path), project, edition=edition, cutoff=cutoff, source=display_path(path),
                      stats=stats, front_matter=True, previous_stats=previous_stats)
