"""Translated chapters: which version of each chapter a language shows, and whether it can be trusted.

A translation lives in ``sources/editions/<year>/chapters/<lang>/<id>.md``. Its front matter gives
the translated ``title`` (and ``summary``) and ``source_hash``: the SHA-256 of the English chapter
file it was translated from. A chapter is then

- ``translated``: the file exists and its ``source_hash`` is the English file's current hash;
- ``stale``: the English file changed after the translation was made (the hashes differ);
- ``missing``: there is no translation.

Stale and missing chapters fall back to the English text, with a visible notice in the reader's
language; a stale translation is never shown silently. A current translation must use exactly the
statistics, charts, tables, references and cross-references of the English chapter: anything else
is an error at the translation's line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from ..chapters import find_calls
from ..errors import GtaError, Problem, Problems, display_path
from ..model import Model, validate
from ..sources import Chapter, EditionSource
from ..yamlio import line_of, parse_yaml, read_text

HASH_PATTERN = re.compile(r"^(sha256:)?[0-9a-f]{64}$")


class TranslatedChapterMeta(Model):
    """Front matter of a translated chapter."""

    title: str = Field(min_length=1)  # the chapter title in the language
    summary: str = ""  # the summary in the language (leave out if the English has none)
    standfirst: str = ""  # the lead paragraph under the title, in the language (if the English has one)
    source_hash: str  # sha256 of the English chapter file this was translated from
    translator: str = ""  # optional: who translated it (not shown in the report)
    # optional, and taken from the English chapter: given here, they must equal the English
    kind: str | None = None
    key_figure: str | None = None
    opener: bool | None = None

    @field_validator("source_hash")
    @classmethod
    def _hash(cls, value: str) -> str:
        if not HASH_PATTERN.match(value):
            raise ValueError("source_hash must be the 64 hex digits of the English file's SHA-256 "
                             "(`gta translations` prints it)")
        return value.removeprefix("sha256:")


@dataclass
class ChapterVersion:
    """The chapter a language shows, and why."""

    id: str
    english: Chapter
    status: str  # "source" (English edition), "translated", "stale" or "missing"
    chapter: Chapter  # what is rendered: the translation, or the English chapter as a fallback
    path: Path | None = None  # the translation file, when there is one
    recorded_hash: str = ""  # what the translation says it was made from
    current_hash: str = ""  # the English file's hash now

    @property
    def lang_of_text(self) -> str | None:
        """None when the text is in the edition's language; "en" for a fallback."""
        return "en" if self.status in ("stale", "missing") else None


def source_hash(path: Path) -> str:
    """The SHA-256 of a chapter file's bytes: what a translation records as its ``source_hash``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def translation_path(edition: EditionSource, lang: str, chapter_id: str) -> Path:
    return edition.dir / "chapters" / lang / f"{chapter_id}.md"


def resolve_chapters(edition: EditionSource, lang: str, problems: Problems) -> list[ChapterVersion]:
    """The version of every chapter of ``edition`` that ``lang`` shows; problems are recorded, not raised."""
    versions = []
    for english in edition.chapters:
        if lang == "en":
            versions.append(ChapterVersion(english.id, english, "source", english))
            continue
        current = source_hash(english.path)
        path = translation_path(edition, lang, english.id)
        if not path.is_file():
            versions.append(ChapterVersion(english.id, english, "missing", english, current_hash=current))
            continue
        loaded = load_translated_chapter(english, path, problems)
        if loaded is None:
            versions.append(ChapterVersion(english.id, english, "missing", english, path, current_hash=current))
            continue
        chapter, meta = loaded
        try:  # NOTE: a translation is untrusted data like any chapter, current or stale: check its syntax now
            find_calls(chapter)
        except GtaError as exc:
            problems.extend(exc.problems)
            versions.append(ChapterVersion(english.id, english, "missing", english, path, current_hash=current))
            continue
        status = "translated" if meta.source_hash == current else "stale"
        versions.append(ChapterVersion(english.id, english, status, chapter if status == "translated" else english,
                                       path, meta.source_hash, current))
    return versions


def load_translated_chapter(english: Chapter, path: Path, problems: Problems) -> tuple[Chapter, Any] | None:
    """Read a translated chapter as a :class:`Chapter` with the English chapter's kind."""
    try:
        text = read_text(path)
    except GtaError as exc:
        problems.extend(exc.problems)
        return None
    if not text.startswith("---\n") or (end := text.find("\n---\n", 4)) < 0:
        problems.add(path, 1, "translated chapter has no front matter",
                     "start with '---', 'title: ...', 'source_hash: ...', '---' (see docs/translations.md)")
        return None
    try:
        raw = parse_yaml(text[4:end + 1], path)
    except GtaError as exc:
        problems.extend(Problem(p.path, (p.line or 0) + 1, p.message, p.hint, p.severity) for p in exc.problems)
        return None
    meta = validate(TranslatedChapterMeta, raw, display_path(path), problems)
    if meta is None:
        return None
    for key in ("kind", "key_figure", "opener"):
        mine, theirs = getattr(meta, key), getattr(english.meta, key)
        if mine is not None and mine != theirs:
            problems.add(path, (line_of(raw, key) or 0) + 1, f"{key} '{mine}' differs from the English "
                         f"chapter's '{theirs}'", f"leave '{key}' out: the English chapter decides it")
    # NOTE: the English standfirst is never shown above translated text; without its own, the summary stands in
    chapter_meta = english.meta.model_copy(update={"title": meta.title, "summary": meta.summary,
                                                   "standfirst": meta.standfirst})
    body_line = text[: end + 5].count("\n") + 1
    return Chapter(english.id, path, chapter_meta, text[end + 5:], body_line), meta


def check_translated_chapters(versions: list[ChapterVersion], english_calls: dict[str, list[Any]],
                              problems: Problems) -> None:
    """Every current translation among ``versions`` names what its English chapter names."""

    for version in versions:
        if version.status != "translated":
            continue
        try:
            calls = find_calls(version.chapter)
        except GtaError as exc:
            problems.extend(exc.problems)
            continue
        check_same_references(version, english_calls.get(version.id, []), calls, problems)


def check_same_references(version: ChapterVersion, english_calls: list[Any], translated_calls: list[Any],
                          problems: Problems) -> None:
    """A current translation names exactly what the English chapter names (statistics, charts, tables...)."""
    def keys(calls: list[Any]) -> dict[tuple[str, str], Any]:
        found: dict[tuple[str, str], Any] = {}
        for call in calls:
            found.setdefault((call.function, call.name), call)
        return found

    english, translated = keys(english_calls), keys(translated_calls)
    path = version.path or version.chapter.path
    for key, call in translated.items():
        if key not in english:
            problems.add(path, call.line, f"{key[0]}(\"{key[1]}\") is not in the English chapter",
                         f"a translation uses the same references as {display_path(version.english.path)}; "
                         "remove it, or add it to the English chapter first")
    for key, call in english.items():
        if key not in translated:
            problems.add(path, None, f"{key[0]}(\"{key[1]}\") of the English chapter (line {call.line}) is missing "
                         "from the translation", "translate the sentence that uses it, keeping the call as written")
