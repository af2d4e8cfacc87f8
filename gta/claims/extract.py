"""Find the figures in a sentence, with the qualifier and the rounding their wording implies.

Works on masked prose (see :mod:`gta.claims.text`), so bound statistics, code, links and
footnote markers are already gone. What is *not* a claim is removed first: years and year
ranges, dates and times, numbers after a label ("Figure 3", "Capability 12", "p. 14"),
ordinals, ages, identifiers ("COVID-19", "G20") and footnote numbers glued to a word. Small
bare integers ("6 domains", "21 capabilities", "three reasons") are kept only provisionally
(:attr:`Mention.bare_small`): the interpreter keeps them when they count a known quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
               "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_WORD_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
WORD_NUMBERS: dict[str, int] = {w: i for i, w in enumerate(_WORD_UNITS)}
WORD_NUMBERS.update({w: 20 + 10 * i for i, w in enumerate(_WORD_TENS)})
_WORDNUM = (r"(?:(?:" + "|".join(_WORD_TENS) + r")(?:[\s-](?:" + "|".join(_WORD_UNITS[1:10]) + r"))?|"
            + "|".join(sorted(_WORD_UNITS, key=len, reverse=True)) + ")")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "mn": 1e6,
           "bn": 1e9, "b": 1e9}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
YEAR = r"(?:19[5-9][0-9]|20[0-9]{2})"
_LABELS = (r"figures?|figs?|tables?|charts?|box(?:es)?|chapters?|sections?|parts?|annex(?:es)?|appendix|appendices|"
           r"pages?|p|pp|capabilit(?:y|ies)|recommendations?|steps?|goals?|sdgs?|targets?|articles?|principles?|"
           r"domains?|no|nos|number|editions?|versions?|v|levels?|tiers?|phases?|stages?|questions?|waves?|"
           r"categor(?:y|ies)|rounds?|volumes?|vol|issues?|paragraphs?|para|rules?|clauses?|schedules?|items?|"
           r"objectives?|actions?|pillars?|outcomes?|priorit(?:y|ies)|indicators?|maps?|graphs?|exhibits?|"
           r"footnotes?|notes?|endnotes?|lines?|rows?|columns?|resolutions?|cc\s+by|iso|rank(?:ed)?|"
           r"lessons?|principles?|areas?|themes?|questions?|options?|scenarios?|cases?|studies|study")

_EXCLUDE = [
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{YEAR})?\b"),
    re.compile(rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*{YEAR})?\b(?!\s*(?:%|percent|million|billion))"),
    re.compile(rf"\b{_MONTH}\s+{YEAR}\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d+/\d+\b"),
    re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:am|pm)\b", re.I),
    # years, decades and year ranges (2019–2023, 2019-23, 2019/20), unless a unit follows
    re.compile(rf"(?<![\d.,]){YEAR}(?:s|'s|’s)?(?:\s*(?:[–—-]|/)\s*(?:{YEAR}|\d\d)(?!\d))?"
               r"(?![\d%]|,\d{3}|\.\d|\s*(?:%|percent|per\s*cent|million|billion|thousand)\b)"),
    re.compile(rf"\b(?:{_LABELS})\.?\s+\d+(?:\.\d+)*[a-z]?(?:\s*(?:[–-]|to|and|&|,|or)\s*\d+(?:\.\d+)*[a-z]?)*\b", re.I),
    re.compile(r"\b\d+(?:st|nd|rd|th)\b", re.I),
    re.compile(r"\b(?:aged?|ages|age\s+of)\s+(?:between\s+)?\d+(?:\s*(?:[–-]|to|and)\s*\d+)?\+?", re.I),
    re.compile(r"\b\d+(?:\s*[–-]\s*\d+)?[\s-]*(?:year|yr)s?[\s-]*olds?\b|\b\d+\s+years?\s+of\s+age\b", re.I),
    re.compile(r"\b(?:under|over)[\s-]\d+s\b|\b(?:under|over)-\d+\b", re.I),
    re.compile(r"\b\d+(?:\.\d+){2,}\b"),  # section numbers 3.2.1
]

_QUALIFIERS = [
    (r"just\s+over|slightly\s+more\s+than|a\s+little\s+over", "just over"),
    (r"well\s+over|well\s+above|far\s+more\s+than|many\s+more\s+than", "well over"),
    (r"more\s+than|over|above|exceeding|in\s+excess\s+of|upwards\s+of|greater\s+than|surpassing|topping", "more than"),
    (r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of", "at least"),
    (r"just\s+under|just\s+below|just\s+shy\s+of|slightly\s+less\s+than", "just under"),
    (r"almost|nearly|close\s+to|approaching|not\s+quite|nigh\s+on", "almost"),
    (r"about|around|approximately|approx\.|roughly|some|an\s+estimated|estimated|circa|c\.|~|of\s+the\s+order\s+of|"
     r"in\s+the\s+region\s+of|an\s+average\s+of|on\s+average", "about"),
    (r"less\s+than|fewer\s+than|under|below", "less than"),
    (r"up\s+to|at\s+most|no\s+more\s+than|a\s+maximum\s+of", "at most"),
    (r"exactly|precisely", "exact"),
]
_QUALIFIER_RE = re.compile(r"(?:^|(?<=[\s(\"“]))(?P<q>" + "|".join(f"(?:{p})" for p, _ in _QUALIFIERS) +
                           r")\s*$", re.I)

_NUMBER = re.compile(
    r"(?P<sign>[−+-]\s?)?(?P<cur>(?:US|A|C)?\$|£|€)?\s?"
    r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
    r"(?:\s*[–—-]\s*(?P<num2>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?))?"
    r"(?P<plus>\+)?"
    r"(?:\s*(?P<scale>(?i:thousand|million|billion|trillion))\b|(?P<abbr>bn|mn|m|k|K|M|B)\b)?"
    r"(?P<plus2>\+)?"
    r"(?:\s*(?P<pct>%|per\s*cent\b|percent\b|percentage\s+points?\b|pp\b)"
    r"|(?P<times>\s*(?:[-\s]?fold\b|times\b|×|x\b)))?"
)
_WORD_NUMBER = re.compile(
    r"\b(?:(?P<half>half)\s+)?(?P<w>" + _WORDNUM + r"|a)(?:\s+(?P<hundred>hundred))?"
    r"(?:\s+(?P<scale>thousand|million|billion))?"
    r"(?:\s*(?P<pct>per\s*cent\b|percent\b|percentage\s+points?\b)|(?P<times>[-\s]?fold\b|\s+times\b))?\b",
    re.I,
)
_RATIO = re.compile(
    r"\b(?P<a>[0-9]+|one|a|two|three)\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<b>[0-9]+(?:\.[0-9]+)?|" + _WORDNUM + r")\b"
    r"(?!\s*%|\s*percent)", re.I)
_FRACTIONS = {"half": 0.5, "a third": 1 / 3, "one third": 1 / 3, "two thirds": 2 / 3, "a quarter": 0.25,
              "one quarter": 0.25, "three quarters": 0.75, "a fifth": 0.2, "one fifth": 0.2, "a tenth": 0.1,
              "one tenth": 0.1}
_FRACTION = re.compile(r"(?<!first )(?<!second )(?<!latter )(?<!the )\b(?P<f>half|a\s+third|one[\s-]third|"
                       r"two[\s-]thirds|a\s+quarter|one[\s-]quarter|three[\s-]quarters|a\s+fifth|one[\s-]fifth|"
                       r"a\s+tenth|one[\s-]tenth)\s+of\b", re.I)
_FRACTION_CHANGE = re.compile(r"\bby\s+(?:[a-z]+\s+){0,2}?(?P<f>half|a\s+third|one[\s-]third|two[\s-]thirds|a\s+quarter|"
                              r"one[\s-]quarter|three[\s-]quarters|a\s+fifth|one[\s-]fifth|a\s+tenth|one[\s-]tenth)\b"
                              r"(?!\s+of\b)", re.I)
_MULTIPLE_WORDS = {"doubled": 2.0, "doubling": 2.0, "tripled": 3.0, "trebled": 3.0, "tripling": 3.0,
                   "quadrupled": 4.0, "halved": 0.5, "halving": 0.5}
_MULTIPLE_WORD = re.compile(r"\b(?P<w>doubled|doubling|tripled|trebled|tripling|quadrupled|halved|halving)\b|"
                            r"\b(?P<twice>twice)\s+(?:as\s+(?:many|much|high|large|often)|the)\b", re.I)
_PERIOD = re.compile(
    r"\b(?:over|in|within|during|across|for|after|throughout)\s+(?:the\s+)?"
    r"(?:(?:past|last|previous|preceding|following|next|first)\s+)?"
    r"(?P<n>[0-9]+|" + _WORDNUM + r"|a|one)\s+(?P<u>years?|decades?)\b"
    r"|\b(?:the\s+)?(?:past|last|previous)\s+(?P<n2>[0-9]+|" + _WORDNUM + r")\s+(?P<u2>years|decades)\b"
    r"|\b(?:over|in|within|during|across)\s+(?:a|one|the\s+(?:past|last))\s+(?P<dec>decade)\b",
    re.I,
)
_RATE_AFTER = re.compile(
    r"^(?:[^\d;:%]{0,70}?)\b(?:(?:a|per|each|every)\s+(?P<u>day|week|month|year|hour|minute|second)|"
    r"(?P<adv>daily|weekly|monthly|annually|yearly|per\s+annum|hourly))\b", re.I)
_RATE_BEFORE = re.compile(r"(?:^|[^\w\s]\s*|\b(?:in|on|for)\s+)(?:each|every|per)\s+(?P<u>day|week|month|hour|minute|"
                          r"second)\b[^;:%]{0,50}$", re.I)
_PER_NOUN = re.compile(r"^\s*(?P<num>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:per|for\s+(?:each|every))\s+"
                       r"(?P<den>[a-z][\w-]*)\b", re.I)
_ADVERB_PER = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year",
               "per annum": "year", "hourly": "hour"}
_TIME_UNITS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "minute",
               "minutes", "second", "seconds"}


@dataclass(frozen=True)
class Mention:
    """A figure in a sentence, as parsed. Offsets are in the checked text."""

    start: int  # span of the figure with its qualifier
    end: int
    kind: str  # count, percent, rate, ratio, multiple, period
    value: float  # magnitude: counts, fractions for percent, factor for multiples, share for ratios, years for periods
    low: float  # implied rounding interval of the written figure, before its qualifier
    high: float
    qualifier: str = "exact"  # see _QUALIFIERS; "range" for "10–15%"
    sign: int = 0  # +1 / -1 for an explicit "+23%" / "−43%"
    per: str | None = None  # rate unit
    per_noun: str | None = None  # "files per report": the denominator noun
    bare_small: bool = False  # an integer below 100 with nothing but a noun after it
    word_multiple: bool = False  # doubled, tripled, halved, twice
    times_more: bool = False  # "N times more": N or N + 1
    points: bool = False  # percentage points
    money: bool = False
    binding: str | None = None  # statistic id of an explicit binding


def find_mentions(masked: str, start: int, end: int) -> list[Mention]:
    """All figures in ``masked[start:end]`` (a sentence), in order of position."""
    text = masked[start:end]
    taken = [False] * len(text)
    for pattern in _EXCLUDE:
        for m in pattern.finditer(text):
            _take(taken, m.start(), m.end())
    found: list[Mention] = []

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def add(mention: Mention, a: int, b: int) -> None:
        found.append(mention)
        _take(taken, a, b)

    for m in _RATIO.finditer(text):
        if free(m.start(), m.end()):
            a, b = _word_or_digit(m.group("a")), _word_or_digit(m.group("b"))
            if a and b and b > a:
                half = half_unit(m.group("b")) if m.group("b")[0].isdigit() else 0.5
                q, qs = _qualifier(text, m.start())
                add(Mention(start + qs, start + m.end(), "ratio", a / b, a / (b + half), a / max(b - half, a),
                            qualifier=q), qs, m.end())
    for m in _FRACTION.finditer(text):
        if free(m.start(), m.end()):
            v = _FRACTIONS[re.sub(r"[\s-]+", " ", m.group("f").lower())]
            q, qs = _qualifier(text, m.start())
            add(Mention(start + qs, start + m.start() + len(m.group("f")), "ratio", v, v * 0.9, v * 1.1, qualifier=q),
                qs, m.end())
    for m in _FRACTION_CHANGE.finditer(text):
        if free(m.start("f"), m.end()):
            v = _FRACTIONS[re.sub(r"[\s-]+", " ", m.group("f").lower())]
            q, qs = _qualifier(text, m.start("f"))
            add(Mention(start + qs, start + m.end(), "percent", v, v * 0.9, v * 1.1, qualifier=q), qs, m.end())
    for m in _MULTIPLE_WORD.finditer(text):
        if free(m.start(), m.end()):
            v = 2.0 if m.group("twice") else _MULTIPLE_WORDS[m.group("w").lower()]
            q, qs = _qualifier(text, m.start())
            add(Mention(start + qs, start + m.end(), "multiple", v, v * 0.9, v * 1.1, qualifier=q, word_multiple=True),
                qs, m.end())
    for m in _PERIOD.finditer(text):
        if free(m.start(), m.end()):
            if m.group("dec"):
                n = 10.0
            else:
                raw = m.group("n") or m.group("n2")
                n = float(_word_or_digit(raw) or 0) * (10 if (m.group("u") or m.group("u2")).startswith("decade") else 1)
            if n:
                add(Mention(start + m.start(), start + m.end(), "period", n, n, n), m.start(), m.end())
    pos = 0
    while (m := _NUMBER.search(text, pos)) is not None:
        a, b = m.start("num"), m.end()
        # NOTE: a rejected match (a year, say) must not swallow the figure after it ("2023 – 275,652").
        pos = m.end("num") if m.end("num") > pos else pos + 1
        if not free(a, m.end("num")) or not _standalone(text, a):
            continue
        mention = _digit_mention(text, m, start)
        if mention is not None:
            sign_start = m.start("sign") if m.group("sign") and _signed(text, m) else a
            qs = mention.start - start
            add(mention, min(qs, sign_start), b)
            pos = b
    for m in _WORD_NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        mention = _word_mention(text, m, start)
        if mention is not None:
            add(mention, mention.start - start, m.end())
    return sorted(found, key=lambda x: x.start)


def _take(taken: list[bool], a: int, b: int) -> None:
    for i in range(max(a, 0), min(b, len(taken))):
        taken[i] = True


def _standalone(text: str, a: int) -> bool:
    """False for identifiers and footnote numbers: digits glued to a letter or to punctuation."""
    before = text[a - 1] if a > 0 else " "
    if before.isalpha():
        return False
    if before == "-" and a > 1 and text[a - 2].isalpha():
        return False  # COVID-19
    if before in ".,;:)]\"”’'" and a > 1 and not text[a - 2].isspace():
        return False  # "reports.12" — a footnote marker glued to the word
    return True


def _signed(text: str, m: re.Match[str]) -> bool:
    s = m.start("sign")
    return s == 0 or text[s - 1] in " (\t"


def _digit_mention(text: str, m: re.Match[str], offset: int) -> Mention | None:
    raw = m.group("num")
    value = float(raw.replace(",", ""))
    scale_word = (m.group("scale") or m.group("abbr") or "").lower()  # "36 Million" in a headline too
    if m.group("abbr") and m.group("abbr") in ("M", "B", "K", "m", "k", "b") and not (m.group("cur") or _attached(m)):
        scale_word = ""  # "36 M" far from the number: not a scale
    scale = _SCALES.get(scale_word, 1.0)
    half = half_unit(raw)
    pct, times = m.group("pct"), m.group("times")
    sign = 0
    if m.group("sign") and _signed(text, m):
        sign = 1 if m.group("sign").strip() == "+" else -1
    q, qs = _qualifier(text, (m.start("cur") if m.group("cur") else m.start("num")) if not m.group("sign") else m.start())
    if m.group("plus") or m.group("plus2"):
        q = "at least"
    low, high = (value - half) * scale, (value + half) * scale
    if m.group("num2"):
        v2 = float(m.group("num2").replace(",", ""))
        if v2 <= value:
            return None
        low, high, value, q = (value - half) * scale, (v2 + half_unit(m.group("num2"))) * scale, (value + v2) / 2, "range"
    value *= scale
    kind, per, per_noun, bare = "count", None, None, False
    points = times_more = False
    if pct:
        kind, points = "percent", pct.lower().startswith(("percentage", "pp"))
        value, low, high = value / 100, low / 100, high / 100
    elif times:
        kind = "multiple"
        times_more = bool(re.match(r"\s*(?:more|higher|greater|larger|bigger)\b", text[m.end():]))
    else:
        after = text[m.end():]
        rate = _RATE_AFTER.match(after)
        per_noun = _per_noun(after)
        if per_noun and not rate:
            kind = "ratio"
        elif rate and not re.search(r"[0-9]", after[:rate.end()]):
            kind, per = "rate", (rate.group("u") or _ADVERB_PER[re.sub(r"\s+", " ", rate.group("adv").lower())]).lower()
        elif (rb := _RATE_BEFORE.search(text[:qs])) is not None:
            kind, per = "rate", rb.group("u").lower()
        elif "." not in raw and value < 100 and not scale_word and not m.group("cur") and q != "at least":
            bare = True
    return Mention(offset + qs, offset + m.end(), kind, value, low, high, qualifier=q, sign=sign, per=per,
                   per_noun=per_noun, bare_small=bare, times_more=times_more, points=points,
                   money=bool(m.group("cur")))


def _per_noun(after: str) -> str | None:
    """"files per report", "files for every report": the denominator noun of a ratio."""
    m = _PER_NOUN.match(after)
    if m and m.group("den").lower() not in _TIME_UNITS:
        return m.group("den").lower()
    return None


def _attached(m: re.Match[str]) -> bool:
    return m.start("abbr") == m.end("num") or m.start("abbr") == m.end("num2")


def _word_mention(text: str, m: re.Match[str], offset: int) -> Mention | None:
    word = m.group("w").lower()
    if m.group("half") and not m.group("scale"):
        return None
    if word == "a":
        if not (m.group("scale") or m.group("hundred")):
            return None
        n = 1
    else:
        n = _word_or_digit(word)
        if n is None:
            return None
    if m.group("hundred"):
        n *= 100
    value = float(n) * (0.5 if m.group("half") else 1.0)
    scale = _SCALES.get((m.group("scale") or "").lower(), 1.0)
    half = value * 0.1 if m.group("half") else (0.5 if n < 10 else half_unit(str(n)))
    q, qs = _qualifier(text, m.start())
    low, high = (value - half) * scale, (value + half) * scale
    value *= scale
    if m.group("pct"):
        return Mention(offset + qs, offset + m.end(), "percent", value / 100, low / 100, high / 100, qualifier=q,
                       points=m.group("pct").lower().startswith("percentage"))
    if m.group("times"):
        times_more = bool(re.match(r"\s*(?:more|higher|greater|larger|bigger)\b", text[m.end():]))
        return Mention(offset + qs, offset + m.end(), "multiple", value, value * 0.9, value * 1.1, qualifier=q,
                       times_more=times_more)
    if m.group("scale") or m.group("hundred"):
        return Mention(offset + qs, offset + m.end(), "count", value, low, high, qualifier=q)
    if (per_noun := _per_noun(text[m.end():])) is not None:
        return Mention(offset + qs, offset + m.end(), "ratio", value, low, high, qualifier=q, per_noun=per_noun)
    if word in ("one", "zero"):
        return None  # "one of the", "one report": too common to be a claim on its own
    return Mention(offset + qs, offset + m.end(), "count", value, low, high, qualifier=q, bare_small=True)


def _qualifier(text: str, at: int) -> tuple[str, int]:
    """The qualifier right before position ``at`` and where it starts."""
    m = _QUALIFIER_RE.search(text[max(0, at - 40):at])
    if not m:
        return "exact", at
    word = re.sub(r"\s+", " ", m.group("q").lower())
    for pattern, name in _QUALIFIERS:
        if re.fullmatch(pattern, word, re.I):
            return name, max(0, at - 40) + m.start("q")
    return "exact", at


def _word_or_digit(raw: str) -> int | None:
    raw = raw.lower().strip()
    if raw in ("a", "one"):
        return 1
    if raw.isdigit():
        return int(raw)
    if re.fullmatch(r"[0-9]+\.[0-9]+", raw):
        return None
    parts = re.split(r"[\s-]+", raw)
    total = 0
    for p in parts:
        if p not in WORD_NUMBERS:
            return None
        total += WORD_NUMBERS[p]
    return total


def half_unit(raw: str) -> float:
    """Half the rounding unit a written number implies, in its own units.

    Decimals give it directly ("36.2" → 0.05). For an integer with trailing zeros the zeros may
    be rounding or real, so the unit is the trailing-zero power of ten but never more than 5%
    of the number ("60,000" → ±3,000; "250,000" → ±5,000; "32" → ±0.5).
    """
    raw = raw.replace(",", "")
    if "." in raw:
        return 0.5 * 10 ** -len(raw.split(".")[1])
    n = int(raw)
    if n == 0:
        return 0.5
    zeros = len(raw) - len(raw.rstrip("0"))
    return max(0.5, min(0.5 * 10 ** zeros, 0.05 * n))
