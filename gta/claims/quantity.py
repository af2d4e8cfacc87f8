"""Which quantity a figure counts: the nearest alias or unit noun, a publisher cue, or the previous sentence's.

See :mod:`gta.claims.interpret` for the order of the rules; this module holds them, with the
partners a share divides by and the test for figures that count something no dataset does.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .extract import Mention
from .subsets import _WHOLE, narrowing
from .vocabulary import Match
from .years import CLAUSE as _CLAUSE
from .years import SentenceContext

_ANAPHORA = re.compile(r"\b(?:these|those|such|the\s+same)\s+(?:(?:types?|kinds?|sorts?)\s+of\s+)?$", re.I)


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
            return _narrowed(frozenset(cued), ctx), "cued", adjacent, phrase  # "reports from the Philippines"
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
    if not m:
        return False
    if m.group(1).lower() in _FUNCTION_WORDS:
        return _changed_thing_unknown(b, ctx)
    return not _known(b + m.start(1), ctx)


_CHANGE_IN = re.compile(r"^\s*(?:rise|increase|growth|jump|surge|fall|drop|decline|decrease)\s+in\s+(?:the\s+)?"
                        r"(?:(?:number|volume|amount|level)\s+of\s+)?", re.I)


def _changed_thing_unknown(b: int, ctx: SentenceContext) -> bool:
    """"a 77% rise in self-generated material": what rose is named, and no dataset counts it."""
    m = _CHANGE_IN.match(ctx.text[b:])
    if not m:
        return False
    pos = b + m.end()
    for word in re.finditer(r"[A-Za-z][\w'’-]*", ctx.text[pos:pos + 80]):
        w, at = word.group(0), pos + word.start()
        low = w.lower()
        if _known(at, ctx) or low in _WHOLE or (low.endswith("ed") and "-" not in low):
            continue
        return low not in _FUNCTION_WORDS
    return False


def _known(at: int, ctx: SentenceContext) -> bool:
    return any(x.start <= at < x.end for x in ctx.cues + ctx.quantities + ctx.units + ctx.locals)


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
