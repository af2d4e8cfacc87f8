"""Does a computed value fit a written figure? Intervals from rounding, qualifiers and data bounds.

* the written figure stands for an interval: "32 million" → [31.5M, 32.5M], "36.2 million" →
  [36.15M, 36.25M], "87%" → [86.5%, 87.5%], "60,000" → ±5% at most for trailing zeros;
* the qualifier widens it: "over X" / "at least X" → [X, max(1.25X, X + unit)], "just over" →
  [X, 1.05X], "almost/nearly X" → [0.9X, X], "about/around X" → ±5% (or the rounding, if wider),
  "less than/under/up to X" → [0.75X, X], "doubled" → ±10%;
* a bound in the data ("over 100 governments") is an interval too; a claim matches a reading
  when the two intervals meet. Changes are compared by size; the trend word checks the sign.
"""

from __future__ import annotations

from dataclasses import replace

from .extract import Mention
from .model import Reading


def claim_interval(m: Mention) -> tuple[float, float]:
    """The values a figure allows, given its rounding and qualifier (magnitudes)."""
    w, lo, hi = abs(m.value), abs(m.low), abs(m.high)
    unit = hi - lo
    q = m.qualifier
    if q in ("exact", "range"):
        return lo, hi
    if q == "about":
        return min(lo, w * 0.95), max(hi, w * 1.05)
    if q in ("more than", "at least"):
        return w, max(w * (1.5 if m.word_multiple else 1.25), w + unit)
    if q == "well over":
        return w, w * 2.5
    if q == "just over":
        return w, max(w * 1.05, w + unit / 2)
    if q == "almost":
        return w * 0.9, w
    if q == "just under":
        return w * 0.95, w
    return w * 0.75, w  # less than, at most


def data_interval(r: Reading) -> tuple[float, float]:
    v = abs(r.value)
    return {
        "more than": (v, v * 1.25), "at least": (v, v * 1.25), "almost": (v * 0.9, v), "about": (v * 0.95, v * 1.05),
        "at most": (v * 0.75, v), "less than": (v * 0.75, v),
    }.get(r.bound, (v, v))


def agrees(m: Mention, r: Reading, *, factor: float = 1.0) -> bool:
    """True when the reading lies in the claim's interval (``factor`` rescales the claim)."""
    lo, hi = claim_interval(m)
    lo, hi = lo * factor, hi * factor
    eps = 1e-9 * max(1.0, hi)
    values = [r] if not m.times_more else [r, replace(r, value=r.value - 1)]
    for x in values:
        dlo, dhi = data_interval(x)
        if dlo <= hi + eps and dhi >= lo - eps:
            return True
    return False
