"""Read a figure in its sentence: which quantity, which years, which operation, which direction.

The reading is deliberately simple and explainable (see docs/claims.md):

* **quantity** (:mod:`.quantity`) — the nearest dataset alias or label, never one after the next
  figure (a figure directly followed by "reports assessed" is about that); else a word only one
  series uses ("confirmed"); else a unit noun ("reports") narrowed by a publisher cue ("NCMEC");
  else the quantity of the previous sentence in the same paragraph; a noun phrase that narrows
  the quantity to a part no dataset holds is noted (:mod:`.subsets`);
* **years** — a range ("from 2019 to 2023", "2019–2023", "between … and …"), "since 2019", a base
  ("than in 2022", "on 2022"), a duration ("over two years") ending at the sentence's year or the
  data cut-off, or a single year ("in 2023"); with none, the latest year within the cut-off;
* **operation** — from the figure's form and the words around it: "%" with a trend word is a
  percentage change (per year with "a year"/"annual" → compound growth), "%" with "of" a share,
  "up from 72%" the earlier level of a share, "rose by 4 million" an absolute change, "a day" a
  rate, "1 in 3" a share, "doubled" a multiple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract import Mention
from .quantity import _counts_something_else, _partners, _quantity
from .readings import Calculator
from .vocabulary import Match, Vocabulary
from .years import CLAUSE as _CLAUSE
from .years import UP_DOWN_FROM, SentenceContext, mask_editions, year_facts, years_for

_UP = (r"rose|rise[sn]?|rising|increase[sd]?|increasing|grew|grow(?:s|n|ing|th)?|up|jump(?:s|ed|ing)?|"
       r"climb(?:s|ed|ing)?|surge[sd]?|surging|soar(?:s|ed|ing)?|higher|doubled|tripled|trebled|quadrupled|"
       r"spike[sd]?|escalat\w*|expand\w*|expansion|gain(?:s|ed)?|upturn|more|greater|larger")
_DOWN = (r"fell|fall(?:s|en|ing)?|decrease[sd]?|decreasing|declin\w*|drop(?:s|ped|ping)?|down|lower|halved|"
         r"reduc\w+|shr[aiu]nk\w*|plummet\w*|plunge[sd]?|dip(?:s|ped)?|slump\w*|contract(?:ed|ion)|fewer|less")
_DIRECTION = re.compile(rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b", re.I)
_NOT_DIRECTION = re.compile(r"\b(?:(?:made|make[s]?|making|set|sets|setting|back(?:ed)?|follow(?:ed|s)?|break|broke[n]?|"
                            r"sum(?:s|med)?|end(?:s|ed)?|take[ns]?|took|turn(?:s|ed)?|shut|slow(?:s|ed)?|write|written|"
                            r"wrote|look(?:s|ed)?|pick(?:s|ed)?|show(?:s|ed)?|bring(?:s)?|brought|set)\s+(?:up|down)|"
                            r"follow-up|up-to-date|break-?down|up\s+to\s+\d|more\s+than|less\s+than|greater\s+than|"
                            r"larger\s+than|fewer\s+than|more\s+and\s+more|lower-income|higher-income)\b", re.I)
_COMPARE_AFTER = re.compile(r"^\s*(?:(?P<up>more|higher|greater|larger|up)|(?P<down>fewer|less|lower|down))\b", re.I)
_ANNUAL = re.compile(r"^\s*(?:a|per|each|every)\s+year\b|^\s*(?:annually|yearly|per\s+annum)\b", re.I)
_ANNUAL_BEFORE = re.compile(r"\b(?:compound(?:ed)?|average)\s+(?:annual|yearly)\s+(?:\w+\s+){0,2}(?:of\s+)?$|"
                            r"\b(?:annual|yearly)\s+(?:average\s+)?(?:growth|increase|rise)\s+(?:rate\s+)?(?:of\s+)?$", re.I)
# "NCMEC has received X reports since 2014": the figure is the object of a perfect-tense verb of its own
_HAS_RECEIVED = re.compile(r"\b(?:has|have|[’']ve)\s+(?:\w+\s+){0,2}?(?:received|processed|recorded|assessed|confirmed|"
                           r"removed|actioned|handled|counted|taken|made|reviewed)\s+(?:\w+\s+){0,3}?$", re.I)
_TOTAL = re.compile(r"\b(?:in\s+total|a\s+total\s+of|altogether|combined|cumulative(?:ly)?|all\s+told)\b", re.I)
_CHANGE_OF = re.compile(r"(?:\bby|\b(?:increase|rise|growth|jump|fall|drop|decline|decrease|reduction|change)\s+of)\s*$",
                        re.I)
_MORE_AFTER = re.compile(r"^\s*(?:[a-z-]+\s+){0,2}?(?:more|fewer|additional|extra|new)\b", re.I)
_SHARE_CUE = re.compile(r"^\s*(?:of|were|was|are|is|came|come|accounted|made|make|from|had|involved)\b", re.I)
_BREAK_WORDS = re.compile(r"bundl|duplicate|counting|counted\s+differently|series\s+break|not\s+comparable|"
                          r"cannot\s+be\s+compared|comparab|method|definition|REPORT\s+Act", re.I)


@dataclass(frozen=True)
class Interpretation:
    """How the checker reads one figure."""

    kind: str  # count, percent, change, rate, ratio, multiple, period
    ops: tuple[str, ...]  # level, rate, share, ratio, pct_change, change, fold, cagr, total, share_change, direction
    quantities: tuple[str, ...]  # candidate series, best first
    strength: str  # specific | cued | generic | inherited | none
    partners: tuple[str, ...]  # other series in the sentence (shares, ratios)
    years: dict[str, tuple[tuple[int, ...], ...]]  # per candidate series: year tuples of the primary readings
    explicit_years: tuple[int, ...]  # years the sentence states for this figure
    direction: int  # +1 rise, -1 fall, 0 unstated
    direction_word: str
    period_given: bool  # the change states its period
    acknowledged_break: bool
    trend_base: dict[str, int]  # for a level with a trend word ("rose to X in 2023"): the year compared with
    whole: bool = False  # "X% of <quantity>": the quantity is the whole a share divides by
    narrowed: str = ""  # the phrase that narrows the quantity to a part the data do not hold
    base_level: bool = False  # "up from 72%": the earlier level a trend is measured from, not a change
    cues: frozenset[str] = frozenset()  # datasets whose publisher the sentence or paragraph names


def sentence_context(text: str, offset: int, mentions: list[Mention], vocab: Vocabulary, calc: Calculator,
                     paragraph_cues: frozenset[str], inherited: tuple[str, ...],
                     inherited_year: int | None = None) -> SentenceContext:
    cues = vocab.cue_matches(text)
    cue_datasets = paragraph_cues | frozenset(d for c in cues for d in c.datasets)
    quantities = [q for q in vocab.quantities(text) if not q.weak or q.datasets & cue_datasets]
    locals_ = [m for m in vocab.local_matches(text) if m.datasets & cue_datasets and not _inside(m, quantities)]
    units = [u for u in vocab.unit_matches(text) if not _inside(u, quantities)]
    facts = year_facts(mask_editions(text))  # "GTA 2023" names a report, not a year of data
    own_years = facts.points or facts.ranges or facts.since or facts.bys
    return SentenceContext(text, offset, mentions, vocab, calc, cue_datasets, inherited,
                           None if own_years else inherited_year, quantities, locals_, units, cues, facts,
                           bool(_BREAK_WORDS.search(text)))


def _inside(m: Match, spans: list[Match]) -> bool:
    return any(s.start <= m.start and m.end <= s.end for s in spans)


def interpret(mention: Mention, ctx: SentenceContext) -> Interpretation | None:
    """Read ``mention`` in its sentence, or None when it is not a claim (a small bare count)."""
    a, b = mention.start - ctx.offset, mention.end - ctx.offset
    quantities, strength, adjacent, narrowed = _quantity(mention, a, b, ctx)
    if mention.bare_small and not (adjacent and quantities) and not _small_but_named(mention, a, ctx, strength):
        return None  # "6 domains", "three reasons": not a data claim
    whole = bool(re.match(r"\s*of\b", ctx.text[b:])) and mention.kind in ("percent", "ratio")
    level = _percent_level(a, b, ctx) if mention.kind == "percent" and not mention.points else ""
    direction, word = (0, "") if level == "base" else _direction(mention, a, b, ctx, level=bool(level))
    kind, ops = ("percent", ("share",)) if level else _operation(mention, a, b, ctx, direction)
    # "rose from 17 million in 2019 to …", "up from 72%": the earlier level of a comparison
    base_level = level == "base" or (mention.kind in ("count", "rate") and bool(_FROM_BEFORE.search(ctx.text[:a])))
    if whole and ops == ("share", "pct_change"):
        ops = ("share",)  # "X% of <quantity>" is a share, never a change
    partners = _partners(quantities, ctx, ops, whole=whole)
    years, explicit, period_given, trend_base = years_for(mention, a, b, ctx, kind, ops, quantities, base_level)
    return Interpretation(kind, ops, quantities, strength, partners, years, explicit, direction, word, period_given,
                          ctx.acknowledged_break, trend_base, whole, narrowed, base_level, ctx.cue_datasets)


_FROM_BEFORE = re.compile(r"\bfrom\s*$", re.I)
_BASE_BEFORE = re.compile(r"\b(?:(?:up|down|rising|falling|rose|fell|increased|decreased|grew|dropped|climbed|"
                          r"declined|jumped|a\s+(?:rise|fall|drop|jump)|an\s+increase)\s+)?from\s*$", re.I)
_TO_AFTER_FROM = re.compile(r"\bfrom\s+[^;:%]*?\d\s*(?:%|per\s*cent|percent)[^;:%]*?\bto\s*$", re.I)


def _percent_level(a: int, b: int, ctx: SentenceContext) -> str:
    """"base" or "current" when a percentage is a level of a share, not a change; else "".

    "up from 72%" and the first of "from 72% to 78%" are the earlier level ("base"); "78%, up from
    72%" and the second of "from 72% to 78%" are the later one ("current"), whose trend word is
    checked against the two shares. "rose by 13%" and "a 13% rise" stay changes.
    """
    before, after = ctx.text[:a], ctx.text[b:]
    if _BASE_BEFORE.search(before):
        return "base"
    if _TO_AFTER_FROM.search(before):
        return "current"
    if _UP_DOWN_FROM_PERCENT.match(after):
        return "current"
    return ""


# "68.7% of the reports it assessed, up from 70.2%": the later level of a share, then the earlier one.
_UP_DOWN_FROM_PERCENT = re.compile(r"^[^;:%\d]{0,80}?,?\s*(?P<w>up|down|rising|falling|a\s+(?:rise|fall|drop)|"
                                   r"an\s+increase)\s+from\s+(?:about\s+|around\s+|almost\s+|nearly\s+)?"
                                   r"\d[\d.,]*\s*(?:%|per\s*cent|percent)", re.I)


def _small_but_named(mention: Mention, a: int, ctx: SentenceContext, strength: str) -> bool:
    """A small count in a sentence that names its quantity: "rose from around 70 in 2016 to 82"."""
    if strength != "specific" or _counts_something_else(mention, a + mention.end - mention.start, ctx):
        return False  # "from four datasets": the figure counts something else
    before = ctx.text[:a].rstrip().lower()
    return mention.qualifier != "exact" or before.endswith((" from", " to", " reached", " reaching", " had", " of",
                                                            " counted", " numbered", " totalled", " was", " were"))


# --- direction and operation ------------------------------------------------------------------

def _direction(mention: Mention, a: int, b: int, ctx: SentenceContext, level: bool = False) -> tuple[int, str]:
    """+1 / -1 from the trend word nearest the figure in its clause (or an explicit sign).

    ``level`` marks a percentage read as the level of a share ("78%, up from 72%").
    """
    text = ctx.text
    masked = _NOT_DIRECTION.sub(lambda m: " " * len(m.group(0)), text)
    if mention.word_multiple:
        return (-1, "halved") if mention.value < 1 else (1, text[a:b].split()[-1])
    if mention.kind in ("count", "rate") or level:
        if re.search(r"\bfrom\s*$", text[:a]):
            return 0, ""  # "rose from 17 million …": the base of the comparison, not its result
        after = (_UP_DOWN_FROM_PERCENT if level else UP_DOWN_FROM).match(text[b:])
        if after:  # "20.5 million in 2024, down from 36.2 million"
            word = after.group("w") if level else after.group(0)
            return (-1 if re.search(r"down|fall|drop", word, re.I) else 1), word.strip(" ,")
    comp = _COMPARE_AFTER.match(text[b:])
    if comp and mention.kind in ("percent", "count", "multiple"):
        return (1 if comp.group("up") else -1), comp.group(0).strip()
    clause_start = max((c.end() for c in _CLAUSE.finditer(text[:a])), default=0)
    clause_end = min((b + c.start() for c in _CLAUSE.finditer(text[b:])), default=len(text))
    best: tuple[float, int, str] | None = None
    for m in _DIRECTION.finditer(masked):
        if m.start() < clause_start or m.end() > clause_end or a <= m.start() < b:
            continue
        word = m.group(0).lower()
        if word in ("more", "greater", "larger", "fewer", "less"):
            continue  # comparatives count only right after the figure ("13% more")
        if m.start() >= b and (mention.kind in ("count", "rate") or level):
            continue  # a level's trend word comes first ("fell to 20.5 million"); later ones are another figure's
        dist = a - m.end() if m.end() <= a else (m.start() - b) * 1.5
        if best is None or dist < best[0]:
            best = (dist, 1 if m.group("up") else -1, word)
    if best is not None:
        return best[1], best[2]
    if mention.sign:
        return mention.sign, "+" if mention.sign > 0 else "−"
    return 0, ""


def _operation(mention: Mention, a: int, b: int, ctx: SentenceContext, direction: int) -> tuple[str, tuple[str, ...]]:
    text = ctx.text
    before, after = text[:a], text[b:]
    if mention.kind == "period":
        return "period", ("direction",)
    if mention.kind == "multiple":
        return "multiple", ("fold",)
    if mention.kind == "rate":
        return "rate", ("rate",)
    if mention.kind == "ratio":
        return "ratio", ("ratio",) if mention.per_noun else ("share",)
    if mention.kind == "percent":
        if mention.points:
            return "change", ("share_change",)
        near_trend = direction != 0 and _trend_near(mention, a, b, ctx)
        if near_trend or mention.sign or ctx.years and (ctx.years.bases or ctx.years.yoy) and not _SHARE_CUE.match(after):
            if _ANNUAL.match(after) or _ANNUAL_BEFORE.search(before):
                return "change", ("cagr", "pct_change")
            return "change", ("pct_change",)
        if _ANNUAL_BEFORE.search(before):
            return "change", ("cagr", "pct_change")
        return "percent", ("share", "pct_change")
    # counts
    single = len([m for m in ctx.mentions if m.kind in ("count", "rate") and not m.bare_small]) == 1
    # "over five years (2019-2023) it removed more than a million webpages": a total over the period
    over_period = any(p.kind == "period" and p.end - ctx.offset <= a and not _CLAUSE.search(text[p.end - ctx.offset:a])
                      for p in ctx.mentions)
    cumulative = _TOTAL.search(text) or (single and ctx.years and ctx.years.since and _HAS_RECEIVED.search(before)) \
        or over_period
    if cumulative and ctx.years and (ctx.years.ranges or ctx.years.since):
        return "count", ("total", "level")  # "in total", or "has received X since 2014"
    if (_CHANGE_OF.search(before) and direction) or _MORE_AFTER.match(after):
        return "change", ("change",)
    return "count", ("level",)


def _trend_near(mention: Mention, a: int, b: int, ctx: SentenceContext) -> bool:
    """A trend word within a few words of a percentage ("rose by 13%", "a 13% rise", "13% higher")."""
    window = ctx.text[max(0, a - 45):min(len(ctx.text), b + 30)]
    return bool(_DIRECTION.search(_NOT_DIRECTION.sub(lambda m: " " * len(m.group(0)), window))) or \
        bool(_COMPARE_AFTER.match(ctx.text[b:]))
