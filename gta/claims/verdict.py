"""Judge a figure: compute its readings, match them with the rounding and qualifier it implies.

The verdict, in order: a year after the cut-off → inconsistent; a matching reading of the
quantity the sentence names → consistent (unless the trend word disagrees, or the reading crosses
a series break the sentence does not mention → inconsistent); several quantities possible and
more than one matches → ambiguous; a published statistic whose label shares a distinctive word
with the sentence matches → consistent; the figure is a neighbouring quantity from the same
publisher → inconsistent (confusion); a named quantity that matches nothing → inconsistent with
the closest readings; no quantity, or no data for it → unsourced.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..formatting import format_number, half_up
from ..statistics import Statistic
from .extract import Mention
from .interpret import Interpretation
from .matching import NO, OPEN, YES, agrees, claim_interval, fit
from .model import Reading
from .published import attributed, edition_of, period_fits, subject_fits
from .readings import Calculator
from .vocabulary import Vocabulary

_STOP = set("""
the and for with from that this was were are has had have been its their per day days week month year years since
between over about around more than less into onto out not but all any each every one two three some almost nearly
rose rise risen rising increase increased increases growth grew fell fall fallen decline declined drop dropped
published reported report reports said says according edition number numbers total average which who what when where
they them there these those also other such our your his her than then only just well very much many most
""".split())
_MODEL_WORDS = re.compile(r"\b(?:trend|average|mean|fit|fitted|log-linear|linear)\b", re.I)
_ALT_YEARS = 15  # how far back alternative readings look
_MAX_READINGS = 5


@dataclass(frozen=True)
class Judgement:
    verdict: str
    computed: float | None
    readings: tuple[Reading, ...]
    message: str
    quantity: str | None
    years: tuple[int, ...]


class Judge:
    """Turns an interpretation into a verdict with readings, against one edition's data."""

    def __init__(self, calc: Calculator, vocab: Vocabulary, stats: dict[str, Statistic]):
        self.calc = calc
        self.vocab = vocab
        self.stats = stats
        # series whose label carries a proper noun of their own ("… with uploads in India"): breakdowns
        # by place, which a sentence names when it means them, never mere neighbours
        self._named_breakdowns = {s for cue, (_, series) in vocab.cues.items() if len(series) == 1
                                  for s in series if cue in vocab.labels.get(s, "").split()}

    # --- entry points -----------------------------------------------------------------------

    def judge(self, m: Mention, it: Interpretation, sentence: str) -> Judgement:
        cutoff = self.calc.cutoff
        limits = [self.calc.limit(q.split(".")[0]) for q in it.quantities] or [cutoff]
        limit = max((x for x in limits if x is not None), default=None)  # statements of membership run to the edition
        late = [y for y in it.explicit_years if limit is not None and y > limit]
        primary = self._primary(m, it, sentence)
        if late:
            alts = self._alternatives(m, it)
            return Judgement("inconsistent", None, self._pick([], alts), f"{late[0]} is after the edition's data "
                             f"cut-off ({limit}); the figure cannot rest on this edition's data", _q(it), tuple(late))
        if it.narrowed:
            return self._narrowed(m, it, primary)
        matching = [r for r in primary if r.matches]
        clean = [r for r in matching if not r.caveat or it.acknowledged_break]
        if clean:
            return self._consistent(m, it, clean, primary)
        if matching:
            r = matching[0]
            return Judgement("inconsistent", r.value, self._pick(matching, self._alternatives(m, it)),
                             f"the figure matches {r.description} ({r.shown}), but that crosses a {r.caveat.split(':')[0]}"
                             f" — compare years on one side of it, or say that counting changed", r.quantity, r.years)
        supported = self._statistics(m, it, sentence)
        if supported:
            s = supported[0]
            return Judgement("consistent", s.value, tuple(supported[:2]) + self._pick(primary, []),
                             f"matches the published statistic '{s.quantity}' ({s.shown})", None, s.years)
        opens = [r for r in primary if r.fit == OPEN and (not r.caveat or it.acknowledged_break)]
        if opens:
            r = min(opens, key=lambda x: _distance(m, x))
            return Judgement("unsourced", None, (r, *[x for x in primary if x is not r][:2]),
                             f"the data give {r.description} only as '{r.shown}': a bound that neither confirms nor "
                             f"rules out this figure", r.quantity, r.years)
        # NOTE: a reading far from the years the sentence gives is a coincidence, not an explanation.
        alts = [r if not r.matches or _near(r, primary) else replace(r, matches=False)
                for r in self._alternatives(m, it)]
        if it.strength in ("none",) or not primary:
            return self._unsourced(m, it, primary, alts)
        if it.strength == "generic":
            hits = [r for r in alts if r.matches]
            if len({r.quantity for r in hits}) > 1:
                return Judgement("ambiguous", None, self._pick(hits, []), "several quantities fit the figure; "
                                 "name the source and the quantity", None, _years(it))
            return self._unsourced(m, it, primary, alts, generic=True)
        best = min(primary, key=lambda r: _distance(m, r))
        if it.kind == "period":
            return Judgement("inconsistent", best.value, (best,), f"the text says '{it.direction_word}' but "
                             f"{best.description} {'rose' if best.value > 0 else 'fell'} ({best.shown})", best.quantity,
                             best.years)
        confused = self._neighbours(m, it)
        if confused:
            n = confused[0]
            return Judgement("inconsistent", best.value, (best, *confused[:2]) + self._pick([], alts)[:2],
                             f"the figure is {n.description} ({n.shown}), not {self.calc.label(best.quantity or '')} "
                             f"({best.shown}): a neighbouring quantity", best.quantity, best.years)
        if not it.period_given and it.kind in ("change", "multiple"):
            ends = {r.years[-1] for r in primary if r.years}
            windows = [r for r in alts if r.matches and r.quantity == best.quantity and r.years and r.years[-1] in ends]
            if windows:
                return Judgement("ambiguous", best.value, self._pick([best, *windows], []),
                                 f"the sentence gives no period; year on year gives {best.shown}, "
                                 f"{_span(windows[0].years)} gives {windows[0].shown}", best.quantity, best.years)
        also = self._published_values(m, it, sentence)
        msg = self._mismatch(m, it, best, alts)
        if also:
            msg += f"; the figure is the published value '{also[0].quantity}' ({also[0].shown}), not the dataset's"
        return Judgement("inconsistent", best.value, self._pick([best, *also], alts, m), msg, best.quantity, best.years)

    def _published_values(self, m: Mention, it: Interpretation, sentence: str) -> list[Reading]:
        """Given statistics that match the figure and share any word with the sentence: a conflicting source."""
        words = _words(sentence)
        out = []
        for st in self.stats.values():
            if st.given and _compatible(it.kind, st) and _words(st.label) & words:
                r = Reading(st.label, st.value, st.derivation, st.references, shown=st.text(), quantity=st.id,
                            bound=st.qualifier)
                if agrees(m, r):
                    out.append(replace(r, matches=True))
        return out

    def judge_binding(self, m: Mention | None, stat: Statistic | None, stat_id: str, typed: str,
                      direction: int = 0) -> Judgement:
        """An explicit binding: the typed text must agree with the statistic."""
        if stat is None:
            return Judgement("inconsistent", None, (), f"bound to statistic '{stat_id}', which does not exist or is "
                             "not available for this edition", None, ())
        r = Reading(stat.label, stat.value, stat.derivation, stat.references, shown=stat.text(), quantity=stat.id,
                    bound=stat.qualifier if stat.qualifier != "exact" else "exact")
        if typed.strip() == stat.text():
            return Judgement("consistent", stat.value, (replace(r, matches=True),), f"the typed text is the statistic "
                             f"as formatted ({stat.text()})", stat.id, ())
        if m is None:
            return Judgement("inconsistent", stat.value, (r,), f"no figure found in the bound text '{typed}'", stat.id, ())
        value = stat.value + 1 if m.kind == "multiple" and stat.kind in ("change", "percent") else stat.value
        r = replace(r, value=value, matches=agrees(m, replace(r, value=value)))
        sign = 1 if stat.value > 0 else -1 if stat.value < 0 else 0
        direction = _typed_direction(typed) or m.sign or direction
        if r.matches and direction and stat.kind in ("change", "trend") and sign and direction != sign:
            return Judgement("inconsistent", stat.value, (r,), f"the text says {'a rise' if direction > 0 else 'a fall'}"
                             f" but '{stat.id}' is {stat.text('change')}", stat.id, ())
        if r.matches:
            return Judgement("consistent", stat.value, (r,), f"agrees with '{stat.id}' ({stat.text()})", stat.id, ())
        return Judgement("inconsistent", stat.value, (r,), f"'{typed}' does not agree with '{stat.id}' = {stat.text()} "
                         f"(exact {exact_text(stat.value)})", stat.id, ())

    # --- readings ---------------------------------------------------------------------------

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

    def _statistics(self, m: Mention, it: Interpretation, sentence: str) -> list[Reading]:
        """Published statistics the sentence quotes: the same report, period and subject (see .published)."""
        words = _words(sentence) - self._quantity_words(it)
        datasets = frozenset(q.split(".")[0] for q in it.quantities) if it.strength in ("specific", "cued") else \
            frozenset()
        change = it.kind in ("change", "multiple") or "pct_change" in it.ops
        out = []
        for st in self.stats.values():
            if not st.given or not _compatible(it.kind, st):
                continue
            if edition_of(st) is not None:
                if not attributed(st, sentence):
                    continue
            elif not (_words(st.label) - self._quantity_words(it)) & words:
                continue
            if not period_fits(st, it.explicit_years, change) or not subject_fits(st, datasets, self.vocab):
                continue
            r = Reading(st.label, st.value, st.derivation, st.references, shown=st.text(), quantity=st.id,
                        bound=st.qualifier)
            if agrees(m, r):
                out.append(replace(r, matches=True, fit=YES))
        return out

    def _quantity_words(self, it: Interpretation) -> set[str]:
        words: set[str] = set()
        for s in it.quantities:
            words |= _words(self.calc.label(s))
            ds_id, _, name = s.partition(".")
            for alias in self.calc.project.datasets[ds_id].meta.series[name].aliases:
                words |= _words(alias)
        return words

    # --- verdicts ---------------------------------------------------------------------------

    def _consistent(self, m: Mention, it: Interpretation, clean: list[Reading], primary: list[Reading]) -> Judgement:
        r = min(clean, key=lambda x: _distance(m, x))
        if it.direction and it.kind in ("change", "multiple", "period") and r.value != 0:
            wrong = (r.value < 0) if it.direction > 0 else (r.value > 0)
            if it.kind == "multiple":
                wrong = (r.value < 1) if it.direction > 0 else (r.value > 1)
            if wrong:
                trend = "fell" if it.direction > 0 else "rose"
                return Judgement("inconsistent", r.value, (r,), f"the text says '{it.direction_word}' but "
                                 f"{r.description} {trend} ({r.shown})", r.quantity, r.years)
        if it.direction and it.kind in ("count", "rate") and r.quantity in it.trend_base:
            base, year = it.trend_base[r.quantity], r.years[0]
            t = self.calc.pct_change(r.quantity, base, year) if base < year else None
            if t is not None and (t.value > 0) != (it.direction > 0) and t.value != 0:
                return Judgement("inconsistent", r.value, (r, t), f"the text says '{it.direction_word}' but "
                                 f"{t.description} {'rose' if t.value > 0 else 'fell'} ({t.shown})", r.quantity, r.years)
            if t is not None and t.caveat and not it.acknowledged_break:
                return Judgement("inconsistent", r.value, (r, t), f"'{it.direction_word}' compares {base} with {year} "
                                 f"across a {t.caveat.split(':')[0]}; say that counting changed", r.quantity, r.years)
        base = it.trend_base.get(r.quantity or "", it.trend_base.get(r.partner or ""))
        if it.direction and it.kind == "percent" and r.partner and base is not None and r.years:
            year = r.years[0]
            t = self.calc.share(r.quantity, r.partner, base) if base < year else None
            if t is not None and t.value != r.value and (r.value > t.value) != (it.direction > 0):
                return Judgement("inconsistent", r.value, (r, t), f"the text says '{it.direction_word}' but the share "
                                 f"{'rose' if r.value > t.value else 'fell'} from {t.shown} in {base} to {r.shown} in "
                                 f"{year}", r.quantity, r.years)
        if it.strength == "generic" and len({x.quantity for x in clean}) > 1:
            return Judgement("ambiguous", r.value, tuple(clean[:_MAX_READINGS]), "several quantities fit the figure: "
                             + "; ".join(f"{x.description} ({x.shown})" for x in clean[:3]), None, r.years)
        others = [x for x in primary if x is not r]
        note = " (quantity read from the previous sentence)" if it.strength == "inherited" else \
            " (quantity inferred; name it to be sure)" if it.strength == "generic" else ""
        return Judgement("consistent", r.value, (r, *others[:2]), f"matches {r.description}: {r.shown}{note}",
                         r.quantity, r.years)

    def _unsourced(self, m: Mention, it: Interpretation, primary: list[Reading], alts: list[Reading],
                   generic: bool = False) -> Judgement:
        wanted = set(_years(it))
        # NOTE: a reading years away from the sentence's is a coincidence, not a lead
        hits = [r for r in alts if r.matches and (not wanted or set(r.years) & wanted)]
        held = [] if hits or primary else self._nearest_held(m, it)
        if it.quantities and not primary:
            years = _years(it)
            what = self.calc.label(it.quantities[0])
            msg = f"no data for {what} in {_span(years)}" if years else f"no data for {what}"
        elif generic:
            msg = "no shipped dataset or statistic gives this figure for the quantity named"
        else:
            msg = "no shipped dataset or statistic names this quantity"
        if hits:
            msg += f"; it matches {hits[0].description} ({hits[0].shown})"
        elif held:
            msg += f"; the nearest the data hold: {held[0].description}, {held[0].shown}"
        return Judgement("unsourced", None, self._pick(hits, primary) or tuple(held[:1]), msg, _q(it), _years(it))

    def _narrowed(self, m: Mention, it: Interpretation, primary: list[Reading]) -> Judgement:
        """A part of a quantity the data do not break down ("reports of grooming"): name the whole."""
        held = sorted(primary, key=lambda r: _distance(m, r))[:1] or self._nearest_held(m, it)[:1]
        msg = f"the sentence counts '{it.narrowed}', a part the data do not break down"
        if held:
            msg += f"; the data hold {held[0].description}: {held[0].shown}"
        return Judgement("unsourced", None, tuple(held), msg, _q(it), _years(it))

    def _nearest_held(self, m: Mention, it: Interpretation) -> list[Reading]:
        """What the data do hold closest to an unsettled figure: the named quantity in its nearest
        year, else the headline quantity of the publisher the sentence names."""
        wanted = _years(it)
        series = list(it.quantities[:3])
        if not series and it.cues:
            for ds in sorted(it.cues):
                own = frozenset(s for s in self.vocab.labels if s.startswith(ds + "."))
                series += sorted(self.vocab.headline(own, frozenset({ds})))[:1]
        out: list[Reading] = []
        for s in series:
            years = self.calc.years(s)
            if not years:
                continue
            target = wanted[-1] if wanted else years[-1]
            year = min(years, key=lambda y: (abs(y - target), -y))
            r = self.calc.level(s, year)
            if r is not None:
                out.append(r)
        return out

    def _mismatch(self, m: Mention, it: Interpretation, best: Reading, alts: list[Reading]) -> str:
        hits = sorted((r for r in alts if r.matches and r is not best), key=lambda r: (abs(len(r.years) - len(best.years)),
                                                                                       -r.years[-1]))
        msg = f"{best.description} gives {best.shown}"
        if hits:
            h = hits[0]
            msg += f"; {_span(h.years)} gives {h.shown}" if h.quantity == best.quantity else f"; {h.description} gives {h.shown}"
        elif it.kind in ("percent", "change") and self._percent_as_multiple(m, best):
            n = exact_text(abs(m.value) * 100)
            msg += f" — {n}% reads like the multiple ({n} times), not a percentage"
        elif it.kind in ("count", "rate") and (agrees(m, best, factor=1e3) or agrees(m, best, factor=1e-3)):
            msg += " — thousands and millions confused?"
        elif it.kind == "rate" and best.quantity and best.years:
            for per in ("day", "week", "month", "year"):
                r = self.calc.rate(best.quantity, best.years[0], per)
                if per != m.per and r is not None and agrees(m, r):
                    msg += f" — the figure is the rate per {per}, not per {m.per}"
                    break
        return msg

    def _percent_as_multiple(self, m: Mention, best: Reading) -> bool:
        """"grew 32.7%" where the data give 32.7 times: a percentage written for a multiple."""
        if len(best.years) != 2 or not best.quantity:
            return False
        fold = self.calc.fold(best.quantity, best.years[0], best.years[-1])
        return fold is not None and agrees(m, fold, factor=100)

    def _pick(self, first: list[Reading], alts: list[Reading], claim: Mention | None = None) -> tuple[Reading, ...]:
        seen = {_key(r) for r in first}
        rest = [r for r in alts if _key(r) not in seen]
        hits = sorted((r for r in rest if r.matches), key=lambda r: -r.years[-1] if r.years else 0)
        near = [] if hits else sorted(rest, key=lambda r: _plausibility(r, first, claim))
        return tuple((first + hits + near[:2])[:_MAX_READINGS])


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


