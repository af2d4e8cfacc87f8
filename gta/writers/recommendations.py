"""``recommendations.csv`` and ``recommendations.xlsx``: the plan's recommendations, mapped and traced, for policy staff."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from ..exports import Column, write_csv, write_xlsx
from ..framework import capability
from ..plan import EditionPlan
from ..recommendations import coverage
from ..recommendations_view import Words

EXPORT_COLUMNS = ["edition", "label", "id", "title", "text", "audiences", "priority", "capabilities",
                  "capability_names", "domains", "evidence", "continuity", "previous", "status", "mapped_by"]


def export_rows(plan: EditionPlan) -> list[list[Any]]:
    w = Words(plan.loc)
    rows = []
    for r in plan.recommendations:
        caps = [capability(plan.frameworks, ref) for ref in r.capabilities]
        rows.append([
            r.edition, r.label, r.id, r.title, r.text, "; ".join(r.audiences), r.priority, "; ".join(r.capabilities),
            "; ".join(f"{w.cap_label(fw, c)} {w.cap(c)}" + ("" if fw.complete else " (partial framework)")
                      for fw, _, c in caps),
            "; ".join(dict.fromkeys(f"{w.fw_short(fw)}: {w.domain(d)}" for fw, d, _ in caps)),
            "; ".join(r.evidence), r.continuity.relation,
            "; ".join(f"{r.continuity.previous_year}:{p}" for p in r.continuity.previous), r.status, r.mapped_by,
        ])
    return rows


def write_recommendation_exports(plan: EditionPlan, out_dir: Path, *, created: datetime) -> list[Path]:
    """Both files in ``out_dir``; the same plan gives the same bytes. Nothing for an edition without recommendations."""
    if not plan.recommendations:
        return []
    w = Words(plan.loc)
    recs = plan.recommendations
    mapping = [[r.id, fw.id, c.ref, c.number, w.cap(c), w.domain(d), "yes" if fw.complete else "no (partial framework)"]
               for r in recs for fw, d, c in (capability(plan.frameworks, ref) for ref in r.capabilities)]
    cov = []
    for fw in plan.frameworks.values():
        result = coverage(recs, fw)
        for c in fw.capabilities:
            by = result.addressed.get(c.ref, ())
            cov.append([fw.id, c.ref, c.number, w.cap(c), w.domain(fw.domain(c.domain)), len(by), "; ".join(by)])
    view = plan.recommendations_view or {}
    about: list[list[Any]] = [["edition", plan.year], ["language", plan.language], ["recommendations", len(recs)],
                              ["status", ", ".join(sorted({r.status for r in recs}))],
                              ["mapping", view.get("mapping_note", "")]]
    about += [[f"framework {fw.short_name}", f"{w.fw_name(fw)}: " +
               ("complete" if fw.complete else fw.completeness_note.strip())] for fw in plan.frameworks.values()]
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = export_rows(plan)
    wide = {"title", "text", "capability_names", "domains", "evidence"}
    columns = [Column(c, "year" if c == "edition" else "wrap" if c in wide else "text") for c in EXPORT_COLUMNS]
    return [
        write_csv(out_dir / "recommendations.csv", EXPORT_COLUMNS, rows),
        write_xlsx(out_dir / "recommendations.xlsx", {
            "Recommendations": (columns, rows),
            "Mapping": ([Column("recommendation"), Column("framework"), Column("capability"), Column("number", "integer"),
                         Column("name", "wrap"), Column("domain"), Column("framework complete")], mapping),
            "Coverage": ([Column("framework"), Column("capability"), Column("number", "integer"), Column("name", "wrap"),
                          Column("domain"), Column("recommendations", "integer"), Column("ids")], cov),
            "About": ([Column("item"), Column("value", "wrap")], about),
        }, created=created, title=f"{plan.edition.title}: recommendations"),
    ]
