"""One formatter for text, tables and charts, locale-aware through Babel.

Values are never changed here, only shown: the exact value stays on the statistic, and the
rounding used for display is explicit (``decimals``) or the style's documented default.
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import math
import re
from collections.abc import Iterator
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from babel import Locale, UnknownLocaleError
from babel.numbers import UnsupportedNumberingSystemError, format_compact_decimal, format_decimal, format_percent

#: The most decimals (either way: -2 rounds to hundreds) a spec or statistic may ask for.
MAX_DECIMALS = 12
STYLES = ("words", "full", "percent", "change", "rise", "increase", "ratio", "multiple", "year", "rate", "plain",
          "interval", "about-ratio")
# Styles that show a survey estimate's uncertainty; "interval" needs the interval itself.
INTERVAL_STYLES = ("interval",)

# Qualifier phrases per language; "{n}" is the formatted number.
_QUALIFIERS: dict[str, dict[str, str]] = {
    "en": {"exact": "{n}", "at least": "{n}+", "more than": "over {n}", "at most": "up to {n}",
           "almost": "almost {n}", "about": "about {n}"},
    "fr": {"exact": "{n}", "at least": "{n}+", "more than": "plus de {n}", "at most": "jusqu’à {n}",
           "almost": "près de {n}", "about": "environ {n}"},
    "es": {"exact": "{n}", "at least": "{n}+", "more than": "más de {n}", "at most": "hasta {n}",
           "almost": "casi {n}", "about": "alrededor de {n}"},
    "pt": {"exact": "{n}", "at least": "{n}+", "more than": "mais de {n}", "at most": "até {n}",
           "almost": "quase {n}", "about": "cerca de {n}"},
    "ar": {"exact": "{n}", "at least": "{n}+", "more than": "أكثر من {n}", "at most": "حتى {n}",
           "almost": "ما يقرب من {n}", "about": "نحو {n}"},
    "zh": {"exact": "{n}", "at least": "{n}+", "more than": "超过{n}", "at most": "至多{n}",
           "almost": "近{n}", "about": "约{n}"},
}
# Phrases for changes and rates: (rose, fell, increase, decrease, unchanged, per-day...).
_PHRASES: dict[str, dict[str, str]] = {
    "en": {"rose": "rose by {n}", "fell": "fell by {n}", "flat": "was unchanged", "increase": "an increase of {n}",
           "decrease": "a decrease of {n}", "ratio": "1 in {n}", "multiple": "{n} times",
           "day": "{n} a day", "week": "{n} a week", "month": "{n} a month", "year": "{n} a year"},
    "fr": {"rose": "a augmenté de {n}", "fell": "a diminué de {n}", "flat": "est resté stable",
           "increase": "une hausse de {n}", "decrease": "une baisse de {n}", "ratio": "1 sur {n}",
           "multiple": "{n} fois", "day": "{n} par jour", "week": "{n} par semaine", "month": "{n} par mois",
           "year": "{n} par an"},
    "es": {"rose": "aumentó un {n}", "fell": "disminuyó un {n}", "flat": "se mantuvo estable",
           "increase": "un aumento del {n}", "decrease": "una disminución del {n}", "ratio": "1 de cada {n}",
           "multiple": "{n} veces", "day": "{n} al día", "week": "{n} a la semana", "month": "{n} al mes",
           "year": "{n} al año"},
    "pt": {"rose": "aumentou {n}", "fell": "diminuiu {n}", "flat": "manteve-se estável",
           "increase": "um aumento de {n}", "decrease": "uma diminuição de {n}", "ratio": "1 em cada {n}",
           "multiple": "{n} vezes", "day": "{n} por dia", "week": "{n} por semana", "month": "{n} por mês",
           "year": "{n} por ano"},
    "ar": {"rose": "ارتفع بنسبة {n}", "fell": "انخفض بنسبة {n}", "flat": "ظل دون تغيير",
           "increase": "زيادة بنسبة {n}", "decrease": "انخفاض بنسبة {n}", "ratio": "1 من كل {n}",
           "multiple": "{n} مرات", "day": "{n} يوميًا", "week": "{n} أسبوعيًا", "month": "{n} شهريًا",
           "year": "{n} سنويًا"},
    "zh": {"rose": "增长了{n}", "fell": "下降了{n}", "flat": "保持不变", "increase": "增长{n}", "decrease": "下降{n}",
           "ratio": "每{n}人中有1人", "multiple": "{n}倍", "day": "每天{n}", "week": "每周{n}", "month": "每月{n}",
           "year": "每年{n}"},
}


# The locale of numbers formatted without an explicit one (charts drawn for a translated edition).
_NUMBER_LOCALE: ContextVar[tuple[str, str | None]] = ContextVar("number_locale", default=("en", None))
# What a chart shows where a value is unknown.
_NO_FIGURE = {"en": "no figure", "fr": "pas de donnée", "es": "sin dato", "pt": "sem dado", "ar": "لا رقم",
              "zh": "无数据"}


@contextlib.contextmanager
def number_locale(locale: str = "en", numbering: str | None = None) -> Iterator[None]:
    """Within the block, numbers formatted without a locale use ``locale`` and ``numbering``."""
    token = _NUMBER_LOCALE.set((locale, numbering))
    try:
        yield
    finally:
        _NUMBER_LOCALE.reset(token)


def current_number_locale() -> tuple[str, str | None]:
    return _NUMBER_LOCALE.get()


_NOTE = {"en": "Note: {n}", "fr": "Note : {n}", "es": "Nota: {n}", "pt": "Nota: {n}", "ar": "ملاحظة: {n}",
         "zh": "注：{n}"}


def note_text(note: str, locale: str | None = None) -> str:
    """A note under a chart, introduced by the current (or given) locale's word for "Note"."""
    return _NOTE[language(locale or _NUMBER_LOCALE.get()[0])].format(n=note)


