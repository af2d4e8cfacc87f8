"""The theme: colours, fonts, logo and cover art of the report, from one file.

An organisation brands its report by writing ``theme.yaml`` at the project's root; a project
without one uses the builder's default (``templates/theme.yaml``). Templates and stylesheets
never name a colour or a font: they use the CSS custom properties :func:`theme_css` writes.
Earlier editions keep their own colours through ``editions:`` (one block of overrides per year).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from .errors import GtaError, Problems, display_path
from .model import Model, validate
from .yamlio import line_of, load_yaml

THEME_FILE = "theme.yaml"
DEFAULT_THEME = Path(__file__).resolve().parents[1] / "templates" / THEME_FILE
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
_FAMILY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{0,62}$")
IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")
FONT_TYPES = (".ttf", ".otf", ".woff", ".woff2")


def _family(value: str) -> str:
    if not _FAMILY.match(value):
        raise ValueError(f"a font family is letters, digits, spaces and '-', got {value!r}")
    return value


def _colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"a colour is written #rrggbb, got {value!r}")
    return value.lower()


class Colours(Model):
    """The palette of the page (charts keep their own colour-blind-safe palette)."""

    accent: str = "#5b2a86"  # chapter numbers, rules, headings of boxes
    accent_dark: str = "#2e1347"  # the cover, chapter openers and the back cover
    accent_2: str = "#0f6e8c"  # links
    highlight: str = "#f2b134"  # the cover motif's latest value and the key figure's rule
    ink: str = "#1d1d1f"  # text
    muted: str = "#555a60"  # captions, running heads
    rule: str = "#d5d7db"  # table rules
    tint: str = "#f4f1f8"  # tiles, boxes and call-outs
    cover_ink: str = "#ffffff"  # text on the dark cover and openers

    _hex = field_validator("*")(_colour)


class FontFace(Model):
    """A font file of the project, copied beside the report and declared with @font-face."""

    family: str
    file: str  # a path inside the project
    weight: int = Field(default=400, ge=100, le=900)
    style: Literal["normal", "italic"] = "normal"

    _family = field_validator("family")(_family)


class Fonts(Model):
    sans: str = "Source Sans Pro"  # headings, captions, tables, tiles
    serif: str = "Source Serif Pro"  # running text
    files: list[FontFace] = Field(default_factory=list)  # faces beyond the bundled Source fonts

    _families = field_validator("sans", "serif")(_family)


class Cover(Model):
    """The cover's art: bars drawn from a dataset series of the edition, an image, or nothing."""

    motif: Literal["data", "image", "none"] = "data"
    # "<dataset>.<series>" for the data motif (values up to the edition's data cut-off); empty: the
    # first series of the edition's first chart over years
    series: str = ""
    image: str = ""  # a file inside the project, for the image motif


class Contact(Model):
    website: str = ""
    email: str = ""


class EditionStyle(Model):
    """What an earlier edition keeps of its own look."""

    colours: dict[str, str] = Field(default_factory=dict)  # any of the Colours fields

    @field_validator("colours")
    @classmethod
    def _known(cls, value: dict[str, str]) -> dict[str, str]:
        for key, colour in value.items():
            if key not in Colours.model_fields:
                raise ValueError(f"unknown colour {key!r}; known: {', '.join(Colours.model_fields)}")
            _colour(colour)
        return {k: v.lower() for k, v in value.items()}


class Theme(Model):
    """One theme file (see docs/theme.md)."""

    name: str = "default"
    colours: Colours = Field(default_factory=Colours)
    fonts: Fonts = Field(default_factory=Fonts)
    logo: str = ""  # an SVG or PNG inside the project; without it the author's name is set as a wordmark
    cover: Cover = Field(default_factory=Cover)
    contact: Contact = Field(default_factory=Contact)
    editions: dict[int, EditionStyle] = Field(default_factory=dict)
    root: str = ""  # the folder file paths are relative to (set when read)

    def for_edition(self, year: int) -> Theme:
        """The theme with edition ``year``'s own colours applied."""
        style = self.editions.get(year)
        if style is None or not style.colours:
            return self
        return self.model_copy(update={"colours": self.colours.model_copy(update=style.colours)})

    def file(self, relative: str) -> Path:
        return Path(self.root) / relative


def read_theme(root: Path, problems: Problems) -> Theme:
    """The project's ``theme.yaml``, or the builder's default; files it names must be inside its folder."""
    path = root / THEME_FILE if (root / THEME_FILE).is_file() else DEFAULT_THEME
    try:
        raw = load_yaml(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return Theme()
    theme = validate(Theme, raw or {}, display_path(path), problems)
    if theme is None:
        return Theme()
    base = path.parent.resolve()
    named = [("logo", theme.logo, IMAGE_TYPES, ("logo",)), ("cover image", theme.cover.image, IMAGE_TYPES,
                                                          ("cover", "image"))]
    named += [(f"font {f.family}", f.file, FONT_TYPES, ("fonts", "files", i, "file")) for i, f in enumerate(theme.fonts.files)]
    for what, rel, kinds, keys in named:
        if not rel:
            continue
        target = (base / rel).resolve()
        if not target.is_relative_to(base) or not target.is_file() or target.suffix.lower() not in kinds:
            problems.add(path, line_of(raw, *keys), f"{what} '{rel}' is not a {'/'.join(kinds)} file inside "
                         f"{display_path(base)}", "name a file inside the project, relative to the theme file")
    if theme.cover.motif == "image" and not theme.cover.image:
        problems.add(path, line_of(raw, "cover"), "cover motif 'image' needs 'image: <file>'",
                     "name the image, or use motif: data")
    if theme.cover.series and theme.cover.series.count(".") != 1:
        problems.add(path, line_of(raw, "cover", "series"), f"cover series '{theme.cover.series}' is not "
                     "'<dataset>.<series>'", "for example series: ncmec_cybertipline.reports, or leave it out")
    return theme.model_copy(update={"root": str(base)})


def theme_css(theme: Theme) -> str:
    """The theme as CSS: custom properties every stylesheet uses, and @font-face for the theme's own fonts."""
    c = theme.colours
    faces = "".join(f'@font-face {{ font-family: "{f.family}"; src: url("fonts/{Path(f.file).name}"); '
                    f"font-weight: {f.weight}; font-style: {f.style}; }}\n" for f in theme.fonts.files)
    props = {"accent": c.accent, "accent-dark": c.accent_dark, "accent-2": c.accent_2, "highlight": c.highlight,
             "ink": c.ink, "muted": c.muted, "rule": c.rule, "tint": c.tint, "cover-ink": c.cover_ink}
    lines = "".join(f"  --{k}: {v};\n" for k, v in props.items())
    fonts = (f'  --sans: "{theme.fonts.sans}", "GTA Symbols", sans-serif;\n'
             f'  --serif: "{theme.fonts.serif}", "GTA Symbols", serif;\n')
    # NOTE: page boxes cannot read custom properties, so the pages in the theme's colours are written out.
    dark = (f"@page {{name}} {{ background: {c.accent_dark}; @bottom-right {{ color: {c.cover_ink}; }} "
            f"@bottom-left {{ color: {c.cover_ink}; }} }}\n")
    pages = "".join(dark.replace("{name}", name) for name in ("cover", "opener", "body-opener", "back-cover"))
    return (f"/* Written from the theme '{theme.name}'; edit the theme file, not this one. */\n{faces}"
            f":root {{\n{lines}{fonts}}}\n@media print {{\n{pages}}}\n")
