"""Survey and meta-analysis estimates: a value with its uncertainty, population and period.

A survey estimate is not a count. "12.6 % of children" means little without the interval around
it, the population asked, the period recalled (past year, lifetime) and the size of the sample or
the number of pooled studies. :class:`Estimate` carries those with a statistic;
:func:`compare_estimates` says honestly whether two estimates differ: when their confidence
intervals overlap, it says that they do not show a difference, instead of claiming one.

Pure functions only: no I/O, no clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from .formatting import format_number, language


@dataclass(frozen=True)
class Estimate:
    """What an estimate says beyond its value; bounds are in the value's unit (fractions for percentages)."""

    lower: float
    upper: float
    level: float = 0.95  # confidence level, as a fraction
    standard_error: float | None = None  # as published, in the value's unit
    population: str = ""  # who the estimate is about ("children under 18, pooled studies worldwide")
    period: str = ""  # the recall period ("past year", "lifetime")
    sample_size: int | None = None  # participants
    studies: int | None = None  # studies or samples pooled (meta-analyses)
    method: str = ""  # how it was estimated ("random-effects meta-analysis")
    from_standard_error: bool = False  # True when the bounds were computed from the standard error

    @property
    def level_percent(self) -> float:
        return self.level * 100


def interval_from_standard_error(value: float, standard_error: float, level: float = 0.95) -> tuple[float, float]:
    """The normal-approximation interval value ± z·SE at ``level`` (z = 1.96 for 95 %)."""
    if not 0 < level < 1:
        raise ValueError(f"a confidence level is a fraction between 0 and 1, got {level!r}")
    if not (math.isfinite(standard_error) and standard_error > 0):
        raise ValueError(f"a standard error must be a positive number, got {standard_error!r}")
    z = NormalDist().inv_cdf((1 + level) / 2)
    return value - z * standard_error, value + z * standard_error


def overlaps(a: Estimate, b: Estimate) -> bool:
    """Whether two intervals share at least one point (touching counts: no difference is shown)."""
    return a.lower <= b.upper and b.lower <= a.upper


# --- comparison -------------------------------------------------------------------------------

# "{a}" and "{b}" are the estimates as shown, e.g. "12.6% (95% CI 9.7–16.2%)".
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "overlap": "{a} and {b}: the confidence intervals overlap, so these estimates do not show a difference.",
        "higher": "{a} is higher than {b}; their confidence intervals do not overlap.",
        "lower": "{a} is lower than {b}; their confidence intervals do not overlap.",
        "levels": "The intervals are at different confidence levels.",
        "populations": "The estimates describe different populations or periods, so compare them with care.",
    },
    "fr": {
        "overlap": "{a} et {b} : les intervalles de confiance se chevauchent, ces estimations ne montrent donc pas "
                   "de différence.",
        "higher": "{a} est supérieur à {b} ; leurs intervalles de confiance ne se chevauchent pas.",
        "lower": "{a} est inférieur à {b} ; leurs intervalles de confiance ne se chevauchent pas.",
        "levels": "Les intervalles n’ont pas le même niveau de confiance.",
        "populations": "Les estimations portent sur des populations ou des périodes différentes : à comparer avec "
                       "prudence.",
    },
    "es": {
        "overlap": "{a} y {b}: los intervalos de confianza se superponen, por lo que estas estimaciones no muestran "
                   "una diferencia.",
        "higher": "{a} es mayor que {b}; sus intervalos de confianza no se superponen.",
        "lower": "{a} es menor que {b}; sus intervalos de confianza no se superponen.",
        "levels": "Los intervalos tienen niveles de confianza distintos.",
        "populations": "Las estimaciones se refieren a poblaciones o periodos distintos; compárelas con cautela.",
    },
    "pt": {
        "overlap": "{a} e {b}: os intervalos de confiança sobrepõem-se, pelo que estas estimativas não mostram uma "
                   "diferença.",
        "higher": "{a} é superior a {b}; os seus intervalos de confiança não se sobrepõem.",
        "lower": "{a} é inferior a {b}; os seus intervalos de confiança não se sobrepõem.",
        "levels": "Os intervalos têm níveis de confiança diferentes.",
        "populations": "As estimativas referem-se a populações ou períodos diferentes; compare-as com cautela.",
    },
    "ar": {
        "overlap": "{a} و{b}: تتداخل فواصل الثقة، لذا لا تُظهر هذه التقديرات فرقًا.",
        "higher": "{a} أعلى من {b}؛ ولا تتداخل فواصل الثقة بينهما.",
        "lower": "{a} أدنى من {b}؛ ولا تتداخل فواصل الثقة بينهما.",
        "levels": "فواصل الثقة بمستويات ثقة مختلفة.",
        "populations": "تتعلق التقديرات بفئات سكانية أو فترات مختلفة، لذا ينبغي مقارنتها بحذر.",
    },
    "zh": {
        "overlap": "{a}与{b}：置信区间相互重叠，因此这两个估计值并未显示出差异。",
        "higher": "{a}高于{b}；两者的置信区间不重叠。",
        "lower": "{a}低于{b}；两者的置信区间不重叠。",
        "levels": "两个区间的置信水平不同。",
        "populations": "两个估计值针对的人群或时期不同，比较时需谨慎。",
    },
}


@dataclass(frozen=True)
class Comparison:
    """The honest reading of two estimates: whether they differ, and the words to say so."""

    first: str  # statistic id
    second: str
    overlap: bool
    direction: str | None  # "higher" or "lower" (first compared with second) when the intervals do not overlap
    same_level: bool
    same_population: bool  # same population and period, as written
    text: str


def compare_estimates(a: Any, b: Any, *, locale: str = "en", numbering: str | None = None) -> Comparison:
    """Compare two statistics that carry an :class:`Estimate` (``.estimate``), in ``locale``.

    Overlapping intervals never yield "higher" or "lower": the wording says the estimates do not
    show a difference. Different confidence levels, populations or periods add a caveat.
    Raises ``ValueError`` when either statistic has no interval.
    """
    ea, eb = _estimate(a), _estimate(b)
    words = _WORDS[language(locale)]
    shown = {"a": _shown(a, locale, numbering), "b": _shown(b, locale, numbering)}
    overlap = overlaps(ea, eb)
    direction = None if overlap else ("higher" if ea.lower > eb.upper else "lower")
    parts = [words["overlap" if overlap else direction].format(**shown)]  # type: ignore[index]
    same_level = math.isclose(ea.level, eb.level)
    same_population = (ea.population, ea.period) == (eb.population, eb.period)
    if not same_level:
        parts.append(words["levels"])
    if not same_population:
        parts.append(words["populations"])
    sep = "" if language(locale) == "zh" else " "
    return Comparison(a.id, b.id, overlap, direction, same_level, same_population, sep.join(parts))


def _estimate(stat: Any) -> Estimate:
    est = getattr(stat, "estimate", None)
    if est is None:
        raise ValueError(f"statistic '{getattr(stat, 'id', stat)}' has no interval to compare")
    return est


def _shown(stat: Any, locale: str, numbering: str | None) -> str:
    est = stat.estimate
    if stat.kind == "percent":
        return format_number(stat.value, "interval", interval=(est.lower, est.upper), level=est.level,
                             decimals=stat.decimals, locale=locale, numbering=numbering)
    value = format_number(stat.value, "full", decimals=stat.decimals, locale=locale, numbering=numbering)
    lower = format_number(est.lower, "full", decimals=stat.decimals, locale=locale, numbering=numbering)
    upper = format_number(est.upper, "full", decimals=stat.decimals, locale=locale, numbering=numbering)
    return f"{value} ({lower}–{upper})"
