"""Does a computed value fit a written figure? Intervals from rounding, qualifiers and data bounds.

* the written figure stands for an interval: "32 million" → [31.5M, 32.5M], "36.2 million" →
  [36.15M, 36.25M], "87%" → [86.5%, 87.5%], "60,000" → ±5% at most for trailing zeros;
* the qualifier widens it: "over X" / "at least X" → [X, max(1.25X, X + unit)] (an understatement
  is an error too), "just over" → [X, 1.05X], "almost/nearly X" → [0.9X, X], "about/around X" →
  ±5% (or the rounding, if wider), "less than/under/up to X" → [0.75X, X], "doubled" → ±10%;
  "more than doubled" and "at least N-fold" have no upper limit;
* the data are an interval too: an exact count is a point, "about 29.2 million" its rounding,
  "350+" runs from 350 to infinity, "almost 300" from 270 to 300.

The fit is "yes" when every value the data allow satisfies the claim, "no" when none does, and
"open" when some do and some do not: "over 400 members" when the data say only "350+". An open
fit is never a "consistent" verdict; a lower bound supports only the claims it implies.
"""

from __future__ import annotations

import math

from .extract import Mention, half_unit
from .model import Reading

YES, NO, OPEN = "yes", "no", "open"
_LOWER = ("more than", "at least")  # claims that state only a lower bound
_UPPER = ("less than", "at most")  # claims that state only an upper bound


def claim_interval(m: Mention) -> tuple[float, float]:
    """The values a figure allows, given its rounding and qualifier (magnitudes)."""
    w, lo, hi = abs(m.value), abs(m.low), abs(m.high)
    unit = hi - lo
    q = m.qualifier
    if q in ("exact", "range"):
        return lo, hi
    if q == "about":
        return min(lo, w * 0.95), max(hi, w * 1.05)
    if q in _LOWER:
        if m.kind == "multiple":
            return w, math.inf  # "more than doubled", "at least five-fold": no upper limit
        return w, max(w * 1.25, w + unit)
    if q == "well over":
        return w, w * 2.5
    if q == "just over":
        return w, max(w * 1.05, w + unit / 2)
    if q == "almost":
        return w * 0.9, w
    if q == "just under":
        return w * 0.95, w
    return w * 0.75, w  # less than, at most


def bound_interval(value: float, qualifier: str) -> tuple[float, float]:
    """The values a number with a data qualifier stands for: "350+" → [350, ∞)."""
    if qualifier in ("more than", "at least"):
        return value, math.inf
    if qualifier == "almost":
        return value * 0.9, value
    if qualifier in ("at most", "less than"):
        return min(0.0, value), value
    if qualifier == "about":
        h = half_unit(str(int(abs(value)))) if abs(value) >= 1 and value == int(value) else abs(value) * 0.05
        return value - h, value + h
    return value, value


def reading_interval(r: Reading) -> tuple[float, float]:
    """The values the data allow for the reading's true value."""
    if r.low is not None and r.high is not None:
        return r.low, r.high
    return bound_interval(r.value, r.bound)


def fit(m: Mention, r: Reading, *, factor: float = 1.0) -> str:
    """How the reading fits the claim: YES, NO or OPEN (``factor`` rescales the claim)."""
    lo, hi = claim_interval(m)
    lo, hi = lo * factor, hi * factor
    dlo, dhi = _magnitude(*reading_interval(r))
    shifts = (0.0, 1.0) if m.times_more else (0.0,)  # "N times more": N or N + 1
    results = [_fit(m, lo, hi, dlo - s, dhi - s, factor) for s in shifts]
    return YES if YES in results else OPEN if OPEN in results else NO


def agrees(m: Mention, r: Reading, *, factor: float = 1.0) -> bool:
    """True when every value the data allow lies in the claim's interval."""
    return fit(m, r, factor=factor) == YES


def _fit(m: Mention, lo: float, hi: float, dlo: float, dhi: float, factor: float) -> str:
    eps = 1e-9 * max(1.0, abs(hi) if math.isfinite(hi) else abs(lo))
    if dlo > hi + eps or dhi < lo - eps:
        return NO
    if lo - eps <= dlo and dhi <= hi + eps:
        return YES
    stated = abs(m.value) * factor
    if math.isinf(dhi) and m.qualifier in _LOWER:
        # NOTE: the data say only "at least dlo": a claim of "over X" is implied when X ≤ dlo; the
        # understatement cap still applies to the bound ("over 100" for "350+" understates).
        return YES if stated <= dlo + eps else OPEN
    if dlo <= 0 < dhi and m.qualifier in _UPPER and not math.isinf(dhi):
        return YES if stated >= dhi - eps else OPEN
    return OPEN


def _magnitude(lo: float, hi: float) -> tuple[float, float]:
    """Sizes of the values in [lo, hi]: changes are compared by size, the sign is checked apart."""
    if lo >= 0:
        return lo, hi
    if hi <= 0:
        return -hi, -lo
    return 0.0, max(-lo, hi)
