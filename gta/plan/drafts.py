"""A draft edition starts honest: warnings about what it merely carries over from the previous edition.

`gta new-edition` copies the previous edition's chapters; until someone rewrites them they say
what the previous edition said. Building a draft warns (``--strict`` fails) about:

- chapters still marked ``copied_from`` (or word for word the previous edition's text);
- figures in a sentence about change "since the last edition" that have the same value as in
  the previous edition: the sentence describes a change that edition already reported;
- no dataset with data after the previous edition's data cut-off: nothing new to report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import Problems
from ..load import Project
from ..sources import Chapter, EditionSource
from ..statistics import Statistic

# NOTE: "since the last edition", "than in the previous edition", "on the last edition's latest year" ...
SINCE_LAST = re.compile(r"\b(since|than|from|on|compared with)\s+(in\s+)?the\s+(last|previous|preceding)\s+"
                        r"(edition|assessment|report)", re.I)
_CALL = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_STAT = re.compile(r"\{\{\s*stat\(\s*[\"']([^\"']+)[\"']")
# a sentence ends at . ! ? before a space, at a blank line, or where a list item or heading starts
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s|#)")


def check_draft(project: Project, source: EditionSource, stats: dict[str, Statistic],
                previous_stats: dict[str, Statistic], problems: Problems) -> None:
    """Add a warning for each thing a draft carries over unrevised from the previous edition."""
    prev_year = source.meta.previous
    previous = project.editions.get(prev_year) if prev_year is not None else None
    earlier = {c.id: c for c in previous.chapters} if previous is not None else {}
    for chapter in source.chapters:
        _unrevised(chapter, earlier.get(chapter.id), prev_year, problems)
        if previous_stats:
            _unmoved(chapter, stats, previous_stats, prev_year, problems)
    if previous is not None:
        _no_new_data(project, source, previous, problems)


def _unrevised(chapter: Chapter, earlier: Chapter | None, prev_year: int | None, problems: Problems) -> None:
    copied = chapter.meta.copied_from
    if copied is not None:
        problems.add(chapter.path, chapter.meta_lines.get("copied_from"),
                     f"chapter '{chapter.id}' is copied from edition {copied} and not yet revised",
                     f"rewrite it for this edition, then delete the line 'copied_from: {copied}'", severity="warning")
    elif earlier is not None and earlier.body == chapter.body and _CALL.sub("", chapter.body).strip():
        problems.add(chapter.path, chapter.body_line, f"chapter '{chapter.id}' is word for word the text of "
                     f"edition {prev_year}", "rewrite it for this edition's data", severity="warning")


def _unmoved(chapter: Chapter, stats: dict[str, Statistic], previous: dict[str, Statistic],
             prev_year: int | None, problems: Problems) -> None:
    """Figures a "since the last edition" phrase speaks of whose value is the previous edition's own."""
    for sid, line in _figures_since_the_last_edition(chapter):
        now, then = stats.get(sid), previous.get(sid)
        if now is None or then is None or (now.value, now.as_of) != (then.value, then.as_of):
            continue
        problems.add(chapter.path, line,
                     f"'{sid}' ({now.text()}) is the same in edition {prev_year}, yet the text presents it as a "
                     "change since the last edition",
                     f"use a figure computed from data after edition {prev_year}'s cut-off, or rewrite the sentence",
                     severity="warning")


def _figures_since_the_last_edition(chapter: Chapter) -> Iterator[tuple[str, int]]:
    """(statistic id, file line) of the figure nearest each "since the last edition", in its sentence."""
    body = chapter.body
    # NOTE: calls masked (same length, newlines kept) so a '.' inside one never ends a sentence.
    masked = _CALL.sub(lambda m: re.sub(r"[^\n]", "x", m.group(0)), body)
    cuts = [0, *(m.end() for m in _SENTENCE_END.finditer(masked)), len(body)]
    for start, end in zip(cuts, cuts[1:], strict=False):
        figures = [(m.start(), m.end(), m.group(1)) for m in _STAT.finditer(body, start, end)]
        for phrase in SINCE_LAST.finditer(masked, start, end):
            if not figures:
                break
            a, b, sid = min(figures, key=lambda f: phrase.start() - f[1] if f[1] <= phrase.start()
                            else f[0] - phrase.end())
            yield sid, chapter.body_line + body.count("\n", 0, a)


def _no_new_data(project: Project, source: EditionSource, previous: EditionSource, problems: Problems) -> None:
    after, cutoff = previous.meta.data_cutoff, source.meta.data_cutoff
    newer = any(after < year <= cutoff for ds in project.datasets.values() if ds.meta.cutoff == "data"
                for (_, year) in ds.observations)
    if not newer:
        problems.add(source.dir / "edition.yaml", None,
                     f"no dataset has data after {after}, the data cut-off of edition {previous.year}",
                     f"add data for {after + 1}–{cutoff} to sources/datasets/, or this edition can only repeat "
                     f"edition {previous.year}'s figures", severity="warning")
