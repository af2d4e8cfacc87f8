"""One CSV, JSON and XLSX writer for every export: deterministic, formula-safe and readable.

Every workbook the builder writes (the statistics register, the recommendations, the claims
review pack and the data workbook) goes through :func:`xlsx_bytes`, so each one opens in Excel or
LibreOffice with a frozen, bold header row, a filter, column widths that fit, wrapped long text,
numbers stored as numbers with thousands separators, percentages shown as percentages and years
as plain integers.

Formula safety: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be read as a formula. In a workbook such text is stored as a string with Excel's own
"quote prefix" flag (what typing ``'=x`` does): it shows without an apostrophe and stays text
when edited. A CSV has no such flag, so there the text gets a leading apostrophe (OWASP's advice).
CSV files are UTF-8 with a byte-order mark, so Excel reads "—" and "÷" correctly.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .atomic import write_bytes, write_text

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
#: What a column holds. Numbers in ``integer``, ``number``, ``percent``, ``change`` and ``year``
#: columns are stored as numbers; ``wrap`` is long text shown wrapped; ``text`` is short text.
KINDS = ("text", "wrap", "integer", "number", "percent", "change", "year")
NUMBER_FORMATS = {
    "integer": "#,##0",
    "number": "#,##0.0##",
    "percent": "#,##0%",
    "percent1": "#,##0.0%",
    "change": '+#,##0%;"−"#,##0%;0%',
    "change1": '+#,##0.0%;"−"#,##0.0%;0.0%',
    "year": "0",
    "text": "@",
}
MAX_WIDTH = {"text": 40, "wrap": 70}
PAGE_WIDTH = 250  # characters of column width that a landscape A4 page prints legibly
LINE_HEIGHT = 15  # points per line of 11 pt text
_INT = re.compile(r"[-+]?\d{1,15}")
_NUMBER_TEXT = re.compile(r"[-+−]?[\d.,\u00a0\u202f]*\d[\d.,\u00a0\u202f]*%?")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?")


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, what its cells hold, and a width (characters) when fixed."""

    name: str
    kind: str = "text"
    width: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}; use one of {', '.join(KINDS)}")


@dataclass(frozen=True)
class Number:
    """A number shown in its own way, overriding its column's (a register row in percent among counts)."""

    value: float | int | None
    kind: str  # integer, number, percent, change or year


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title (at most 31 characters), columns and rows of plain values or :class:`Number`."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]


def number_kind(style: str) -> str:
    """How a workbook shows a number written in a :mod:`gta.formatting` style (0.87 in "percent" is 87%)."""
    return {"percent": "percent", "change": "change", "rise": "change", "increase": "change",
            "year": "year"}.get(style, "number")


def as_columns(header: Sequence[str | Column]) -> tuple[Column, ...]:
    """Plain header strings become text columns (the form older callers pass)."""
    return tuple(h if isinstance(h, Column) else Column(str(h)) for h in header)


def sheet(title: str, header: Sequence[str | Column], rows: Sequence[Sequence[Any]]) -> Sheet:
    return Sheet(title, as_columns(header), tuple(tuple(r) for r in rows))


# --- cells --------------------------------------------------------------------------------------

def is_formula_like(value: Any) -> bool:
    """Text a spreadsheet would evaluate; a plain signed number ("-5.0") is read as that number, safely."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(value)


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would evaluate (for CSV); leave numbers and None alone."""
    return "'" + value if is_formula_like(value) else value


def cell_value(value: Any, kind: str) -> Any:
    """The value to store: numbers as numbers (a whole-number text in a year or integer column too)."""
    if isinstance(value, Number):
        value = value.value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and kind in ("year", "integer") and _INT.fullmatch(value.strip()):
        return int(value.strip())
    if isinstance(value, str) and kind in ("number", "percent", "change") and _NUMBER.fullmatch(value.strip()):
        return float(value.strip())
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 and kind in ("year", "integer"):
        return int(value)
    return value


