"""Which years a figure is about: ranges, "since", base years, durations and single years.

A change needs two years: a range ("from 2019 to 2023", "2019–2023", "between … and …"),
"since 2019" (to the latest year within the cut-off, and to the last year before a series break),
a base ("than in 2022", "on 2022") with the sentence's year, or a duration ("over two years")
ending at the sentence's year or the latest year. A level needs one: the nearest year not
separated from the figure by another figure, "the year before", a year that opens the sentence,
or the previous sentence's year; with none, the latest year within the cut-off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .extract import YEAR, Mention
from .readings import Calculator
from .vocabulary import Match, Vocabulary

CLAUSE = re.compile(r"[;:]|,\s+(?:while|whereas|but|and|against)\b|\s(?:while|whereas)\s|\s—\s")
_YOY = re.compile(r"\byear[\s-]+(?:on|over)[\s-]+year\b|\b(?:on|from|than|compared\s+(?:with|to))\s+the\s+(?:previous|"
                  r"prior|preceding)\s+year\b|\bthan\s+the\s+year\s+before\b|\b(?:from\s+)?a\s+year\s+(?:earlier|before)\b",
                  re.I)
_YEAR_BEFORE = re.compile(r"^\s*(?:in\s+)?(?:the\s+(?:year\s+before|previous\s+year|prior\s+year|preceding\s+year)|"
                          r"a\s+year\s+(?:earlier|before))\b", re.I)
RANGE = re.compile(rf"\b(?:from|between)\s+(?:the\s+(?:end\s+of\s+)?)?(?P<a>{YEAR})\s+(?:to|and|until|through|till)\s+"
                    rf"(?P<b>{YEAR})\b|(?P<c>{YEAR})\s*(?:(?:to|through)\s*(?P<d>{YEAR})|[–—/-]\s*(?P<e>{YEAR}|\d\d))\b", re.I)
SINCE = re.compile(rf"\b(?:since|from)\s+(?:the\s+(?:end|start)\s+of\s+)?(?P<y>{YEAR})\b", re.I)
_BASE = re.compile(rf"\b(?:than(?:\s+in)?|on|over|compared\s+(?:with|to)(?:\s+in)?|relative\s+to|against|versus|vs\.?)"
                   rf"\s+(?P<y>{YEAR})\b(?!\s*(?:[–—-]|to)\s*{YEAR})", re.I)
_BY = re.compile(rf"\bby\s+(?P<y>{YEAR})\b", re.I)
_POINT = re.compile(rf"(?<![\d.,])(?<!\ba\s)(?<!\ban\s){YEAR}(?![\d%]|,\d{{3}})")  # not "a 2016 merger"
# A year that names a report ("GTA 2023", "the 2023 edition", "GTA23") is not a year of data.
EDITION = re.compile(r"\b(?:GTA|Global\s+Threat\s+Assessment)\s*(?:19|20)?\d\d\b|"
                     r"\b(?:19|20)\d\d\s+(?:(?:WeProtect|WePROTECT)(?:\s+Global\s+Alliance)?(?:['’]s)?\s+)?"
                     r"(?:edition|Global\s+Threat\s+Assessment|assessment|GTA)\b", re.I)


def mask_editions(text: str) -> str:
    """``text`` with the digits of edition names blanked (same length, so offsets still hold)."""
    return EDITION.sub(lambda m: re.sub(r"\d", " ", m.group(0)), text)


@dataclass(frozen=True)
class YearFacts:
    """The year constructs of a sentence, with positions relative to the sentence."""

    ranges: tuple[tuple[int, int, int, int], ...]  # (pos, end_pos, a, b)
    since: tuple[tuple[int, int], ...]  # (pos, year)
    bases: tuple[tuple[int, int], ...]
    bys: tuple[tuple[int, int], ...]
    points: tuple[tuple[int, int], ...]  # years not part of a range, since, base or by
    yoy: bool


@dataclass
class SentenceContext:
    """What the interpreter knows about one sentence and its paragraph."""

    text: str  # masked sentence
    offset: int  # where the sentence starts in the checked text
    mentions: list[Mention]
    vocab: Vocabulary
    calc: Calculator
    cue_datasets: frozenset[str]  # cued in this sentence or earlier in the paragraph
    inherited: tuple[str, ...] = ()  # the previous sentence's quantity, same paragraph
    inherited_year: int | None = None  # the previous sentence's year, same paragraph
    quantities: list[Match] = field(default_factory=list)
    locals: list[Match] = field(default_factory=list)
    units: list[Match] = field(default_factory=list)
    cues: list[Match] = field(default_factory=list)
    years: YearFacts | None = None
    acknowledged_break: bool = False



def year_facts(text: str) -> YearFacts:
    used: list[tuple[int, int]] = []
    ranges = []
    for m in RANGE.finditer(text):
        a = int(m.group("a") or m.group("c"))
        raw_b = m.group("b") or m.group("d") or m.group("e")
        b = int(raw_b) if len(raw_b) == 4 else int(str(a)[:2] + raw_b)
        if a < b:
            ranges.append((m.start(), m.end(), a, b))
            used.append((m.start(), m.end()))
    def free(m: re.Match[str]) -> bool:
        return not any(s <= m.start() < e for s, e in used)
    since, bases, bys = [], [], []
    for pattern, bucket in ((SINCE, since), (_BASE, bases), (_BY, bys)):
        for m in pattern.finditer(text):
            if free(m):
                bucket.append((m.start(), int(m.group("y"))))
                used.append((m.start(), m.end()))
    points = [(m.start(), int(m.group(0))) for m in _POINT.finditer(text) if free(m)]
    return YearFacts(tuple(ranges), tuple(since), tuple(bases), tuple(bys), tuple(points), bool(_YOY.search(text)))


# --- years ----------------------------------------------------------------------------------------

def years_for(mention: Mention, a: int, b: int, ctx: SentenceContext, kind: str, ops: tuple[str, ...],
              quantities: tuple[str, ...], base_level: bool = False
              ) -> tuple[dict[str, tuple[tuple[int, ...], ...]], tuple[int, ...], bool, dict[str, int]]:
    """Candidate years per series, the years the sentence states, whether a change states its
    period, and for a level with a trend word the year it is compared with.

    ``base_level`` marks the earlier level of a comparison ("up from 72%"): without a year of its
    own it is the year before the sentence's.
    """
    facts = ctx.years or YearFacts((), (), (), (), (), False)
    calc = ctx.calc
    point = _point_year(mention, a, b, ctx, facts) or ctx.inherited_year
    if base_level:
        # the earlier level: its own year after it ("from 17 million in 2019"), else the year
        # before the sentence's ("dropping in 2024 from 36.2 million to …" is 2023's figure)
        own = _point_year(mention, a, b, ctx, facts, strict=True, after_only=True)
        if own:
            point = own
        elif _YEAR_BEFORE.match(ctx.text[b:]):
            pass  # "up from 32 million the year before": already the year before
        elif point or mention.kind == "percent":
            point = (point or calc.cutoff or 0) - 1
    # NOTE: a year construct in a later clause is another figure's ("87% since 2019; by 2024 … 21%")
    clause_end = min((b + c.start() for c in CLAUSE.finditer(ctx.text[b:])), default=len(ctx.text))
    rng = _closest(tuple(x for x in facts.ranges if x[0] < clause_end), a)
    since = _closest(tuple(x for x in facts.since if x[0] < clause_end), a)
    base = _closest(tuple(x for x in facts.bases if x[0] < clause_end), a)
    by_at = _closest(tuple(x for x in facts.bys if x[0] < clause_end), a)
    by = by_at[1] if by_at else None  # "by 2024": the year, not its position
    duration = _duration(mention, ctx)
    explicit: list[int] = []
    out: dict[str, tuple[tuple[int, ...], ...]] = {}
    trend_base: dict[str, int] = {}
    change_like = kind in ("change", "multiple", "period") or ops[0] in ("total",)
    period_given = False
    for s in quantities or ("",):
        end_ctx = calc.latest(s) if s else calc.cutoff
        if end_ctx is None:
            end_ctx = calc.cutoff or 0
        pre_break = calc.last_before_break(s, end_ctx) if s else None
        cands: list[tuple[int, ...]] = []
        if change_like:
            if rng:
                cands, period_given = [(rng[2], rng[3])], True
                explicit = [rng[2], rng[3]]
            elif since:
                end = point or by or end_ctx
                cands, period_given = [(since[1], end)], True
                if pre_break and pre_break > since[1] and not (point or by):
                    cands.append((since[1], pre_break))
                explicit = [since[1]] + ([end] if point or by else [])
            elif base:
                end = point or by or end_ctx
                cands, period_given = [(base[1], end)], True
                explicit = [base[1]] + ([end] if point or by else [])
            elif duration:
                end = point or by or end_ctx
                cands, period_given = [(end - duration, end)], True
                if duration >= 5:  # "the past decade" to 2023 is also read as 2014–2023, ten years of data
                    cands.append((end - duration + 1, end))
                if pre_break and not (point or by):
                    cands.append((pre_break - duration, pre_break))
                explicit = [end] if point or by else []
            elif len({y for _, y in facts.points}) == 2 and mention.kind == "multiple":
                # "in 2023, more than twice the number reported in 2019": the two years are the period
                a_, b_ = sorted({y for _, y in facts.points})
                cands, period_given, explicit = [(a_, b_)], True, [a_, b_]
            else:
                end = point or by or end_ctx
                cands = [(end - 1, end)]
                period_given = facts.yoy
                if pre_break and not (point or by):
                    cands.append((pre_break - 1, pre_break))
                explicit = [end] if point or by else []
        else:
            if point:
                cands, explicit = [(point,)], [point]
            elif rng:
                year = rng[2] if _is_first_level(mention, ctx) else rng[3]
                cands, explicit = [(year,)], [year]
            elif by:
                cands, explicit = [(by,)], [by]
            elif since and _level_count(ctx) > 1:
                # "Since 2019, reports doubled, from 17 million to 36.2 million"
                if _is_first_level(mention, ctx):
                    cands, explicit = [(since[1],)], [since[1]]
                else:
                    cands = [(end_ctx,)] + ([(pre_break,)] if pre_break and pre_break > since[1] else [])
            else:
                cands = [(end_ctx,)]
            year = cands[0][0]
            prev_level_year = _base_level_year(mention, b, ctx, facts)
            trend_base[s] = prev_level_year if prev_level_year and prev_level_year < year else (
                rng[2] if rng and rng[3] == year else since[1] if since else year - 1)
        out[s] = tuple(dict.fromkeys(c for c in cands if c[0] < c[-1] or len(c) == 1))
    return out, tuple(dict.fromkeys(explicit)), period_given, trend_base


def _closest(items: tuple, a: int):  # type: ignore[no-untyped-def]
    return min(items, key=lambda x: abs(x[0] - a)) if items else None


def _point_year(mention: Mention, a: int, b: int, ctx: SentenceContext, facts: YearFacts,
                strict: bool = False, after_only: bool = False) -> int | None:
    """The single year that belongs to this figure.

    The nearest year not separated from the figure by another figure; "the year before" after
    the figure means one year before the sentence's year; failing both, the year of the figure
    this one continues a list of ("… in 2023, including 54.8 million images and 49.5 million
    videos": the videos are 2023's too), or a year that opens the sentence ("In 2023, NCMEC
    received X images and Y videos") frames every figure after it.
    """
    others = [(m.start - ctx.offset, m.end - ctx.offset) for m in ctx.mentions if m is not mention]
    if _YEAR_BEFORE.match(ctx.text[b:]) and not strict:
        frame = [y for _, y in facts.points] or [ctx.calc.cutoff or 0]
        return max(frame) - 1
    to_figure = bool(_TO_BEFORE.search(ctx.text[:a]))
    best: tuple[int, int] | None = None
    for pos, year in facts.points:
        if after_only and pos < b:
            continue
        lo, hi = (b, pos) if pos >= b else (pos, a)
        if any(lo <= s and e <= hi for s, e in others):
            continue
        if CLAUSE.search(ctx.text[lo:hi]) and pos >= b:
            continue
        if pos < a and to_figure and any(e <= pos for s, e in others):
            continue  # "from 17 million in 2019 to 36.2 million": 2019 is the first figure's year
        dist = pos - b if pos >= b else (a - pos) * 1.2
        if pos >= b and _OWN_YEAR.match(ctx.text[b:pos]):
            dist *= 0.5  # "44,155 reports in 2021": the year of the figure's own noun phrase
        if best is None or dist < best[0]:
            best = (int(dist), year)
    if best:
        return best[1]
    if strict:
        return None
    listed = _listed_after(mention, a, ctx)
    if listed is not None:
        return _point_year(listed, listed.start - ctx.offset, listed.end - ctx.offset, ctx, facts)
    if facts.points and others:
        first_pos, first_year = min(facts.points)
        if first_pos < min(s for s, _ in others + [(a, b)]):
            return first_year
    return None


_OWN_YEAR = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:in|for|during)\s+$", re.I)
_TO_BEFORE = re.compile(r"\bto\s*(?:about\s+|around\s+|almost\s+|nearly\s+|over\s+|more\s+than\s+)?$", re.I)
# What joins the items of a list of figures: "including A images and B videos", "A, B and C".
_LIST_JOIN = re.compile(r"^[\s,]*(?:[A-Za-z-]+\s+){0,4}?(?:,|and|as\s+well\s+as|plus|including|of\s+which|"
                        r"among\s+them|with)\s*$", re.I)


def _listed_after(mention: Mention, a: int, ctx: SentenceContext) -> Mention | None:
    """The figure this one follows in a list, when only list words lie between them."""
    earlier = [m for m in ctx.mentions if m.end - ctx.offset <= a and m.kind in ("count", "rate", "percent")]
    if not earlier or mention.kind not in ("count", "rate", "percent"):
        return None
    prev = max(earlier, key=lambda m: m.end)
    between = ctx.text[prev.end - ctx.offset:a]
    if _POINT.search(between) or CLAUSE.search(between) or not _LIST_JOIN.match(between):
        return None
    return prev


def _duration(mention: Mention, ctx: SentenceContext) -> int | None:
    periods = [m for m in ctx.mentions if m.kind == "period"]
    if mention.kind == "period":
        return int(mention.value)
    if not periods:
        return 1 if ctx.years and ctx.years.yoy else None
    return int(min(periods, key=lambda p: abs(p.start - mention.start)).value)


def _level_count(ctx: SentenceContext) -> int:
    return len([m for m in ctx.mentions if m.kind in ("count", "rate") and not m.bare_small])


def _is_first_level(mention: Mention, ctx: SentenceContext) -> bool:
    levels = [m for m in ctx.mentions if m.kind in ("count", "rate") and not m.bare_small]
    return len(levels) > 1 and levels[0] is mention


UP_DOWN_FROM = re.compile(r"^(?:\s*[A-Za-z-]+){0,3}?\s*,?\s*(?:up|down|rising|falling|a\s+(?:rise|fall|drop)|"
                          r"an\s+increase)\s+from\b", re.I)


def _base_level_year(mention: Mention, b: int, ctx: SentenceContext, facts: YearFacts) -> int | None:
    """The year a level with a trend word is compared with: the year of the "from" figure.

    "rose from 17 million in 2019 to 36.2 million in 2023" (the figure before), or "20.5 million
    in 2024, down from 36.2 million in 2023" and "68.7%, up from 70.2% in 2023" (the figure after,
    which "from" introduces).
    """
    later = [m for m in ctx.mentions if m.kind == mention.kind and m.start >= mention.end
             and re.search(r"\bfrom\s*(?:about\s+|around\s+|almost\s+|nearly\s+)?$", ctx.text[:m.start - ctx.offset])
             and not CLAUSE.search(ctx.text[b:m.start - ctx.offset])]
    if UP_DOWN_FROM.match(ctx.text[b:]) or later:
        base = later[0] if later else None
    else:
        earlier = [m for m in ctx.mentions if m.kind == mention.kind and m.end <= mention.start]
        base = earlier[-1] if earlier else None
    if base is None:
        return None
    a2, b2 = base.start - ctx.offset, base.end - ctx.offset
    own = _point_year(base, a2, b2, ctx, facts, strict=True)
    if own is None and later and base is later[0]:
        year = _point_year(mention, mention.start - ctx.offset, b, ctx, facts, strict=True)
        return year - 1 if year else None
    return own
