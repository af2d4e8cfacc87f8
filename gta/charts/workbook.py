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
from .credit import Citation
from .table import chart_rows, workbook_columns

README_TEXT = (
    "One sheet per figure and table, in the order of the report. Values are exact, never rounded; "
    "the columns ending in “as shown” give each value as the report prints it. Units are in the "
    "column headers; percentages are stored as fractions and shown as percentages. Empty cells are "
    "unknown values, never zero. The Notes column flags series breaks (values before and after are "
    "not comparable), figures published as bounds or estimates, and low-confidence values."
)


def workbook_name(citation: Citation) -> str:
    return f"{citation.slug}-data-{citation.language}.xlsx"


def workbook_bytes(figures: Sequence[Any], tables: Sequence[Any], citation: Citation, created: dt.datetime) -> bytes:
    """The workbook of ``figures`` (chart outputs with plotted data and credit) and ``tables`` (``gta.tables.Table``)."""
    sheets: list[Sheet] = []
    about: list[tuple[str, str]] = []
    used: set[str] = set()
    for fig in figures:
        if fig.data is None or fig.meta is None:
            continue
        name = _unique(fig.credit.label if fig.credit else fig.title, used)
        rows = chart_rows(fig.data, fig.meta.number_format, decimals=fig.meta.decimals, locale=citation.language,
                          numbering=citation.numbering)
        sheets.append(Sheet(name, workbook_columns(fig.data, fig.meta.number_format), tuple(rows)))
        cite = fig.credit.text(fig.title) if fig.credit else fig.citation
        about.append((name, _describe(fig.title, fig.subtitle, fig.source_line, fig.notes, cite)))
    for n, table in enumerate(tables, start=1):
        name = _unique(f"Table {n}", used)
        sheets.append(table_sheet(name, table))
        about.append((name, _describe(table.title, "", table.source_line, table.notes, "")))
    return xlsx_bytes([readme_sheet(citation, about), *sheets], created=created,
                      title=f"{citation.title}: data", creator=citation.publisher)


def readme_sheet(citation: Citation, about: list[tuple[str, str]]) -> Sheet:
    rows: list[tuple[str, str]] = [
        ("Publication", f"{citation.publisher}, {citation.title} ({citation.published})"),
        ("Web page", citation.url or "–"),
        ("Licence", f"{citation.licence}" + (f" ({citation.licence_url})" if citation.licence_url else "") +
         ". The figures behind each chart come from the publishers named in its source; their own terms of use "
         "apply to that data."),
        ("How to read", README_TEXT),
    ]
    if citation.note:
        rows.append(("Note", citation.note))
    rows += about
    return Sheet("README", (Column("Sheet", width=16), Column("About", "wrap", width=110)), tuple(rows))


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


def _describe(title: str, subtitle: str, source: str, notes: Sequence[str], cite: str) -> str:
    parts = [title + (f" — {subtitle}" if subtitle else ""), source]
    parts += [f"Note: {n}" for n in notes]
    if cite:
        parts.append(f"Cite as: {cite}")
    return "\n".join(p for p in parts if p)


def _unique(name: str, used: set[str]) -> str:
    base = name[:28]
    out, n = base, 2
    while out.lower() in used:
        out, n = f"{base} {n}", n + 1
    used.add(out.lower())
    return out
