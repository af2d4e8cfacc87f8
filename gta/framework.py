"""WeProtect's frameworks as data: domains of numbered capabilities, with every source kept.

A framework file (``sources/frameworks/<id>.yaml``) lists domains, each with capabilities. The
Model National Response is complete as published in 2016; the Global Strategic Response is known
only in part, so its file says ``complete: false`` and everything that shows it must say so.

Recommendations cite a capability as ``<framework>:<number or slug>`` (``mnr:12``,
``mnr:csea-hotline``, ``gsr:increased-transparency``); :func:`capability` resolves such a
reference, and :meth:`Framework.suggest` finds the nearest one for "did you mean" hints.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from .errors import Problems, display_path
from .model import Confidence, Model, _check_id, read_validated
from .yamlio import line_of

# --- file format (validated at the boundary) -------------------------------------------------


class SourceSpec(Model):
    """Where the framework, or part of it, was seen."""

    id: str
    url: str  # an address, or a description of the source where it has none
    quote: str = ""  # the words that support what is recorded, as published
    note: str = ""
    confidence: Confidence | None = None


class FactSpec(Model):
    """One more thing known about the framework (dates, revisions, notes), with its provenance."""

    label: str
    value: str | int | list[str]
    confidence: Confidence | None = None
    note: str = ""
    source: str | None = None  # a source id of this framework


class CapabilitySpec(Model):
    """A capability as the file gives it; ``number`` where the framework numbers them."""

    number: int | None = None
    slug: str | None = None  # derived from the name when absent
    name: str
    description: str = ""  # empty where it is unknown, never guessed
    confidence: Confidence
    note: str = ""
    dated: str | None = None  # date on the page the capability was seen on
    source: str | None = None  # a source id of this framework


class DomainSpec(Model):
    """A group of capabilities (the MNR's sources also call them categories)."""

    number: int | None = None
    slug: str
    name: str
    outcome: str = ""
    note: str = ""
    confidence: Confidence | None = None
    capabilities: list[CapabilitySpec] = Field(min_length=1)

    _slug = field_validator("slug")(_check_id)


class FrameworkSpec(Model):
    """A whole framework file."""

    id: str
    name: str
    short_name: str
    title: str = ""  # the published document's full title
    publisher: str
    year: int | None = None
    complete: bool
    completeness_note: str = ""  # what is missing, shown wherever the framework is
    # languages its publisher publishes it in; in any other, the names shown are our own, unofficial, translation
    published_languages: list[str] = Field(default_factory=lambda: ["en"])
    sources: list[SourceSpec] = Field(min_length=1)
    facts: list[FactSpec] = Field(default_factory=list)
    domains: list[DomainSpec] = Field(min_length=1)

    _id = field_validator("id")(_check_id)


# --- what the rest of the builder uses --------------------------------------------------------


@dataclass(frozen=True)
class Source:
    id: str
    url: str
    quote: str = ""
    note: str = ""
    confidence: str | None = None


@dataclass(frozen=True)
class Fact:
    label: str
    value: str | int | tuple[str, ...]
    confidence: str | None = None
    note: str = ""
    source: str | None = None


@dataclass(frozen=True)
class Capability:
    """One capability; ``id`` is its number where it has one, else its slug."""

    framework: str  # framework id, e.g. "mnr"
    domain: str  # domain slug
    id: str
    number: int | None
    slug: str
    name: str
    description: str
    confidence: str
    note: str = ""
    dated: str | None = None
    source: str | None = None

    @property
    def ref(self) -> str:
        """The canonical reference, e.g. ``mnr:12``."""
        return f"{self.framework}:{self.id}"


@dataclass(frozen=True)
class Domain:
    framework: str
    id: str  # the slug
    number: int | None
    name: str
    slug: str
    outcome: str
    capabilities: tuple[Capability, ...]
    note: str = ""
    confidence: str | None = None


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    short_name: str
    title: str
    publisher: str
    year: int | None
    complete: bool
    completeness_note: str
    domains: tuple[Domain, ...]
    sources: tuple[Source, ...]
    facts: tuple[Fact, ...] = ()
    path: str = ""
    published_languages: tuple[str, ...] = ("en",)

    @property
    def capabilities(self) -> list[Capability]:
        return [c for d in self.domains for c in d.capabilities]

    def domain(self, slug: str) -> Domain:
        for d in self.domains:
            if d.slug == slug:
                return d
        raise KeyError(slug)

    def keys(self) -> dict[str, Capability]:
        """Every accepted local key (number and slug) → capability."""
        result: dict[str, Capability] = {}
        for c in self.capabilities:
            result[c.id] = c
            result[c.slug] = c
        return result

    def capability(self, ref: str) -> tuple[Framework, Domain, Capability]:
        """Resolve ``12``, ``csea-hotline`` or ``mnr:12`` within this framework, or raise ``KeyError``."""
        prefix, sep, key = ref.partition(":")
        if not sep:
            key = prefix
        elif prefix != self.id:
            raise KeyError(ref)
        cap = self.keys().get(key.strip())
        if cap is None:
            raise KeyError(ref)
        return self, self.domain(cap.domain), cap

    def suggest(self, key: str) -> str | None:
        """The nearest capability reference to a mistyped key, for a "did you mean" hint."""
        keys = self.keys()
        close = difflib.get_close_matches(key, list(keys), n=1, cutoff=0.6)
        return keys[close[0]].ref if close else None

    def numbers_text(self) -> str:
        numbers = sorted(c.number for c in self.capabilities if c.number is not None)
        return f"{numbers[0]}–{numbers[-1]}" if numbers else ""


def capability(frameworks: Mapping[str, Framework], ref: str) -> tuple[Framework, Domain, Capability]:
    """Resolve ``<framework>:<number or slug>`` across all frameworks, or raise ``KeyError``."""
    prefix, sep, _ = ref.partition(":")
    if not sep or prefix not in frameworks:
        raise KeyError(ref)
    return frameworks[prefix].capability(ref)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# --- loading ------------------------------------------------------------------------------------


def load_frameworks(root: Path, *, problems: Problems | None = None) -> dict[str, Framework]:
    """Load every ``sources/frameworks/*.yaml``; complete frameworks first, then by id.

    With ``problems`` given, problems are added to it and what is valid is returned; otherwise
    a :class:`GtaError` lists every error.
    """
    own = problems is None
    problems = Problems() if problems is None else problems
    found: dict[str, Framework] = {}
    for path in sorted((root / "sources" / "frameworks").glob("*.yaml")):
        fw = _load_framework(path, problems)
        if fw is not None:
            found[fw.id] = fw
    if own:
        problems.raise_if_errors()
    return dict(sorted(found.items(), key=lambda kv: (not kv[1].complete, kv[0])))


def _load_framework(path: Path, problems: Problems) -> Framework | None:
    read = read_validated(path, FrameworkSpec, problems)
    if read is None:
        return None
    raw, spec = read
    shown = display_path(path)
    if spec.id != path.stem:
        problems.add(path, line_of(raw, "id"), f"framework id '{spec.id}' differs from the file name",
                     f"name the file {spec.id}.yaml, or change the id")
    if not spec.complete and not spec.completeness_note:
        problems.add(path, line_of(raw, "complete"), "an incomplete framework needs a 'completeness_note'",
                     "say what is missing; the report shows it wherever the framework appears")
    source_ids = {s.id for s in spec.sources}
    for i, fact in enumerate(spec.facts):
        _check_source(fact.source, source_ids, path, line_of(raw, "facts", i, "source"), problems)
    seen_keys: dict[str, int | None] = {}
    domains: list[Domain] = []
    for di, dspec in enumerate(spec.domains):
        caps: list[Capability] = []
        for ci, cspec in enumerate(dspec.capabilities):
            line = line_of(raw, "domains", di, "capabilities", ci)
            slug = cspec.slug or slugify(cspec.name)
            cid = str(cspec.number) if cspec.number is not None else slug
            for key in dict.fromkeys((cid, slug)):
                if key in seen_keys:
                    problems.add(path, line, f"capability '{spec.id}:{key}' is declared twice",
                                 f"first on line {seen_keys[key]}; numbers and slugs must be unique in a framework")
                seen_keys[key] = line
            _check_source(cspec.source, source_ids, path, line, problems)
            caps.append(Capability(spec.id, dspec.slug, cid, cspec.number, slug, cspec.name, cspec.description,
                                   cspec.confidence, cspec.note, cspec.dated, cspec.source))
        domains.append(Domain(spec.id, dspec.slug, dspec.number, dspec.name, dspec.slug, dspec.outcome, tuple(caps),
                              dspec.note, dspec.confidence))
    if len({d.slug for d in domains}) != len(domains):
        problems.add(path, line_of(raw, "domains"), "two domains share a slug", "give each domain its own slug")
    return Framework(
        id=spec.id, name=spec.name, short_name=spec.short_name, title=spec.title, publisher=spec.publisher,
        year=spec.year, complete=spec.complete, completeness_note=spec.completeness_note, domains=tuple(domains),
        sources=tuple(Source(s.id, s.url, s.quote, s.note, s.confidence) for s in spec.sources),
        facts=tuple(Fact(f.label, tuple(f.value) if isinstance(f.value, list) else f.value, f.confidence, f.note,
                         f.source) for f in spec.facts),
        path=shown, published_languages=tuple(spec.published_languages),
    )


def _check_source(source: str | None, known: set[str], path: Path, line: int | None, problems: Problems) -> None:
    if source is not None and source not in known:
        close = difflib.get_close_matches(source, sorted(known), n=1)
        problems.add(path, line, f"unknown source '{source}'",
                     f"did you mean '{close[0]}'?" if close else "add it under 'sources:' in this file")


def describe(fw: Framework) -> dict[str, Any]:
    """A plain summary of a framework for templates and exports."""
    return {"id": fw.id, "name": fw.name, "short_name": fw.short_name, "complete": fw.complete,
            "completeness_note": fw.completeness_note, "n_domains": len(fw.domains),
            "n_capabilities": len(fw.capabilities)}
