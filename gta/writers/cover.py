"""The cover: the edition's title and year set large, and art drawn from the edition's own data.

The motif is one bar a year of a series the edition shows (:class:`gta.plan.Motif`), drawn as an
inline SVG in the theme's colours: the latest year in the highlight colour. It is decoration with
a caption, never a chart to read values from (the report's figures do that).
"""

from __future__ import annotations

import html
import re
from typing import Any

from markupsafe import Markup

from ..i18n.messages import N_
from ..plan import EditionPlan, Motif

WIDTH, HEIGHT = 210.0, 150.0  # the art's box, in the cover's millimetres
GAP = 0.28  # share of each slot left empty between bars


def cover_context(plan: EditionPlan) -> dict[str, Any]:
    """What the cover and back cover templates need: title parts, art, logo and contact."""
    loc = plan.loc
    edition = plan.edition
    name, year = split_title(edition.title, loc.integer(edition.year))
    theme = plan.theme
    motif = plan.motif
    image = theme.cover.image if theme.cover.motif == "image" else ""
    return {
        "name": name,
        "year": year,
        "art": Markup(motif_svg(motif, theme.colours.cover_ink, theme.colours.highlight)) if motif is not None else None,
        "art_caption": loc.format(N_("Cover: %(label)s, %(first)s–%(last)s, one bar a year"), label=motif.label,
                                  first=loc.integer(motif.first), last=loc.integer(motif.last)) if motif else "",
        "image": f"assets/theme/{image.rsplit('/', 1)[-1]}" if image else "",
        "logo": f"assets/theme/{theme.logo.rsplit('/', 1)[-1]}" if theme.logo else "",
        "website": theme.contact.website,
        "website_text": re.sub(r"^https?://", "", theme.contact.website).rstrip("/"),
        "email": theme.contact.email,
    }


def split_title(title: str, year: str) -> tuple[str, str]:
    """"Global Threat Assessment 2025" → ("Global Threat Assessment", "2025"): the year is set apart.

    A title that does not end with its year keeps it whole, and the year is shown beside it.
    """
    stripped = title.rstrip()
    for y in dict.fromkeys((year, re.sub(r"\D", "", year))):
        if y and stripped.endswith(y):
            return stripped[: -len(y)].rstrip(" \u00a0-–—:"), y
    return stripped, year


def motif_svg(motif: Motif, colour: str, latest_colour: str) -> str:
    """Bars rising from the bottom edge, scaled to the series' largest value; the latest one highlighted."""
    values = [v if v is not None and v > 0 else 0.0 for v in motif.values]
    top = max(values) or 1.0
    slot = WIDTH / len(values)
    bars = []
    n = len(values)
    for i, v in enumerate(values):
        h = (HEIGHT * 0.92) * v / top
        if h <= 0:
            continue
        x = i * slot + slot * GAP / 2
        latest = i == n - 1
        opacity = 1.0 if latest else 0.18 + 0.5 * (i / max(n - 1, 1))
        fill = latest_colour if latest else colour
        bars.append(f'<rect fill="{fill}" x="{x:.2f}" y="{HEIGHT - h:.2f}" width="{slot * (1 - GAP):.2f}" '
                    f'height="{h:.2f}" opacity="{opacity:.2f}"/>')
    label = html.escape(motif.label)
    return (f'<svg class="motif" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false"><title>{label}</title>{"".join(bars)}</svg>')
