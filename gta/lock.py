"""``gta lock YEAR``: record a published edition in ``sources/editions/<year>/edition.lock``.

Locking computes the edition from the current sources exactly as a build would (every check,
every language), then writes what it shows and a snapshot of every input it shows it from. The
lock is tried before it is written: the edition is computed again from the lock alone and must
show exactly the same, so a lock that could not bring the edition back is never written.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import write_if_changed
from .errors import GtaError, Problem, Problems, did_you_mean, display_path
from .load import Project, load_project
from .lockfile import (
    LOCK_FILE,
    LOCK_FORMAT,
    evidence_entry,
    file_hash,
    number,
    plain,
    read_lock,
    render_lock,
    row_entry,
    spec_entry,
)
from .plan import EditionData, EditionPlan, compute_edition, prepare
from .recommendations import FILE_NAME as RECOMMENDATIONS_FILE
from .sources import EditionSource, project_path
from .statistics import Statistic


@dataclass
class LockReport:
    """What ``gta lock`` wrote."""

    year: int
    path: Path
    changed: bool  # False when the lock already held exactly this
    statistics: int
    figures: int
    tables: int
    references: int

    @property
    def summary(self) -> str:
        what = ", ".join(f"{n} {word}{'' if n == 1 else 's'}" for n, word in (
            (self.statistics, "statistic"), (self.figures, "figure"), (self.tables, "table"),
            (self.references, "reference")))
        if not self.changed:
            return f"edition {self.year} is locked; its lock is unchanged ({what}) → {display_path(self.path)}"
        return f"locked edition {self.year}: {what} → {display_path(self.path)}"


def lock_edition(root: Path, year: int) -> LockReport:
    """Lock edition ``year`` from the current sources; refuse a draft that is not ready to publish."""
    project = load_project(root)
    known(project, year)
    data = compute_edition(project, year, live=True)
    if data.draft_warnings:
        raise GtaError([Problem(p.path, p.line, p.message, p.hint) for p in data.draft_warnings]
                       + [Problem(display_path(data.source.dir / "edition.yaml"), None,
                                  f"edition {year} is not ready to lock", "revise what is listed above first")])
    # NOTE: every language is prepared, so a lock is only written for an edition whose every check passes.
    plans = {lang: prepare(project, year, lang, data=data) for lang in project.languages[year]}
    plan = plans["en"] if "en" in plans else prepare(project, year, "en", data=data)
    doc = snapshot(project, data, plan)
    text = render_lock(doc)
    path = data.source.dir / LOCK_FILE
    _check_reproduces(project, year, text, doc, path)
    changed = write_if_changed(path, text.encode("utf-8"))
    src = doc["sources"]
    return LockReport(year, path, changed, len(doc["shows"]["statistics"]), len(doc["shows"]["figures"]),
                      len(doc["shows"]["tables"]), len(src["references"]))


def known(project: Project, year: int) -> EditionSource:
    if year not in project.editions:
        raise GtaError(Problem("sources/editions", None, f"no edition {year}",
                               did_you_mean(str(year), [str(y) for y in project.editions])
                               or f"editions: {', '.join(map(str, sorted(project.editions)))}"))
    return project.editions[year]


def _check_reproduces(project: Project, year: int, text: str, doc: dict[str, Any], path: Path) -> None:
    """Compute the edition from the lock alone; it must show exactly what the live sources show."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / str(year) / LOCK_FILE
        trial.parent.mkdir()
        trial.write_text(text, encoding="utf-8")
        problems = Problems()
        lock = read_lock(trial, problems)
    problems.raise_if_errors()
    assert lock is not None
    frozen = dataclasses.replace(project, locks={**project.locks, year: lock})
    again = shows(prepare(frozen, year, "en", data=compute_edition(frozen, year)))
    if again != lock.shows:
        first = next((k for k in lock.shows if again.get(k) != lock.shows.get(k)), "shows")
        raise GtaError(Problem(display_path(path), None, f"the lock would not bring edition {year} back as it is "
                               f"now (its {first} differ); nothing was written",
                               "this is a builder bug: please report it with the edition"))


# --- what an edition shows ----------------------------------------------------------------------


