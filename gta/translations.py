"""Translation tooling: what each language of an edition has translated, lacks or has out of date
(``gta translations``), and the message catalogue's extraction and merge (``make messages``).

Reads the loaded project; nothing is computed or drawn, so it answers in a moment.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .charts.localise import chart_translation
from .errors import GtaError, Problem, Problems, display_path
from .evidence import KINDS, QUALITIES
from .i18n import LANGUAGES, SOURCE_LANGUAGE, Language
from .i18n.catalog import CODE_ROOT, DOMAIN, load_catalog, locales_dir, message_status, po_path
from .i18n.chapters import ChapterVersion, check_translated_chapters
from .i18n.editions import languages_path
from .i18n.localisation import EDITION_TEXTS, EVIDENCE, FRAMEWORK, RECOMMENDATIONS, SERIES, STATISTIC, TABLE
from .load import Project, load_project
from .recommendations import AUDIENCES, PRIORITIES, RELATIONS

# Kinds of catalogue message, as the report names them: key -> (name, context). Messages without a
# context are split by where they are written: templates, or sentences the builder's code assembles.
STRING_KINDS: dict[str, tuple[str, str | None]] = {
    "templates": ("template strings", None), "generated": ("generated sentences", None),
    STATISTIC: ("statistic labels and caveats", STATISTIC), SERIES: ("series labels", SERIES),
    TABLE: ("table titles and notes", TABLE), RECOMMENDATIONS: ("recommendation labels", RECOMMENDATIONS),
    FRAMEWORK: ("framework names", FRAMEWORK), EVIDENCE: ("evidence labels", EVIDENCE)}


def _written_in_code(msg: Any) -> bool:
    """A message the builder's Python code writes (``N_()``/``_()`` in gta/), not a template's."""
    return any(str(path).endswith(".py") for path, _ in msg.locations)


_KIND_FILTER = {"templates": lambda m: not _written_in_code(m), "generated": _written_in_code}


@dataclass
class LanguageStatus:
    """Everything one language of one edition has, lacks, or has out of date."""

    language: Language
    chapters: list[ChapterVersion] = field(default_factory=list)
    strings: dict[str, Any] = field(default_factory=dict)  # kind (STRING_KINDS) -> MessageStatus
    catalogue: Path | None = None
    charts: dict[str, list[str]] = field(default_factory=dict)  # chart id -> missing fields ([] when complete)
    chart_lines: dict[str, str] = field(default_factory=dict)  # chart id -> "figures/<id>.yaml:line" to translate at
    recommendations: dict[str, list[str]] = field(default_factory=dict)  # id -> missing fields
    recommendation_lines: dict[str, str] = field(default_factory=dict)  # id -> "recommendations.yaml:line"
    heatmap: dict[str, str] = field(default_factory=dict)  # the heatmap's words still in English -> where to fix
    heatmap_total: int = 0
    edition_texts: list[str] = field(default_factory=list)  # missing fields of languages.yaml
    problems: list[Problem] = field(default_factory=list)

    @property
    def missing_chapters(self) -> list[ChapterVersion]:
        return [c for c in self.chapters if c.status == "missing"]

    @property
    def stale_chapters(self) -> list[ChapterVersion]:
        return [c for c in self.chapters if c.status == "stale"]

    @property
    def complete(self) -> bool:
        """Nothing missing, nothing stale, nothing wrong."""
        return (not self.missing_chapters and not self.stale_chapters and not self.problems
                and all(not s.missing and not s.fuzzy for s in self.strings.values())
                and not any(self.charts.values()) and not any(self.recommendations.values())
                and not self.heatmap and not self.edition_texts)


def translation_status(project: Project, year: int, langs: list[str] | None = None) -> list[LanguageStatus]:
    """The status of every translation of edition ``year`` (or of ``langs``)."""
    from .chapters import chapter_environment, find_calls

    edition = project.editions[year]
    template = extract_template(project)
    codes = langs or [c for c in LANGUAGES if c != SOURCE_LANGUAGE]
    problems = Problems()
    declared = project.languages.get(year, {})
    env = chapter_environment()
    english_calls = {}
    for chapter in edition.chapters:
        try:
            english_calls[chapter.id] = find_calls(chapter, env)
        except GtaError as exc:
            problems.extend(exc.problems)
    result = []
    for code in codes:
        status = LanguageStatus(LANGUAGES[code], problems=list(problems.items))
        found = Problems()
        status.chapters = project.chapter_versions.get(year, {}).get(code, [])
        check_translated_chapters(status.chapters, english_calls, found)
        try:
            catalog = load_catalog(project.root, code)
        except GtaError as exc:
            found.extend(exc.problems)
            catalog = None
        status.catalogue = po_path(project.root, code) if catalog is not None else None
        for kind, (_, context) in STRING_KINDS.items():
            status.strings[kind] = message_status(template, catalog, (context,), _KIND_FILTER.get(kind))
        status.charts, status.chart_lines = _charts(project, code)
        status.recommendations, status.recommendation_lines = _recommendations(project, year, code)
        status.heatmap_total, status.heatmap = _heatmap(project, year, code, catalog)
        texts = declared.get(code)
        if texts is None:
            status.edition_texts = ["title", "subtitle"] + (["sample_notice"] if edition.meta.sample else [])
        else:
            status.edition_texts = [k for k in EDITION_TEXTS if getattr(edition.meta, k, "") and not getattr(texts, k)]
        status.problems += found.items
        result.append(status)
    return result


def _charts(project: Project, lang: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Missing fields of each chart spec's translation (the fields its English words use), and where to add them."""
    from .yamlio import line_of

    out: dict[str, list[str]] = {}
    lines: dict[str, str] = {}
    for cid, spec in sorted(project.charts.items()):
        path, raw = project.figures.get(cid, (None, None))
        if path is not None:
            line = line_of(raw, "translations", lang) or line_of(raw, "translations") or line_of(raw, "title")
            lines[cid] = f"{display_path(path)}:{line}" if line else display_path(path)
        tr = chart_translation(spec, lang)
        missing = [k for k in ("title", "subtitle") if getattr(spec, k) and not getattr(tr, k)]
        if len(tr.notes) < len(spec.notes):
            missing.append(f"notes ({len(tr.notes)} of {len(spec.notes)})")
        if spec.y.label and not tr.y_label:
            missing.append("y_label")
        for year, english in spec.breaks.items():
            t = tr.breaks.get(year)
            if t is None or not t.label or (english.alt and not t.alt):
                missing.append(f"breaks.{year}")
        if len(tr.annotations) < len(spec.annotations):
            missing.append("annotations")
        if spec.alt and not tr.alt:
            missing.append("alt")
        out[cid] = missing
    return out, lines