def number_format(value: Any, kind: str) -> str:
    """The display format of one stored value: percent with a decimal only where the value needs one."""
    if isinstance(value, str):
        return "@"
    if not isinstance(value, int | float):
        return "General"
    if kind in ("percent", "change"):
        whole = abs(value * 100 - round(value * 100)) < 1e-9
        return NUMBER_FORMATS[kind if whole else kind + "1"]
    if kind == "year":
        return NUMBER_FORMATS["year"]
    if kind in ("integer", "number") or kind in ("text", "wrap"):
        return NUMBER_FORMATS["integer"] if float(value).is_integer() else NUMBER_FORMATS["number"]
    return "General"


def shown_text(value: Any, kind: str) -> str:
    """About what a spreadsheet shows for the value (for sizing columns, never for data)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind in ("percent", "change"):
        return f"{value * 100:+.1f}%" if kind == "change" else f"{value * 100:.1f}%"
    if kind == "year":
        return str(value)
    return f"{value:,.3f}" if not float(value).is_integer() else f"{int(value):,}"


# --- CSV and JSON -------------------------------------------------------------------------------

def csv_text(header: Sequence[str | Column], rows: Sequence[Sequence[Any]]) -> str:
    """CSV text with a byte-order mark and CRLF line ends (RFC 4180; Excel reads UTF-8 by the mark)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([safe_cell(c.name) for c in as_columns(header)])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return BOM + buf.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, Number):
        value = value.value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    return safe_cell(value)


def write_csv(path: Path, header: Sequence[str | Column], rows: Sequence[Sequence[Any]]) -> Path:
    return write_text(path, csv_text(header, rows))


def write_json(path: Path, data: Any) -> Path:
    return write_text(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


# --- XLSX ---------------------------------------------------------------------------------------

Sheets = Sequence[Sheet] | Mapping[str, tuple[Sequence[str | Column], Sequence[Sequence[Any]]]]


def write_xlsx(path: Path, sheets: Sheets, *, created: datetime, title: str = "",
               creator: str = "GTA report builder") -> Path:
    """Write :func:`xlsx_bytes` to ``path`` atomically."""
    return write_bytes(path, xlsx_bytes(sheets, created=created, title=title, creator=creator))


def xlsx_bytes(sheets: Sheets, *, created: datetime, title: str = "", creator: str = "GTA report builder") -> bytes:
    """A workbook of ``sheets`` (a list of :class:`Sheet`, or {title: (header, rows)}).

    The same inputs give the same bytes: document dates and zip timestamps are ``created``.
    """
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    items = [sheet(t, h, r) for t, (h, r) in sheets.items()] if isinstance(sheets, Mapping) else list(sheets)
    wb = Workbook()
    wb.remove(wb.active)
    texts = [_fill(wb.create_sheet(_sheet_title(item.title)), item) for item in items]
    wb.properties.created = wb.properties.modified = created.replace(tzinfo=None)
    wb.properties.creator = creator
    if title:
        wb.properties.title = title
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # NOTE: wb.save() would stamp 'modified' with the clock
    return fix_zip_times(buf.getvalue(), created, _number_text_is_meant(texts))


def _sheet_title(title: str) -> str:
    # NOTE: Excel refuses []:*?/\ in sheet names and more than 31 characters.
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31] or "Sheet"


