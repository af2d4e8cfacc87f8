"""Editions side by side: what changed between two editions, and scaffolding the next one.

``diff_editions`` compares the statistics and recommendations two editions show. A statistic
whose value changed is explained: a newer year (its as-of moved), or revised data (same year,
different value), or a changed definition.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import GtaError, Problem, Problems, display_path
from .load import Project
from .statistics import Statistic, compute_statistics

EDITIONS = Path("sources") / "editions"


def edition_years(root: Path) -> list[int]:
    """The years of the editions under ``sources/editions/``, oldest first (read from folder names only)."""
    return sorted(int(p.name) for p in (root / EDITIONS).glob("[0-9][0-9][0-9][0-9]") if (p / "edition.yaml").is_file())


def default_edition(root: Path) -> int:
    """The edition every command uses unless one is named: the newest edition."""
    years = edition_years(root)
    if not years:
        raise GtaError(Problem(display_path(root / EDITIONS), None, "no editions found",
                               "create sources/editions/<year>/edition.yaml"))
    return years[-1]


@dataclass(frozen=True)
class Change:
    """One line of a diff: kind is new, changed or dropped."""

    kind: str
    what: str  # "statistic" or "recommendation"
    id: str
    label: str
    old: str = ""
    new: str = ""
    reason: str = ""


def diff_editions(project: Project, old: int, new: int) -> list[Change]:
    """Statistics and recommendations new, changed (with the reason) or dropped from ``old`` to ``new``."""
    for year in (old, new):
        if year not in project.editions:
            raise GtaError(Problem("sources/editions", None, f"no edition {year}",
                                   f"editions: {', '.join(map(str, sorted(project.editions)))}"))
    a = compute_statistics(project, old).stats
    b = compute_statistics(project, new).stats
    changes = [_stat_change(sid, a.get(sid), b.get(sid)) for sid in sorted(set(a) | set(b))]
    changes = [c for c in changes if c is not None]
    changes.extend(_recommendation_changes(project, old, new, a, b))
    order = {"new": 0, "changed": 1, "dropped": 2}
    return sorted(changes, key=lambda c: (c.what, order[c.kind], c.id))


def _stat_change(sid: str, old: Statistic | None, new: Statistic | None) -> Change | None:
    if old is None and new is not None:
        return Change("new", "statistic", sid, new.label, new=new.text())
    if new is None and old is not None:
        return Change("dropped", "statistic", sid, old.label, old=old.text())
    assert old is not None and new is not None
    if old.value == new.value and old.qualifier == new.qualifier:
        return None
    if old.as_of != new.as_of:
        reason = f"newer year ({old.as_of} → {new.as_of})"
    elif old.derivation.split(" — ")[-1] == new.derivation.split(" — ")[-1]:
        reason = f"revised data for {new.as_of}"
    else:
        reason = "definition changed"
    return Change("changed", "statistic", sid, new.label, old.text(), new.text(), reason)


def _recommendation_changes(project: Project, old: int, new: int, a: dict[str, Statistic],
                            b: dict[str, Statistic]) -> list[Change]:
    olds = {r.id: r for r in edition_recommendations(project, old, a)}
    news = {r.id: r for r in edition_recommendations(project, new, b)}
    carried = {p: r for r in news.values() for p in r.continuity.previous}
    changes = []
    for rid, rec in news.items():
        rel = rec.continuity.relation
        if rel == "new" or not rec.continuity.previous:
            changes.append(Change("new", "recommendation", rid, rec.title))
        else:
            prev = ", ".join(rec.continuity.previous)
            changes.append(Change("changed", "recommendation", rid, rec.title, prev, rid, f"{rel} {prev}"))
    for rid, rec in olds.items():
        if rid not in carried and rid not in news:
            changes.append(Change("dropped", "recommendation", rid, rec.title))
    return changes


def edition_recommendations(project: Project, year: int, stats: dict[str, Statistic]) -> list:
    """An edition's recommendations, resolved against its statistics (problems are its own build's to report)."""
    from .recommendations import resolve_recommendations

    file = project.recommendation_files.get(year)
    if file is None:
        return []
    prev = project.editions[year].meta.previous
    previous = project.recommendation_files.get(prev) if prev is not None else None
    return resolve_recommendations(file, edition=year, frameworks=project.frameworks, stats=stats,
                                   known_stat_ids=set(stats), previous_year=prev,
                                   previous=previous.titles if previous is not None else None, problems=Problems())


def new_edition(root: Path, year: int, source: int) -> Path:
    """Copy edition ``source`` to ``year``: same chapters and recommendations, dates moved on.

    The new edition's recommendations continue the old ones, so the continuity table works from
    day one; its text still says what the old one said until the team rewrites it.
    """
    editions = root / "sources" / "editions"
    src, dst = editions / str(source), editions / str(year)
    if not (src / "edition.yaml").exists():
        raise GtaError(Problem(display_path(src), None, f"no edition {source} to start from",
                               "name an existing edition with --from"))
    if dst.exists():
        raise GtaError(Problem(display_path(dst), None, f"edition {year} already exists",
                               "choose another year, or delete the folder first"))
    if year <= source:
        raise GtaError(Problem(display_path(dst), None, f"the new edition ({year}) must be after {source}", ""))
    shutil.copytree(src, dst)
    text = (dst / "edition.yaml").read_text(encoding="utf-8")
    shift = year - source
    text = re.sub(r"^year: .*$", f"year: {year}", text, flags=re.M)
    text = re.sub(r"^previous: .*$", f"previous: {source}", text, flags=re.M)
    if not re.search(r"^previous: ", text, flags=re.M):
        text += f"previous: {source}\n"
    text = re.sub(r"^data_cutoff: (\d+)", lambda m: f"data_cutoff: {int(m.group(1)) + shift}", text, flags=re.M)
    text = re.sub(r"^published: .*$", f"published: {year}-12-01  # set the real publication date", text, flags=re.M)
    text = re.sub(r"^title: (.*)$", lambda m: "title: " + m.group(1).replace(str(source), str(year)), text, flags=re.M)
    (dst / "edition.yaml").write_text(text, encoding="utf-8")
    recs = dst / "recommendations.yaml"
    if recs.exists():
        recs.write_text(_continue_recommendations(recs.read_text(encoding="utf-8"), source, year), encoding="utf-8")
    return dst


def _continue_recommendations(text: str, source: int, year: int) -> str:
    """Each recommendation of the old edition continues under a new id in the new one."""
    short_old, short_new = f"r{source % 100:02d}-", f"r{year % 100:02d}-"
    text = re.sub(r"^edition: .*$", f"edition: {year}", text, flags=re.M)
    out = []
    current = None
    for line in text.splitlines():
        m = re.match(r"^(\s*)- id: (\S+)", line)
        if m:
            current = m.group(2)
            new_id = current.replace(short_old, short_new) if current.startswith(short_old) else f"{short_new}{current}"
            out.append(f"{m.group(1)}- id: {new_id}")
            continue
        if re.match(r"^\s*continuity:", line) and current:
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}continuity: {{relation: continues, previous: {current}}}")
            current = "skip"
            continue
        if current == "skip" and re.match(r"^\s{6,}\S", line) and not re.match(r"^\s*- id:", line):
            continue  # the old continuity block's nested lines
        if current == "skip" and line.strip() and not line.startswith("      "):
            current = None
        out.append(line)
    return "\n".join(out) + "\n"
