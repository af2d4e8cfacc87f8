"""Read a figure in its sentence: which quantity, which years, which operation, which direction.

The reading is deliberately simple and explainable (see docs/claims.md):

* **quantity** — the nearest dataset alias or label (a figure directly followed by "reports
  assessed" is about that); else a word only one series uses ("confirmed"); else a unit noun
  ("reports") narrowed by a publisher cue ("NCMEC"); else the quantity of the previous sentence
  in the same paragraph;
* **years** — a range ("from 2019 to 2023", "2019–2023", "between … and …"), "since 2019", a base
  ("than in 2022", "on 2022"), a duration ("over two years") ending at the sentence's year or the
  data cut-off, or a single year ("in 2023"); with none, the latest year within the cut-off;
* **operation** — from the figure's form and the words around it: "%" with a trend word is a
  percentage change (per year with "a year"/"annual" → compound growth), "%" with "of" a share,
  "rose by 4 million" an absolute change, "a day" a rate, "1 in 3" a share, "doubled" a multiple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .extract import Mention
from .readings import Calculator
from .subsets import narrowing
from .vocabulary import Match, Vocabulary
from .years import CLAUSE as _CLAUSE
from .years import UP_DOWN_FROM, YearFacts, mask_editions, year_facts, years_for

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


_ANAPHORA = re.compile(r"\b(?:these|those|such|the\s+same)\s+(?:(?:types?|kinds?|sorts?)\s+of\s+)?$", re.I)
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


# --- quantity -----------------------------------------------------------------------------------

def _quantity(mention: Mention, a: int, b: int, ctx: SentenceContext) -> tuple[tuple[str, ...], str, bool, str]:
    """Candidate series, how firmly the sentence names them, whether a noun follows the figure, and
    the phrase that narrows the noun to a part no dataset holds ("reports of grooming"), if any."""
    text = ctx.text
    # NOTE: a noun after the next figure is that figure's: in "of the 36.2 million reports received,
    # 35.9 million came from providers", the providers belong to 35.9 million, not to the total.
    stop = min((m.start - ctx.offset for m in ctx.mentions if m.start - ctx.offset >= b and m.kind != "period"
                and not re.search(r"\(\s*$", text[:m.start - ctx.offset])), default=len(text))
    evidence = sorted(ctx.quantities + ctx.locals, key=lambda m: m.start)
    if mention.per_noun:  # "2.9 files per report": the numerator noun comes first
        evidence = [m for m in evidence if m.start >= b] + [m for m in evidence if m.start < b]
        stop = len(text)
    pick = _nearest(evidence, a, b, text, stop)
    units = _nearest(ctx.units, a, b, text, stop)
    if pick is not None and units is not None and units[1] and not pick[1]:
        # NOTE: a unit noun right after the figure ("20.5 million reports") constrains it: an alias
        # elsewhere in the sentence counts only if it is measured in that unit.
        unit_heads = {ctx.vocab.series_unit[s].split()[0].rstrip("s") for s in units[0].series}
        same = frozenset(s for s in pick[0].series if ctx.vocab.series_unit[s].split()[0].rstrip("s") in unit_heads)
        pick = (replace(pick[0], series=same), pick[1]) if same else None
    cue_words = {w for c in ctx.cues for w in re.findall(r"[A-Za-z][\w-]*", c.text)}
    if not (pick and pick[1]) and not (units and units[1]) and _counts_something_else(mention, b, ctx):
        # NOTE: "32 million reports, with more than 93% linked to other countries": a figure followed
        # by words no dataset uses counts something else, whatever nouns stand elsewhere in the clause
        return (), "none", False, ""
    if pick is not None:
        match, adjacent = pick
        found = _narrowed(_with_siblings(match, ctx), ctx)
        noun = units[0] if units is not None and units[1] else match
        return found, "specific", adjacent, narrowing(text, noun, b, ctx.vocab, cue_words)
    if units is not None and ctx.inherited and _ANAPHORA.search(text[:units[0].start]):
        return ctx.inherited, "inherited", units[1], ""  # "these types of incidents": the quantity just named
    if units is not None:
        match, adjacent = units
        phrase = narrowing(text, match, b, ctx.vocab, cue_words)
        cued = ctx.vocab.headline(match.series, ctx.cue_datasets) if ctx.cue_datasets else frozenset()
        if cued:
            return tuple(sorted(cued)), "cued", adjacent, phrase
        return tuple(sorted(ctx.vocab.generic(match.series))), "generic", adjacent, phrase
    if _counts_something_else(mention, b, ctx):
        return (), "none", False, ""
    if ctx.cues:
        series = frozenset(s for c in ctx.cues for s in c.series)
        if len(series) <= 3:
            return tuple(sorted(series)), "cued", False, ""
        datasets = frozenset(d for c in ctx.cues for d in c.datasets)
        own = frozenset(s for s in ctx.vocab.labels if s.split(".")[0] in datasets)
        head = ctx.vocab.headline(own, datasets)
        if 0 < len(head) <= 3:
            return tuple(sorted(head)), "cued", False, ""
    if ctx.inherited:
        return ctx.inherited, "inherited", False, ""
    return (), "none", False, ""


_FUNCTION_WORDS = set("""
a an the in on at to from for by of and or but with without into than then that this these those its their it
is are was were be been being has have had will would could may might can do does did not no nor so as such
more less fewer higher lower up down over under above below since between after before during per each every
times fold increase increases increased rise rises rose risen growth grew grown fall falls fell fallen drop dropped
decline declined change changed jump jumped compared year years month months day days week weeks alone only just
almost nearly about around roughly some all total overall which who what when where while whereas also again
last next previous so far annually daily weekly monthly yearly globally worldwide reported received recorded
processed made came come across according respectively surge surged spike leap hike gain gains climb climbed
reduction decrease decreased decreases larger smaller greater point points among linked
""".split()) - {"linked"}


def _counts_something_else(mention: Mention, b: int, ctx: SentenceContext) -> bool:
    """True when the figure is followed by a noun no dataset uses ("1.8 million men", "54% of respondents").

    Such a figure is about something the datasets do not count, so it must not borrow a quantity
    from a publisher named elsewhere or from the previous sentence.
    """
    if mention.kind not in ("count", "percent", "rate", "ratio"):
        return False
    m = re.match(r"\s*(?:of\s+(?:the\s+|all\s+|these\s+|those\s+)?)?([A-Za-z][A-Za-z-]+)", ctx.text[b:])
    if not m or m.group(1).lower() in _FUNCTION_WORDS:
        return False
    at = b + m.start(1)
    return not any(x.start <= at < x.end for x in ctx.cues + ctx.quantities + ctx.units + ctx.locals)


def _with_siblings(match: Match, ctx: SentenceContext) -> frozenset[str]:
    """Series of the same dataset and unit whose multi-word alias lies inside the matched phrase.

    "files reported to NCMEC" is the label of one files series and contains "files reported",
    an alias of the 2019-basis series; a figure for 2019 belongs to the second.
    """
    series = set(match.series)
    text = " " + re.sub(r"[\s-]+", " ", match.text.lower()) + " "
    for phrase in ctx.vocab.phrases.values():
        if " " not in phrase.text or f" {phrase.text} " not in text:
            continue
        for s in phrase.series:
            if any(s.split(".")[0] == x.split(".")[0] and ctx.vocab.series_unit[s] == ctx.vocab.series_unit[x]
                   for x in match.series):
                series.add(s)
    return frozenset(series)


def _narrowed(series: frozenset[str], ctx: SentenceContext) -> tuple[str, ...]:
    """A cue that names one series ("India") refines a broader quantity of the same publisher and unit."""
    for cue in ctx.cues:
        if len(cue.series) > 3:
            continue
        # NOTE: only a breakdown in another dataset ("CyberTipline reports" → the India series), so
        # "Alliance" does not turn "intergovernmental organisations" into all members.
        fit = [c for c in cue.series for s in series
               if c.split(".")[0] != s.split(".")[0] and c in ctx.vocab.neighbours(s)
               and ctx.vocab.series_unit[c] == ctx.vocab.series_unit[s]]
        if fit:
            return tuple(sorted(set(fit)))
    return tuple(sorted(series))


def _nearest(matches: list[Match], a: int, b: int, text: str, stop: int | None = None) -> tuple[Match, bool] | None:
    """The evidence for a figure at [a, b): right after it, else before it in its clause, else nearest.

    ``stop`` is where the next figure starts: evidence after it belongs to that figure.
    """
    stop = len(text) if stop is None else stop
    matches = [m for m in matches if m.start < stop or m.end <= a]
    if not matches:
        return None
    for i, m in enumerate(matches):
        if m.start >= b and re.fullmatch(r"\s*(?:of\s+)?(?:(?:the|all|these|its|their|our|such)\s+)?(?:[\w-]+\s+){0,2}",
                                         text[b:m.start]) and not _CLAUSE.search(text[b:m.start]):
            # NOTE: in "82 member countries" the head noun is the last word of the run.
            # and in a list ("105 million images, videos and other files"), the last noun heads it
            while i + 1 < len(matches) and re.fullmatch(r"[\s-]*", text[matches[i].end:matches[i + 1].start]):
                i += 1
            # a list that ends "and other files" counts the whole ("105 million images, videos and
            # other files"); "100 governments, private sector entities and …" counts its first item
            j = i
            while j + 1 < len(matches) and re.fullmatch(r"\s*,\s*|\s*,?\s*(?:and|or)\s+(?:other\s+)?",
                                                        text[matches[j].end:matches[j + 1].start]):
                j += 1
            if j > i and re.search(r"\b(?:and|or)\s+other\s+$", text[matches[j - 1].end:matches[j].start]):
                i = j
            return matches[i], True
    clause_start = max((c.end() for c in _CLAUSE.finditer(text[:a])), default=0)
    before = [m for m in matches if clause_start <= m.start and m.end <= a]
    if before:
        return max(before, key=lambda m: m.end), False
    clause_end = min((a + c.start() for c in _CLAUSE.finditer(text[b:])), default=len(text))
    after = [m for m in matches if b <= m.start < clause_end]
    if after:
        return min(after, key=lambda m: m.start), False
    return min(matches, key=lambda m: min(abs(m.start - b), abs(a - m.end))), False


def _partners(quantities: tuple[str, ...], ctx: SentenceContext, ops: tuple[str, ...], whole: bool = False) -> tuple[str, ...]:
    """Other series a share or ratio may divide by: those the sentence names, else a statistic's pair.

    NOTE: a pair from a declared statistic is used only when the sentence names no other
    quantity, so "reports from the public made up 99%" is not read as the ESP share.
    """
    if not {"share", "ratio", "share_change"} & set(ops):
        return ()
    named = {s for m in ctx.quantities + ctx.locals for s in m.series}
    for u in ctx.units:
        named |= ctx.vocab.headline(u.series, ctx.cue_datasets)
    named -= set(quantities)
    if named:
        return tuple(sorted(named))
    paired: set[str] = set()
    for spec in ctx.calc.project.statistics.values():
        if spec.op in ("share", "ratio") and spec.series and spec.denominator:
            if whole and spec.denominator not in quantities:
                continue  # "75% of confirmed reports came from X": X is not named, so no pair applies
            pair = {spec.series, spec.denominator}
            if pair & set(quantities):
                paired |= pair
    if not paired - set(quantities):
        # "150,667 (1.0%) came from members of the public": a part's whole is its publisher's headline
        # series in the same unit (the CyberTipline total for reports from the public)
        for q in quantities[:3]:
            ds = q.split(".")[0]
            family = frozenset(s for s in ctx.vocab.neighbours(q) if ctx.vocab.publisher[s.split(".")[0]] ==
                               ctx.vocab.publisher[ds])
            paired |= set(ctx.vocab.headline(family, frozenset(x.split(".")[0] for x in family)))
    return tuple(sorted(paired - set(quantities)))


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
