"""The series palette stays distinguishable for readers with red-green colour vision deficiency.

Each colour is passed through the Machado, Oliveira and Fernandes (2009) simulation matrices for
full-severity protanopia and deuteranopia (applied to linear RGB), converted to CIELAB (D65), and
every pair is compared with CIEDE2000. A difference of about 2 is just noticeable; categorical
colours need far more than that to be told apart in a thin line or a small legend patch.
"""

from __future__ import annotations

import itertools
import math

import pytest

from gta.charts.style import PALETTE, SEQUENTIAL, text_colour

# Machado et al. (2009), severity 1.0, for linear RGB.
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998))
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
IDENTITY = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
VISIONS = {"typical": IDENTITY, "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA}

MIN_ALL = 12.0  # every pair of the eight colours
MIN_FIRST_THREE = 20.0  # the colours most charts use


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    return tuple(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(hex_colour: str, matrix) -> tuple[float, float, float]:
    lin = [_to_linear(c) for c in _rgb(hex_colour)]
    out = [sum(m * c for m, c in zip(row, lin, strict=True)) for row in matrix]
    return tuple(_to_srgb(c) for c in out)  # type: ignore[return-value]


def lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (_to_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    dH = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, cp_bar = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_bar - 30)) + 0.24 * math.cos(math.radians(2 * h_bar))
         + 0.32 * math.cos(math.radians(3 * h_bar + 6)) - 0.20 * math.cos(math.radians(4 * h_bar - 63)))
    d_theta = 30 * math.exp(-(((h_bar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * cp_bar
    sh = 1 + 0.015 * cp_bar * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


def _closest(colours, matrix) -> tuple[float, str, str]:
    labs = {c: lab(simulate(c, matrix)) for c in colours}
    return min((ciede2000(labs[a], labs[b]), a, b) for a, b in itertools.combinations(colours, 2))


def test_ciede2000_matches_published_test_data():
    # Sharma, Wu and Dalal (2005), table 1, pairs 1 and 17.
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert ciede2000((50.0, 2.5, 0.0), (73.0, 25.0, -18.0)) == pytest.approx(27.1492, abs=1e-4)


def test_simulation_is_the_identity_for_grey():
    # Machado matrices keep neutral colours neutral: a check that they are applied in linear RGB.
    r, g, b = simulate("#777777", DEUTERANOPIA)
    assert abs(r - g) < 0.01 and abs(g - b) < 0.01


@pytest.mark.parametrize("vision", sorted(VISIONS))
def test_no_two_series_colours_are_too_close(vision):
    distance, a, b = _closest(PALETTE, VISIONS[vision])
    assert distance >= MIN_ALL, f"{a} and {b} are {distance:.1f} apart under {vision} (minimum {MIN_ALL})"


@pytest.mark.parametrize("vision", sorted(VISIONS))
def test_the_first_three_colours_are_far_apart(vision):
    distance, a, b = _closest(PALETTE[:3], VISIONS[vision])
    assert distance >= MIN_FIRST_THREE, f"{a} and {b} are {distance:.1f} apart under {vision}"


def test_palette_has_eight_distinct_colours_for_up_to_eight_lines():
    assert len(PALETTE) == len(set(PALETTE)) == 8


@pytest.mark.parametrize("vision", sorted(VISIONS))
def test_sequential_ramp_gets_darker_step_by_step_in_any_colour_vision(vision):
    lightness = [lab(simulate(c, VISIONS[vision]))[0] for c in SEQUENTIAL]
    assert all(a - b > 8 for a, b in zip(lightness, lightness[1:], strict=False)), lightness


def test_label_text_in_series_colours_is_readable_on_white():
    def luminance(hex_colour):
        r, g, b = (_to_linear(c) for c in _rgb(hex_colour))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for c in PALETTE:
        assert 1.05 / (luminance(text_colour(c)) + 0.05) >= 4.5, c
