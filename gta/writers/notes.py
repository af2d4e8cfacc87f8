"""How notes and links are set: grouped reference numbers, lettered caveat notes, breakable URLs.

Two systems a reader never confuses: references are numbers in brackets, grouped ("[2, 3]",
"[2–4]"), and caveat notes are letters (a, b, c …). A URL breaks only after "/" or "." and is
never hyphenated, so a copied link works.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass

from ..plan import Placement


@dataclass(frozen=True)
class CiteGroup:
    """Citations that stand together in the text ("… totals,[2, 3]"), in the order written."""

    cites: tuple[Placement, ...]

    @property
    def block(self) -> bool:
        return False

    def runs(self) -> list[tuple[Placement, Placement]]:
        """Consecutive numbers as (first, last): 2, 3, 4 and 7 give (2, 4) and (7, 7); two in a row stay two."""
        ordered = sorted(dict((c.occurrence, c) for c in self.cites).values(), key=lambda c: c.occurrence)
        runs: list[list[Placement]] = []
        for c in ordered:
            if runs and c.occurrence == runs[-1][-1].occurrence + 1:
                runs[-1].append(c)
            else:
                runs.append([c])
        out: list[tuple[Placement, Placement]] = []
        for run in runs:
            if len(run) >= 3:
                out.append((run[0], run[-1]))
            else:
                out += [(c, c) for c in run]
        return out


def group_citations(text: str, prefix: str, placements: list[Placement]) -> tuple[str, list[Placement | CiteGroup]]:
    """``text`` with each run of adjacent citation tokens made one token, and the items the tokens stand for.

    Tokens are ``<prefix><n>X`` (:class:`gta.chapters.Placeholders`).
    """
    items: list[Placement | CiteGroup] = list(placements)
    token = re.compile(rf"{re.escape(prefix)}(\d+)X")
    run = re.compile(rf"{re.escape(prefix)}\d+X(?:[ \t]*{re.escape(prefix)}\d+X)+")

    def merge(m: re.Match[str]) -> str:
        indices = [int(i) for i in token.findall(m.group(0))]
        if not all(placements[i].kind == "cite" for i in indices):
            return m.group(0)
        items.append(CiteGroup(tuple(placements[i] for i in indices)))
        return f"{prefix}{len(items) - 1}X"

    return run.sub(merge, text), items


def note_mark(index: int) -> str:
    """The letter of a chapter's n-th note (0 → a, 25 → z, 26 → aa)."""
    letters = string.ascii_lowercase
    mark = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        mark = letters[rest] + mark
    return mark


LONG_URL_PIECE = 32  # characters: a piece this long may not fit a line, so it may also break after "-"


def url_html(url: str) -> str:
    """A URL as text that breaks only after "/" or "." (an invisible <wbr>), escaped, never hyphenated.

    Each piece between those places is kept whole (CSS ``.url > span``), so a line never breaks
    after a hyphen inside the URL either, unless the piece is longer than ``LONG_URL_PIECE``
    characters and so might not fit a line: such a piece may also break after one of its own "-".
    """
    parts = [p for p in re.split(r"(?<=[/.])(?!/)", url) if p]
    pieces = [q for p in parts for q in (re.split(r"(?<=-)", p) if len(p) > LONG_URL_PIECE else [p]) if q]
    return '<span class="url">' + "<wbr>".join(f"<span>{html.escape(p)}</span>" for p in pieces) + "</span>"
