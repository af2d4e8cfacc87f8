"""The statistics register: every statistic of an edition with its provenance, for reviewers.

The same rows feed the report's appendix, ``statistics.csv``, ``statistics.json`` and
``statistics.xlsx``, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .exports import write_csv, write_json, write_xlsx
from .sources import Project
from .statistics import Statistic

COLUMNS = ("id", "label", "exact_value", "text_as_shown", "unit", "qualifier", "as_of", "derivation", "inputs",
           "references", "confidence", "caveats", "note", "declared_at", "used_in", "pdf_pages",
           # survey estimates: the interval (in the unit of exact_value) and what the estimate is about
           "interval_lower", "interval_upper", "confidence_level", "standard_error", "interval_from_se",
           "population", "period", "sample_size", "studies", "method")


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
            **estimate_columns(st),
        })
    return rows


def estimate_columns(st: Statistic) -> dict[str, object]:
    """A survey estimate's register columns; empty (None) for an ordinary statistic."""
    est = st.estimate
    if est is None:
        return dict.fromkeys(COLUMNS[COLUMNS.index("interval_lower"):])
    return {"interval_lower": est.lower, "interval_upper": est.upper, "confidence_level": est.level,
            "standard_error": est.standard_error, "interval_from_se": est.from_standard_error,
            "population": est.population, "period": est.period, "sample_size": est.sample_size,
            "studies": est.studies, "method": est.method}


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
        write_xlsx(out_dir / "statistics.xlsx", {"Statistics": (COLUMNS, table)}, created=created),
    ]
