"""Fonts per language, and the check that every character of a report has a glyph in them.

The Latin fonts (Source Serif Pro, Source Sans Pro, DejaVu for symbols) come from PyPI packages
and travel with the report. Arabic and Chinese use Noto fonts from Debian's ``fonts-noto-core``
and ``fonts-noto-cjk`` (``make setup`` installs them), found through fontconfig.

WeasyPrint never fails for a missing glyph: it draws an empty box, or whatever font the system
happens to have. So before the PDF is laid out, :func:`check_glyphs` looks up every character of
the report in the character maps of the fonts its stylesheets name for the language, and fails
with the character and the fonts when none of them has it.
"""

from __future__ import annotations

import functools
import html.parser
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import GtaError, Problem, display_path

# Debian packages that provide each language's fonts (installed by `make setup` when it can).
PACKAGES = {"ar": "fonts-noto-core", "zh": "fonts-noto-cjk"}
# Families per language, beyond the Latin ones; the same names are in templates/css/i18n.css.
LANGUAGE_FONTS: dict[str, tuple[str, ...]] = {
    "ar": ("Noto Naskh Arabic", "Noto Sans Arabic"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC"),
}


@dataclass(frozen=True)
class FontFile:
    """One font face: its family as the stylesheets name it, the file, and the face in a collection."""

    family: str
    path: Path
    index: int = 0


def report_fonts() -> list[Path]:
    """Source Sans Pro and Source Serif Pro, from their PyPI packages (never from the network)."""
    import font_source_sans_pro
    import font_source_serif_pro

    sans = Path(font_source_sans_pro.__path__[0]) / "files"
    serif = Path(font_source_serif_pro.__path__[0]) / "files"
    dejavu = _dejavu_dir()
    names = [sans / f"SourceSansPro-{w}.ttf" for w in ("Regular", "It", "Semibold", "Bold")] + \
            [serif / f"SourceSerifPro-{w}.ttf" for w in ("Regular", "It", "Semibold", "Bold")] + \
            [dejavu / "DejaVuSans.ttf", dejavu / "DejaVuSansMono.ttf"]
    return [p for p in names if p.exists()]


def font_licences() -> str:
    """The fonts' licences travel with them (SIL OFL for Source; DejaVu's own licence)."""
    import font_source_sans_pro
    import font_source_serif_pro

    parts = [("Source Sans Pro", Path(font_source_sans_pro.__path__[0]) / "files" / "LICENSE.txt"),
             ("Source Serif Pro", Path(font_source_serif_pro.__path__[0]) / "files" / "LICENSE.txt"),
             ("DejaVu (bundled with matplotlib)", _dejavu_dir() / "LICENSE_DEJAVU")]
    return "\n\n".join(f"== {name} ==\n{p.read_text(errors='replace')}" for name, p in parts if p.exists())


def _dejavu_dir() -> Path:
    """matplotlib's bundled DejaVu fonts, found without importing matplotlib (only the chart writer does)."""
    import importlib.util

    spec = importlib.util.find_spec("matplotlib")
    origin = Path(spec.origin) if spec and spec.origin else Path(".")
    return origin.parent / "mpl-data" / "fonts" / "ttf"


def latin_fonts() -> list[FontFile]:
    """The fonts every edition uses (the files the build copies beside the report)."""
    names = {"SourceSansPro": "Source Sans Pro", "SourceSerifPro": "Source Serif Pro",
             "DejaVuSansMono": "GTA Mono", "DejaVuSans": "GTA Symbols"}
    out = []
    for path in report_fonts():
        family = next(v for k, v in names.items() if path.stem.startswith(k))
        out.append(FontFile(family, path))
    return out


@functools.lru_cache(maxsize=32)
def system_font(family: str) -> tuple[FontFile, ...]:
    """The installed faces of ``family`` (fontconfig), regular first; empty when it is not installed."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        out = subprocess.run([fc_list, "-f", "%{file}|%{index}|%{style}\n", f":family={family}"], check=True,
                             capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in sorted(set(out.splitlines())):
        path, _, rest = line.partition("|")
        index, _, style = rest.partition("|")
        faces.append((0 if "Regular" in style else 1, FontFile(family, Path(path), int(index or 0))))
    return tuple(f for _, f in sorted(faces, key=lambda x: (x[0], str(x[1].path), x[1].index)))


def language_fonts(lang: str, *, required: bool = True) -> list[FontFile]:
    """Every font the report may use for ``lang``: the language's own first, then the Latin ones.

    Raises a :class:`GtaError` naming the missing family and the package that provides it.
    """
    found: list[FontFile] = []
    problems = []
    for family in LANGUAGE_FONTS.get(lang, ()):
        faces = system_font(family)
        if not faces:
            problems.append(Problem("fonts", None, f"font '{family}' for language '{lang}' is not installed",
                                    f"run 'make setup', or install the Debian package {PACKAGES[lang]} "
                                    "(apt-get install " + PACKAGES[lang] + ")"))
        found.extend(faces)
    if problems and required:
        raise GtaError(problems)
    return found + latin_fonts()


def font_fingerprint(lang: str) -> str:
    """What the language's fonts are, for build keys: an installed or updated font rebuilds the report."""
    parts = []
    for f in language_fonts(lang, required=False):
        try:
            parts.append(f"{f.family}|{f.path}|{f.index}|{f.path.stat().st_size}")
        except OSError:
            parts.append(f"{f.family}|{f.path}|missing")
    return ";".join(parts)


@functools.lru_cache(maxsize=64)
def _cmap(path: Path, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


def needs_glyph(ch: str) -> bool:
    """Whitespace, controls and invisible formatting characters (bidi marks, joiners) draw nothing."""
    if ch.isspace() or "\ufe00" <= ch <= "\ufe0f":  # variation selectors only choose a form
        return False
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


class _Text(html.parser.HTMLParser):
    """The text a reader sees: everything but scripts, styles and the document head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible_text(html_text: str) -> str:
    parser = _Text()
    parser.feed(html_text)
    parser.close()
    return "".join(parser.parts)


def check_glyphs(html_text: str, lang: str, where: Path | str, fonts: list[FontFile] | None = None) -> None:
    """Fail, naming each character and the fonts searched, when no font of ``lang`` can draw it."""
    check_text_glyphs(visible_text(html_text), lang, where, fonts)


def check_text_glyphs(text: str, lang: str, where: Path | str, fonts: list[FontFile] | None = None) -> None:
    """As :func:`check_glyphs`, for plain text (what a plan will show)."""
    fonts = fonts if fonts is not None else language_fonts(lang)
    covered: set[int] = set()
    for f in fonts:
        covered |= _cmap(f.path, f.index)
    missing = sorted({ch for ch in text if needs_glyph(ch) and ord(ch) not in covered})
    if not missing:
        return
    families = ", ".join(dict.fromkeys(f"'{f.family}'" for f in fonts))
    problems = []
    for ch in missing[:20]:
        at = text.index(ch)
        context = " ".join(text[max(0, at - 30): at + 30].split())
        name = unicodedata.name(ch, "unnamed character")
        problems.append(Problem(display_path(where), None,
                                f"no font has a glyph for '{ch}' (U+{ord(ch):04X} {name}), in “{context}”: "
                                f"searched {families}",
                                "remove or replace the character, or add a font that has it to the language's "
                                "stack (gta/fonts.py and templates/css/i18n.css)"))
    raise GtaError(problems)
