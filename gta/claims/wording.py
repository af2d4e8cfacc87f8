"""The rules for words around a bound statistic (see :mod:`gta.claims.bound`).

Each rule takes one bound statistic and the masked sentence around it (Jinja and Markdown blanked,
so offsets are file offsets) and returns findings: the word it judged, where it starts, the
verdict and a message that names the statistic and the value behind it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..formatting import format_number
from ..statistics import Statistic
from .extract import _qualifier as qualifier_before
from .interpret import _BREAK_WORDS, _DIRECTION, _NOT_DIRECTION
from .model import Reading
from .readings import Calculator
from .years import CLAUSE


@dataclass(frozen=True)
class Bound:
    """A bound statistic in the prose: its Jinja span, the statistic and how it is shown."""

    start: int
    end: int
    stat: Statistic
    style: str
    shown: str
    previous: bool  # prev(): a statistic of the previous edition
    calc: Calculator | None  # the data behind it, for series checks


_SIGNED_STYLES = {"rise", "increase", "change"}  # these styles print the direction themselves
_SIZE_WORDS = {"doubled": 2.0, "doubling": 2.0, "twice": 2.0, "tripled": 3.0, "trebled": 3.0, "tripling": 3.0,
               "quadrupled": 4.0, "halved": 0.5, "halving": 0.5}
_SIZE = re.compile(r"\b(?P<q>more\s+than\s+|over\s+|nearly\s+|almost\s+|roughly\s+)?(?P<w>doubled|doubling|tripled|"
                   r"trebled|tripling|quadrupled|halved|halving)\b", re.I)
_AFTER_DIRECTION = re.compile(r"^\s*(?:(?P<up>rise|increase|growth|jump|surge|higher|up)|"
                              r"(?P<down>fall|drop|decline|decrease|lower|down))\b", re.I)
_TO_LEVEL = re.compile(rf"(?P<w>{_DIRECTION.pattern})\s+(?:to|at)\s*$", re.I)
_FROM = re.compile(r"\bfrom\s*$", re.I)
_PAIR_TO = re.compile(r"^[^;:]*?\bto\s*$", re.I)
_HIGH = re.compile(r"\b(?:the\s+)?(?:(?P<high>highest|peak|(?<!on\s)record(?!\s+low)|largest|biggest|most\s+ever|"
                   r"all-time\s+high)|(?P<low>lowest|fewest|smallest|record\s+low))\b", re.I)
_YEAR_TYPED = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d%])")
# Attribution words and the share each implies, most specific first.
_SHARES = [
    (r"almost\s+all|nearly\s+all|virtually\s+all|practically\s+all|(?:the\s+)?(?:vast|overwhelming)\s+majority|"
     r"overwhelmingly", 0.9, 1.0, "90% or more"),
    (r"(?:about|around|roughly|nearly|almost)\s+half", 0.45, 0.55, "about half"),
    (r"(?:only\s+)?a\s+minority|less\s+than\s+half|fewer\s+than\s+half", 0.0, 0.5, "less than half"),
    (r"(?:a\s+)?few|a\s+small\s+(?:share|proportion|fraction)", 0.0, 0.25, "a small share"),
    (r"mainly|mostly|largely|chiefly|predominantly|primarily|principally|more\s+than\s+half|"
     r"(?:the|a)\s+majority|majority\s+of|(?<!the\s)(?<!\w)most(?!\s+(?:ever|recent|common|likely|important|severe|"
     r"frequent|of\s+the\s+time)\b)", 0.5, 1.0, "more than half"),
]
_SHARE_WORDS = re.compile("|".join(f"(?P<s{i}>\\b(?:{p})\\b)" for i, (p, *_rest) in enumerate(_SHARES)), re.I)


@dataclass(frozen=True)
class Finding:
    """A word judged against a bound statistic."""

    bound: Bound
    start: int  # file offset where the highlighted words start (the word, or "from" of a pair)
    verdict: str
    message: str
    computed: float | None = None
    computed_text: str = ""
    readings: tuple[Reading, ...] = ()
    years: tuple[int, ...] = field(default_factory=tuple)
    end: int = 0  # file offset where the judged word ends, when it comes after the number


def _mask(text: str) -> str:
    return _NOT_DIRECTION.sub(lambda m: " " * len(m.group(0)), text)


def _clause_start(before: str) -> int:
    return max((c.end() for c in CLAUSE.finditer(before)), default=0)


def _verdict(ok: bool) -> str:
    return "consistent" if ok else "inconsistent"


# --- direction --------------------------------------------------------------------------------

def direction(b: Bound, earlier: list[Bound], before: str, after: str, sentence: str, s0: int) -> list[Finding]:
    """Trend words against a change's sign, a level's previous year, or the "from" figure."""
    st = b.stat
    if st.kind in ("change", "trend") and b.style not in _SIGNED_STYLES and st.value:
        return _change_direction(b, earlier, before, after, s0)
    if st.kind in ("count", "rate"):
        return _level_direction(b, earlier, before, sentence, s0)
    return []


def _change_direction(b: Bound, earlier: list[Bound], before: str, after: str, s0: int) -> list[Finding]:
    st = b.stat
    floor = max([_clause_start(before)] + [x.end - s0 for x in earlier])
    window = _mask(before)
    words = [m for m in _DIRECTION.finditer(window) if m.start() >= max(floor, len(window) - 60)
             and m.group(0).lower() not in _SIZE_WORDS and m.group(0).lower() not in ("more", "less", "fewer")]
    if words:
        w, start, up = words[-1].group(0), s0 + words[-1].start(), bool(words[-1].group("up"))
    elif m := _AFTER_DIRECTION.match(after):
        w, start, up = m.group(0).strip(), b.start, bool(m.group("up"))
        return [Finding(b, start, _verdict(up == (st.value > 0)), f"'{w}' agrees with '{st.id}' ({st.text('change')})"
                        if up == (st.value > 0) else f"the text says '{w}' but '{st.id}' is {st.text('change')}",
                        st.value, st.text("change"), end=b.end + m.end())]
    else:
        return []
    ok = up == (st.value > 0)
    message = (f"'{w}' agrees with '{st.id}' ({st.text('change')})" if ok else
               f"the text says '{w}' but '{st.id}' is {st.text('change')}")
    return [Finding(b, start, _verdict(ok), message, st.value, st.text("change"))]


def _level_direction(b: Bound, earlier: list[Bound], before: str, sentence: str, s0: int) -> list[Finding]:
    """"fell to {{ level }}", "rose from {{ a }} to {{ b }}": the level against what it is compared with."""
    pair = _pair_base(b, earlier, sentence, s0)
    masked = _mask(before)
    if pair is not None:
        base, word = pair
        if word is None:
            return []
        w, _word_at, up = word
        start = s0 + _FROM.search(sentence[:base.start - s0]).start()
        ok = (b.stat.value > base.stat.value) == up and b.stat.value != base.stat.value
        trend = "rose" if b.stat.value > base.stat.value else "fell"
        message = (f"'{w}' agrees: {base.shown} to {b.shown}" if ok else
                   f"the text says '{w}' but the figures {trend}: {base.shown} to {b.shown}")
        return [Finding(b, start, _verdict(ok), message, b.stat.value, b.shown)]
    m = _TO_LEVEL.search(masked)
    if not m or m.group(0).split()[0].lower() in _SIZE_WORDS or b.calc is None:
        return []
    row = _row(b)
    if row is None:
        return []
    series, year = row
    years = [y for y in b.calc.years(series) if y < year]
    if not years:
        return []
    r = b.calc.pct_change(series, years[-1], year)
    if r is None:
        return []
    w, start, up = m.group("w"), s0 + m.start("w"), bool(m.group("up"))
    if (r.value > 0) != up or r.value == 0:
        return [Finding(b, start, "inconsistent", f"the text says '{w}' but {r.description} is {r.shown}",
                        r.value, r.shown, (r,), r.years)]
    if r.caveat and not _BREAK_WORDS.search(sentence):
        return [Finding(b, start, "inconsistent", f"'{w}' compares {years[-1]} with {year} across a "
                        f"{r.caveat.split(':')[0]}; say that counting changed", r.value, r.shown, (r,), r.years)]
    return [Finding(b, start, "consistent", f"'{w}' agrees with {r.description} ({r.shown})", r.value, r.shown,
                    (r,), r.years)]


def _pair_base(b: Bound, earlier: list[Bound], sentence: str, s0: int
               ) -> tuple[Bound, tuple[str, int, bool] | None] | None:
    """In "rose from {{ a }} in 2014 to {{ b }}", the bound a and the trend word before it."""
    for a in reversed(earlier):
        if a.stat.kind not in ("count", "rate"):
            continue
        between = sentence[a.end - s0:b.start - s0]
        if not _PAIR_TO.match(between) or not _FROM.search(sentence[:a.start - s0]):
            continue
        words = [m for m in _DIRECTION.finditer(_mask(sentence[:a.start - s0]))
                 if m.group(0).lower() not in ("more", "less", "fewer")]
        if not words:
            return a, None
        m = words[-1]
        return a, (m.group(0), s0 + m.start(), bool(m.group("up")))
    return None


def _row(b: Bound) -> tuple[str, int] | None:
    rows = [i for i in b.stat.inputs if i.kind == "row"]
    if len(rows) != 1:
        return None
    series, _, year = rows[0].ref.rpartition(" ")
    return (series, int(year)) if year.isdigit() else None


# --- size -------------------------------------------------------------------------------------

def size(b: Bound, earlier: list[Bound], before: str, after: str, s0: int) -> list[Finding]:
    """"doubled", "more than tripled", "halved" against the multiple behind the bound change."""
    st = b.stat
    floor = max([_clause_start(before)] + [x.end - s0 for x in earlier])
    near = [m for m in _SIZE.finditer(before) if m.start() >= floor]
    end = min((c.start() for c in CLAUSE.finditer(after)), default=len(after))
    near_after = [m for m in _SIZE.finditer(after[:min(end, 40)])]
    if near:
        m, start, end = near[-1], s0 + near[-1].start(), 0
    elif near_after:
        m, start, end = near_after[0], b.end + near_after[0].start(), b.end + near_after[0].end()
    else:
        return []
    if st.kind in ("change", "trend"):
        factor = 1 + st.value
    elif st.kind == "multiple":
        factor = st.value
    else:
        pair = _pair_base(b, earlier, before + " " * (len(after) + 1), s0)
        if pair is None or not pair[0].stat.value:
            return []
        factor = st.value / pair[0].stat.value
    target = _SIZE_WORDS[m.group("w").lower()]
    q = (m.group("q") or "").strip().lower()
    if q in ("more than", "over"):
        lo, hi = target, float("inf")
    elif q in ("nearly", "almost"):
        lo, hi = target * 0.9, target
    else:
        lo, hi = target * 0.9, target * 1.1
    if target < 1:  # halved: the factor falls
        lo, hi = (0.0, target) if q in ("more than", "over") else (lo, hi)
    ok = lo <= factor <= hi
    shown = f"{format_number(factor, 'plain', decimals=2)} times"
    word = m.group(0).strip()
    message = (f"'{word}' agrees with '{st.id}' ({shown})" if ok else
               f"'{word}' means about {format_number(target, 'plain')} times, but '{st.id}' is {shown}")
    return [Finding(b, start, _verdict(ok), message, factor, shown, end=end)]


# --- qualifiers -------------------------------------------------------------------------------

def qualifier(b: Bound, before: str, s0: int, shown: tuple[float, str] | None) -> list[Finding]:
    """"about", "over", "almost" … right before the number against the exact value behind it."""
    st = b.stat
    if st.kind in ("year", "rank") or shown is None:
        return []
    q, qs = qualifier_before(before, len(before))
    if q == "exact" and not re.search(r"\b(?:exactly|precisely)\s*$", before, re.I):
        return []
    word = re.sub(r"\s+", " ", before[qs:]).strip()
    start = s0 + qs
    value, own = abs(st.value), shown[1]
    figure = abs(shown[0])
    exact_text = format_number(st.value, "full", decimals=_decimals(st.value))
    if own != "exact" or st.qualifier != "exact":
        return [Finding(b, start, "inconsistent", f"'{word}' before a figure that carries its own bound "
                        f"('{b.shown}'): one qualifier is enough", st.value, b.shown)]
    eps = 1e-9 * max(1.0, figure)
    full = abs(value - figure) <= (0.5 if st.kind == "count" else eps)
    checks = {  # qualifier: (does the value behind the figure satisfy it, what the words say)
        "about": (not (_exact_count(st) and full), ""),
        "more than": (value > figure + eps, "above"),
        "well over": (value > figure * 1.1, "well above"),
        "just over": (figure + eps < value <= figure * 1.05, "just above"),
        "at least": (value >= figure - eps, "at least"),
        "almost": (figure * 0.9 <= value < figure - eps, "just below"),
        "just under": (figure * 0.95 <= value < figure - eps, "just below"),
        "less than": (value < figure - eps, "below"),
        "at most": (value <= figure + eps, "at most"),
        "exact": (full, "exactly"),
    }
    ok, says = checks.get(q, (True, ""))
    if ok:
        message = f"'{word}' agrees with the value behind {b.shown} ({exact_text})"
    elif q == "about":
        message = f"'{word}' before an exact count ({b.shown}): give the number without '{word}', or round it"
    elif q == "exact":
        message = f"'{word}' before a rounded figure ({b.shown}): the value is {exact_text}"
    else:
        message = f"'{word} {b.shown}' puts the value {says} {b.shown}, but it is {exact_text}"
    return [Finding(b, start, _verdict(ok), message, st.value, exact_text)]


def _exact_count(st: Statistic) -> bool:
    """A count of things taken from a dataset row; not an average, a rate or a published round figure."""
    return st.kind == "count" and not st.given and " per " not in f" {st.unit} " and bool(st.inputs)


def _decimals(value: float) -> int:
    return 0 if value == int(value) else 1 if abs(value) >= 100 else 4


# --- extremes ---------------------------------------------------------------------------------

def extreme(b: Bound, others: list[Bound], sentence: str, s0: int) -> list[Finding]:
    """"the highest", "peak", "lowest" against the series of the nearest bound level."""
    out = []
    for m in _HIGH.finditer(sentence):
        pos = s0 + m.start()
        candidates = [x for x in [b, *others] if _extreme_target(x)]
        if not candidates or min(candidates, key=lambda x: abs(x.start - pos)) is not b:
            continue
        high = bool(m.group("high"))
        word = m.group(0).strip()
        if b.stat.kind == "year":
            typed = [int(y.group(0)) for y in _YEAR_TYPED.finditer(sentence)]
            if not typed or not high:
                continue
            year = min(typed, key=lambda y: abs(sentence.find(str(y)) - m.start()))
            ok = year == int(b.stat.value)
            out.append(Finding(b, pos, _verdict(ok), f"'{word}' year {year} agrees with '{b.stat.id}'" if ok else
                               f"the text names {year} as the {word}, but '{b.stat.id}' is {b.shown}",
                               b.stat.value, b.shown, end=s0 + m.end()))
            continue
        row = _row(b)
        if row is None or b.calc is None:
            continue
        series, year = row
        levels = [r for y in b.calc.years(series) if (r := b.calc.level(series, y)) is not None]
        if len(levels) < 2:
            continue
        best = (max if high else min)(levels, key=lambda r: (r.value, -r.years[0]))
        ok = best.years[0] == year
        message = (f"'{word}': {year} is the {'highest' if high else 'lowest'} year of {best.description.rsplit(',', 1)[0]}"
                   if ok else f"the text says '{word}' but {best.description} is {'higher' if high else 'lower'} "
                              f"({best.shown} against {b.shown} in {year})")
        out.append(Finding(b, pos, _verdict(ok), message, best.value, best.shown, (best,), (best.years[0],),
                           end=s0 + m.end()))
    return out


def _extreme_target(b: Bound) -> bool:
    return (b.stat.kind == "count" and _row(b) is not None) or (b.stat.kind == "year" and "peak_value" in b.stat.extra)


# --- attribution ------------------------------------------------------------------------------

def attribution(b: Bound, others: list[Bound], sentence: str, s0: int) -> list[Finding]:
    """"mainly", "most", "almost all" against the nearest bound share in the same sentence."""
    if b.stat.kind != "share":
        return []
    shares = [x for x in [b, *others] if x.stat.kind == "share"]
    out = []
    for m in _SHARE_WORDS.finditer(sentence):
        if min(shares, key=lambda x: abs(x.start - s0 - m.start())) is not b:
            continue
        i = next(int(k[1:]) for k, v in m.groupdict().items() if v)
        _pattern, lo, hi, meaning = _SHARES[i]
        v = b.stat.value
        ok = lo <= v <= hi and not (lo == 0.5 and v == 0.5)
        word = re.sub(r"\s+", " ", m.group(0))
        message = (f"'{word}' agrees with '{b.stat.id}' ({b.shown})" if ok else
                   f"'{word}' implies {meaning}, but '{b.stat.id}' is {b.shown}")
        out.append(Finding(b, s0 + m.start(), _verdict(ok), message, v, b.shown, end=s0 + m.end()))
    return out
