"""When may a sentence rest on a statistic an earlier edition published ("GTA 2023: 87% since 2019")?

Given statistics record what a report *said*, often on its authors' own base. A sentence that
quotes one is right even where the datasets give another value, but only if it quotes it: the
same report, the same period and the same subject. Sharing a word ("volume") is not enough —
"reports rose 87% between 2020 and 2023" applies GTA 2023's figure to another period and is
checked against the data like any other sentence.

The rules, in order:

* the sentence attributes the figure: it names the edition the statistic comes from ("GTA
  2023", "the 2023 edition", "the 2023 Global Threat Assessment", or "the Global Threat
  Assessment" without a year); a statistic that no edition published (a value from another
  report's body text) needs a distinctive word of its label instead;
* the sentence's own years fit the statistic's period: a start year equal to its "since" year,
  an end year no later than its publication, or the single year it describes;
* the subject fits: when both name a publisher, the publishers are the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..statistics import Statistic
from .extract import Mention
from .matching import YES, agrees
from .model import Reading
from .vocabulary import Vocabulary
from .years import EDITION, RANGE, SINCE, YEAR

if TYPE_CHECKING:
    from .interpret import Interpretation
    from .readings import Calculator

_GTA_LABEL = re.compile(r"^\s*GTA\s*(?P<y>(?:19|20)\d\d)\b")
_BARE_GTA = re.compile(r"\b(?:GTA|Global\s+Threat\s+Assessments?)\b(?!\s*(?:19|20)?\d\d)", re.I)
_IN_YEAR = re.compile(rf"\b(?:in|for|of|during)\s+(?P<y>{YEAR})\b", re.I)


@dataclass(frozen=True)
class Period:
    """The years a published statistic speaks of."""

    start: int | None = None  # "since 2019" or the first year of a range
    end: int | None = None  # the last year of a range
    points: frozenset[int] = frozenset()  # the year a level describes
    published: int | None = None  # the statistic's as_of: nothing later can be its period


def edition_of(st: Statistic) -> int | None:
    """The edition that published a given statistic, from its label ("GTA 2023: …")."""
    m = _GTA_LABEL.match(st.label)
    return int(m.group("y")) if m else None


def period_of(st: Statistic) -> Period:
    label = EDITION.sub(" ", st.label)
    published = int(st.as_of[:4]) if st.as_of[:4].isdigit() else None
    if m := RANGE.search(label):
        a = int(m.group("a") or m.group("c"))
        raw = m.group("b") or m.group("d") or m.group("e")
        return Period(a, int(raw) if len(raw) == 4 else int(str(a)[:2] + raw), published=published)
    if m := SINCE.search(label):
        return Period(int(m.group("y")), None, published=published)
    if m := _IN_YEAR.search(label):
        return Period(points=frozenset({int(m.group("y"))}), published=published)
    return Period(points=frozenset({published - 1, published}) if published else frozenset(), published=published)


def named_editions(sentence: str) -> set[int]:
    """Edition years a sentence names; 0 stands for "the Global Threat Assessment" without a year."""
    years = set()
    for m in EDITION.finditer(sentence):
        digits = re.findall(r"\d+", m.group(0))
        if digits:
            y = int(digits[0])
            years.add(y if y > 99 else 2000 + y)
    if _BARE_GTA.search(EDITION.sub(" ", sentence)):
        years.add(0)
    return years


def attributed(st: Statistic, sentence: str) -> bool:
    """Does the sentence name the edition that published ``st``?"""
    edition = edition_of(st)
    named = named_editions(sentence)
    if edition is None:
        return False
    return edition in named or named == {0}


def period_fits(st: Statistic, years: tuple[int, ...], change: bool) -> bool:
    """Do the years the sentence states for the figure fit the statistic's period?"""
    if not years:
        return True
    p = period_of(st)
    if p.published is not None and max(years) > p.published:
        return False
    if change:
        if p.start is None:
            return not p.points or set(years) <= set(p.points)
        if years[0] != p.start:
            return False
        if len(years) > 1:
            end = years[-1]
            return end == p.end if p.end is not None else end >= p.start
        return True
    if p.points:
        return set(years) <= set(p.points)
    return p.start is not None and p.end is not None and set(years) <= {p.start, p.end}