def _recommendations(project: Project, year: int, lang: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Missing fields of each recommendation's translation, and the recommendation's line in its file."""
    from .yamlio import line_of

    file = project.recommendation_files.get(year)
    if file is None:
        return {}, {}
    out, lines = {}, {}
    for spec, item, line in file.entries:
        tr = spec.translations.get(lang)
        out[spec.id] = [k for k in ("title", "text", "note") if getattr(spec, k) and not (tr and getattr(tr, k))]
        at = line_of(item, "translations", lang) or line
        lines[spec.id] = f"{display_path(file.path)}:{at}" if at else display_path(file.path)
    return out, lines


def _heatmap(project: Project, year: int, lang: str, catalog: Any | None) -> tuple[int, dict[str, str]]:
    """The heatmap's words (title, notes, source line, domain and row labels) that the language leaves in
    English, each with where to translate it: the ``.po`` line, or the recommendation's line.

    The heatmap is drawn from the recommendations and the framework with the language's catalogue, so
    this words it exactly as a build would and compares it with the English.
    """
    from .i18n.catalog import translations_for
    from .i18n.localisation import ENGLISH, localisation
    from .recommendations import PRIMARY_FRAMEWORK, resolve_recommendations
    from .recommendations_view import heatmap_figure, localise_recommendations

    file = project.recommendation_files.get(year)
    fw = project.frameworks.get(PRIMARY_FRAMEWORK)
    if file is None or fw is None:
        return 0, {}
    # NOTE: the file's own problems are the build's and `gta validate`'s to report; only its words matter here
    recs = resolve_recommendations(file, edition=year, frameworks=project.frameworks, stats=None, known_stat_ids=set(),
                                   problems=Problems())
    if not recs:
        return 0, {}
    try:
        loc = localisation(lang, translations_for(project.root, lang), None)
    except GtaError:
        return 0, {}
    title = project.editions[year].meta.title
    en = heatmap_figure(recs, fw, title, ENGLISH)
    tr = heatmap_figure(localise_recommendations(recs, loc), fw, title, loc)
    _, rec_lines = _recommendations(project, year, lang)
    po = display_path(po_path(project.root, lang))
    where: dict[str, str] = {}
    pairs: list[tuple[str, str, str]] = []
    for key in ("title", "subtitle", "source_line", "alt"):
        pairs.append((en[key], tr[key], po))
    pairs += [(e, t, po) for e, t in zip(en["notes"], tr["notes"], strict=False)]
    pairs += [(e, t, _po_line(catalog, FRAMEWORK, d.name, po)) for e, t, d in
              zip(en["col_labels"], tr["col_labels"], fw.domains, strict=False)]
    pairs += [(e, t, rec_lines.get(r.id, "")) for e, t, r in
              zip(en["row_labels"], tr["row_labels"], recs, strict=False)]
    for english, shown, at in pairs:
        if english and english == shown:
            where[english] = at
    return len(pairs), where


def _po_line(catalog: Any | None, context: str, msgid: str, po: str) -> str:
    found = catalog.get(msgid, context=context) if catalog is not None else None
    return f"{po}:{found.lineno}" if found is not None and found.lineno else f"{po} (not yet in it: --update)"


def format_status(statuses: list[LanguageStatus], project: Project, year: int, *, verbose: bool = False) -> str:
    """The report printed by ``gta translations``: one block per language."""
    edition = project.editions[year]
    lines = [f"Translations of edition {year} ({display_path(edition.dir)}); English is the source."]
    for st in statuses:
        lang = st.language
        lines.append("")
        lines.append(f"{lang.code}  {lang.english_name} ({lang.name}){'  — complete' if st.complete else ''}")
        n = len(st.chapters)
        translated = sum(1 for c in st.chapters if c.status == "translated")
        lines.append(f"  chapters         {translated}/{n} translated, {len(st.stale_chapters)} stale, "
                     f"{len(st.missing_chapters)} missing (shown in English with a notice)")
        for c in st.stale_chapters:
            lines.append(f"    stale    {c.id}: translated from {c.recorded_hash[:12]}…, the English is now "
                         f"{c.current_hash[:12]}… ({display_path(c.path or c.english.path)})")
        for c in st.missing_chapters:
            lines.append(f"    missing  {c.id}: create chapters/{lang.code}/{c.id}.md with source_hash: {c.current_hash}")
        where = display_path(st.catalogue) if st.catalogue else f"no catalogue ({display_path(po_path(project.root, lang.code))})"
        lines.append(f"  strings          {where}")
        po = display_path(st.catalogue or po_path(project.root, lang.code))
        for kind, (name, _) in STRING_KINDS.items():
            ms = st.strings[kind]
            extra = f", {len(ms.fuzzy)} to review (fuzzy)" if ms.fuzzy else ""
            lines.append(f"    {name:<29} {ms.translated}/{ms.total} translated, {len(ms.missing)} missing{extra}")
            todo = [(k, "missing") for k in ms.missing] + [(k, "fuzzy") for k in ms.fuzzy]
            for key, why in todo[: None if verbose else 5]:
                line = ms.line(key)
                at = f"{po}:{line}" if line else f"{po} (not yet in it: run gta translations --update)"
                lines.append(f"      {why:<8}{at}  {_short(key[1], 72)}")
            if not verbose and len(todo) > 5:
                lines.append(f"      … and {len(todo) - 5} more (--verbose lists them all)")
        done = sum(1 for m in st.charts.values() if not m)
        lines.append(f"  charts           {done}/{len(st.charts)} chart specs translated")
        for cid, missing in st.charts.items():
            if missing:
                lines.append(f"    missing {st.chart_lines.get(cid, cid)}  {cid}: {', '.join(missing)}")
        if st.heatmap_total:
            lines.append(f"  heatmap          {st.heatmap_total - len(st.heatmap)}/{st.heatmap_total} labels and "
                         f"sentences translated")
            for english, at in list(st.heatmap.items())[: None if verbose else 5]:
                lines.append(f"    missing {at}  {_short(english, 72)}")
            if not verbose and len(st.heatmap) > 5:
                lines.append(f"    … and {len(st.heatmap) - 5} more (--verbose lists them all)")
        if st.recommendations:
            done = sum(1 for m in st.recommendations.values() if not m)
            lines.append(f"  recommendations  {done}/{len(st.recommendations)} translated")
            incomplete = [rid for rid, m in st.recommendations.items() if m]
            for rid in incomplete[: None if verbose else 6]:
                lines.append(f"    missing {st.recommendation_lines.get(rid, rid)}  {rid}: "
                             f"{', '.join(st.recommendations[rid])}")
            if not verbose and len(incomplete) > 6:
                lines.append(f"    … and {len(incomplete) - 6} more (--verbose lists them all)")
        if st.edition_texts:
            lines.append(f"  edition          missing {', '.join(st.edition_texts)} in "
                         f"{display_path(languages_path(edition))}")
        for p in st.problems:
            lines.append(f"  error            {p}")
    return "\n".join(lines)


def _short(text: str, width: int = 96) -> str:
    text = " ".join(str(text).split())
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1]}…”"


# --- extraction -----------------------------------------------------------------------------


def extract_template(project: Project) -> Any:
    """The message template: template strings and ``_()`` calls (per ``babel.cfg``), statistic labels and
    recommendation labels. Sorted, without line numbers, so it changes only when a message does."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = project.root
    cfg = root / "babel.cfg" if (root / "babel.cfg").is_file() else CODE_ROOT / "babel.cfg"
    with cfg.open() as fh:
        method_map, options_map = parse_mapping_cfg(fh, str(cfg))
    catalog = Catalog(domain=DOMAIN, project="GTA report builder", charset="utf-8", fuzzy=False)
    source = cfg.parent
    for filename, lineno, message, comments, context in extract_from_dir(str(source), method_map, options_map,
                                                                           comment_tags=("NOTE: translators",)):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for context, msgid, where in dynamic_messages(project):
        if catalog.get(msgid, context=context) is None:
            catalog.add(msgid, None, [(where, 0)], context=context)
    return catalog


def dynamic_messages(project: Project) -> list[tuple[str, str, str]]:
    """Messages that are data, not code: statistic, series and table words, recommendation labels, framework names."""
    out: list[tuple[str, str, str]] = []
    for table in (AUDIENCES, PRIORITIES, RELATIONS):
        out += [(RECOMMENDATIONS, label, "gta/recommendations.py") for label in table.values()]
    for table in (KINDS, QUALITIES):
        out += [(EVIDENCE, label, "gta/evidence.py") for label in table.values()]
    specs = dict(project.statistics)
    for ed in project.editions.values():
        specs.update(ed.statistics)
    out += [(STATISTIC, spec.label, "sources/statistics") for _, spec in sorted(specs.items())]
    out += [(STATISTIC, caveat, "sources/statistics") for _, spec in sorted(specs.items())  # caveats readers see
            for caveat in (spec.allow_break, spec.allow_mixed_units) if caveat]
    for ds in project.datasets.values():
        where = f"sources/datasets/{ds.id}.yaml"
        out += [(SERIES, info.label, where) for info in ds.meta.series.values()]
        out += [(SERIES, text, where) for text in  # NOTE: the source line and the breaks readers see
                [ds.meta.source, *(" ".join(b.description.split()) for b in ds.meta.series_breaks)] if text]
    out += [(EVIDENCE, " ".join(item.summary.split()), "sources/evidence") for item in project.evidence.items]
    for path, spec in project.tables.values():
        out += [(TABLE, text, f"figures/tables/{path.name}") for text in (spec.title, spec.note) if text]
    for fw in project.frameworks.values():
        where = f"sources/frameworks/{fw.id}.yaml"
        out += [(FRAMEWORK, fw.name, where), (FRAMEWORK, fw.short_name, where)]
        if fw.completeness_note:
            out.append((FRAMEWORK, fw.completeness_note.strip(), where))
        for d in fw.domains:
            out.append((FRAMEWORK, d.name, where))
            out += [(FRAMEWORK, c.name, where) for c in d.capabilities]
    previous = {ed.meta.previous for ed in project.editions.values() if ed.meta.previous}
    for year, file in sorted(project.recommendation_files.items()):
        where = f"sources/editions/{year}/recommendations.yaml"
        out += [(RECOMMENDATIONS, text, where) for text in (file.head.mapping.note, file.head.mapping.by) if text]
        for spec, _, _ in file.entries:
            if year in previous:  # NOTE: titles a later edition shows beside its own (gta.recommendations_view)
                out.append((RECOMMENDATIONS, spec.title, where))
            if spec.continuity is not None and spec.continuity.note:
                out.append((RECOMMENDATIONS, spec.continuity.note, where))
    return out


def write_template(project: Project) -> tuple[Path, Any]:
    """Write ``locales/gta.pot`` and return it with the template catalogue."""
    from babel.messages.pofile import write_po

    template = extract_template(project)
    path = locales_dir(project.root) / f"{DOMAIN}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, template, omit_header=False, sort_output=True, no_location=True, width=100)
    path.write_bytes(_stable_header(buf.getvalue()))
    return path, template


def update_catalogues(root: Path, langs: list[str]) -> list[Path]:
    """Bring each language's ``.po`` in line with a freshly extracted template (``msgmerge``, in Python).

    New messages arrive untranslated, changed ones as fuzzy (shown in English until reviewed), removed
    ones become obsolete (kept at the end of the file, commented out).
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    _, template = write_template(load_project(root))
    written = []
    for lang in langs:
        if lang == SOURCE_LANGUAGE:
            continue
        catalog = load_catalog(root, lang) or Catalog(locale=lang, domain=DOMAIN, project="GTA report builder")
        catalog.update(template, update_header_comment=False)
        path = po_path(root, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        write_po(buf, catalog, sort_output=True, no_location=True, width=100, ignore_obsolete=False)
        path.write_bytes(_stable_header(buf.getvalue()))
        written.append(path)
    return written


def _stable_header(data: bytes) -> bytes:
    """Drop the creation and revision dates Babel writes, so an unchanged catalogue is unchanged on disk."""
    lines = [ln for ln in data.split(b"\n") if not ln.startswith((b'"POT-Creation-Date:', b'"PO-Revision-Date:'))]
    return b"\n".join(lines)
