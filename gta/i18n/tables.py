"""Tables in a translated edition: words from the catalogue, numbers from the formatter.

Table titles and notes (``msgctxt "table"``) and dataset series labels (``msgctxt "series"``) are
catalogue messages, so one translation serves every table (and chart) that shows them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..formatting import localise_digits

TABLE = "table"
SERIES = "series"


def localise_table(loc: Any, table: Any, spec: Any, stats: dict[str, Any]) -> Any:
    """``table`` (already formatted for the locale) with its words in the language."""
    _ = loc.gettext
    if spec.dataset:
        header = (_("Year"), *(loc.pgettext(SERIES, h) for h in table.header[1:]))
        rows = tuple(tuple(localise_digits(c, loc.numbering) for c in row) for row in table.rows)
    else:
        header = (_("Statistic"), _("Value"), _("Confidence"))
        rows = tuple((loc.statistic_label(stats[sid]), loc.text(stats[sid]), _(stats[sid].confidence))
                     for sid in spec.statistics)
    notes = tuple(loc.pgettext(TABLE, n) if i == 0 and spec.note else n for i, n in enumerate(table.notes))
    source = table.source_line.removeprefix("Source: ")
    source_line = _("Source: %(sources)s") % {"sources": source} if source else ""
    return replace(table, title=loc.pgettext(TABLE, table.title), header=header, rows=rows, notes=notes,
                   source_line=source_line)


def table_messages(root: Any) -> list[tuple[str, str, str]]:
    """Catalogue messages of every table spec: titles and notes."""
    from ..errors import GtaError
    from ..yamlio import load_yaml

    out = []
    for path in sorted((root / "figures" / "tables").glob("*.yaml")):
        try:
            raw = load_yaml(path)
        except GtaError:
            continue
        if isinstance(raw, dict):
            out += [(TABLE, str(raw[k]), f"figures/tables/{path.name}") for k in ("title", "note") if raw.get(k)]
    return out