def _fill(ws: Any, item: Sheet) -> list[str]:
    """Fill and format one sheet; return the cells whose text looks like a number on purpose ("87%" as shown)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="EEF2F5")
    top = Alignment(vertical="top")
    wrap = Alignment(vertical="top", wrap_text=True)
    widths = [len(c.name) for c in item.columns]
    wrapped: dict[tuple[int, int], str] = {}  # cells whose text wraps: their row height is set below
    meant: list[str] = []
    for j, col in enumerate(item.columns, start=1):
        cell = ws.cell(1, j, col.name)
        cell.data_type = "s"
        cell.quotePrefix = is_formula_like(col.name)
        cell.font, cell.fill, cell.alignment = header_font, header_fill, wrap
    for i, row in enumerate(item.rows, start=2):
        for j, (col, raw) in enumerate(zip(item.columns, row, strict=False), start=1):
            kind = raw.kind if isinstance(raw, Number) else col.kind
            value = cell_value(raw, kind)
            if value is None:
                continue
            cell = ws.cell(i, j, value)
            if isinstance(value, str):
                cell.data_type = "s"  # NOTE: never let openpyxl read text as a formula
                cell.quotePrefix = is_formula_like(value)
                if _NUMBER_TEXT.fullmatch(value.strip()):
                    meant.append(cell.coordinate)
            cell.number_format = number_format(value, kind)
            cell.alignment = wrap if col.kind == "wrap" else top
            if col.kind == "wrap" and isinstance(value, str):
                wrapped[(i, j)] = value
            widths[j - 1] = max(widths[j - 1], *(len(line) for line in shown_text(value, kind).split("\n")))
    for j, col in enumerate(item.columns, start=1):
        cap = MAX_WIDTH.get(col.kind, 24)
        ws.column_dimensions[get_column_letter(j)].width = col.width or min(max(widths[j - 1], 6) + 2, cap)
    # NOTE: neither Excel nor LibreOffice grows a row for wrapped text on opening: give it the lines it needs.
    lines: dict[int, int] = {}
    for (i, j), text in wrapped.items():
        width = ws.column_dimensions[get_column_letter(j)].width
        lines[i] = max(lines.get(i, 1), line_count(text, width))
    header = max(line_count(c.name, ws.column_dimensions[get_column_letter(j)].width)
                 for j, c in enumerate(item.columns, start=1)) if item.columns else 1
    for i, n in sorted({**lines, 1: header}.items()):
        if n > 1:
            ws.row_dimensions[i].height = min(409, LINE_HEIGHT * n)
    ws.freeze_panes = "A2"
    # NOTE: printed (or converted to PDF), a sheet fits the page's width and repeats its header row.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    total = sum(ws.column_dimensions[get_column_letter(j)].width for j in range(1, len(item.columns) + 1))
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = max(1, math.ceil(total / PAGE_WIDTH)), 0
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    if item.columns:
        last = get_column_letter(len(item.columns))
        ws.auto_filter.ref = f"A1:{last}{max(1, len(item.rows) + 1)}"
    return meant


def _number_text_is_meant(texts: list[list[str]]) -> dict[str, bytes]:
    """Per sheet part, an ``<ignoredErrors>`` element: Excel flags text that looks like a number (a green
    triangle on every "87%" as shown); these cells are text by design. openpyxl cannot write it."""
    out = {}
    for n, cells in enumerate(texts, start=1):
        if cells:
            out[f"xl/worksheets/sheet{n}.xml"] = (f'<ignoredErrors><ignoredError sqref="{" ".join(cells)}" '
                                                  'numberStoredAsText="1"/></ignoredErrors>').encode()
    return out


def line_count(text: str, width: float) -> int:
    """Lines a text takes in a column ``width`` characters wide (words kept whole, as a spreadsheet wraps)."""
    import textwrap

    per_line = max(int(width * 1.1), 4)  # NOTE: a width unit is a digit; prose averages a little less
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


def fix_zip_times(data: bytes, when: datetime, append: Mapping[str, bytes] | None = None) -> bytes:
    """Rewrite a zip with fixed member timestamps (openpyxl stamps the current time), keeping the order.

    ``append`` adds an XML element at the end of a worksheet part (where the schema puts ``ignoredErrors``
    when, as here, a sheet has no drawings or tables).
    """
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            blob = src.read(info.filename)
            if append and info.filename in append and b"<drawing" not in blob and b"<tableParts" not in blob:
                blob = blob.replace(b"</worksheet>", append[info.filename] + b"</worksheet>")
            dst.writestr(fixed, blob)
    return out.getvalue()


def deterministic_zip(entries: list[tuple[str, bytes]], when: datetime) -> bytes:
    """A zip whose bytes depend only on the entries (fixed timestamps, permissions and order)."""
    stamp = max(when, datetime(1980, 1, 1, tzinfo=UTC)).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            # NOTE: PNG is already compressed; deflating it again only costs time.
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, data, compresslevel=6)
    return buf.getvalue()
