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

_RUN = re.compile(r"GTAPH(\d{4})X(?:[ \t]*GTAPH\d{4}X)+")
_TOKEN = re.compile(r"GTAPH(\d{4})X")


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


def group_citations(text: str, placements: list[Placement]) -> tuple[str, list[Placement | CiteGroup]]:
    """``text`` with each run of adjacent citation tokens made one token, and the items the tokens stand for."""
    items: list[Placement | CiteGroup] = list(placements)

    def merge(m: re.Match[str]) -> str:
        indices = [int(i) for i in _TOKEN.findall(m.group(0))]
        if not all(placements[i].kind == "cite" for i in indices):
            return m.group(0)
        items.append(CiteGroup(tuple(placements[i] for i in indices)))
        return f"GTAPH{len(items) - 1:04d}X"

    return _RUN.sub(merge, text), items


def note_mark(index: int) -> str:
    """The letter of a chapter's n-th note (0 → a, 25 → z, 26 → aa)."""
    letters = string.ascii_lowercase
    mark = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        mark = letters[rest] + mark
    return mark


def url_html(url: str) -> str:
    """A URL as text that breaks only after "/" or "." (an invisible <wbr>), escaped, never hyphenated.

    Each piece between those places is kept whole (CSS ``.url > span``), so a line never breaks
    after a hyphen inside the URL either.
    """
    parts = re.split(r"(?<=[/.])(?!/)", url)
    return '<span class="url">' + "<wbr>".join(f"<span>{html.escape(p)}</span>" for p in parts if p) + "</span>"
