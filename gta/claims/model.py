"""What the claim checker reports: a claim found in prose, and the readings that test it.

Both are frozen so a review can be sorted, de-duplicated and written without surprises; the
lead fills :attr:`Claim.page` afterwards (``dataclasses.replace``) from the PDF layout.
"""

from __future__ import annotations

from dataclasses import dataclass

VERDICTS = ("inconsistent", "ambiguous", "unsourced", "consistent")  # worst first: the order of the summary
KINDS = ("count", "percent", "change", "rate", "ratio", "multiple", "period", "wording")
# what "wording" covers: the words around a bound statistic ("rose", "about", "the highest", "mainly")


@dataclass(frozen=True)
class Reading:
    """One way to compute the claimed figure from the data, and whether it agrees."""

    description: str  # "NCMEC CyberTipline reports, change 2021→2023"
    value: float  # in the claim's units: counts, fractions for percentages, factors for multiples
    derivation: str  # "(36,210,368 − 29,397,681) ÷ 29,397,681 = +23.2%"
    references: tuple[str, ...] = ()  # reference ids (sources/references.yaml)
    matches: bool = False  # within the claim's implied rounding and qualifier
    shown: str = ""  # the value as prose would show it ("+23.2%", "36.2 million")
    quantity: str | None = None  # "dataset.series" (or statistic id) the reading uses
    years: tuple[int, ...] = ()
    caveat: str = ""  # e.g. the series break the reading crosses
    bound: str = "exact"  # the data's own qualifier ("more than" for "over 100 governments")
    low: float | None = None  # what the data allow for the true value (None: from ``value`` and ``bound``);
    high: float | None = None  # a reading on "350+" members runs from 350 to infinity
    partner: str | None = None  # for a share or ratio: the series it divides by
    fit: str = ""  # how the claim fits the reading: "yes", "no", or "open" (the data allow it but cannot confirm it)


@dataclass(frozen=True)
class Claim:
    """A number a reader sees that is not a bound statistic, interpreted and judged."""

    source: str  # file (display path) or "<text>"
    line: int  # 1-based line in that file
    sentence: str  # the sentence, as written (Markdown kept, newlines as spaces)
    text: str  # the figure as written, with its qualifier: "over 250,000"
    start: int  # offsets of ``text`` in the checked text
    end: int
    kind: str  # one of KINDS
    qualifier: str  # exact, about, more than, at least, almost, less than, at most, range
    value: float  # as parsed: counts; percentages as fractions (0.45); factors for multiples; shares for "1 in 3"
    quantity: str | None  # "dataset.series" the claim was read as, or None
    years: tuple[int, ...]  # (year,) for a level, (start, end) for a change
    verdict: str  # consistent | inconsistent | ambiguous | unsourced
    computed: float | None  # the value of the reading the verdict rests on
    readings: tuple[Reading, ...]  # the reading used first, then the closest alternatives
    message: str  # one line explaining the verdict
    page: int | None = None  # PDF page, filled by the build from layout anchors
    statistic: str | None = None  # id of an explicitly bound statistic ([23%]{stat=id})
    computed_text: str = ""  # ``computed`` as prose would show it
    at: int = 0  # where ``text`` starts within ``sentence``

    @property
    def location(self) -> str:
        return f"{self.source}:{self.line}"
