"""The edition's data workbook: a README sheet, then one sheet per figure and per table, in report order.

What Our World in Data and Datawrapper hand out with a chart: the numbers behind it, exact and as
shown, with units, notes and the citation, in a workbook that opens readably (see
:mod:`gta.exports`). Sheet names are the figures' and tables' labels ("Figure 3", "Table 1").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..exports import Column, Number, Sheet, xlsx_bytes
from ..formatting import localise_digits
from .credit import Citation
from .table import chart_rows, workbook_columns
from .words import PackWords


def workbook_name(citation: Citation) -> str:
    return f"{citation.slug}-data-{citation.language}.xlsx"


def workbook_bytes(figures: Sequence[Any], tables: Sequence[Any], citation: Citation, created: dt.datetime,
                   words: PackWords | None = None) -> bytes:
    """The workbook of ``figures`` (chart outputs with plotted data and credit) and ``tables`` (``gta.tables.Table``);
    its README sheet and labels in the language of ``words``."""
    w = words or PackWords()
    sheets: list[Sheet] = []
    about: list[tuple[str, str]] = []
    used: set[str] = {w.readme_sheet.lower()}
    for fig in figures:
        if fig.data is None or fig.meta is None:
            continue
        name = _unique(fig.credit.label if fig.credit else fig.title, used)
        rows = chart_rows(fig.data, fig.meta.number_format, decimals=fig.meta.decimals, locale=citation.language,
                          numbering=citation.numbering)
        sheets.append(Sheet(name, workbook_columns(fig.data, fig.meta.number_format), tuple(rows)))
        cite = fig.credit.text(fig.title) if fig.credit else fig.citation
        about.append((name, _describe(fig.title, fig.subtitle, fig.source_line, fig.notes, cite, w)))
    for n, table in enumerate(tables, start=1):
        name = _unique(f"{w.table} {localise_digits(str(n), citation.numbering)}", used)
        sheets.append(table_sheet(name, table))
        about.append((name, _describe(table.title, "", table.source_line, table.notes, "", w)))
    return xlsx_bytes([readme_sheet(citation, about, w), *sheets], created=created,
                      title=w.fill("data_title", title=citation.title), creator=citation.publisher)


def readme_sheet(citation: Citation, about: list[tuple[str, str]], words: PackWords | None = None) -> Sheet:
    w = words or PackWords()
    licence = f"{citation.licence}" + (f" ({citation.licence_url})" if citation.licence_url else "")
    rows: list[tuple[str, str]] = [
        (w.row_publication, f"{citation.publisher}, {citation.title} ({w.date(citation.published)})"),
        (w.row_page, citation.url or "–"),
        (w.row_licence, w.fill("licence_terms", licence=licence)),
        (w.row_read, w.how_to_read),
    ]
    if citation.note:
        rows.append((w.row_note, citation.note))
    rows += about
    return Sheet(w.readme_sheet, (Column(w.col_sheet, width=16), Column(w.col_about, "wrap", width=110)), tuple(rows))


def table_sheet(name: str, table: Any) -> Sheet:
    """A report table as a sheet: exact numbers where the table has them, the text as shown beside bounds."""
    columns: list[Column] = []
    cells: list[list[Any]] = [[] for _ in table.rows]
    values = table.values or tuple(tuple(None for _ in row) for row in table.rows)
    for j, header in enumerate(table.header):
        exact = [row[j] if j < len(row) else None for row in values]
        texts = [row[j] for row in table.rows]
        if any(v is not None for v in exact):
            first = next(v for v in exact if v is not None)
            kind = first.kind if isinstance(first, Number) else "year" if isinstance(first, int) else "number"
            columns.append(Column(header, kind))
            for out, v in zip(cells, exact, strict=True):
                out.append(v)
            if any(any(ch.isalpha() or ch == "+" for ch in t) for t, v in zip(texts, exact, strict=True) if v):
                columns.append(Column(f"{header}, as shown"))
                for out, t in zip(cells, texts, strict=True):
                    out.append(t)
        else:
            columns.append(Column(header, "wrap" if max((len(t) for t in texts), default=0) > 40 else "text"))
            for out, t in zip(cells, texts, strict=True):
                out.append(t)
    return Sheet(name, tuple(columns), tuple(tuple(c) for c in cells))


def _describe(title: str, subtitle: str, source: str, notes: Sequence[str], cite: str, words: PackWords) -> str:
    parts = [title + (f" — {subtitle}" if subtitle else ""), source]
    parts += [words.fill("note", note=n) for n in notes]
    if cite:
        parts.append(words.fill("cite_as", citation=cite))
    return "\n".join(p for p in parts if p)


def _unique(name: str, used: set[str]) -> str:
    base = name[:28]
    out, n = base, 2
    while out.lower() in used:
        out, n = f"{base} {n}", n + 1
    used.add(out.lower())
    return out
