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
from .i18n.localisation import EVIDENCE, FRAMEWORK, RECOMMENDATIONS, SERIES, STATISTIC, TABLE
from .load import Project, load_project
from .recommendations import AUDIENCES, PRIORITIES, RELATIONS

# Kinds of catalogue message, as the report names them.
STRING_KINDS = {None: "template strings", STATISTIC: "statistic labels", SERIES: "series labels",
                TABLE: "table titles and notes", RECOMMENDATIONS: "recommendation labels",
                FRAMEWORK: "framework names", EVIDENCE: "evidence labels"}


@dataclass
class LanguageStatus:
    """Everything one language of one edition has, lacks, or has out of date."""

    language: Language
    chapters: list[ChapterVersion] = field(default_factory=list)
    strings: dict[str | None, Any] = field(default_factory=dict)  # context -> MessageStatus
    catalogue: Path | None = None
    charts: dict[str, list[str]] = field(default_factory=dict)  # chart id -> missing fields ([] when complete)
    recommendations: dict[str, list[str]] = field(default_factory=dict)  # id -> missing fields
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
                and not self.edition_texts)


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
        for context in STRING_KINDS:
            status.strings[context] = message_status(template, catalog, (context,))
        status.charts = _charts(project, code)
        status.recommendations = _recommendations(project, year, code)
        texts = declared.get(code)
        if texts is None:
            status.edition_texts = ["title", "subtitle"] + (["sample_notice"] if edition.meta.sample else [])
        else:
            status.edition_texts = [k for k in ("title", "subtitle", "sample_notice")
                                    if getattr(edition.meta, k) and not getattr(texts, k)]
        status.problems += found.items
        result.append(status)
    return result


def _charts(project: Project, lang: str) -> dict[str, list[str]]:
    """Missing fields of each chart spec's translation (the fields its English words use)."""
    out: dict[str, list[str]] = {}
    for cid, spec in sorted(project.charts.items()):
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
    return out


def _recommendations(project: Project, year: int, lang: str) -> dict[str, list[str]]:
    file = project.recommendation_files.get(year)
    if file is None:
        return {}
    out = {}
    for spec, _, _ in file.entries:
        tr = spec.translations.get(lang)
        out[spec.id] = [k for k in ("title", "text", "note") if getattr(spec, k) and not (tr and getattr(tr, k))]
    return out


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
        for context, kind in STRING_KINDS.items():
            ms = st.strings[context]
            extra = f", {len(ms.fuzzy)} to review (fuzzy)" if ms.fuzzy else ""
            lines.append(f"    {kind:<24} {ms.translated}/{ms.total} translated, {len(ms.missing)} missing{extra}")
            if context is None or verbose:
                for _, msgid in (ms.missing + ms.fuzzy)[: None if verbose else 8]:
                    lines.append(f"      {_short(msgid)}")
                more = len(ms.missing) + len(ms.fuzzy) - 8
                if context is None and not verbose and more > 0:
                    lines.append(f"      … and {more} more (--verbose lists them all)")
        done = sum(1 for m in st.charts.values() if not m)
        lines.append(f"  charts           {done}/{len(st.charts)} chart specs translated")
        for cid, missing in st.charts.items():
            if missing:
                lines.append(f"    {cid}: missing {', '.join(missing)}")
        if st.recommendations:
            done = sum(1 for m in st.recommendations.values() if not m)
            lines.append(f"  recommendations  {done}/{len(st.recommendations)} translated")
            incomplete = [rid for rid, m in st.recommendations.items() if m]
            if incomplete:
                shown = incomplete if verbose else incomplete[:6]
                lines.append(f"    missing  {', '.join(shown)}" + (" …" if len(shown) < len(incomplete) else ""))
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
    out += [(SERIES, info.label, f"sources/datasets/{ds.id}.yaml") for ds in project.datasets.values()
            for info in ds.meta.series.values()]
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
    for year, file in sorted(project.recommendation_files.items()):
        if file.head.mapping.note:
            out.append((RECOMMENDATIONS, file.head.mapping.note, f"sources/editions/{year}"))
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
