"""The recommendations as a reader sees them, in the edition's language: the chapter's context and the heatmap.

:mod:`gta.recommendations` validates and relates recommendations (pure data); this module words
them. Every sentence is an English message looked up in the edition's catalogue, so English and
every translation come from the same code. Framework names are looked up too (context
``framework``); where WeProtect publishes no translation, ours are marked as unofficial.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from .framework import Capability, Domain, Framework, capability
from .i18n.localisation import FRAMEWORK, RECOMMENDATIONS, Localisation
from .i18n.messages import N_
from .recommendations import (
    AUDIENCES,
    PRIMARY_FRAMEWORK,
    PRIORITIES,
    RELATIONS,
    Continuity,
    Recommendation,
    continuity_rows,
    coverage,
    group_recommendations,
    recommendation_matrix,
)
from .statistics import Statistic

CHAPTER_GROUPINGS = ("audience", "domain")


def localise_recommendations(recs: Sequence[Recommendation], loc: Localisation, *,
                             previous: bool = False) -> list[Recommendation]:
    """Each recommendation with its title, text and note in the language, where its file translates them.

    What its file cannot translate comes from the catalogue (context ``recommendations``): the note
    on its continuity, the titles of the earlier recommendations it continues and, for an earlier
    edition's recommendations (``previous``; that edition may be published, and its file then
    never changes), their titles. An earlier edition's texts are quoted as they were published.
    """
    out = []
    for r in recs:
        tr = r.translations.get(loc.code, {})
        c = r.continuity
        title = tr.get("title") or (loc.pgettext(RECOMMENDATIONS, r.title) if previous else r.title)
        continuity = replace(c, note=loc.pgettext(RECOMMENDATIONS, c.note),
                             previous_titles=tuple(loc.pgettext(RECOMMENDATIONS, t) for t in c.previous_titles))
        out.append(replace(r, title=title, text=tr.get("text") or r.text, note=tr.get("note") or r.note,
                           continuity=continuity))
    return out


class Words:
    """Framework and recommendation names in the language."""

    def __init__(self, loc: Localisation):
        self.loc = loc

    def fw_name(self, fw: Framework) -> str:
        return self.loc.pgettext(FRAMEWORK, fw.name)

    def fw_short(self, fw: Framework) -> str:
        return self.loc.pgettext(FRAMEWORK, fw.short_name)

    def domain(self, d: Domain) -> str:
        return self.loc.pgettext(FRAMEWORK, d.name)

    def cap(self, c: Capability) -> str:
        return self.loc.pgettext(FRAMEWORK, c.name)

    def cap_label(self, fw: Framework, c: Capability) -> str:
        return f"{self.fw_short(fw)} {self.loc.integer(c.number)}" if c.number is not None else self.fw_short(fw)

    def audience(self, key: str) -> str:
        return self.loc.pgettext(RECOMMENDATIONS, AUDIENCES[key])

    def recommendations(self, n: int) -> str:
        return self.loc.ngettext("%(n)s recommendation", "%(n)s recommendations", n) % {"n": self.loc.integer(n)}

    def capabilities(self, n: int) -> str:
        return self.loc.ngettext("%(n)s capability", "%(n)s capabilities", n) % {"n": self.loc.integer(n)}


def recommendations_context(recs: Sequence[Recommendation], frameworks: Mapping[str, Framework], edition: Any,
                            previous_recs: Sequence[Recommendation] | None, stats: Mapping[str, Statistic], by: str,
                            loc: Localisation, *, framework: str = PRIMARY_FRAMEWORK) -> dict[str, Any]:
    """Everything ``templates/partials/recommendations.html.j2`` shows (its header documents the keys).

    ``recs`` are already in the language (:func:`localise_recommendations`). ``by`` is "audience"
    or "domain": the chapter shows each recommendation once.
    """
    if by not in CHAPTER_GROUPINGS:
        raise ValueError(f"the chapter groups by 'audience' or 'domain', not {by!r}")
    w = Words(loc)
    fw = frameworks[framework]
    prev = list(previous_recs or [])
    rec_ctx = {r.id: _rec_context(r, frameworks, stats, w) for r in recs}
    rows, dropped, new = continuity_rows(recs, prev)
    prev_year = next((r.continuity.previous_year for r in recs if r.continuity.previous_year), None)
    recorded = bool(prev) or any(r.continuity.previous_recorded for r in recs)
    return {
        "edition": {"year": edition.year, "title": edition.title},
        "by": by,
        "by_label": loc.gettext("audience") if by == "audience" else
        loc.format(N_("%(framework)s domain"), framework=w.fw_short(fw)),
        "count": len(recs),
        "sample": any(r.status == "sample" for r in recs),
        "mapping_note": _mapping_note(recs[0] if recs else None, loc),
        "framework": _fw_context(fw, w),
        "groups": [{"id": key, "title": _group_heading(key, fw, frameworks, w),
                    "recommendations": [rec_ctx[r.id] for r in members]}
                   for key, _, members in group_recommendations(recs, frameworks, by, framework)],
        "recommendations": list(rec_ctx.values()),
        "matrix": _matrix_context(recs, fw, w),
        "capability_table": _capability_table(recs, fw, w),
        "coverage": [_coverage_context(recs, f, w) for f in frameworks.values()],
        "continuity": None if prev_year is None else {
            "previous_year": prev_year,
            "recorded": recorded,
            "rows": [{"previous_id": row.previous_id, "previous_title": row.previous_title,
                      "previous_text": next((p.text for p in prev if p.id == row.previous_id), ""),
                      "previous_label": _prev_label(row.previous_id, prev),
                      "relation": row.relation, "relation_label": loc.pgettext(RECOMMENDATIONS, RELATIONS[row.relation]),
                      "id": row.id, "title": row.title, "label": rec_ctx[row.id]["label"]} for row in rows],
            "not_carried": [{"id": pid, "title": ptitle, "label": _prev_label(pid, prev)} for pid, ptitle in dropped],
            "previous_known": bool(prev),
            "new": [{"id": r.id, "title": r.title, "label": r.label} for r in new],
        },
        "heatmap": None,  # the HTML writer places the heatmap figure here
    }


def _group_heading(key: str, fw: Framework, frameworks: Mapping[str, Framework], w: Words) -> str:
    if key in AUDIENCES:
        return w.audience(key)
    if key == "other":
        return w.loc.format(N_("Not mapped to the %(framework)s"), framework=w.fw_short(fw))
    return w.domain(fw.domain(key))


def _rec_context(r: Recommendation, frameworks: Mapping[str, Framework], stats: Mapping[str, Statistic],
                 w: Words) -> dict[str, Any]:
    loc = w.loc
    badges = []
    for fw, domain, cap in [capability(frameworks, ref) for ref in r.capabilities]:
        if cap.number is not None:
            title = loc.format(N_("%(framework)s, capability %(number)s: %(capability)s (%(domain)s)"),
                               framework=w.fw_name(fw), number=loc.integer(cap.id), capability=w.cap(cap),
                               domain=w.domain(domain))
        else:
            title = loc.format(N_("%(framework)s (partial): %(capability)s"), framework=w.fw_name(fw),
                               capability=w.cap(cap))
        badges.append({"ref": cap.ref, "framework": w.fw_short(fw), "framework_id": fw.id, "complete": fw.complete,
                       "number": cap.number, "short": w.cap_label(fw, cap), "name": w.cap(cap),
                       "domain": w.domain(domain), "title": title})
    evidence = []
    for sid in r.evidence:
        st = stats.get(sid)
        evidence.append({"id": sid, "label": loc.statistic_label(st) if st else sid,
                         "text": loc.text(st) if st else loc.gettext("not available"),
                         "confidence": st.confidence if st else "",
                         "confidence_label": loc.gettext(st.confidence) if st else "",
                         "caveats": loc.caveats(st) if st else [], "as_of": st.as_of if st else ""})
    c = r.continuity
    return {
        "id": r.id, "anchor": f"rec-{r.id}", "label": r.label, "title": r.title, "text": r.text,
        "audiences": [{"id": a, "label": w.audience(a)} for a in r.audiences],
        "audience_text": loc.list([w.audience(a).lower() for a in r.audiences]),
        "priority": r.priority, "priority_label": loc.pgettext(RECOMMENDATIONS, PRIORITIES[r.priority]),
        "badges": badges, "evidence": evidence, "note": r.note,
        "continuity": {"relation": c.relation, "year": c.previous_year, "note": c.note,
                       "previous": [{"id": p, "title": t} for p, t in zip(c.previous, c.previous_titles, strict=False)],
                       "text": _continuity_text(c, loc)},
    }


_CONTINUITY = {"continues": N_("Continues %(names)s (%(year)s)"), "revises": N_("Revises %(names)s (%(year)s)"),
               "replaces": N_("Replaces %(names)s (%(year)s)")}


def _continuity_text(c: Continuity, loc: Localisation) -> str:
    if c.relation == "new" or not c.previous:
        return loc.gettext("New in this edition") if c.previous_recorded else ""
    names = loc.list([loc.quote(t) if t else p for p, t in zip(c.previous, c.previous_titles, strict=False)])
    return loc.format(_CONTINUITY[c.relation], names=names, year=loc.integer(c.previous_year or ""))


def _matrix_context(recs: Sequence[Recommendation], fw: Framework, w: Words) -> dict[str, Any]:
    _, _, values = recommendation_matrix(recs, fw)
    totals = [sum(1 for row in values if row[j] > 0) for j in range(len(fw.domains))]
    loc = w.loc
    caption = loc.format(N_("Recommendations mapped to the %(n)s domains of the %(framework)s (number of "
                            "%(short)s capabilities each recommendation addresses in each domain)"),
                         n=loc.integer(len(fw.domains)), framework=w.fw_name(fw), short=w.fw_short(fw))
    return {
        "caption": caption,
        "framework": _fw_context(fw, w),
        "cols": [{"id": d.slug, "label": w.domain(d), "n_capabilities": len(d.capabilities), "total": t,
                  "total_text": w.recommendations(t)}
                 for d, t in zip(fw.domains, totals, strict=True)],
        "rows": [{"id": r.id, "anchor": f"rec-{r.id}", "label": r.label, "title": r.title,
                  "cells": [{"value": int(v), "level": min(int(v), 3),
                             "text": w.capabilities(int(v))
                             if v else loc.gettext("none")} for v in row],
                  "total": len(r.capabilities)} for r, row in zip(recs, values, strict=True)],
        "max": int(max((max(row) for row in values), default=0)),
    }


def _capability_table(recs: Sequence[Recommendation], fw: Framework, w: Words) -> dict[str, Any]:
    return {
        "caption": w.loc.format(N_("%(framework)s: which recommendations address each capability"),
                                framework=w.fw_name(fw)),
        "framework": _fw_context(fw, w),
        "recs": [{"id": r.id, "anchor": f"rec-{r.id}", "label": r.label, "title": r.title} for r in recs],
        "domains": [{"name": w.domain(d), "slug": d.slug, "rows": [
            {"ref": c.ref, "short": w.cap_label(fw, c), "number": c.number, "name": w.cap(c),
             "marks": [c.ref in r.capabilities for r in recs],
             "count": sum(c.ref in r.capabilities for r in recs)} for c in d.capabilities]} for d in fw.domains],
    }


def _coverage_context(recs: Sequence[Recommendation], fw: Framework, w: Words) -> dict[str, Any]:
    cov = coverage(recs, fw)
    loc = w.loc
    n, total = len(cov.addressed), len(fw.capabilities)
    message = N_("%(n)s of the %(total)s %(framework)s capabilities are addressed by at least one recommendation.") \
        if fw.complete else \
        N_("%(n)s of the %(total)s %(framework)s capabilities recorded here are addressed by a recommendation.")
    return {
        "framework": _fw_context(fw, w),
        "complete": fw.complete,
        "note": loc.pgettext(FRAMEWORK, fw.completeness_note.strip()) if fw.completeness_note else "",
        "summary": loc.format(message, n=loc.integer(n), total=loc.integer(total), framework=w.fw_short(fw)),
        "n_addressed": n,
        "n_total": total,
        "addressed": [{"ref": c.ref, "short": w.cap_label(fw, c), "name": w.cap(c), "by": list(cov.addressed[c.ref])}
                      for c in fw.capabilities if c.ref in cov.addressed],
        "unaddressed": [{"ref": c.ref, "short": w.cap_label(fw, c), "name": w.cap(c),
                         "domain": w.domain(fw.domain(c.domain)), "description": c.description}
                        for c in cov.unaddressed],
        "domains": [{"name": w.domain(d), "n_total": len(d.capabilities),
                     "n_addressed": sum(c.ref in cov.addressed for c in d.capabilities)} for d in fw.domains],
    }


def _fw_context(fw: Framework, w: Words) -> dict[str, Any]:
    return {"id": fw.id, "name": w.fw_name(fw), "short_name": w.fw_short(fw), "complete": fw.complete,
            "completeness_note": fw.completeness_note, "n_domains": len(fw.domains),
            "n_capabilities": len(fw.capabilities), "unofficial": unofficial_translation_note(fw, w.loc)}


def unofficial_translation_note(fw: Framework, loc: Localisation) -> str:
    """In a language its publisher does not publish it in, a note that the framework's names shown are ours.

    Empty where the names are the publisher's own (English, or a language in ``published_languages``),
    and where the catalogue translates none of them (they then show as published, in English).
    """
    if loc.code in fw.published_languages:
        return ""
    names = [fw.name, fw.short_name, *(d.name for d in fw.domains), *(c.name for c in fw.capabilities)]
    if all(loc.pgettext(FRAMEWORK, n) == n for n in names):
        return ""
    return loc.format(N_("The %(framework)s is published in %(languages)s only; the names of its domains and "
                         "capabilities shown here are translated by the GTA report builder team."),
                      framework=loc.pgettext(FRAMEWORK, fw.name),
                      languages=loc.list([_language_name(c, loc) for c in fw.published_languages]))


def _language_name(code: str, loc: Localisation) -> str:
    """"English" in the reader's language (CLDR names)."""
    from babel import Locale

    return Locale.parse(code).get_display_name(loc.code) or code


