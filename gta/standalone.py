"""A single self-contained HTML file: stylesheets, fonts and charts inlined as data URIs.

Only the builder's own HTML passes through here, so its links are known: stylesheets under
``assets/`` and images under ``charts/`` (with the screen and phone sources of each chart) and
``assets/`` (the theme's logo and cover image). Anything else is left as it is.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

_CSS_LINK = re.compile(r'<link rel="stylesheet" href="(assets/[^"]+)"(?: media="([^"]+)")?>')
_IMG_SRC = re.compile(r'<img (class="[^"]*" )?src="((?:charts|assets)/[^"]+)"')
_SRCSET = re.compile(r'<source (media="[^"]*" )?srcset="(charts/[^"]+)"')
_CSS_URL = re.compile(r'url\("([^")]+)"\)')
_CSS_IMPORT = re.compile(r'@import url\("([^")]+)"\);')
_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf", ".css": "text/css"}


def inline_assets(html_text: str, base: Path) -> str:
    """Return ``html_text`` with every local stylesheet and chart embedded."""
    def css(m: re.Match[str]) -> str:
        media = f' media="{m.group(2)}"' if m.group(2) else ""
        return f"<style{media}>\n{_inline_css((base / m.group(1)), base)}\n</style>"

    def img(m: re.Match[str]) -> str:
        return f'<img {m.group(1) or ""}src="{_data_uri(base / m.group(2))}"'

    def source(m: re.Match[str]) -> str:
        return f'<source {m.group(1) or ""}srcset="{_data_uri(base / m.group(2))}"'

    return _SRCSET.sub(source, _IMG_SRC.sub(img, _CSS_LINK.sub(css, html_text)))


def _inline_css(path: Path, base: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = _CSS_IMPORT.sub(lambda m: _inline_css(path.parent / m.group(1), base)
                           if (path.parent / m.group(1)).exists() else "", text)
    return _CSS_URL.sub(lambda m: f'url("{_data_uri(path.parent / m.group(1))}")'
                        if (path.parent / m.group(1)).exists() else m.group(0), text)


def _data_uri(path: Path) -> str:
    mime = _TYPES.get(path.suffix, "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
