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
from typing import TYPE_CHECKING, Any

from .errors import GtaError, Problem, Problems, display_path

if TYPE_CHECKING:
    from .load import Project
    from .statistics import Statistic

EDITIONS = Path("sources") / "editions"
# NOTE: gta.lockfile.LOCK_FILE, named here too so that a no-op build need not import the loader (tested)
LOCK_FILE = "edition.lock"


def edition_years(root: Path) -> list[int]:
    """The years of the editions under ``sources/editions/``, oldest first (read from folder names only)."""
    return sorted(int(p.name) for p in (root / EDITIONS).glob("[0-9][0-9][0-9][0-9]") if (p / "edition.yaml").is_file())


def is_locked(root: Path, year: int) -> bool:
    """An edition is a draft until it is locked (``gta lock``): then it has an ``edition.lock``."""
    return (root / EDITIONS / str(year) / LOCK_FILE).is_file()


def edition_name(root: Path, year: int) -> str:
    """"edition 2023 (locked)" or "edition 2025 (draft)": how commands say which edition they worked on."""
    return f"edition {year} ({'locked' if is_locked(root, year) else 'draft'})"


def default_edition(root: Path) -> int:
    """The edition every command uses unless one is named: the latest locked (published) edition.

    A project with no locked edition yet (a new one, or the test fixture) uses its newest draft.
    """
    years = edition_years(root)
    if not years:
        raise GtaError(Problem(display_path(root / EDITIONS), None, "no editions found",
                               "create sources/editions/<year>/edition.yaml"))
    locked = [y for y in years if is_locked(root, y)]
    return (locked or years)[-1]


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
    """Statistics and recommendations new, changed (with the reason) or dropped from ``old`` to ``new``.

    A locked edition's statistics are those of its lock: what it published, not what the data say now.
    """
    from .plan import edition_project

    for year in (old, new):
        if year not in project.editions:
            raise GtaError(Problem("sources/editions", None, f"no edition {year}",
                                   f"editions: {', '.join(map(str, sorted(project.editions)))}"))
    from .statistics import compute_statistics

    a = compute_statistics(edition_project(project, old), old).stats
    b = compute_statistics(edition_project(project, new), new).stats
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
    """A recommendation that keeps its id is changed only when what it says or maps changed."""
    olds = {r.id: r for r in edition_recommendations(project, old, a)}
    news = {r.id: r for r in edition_recommendations(project, new, b)}
    carried = {p: r for r in news.values() for p in r.continuity.previous}
    changes = []
    for rid, rec in news.items():
        rel, previous = rec.continuity.relation, rec.continuity.previous
        if previous == (rid,) and rid in olds or (not previous and rid in olds):
            revised = _revised(olds[rid], rec)
            if revised:
                changes.append(Change("changed", "recommendation", rid, rec.title, olds[rid].title, rec.title,
                                      f"revised: {', '.join(revised)}"))
        elif rel == "new" or not previous:
            changes.append(Change("new", "recommendation", rid, rec.title))
        else:
            prev = ", ".join(previous)
            changes.append(Change("changed", "recommendation", rid, rec.title, prev, rid, f"{rel} {prev}"))
    for rid, rec in olds.items():
        if rid not in carried and rid not in news:
            changes.append(Change("dropped", "recommendation", rid, rec.title))
    return changes


def _revised(old: Any, new: Any) -> list[str]:
    """What changed in a recommendation that kept its id."""
    fields = ("title", "text", "audiences", "priority", "capabilities", "evidence")
    return [f for f in fields if getattr(old, f) != getattr(new, f)]


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

    The copy starts as an honest draft: every chapter is marked ``copied_from`` until someone
    rewrites it (a build warns about each), recommendations keep their ids and continue the old
    ones (so ``gta diff`` shows only real changes), and the old edition's lock is not copied.
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
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(LOCK_FILE))
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
    for chapter in sorted((dst / "chapters").glob("*.md")):
        _mark_copied(chapter, source)
    recs = dst / "recommendations.yaml"
    if recs.exists():
        recs.write_text(_continue_recommendations(recs.read_text(encoding="utf-8"), year), encoding="utf-8")
    return dst


def _mark_copied(path: Path, source: int) -> None:
    """Add ``copied_from: <source>`` to a chapter's front matter (a draft warns until it is removed).

    NOTE: the English text changes, so its translations become stale and show the English until
    they are translated again.
    """
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n") and not re.search(r"^copied_from:", text, flags=re.M):
        path.write_text(f"---\ncopied_from: {source}  # delete this line once the text is rewritten\n{text[4:]}",
                        encoding="utf-8")


def _continue_recommendations(text: str, year: int) -> str:
    """Each recommendation keeps its id and continues the one of the same id in the old edition."""
    text = re.sub(r"^edition: .*$", f"edition: {year}", text, flags=re.M)
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"^\s*- id: \S+", line)]
    if not starts:
        return text
    out = lines[: starts[0]]
    for n, start in enumerate(starts):
        item = lines[start: starts[n + 1] if n + 1 < len(starts) else len(lines)]
        rid = item[0].split("- id:", 1)[1].split("#")[0].strip()
        indent = " " * (len(item[0]) - len(item[0].lstrip()) + 2)
        trailing: list[str] = []
        while item and not item[-1].strip():  # the blank lines between items stay where they were
            trailing.insert(0, item.pop())
        kept: list[str] = []
        skipping = False
        for line in item:
            if line.startswith(f"{indent}continuity:"):
                skipping = True
            elif not (skipping and line.startswith(indent + " ")):  # NOTE: the old block's nested lines go too
                skipping = False
                kept.append(line)
        out += [*kept, f"{indent}continuity: {{relation: continues, previous: {rid}}}", *trailing]
    return "\n".join(out) + "\n"