def no_figure_text(locale: str | None = None) -> str:
    """The words a chart shows where a value is unknown, in the current (or given) locale."""
    return _NO_FIGURE[language(locale or _NUMBER_LOCALE.get()[0])]


def language(locale: str) -> str:
    """The language part of a locale, with English as the fallback for phrase tables."""
    lang = locale.replace("-", "_").split("_")[0]
    return lang if lang in _PHRASES else "en"


def format_number(
    value: float | None,
    style: str = "full",
    *,
    qualifier: str = "exact",
    decimals: int | None = None,
    locale: str | None = None,
    per: str | None = None,
    numbering: str | None = None,
    interval: tuple[float, float] | None = None,
    level: float = 0.95,
) -> str:
    """Format ``value`` in ``style`` for ``locale``; ``None`` (unknown) shows as an en dash.

    Without ``locale``, numbers are English unless :func:`number_locale` says otherwise.

    ``numbering`` names a CLDR numbering system: "arab" gives Arabic-Indic digits and separators
    ("٣٦٫٢ مليون"); without it every locale uses the digits 0-9.

    ``interval`` is a survey estimate's (lower, upper) bounds, in the value's unit (fractions for
    percentages), at confidence ``level`` (0.95 for 95 %): the "interval" style shows them
    ("12.6% (95% CI 9.7–16.2%)"), and "about-ratio" shows the estimate as "about 1 in 8".

    Any finite magnitude is shown in full (loaders refuse absurd ones at the source line).
    Raises ``ValueError`` for an unknown style, qualifier, period, locale or numbering system, for
    ``decimals`` beyond ±:data:`MAX_DECIMALS`, and for a value the style cannot show (a "1 in N"
    ratio needs a share above 0 and at most 1; the "interval" style needs an interval).
    """
    if locale is None:
        locale, default_numbering = _NUMBER_LOCALE.get()
        numbering = numbering or default_numbering
    if style == "about-ratio":  # NOTE: "1 in 8" of an estimate is always approximate
        style, qualifier = "ratio", "about" if qualifier == "exact" else qualifier
    text = _format_number(value, style, qualifier=qualifier, decimals=decimals, locale=locale, per=per,
                          numbering=numbering, interval=interval, level=level)
    return localise_digits(true_minus(text), numbering)


def true_minus(text: str) -> str:
    """A negative number's sign as the minus sign (U+2212), never a hyphen: "−43.4%", not "-43.4%".

    Only a hyphen-minus that starts a number (at the start, or after a space or a bidi mark) is a sign.
    """
    return _SIGN.sub("\u2212", text)