def _typed_direction(text: str) -> int:
    from .interpret import _DIRECTION  # noqa: PLC0415 - shared pattern

    m = _DIRECTION.search(text)
    if not m:
        return 0
    return 1 if m.group("up") else -1


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


def _q(it: Interpretation) -> str | None:
    return it.quantities[0] if it.quantities else None


def _years(it: Interpretation) -> tuple[int, ...]:
    for cands in it.years.values():
        if cands:
            return cands[0]
    return ()


def _span(years: tuple[int, ...]) -> str:
    return "→".join(str(y) for y in years) if len(years) > 1 else (str(years[0]) if years else "")


def shown_value(kind: str, value: float | None, per: str | None = None) -> str:
    """A computed value the way prose would show it."""
    if value is None:
        return ""
    if kind in ("percent", "ratio") and abs(value) <= 1:
        return format_number(value, "percent")
    if kind in ("change", "period"):
        return format_number(value, "change")
    if kind == "multiple":
        return format_number(value, "multiple", decimals=2)
    if kind == "rate":
        return format_number(value, "rate", per=per or "day")
    return format_number(value, "words") + (f" ({format_number(value, 'full', decimals=0)})" if abs(value) >= 1e6 else "")


def exact_text(value: float) -> str:
    """A value with the decimals it needs (at most four), rounded half away from zero: "32.7", "0.2317"."""
    for decimals in range(5):
        if half_up(value, decimals) == half_up(value, 9):
            break
    return format_number(value, "full", decimals=decimals)


def _key(r: Reading) -> tuple[str, object]:
    """What makes two readings the same, blind to float noise below the ninth decimal."""
    return r.description, half_up(r.value, 9)
