"""Explicit bindings: an author ties a hand-typed figure to a statistic, ``[23%]{stat=id}``.

The checker verifies that the typed text agrees with the statistic; the renderer uses
:func:`strip_bindings` (or :data:`BIND_PATTERN` to build a link to the register).
"""

from __future__ import annotations

import re

# [typed text]{stat=statistic_id}; the id follows the rule of gta.model.ID_PATTERN.
BIND_PATTERN = re.compile(
    r"\[(?P<text>[^\[\]\n]+)\]\{\s*stat\s*=\s*(?P<id>[a-z0-9][a-z0-9_-]{0,79})\s*\}"
)


def strip_bindings(markdown: str) -> str:
    """Replace every ``[typed]{stat=id}`` by its typed text, leaving the rest untouched."""
    return BIND_PATTERN.sub(lambda m: m.group("text"), markdown)