def shows(plan: EditionPlan) -> dict[str, Any]:
    """What the edition shows, in English: exact values, texts, plotted data, table cells, sources."""
    return {
        "statistics": {sid: _statistic(p.stat, p.role) for sid, p in plan.statistics.items()},
        "previous_statistics": {sid: _statistic(st, "previous") for sid, st in plan.previous_statistics.items()},
        "figures": {f.id: _figure(f) for f in plan.figures},
        "tables": {t.id: {"title": t.table.title, "header": list(t.table.header),
                          "rows": [list(r) for r in t.table.rows], "source": t.table.source_line}
                   for t in plan.tables},
        "headline": list(plan.headline),
        "chapters": [c.id for c in plan.chapters],
        "recommendations": [r.id for r in plan.recommendations],
        "references": [r.id for r in plan.references],
        "cited": [r.id for r in plan.references_cited],
        "evidence": annex_ids(plan),
    }


def _statistic(st: Statistic, role: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"text": st.text(), "value": number(st.value)}
    if st.qualifier != "exact":
        entry["qualifier"] = st.qualifier
    if st.as_of:
        entry["as_of"] = str(st.as_of)
    entry["role"] = role
    return entry


def _figure(fig: Any) -> dict[str, Any]:
    data = fig.data
    rows = []
    for x, values in zip(data.frame.index, data.frame.to_numpy().tolist(), strict=True):
        x = x.item() if hasattr(x, "item") else x
        rows.append([x, *(None if v != v else number(v) for v in values)])  # NOTE: v != v is NaN: unknown
    return {"title": fig.meta.title, "x": data.x_label, "columns": [data.labels.get(k, k) for k in data.keys],
            "rows": rows}


# --- what it shows it from ----------------------------------------------------------------------


def snapshot(project: Project, data: EditionData, plan: EditionPlan) -> dict[str, Any]:
    """The lock document: the edition's dates, texts, what it shows, and every source behind it."""
    source = data.source
    prev_year = source.meta.previous if source.meta.previous in project.editions else None
    used = sorted(plan.statistics)
    prev_used = _closure(sorted(plan.previous_statistics), data.previous_stats)
    stats = [plan.statistics[s].stat for s in used] + [data.previous_stats[s] for s in prev_used]
    datasets = _datasets(project, data, plan, stats)
    doc: dict[str, Any] = {"lock_format": LOCK_FORMAT, "edition": data.year, "published": str(source.meta.published),
                           "data_cutoff": source.meta.data_cutoff}
    if prev_year is not None:
        doc["previous"] = {"edition": prev_year, "data_cutoff": project.editions[prev_year].meta.data_cutoff}
    specs = {sid: _spec(project, data.year, sid) for sid in used}
    prev_specs = {sid: _spec(project, prev_year, sid) for sid in prev_used}
    doc.update({
        "texts": edition_texts(project, source),
        "frameworks": framework_hashes(project),
        "shows": shows(plan),
        "sources": {
            "references": _references(project, data, plan, stats, [*specs.values(), *prev_specs.values()], datasets),
            "datasets": datasets,
            "statistics": specs,
            "previous_statistics": prev_specs,
            "charts": {f.id: {"at": project_path(project.figures[f.id][0]), "spec": plain(project.figures[f.id][1])}
                       for f in sorted(plan.figures, key=lambda f: f.id) if f.kind == "chart"},
            "tables": {t.id: {"at": project_path(project.tables[t.id][0]), "spec": spec_entry(project.tables[t.id][1])}
                       for t in sorted(plan.tables, key=lambda t: t.id)},
            "evidence": _evidence(project, plan),
        },
    })
    return doc


def annex_ids(plan: EditionPlan) -> list[str]:
    """The evidence items the edition's evidence annex lists (none without an annex), as it lists them."""
    view = plan.evidence_view or {}
    return [e["id"] for g in view.get("groups", []) for e in g["entries"] if e["first"]]


def _evidence(project: Project, plan: EditionPlan) -> dict[str, Any]:
    """The evidence items the edition cites or lists in its annex, in the library's order."""
    ids = {r.id for r in plan.references_cited} | set(annex_ids(plan))
    return {i.id: evidence_entry(i) for i in project.evidence.items if i.id in ids}


def _closure(ids: list[str], stats: dict[str, Statistic]) -> list[str]:
    """The statistics named and every statistic they are derived from."""
    seen: set[str] = set()
    todo = [s for s in ids if s in stats]
    while todo:
        sid = todo.pop()
        if sid in seen:
            continue
        seen.add(sid)
        todo.extend(i.ref for i in stats[sid].inputs if i.kind == "statistic" and i.ref in stats)
    return sorted(seen)


