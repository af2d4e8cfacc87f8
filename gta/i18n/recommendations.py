"""The recommendations chapter in a translated edition.

Titles and texts come from each recommendation's ``translations: {<lang>: {title, text, note}}``
(English where a language has none); audience, priority and relation labels and statistic labels
come from the catalogue; numbers from the formatter. The framework's own names (the Model National
Response's domains and capabilities) are shown as published, in English.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..recommendations import AUDIENCES


def localise_recommendations(loc: Any, recs: list[Any]) -> list[Any]:
    """Each recommendation with its title, text and note in the language, where translated."""
    out = []
    for r in recs:
        tr = r.translations.get(loc.code, {})
        out.append(replace(r, title=tr.get("title") or r.title, text=tr.get("text") or r.text,
                           note=tr.get("note") or r.note))
    return out


def localise_context(loc: Any, context: dict[str, Any], stats: dict[str, Any]) -> dict[str, Any]:
    """Translate the labels :func:`gta.recommendations.recommendations_context` wrote in English."""
    label = loc.recommendation_label
    _ = loc.gettext
    if context["by"] == "audience":
        context["by_label"] = _("audience")
        for group in context["groups"]:
            group["title"] = label(AUDIENCES.get(group["id"], group["title"]))
    for rec in context["recommendations"]:
        rec["audiences"] = [a | {"label": label(a["label"])} for a in rec["audiences"]]
        rec["audience_text"] = _list([label(AUDIENCES[a["id"]]) for a in rec["audiences"]], loc)
        rec["priority_label"] = label(rec["priority_label"])
        for ev in rec["evidence"]:
            st = stats.get(ev["id"])
            if st is not None:
                ev["label"] = loc.statistic_label(st)
                ev["confidence_label"] = _(st.confidence)
    if context.get("continuity"):
        for row in context["continuity"]["rows"]:
            row["relation_label"] = label(row["relation_label"])
    return context


def _list(items: list[str], loc: Any) -> str:
    """"a, b and c" in the language (Babel's list patterns)."""
    from babel.lists import format_list

    return format_list(items, locale=loc.code) if items else ""


def localise_heatmap(loc: Any, args: dict[str, Any], recs: list[Any], framework: Any) -> dict[str, Any]:
    """The heatmap's words: title, subtitle and source line from the catalogue; alt text from its data."""
    from ..formatting import localise_digits

    _ = loc.gettext
    values = args["matrix"]
    n_recs, n_domains = len(values), len(args["col_labels"])
    totals = [sum(1 for row in values if row[j]) for j in range(n_domains)]
    alt = _("Heatmap of %(recs)s recommendations against the %(domains)s domains of the %(framework)s.") % {
        "recs": loc.integer(n_recs), "domains": loc.integer(n_domains), "framework": framework.short_name}
    covered = [f"{args['col_labels'][j]}: {loc.integer(t)}" for j, t in enumerate(totals)]
    alt += " " + _("Recommendations addressing each domain: %(list)s.") % {"list": _list(covered, loc)}
    return args | {
        "title": _("Recommendations mapped to the %(framework)s") % {"framework": framework.name},
        "subtitle": _("Number of %(framework)s capabilities each recommendation addresses, by domain")
        % {"framework": framework.short_name},
        "source_line": _("Source: %(sources)s") % {"sources": args["source_line"].removeprefix("Source: ").rstrip(".")},
        "notes": tuple(_("Each cell counts the capabilities a recommendation addresses in that domain.")
                       for _n in args["notes"][:1]),
        "alt": localise_digits(alt, loc.numbering),
        "citation": _("Source: %(sources)s") % {"sources": args["citation"].removeprefix("Source: ")},
    }