_SIGN = re.compile(r"(?:(?<=^)|(?<=[\s(\u200e\u200f\u061c]))-(?=[\d\u0660-\u0669\u06f0-\u06f9∞])")


# Digits of the numbering systems whose digits are not 0-9 (Babel changes only their separators).
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def localise_digits(text: str, numbering: str | None) -> str:
    """``text`` with the digits 0-9 written in ``numbering``'s digits (unchanged for none or "latn")."""
    digits = _DIGITS.get(numbering or "")
    if not digits:
        return text
    table = {ord("0") + i: d for i, d in enumerate(digits)}
    if numbering == "arab":
        table[ord("%")] = "٪"  # NOTE: the Arabic percent sign goes with Arabic-Indic digits
    return text.translate(table)


def _format_number(
    value: float | None,
    style: str,
    *,
    qualifier: str,
    decimals: int | None,
    locale: str,
    per: str | None,
    numbering: str | None,
    interval: tuple[float, float] | None = None,
    level: float = 0.95,
) -> str:
    if style not in STYLES:
        raise ValueError(f"unknown number style {style!r}; use one of {', '.join(STYLES)}")
    if qualifier not in _QUALIFIERS["en"]:
        raise ValueError(f"unknown qualifier {qualifier!r}; use one of {', '.join(_QUALIFIERS['en'])}")
    if per is not None and per not in _PERIODS:
        raise ValueError(f"unknown period {per!r}; use one of {', '.join(_PERIODS)}")
    _check_locale(locale, numbering)
    if decimals is not None and not -MAX_DECIMALS <= decimals <= MAX_DECIMALS:
        raise ValueError(f"decimals must be a whole number from {-MAX_DECIMALS} to {MAX_DECIMALS}, got {decimals}")
    if value is None or math.isnan(value):
        return "–"
    value = float(value) + 0.0  # NOTE: turns -0.0 into 0.0, so zero never shows a minus sign
    if math.isinf(value):
        return "-∞" if value < 0 else "∞"
    if style == "interval":
        return _interval(value, interval, level, decimals, locale, numbering)
    lang = language(locale)
    phrases = _PHRASES[lang]
    # NOTE: Babel rounds with the decimal module; give it room for every digit a float can have.
    with decimal.localcontext() as ctx:
        ctx.prec = 400 + abs(decimals or 0)
        if style in ("rise", "increase"):
            if value == 0:
                return phrases["flat"] if style == "rise" else format_number(0, "percent", qualifier=qualifier,
                                                                             locale=locale, numbering=numbering)
            number = _qualify(_percent(abs(value), decimals, locale, numbering), qualifier, lang, bare=False)
            key = ("rose" if value > 0 else "fell") if style == "rise" else ("increase" if value > 0 else "decrease")
            return _elide(phrases[key].format(n=number), lang)
        if style == "ratio":
            if not 0 < value <= 1 or not math.isfinite(1 / value):
                raise ValueError(f"a '1 in N' ratio needs a share above 0 and at most 1, got {value!r}")
            # the bound applies to the whole phrase: "at least 1 in 3" (and "1 in at least 3" would invert it)
            return _qualify(phrases["ratio"].format(n=_decimal(half_up(1 / value, 0), 0, locale, numbering)), qualifier,
                            lang, bare=False)
        if style == "multiple":
            number = _decimal(value, 1 if decimals is None else decimals, locale, numbering)
            return phrases["multiple"].format(n=_qualify(number, qualifier, lang, bare=False))
        if style == "year":
            if numbering:  # NOTE: years follow the edition's digits too ("٢٠٢٣" when it asks for Arabic-Indic)
                return _decimal(value, 0, locale, numbering, group=False)
            return str(int(half_up(value, 0)))
        if style == "percent":
            text = _percent(value, decimals, locale, numbering)
        elif style == "change":
            text = _percent(value, decimals, locale, numbering)
            if value > 0:
                text = "+" + text
        elif style == "words":
            text = _words(value, decimals, locale, numbering)
        elif style == "plain":
            text = _decimal(value, decimals if decimals is not None else (0 if value == int(value) else 2), locale,
                            numbering, group=False)
        else:  # full and rate
            text = _decimal(value, decimals if decimals is not None else (0 if value == int(value) or abs(value) >= 100
                                                                            else 1), locale, numbering)
        if style == "rate" and per:
            return phrases[per].format(n=_qualify(text, qualifier, lang, bare=False))
        return _qualify(text, qualifier, lang)


