"""Translation status: for each language, what is translated, missing or stale.

Used by ``gta translations``. Reads the sources only (no statistics are computed, nothing is
drawn), so it answers in a moment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GtaError, Problem, Problems, display_path
from ..sources import Project
from . import LANGUAGES, SOURCE_LANGUAGE, Language
from .catalog import RECOMMENDATIONS, STATISTIC, extract_template, load_catalog, message_status, po_path
from .chapters import ChapterVersion, check_translated_chapters, resolve_chapters
from .editions import languages_path, load_languages
from .tables import SERIES, TABLE

# Kinds of catalogue message, as the report names them.
STRING_KINDS = {None: "template strings", STATISTIC: "statistic labels", SERIES: "series labels",
                TABLE: "table titles and notes", RECOMMENDATIONS: "recommendation labels"}


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
    from ..chapters import find_calls
    from ..render import chapter_environment

    edition = project.editions[year]
    template = extract_template(project.root)
    codes = langs or [c for c in LANGUAGES if c != SOURCE_LANGUAGE]
    problems = Problems()
    declared = load_languages(edition, problems)
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
        status.chapters = resolve_chapters(edition, code, found)
        check_translated_chapters(status.chapters, english_calls, found)
        try:
            catalog = load_catalog(project.root, code)
        except GtaError as exc:
            found.extend(exc.problems)
            catalog = None
        status.catalogue = po_path(project.root, code) if catalog is not None else None
        for context in STRING_KINDS:
            status.strings[context] = message_status(template, catalog, (context,))
        status.charts = _charts(project, code, found)
        status.recommendations = _recommendations(project.root, year, code)
        texts = declared.get(code)
        if texts is None:
            status.edition_texts = ["title", "subtitle"] + (["sample_notice"] if edition.meta.sample else [])
        else:
            status.edition_texts = [k for k in ("title", "subtitle", "sample_notice")
                                    if getattr(edition.meta, k) and not getattr(texts, k)]
        status.problems += found.items
        result.append(status)
    return result


def _charts(project: Project, lang: str, problems: Problems) -> dict[str, list[str]]:
    """Missing fields of each chart spec's translation (the fields its English words use)."""
    from .charts import chart_translation

    out: dict[str, list[str]] = {}
    for cid, (path, raw) in sorted(project.figures.items()):
        if not isinstance(raw, dict):
            continue

        class _Spec:
            id = cid
            translations = raw.get("translations") or {}

        tr = chart_translation(_Spec, lang, problems, path)
        missing = [k for k in ("title", "subtitle") if raw.get(k) and not getattr(tr, k)]
        notes = raw.get("notes") or []
        if len(tr.notes) < len(notes):
            missing.append(f"notes ({len(tr.notes)} of {len(notes)})")
        if (raw.get("y") or {}).get("label") and not tr.y_label:
            missing.append("y_label")
        for year, english in (raw.get("breaks") or {}).items():
            t = tr.breaks.get(int(year))
            if t is None or not t.label or (isinstance(english, dict) and english.get("alt") and not t.alt):
                missing.append(f"breaks.{year}")
        if len(tr.annotations) < len(raw.get("annotations") or []):
            missing.append("annotations")
        if raw.get("alt") and not tr.alt:
            missing.append("alt")
        out[cid] = missing
    return out


def _recommendations(root: Path, year: int, lang: str) -> dict[str, list[str]]:
    from ..yamlio import load_yaml

    path = root / "sources" / "editions" / str(year) / "recommendations.yaml"
    if not path.is_file():
        return {}
    try:
        raw = load_yaml(path)
    except GtaError:
        return {}
    out = {}
    for item in (raw.get("recommendations") or []) if isinstance(raw, dict) else []:
        if not isinstance(item, dict) or "id" not in item:
            continue
        tr = (item.get("translations") or {}).get(lang) or {}
        out[str(item["id"])] = [k for k in ("title", "text", "note") if item.get(k) and not tr.get(k)]
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
