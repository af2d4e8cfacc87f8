"""The one number formatter: every style, every qualifier, French, and properties that must always hold."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gta.formatting import STYLES, format_number, half_up

# --- every style -------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "style", "kwargs", "text"), [
    # words: millions and up in words, one decimal; below a million the whole number
    (36_210_368, "words", {}, "36.2 million"),
    (1_500_000_000, "words", {}, "1.5 billion"),
    (2.5e12, "words", {}, "2.5 trillion"),
    (999_960_000, "words", {}, "1 billion"),  # rounds to 1000.0 million, so shown in billions
    (999_999, "words", {}, "999,999"),
    (36_210_368, "words", {"decimals": 2}, "36.21 million"),
    # full: grouped digits; one decimal below 100 unless whole
    (36_210_368, "full", {}, "36,210,368"),
    (12.345, "full", {}, "12.3"),
    (12.345, "full", {"decimals": 2}, "12.35"),
    (7, "full", {}, "7"),
    # percent: one decimal below 100%, none from 100% up, no trailing ".0"
    (0.434, "percent", {}, "43.4%"),
    (0.34, "percent", {}, "34%"),
    (1.234, "percent", {}, "123%"),
    (0.995, "percent", {}, "99.5%"),
    # change: a signed percentage
    (0.129, "change", {}, "+12.9%"),
    (-0.434, "change", {}, "\u221243.4%"),
    (0.4343, "change", {"decimals": 2}, "+43.43%"),
    (0.0, "change", {}, "0%"),
    (-0.0, "change", {}, "0%"),  # a negative zero never shows a minus sign
    # rise and increase: a change in words, decreases phrased as falls
    (2.0, "rise", {}, "rose by 200%"),
    (-0.434, "rise", {}, "fell by 43.4%"),
    (0, "rise", {}, "was unchanged"),
    (0.129, "increase", {}, "an increase of 12.9%"),
    (-0.434, "increase", {}, "a decrease of 43.4%"),
    (0, "increase", {}, "0%"),
    # ratio: a share as "1 in N"
    (1 / 3, "ratio", {}, "1 in 3"),
    (0.26, "ratio", {}, "1 in 4"),  # 1 ÷ 0.26 = 3.85
    (1.0, "ratio", {}, "1 in 1"),
    # multiple
    (32.7, "multiple", {}, "32.7 times"),
    (2.94, "multiple", {}, "2.9 times"),
    (3, "multiple", {"decimals": 0}, "3 times"),
    # year, rate, plain
    (2023.0, "year", {}, "2023"),
    (2022.9999999, "year", {}, "2023"),  # float noise rounds, never truncates
    (99_206.3, "rate", {"per": "day"}, "99,206 a day"),
    (8.219, "rate", {"per": "day"}, "8.2 a day"),
    (57.5, "rate", {"per": "week"}, "57.5 a week"),
    (250, "rate", {"per": "month"}, "250 a month"),
    (3000, "rate", {"per": "year"}, "3,000 a year"),
    (3000, "rate", {}, "3,000"),
    (1234, "plain", {}, "1234"),
    (1234.5, "plain", {}, "1234.50"),
])
def test_every_style(value: float, style: str, kwargs: dict, text: str) -> None:
    assert format_number(value, style, **kwargs) == text


def test_every_style_is_covered_above() -> None:
    assert set(STYLES) == {"words", "full", "percent", "change", "rise", "increase", "ratio", "multiple", "year",
                           "rate", "plain", "interval", "about-ratio"}  # the last two: tests/test_estimates.py


@pytest.mark.parametrize("style", STYLES)
def test_unknown_values_show_as_a_dash(style: str) -> None:
    assert format_number(None, style) == "–"
    assert format_number(float("nan"), style) == "–"


# --- qualifiers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("qualifier", "value", "text"), [
    ("exact", 276, "276"),
    ("at least", 350, "350+"),
    ("more than", 100, "over 100"),
    ("almost", 300, "almost 300"),
    ("at most", 300, "up to 300"),
    ("about", 29_200_000, "about 29.2 million"),
])
def test_qualifiers_of_a_number(qualifier: str, value: float, text: str) -> None:
    assert format_number(value, "words", qualifier=qualifier) == text


@pytest.mark.parametrize(("style", "kwargs", "qualifier", "text"), [
    # in a phrase the bound qualifies the number, and "at least" is spelled out
    ("rise", {}, "more than", "rose by over 10%"),
    ("rise", {}, "at least", "rose by at least 10%"),
    ("increase", {}, "about", "an increase of about 10%"),
    ("rate", {"per": "day"}, "almost", "almost 0.1 a day"),
    ("rate", {"per": "day"}, "at least", "at least 0.1 a day"),
    ("multiple", {}, "at least", "at least 0.1 times"),
    # for "1 in N" the bound applies to the whole phrase ("1 in over 10" would mean fewer)
    ("ratio", {}, "more than", "over 1 in 10"),
    ("ratio", {}, "at least", "at least 1 in 10"),
    ("change", {}, "about", "about +10%"),
    ("percent", {}, "at most", "up to 10%"),
])
def test_qualifiers_in_phrases(style: str, kwargs: dict, qualifier: str, text: str) -> None:
    assert format_number(0.1, style, qualifier=qualifier, **kwargs) == text


# --- French -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "style", "kwargs", "text"), [
    (36_210_368, "words", {}, "36,2 millions"),
    (100, "full", {"qualifier": "more than"}, "plus de 100"),
    (350, "full", {"qualifier": "at least"}, "350+"),
    (300, "full", {"qualifier": "almost"}, "près de 300"),
    (-0.434, "rise", {}, "a diminué de 43,4\u00a0%"),  # French sets a no-break space before %
    (0.129, "change", {}, "+12,9\u00a0%"),
    (1 / 3, "ratio", {}, "1 sur 3"),
    (2.94, "multiple", {}, "2,9 fois"),
    (8.219, "rate", {"per": "day"}, "8,2 par jour"),
    (1_234_567, "full", {}, "1\u202f234\u202f567"),  # narrow no-break spaces group the digits
])
def test_french(value: float, style: str, kwargs: dict, text: str) -> None:
    assert format_number(value, style, locale="fr", **kwargs) == text


def test_a_regional_locale_uses_its_language_phrases() -> None:
    assert format_number(-0.1, "rise", locale="fr_CA") == "a diminué de 10\u00a0%"
    assert format_number(-0.1, "rise", locale="de") == "fell by 10\u00a0%"  # no German phrases: English words, German number


# --- refusals --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "message"), [
    ({"style": "word"}, "unknown number style 'word'"),
    ({"qualifier": "roughly"}, "unknown qualifier 'roughly'"),
    ({"style": "rate", "per": "hour"}, "unknown period 'hour'"),
    ({"locale": "xx"}, "unknown locale 'xx'"),
])
def test_invalid_arguments_are_value_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        format_number(1.0, **kwargs)


@pytest.mark.parametrize("value", [0, -0.5, 1.5, 3])
def test_one_in_n_needs_a_share(value: float) -> None:
    with pytest.raises(ValueError, match="needs a share above 0 and at most 1"):
        format_number(value, "ratio")


def test_infinity_is_shown_not_crashed_on() -> None:
    assert format_number(float("inf"), "full") == "∞"
    assert format_number(float("-inf"), "words") == "\u2212∞"


def test_huge_values_keep_their_digits() -> None:
    assert format_number(1.5e15, "words") == "1500 trillion"
    assert format_number(1e300, "full").startswith("1,000,000,000")


# --- properties ---------------------------------------------------------------------------------------------

_UNITS = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIER_WORDS = re.compile(r"^(over |almost |up to |about )|\+$")


def parse_back(text: str) -> float:
    """The value an English reader takes from ``text`` (qualifier words and signs understood)."""
    text = _QUALIFIER_WORDS.sub("", text)
    match = re.fullmatch(r"([+\-−]?)([\d,]+(?:\.\d+)?)(%| million| billion| trillion)?", text)
    assert match, text
    sign, digits, unit = match.groups()
    number = float(digits.replace(",", ""))
    if unit == "%":
        number /= 100
    elif unit:
        number *= _UNITS[unit.strip()]
    return -number if sign in ("-", "−") else number


def is_negative_text(text: str) -> bool:
    return "-" in text or "−" in text or "fell" in text or "decrease" in text


finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)


@settings(max_examples=200, deadline=None)
@given(value=finite, style=st.sampled_from(["words", "full", "percent", "change"]),
       qualifier=st.sampled_from(["exact", "more than", "almost", "at most", "about", "at least"]))
def test_formatting_keeps_the_sign_and_the_magnitude(value: float, style: str, qualifier: str) -> None:
    text = format_number(value, style, qualifier=qualifier)
    shown = parse_back(text)
    # the rounding each style documents: words 0.05 of its unit, full 0.5 (or 0.05 below 100), percent 0.05 points
    if style in ("percent", "change"):
        tolerance = 0.005 if abs(value) >= 0.995 else 0.0005
    elif style == "words" and abs(value) >= 999_999.5:
        tolerance = 0.05 * max(u for u in _UNITS.values() if u <= max(abs(value), abs(shown)) * 1.0001)
    else:
        tolerance = 0.5
    assert abs(shown - value) <= tolerance * (1 + 1e-9) + abs(value) * 1e-12, (value, text)
    if value < 0:
        assert is_negative_text(text), (value, text)
    if value > 0 and shown != 0:
        assert not is_negative_text(text), (value, text)
    if style == "change" and value > 0:
        assert _QUALIFIER_WORDS.sub("", text).startswith("+"), text


@settings(max_examples=200, deadline=None)
@given(value=st.floats(min_value=1e6, max_value=1e12, exclude_max=True), negative=st.booleans())
def test_words_name_the_right_order_of_magnitude(value: float, negative: bool) -> None:
    value = -value if negative else value
    text = format_number(value, "words")
    match = re.fullmatch(r"(\u2212?)(\d+(?:\.\d)?) (million|billion|trillion)", text)
    assert match, text
    sign, digits, unit = match.groups()
    assert (sign == "\u2212") == negative
    number = float(digits)
    assert 1 <= number < 1000, text  # never "1000 million" nor "0.9 billion"
    # the unit is the largest the rounded value reaches: 999.96 million shows as "1 billion"
    expected = "million" if abs(value) < 999.95e6 else "billion" if abs(value) < 999.95e9 else "trillion"
    assert unit == expected, text
    assert abs(number * _UNITS[unit] - abs(value)) <= 0.05 * _UNITS[unit] * (1 + 1e-9), text


@settings(max_examples=150, deadline=None)
@given(value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6).filter(lambda v: v != 0),
       style=st.sampled_from(["rise", "increase"]), locale=st.sampled_from(["en", "fr"]))
def test_rises_and_falls_are_never_confused(value: float, style: str, locale: str) -> None:
    text = format_number(value, style, locale=locale)
    falls = ("fell", "decrease") if locale == "en" else ("diminué", "baisse")
    rises = ("rose", "increase of") if locale == "en" else ("augmenté", "hausse")
    assert any(w in text for w in (falls if value < 0 else rises)), text
    assert "-" not in text  # the phrase carries the sign, the number is a magnitude


@settings(max_examples=100, deadline=None)
@given(value=st.floats(min_value=1e-6, max_value=1.0))
def test_one_in_n_is_the_nearest_whole_reciprocal(value: float) -> None:
    text = format_number(value, "ratio")
    n = int(text.removeprefix("1 in ").replace(",", ""))
    assert n == int(half_up(1 / value, 0))  # reports round half up: 1 / 0.08 = 12.5 shows as "1 in 13"
    assert n >= 1 and math.isclose(1 / value, n, abs_tol=0.5 + 1e-9)


@pytest.mark.parametrize(("value", "style", "locale", "expected"), [
    (-0.434, "change", "en", "\u221243.4%"),
    (-0.434, "change", "fr", "\u221243,4\u00a0%"),
    (-1_234_567, "words", "en", "\u22121.2 million"),
    (-5, "full", "en", "\u22125"),
])
def test_negative_numbers_use_the_minus_sign_not_a_hyphen(value: float, style: str, locale: str, expected: str) -> None:
    text = format_number(value, style, locale=locale)
    assert "-" not in text
    assert text.replace("\u202f", "\u00a0") == expected