_PERIODS = ("day", "week", "month", "year")
# A percentage estimate with its confidence interval; the lower bound carries no percent sign.
_INTERVAL = {"en": "{value} ({level} CI {lower}–{upper})", "fr": "{value} (IC à {level}\u202f: {lower}–{upper})",
             "es": "{value} (IC del {level}: {lower}–{upper})", "pt": "{value} (IC de {level}: {lower}–{upper})",
             "ar": "{value} (فاصل الثقة {level}: {lower}–{upper})", "zh": "{value}（{level}置信区间：{lower}–{upper}）"}
_SIGNS = "%٪\u00a0\u202f\u200e\u200f\u061c "


def _interval(value: float, interval: tuple[float, float] | None, level: float, decimals: int | None,
              locale: str, numbering: str | None) -> str:
    """"12.6% (95% CI 9.7–16.2%)": value and bounds with the same decimals (one unless given)."""
    if interval is None:
        raise ValueError("the 'interval' style needs the estimate's interval (lower and upper bounds)")
    lower, upper = interval
    if not (math.isfinite(lower) and math.isfinite(upper)) or lower > upper:
        raise ValueError(f"an interval needs finite bounds with lower <= upper, got {lower!r}–{upper!r}")
    if not 0 < level < 1:
        raise ValueError(f"a confidence level is a fraction between 0 and 1, got {level!r}")
    digits = 1 if decimals is None else decimals
    with decimal.localcontext() as ctx:
        ctx.prec = 400 + abs(digits)
        shown = {"value": _percent(value, digits, locale, numbering), "upper": _percent(upper, digits, locale, numbering),
                 "lower": _percent(lower, digits, locale, numbering).strip(_SIGNS),
                 "level": _percent(level, None, locale, numbering)}
    return _INTERVAL[language(locale)].format(**shown)
# "At least" inside a phrase is spelled out: "rose by at least 10%", not "rose by 10%+".
_AT_LEAST = {"en": "at least {n}", "fr": "au moins {n}", "es": "al menos {n}", "pt": "pelo menos {n}",
             "ar": "على الأقل {n}", "zh": "至少{n}"}


def _elide(text: str, lang: str) -> str:
    """French elides "de" before a vowel: "une baisse d’environ 43 %", not "de environ"."""
    return text.replace(" de environ", " d’environ").replace(" de au moins", " d’au moins") if lang == "fr" else text


def _qualify(text: str, qualifier: str, lang: str, bare: bool = True) -> str:
    """Put the qualifier's words around ``text``; ``bare`` is False when the number sits in a phrase."""
    pattern = _QUALIFIERS[lang].get(qualifier)
    if pattern is None:
        raise ValueError(f"unknown qualifier {qualifier!r}")
    if not bare and qualifier == "at least":
        pattern = _AT_LEAST[lang]
    return pattern.format(n=text)


@functools.lru_cache(maxsize=64)
def _check_locale(locale: str, numbering: str | None) -> None:
    try:
        parsed = Locale.parse(_babel(locale))
    except (ValueError, TypeError, UnknownLocaleError) as exc:
        raise ValueError(f"unknown locale {locale!r}") from exc
    if numbering:
        try:
            format_decimal(1, locale=parsed, numbering_system=numbering)
        except (ValueError, KeyError, UnsupportedNumberingSystemError) as exc:
            raise ValueError(f"numbering system {numbering!r} is not available for {locale!r}") from exc


def half_up(value: float | Decimal, decimals: int) -> Decimal:
    """Round half away from zero, as readers expect ("99,206.5 a day" shows as "99,207").

    Python's round() and Babel round half to even; reports round half up.
    """
    with _half_up_context():
        return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _half_up_context():
    return localcontext(Context(rounding=ROUND_HALF_UP, prec=400, Emax=999999, Emin=-999999))


