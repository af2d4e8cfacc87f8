"""The data behind a chart as a table that explains itself: the chart's CSV and its workbook sheet.

One row per x value (year or category). For every series: the exact value with its unit in the
header (percentages as percentages: +323%, never 3.23), the value as the chart shows it ("over
200", "36.2 million"), and, where any value is published as a bound, its qualifier. A last
``Notes`` column flags, per row, series breaks, published bounds and estimates, and
low-confidence values, so a spreadsheet user meets each caveat where it applies.
"""

from __future__ import annotations

import decimal
import math
from typing import Any

from ..exports import Column, csv_text
from ..formatting import format_number
from .data import PlotData

#: Number styles whose values are fractions shown as percentages (0.87 is 87%).
PERCENT_STYLES = ("percent", "change", "rise", "increase")
#: Words for the qualifiers in the notes column.
BOUNDS = {"more than": "published as a lower bound", "at least": "published as a lower bound",
          "almost": "published as an upper bound", "at most": "published as an upper bound",
          "about": "published as an estimate"}


def is_percent(number_format: str) -> bool:
    return number_format in PERCENT_STYLES


def exact_text(value: Any, percent: bool = False) -> str:
    """The exact value as text: integers without ".0"; percentages shifted by two places, exactly."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)
    if percent:
        shifted = (decimal.Decimal(repr(v)) * 100).normalize()
        text = format(shifted, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    if v.is_integer() and abs(v) < 1e16:
        return str(int(v))
    return repr(v)


def unit_label(data: PlotData, key: str, number_format: str) -> str:
    if is_percent(number_format):
        return "%"
    return (data.units.get(key) or "").strip()


#: A better header than the bare "Value" of a chart of statistics, by number style.
VALUE_NAMES = {"change": "Change", "rise": "Change", "increase": "Change", "percent": "Percentage",
               "multiple": "Multiple", "rate": "Rate"}


def series_name(data: PlotData, key: str, number_format: str) -> str:
    label = data.labels[key]
    return VALUE_NAMES.get(number_format, "Number") if label == "Value" else label


def value_header(data: PlotData, key: str, number_format: str) -> str:
    """The header of a series' exact values, with the unit: "NCMEC CyberTipline reports (reports)", "Change (%)"."""
    label, unit = series_name(data, key, number_format), unit_label(data, key, number_format)
    return f"{label} ({unit})" if unit else label


def chart_columns(data: PlotData, number_format: str) -> tuple[Column, ...]:
    """Headers with units, e.g. "NCMEC CyberTipline reports (reports)", "… as shown", "Notes"."""
    x_kind = "year" if data.x_kind == "year" else "text"
    cols = [Column(data.x_label or ("Year" if x_kind == "year" else "Category"), x_kind)]
    for key in data.keys:
        label = series_name(data, key, number_format)
        cols.append(Column(value_header(data, key, number_format), "number"))
        if shows_more(data, key, number_format):
            cols.append(Column(f"{label}, as shown", "text"))
    for key in _qualified(data):
        cols.append(Column(f"{data.labels[key]} (qualifier)", "text"))
    if _has_bounds(data):  # interval charts: the whiskers' ends
        level = f"{(data.level or 0.95) * 100:g}% CI"
        cols += [Column(f"{series_name(data, key, number_format)} ({end}, {level}"
                        + (f", {unit})" if (unit := unit_label(data, key, number_format)) else ")"), "number")
                 for key in data.keys for end in ("lower", "upper")]
    cols.append(Column("Notes", "wrap"))
    return tuple(cols)


def chart_rows(data: PlotData, number_format: str, *, decimals: int | None = None, locale: str = "en",
               numbering: str | None = None, exact: bool = False) -> list[tuple[Any, ...]]:
    """The rows: x, then per series (value, as shown), then qualifiers, then notes.

    With ``exact`` the values are text at full precision (for the CSV); otherwise numbers (for a
    workbook, percentages as fractions that the sheet formats as %).
    """
    percent = is_percent(number_format)
    qualified = _qualified(data)
    rows = []
    for x in data.frame.index:
        row: list[Any] = [int(x) if data.x_kind == "year" else str(x)]
        for key in data.keys:
            v = data.frame.at[x, key]
            known = not (v is None or math.isnan(float(v)))
            q = data.qualifier(x, key) if known else ""
            shown = format_number(float(v), number_format, qualifier=q or "exact", decimals=decimals, locale=locale,
                                  numbering=numbering) if known else ""
            row.append(exact_text(v, percent) if exact else (float(v) if known else None))
            if shows_more(data, key, number_format):
                row.append(shown)
        row += [(data.qualifiers.at[x, k] or "") if not _isnan(data.frame.at[x, k]) else "" for k in qualified]
        if _has_bounds(data):
            for key in data.keys:
                for table in (data.lower, data.upper):
                    v = table.at[x, key]  # type: ignore[union-attr]
                    row.append(exact_text(v, percent) if exact else (None if _isnan(v) else float(v)))
        row.append("; ".join(row_notes(data, x)))
        rows.append(tuple(row))
    return rows


def row_notes(data: PlotData, x: Any) -> list[str]:
    """What a reader of this row must know: a series break, a published bound or estimate, low confidence."""
    notes = []
    many = len(data.keys) > 1
    for mark in data.breaks:
        if data.x_kind == "year" and x == mark.year:
            what = f" ({mark.label})" if mark.label.lower() != "series break" else ""
            who = f" in {', '.join(data.labels[k] for k in mark.series)}" if many else ""
            notes.append(f"Series break{what}{who}: not comparable with earlier years. {mark.description}")
    for key in data.keys:
        if _isnan(data.frame.at[x, key]):
            continue
        who = f"{data.labels[key]}: " if many else ""
        bound = BOUNDS.get(data.qualifier(x, key))
        if bound:
            notes.append(f"{who}{bound}")
        if data.confidence.at[x, key] == "low":
            notes.append(f"{who}low confidence (weak or unverified source)")
    return notes


def chart_csv(data: PlotData, number_format: str, *, decimals: int | None = None, locale: str = "en",
              numbering: str | None = None) -> bytes:
    """The chart's CSV (UTF-8 with a byte-order mark, CRLF, formula-safe text)."""
    rows = chart_rows(data, number_format, decimals=decimals, locale=locale, numbering=numbering, exact=True)
    return csv_text(chart_columns(data, number_format), rows).encode("utf-8")


def workbook_columns(data: PlotData, number_format: str) -> tuple[Column, ...]:
    """The sheet's columns: as the CSV's, with percentages stored as fractions and shown as %."""
    kind = "change" if number_format == "change" else "percent" if is_percent(number_format) else "number"
    return tuple(Column(c.name, kind) if c.kind == "number" else c for c in chart_columns(data, number_format))


def shows_more(data: PlotData, key: str, number_format: str) -> bool:
    """Whether the value as shown says more than the exact value (always, but for plain numbers)."""
    return number_format != "plain" or key in _qualified(data)


def _has_bounds(data: PlotData) -> bool:
    return getattr(data, "lower", None) is not None and getattr(data, "upper", None) is not None


def _qualified(data: PlotData) -> list[str]:
    return [k for k in data.keys if any(q not in ("", "exact") for q in data.qualifiers[k])]


def _isnan(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))
