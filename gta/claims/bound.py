"""Check the words around bound statistics: the number is right by construction, its words may not be.

A chapter writes ``reports fell by {{ stat("ncmec_change_2022_2023", style="percent") }}`` and
the number is whatever the data say; but "fell" is typed by hand, and so are "about", "over",
"doubled", "the highest" and "mainly". This module reads the words next to each ``{{ stat(…) }}``
and ``{{ prev(…) }}`` call and checks them against the statistic (and, through its input rows,
against its series):

* direction — "rose", "fell", "grew" before a change against its sign; "fell to" before a level
  against the year before (or the "from" figure), and whether that comparison crosses a series
  break the sentence does not mention; "rose from A to B" against the two figures;
* size — "doubled", "more than doubled", "tripled", "halved" against the multiple the change,
  fold or pair of levels implies;
* qualifiers — "about", "over", "almost", "nearly", "less than", "exactly" against the exact value
  behind the number as shown: no "about" before an exact count shown in full, "over 291,273" only
  if the value exceeds what is shown, no second bound before a figure that carries its own ("about
  350+");
* extremes — "peak", "highest", "record", "lowest" against the series of a bound level, and a
  typed year next to a bound peak year against it;
* attribution — "mainly", "most", "almost all", "a minority", "about half" against a bound share
  in the same sentence.

Each check that applies becomes a :class:`~gta.claims.model.Claim` of kind ``wording`` with the
file line of its word, consistent or inconsistent, so ``gta check`` reports it with the figures.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import display_path
from ..statistics import Statistic
from .extract import find_mentions
from .model import Claim, Reading
from .readings import Calculator
from .text import Prose, Sentence, read_prose
from .wording import Bound, Finding, attribution, direction, extreme, qualifier, size

_CALL = re.compile(r"^\{\{-?\s*(?P<fn>stat|prev)\(\s*[\"'](?P<id>[a-z0-9][a-z0-9_-]*)[\"'](?P<rest>[^)]*)\)\s*-?\}\}$")
_STYLE = re.compile(r"style\s*=\s*[\"'](?P<style>\w+)[\"']")


def check_bound_words(chapter: Any, stats: dict[str, Statistic], previous_stats: dict[str, Statistic] | None = None,
                      *, project: Any = None, cutoff: int | None = None, publication: int | None = None,
                      previous_cutoff: int | None = None, source: str | None = None) -> list[Claim]:
    """Check the words around every bound statistic of a chapter (anything with ``.path``,
    ``.body`` and ``.body_line``). ``project`` gives the series behind the statistics, for the
    checks that need them (a level's previous year, the highest year); without it those are skipped.
    """
    return check_bound_text(chapter.body, stats, previous_stats, project=project, cutoff=cutoff,
                            publication=publication, previous_cutoff=previous_cutoff,
                            source=source or display_path(chapter.path), first_line=chapter.body_line)


def check_bound_text(text: str, stats: dict[str, Statistic], previous_stats: dict[str, Statistic] | None = None,
                     *, project: Any = None, cutoff: int | None = None, publication: int | None = None,
                     previous_cutoff: int | None = None, source: str = "<text>", first_line: int = 1,
                     prose: Prose | None = None) -> list[Claim]:
    """The same check on Markdown text; ``first_line`` is the file line of the text's first line."""
    prose = prose or read_prose(text)
    calc = Calculator(project, cutoff, publication) if project is not None else None
    prev_calc = Calculator(project, previous_cutoff) if project is not None and previous_cutoff else None
    claims: list[Claim] = []
    for sentence in prose.sentences:
        bounds = _bounds(prose, sentence, stats, previous_stats or {}, calc, prev_calc)
        if not bounds:
            continue
        view = _View(prose, sentence, bounds)
        for finding in _findings(view, bounds):
            claims.append(_claim(view, finding, source, first_line))
    return sorted(claims, key=lambda c: (c.start, c.end))


def _bounds(prose: Prose, sentence: Sentence, stats: dict[str, Statistic], previous: dict[str, Statistic],
            calc: Calculator | None, prev_calc: Calculator | None) -> list[Bound]:
    out = []
    for start, end, expr in prose.jinja:
        if not sentence.start <= start < sentence.end:
            continue
        m = _CALL.match(expr.strip())
        if not m:
            continue
        is_prev = m.group("fn") == "prev"
        stat = (previous if is_prev else stats).get(m.group("id"))
        if stat is None:
            continue  # an unknown name is the chapter loader's error, reported there
        style_m = _STYLE.search(m.group("rest"))
        style = style_m.group("style") if style_m else stat.style
        try:
            shown = stat.text(style)
        except ValueError:
            continue
        out.append(Bound(start, end, stat, style, shown, is_prev, prev_calc if is_prev else calc))
    return out


class _View:
    """One sentence as the checker and the reader see it: masked text, and the text with numbers in."""

    def __init__(self, prose: Prose, sentence: Sentence, bounds: list[Bound]):
        self.prose = prose
        self.sentence = sentence
        self.masked = prose.masked
        self._jinja = sorted((s, e) for s, e, _ in prose.jinja if sentence.start <= s < sentence.end)
        self._shown = {(b.start, b.end): b.shown for b in bounds}
        self.display = self._render(sentence.end).strip()

    def _render(self, until: int) -> str:
        """The sentence up to ``until`` as a reader sees it: bound numbers in, other calls as "…"."""
        parts, pos = [], self.sentence.start
        for s, e in self._jinja:
            if s >= until:
                break
            parts.append(self.prose.original[pos:s])
            parts.append(self._shown.get((s, e), "…"))
            pos = e
        parts.append(self.prose.original[pos:max(pos, until)])
        return re.sub(r"\s+", " ", "".join(parts))

    def at(self, offset: int) -> int:
        """Where an offset of the file (outside Jinja spans) falls in :attr:`display`."""
        return len(self._render(offset).lstrip())

    def line(self, offset: int) -> int:
        return self.prose.line_of(offset)


def _findings(view: _View, bounds: list[Bound]) -> list[Finding]:
    found: list[Finding] = []
    sentence = view.sentence
    for i, b in enumerate(bounds):
        before = view.masked[sentence.start:b.start]
        after = view.masked[b.end:sentence.end]
        others = [x for x in bounds if x is not b]
        found += direction(b, bounds[:i], before, after, view.masked[sentence.start:sentence.end], sentence.start)
        found += size(b, bounds[:i], before, after, sentence.start)
        found += qualifier(b, before, sentence.start, _shown_value(b))
        found += extreme(b, others, view.masked[sentence.start:sentence.end], sentence.start)
        found += attribution(b, others, view.masked[sentence.start:sentence.end], sentence.start)
    unique: dict[tuple[int, str], Finding] = {}
    for f in found:
        unique.setdefault((f.start, f.bound.stat.id), f)
    return list(unique.values())


def _shown_value(b: Bound) -> tuple[float, str] | None:
    """The number a reader sees and its own qualifier: "36.2 million" → (36,200,000, "exact")."""
    mentions = find_mentions(b.shown, 0, len(b.shown))
    if not mentions:
        return None
    m = mentions[0]
    return m.value * (m.sign or 1), m.qualifier


def _claim(view: _View, f: Finding, source: str, first_line: int) -> Claim:
    st = f.bound.stat
    first = min(f.start, f.bound.start)
    start = view.at(first)
    end = max(view.at(f.bound.start) + len(f.bound.shown), view.at(f.end) if f.end else 0)
    if view.display[start:end].count("(") > view.display[start:end].count(")") and view.display[end:end + 1] == ")":
        end += 1  # "the peak year (2023)": close the parenthesis the highlight opened
    text = view.display[start:end].strip()
    reading = Reading(st.label, st.value, st.derivation, st.references, shown=st.text(), quantity=st.id,
                      matches=f.verdict == "consistent")
    return Claim(
        source=source, line=first_line + view.line(first) - 1, sentence=view.display, text=text,
        start=first, end=max(f.bound.end, f.end), kind="wording", qualifier="exact", value=st.value, quantity=st.id,
        years=f.years, verdict=f.verdict, computed=f.computed, readings=(reading, *f.readings),
        message=f.message, statistic=st.id, computed_text=f.computed_text, at=start,
    )
