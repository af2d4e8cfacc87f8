"""The evidence annex as a reader sees it, in the edition's language: items grouped by capability,
and which capabilities have no evidence since the last edition.

:mod:`gta.evidence` validates and groups the library (pure data); this module words it. Titles of
cited works stay as published; summaries are shown in the language where an item translates them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .evidence import KINDS, QUALITIES, EvidenceItem, EvidenceLibrary, evidence_matrix, group_evidence
from .framework import Framework
from .i18n.localisation import EVIDENCE, Localisation
from .i18n.messages import N_
from .recommendations_view import Words


def evidence_view(library: EvidenceLibrary, frameworks: Mapping[str, Framework], since: str | None,
                  loc: Localisation) -> dict[str, Any]:
    """Everything ``templates/partials/evidence.html.j2`` shows (its header documents the keys)."""
    w = Words(loc)
    by_ref = {c.ref: (fw, c) for fw in frameworks.values() for c in fw.capabilities}
    seen: set[str] = set()
    groups = []
    for group in group_evidence(library, frameworks, "capability"):
        fw, cap = by_ref[group.key]
        entries = []
        for item in group.items:
            entries.append(_item(item, loc, first=item.id not in seen))
            seen.add(item.id)
        groups.append({"ref": group.key, "label": w.cap_label(fw, cap), "name": w.cap(cap),
                       "domain": w.domain(fw.domain(cap.domain)), "partial": group.partial, "entries": entries})
    matrix = evidence_matrix(library, frameworks, since)
    rows = []
    for col in matrix.capabilities:
        fw, cap = by_ref[col.ref]
        rows.append({"ref": col.ref, "label": w.cap_label(fw, cap), "name": w.cap(cap),
                     "domain": w.domain(fw.domain(cap.domain)), "partial": col.partial, "count": len(col.items),
                     "recent": len(col.recent), "gap": not col.covered})
    gaps = [r for r in rows if r["gap"]]
    since_text = loc.date(since) if since else ""
    return {
        "count": len(library),
        "groups": groups,
        "coverage": rows,
        "gaps": gaps,
        "since": since_text,
        "summary": loc.format(N_("%(n)s items of research and data inform this edition; they are listed under each "
                                 "capability of the framework they inform."), n=loc.integer(len(library))),
        "gap_summary": (loc.format(N_("%(n)s capabilities have no evidence published since %(since)s."),
                                   n=loc.integer(len(gaps)), since=since_text) if since else
                        loc.format(N_("%(n)s capabilities have no evidence."), n=loc.integer(len(gaps)))),
    }


def _item(item: EvidenceItem, loc: Localisation, *, first: bool) -> dict[str, Any]:
    return {
        "id": item.id, "anchor": f"ev-{item.id}", "first": first, "title": item.title,
        "publishers": loc.list(list(item.publishers)), "date": loc.date(item.date), "url": item.url,
        "kind": loc.pgettext(EVIDENCE, KINDS[item.kind]), "quality": loc.pgettext(EVIDENCE, QUALITIES[item.quality]),
        "summary": loc.pgettext(EVIDENCE, _one_line(item.summary)), "regions": loc.list(list(item.regions)),
    }


def _one_line(text: str) -> str:
    """The text as its catalogue entry spells it: one line, single spaces (YAML folds it otherwise)."""
    return " ".join(text.split())
