"""SVGs that travel: a title and description for screen readers, and the fonts they are drawn in.

Matplotlib keeps SVG text as text (``svg.fonttype: none``), so it stays selectable and searchable,
but a viewer without Source Sans Pro draws it in another font, wider or narrower than the one the
layout was measured in (an SVG shown with ``<img>`` cannot use the page's fonts either). Every
SVG therefore carries a subset of each font it uses (only the characters it shows, WOFF2 in an
``@font-face`` rule): it looks the same everywhere, for about 5 KB per face (15-20 KB per chart).
The same characters always give the same bytes.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

SVG_NS = "{http://www.w3.org/2000/svg}"
GENERIC = {"sans-serif", "serif", "monospace", "cursive", "fantasy", "system-ui"}
_OPEN_TAG = re.compile(rb"<svg\b[^>]*>")


def add_title(svg: bytes, title: str, desc: str, key: str = "chart") -> bytes:
    """``<title>`` and ``<desc>`` as the first children of the root, and ``role="img"`` on it.

    ``key`` makes the element ids unique when several SVGs end up in one page.
    """
    match = _OPEN_TAG.search(svg)
    if match is None:
        return svg
    tag = match.group(0)
    if b' role="' not in tag:
        tag = tag[:-1] + f' role="img" aria-labelledby="{key}-title {key}-desc">'.encode()
    inner = (f'\n <title id="{key}-title">{html.escape(title, quote=False)}</title>'
             f'\n <desc id="{key}-desc">{html.escape(desc, quote=False)}</desc>').encode()
    return svg[:match.start()] + tag + inner + svg[match.end():]


def embed_fonts(svg: bytes, fallbacks: Sequence[tuple[str, str, int]] = ()) -> bytes:
    """Add ``@font-face`` rules with subsets of the fonts the SVG's text uses (call while the style is active).

    ``fallbacks`` are (family, file, face) of the fonts drawing scripts Source Sans Pro lacks.
    """
    groups = text_groups(svg)
    if not groups:
        return svg
    # NOTE: one rule per family, weight and style: two rules alike would hide each other's glyphs.
    faces: dict[tuple[str, str, str, str, int], set[str]] = {}
    for (families, weight, style), chars in sorted(groups.items()):
        for family, path, face, used in assign_fonts(families, weight, style, chars, fallbacks):
            faces.setdefault((family, weight, style, path, face), set()).update(used)
    rules = []
    for (family, weight, style, path, face), used in sorted(faces.items()):
        data = subset_woff2(path, face, "".join(sorted(used)))
        rules.append(f"@font-face {{font-family: '{family}'; font-weight: {weight}; font-style: {style}; "
                     f"src: url(data:font/woff2;base64,{base64.b64encode(data).decode('ascii')}) format('woff2')}}")
    if not rules:
        return svg
    block = ('<style type="text/css">' + "\n".join(rules) + "</style>\n").encode("utf-8")
    at = svg.find(b"<defs>")
    if at >= 0:
        at += len(b"<defs>")
        return svg[:at] + b"\n  " + block + svg[at:]
    match = _OPEN_TAG.search(svg)
    assert match is not None
    return svg[:match.end()] + b"\n <defs>" + block + b"</defs>" + svg[match.end():]


def text_groups(svg: bytes) -> dict[tuple[tuple[str, ...], str, str], set[str]]:
    """Characters of the SVG's text, by (font families, weight, style)."""
    root = ET.fromstring(svg)
    groups: dict[tuple[tuple[str, ...], str, str], set[str]] = {}
    for el in root.iter(f"{SVG_NS}text"):
        text = "".join(el.itertext())
        if not text.strip():
            continue
        style = _style(el.get("style", ""))
        families = tuple(f.strip().strip("'\"") for f in style.get("font-family", "sans-serif").split(","))
        weight = _weight(style.get("font-weight", "normal"))
        slant = "italic" if style.get("font-style") in ("italic", "oblique") else "normal"
        groups.setdefault((families, weight, slant), set()).update(text + " ")
    return groups


def assign_fonts(families: tuple[str, ...], weight: str, style: str, chars: set[str],
                 fallbacks: Sequence[tuple[str, str, int]]) -> list[tuple[str, str, int, set[str]]]:
    """(family, file, face, characters) for each family that draws some of ``chars``, first match first."""
    left = set(chars)
    out = []
    for family in families:
        if not left or family in GENERIC:
            continue
        files = [(p, face) for f, p, face in fallbacks if f == family]
        # NOTE: a fallback family may come as several files (regular, bold): take the nearest weight.
        found = min(files, key=lambda pf: abs(_weight_class(*pf) - int(weight))) if files else \
            _find(family, weight, style)
        if found is None:
            continue
        cmap = _cmap(*found)
        used = {c for c in left if ord(c) in cmap or c.isspace()}
        if used - {" "}:
            out.append((family, found[0], found[1], used))
            left -= used
    return out


@functools.lru_cache(maxsize=64)
def _find(family: str, weight: str, style: str) -> tuple[str, int] | None:
    """The installed face of ``family`` nearest to ``weight`` (and in ``style`` when it has one).

    NOTE: chosen here rather than by ``findfont``, which logs a warning for every weight a family lacks.
    """
    from matplotlib import font_manager

    faces = [f for f in font_manager.fontManager.ttflist if f.name == family]
    if not faces:
        return None
    best = min(faces, key=lambda f: (f.style != style, abs(_mpl_weight(f.weight) - int(weight)), f.fname, f.index))
    return (str(best.fname), int(best.index))


def _mpl_weight(weight: str | int) -> int:
    return weight if isinstance(weight, int) else int(_weight(str(weight)))


@functools.lru_cache(maxsize=16)
def _weight_class(path: str, face: int) -> int:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=face, lazy=True) as font:
        return int(font["OS/2"].usWeightClass) if "OS/2" in font else 400


@functools.lru_cache(maxsize=16)
def _cmap(path: str, face: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=face, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


@functools.lru_cache(maxsize=128)
def subset_woff2(path: str, face: int, chars: str) -> bytes:
    """A WOFF2 subset of one font with just ``chars`` (fontTools' default features: shaping, kerning)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # NOTE: keep the copyright and licence (SIL OFL) names
    with TTFont(path, fontNumber=face, recalcTimestamp=False, lazy=True) as font:  # NOTE: 5x faster
        sub = subset.Subsetter(options)
        sub.populate(text=chars)
        sub.subset(font)
        buf = io.BytesIO()
        font.flavor = "woff2"
        font.save(buf, reorderTables=False)
    return buf.getvalue()


def _style(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def _weight(value: str) -> str:
    names = {"normal": "400", "regular": "400", "medium": "500", "semibold": "600", "demibold": "600",
             "bold": "700", "heavy": "800", "black": "900", "light": "300"}
    value = value.strip().lower()
    return value if value.isdigit() else names.get(value, "400")
