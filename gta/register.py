"""The statistics register: every statistic an edition shows, and the inputs they derive from, with provenance.

The same rows feed the report's appendix, ``statistics.csv``, ``statistics.json`` and
``statistics.xlsx``, so they cannot disagree. Rows are in the plan's language. The appendix
(:func:`reader_register`) shows readers labels, chapter titles, page numbers and publishers;
ids, file locations and secondary transcriptions stay in the files, for reviewers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .charts.meta import short_publisher
from .exports import Column, Number, Sheet, number_kind, write_csv, write_json, write_xlsx
from .formatting import exact_text
from .i18n.messages import N_
from .plan import EditionPlan
from .statistics import Statistic

COLUMNS = ("id", "label", "role", "exact_value", "text_as_shown", "unit", "qualifier", "as_of", "derivation", "inputs",
           "input_of", "references", "confidence", "caveats", "note", "declared_at", "used_in", "pdf_pages",
           # survey estimates: the interval (in the unit of exact_value) and what the estimate is about
           "interval_lower", "interval_upper", "confidence_level", "standard_error", "interval_from_se",
           "population", "period", "sample_size", "studies", "method")
#: How the workbook shows each column (the CSV and JSON keep plain values).
KINDS = {"label": "wrap", "exact_value": "number", "as_of": "year", "derivation": "wrap", "inputs": "wrap",
         "caveats": "wrap", "note": "wrap", "pdf_pages": "integer", "input_of": "wrap", "population": "wrap",
         "method": "wrap", "sample_size": "integer", "studies": "integer"}


def register_rows(plan: EditionPlan, pages: Mapping[str, tuple[str, ...]] | None = None) -> list[dict[str, Any]]:
    """One row per statistic of the plan, sorted by id; ``pages`` maps a statistic id to the page labels
    where the PDF shows it (known after layout)."""
    loc = plan.loc
    pages = pages or {}
    rows = []
    for sid, planned in plan.statistics.items():
        st = planned.stat
        rows.append({
            "id": sid,
            "label": loc.statistic_label(st),
            "role": planned.role,
            "exact_value": st.value,
            "text_as_shown": loc.text(st),
            "unit": st.unit,
            "qualifier": st.qualifier,
            "as_of": st.as_of,
            "derivation": loc.derivation(st),
            "inputs": "; ".join(_input(i) for i in st.inputs),
            "input_of": "; ".join(planned.input_of),
            "references": "; ".join(st.references),
            "confidence": st.confidence,
            "confidence_label": loc.gettext(st.confidence),
            "caveats": " | ".join(loc.caveats(st)),
            "note": st.note,
            "declared_at": str(st.location) if st.location else "",
            "used_in": "; ".join(planned.chapters),
            "used_in_titles": [plan.chapter_title(c) for c in planned.chapters],
            "input_of_labels": [loc.statistic_label(plan.statistics[s].stat) for s in planned.input_of
                                if s in plan.statistics],
            "pdf_pages": "; ".join(pages.get(sid, ())),
            **estimate_columns(st),
        })
    return rows


def reader_register(plan: EditionPlan) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The appendix: rows for the statistics the report shows, and a short list of the figures they derive from.

    A row names its chapters (with the anchor of the first use in each, for the page number) and
    its sources by publisher and year; a statistic that rests only on secondary sources says so.
    """
    loc = plan.loc
    kinds = {c.id: c.kind for c in plan.chapters}
    shown, inputs = [], []
    for sid, planned in sorted(plan.statistics.items(), key=lambda kv: loc.statistic_label(kv[1].stat).casefold()):
        st = planned.stat
        row = {"id": sid, "label": loc.statistic_label(st), "text": loc.text(st),
               "derivation": loc.derivation(st),
               "sources": reader_sources(plan, st.references), "caveats": loc.caveats(st),
               "confidence": st.confidence, "confidence_label": loc.gettext(st.confidence)}
        if planned.role == "shown":
            row["uses"] = [{"title": plan.chapter_title(ch), "anchor": f"stat-{sid}-{n}", "front": kinds.get(ch) == "front"}
                           for ch, n in planned.first_uses]
            shown.append(row)
        else:
            row["exact"] = exact_text(st.value)
            row["input_of"] = [loc.statistic_label(plan.statistics[s].stat) for s in planned.input_of
                               if s in plan.statistics]
            inputs.append(row)
    return shown, inputs


