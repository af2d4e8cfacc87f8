"""What the current sources would change in a locked edition: ``gta lock --check YEAR``.

Two views. :func:`input_drift` compares the lock's snapshot with the live files, input by input
(a revised row, a changed spec or reference, an edited chapter), without computing anything: a
build uses it to say, in one line, that a locked edition has drifted. :func:`check_lock` also
computes the edition from the live sources and names, for each statistic, figure or table whose
content would change, old → new and the ``file:line`` of the input that moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GtaError, Problem, display_path
from .formatting import exact_text
from .load import Project, load_project
from .lock import edition_limit, edition_texts, framework_hashes, known, shows
from .lockfile import ROW_FIELDS, EditionLock, evidence_entry, plain, spec_entry
from .plan import EditionData, compute_edition, prepare
from .plan.dates import evidence_for
from .sources import Observation, project_path


@dataclass(frozen=True)
class Drift:
    """One input of a locked edition that is different in the current sources."""

    where: str  # file:line of the input as it is now (or as it was, when it is gone)
    what: str  # e.g. "ncmec_cybertipline.reports 2022", "statistic 'x' spec", "text"
    change: str  # e.g. "32059029 → 32159029", "changed", "removed"
    key: str = ""  # an Input.ref ("dataset.series year") or "statistic:<id>", to tie it to a statistic

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.change}"


@dataclass(frozen=True)
class ShownDrift:
    """Something the edition shows that the current sources would show differently."""

    kind: str  # statistic, previous statistic, figure, table, references
    id: str
    old: str
    new: str
    moved: tuple[Drift, ...] = ()  # the inputs behind it that moved

    def __str__(self) -> str:
        return f"{self.kind} {self.id}: {self.old} → {self.new}"


@dataclass
class LockCheck:
    """The answer of ``gta lock --check``."""

    year: int
    path: Path
    shown: list[ShownDrift] = field(default_factory=list)
    inputs: list[Drift] = field(default_factory=list)
    failures: list[Problem] = field(default_factory=list)  # the current sources cannot compute the edition

    @property
    def drifted(self) -> bool:
        return bool(self.shown or self.inputs or self.failures)


def drift_notice(project: Project, year: int) -> str:
    """One line for a build of a locked edition whose inputs moved; empty when nothing did."""
    lock = project.locks.get(year)
    moved = input_drift(project, lock) if lock is not None else []
    if not moved:
        return ""
    n = len(moved)
    return (f"edition {year} is locked and built from its lock; {n} of its inputs changed in the sources "
            f"since: `gta lock --check {year}` lists {'them' if n != 1 else 'it'}")


# --- input by input -----------------------------------------------------------------------------


def input_drift(project: Project, lock: EditionLock) -> list[Drift]:
    """Every locked input that the live files no longer say the same way (no computation)."""
    out: list[Drift] = []
    source = project.editions[lock.year]
    for ds_id, locked in sorted(lock.datasets.items()):
        live = project.datasets.get(ds_id)
        if live is None:
            out.append(Drift(f"sources/datasets/{ds_id}.yaml", f"dataset '{ds_id}'", "no longer in the sources"))
            continue
        if spec_entry(live.meta) != spec_entry(locked.meta):
            out.append(Drift(project_path(live.meta_path), f"dataset '{ds_id}'",
                             _changes(spec_entry(locked.meta), spec_entry(live.meta))))
        for (series, year), then in sorted(locked.rows.items()):
            now = live.observations.get((series, year))
            key = f"{ds_id}.{series} {year}"
            if now is None:
                out.append(Drift(str(then.location), key, f"{exact_text(then.value)} → removed", key))
            elif _row(now) != _row(then):
                out.append(Drift(str(now.location), key, _row_change(then, now), key))
        limit = edition_limit(source, locked.meta.cutoff)
        for (series, year), now in sorted(live.observations.items()):
            if series in locked.series and year <= limit and (series, year) not in locked.rows:
                key = f"{ds_id}.{series} {year}"
                out.append(Drift(str(now.location), key, f"added: {exact_text(now.value)}", key))
    for year, items in ((lock.year, lock.statistics), (lock.previous, lock.previous_statistics)):
        for sid, (spec, at) in sorted(items.items()):
            out.extend(_spec_drift(project, year, sid, spec_entry(spec), str(at)))
    for rid, ref in sorted(lock.references.items()):
        now = project.references.get(rid)
        if now is None:
            out.append(Drift("sources/references.yaml", f"reference '{rid}'", "removed"))
        elif spec_entry(now) != spec_entry(ref):
            out.append(Drift("sources/references.yaml", f"reference '{rid}'", _changes(spec_entry(ref), spec_entry(now))))
    for cid, (at, raw, _) in sorted(lock.charts.items()):
        now_chart = project.figures.get(cid)
        if now_chart is None:
            out.append(Drift(at, f"chart '{cid}'", "removed"))
        elif plain(now_chart[1]) != raw:
            out.append(Drift(project_path(now_chart[0]), f"chart '{cid}'", _changes(raw, plain(now_chart[1]))))
    for tid, (at, tspec) in sorted(lock.tables.items()):
        now_table = project.tables.get(tid)
        if now_table is None:
            out.append(Drift(at, f"table '{tid}'", "removed"))
        elif spec_entry(now_table[1]) != spec_entry(tspec):
            out.append(Drift(project_path(now_table[0]), f"table '{tid}'",
                             _changes(spec_entry(tspec), spec_entry(now_table[1]))))
    out.extend(_evidence_drift(project, lock))
    out.extend(_hash_drift(lock.texts, edition_texts(project, source), "text"))
    out.extend(_hash_drift({k: v["sha256"] for k, v in lock.frameworks.items()},
                           {k: v["sha256"] for k, v in framework_hashes(project).items()}, "framework",
                           lambda k: f"sources/frameworks/{k}.yaml"))
    return out


def _evidence_drift(project: Project, lock: EditionLock) -> list[Drift]:
    """Locked evidence items changed or gone; with an annex, items that would now be listed in it."""
    live = {i.id: i for i in project.evidence.items}
    out = []
    for item in lock.evidence:
        then, now = evidence_entry(item)["item"], live.get(item.id)
        if now is None:
            out.append(Drift(str(item.location), f"evidence '{item.id}'", "removed"))
        elif evidence_entry(now)["item"] != then:
            out.append(Drift(str(now.location), f"evidence '{item.id}'", _changes(then, evidence_entry(now)["item"])))
    if lock.shows.get("evidence"):
        locked = {i.id for i in lock.evidence}
        for item in evidence_for(project, project.editions[lock.year]).items:
            if item.id not in locked:
                out.append(Drift(str(item.location), f"evidence '{item.id}'", "added: the annex would list it"))
    return out


def _row(obs: Observation) -> tuple[Any, ...]:
    return tuple(getattr(obs, f) for f in ROW_FIELDS)


def _row_change(then: Observation, now: Observation) -> str:
    if then.value != now.value:
        return f"{exact_text(then.value)} → {exact_text(now.value)}"
    changed = [f for f in ROW_FIELDS if getattr(then, f) != getattr(now, f)]
    return "; ".join(f"{f} {getattr(then, f)!r} → {getattr(now, f)!r}" for f in changed)


def _spec_drift(project: Project, year: int | None, sid: str, then: dict[str, Any], at: str) -> list[Drift]:
    edition = project.editions.get(year) if year is not None else None
    if edition is not None and sid in edition.statistics:
        now, where = edition.statistics[sid], str(edition.locations[sid])
    elif sid in project.statistics:
        now, where = project.statistics[sid], str(project.locations[sid])
    else:
        return [Drift(at, f"statistic '{sid}'", "no longer declared", f"statistic:{sid}")]
    if spec_entry(now) == then:
        return []
    return [Drift(where, f"statistic '{sid}'", _changes(then, spec_entry(now)), f"statistic:{sid}")]


def _changes(then: dict[str, Any], now: dict[str, Any]) -> str:
    keys = [k for k in dict.fromkeys([*then, *now]) if then.get(k) != now.get(k)]
    return "; ".join(f"{k} {_short(then.get(k))} → {_short(now.get(k))}" for k in keys) or "changed"


def _short(value: Any) -> str:
    text = "–" if value is None else repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _hash_drift(then: dict[str, str], now: dict[str, str], what: str, where: Any = str) -> list[Drift]:
    out = []
    for name in sorted(set(then) | set(now)):
        if name not in now:
            out.append(Drift(where(name), what, "removed"))
        elif name not in then:
            out.append(Drift(where(name), what, "added since the lock"))
        elif then[name] != now[name]:
            out.append(Drift(where(name), what, "changed since the lock"))
    return out


# --- what it shows ------------------------------------------------------------------------------


def check_lock(root: Path, year: int) -> LockCheck:
    """Compare a locked edition with what the current sources would make of it."""
    project = load_project(root)
    known(project, year)
    lock = project.locks.get(year)
    if lock is None:
        raise GtaError(Problem(display_path(project.editions[year].dir), None, f"edition {year} is not locked",
                               f"a draft has nothing to drift from; `gta lock {year}` locks it once it is published"))
    result = LockCheck(year, lock.path, inputs=input_drift(project, lock))
    frozen = compute_edition(project, year)
    try:
        live = compute_edition(project, year, live=True)
        now = shows(prepare(project, year, "en", data=live))
    except GtaError as exc:
        result.failures = [p for p in exc.problems if p.severity == "error"]
        return result
    result.shown = _shown_drift(lock.shows, now, frozen, live, result.inputs)
    return result


def _shown_drift(then: dict[str, Any], now: dict[str, Any], frozen: EditionData, live: EditionData,
                 inputs: list[Drift]) -> list[ShownDrift]:
    out = []
    for section, kind, old_stats, new_stats in (
            ("statistics", "statistic", frozen.stats, live.stats),
            ("previous_statistics", "previous statistic", frozen.previous_stats, live.previous_stats)):
        a, b = then.get(section, {}), now.get(section, {})
        for sid in sorted(set(a) | set(b)):
            x, y = _compare(a.get(sid)), _compare(b.get(sid))
            if x == y:
                continue
            moved = _moved(sid, old_stats, new_stats, inputs)
            out.append(ShownDrift(kind, sid, _stat_text(a.get(sid)), _stat_text(b.get(sid)), moved))
    for section, kind in (("figures", "figure"), ("tables", "table")):
        a, b = then.get(section, {}), now.get(section, {})
        for fid in sorted(set(a) | set(b)):
            if a.get(fid) != b.get(fid):
                out.append(ShownDrift(kind, fid, *_first_difference(a.get(fid), b.get(fid))))
    for section in ("references", "cited", "headline", "chapters", "recommendations"):
        a, b = then.get(section, []), now.get(section, [])
        if a != b:
            gone, added = [x for x in a if x not in b], [x for x in b if x not in a]
            out.append(ShownDrift(section, "", ", ".join(gone) or "(same items)",
                                  ", ".join(added) or ("(same items, another order)" if not gone else "–")))
    return out


def _compare(entry: dict[str, Any] | None) -> Any:
    return None if entry is None else {k: v for k, v in entry.items() if k != "role"}


def _stat_text(entry: dict[str, Any] | None) -> str:
    if entry is None:
        return "not shown"
    return f"{entry['text']} ({exact_text(entry['value'])})"


def _moved(sid: str, old: dict[str, Any], new: dict[str, Any], inputs: list[Drift]) -> tuple[Drift, ...]:
    """The moved inputs behind a statistic: its rows and specs, through the statistics it derives from."""
    keys = {f"statistic:{sid}"}
    todo, seen = [sid], set()
    while todo:
        s = todo.pop()
        if s in seen:
            continue
        seen.add(s)
        keys.add(f"statistic:{s}")
        for stats in (old, new):
            for i in (stats[s].inputs if s in stats else ()):
                if i.kind == "row":
                    keys.add(i.ref)
                else:
                    todo.append(i.ref)
    return tuple(d for d in inputs if d.key in keys)


def _first_difference(a: dict[str, Any] | None, b: dict[str, Any] | None) -> tuple[str, str]:
    if a is None or b is None:
        return ("not shown" if a is None else "shown"), ("not shown" if b is None else "shown")
    for key in a:
        if key != "rows" and a.get(key) != b.get(key):
            return f"{key} {_short(a.get(key))}", _short(b.get(key))
    old_rows = {str(r[0]): r[1:] for r in a.get("rows", [])}
    new_rows = {str(r[0]): r[1:] for r in b.get("rows", [])}
    for x in dict.fromkeys([*old_rows, *new_rows]):
        if old_rows.get(x) != new_rows.get(x):
            return f"{x}: {_cells(old_rows.get(x))}", _cells(new_rows.get(x))
    return "changed", "changed"


def _cells(row: list[Any] | None) -> str:
    if row is None:
        return "not shown"
    return ", ".join("–" if v is None else exact_text(v) if isinstance(v, int | float) else str(v) for v in row)