def _mapping_note(rec: Recommendation | None, loc: Localisation) -> str:
    """The file's own note on the mapping, or who made it."""
    if rec is None:
        return ""
    if rec.mapping_note:
        return loc.pgettext(RECOMMENDATIONS, rec.mapping_note)
    return loc.format(N_("Mapped to capabilities by %(who)s."), who=loc.pgettext(RECOMMENDATIONS, rec.mapped_by))


def _prev_label(pid: str, prev: Sequence[Recommendation]) -> str:
    return next((p.label for p in prev if p.id == pid), "")


# --- heatmap ------------------------------------------------------------------------------------------


def heatmap_figure(recs: Sequence[Recommendation], framework: Framework, edition_title: str,
                   loc: Localisation) -> dict[str, Any]:
    """The heatmap's data and words: matrix, labels, title, source line, notes and an alt text from its data."""
    w = Words(loc)
    rows, _, values = recommendation_matrix(recs, framework)
    rows = [f"{r.label} {r.title}" for r in recs]
    cols = [w.domain(d) for d in framework.domains]
    reach = [sum(1 for row in values if row[j] > 0) for j in range(len(cols))]
    parts = [loc.format(N_("Heatmap of %(recs)s against the %(n)s %(framework)s domains"),
                        recs=w.recommendations(len(rows)),
                        n=loc.integer(len(cols)), framework=w.fw_short(framework))]
    top = max(reach, default=0)
    if top:
        most = [cols[j] for j in range(len(cols)) if reach[j] == top]
        message = N_("%(domains)s are each addressed by %(recs)s") if len(most) > 1 else \
            N_("%(domains)s is addressed by %(recs)s")
        parts.append(loc.format(message, domains=loc.list(most),
                                recs=w.recommendations(top)))
    none = [cols[j] for j in range(len(cols)) if reach[j] == 0]
    if none:
        parts.append(loc.format(N_("%(domains)s by none"), domains=loc.list(none)))
    elif cols and min(reach) < top:
        least = min(reach)
        parts.append(loc.format(N_("%(domains)s by the fewest (%(n)s)"),
                                domains=loc.list([cols[j] for j in range(len(cols)) if reach[j] == least]),
                                n=loc.integer(least)))
    mapped_by = loc.pgettext(RECOMMENDATIONS, recs[0].mapped_by) if recs else ""
    notes = [loc.format(N_("Each cell counts the capabilities a recommendation addresses in that domain; the "
                           "mapping to capabilities is by %(who)s."), who=mapped_by) if mapped_by else
             loc.gettext("Each cell counts the capabilities a recommendation addresses in that domain.")]
    if not framework.complete:
        notes.append(loc.pgettext(FRAMEWORK, framework.completeness_note.strip()))
    fw_name, short = w.fw_name(framework), w.fw_short(framework)
    return {
        "matrix": values, "row_labels": rows, "col_labels": cols,
        "chart_id": f"recommendations-{framework.id}-heatmap",
        "title": loc.format(N_("Recommendations mapped to the %(framework)s"), framework=fw_name),
        "subtitle": loc.format(N_("Number of %(framework)s capabilities each recommendation addresses, by domain"),
                               framework=short),
        "source_line": loc.format(N_("Source: %(edition)s, recommendations; %(framework)s, %(publisher)s."),
                                  edition=edition_title, framework=fw_name, publisher=framework.publisher),
        "notes": tuple(notes),
        "alt": loc.join(parts) + ".",
        "citation": loc.format(N_("%(edition)s: recommendations mapped to the %(framework)s."),
                               edition=edition_title, framework=fw_name),
    }