def _spec(project: Project, year: int | None, sid: str) -> dict[str, Any]:
    """A statistic's spec where it is declared: the edition's own file first, as computing does."""
    edition = project.editions.get(year) if year is not None else None
    if edition is not None and sid in edition.statistics:
        spec, at = edition.statistics[sid], edition.locations[sid]
    else:
        spec, at = project.statistics[sid], project.locations[sid]
    return {"at": str(at), "spec": spec_entry(spec)}


def _datasets(project: Project, data: EditionData, plan: EditionPlan, stats: list[Statistic]) -> dict[str, Any]:
    """Every row, up to the edition's limit, of every series the edition uses (a statistic's row, a chart's
    or a table's series): whatever a statistic looks at (the latest year, a ranking) is then the same."""
    touched: dict[str, set[str]] = {}
    for st in stats:
        for i in st.inputs:
            if i.kind == "row":
                ds_id, _, series = i.ref.rsplit(" ", 1)[0].partition(".")
                touched.setdefault(ds_id, set()).add(series)
    for fig in plan.figures:
        chart = project.charts.get(fig.id)
        if chart is not None and chart.dataset:
            touched.setdefault(chart.dataset, set()).update(chart.series_names)
    for table in plan.tables:
        spec = project.tables[table.id][1]
        if spec.dataset:
            touched.setdefault(spec.dataset, set()).update(spec.series)
    out = {}
    for ds_id in sorted(touched):
        ds = project.datasets[ds_id]
        limit = edition_limit(data.source, ds.meta.cutoff)
        rows = [row_entry(o) for (s, y), o in sorted(ds.observations.items()) if s in touched[ds_id] and y <= limit]
        out[ds_id] = {"meta": spec_entry(ds.meta), "series": sorted(touched[ds_id]), "rows": rows}
    return out


def edition_limit(source: EditionSource, cutoff_rule: str) -> int:
    """The last year an edition may read: its data cut-off, or its own year for statements (membership)."""
    cutoff = source.meta.data_cutoff
    return max(cutoff, source.year) if cutoff_rule == "publication" else cutoff


def _references(project: Project, data: EditionData, plan: EditionPlan, stats: list[Statistic],
                specs: list[dict[str, Any]], datasets: dict[str, Any]) -> dict[str, Any]:
    ids = {r.id for r in plan.references} | {r.id for r in plan.references_cited}
    ids.update(r for st in stats for r in st.references)
    ids.update(s["spec"]["reference"] for s in specs if s["spec"].get("reference"))
    by_url = {r.url: r.id for r in project.references.values()}
    for ds in datasets.values():
        ids.update(by_url[row["source_url"]] for row in ds["rows"] if row["source_url"] in by_url)
    for year in (data.year, data.source.meta.previous):
        file = project.recommendation_files.get(year) if year is not None else None
        if file is not None and file.head.source is not None:
            ids.add(file.head.source.reference)
    return {rid: {k: v for k, v in spec_entry(project.references[rid]).items() if k != "id"}
            for rid in sorted(ids) if rid in project.references}


def edition_texts(project: Project, source: EditionSource) -> dict[str, str]:
    """The edition's own files by hash (chapters, translations, edition.yaml, recommendations, languages),
    and the previous edition's recommendations, which its continuity table quotes.

    NOTE: its own statistics files are not texts: the lock holds the specs it uses.
    """
    files = [p for p in sorted(source.dir.rglob("*")) if p.is_file() and p.name != LOCK_FILE
             and not any(part.startswith(".") for part in p.relative_to(source.dir).parts)
             and not (p.parent == source.dir and p.name.startswith("statistics") and p.suffix == ".yaml")]
    previous = project.editions.get(source.meta.previous) if source.meta.previous is not None else None
    if previous is not None and (previous.dir / RECOMMENDATIONS_FILE).is_file():
        files.append(previous.dir / RECOMMENDATIONS_FILE)
    return {p.relative_to(project.root).as_posix(): file_hash(p) for p in sorted(files)}


def framework_hashes(project: Project) -> dict[str, Any]:
    """Each framework's year and the hash of its file (recommendations are mapped to them)."""
    out = {}
    for fid, fw in sorted(project.frameworks.items()):
        path = project.root / "sources" / "frameworks" / f"{fid}.yaml"
        out[fid] = {"year": fw.year, "sha256": file_hash(path) if path.is_file() else ""}
    return out

