"""The readings that could stand behind a figure: the sentence's own, other years, neighbours.

:class:`Readings` computes, for one interpretation of a figure, the readings of the quantity,
years and operation the sentence gives (primary), of other years and operations of the same
quantities (alternatives, offered when the primary ones do not fit) and of neighbouring
quantities prose could mean by the same words (neighbours, which explain a confusion). Each
reading carries its fit to the claim (see :mod:`gta.claims.matching`).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..formatting import half_up
from ..statistics import Statistic
from .extract import Mention
from .interpret import Interpretation
from .matching import NO, YES, claim_interval, fit
from .model import Reading
from .readings import Calculator
from .vocabulary import Vocabulary

_MODEL_WORDS = re.compile(r"\b(?:trend|average|mean|fit|fitted|log-linear|linear)\b", re.I)
_ALT_YEARS = 15  # how far back alternative readings look


class Readings:
    """Readings of interpretations against one edition's data (the base of :class:`~.verdict.Judge`)."""

    def __init__(self, calc: Calculator, vocab: Vocabulary, stats: dict[str, Statistic]):
        self.calc = calc
        self.vocab = vocab
        self.stats = stats
        # series whose label carries a proper noun of their own ("… with uploads in India"): breakdowns
        # by place, which a sentence names when it means them, never mere neighbours
        self._named_breakdowns = {s for cue, (_, series) in vocab.cues.items() if len(series) == 1
                                  for s in series if cue in vocab.labels.get(s, "").split()}

    def _primary(self, m: Mention, it: Interpretation, sentence: str) -> list[Reading]:
        out: list[Reading] = []
        for s in it.quantities[:8]:
            for years in it.years.get(s, ()):
                for op in it.ops:
                    out.extend(self._compute(op, s, years, it, m))
        if _MODEL_WORDS.search(sentence):
            out.extend(self._derived(m, it))
        fitted = [replace(r, fit=self._fit(m, it, r)) for r in _dedupe(out)]
        return [replace(r, matches=r.fit == YES) for r in fitted]

    def _fit(self, m: Mention, it: Interpretation, r: Reading) -> str:
        if it.kind == "period":
            return YES if bool(it.direction) and (r.value > 0) == (it.direction > 0) and r.value != 0 else NO
        return fit(m, r)

    def _agrees(self, m: Mention, it: Interpretation, r: Reading) -> bool:
        return self._fit(m, it, r) == YES

    def _compute(self, op: str, s: str, years: tuple[int, ...], it: Interpretation, m: Mention) -> list[Reading]:
        c = self.calc
        if len(years) == 1:
            y = years[0]
            if op == "level":
                return _some(c.level(s, y))
            if op == "rate":
                return _some(c.rate(s, y, m.per or "day"))
            if op == "share":
                parts = [c.share(p, s, y) for p in it.partners]
                return _some(*parts) if it.whole else _some(*parts, *[c.share(s, p, y) for p in it.partners])
            if op == "ratio":
                return _some(*[c.share(s, p, y, as_ratio=True) for p in it.partners])
            return []
        a, b = years[0], years[-1]
        if op in ("pct_change", "direction"):
            return _some(c.pct_change(s, a, b))
        if op == "change":
            return _some(c.change(s, a, b))
        if op == "fold":
            return _some(c.fold(s, a, b))
        if op == "cagr":
            return _some(c.cagr(s, a, b))
        if op == "total":
            return _some(c.total(s, a, b))
        if op == "share_change":
            return _some(*[c.share_change(s, p, a, b) for p in it.partners], *[c.share_change(p, s, a, b) for p in it.partners])
        return []

    def _derived(self, m: Mention, it: Interpretation) -> list[Reading]:
        """Statistics the engine computes that the checker does not (trends, rolling means)."""
        out = []
        for st in self.stats.values():
            if st.given or not st.inputs or st.kind not in ("trend", "count") or st.series:
                continue
            if st.kind == "count" and "mean" not in st.derivation:
                continue
            inputs = {i.ref.split(" ")[0] for i in st.inputs if i.kind == "row"}
            if not inputs & set(it.quantities):
                continue
            if (st.kind == "trend") != (it.kind in ("change", "percent")):
                continue
            years = tuple(sorted({int(i.ref.split(" ")[1]) for i in st.inputs if i.kind == "row"}))
            if it.explicit_years and not set(it.explicit_years) <= set(range(years[0], years[-1] + 1)):
                continue
            out.append(Reading(st.label, st.value, st.derivation, st.references, shown=st.text(), quantity=st.id,
                               years=(years[0], years[-1])))
        return out

    def _alternatives(self, m: Mention, it: Interpretation) -> list[Reading]:
        """Other readings of the same quantities: other years, other operations, other units."""
        c = self.calc
        out: list[Reading] = []
        for s in it.quantities[:8]:
            years = c.years(s)
            recent = [y for y in years if not years or y > years[-1] - _ALT_YEARS]
            if it.kind in ("count", "rate"):
                for y in recent:
                    out.extend(_some(c.level(s, y)))
                    if it.kind == "rate":
                        out.extend(_some(*[c.rate(s, y, per) for per in ("day", "week", "month")]))
            elif it.kind in ("percent", "ratio") and it.partners:
                for y in recent:
                    out.extend(_some(*[c.share(s, p, y) for p in it.partners], *[c.share(p, s, y) for p in it.partners]))
            if it.kind in ("change", "multiple", "percent", "period"):
                for i, a in enumerate(recent):
                    for b in recent[i + 1:]:
                        if it.kind == "multiple":
                            out.extend(_some(c.fold(s, a, b)))
                        else:
                            out.extend(_some(c.pct_change(s, a, b)))
                            if b - a >= 2 and "cagr" in it.ops:
                                out.extend(_some(c.cagr(s, a, b)))
        return [replace(r, matches=self._agrees(m, it, r) and not r.caveat) for r in _dedupe(out)]

    def _neighbours(self, m: Mention, it: Interpretation) -> list[Reading]:
        """Readings of the same operation and years on a neighbouring series (same publisher).

        For a share the mix-up can be in either part ("reports from the public made up 99%"), so
        each partner is swapped for its neighbours too. A neighbour counts only if prose could mean
        it by the same words: the same unit (assessed and confirmed reports, images and videos), or
        a pair a declared statistic relates (files and reports); a figure about reports a day that
        happens to equal videos a day is a coincidence, not a confusion.
        """
        if it.strength not in ("specific", "cued", "inherited") or not it.quantities:
            return []
        if math.isinf(claim_interval(m)[1]):
            return []  # "more than doubled" fits any larger multiple: a neighbour that fits explains nothing
        mine = set(it.quantities) | set(it.partners)
        variants: list[Interpretation] = []
        for s in it.quantities[:3]:
            years = it.years.get(s, ())
            for n in self.vocab.neighbours(s):
                if n not in mine and self._confusable(s, n):
                    variants.append(replace(it, quantities=(n,), years={n: years}))
            for p in it.partners[:3]:
                for n in self.vocab.neighbours(p):
                    if n not in mine and self._confusable(p, n):
                        variants.append(replace(it, quantities=(s,), years={s: years},
                                                partners=tuple(x for x in it.partners if x != p) + (n,)))
        found = []
        for v in variants:
            for q in v.quantities:
                for years in v.years[q]:
                    for op in it.ops:
                        found += [replace(r, matches=True) for r in self._compute(op, q, years, v, m)
                                  if self._agrees(m, it, r)]
        return _dedupe(found)

    def _confusable(self, s: str, n: str) -> bool:
        if n in self._named_breakdowns:
            return False  # "reports with uploads in India": a sentence that means it names India
        unit = self.vocab.series_unit
        if unit[s].split()[0].rstrip("s") == unit[n].split()[0].rstrip("s"):
            return True
        # "Incidents represented by 2024 CyberTipline reports": a quantity defined by the other
        if unit[s].split()[0] in self.vocab.labels[n].lower().split() or \
                unit[n].split()[0] in self.vocab.labels[s].lower().split():
            return True
        return any({spec.series, spec.denominator} == {s, n} for spec in self.calc.project.statistics.values())


