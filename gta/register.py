"""The statistics register: every statistic of an edition with its provenance, for reviewers.

The same rows feed the report's appendix, ``statistics.csv``, ``statistics.json`` and
``statistics.xlsx``, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .exports import Column, Number, Sheet, number_kind, write_csv, write_json, write_xlsx
from .sources import Project
from .statistics import Statistic

COLUMNS = ("id", "label", "exact_value", "text_as_shown", "unit", "qualifier", "as_of", "derivation", "inputs",
           "references", "confidence", "caveats", "note", "declared_at", "used_in", "pdf_pages")
#: How the workbook shows each column (the CSV and JSON keep plain values).
KINDS = {"label": "wrap", "exact_value": "number", "as_of": "year", "derivation": "wrap", "inputs": "wrap",
         "caveats": "wrap", "note": "wrap", "pdf_pages": "integer"}


@dataclass(frozen=True)
class Usage:
    """Where the report shows a statistic: chapters and, after PDF layout, pages."""

    chapters: tuple[str, ...] = ()
    pages: tuple[int, ...] = ()


def register_rows(stats: dict[str, Statistic], usage: dict[str, Usage], locale: str = "en") -> list[dict[str, object]]:
    """One row per statistic, sorted by id, exact values kept alongside the text as shown."""
    rows = []
    for sid in sorted(stats):
        st = stats[sid]
        use = usage.get(sid, Usage())
        rows.append({
            "id": sid,
            "label": st.label,
            "exact_value": st.value,
            "text_as_shown": st.text(locale=locale),
            "unit": st.unit,
            "qualifier": st.qualifier,
            "as_of": st.as_of,
            "derivation": st.derivation,
            "inputs": "; ".join(f"{i.ref} = {i.value:,.0f} ({i.location})" if i.kind == "row" else f"{i.ref} = {i.value:g}"
                                for i in st.inputs),
            "references": "; ".join(st.references),
            "confidence": st.confidence,
            "caveats": " | ".join(st.caveats),
            "note": st.note,
            "declared_at": str(st.location) if st.location else "",
            "used_in": "; ".join(use.chapters),
            "pdf_pages": "; ".join(str(p) for p in use.pages),
        })
    return rows


def write_register(project: Project, stats: dict[str, Statistic], usage: dict[str, Usage], out_dir: Path,
                   created: datetime) -> list[Path]:
    """statistics.csv, statistics.json and statistics.xlsx with the same rows."""
    rows = register_rows(stats, usage)
    table = [[r[c] for c in COLUMNS] for r in rows]
    references = {rid: {"publisher": r.publisher, "title": r.title, "year": r.year, "url": r.url,
                        "accessed": r.accessed} for rid, r in sorted(project.references.items())}
    return [
        write_csv(out_dir / "statistics.csv", COLUMNS, table),
        write_json(out_dir / "statistics.json", {"statistics": rows, "references": references}),
        write_xlsx(out_dir / "statistics.xlsx", [register_sheet(rows, stats)], created=created,
                   title="Statistics register"),
    ]


def register_sheet(rows: list[dict[str, object]], stats: dict[str, Statistic]) -> Sheet:
    """The register as a worksheet: each exact value shown as its statistic reads (87% for 0.87)."""
    columns = tuple(Column(c, KINDS.get(c, "text")) for c in COLUMNS)
    table = []
    for r in rows:
        st = stats[str(r["id"])]
        table.append(tuple(Number(st.value, number_kind(st.style)) if c == "exact_value" else r[c] for c in COLUMNS))
    return Sheet("Statistics", columns, tuple(table))