_LOCATION = re.compile(r"\s*\([^()\s]*\.(?:csv|ya?ml|md|json)(?::\d+)?\)")


def without_locations(text: str) -> str:
    """A derivation as readers see it: "(sources/datasets/iwf.csv:14)" and the like left out (they stay in the files)."""
    return _LOCATION.sub("", text)


def reader_sources(plan: EditionPlan, ref_ids: tuple[str, ...] | list[str]) -> str:
    """"NCMEC (2024); IWF (2025)": the primary publishers; secondary sources are named as such, not listed."""
    loc = plan.loc
    refs = {r.id: r for r in plan.references}
    primary = [refs[r] for r in ref_ids if r in refs and not refs[r].secondary]
    names = list(dict.fromkeys(f"{short_publisher(r.publisher)} ({loc.integer(r.year)})" if r.year
                               else short_publisher(r.publisher) for r in primary))
    secondary = any(r in refs and refs[r].secondary for r in ref_ids)
    if secondary and not names:
        return loc.gettext(N_("estimate from a secondary source"))
    if secondary:
        names.append(loc.gettext(N_("with a secondary source")))
    text = loc.join(names)
    return text


def estimate_columns(st: Statistic) -> dict[str, object]:
    """A survey estimate's register columns; empty (None) for an ordinary statistic."""
    est = st.estimate
    if est is None:
        return dict.fromkeys(COLUMNS[COLUMNS.index("interval_lower"):])
    return {"interval_lower": est.lower, "interval_upper": est.upper, "confidence_level": est.level,
            "standard_error": est.standard_error, "interval_from_se": est.from_standard_error,
            "population": est.population, "period": est.period, "sample_size": est.sample_size,
            "studies": est.studies, "method": est.method}


def _input(i: Any) -> str:
    """An input as reviewers read it: the exact value, never rounded, and where it came from."""
    if i.kind == "row":
        return f"{i.ref} = {exact_text(i.value)} ({i.location})"
    return f"{i.ref} = {exact_text(i.value)}"


def write_register(plan: EditionPlan, out_dir: Path, pages: Mapping[str, tuple[str, ...]] | None = None,
                   *, created: Any = None) -> list[Path]:
    """statistics.csv, statistics.json and statistics.xlsx with the same rows."""
    rows = register_rows(plan, pages)
    table = [[r[c] for c in COLUMNS] for r in rows]
    references = {r.id: {"publisher": r.publisher, "title": r.title, "year": r.year, "url": r.url,
                         "accessed": r.accessed, "note": r.note, "secondary": r.secondary} for r in plan.references}
    return [
        write_csv(out_dir / "statistics.csv", COLUMNS, table),
        write_json(out_dir / "statistics.json", {"edition": plan.year, "language": plan.language,
                                                 "statistics": [{c: r[c] for c in COLUMNS} for r in rows],
                                                 "references": references}),
        write_xlsx(out_dir / "statistics.xlsx", [register_sheet(rows, plan.all_statistics)], created=created,
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


def statistic_pages(anchors: Mapping[str, str], stats: Mapping[str, Statistic]) -> dict[str, tuple[str, ...]]:
    """Page labels per statistic, from the PDF's anchors (``stat-<id>-<n>`` → label)."""
    out: dict[str, list[str]] = {}
    for anchor, label in anchors.items():
        if anchor.startswith("stat-"):
            sid, _, n = anchor[5:].rpartition("-")
            if n.isdigit() and sid in stats:
                out.setdefault(sid, []).append(label)
    return {sid: tuple(dict.fromkeys(labels)) for sid, labels in out.items()}