def _near(r: Reading, primary: list[Reading]) -> bool:
    """A reading that shares a year with the sentence's reading, or is within two years of it."""
    spans = [p.years for p in primary if p.years]
    if not spans or not r.years:
        return True
    return any(set(r.years) & set(p) or (len(p) == len(r.years) and
                                          all(abs(a - b) <= 2 for a, b in zip(p, r.years, strict=True)))
               for p in spans)


def _plausibility(r: Reading, first: list[Reading], claim: Mention | None) -> float:
    """Near misses first: close in value, and sharing a year with the reading the sentence gave."""
    shared = bool(first and set(r.years) & set(first[0].years))
    return (_distance(claim, r) if claim else 0.0) + (0 if shared else 0.5)


def _some(*readings: Reading | None) -> list[Reading]:
    return [r for r in readings if r is not None]


def _dedupe(readings: list[Reading]) -> list[Reading]:
    seen: set[tuple[str, float]] = set()
    out = []
    for r in readings:
        key = _key(r)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _distance(m: Mention, r: Reading) -> float:
    v = abs(m.value) or 1e-12
    return abs(abs(r.value) - v) / v if not math.isinf(v) else 0.0


def _key(r: Reading) -> tuple[str, object]:
    """What makes two readings the same, blind to float noise below the ninth decimal."""
    return r.description, half_up(r.value, 9)
