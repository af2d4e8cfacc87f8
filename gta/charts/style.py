"""The house style in one place: the style file, the palette, fonts and text sizes.

The categorical palette is colour-blind safe: under simulated deuteranopia and protanopia
(Machado et al. 2009) every pair of its colours stays at least 12 CIEDE2000 units apart, and the
first three (which most charts use) at least 20 (``tests/test_colourblind.py`` checks it). Order
matters: charts take colours from the front.
"""

from __future__ import annotations

import colorsys
import contextlib
import functools
import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

STYLE_FILE = Path(__file__).with_name("house.mplstyle")
FONT_FAMILY = "Source Sans Pro"

#: Categorical series colours, most distinct first (blue, vermillion, teal, wine, sky, red, pink, orange).
PALETTE: tuple[str, ...] = ("#0072B2", "#D55E00", "#44AA99", "#882255", "#33BBEE", "#B2182B", "#EE3377", "#E69F00")
#: Sequential ramp (light to dark, one hue) for heatmaps: order by lightness survives any colour vision.
SEQUENTIAL: tuple[str, ...] = ("#F4F8FB", "#C9DDED", "#8DB9DA", "#4A90C2", "#1D6AA5", "#0B3C5D")
INK = "#222222"  # titles and labels
MUTED = "#5F5F5F"  # subtitles, source lines, break markers (7:1 on white)
GRID = "#DEDEDE"
MISSING = "#9A9A9A"  # the "no data" dash where a bar would be
SLIDE_SCALE = 1.3  # slides are viewed from further away: every font size grows by this factor


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points for one output size (print, or slide = print x SLIDE_SCALE)."""

    scale: float = 1.0
    strong: int = 600  # titles and emphasised labels: semibold, or the nearest weight every font has
    rtl: bool = False  # right-to-left language: titles, notes and legends keep to the right

    @property
    def label(self) -> float:  # direct labels of series
        return 8.5 * self.scale

    @property
    def value(self) -> float:  # value labels on points and bars
        return 8.0 * self.scale

    @property
    def small(self) -> float:  # break markers, annotations, "no data"
        return 7.5 * self.scale

    @property
    def title(self) -> float:
        return 12.5 * self.scale

    @property
    def subtitle(self) -> float:
        return 9.0 * self.scale

    @property
    def source(self) -> float:
        return 7.5 * self.scale


def colour(i: int) -> str:
    """The i-th series colour (charts with more series than colours are refused by the spec)."""
    return PALETTE[i % len(PALETTE)]


def text_colour(hex_colour: str, minimum: float = 4.5) -> str:
    """The series colour, darkened until text in it reaches ``minimum`` contrast on white (WCAG)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, lightness, s = colorsys.rgb_to_hls(r, g, b)
    while _contrast_on_white(colorsys.hls_to_rgb(h, lightness, s)) < minimum and lightness > 0:
        lightness = max(0.0, lightness - 0.02)
    r, g, b = colorsys.hls_to_rgb(h, lightness, s)
    return "#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def _contrast_on_white(rgb: tuple[float, float, float]) -> float:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
    return 1.05 / (lum + 0.05)


def font_files() -> list[str]:
    """The Source Sans Pro TrueType files shipped by the ``font-source-sans-pro`` package."""
    import font_source_sans_pro

    return sorted(glob.glob(os.path.join(font_source_sans_pro.__path__[0], "files", "*.ttf")))


_fonts_registered = False


def register_fonts() -> None:
    global _fonts_registered
    if _fonts_registered:
        return
    from matplotlib import font_manager

    for path in font_files():
        font_manager.fontManager.addfont(path)
    _fonts_registered = True


def strong_weight(fonts: tuple[tuple[str, str, int], ...]) -> int:
    """The weight of titles: semibold (600) when every family drawing the chart has it, else bold
    (700) when they all have that, else regular.

    NOTE: matplotlib looks up each family of the list at the weight asked for and logs a warning
    for every family that lacks it (Noto Sans Arabic and Noto Sans CJK SC come in 400 and 700 only).
    """
    weights: dict[str, set[int]] = {}
    for family, path, face in fonts:
        weights.setdefault(family, set()).add(_weight_class(path, face))
    for wanted in (600, 700):
        if all(wanted in w for w in weights.values()):
            return wanted
    return 400


@functools.lru_cache(maxsize=32)
def _weight_class(path: str, face: int) -> int:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=face, lazy=True) as font:
        return int(font["OS/2"].usWeightClass) if "OS/2" in font else 400


@contextlib.contextmanager
def house_style(scale: float = 1.0, fonts: tuple[tuple[str, str, int], ...] = (),
                locale: tuple[str, str | None] = ("en", None), *, lead: bool = False,
                rtl: bool = False) -> Iterator[Sizes]:
    """Apply the style file, the palette and scaled font sizes while drawing and saving.

    ``fonts`` (family, file, face) follow Source Sans Pro for scripts it lacks (Arabic), or with
    ``lead`` draw the whole chart (Chinese: Noto Sans CJK's Latin letters are Source Sans Pro's
    design, and WeasyPrint sets an SVG's Chinese text in the first family only, or in a Japanese
    face); ``locale`` formats the numbers drawn, and ``rtl`` aligns the text around the chart to the
    right. Titles use a weight every family has.
    """
    import matplotlib as mpl
    from cycler import cycler

    from ..formatting import number_locale

    register_fonts()
    if fonts:
        from matplotlib import font_manager

        for path in dict.fromkeys(f[1] for f in fonts):
            font_manager.fontManager.addfont(path)
    with mpl.rc_context(fname=str(STYLE_FILE)), number_locale(*locale):
        strong = strong_weight(fonts)
        rc = {"axes.prop_cycle": cycler(color=list(PALETTE)), "axes.titleweight": strong}
        if fonts:  # NOTE: matplotlib falls back glyph by glyph only along font.family, not a generic's list
            house, script = mpl.rcParams["font.sans-serif"][0], list(dict.fromkeys(f[0] for f in fonts))
            rc["font.family"] = [*script, house, "sans-serif"] if lead else [house, *script, "sans-serif"]
        if scale != 1.0:
            for key in ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                        "legend.fontsize"):
                rc[key] = float(mpl.rcParams[key]) * scale
        with mpl.rc_context(rc):
            yield Sizes(scale, strong, rtl)


def fingerprint() -> bytes:
    """Everything about the look that is not code: the style file and the palettes."""
    return STYLE_FILE.read_bytes() + repr((PALETTE, SEQUENTIAL, INK, MUTED, GRID, MISSING, SLIDE_SCALE)).encode()
