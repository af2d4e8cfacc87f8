"""Judge a figure: compute its readings, match them with the rounding and qualifier it implies.

The verdict, in order: a year after the cut-off → inconsistent; a part of a quantity the data do
not break down → unsourced; a reading of the quantity the sentence names that every value the
data allow fits → consistent (unless the trend word disagrees, or the reading crosses a series
break the sentence does not mention → inconsistent); several quantities possible and more than
one matches → ambiguous; a published statistic the sentence quotes (its edition, period and
subject, see :mod:`.published`) → consistent; a data bound that neither confirms nor rules out
the figure → unsourced; the figure is a neighbouring quantity from the same publisher →
inconsistent (confusion); a named quantity that matches nothing → inconsistent with the closest
readings; no quantity, or no data for it → unsourced, naming the nearest the data hold.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..formatting import format_number, half_up
from ..statistics import Statistic
from .candidates import Readings, _distance, _key, _near, _plausibility
from .extract import Mention
from .interpret import Interpretation
from .matching import OPEN, agrees
from .model import Reading
from .published import quoted, same_value

_MAX_READINGS = 5


@dataclass(frozen=True)
class Judgement:
    verdict: str
    computed: float | None
    readings: tuple[Reading, ...]
    message: str
    quantity: str | None
    years: tuple[int, ...]


class Judge(Readings):
    """Turns an interpretation into a verdict with readings, against one edition's data."""

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
        supported = quoted(m, it, sentence, self.stats, self.calc, self.vocab)
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
        also = same_value(m, it, sentence, self.stats)
        msg = self._mismatch(m, it, best, alts)
        if also:
            msg += f"; the figure is the published value '{also[0].quantity}' ({also[0].shown}), not the dataset's"
        return Judgement("inconsistent", best.value, self._pick([best, *also], alts, m), msg, best.quantity, best.years)


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


def _typed_direction(text: str) -> int:
    from .interpret import _DIRECTION  # noqa: PLC0415 - shared pattern

    m = _DIRECTION.search(text)
    if not m:
        return 0
    return 1 if m.group("up") else -1


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