def _decimal(value: float, decimals: int, locale: str, numbering: str | None, group: bool = True) -> str:
    pattern = ("#,##0" if group else "0") + ("." + "0" * decimals if decimals > 0 else "")
    kwargs = {"numbering_system": numbering} if numbering else {}
    with _half_up_context():
        return format_decimal(half_up(value, decimals), format=pattern, locale=_babel(locale), **kwargs)


def _percent(fraction: float, decimals: int | None, locale: str, numbering: str | None) -> str:
    """Percent with sensible precision: one decimal below 100%, none from 100% up, no trailing zero."""
    pct = abs(fraction) * 100  # NOTE: may overflow to inf for huge fractions; then it is >= 100
    if decimals is None:
        decimals = 0 if pct >= 100 or round(pct, 1) == round(pct) else 1
    # NOTE: the locale's own pattern places the sign: "88.7%" in English, "88,7 %" in French.
    pattern = _percent_pattern(locale).replace("#,##0", "#,##0" + ("." + "0" * decimals if decimals > 0 else ""), 1)
    kwargs = {"numbering_system": numbering} if numbering else {}
    with _half_up_context():
        return format_percent(half_up(fraction, decimals + 2), format=pattern, locale=_babel(locale), **kwargs)


@functools.lru_cache(maxsize=64)
def _percent_pattern(locale: str) -> str:
    pattern = Locale.parse(_babel(locale)).percent_formats[None].pattern
    return pattern if "#,##0" in pattern and ";" not in pattern else "#,##0%"


def _words(value: float, decimals: int | None, locale: str, numbering: str | None) -> str:
    """Large numbers in words ("36.2 million"); below a million the full number is clearer."""
    digits = 1 if decimals is None else decimals
    if abs(value) < 1_000_000:
        return _decimal(value, 0 if decimals is None else decimals, locale, numbering)
    # NOTE: round first, then pick the magnitude, so 999,960,000 becomes "1 billion", not "1000 million".
    # Trillions are the largest unit with a name in every locale; larger values count trillions.
    magnitude = 10 ** min(3 * int(math.log10(abs(value)) // 3), 12)
    scaled = half_up(value / magnitude, digits)
    if abs(scaled) >= 1000 and magnitude < 10**12:
        magnitude *= 1000
        scaled = half_up(value / magnitude, digits)
    babel_locale = _babel(locale)
    kind = "short" if language(locale) == "zh" else "long"
    kwargs = {"numbering_system": numbering} if numbering else {}
    if kind == "short":
        # NOTE: Chinese counts in 万 (10^4) and 亿 (10^8), not thousands: keep the precision the English
        # shows (105.7 million is 1.057亿, never 1.1亿; 36.2 million is 3620万).
        unit = 10**12 if abs(scaled * magnitude) >= 10**12 else 10**8 if abs(scaled * magnitude) >= 10**8 else 10**4
        digits = max(0, -math.floor(math.log10(magnitude / 10**digits / unit) + 1e-9))
    with _half_up_context():
        return format_compact_decimal(scaled * magnitude, format_type=kind, fraction_digits=digits, locale=babel_locale,
                                  **kwargs)


def exact_text(value: float) -> str:
    """A value for reviewers, never rounded: "36,210,368" for a whole number, else its shortest exact form."""
    v = float(value)
    return f"{int(v):,}" if v.is_integer() and abs(v) < 1e16 else repr(v)


def _babel(locale: str) -> str:
    return locale.replace("-", "_")


def format_date(iso: str, locale: str = "en", numbering: str | None = None) -> str:
    """A date written as ``YYYY[-MM[-DD]]`` in the locale's long form ("11 décembre 2025").

    English is written the British way ("11 December 2025"), as the Alliance writes; a year alone stays a year.
    """
    _check_locale(locale, numbering)
    parts = [int(p) for p in str(iso).split("-")]
    if language(locale) == "en":
        locale = "en_GB"
    if len(parts) == 1:
        return format_number(parts[0], "year", locale=locale, numbering=numbering)
    from datetime import date

    from babel.dates import format_date as babel_date
    from babel.dates import format_skeleton

    day = date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    text = babel_date(day, "long", locale=_babel(locale)) if len(parts) > 2 else \
        format_skeleton("yMMMM", day, locale=_babel(locale))
    return localise_digits(text, numbering)