def subject_fits(st: Statistic, datasets: frozenset[str], vocab: Vocabulary) -> bool:
    """When the sentence names a publisher's quantity, the statistic must come from that publisher."""
    if not datasets:
        return True
    # NOTE: the id is searched in capitals too, so "gta2021_iwf_…" names the IWF.
    own = {d for c in vocab.cue_matches(f"{st.label} {st.note} {st.id.replace('_', ' ').upper()}") for d in c.datasets}
    if not own:
        return True
    publishers = {vocab.publisher[d] for d in own}
    return any(vocab.publisher[d] in publishers for d in datasets)


_STOP = set("""
the and for with from that this was were are has had have been its their per day days week month year years since
between over about around more than less into onto out not but all any each every one two three some almost nearly
rose rise risen rising increase increased increases growth grew fell fall fallen decline declined drop dropped
published reported report reports said says according edition number numbers total average which who what when where
they them there these those also other such our your his her than then only just well very much many most
""".split())


def quoted(m: Mention, it: Interpretation, sentence: str, stats: dict[str, Statistic], calc: Calculator,
           vocab: Vocabulary) -> list[Reading]:
    """Published statistics the sentence quotes: the same report, period and subject (the rules above)."""
    own = _quantity_words(it, calc)
    words = _words(sentence) - own
    datasets = frozenset(q.split(".")[0] for q in it.quantities) if it.strength in ("specific", "cued") else \
        frozenset()
    change = it.kind in ("change", "multiple") or "pct_change" in it.ops
    out = []
    for st in stats.values():
        if not st.given or not _compatible(it.kind, st):
            continue
        if edition_of(st) is not None:
            if not attributed(st, sentence):
                continue
        elif not (_words(st.label) - own) & words:
            continue
        if not period_fits(st, it.explicit_years, change) or not subject_fits(st, datasets, vocab):
            continue
        r = Reading(st.label, st.value, st.derivation, st.references, shown=st.text(), quantity=st.id,
                    bound=st.qualifier)
        if agrees(m, r):
            out.append(replace(r, matches=True, fit=YES))
    return out


def same_value(m: Mention, it: Interpretation, sentence: str, stats: dict[str, Statistic]) -> list[Reading]:
    """Given statistics that match the figure and share any word with the sentence: a conflicting
    source worth naming next to an inconsistent verdict ("… the published value, not the dataset's")."""
    words = _words(sentence)
    out = []
    for st in stats.values():
        if st.given and _compatible(it.kind, st) and _words(st.label) & words:
            r = Reading(st.label, st.value, st.derivation, st.references, shown=st.text(), quantity=st.id,
                        bound=st.qualifier)
            if agrees(m, r):
                out.append(replace(r, matches=True))
    return out


def _quantity_words(it: Interpretation, calc: Calculator) -> set[str]:
    words: set[str] = set()
    for s in it.quantities:
        words |= _words(calc.label(s))
        ds_id, _, name = s.partition(".")
        for alias in calc.project.datasets[ds_id].meta.series[name].aliases:
            words |= _words(alias)
    return words


def _compatible(kind: str, st: Statistic) -> bool:
    if kind in ("percent", "change"):
        return st.kind in ("percent", "change", "share", "trend")
    if kind == "rate":
        return st.kind in ("rate", "count")
    if kind == "count":
        return st.kind == "count" and "per" not in st.unit.split()
    if kind == "multiple":
        return st.kind in ("multiple", "ratio")
    if kind == "ratio":
        return st.kind in ("share", "percent", "ratio")
    return False


_EDITION = re.compile(r"\b(?:GTA|Global\s+Threat\s+Assessment)\s*(?:19|20)\d\d\b|"
                      r"\b(?:19|20)\d\d\s+(?:edition|Global\s+Threat\s+Assessment|assessment|GTA)\b", re.I)


def _words(text: str) -> set[str]:
    """Content words; any way of naming a GTA edition ("GTA 2023", "the 2023 edition") becomes "gta"."""
    text = _EDITION.sub(" gta ", text)
    return {w for w in re.findall(r"[a-z][a-z-]{2,}", text.lower()) if w not in _STOP}
